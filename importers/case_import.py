"""Case-data import: a table plus an import specification -> entities and relations in one transaction.

The work is column-wise where it can be (pandas): each distinct value of a column is
normalised once (a 1,000,000-row export mentions a few thousand cases, postcodes and
dates), and rows are then assembled from the normalised columns. Records get stable ids
from their identity, so the same company or address from two files is one entity, and
importing the same file twice changes nothing.

A bad value stops the import with an error naming file, row (as in Excel), column and
value, and nothing is written; or, when the analyst gives a reject file, the bad rows go
there with the reason and the rest is imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, islice
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd

from graph import identifiers
from graph.errors import KnooppuntError, ValidationError
from graph.prepared import RelationRows, follow_moved, relation_rows, upsert_rows
from graph.prepared_entities import (
    EntityRows,
    entity_rows,
    entity_rows_of_columns,
    join_rows,
    keep_legacy_ids,
    store_entity_rows,
)
from graph.risk import branches_for
from graph.schema import PropertySpec, Schema, type_prefix
from graph.store import Store, UpsertStats
from graph.stores.records import file_part, made_props, packed_prefix, props_forms
from graph.text import counted
from importers import case_pipeline
from importers.activity import bulk_load, cyclic_gc_paused, import_transaction
from importers.addresses import common_address, format_address, house_parts, is_whole_address, parse_address
from importers.budget import ADDRESS_ENTRY_BYTES, IMPORT_CACHE_BYTES, VALUE_ENTRY_BYTES, ImportBudget
from importers.errors import ImportDataError
from importers.limits import DEFAULT_LIMITS, Limits
from importers.network_files import is_network_file, read_network_ties
from importers.networks import NetworkNotes
from importers.spec import (
    ColumnMap,
    EntityMap,
    ImportSpec,
    RelationMap,
    TableSpec,
)
from importers.tables import (
    EXCEL_SUFFIXES,
    PAJEK_SUFFIXES,
    Chunk,
    excel_sheets,
    read_csv_chunks,
    read_excel_sheet,
)

Progress = Callable[[int], None]
MAX_LISTED_ERRORS = 20  # a dry run lists this many bad rows (and counts them all)
# Distinct values a column remembers across chunks (a chunk factorises its own): bounded, so a
# million-row file with 250,000 addresses keeps memory flat (500,000 held ~250 MB at 1M rows). Small:
# a column of few values (dates, categories) stays cached, one of many distinct values (names,
# addresses) starts afresh each chunk; re-reading them costs ~2% of the time, while 100,000 kept
# entries pinned freed chunk memory (pymalloc arenas) and cost ~30 MiB of peak (bench_bulk_memory).
CACHE_VALUES = 10_000
# Distinct address texts a free-text address column remembers across chunks (its newest) are bounded in
# bytes, by the import's budget (importers.budget): parsing one costs ~20 us, so a narrow 1M-row file
# (250,000 addresses, ~45,000 a chunk) that parsed each chunk's afresh spent ~13% of its CPU there, and
# one that kept the newest 100,000 still 8%; a fixed 250,000 put a wide 1M import over 600 MiB. The mapping
# child of a two-process import has half the budget and the storer's digests charged to it: at 1M narrow rows its
# room fell from 219,000 texts to 64,000 and it parsed 524,000 texts, 11 of its 45 CPU s before the common
# notation was read straight into the parts (`common_address`: ~4 us a text, not ~16), 5 of 35 s since.
# Distinct texts a date column remembers (its newest): every day of a century and more. Birth dates spread over
# 60 years (~22,000 days, ~20,000 a chunk of a narrow table) went over CACHE_VALUES and were read afresh each chunk;
# short texts (~170 bytes an entry with the ISO date), at most ~7 MB a column, counted in the budget like the others.
DATE_CACHE_VALUES = 40_000
SENT_MAX = 4_000_000  # records an import remembers having handed the store (8 B each, see _Sent; 8M: over 600 MiB)
KNOWN_MAX = 2_000_000  # entities whose key an import remembers by input digest (16 bytes each, see _Known)
# Records a chunk may make (rows x the spec's entity and relation maps): a wide table's chunk holds fewer
# rows, so that one chunk's records (the peak of a large import's memory) weigh what a narrow one's do.
# 11 maps (meldingen): 27,000 rows a chunk, ~110 MiB less peak at 1M rows than 50,000 (bench_bulk_memory).
CHUNK_RECORDS = 300_000
# Records a chunk may make when two processes share the work (importers.case_pipeline): each holds a chunk of its
# own (the child the one it maps, the parent the one it stores), so half a chunk each keeps the two near one
# process's peak (wide 1M rows: 390 + 346 MiB with CHUNK_RECORDS, 355 + 287 with half, 377 + 267 with a quarter
# and 5% more CPU). More chunks also overlap better: the first is mapped while nothing is stored, the last
# stored alone.
PIPELINE_CHUNK_RECORDS = CHUNK_RECORDS // 2
# The child's caches (address texts, what it handed) when two processes share the work: half of one process's
# budget, as the storer keeps its own keys and digests beside it (wide 1M rows: child 285 -> 246 MiB, the two
# together were 633 MiB with the whole budget each, over the 600 MiB limit; CPU the same within the noise).
PIPELINE_CACHE_BYTES = IMPORT_CACHE_BYTES // 2
# The child's first chunk of a CSV is an eighth of the others, the next ones twice the one before: the parent
# waits for the first with nothing to store, then stores each while the next is mapped (it waited 1.6-2.4 s
# of a 5-17 s import of 100,000 rows, bench_bulk --quick, with chunks all alike).
PIPELINE_FIRST_PART = 8
CSV_BYTES_PER_RECORD = 20  # a case table row of ~200 bytes makes ~10 records: sizes the bulk path
_ISO_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")
_ADDRESS_PARTS = ("street", "house_number", "house_letter", "house_number_addition", "postcode", "city",
                  "po_box", "country", "postal_code")


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@dataclass(slots=True, eq=False)
class _Bad:
    """A value that failed normalisation; carries the reason to the row that uses it."""

    message: str


@dataclass(slots=True)
class ImportResult:
    """What an import did (or, for a dry run, would do)."""

    file: str
    dry_run: bool = False
    rows: int = 0
    rejected: int = 0
    entities: UpsertStats = field(default_factory=UpsertStats)
    relations: UpsertStats = field(default_factory=UpsertStats)
    records_by_type: Counter[str] = field(default_factory=Counter)
    reject_file: str | None = None
    errors: list[str] = field(default_factory=list)  # dry run: the first bad rows, located
    warnings: list[str] = field(default_factory=list)  # what the analyst must know (one entity per row, ...)

    def summary(self) -> list[dict[str, Any]]:
        """Rows for `emit_rows`: new / merged / unchanged per kind, and rejected rows."""
        e, r = self.entities, self.relations
        return [{"what": "entities", "new": e.created, "merged": e.updated, "unchanged": e.unchanged},
                {"what": "relations", "new": r.created, "merged": r.updated, "unchanged": r.unchanged},
                {"what": "rows", "new": self.rows - self.rejected, "merged": "", "unchanged": "",
                 "rejected": self.rejected}]


def _add(total: UpsertStats, part: UpsertStats) -> None:
    part.ids.clear()  # a million ids are not worth their memory here
    total.add(part)


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)


# -- column normalisers ----------------------------------------------------------------------------------
class _Column:
    """Normalises one mapped column: each distinct raw value once, then broadcast to the rows."""

    def __init__(self, cmap: ColumnMap, spec: PropertySpec | None, default_date: str, kind: str = "property",
                 limits: Limits = DEFAULT_LIMITS):
        self.cmap = cmap
        self.spec = spec
        self.kind = kind
        self.limits = limits
        self.is_name = spec is not None and spec.type == "name"
        self.is_date = kind == "date" or (spec is not None and spec.type == "date")
        self.date_format = cmap.date_format or default_date
        self.cache: dict[str, Any] = {}
        self.constant: Any = None
        if cmap.value is not None:
            self.constant = self.one(str(cmap.value))
            if isinstance(self.constant, _Bad):
                raise KnooppuntError(f"import specification: constant value {cmap.value!r}: {self.constant.message}")

    def _scalar(self, text: str) -> Any:
        if self.is_date:
            return _date(text, self.date_format)
        if self.spec is None:
            return " ".join(text.split())
        return self.spec.normalise(text)

    def one(self, raw: str) -> Any:
        """Canonical value of one cell: None (empty), a value, a tuple (multi) or _Bad (malformed)."""
        problem = self.limits.problem(raw, is_name=self.is_name)
        if problem is not None:
            return _Bad(problem)
        text = raw.strip()
        if self.cmap.map is not None and text:
            mapped = self.cmap.map.get(text.casefold())
            if mapped is None and self.cmap.default is None:
                return _Bad(f"{text!r} is not one of {', '.join(self.cmap.map)}")
            text = mapped if mapped is not None else str(self.cmap.default)
        if not text:
            if self.cmap.default is None:
                return None
            text = str(self.cmap.default)
        try:
            if self.cmap.split:
                values = [self._scalar(p) for p in text.split(self.cmap.split) if p.strip()]
                return tuple(sorted(set(values), key=str)) or None
            value = self._scalar(text)
        except ValidationError as exc:
            return _Bad(str(exc))
        if self.spec is not None and self.spec.multi:
            return (value,)
        return value

    def values(self, frame: pd.DataFrame) -> np.ndarray:
        """The canonical value of every row, as an object array (factorised: one call per distinct value)."""
        n = len(frame)
        if self.cmap.column is None:
            return _constant(self.constant, n)
        return _broadcast(frame[self.cmap.column], self.cache, self.one, DATE_CACHE_VALUES if self.is_date else None)


def _broadcast(series: pd.Series, cache: dict[str, Any], fn: Callable[[str], Any],
               limit: int | None = None) -> np.ndarray:
    """The values of `fn` over a column, each distinct raw value once (the cache keeps them across chunks).

    Past CACHE_VALUES the cache is dropped; with `limit` only its oldest entries are, so that it keeps
    the newest `limit` (a column whose values cost much to read again: addresses)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    mapped = np.empty(len(uniques), dtype=object)
    set_ = np.zeros(len(uniques), dtype=bool)
    bad = np.zeros(len(uniques), dtype=bool)
    for j, raw in enumerate(uniques.tolist()):  # a list: iterating a pandas Index of texts costs ~0.16 us a value
        value = cache.get(raw, _MISSING)
        if value is _MISSING:
            value = cache[raw] = fn(raw)
        mapped[j] = value
        if value.__class__ is _Bad:
            bad[j] = True
        elif value is not None:
            set_[j] = True
    if limit is not None and len(cache) > limit:
        for raw in list(islice(cache, len(cache) - limit)):
            del cache[raw]
    elif limit is None and len(cache) > CACHE_VALUES:  # a column of mostly distinct values (names): keep memory bounded
        cache.clear()
    out = mapped[codes]
    _masks()[id(out)] = (out, set_[codes], bad[codes], codes, mapped)
    return out


def _constant(value: Any, n: int) -> np.ndarray:
    """`value` on every row, with its masks (`_masks`): `_is_set`/`_is_bad` need not look at each row."""
    out = np.empty(n, dtype=object)
    out.fill(value)
    codes = np.zeros(n, dtype=np.intp)
    mapped = np.empty(1, dtype=object)
    mapped[0] = value
    bad = value.__class__ is _Bad
    _masks()[id(out)] = (out, np.full(n, value is not None and not bad), np.full(n, bad), codes, mapped)
    return out


_local = threading.local()


def _masks() -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Masks of the arrays _broadcast made, by array identity (the array is kept alive with them),
    so `_is_set`/`_is_bad` need not look at every row again. Per thread; cleared per chunk."""
    if not hasattr(_local, "masks"):
        _local.masks = {}
    masks: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = _local.masks
    return masks


_MISSING = object()


_DMY = re.compile(r"([0-9]{2})-([0-9]{2})-([0-9]{4})")


def _date(text: str, fmt: str) -> str:
    """ISO date from `fmt` (strftime) or, with `auto`, from any form graph.identifiers accepts."""
    if fmt == "auto" or _ISO_PREFIX.match(text):  # Excel date cells arrive ISO whatever the format
        return identifiers.date(text)
    if fmt == "%d-%m-%Y":  # the Dutch `dd-mm-jjjj`, read without strptime (~8x faster; a column of birth
        m = _DMY.fullmatch(text)  # dates has ~20,000 distinct values a chunk)
        if m is not None:
            try:
                return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
            except ValueError:
                pass  # strptime says why, as for any other text
    try:
        return dt.datetime.strptime(text, fmt).date().isoformat()
    except ValueError:
        raise ValidationError(f"date {text!r} does not match the format {fmt}", value=text) from None


class _AddressColumn:
    """A free-text address column, parsed once per distinct address.

    A text that does not identify a place (`Almelo`, `Hoofdstraat, Almelo`: no postcode +
    house number, PO box or street + number + city) makes no Address: every person "in
    Almelo" would otherwise share one. Such texts are counted in `partial` for the warning.
    """

    def __init__(self, cmap: ColumnMap, limits: Limits = DEFAULT_LIMITS, budget: ImportBudget | None = None,
                 sharers: int = 1):
        self.cmap = cmap
        self.limits = limits
        self.budget = budget or ImportBudget()
        self.sharers = sharers  # address columns sharing the budget's room
        self.cache: dict[str, Any] = {}
        self.partial: list[str] = []  # the first few, for the warning
        self.partial_count = 0

    def one(self, raw: str) -> Any:
        """The parts of one address text: a dict, None (empty or not a whole address) or _Bad."""
        problem = self.limits.problem(raw)
        if problem is not None:
            return _Bad(problem)
        text = raw.strip()
        if not text:
            return None
        try:
            props = parse_address(text).properties()
        except ValidationError as exc:
            return _Bad(str(exc))
        if not is_whole_address(props):
            self.partial_count += 1
            if len(self.partial) < 3:
                self.partial.append(text)
            return None
        return props

    def packed(self, raw: str) -> Any:
        """`one` as a tuple of the parts in `_PACKED` order: what the cache keeps (a third of a dict's
        weight; the texts many addresses share, a street or a city, held once). The common notation is read
        straight into the tuple (`common_address`: a third of the time, no ParsedAddress nor dict between)."""
        text = raw.strip()
        if text and raw.__class__ is str and self.limits.problem(raw) is None:
            common = common_address(text)
            if common is not None:
                (street, number, letter, postcode, city), spelled = common
                return (_intern(street), number, _intern(letter), None, _intern(postcode), _intern(city), None, None,
                        None, raw if spelled == raw else spelled)
        props = self.one(raw)
        if props.__class__ is not dict:
            return props
        full = props.get("full")
        # the text itself when it is already spelled canonically (most exports): the key holds it, no copy
        return (*(_intern(props.get(part)) for part in _ADDRESS_PARTS), raw if full == raw else full)

    def values(self, frame: pd.DataFrame) -> np.ndarray:
        """Every row's address parts (`packed`), each distinct text parsed once."""
        assert self.cmap.column is not None
        return _broadcast(frame[self.cmap.column], self.cache, self.packed,
                          self.budget.room(ADDRESS_ENTRY_BYTES, self.sharers))


_PACKED = (*_ADDRESS_PARTS, "full")


def _intern(value: Any) -> Any:
    return sys.intern(value) if value.__class__ is str and len(value) < 40 else value


def _is_bad(values: np.ndarray) -> np.ndarray:
    known = _masks().get(id(values))
    if known is not None and known[0] is values:
        return known[2]
    return np.fromiter((v.__class__ is _Bad for v in values), dtype=bool, count=len(values))


def _is_set(values: np.ndarray) -> np.ndarray:
    """Has a usable value: not None and not malformed."""
    known = _masks().get(id(values))
    if known is not None and known[0] is values:
        return known[1]
    return np.fromiter((v is not None and v.__class__ is not _Bad for v in values), dtype=bool, count=len(values))


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _unique_rows(columns: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(first position of each distinct row, the distinct row of every position) over object columns.

    Hash-based and linear: the columns' factorised codes are folded into one key column by
    column, re-factorised after each step so the combined key never overflows.
    """
    key: np.ndarray | None = None
    for column in columns:
        codes = pd.factorize(column, use_na_sentinel=False)[0].astype(np.int64)
        key = codes if key is None else pd.factorize(key * (int(codes.max(initial=0)) + 1) + codes)[0]
    assert key is not None
    inverse = key.astype(np.int64)
    count = int(inverse.max(initial=-1)) + 1
    first = np.empty(count, dtype=np.int64)
    first[inverse[::-1]] = np.arange(len(inverse) - 1, -1, -1)  # the earliest position wins
    return first, inverse


_PLAIN = {str, type(None)}
_MIX = np.uint64(0x100000001B3)  # an odd multiplier: each step of the fold below is a bijection


def _digests(salt: Any, columns: list[np.ndarray], first: list[Any] | None = None) -> list[int] | None:
    """A 64-bit digest per row of object columns (after `first`, hashable values): salt, each column folded
    in. Texts and None by Python's hash (a text keeps its hash: faster than pandas' hash_array); other values
    with their class, so that 1, 1.0 and True differ. None when a value cannot be hashed (a list, a dict).
    Only compared within one import (the hash of a text differs between processes), never stored."""
    n = len(columns[0]) if columns else len(first or ())
    h = np.full(n, hash(salt) & 0xFFFF_FFFF_FFFF_FFFF, dtype=np.uint64)
    if first is not None:  # texts or tuples of texts (a reference's file part)
        h ^= np.fromiter((hash((v.__class__, v)) for v in first), dtype=np.int64, count=n).view(np.uint64)
    for values in columns:
        plain = values.tolist()
        typed = plain if set(map(type, plain)) <= _PLAIN else _hashable(plain)
        if typed is None:
            return None
        x = np.fromiter(map(hash, typed), dtype=np.int64, count=n).view(np.uint64)
        h = (h * _MIX) ^ x
    out: list[int] = h.view(np.int64).tolist()
    return out


def _hashable(values: list[Any]) -> list[Any] | None:
    """The values with their class (1, 1.0 and True are equal keys), None when one cannot be hashed."""
    out = []
    for v in values:
        if v.__class__ is tuple:
            v = tuple((x.__class__, x) for x in v)
        out.append((v.__class__, v))
    try:
        hash(tuple(out))
    except TypeError:
        return None
    return out


def _says(what: Any) -> Callable[[int], Any]:
    """The same message (or value) for every row."""
    return lambda i: what


# -- the mapper -----------------------------------------------------------------------------------------
@dataclass(slots=True)
class _EntityColumns:
    """Phase 1's result per entity key: normalised property columns, rows that make it, validity columns."""

    values: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    present: dict[str, np.ndarray] = field(default_factory=dict)
    validity: dict[str, tuple[np.ndarray | None, np.ndarray | None]] = field(default_factory=dict)


@dataclass(slots=True)
class _RelationColumns:
    """Phase 1's result per relation map: type, end keys, active rows, property and validity columns."""

    map: RelationMap
    types: np.ndarray
    src_key: np.ndarray
    dst_key: np.ndarray
    active: np.ndarray
    props: dict[str, np.ndarray]
    valid_from: np.ndarray | None
    valid_to: np.ndarray | None


def _keep(checks: list[_Check], check: _Check | None) -> None:
    if check is not None:
        checks.append(check)


def _canonical_house_parts(cols: dict[str, np.ndarray]) -> None:
    """Letter and addition by the one rule of importers.addresses.house_parts (per distinct pair)."""
    if "house_letter" not in cols and "house_number_addition" not in cols:
        return
    n = len(next(iter(cols.values())))
    none = np.full(n, None, dtype=object)
    letters = cols.get("house_letter", none)
    additions = cols.get("house_number_addition", none)
    first, inverse = _unique_rows([letters, additions])
    pairs = [house_parts(*(None if v.__class__ is _Bad else v for v in (letters[j], additions[j])))
             for j in first.tolist()]
    bad_l, bad_a = _is_bad(letters), _is_bad(additions)
    new_l = np.array([p[0] for p in pairs], dtype=object)[inverse]
    new_a = np.array([p[1] for p in pairs], dtype=object)[inverse]
    cols["house_letter"] = np.where(bad_l, letters, new_l)
    cols["house_number_addition"] = np.where(bad_a, additions, new_a)


@dataclass(slots=True)
class _RowError:
    row: int
    field: str | None
    value: Any
    message: str


@dataclass(slots=True)
class _Check:
    """A per-row condition that rejects the row; the message and value are built only for a bad row."""

    mask: np.ndarray
    column: str | None
    message: Callable[[int], str]
    value: Callable[[int], Any]


class TableMapper:
    """Turns chunks of one table into entities and relations according to a TableSpec.

    Column-wise: every mapped column is normalised per distinct value; checks are boolean
    masks; entities and relations are made once per distinct record in the chunk (a case
    on 500 rows is one Entity object), so Python work scales with distinct records.
    """

    def __init__(self, schema: Schema, spec: ImportSpec, table: TableSpec, file: Path, received: str):
        self.schema = schema
        self.spec = spec
        self.table = table
        self.file = file
        self.received = received
        self.sheet_tag = f"{file.name}" + (f"[{table.sheet}]" if table.sheet else "")
        self.per_row = table.per_row_entities(schema)  # keys that make a new entity for every row
        self.self_ties: list[int] = []  # rows whose relation starts and ends at one entity (kept, reported)
        self.made: Counter[str] = Counter()  # entities made per key in the last chunk
        self.known_rows = 0  # entities of the last chunk an earlier one handed the store (`_Known`): not made
        self.inputs: list[int | None] = []  # the input digest of each entity row of the last chunk
        self.known_relations = 0  # relations of the last chunk an earlier one handed the store: not made
        self.relation_inputs: list[int | None] = []  # the input digest of each relation row of the last chunk
        self.rel_seen: dict[int, int] = {}  # chunks that digested a relation map's relations; -1: no more
        self.sent = _Sent()  # what earlier chunks handed the store
        self.rows_related: Counter[int] = Counter()  # rows that made each relation map's relation, all chunks
        self.entity_cols: dict[str, dict[str, _Column]] = {}
        self.address_cols: dict[str, _AddressColumn] = {}
        self.validity_cols: dict[str, tuple[_Column | None, _Column | None]] = {}
        self.budget = ImportBudget()  # what this table's import keeps between chunks (`charge` the store's)
        self.budget.charge(self.sent.nbytes)
        addressed = sum(em.address is not None for em in table.entities.values())
        for key, em in table.entities.items():
            et = schema.entities[em.type]
            self.entity_cols[key] = {p: _Column(c, et.properties[p], spec.date_format, limits=spec.limits)
                                     for p, c in em.properties.items()}
            if em.address is not None:
                self.address_cols[key] = _AddressColumn(em.address, spec.limits, self.budget, addressed)
            self.validity_cols[key] = self._validity(em.valid_from, em.valid_to)
        self.rel_cols: list[tuple[RelationMap, _Column, dict[str, _Column], tuple[_Column | None, _Column | None]]] = []
        for rm in table.relations:
            possible = [rm.type.value] if rm.type.value else [*(rm.type.map or {}).values()]
            specs: dict[str, PropertySpec] = {}
            for t in possible:
                if t in schema.relations:
                    specs.update(schema.relations[t].properties)
            type_col = _Column(rm.type, None, spec.date_format, kind="text", limits=spec.limits)
            prop_cols = {p: _Column(c, specs.get(p), spec.date_format, limits=spec.limits)
                         for p, c in rm.properties.items()}
            self.rel_cols.append((rm, type_col, prop_cols, self._validity(rm.valid_from, rm.valid_to)))
        columns = list(self._value_columns())  # not `self` in the closure: no cycle keeps a mapper alive
        self.budget.charge(lambda: VALUE_ENTRY_BYTES * sum(len(c.cache) for c in columns))

    def _value_columns(self) -> Iterator[_Column]:
        """Every plain column (their caches count against the budget)."""
        for cols in self.entity_cols.values():
            yield from cols.values()
        for _, tcol, pcols, validity in self.rel_cols:
            yield tcol
            yield from pcols.values()
            yield from (c for c in validity if c is not None)
        for validity in self.validity_cols.values():
            yield from (c for c in validity if c is not None)

    def _validity(self, vf: ColumnMap | None, vt: ColumnMap | None) -> tuple[_Column | None, _Column | None]:
        return (None if vf is None else _Column(vf, None, self.spec.date_format, kind="date", limits=self.spec.limits),
                None if vt is None else _Column(vt, None, self.spec.date_format, kind="date", limits=self.spec.limits))

    def check_columns(self, frame: pd.DataFrame, sheet: str | None) -> None:
        missing = sorted(self.table.columns() - set(frame.columns))
        if missing:
            hint = ("; the header splits on spaces: set `csv: {delimiter: whitespace}` in the specification"
                    if len(frame.columns) == 1 and len(str(frame.columns[0]).split()) > 1 else "")
            raise ImportDataError(f"column {missing[0]!r} named in the import specification is not in the file "
                                  f"(columns: {', '.join(map(str, frame.columns))}){hint}", file=self.file,
                                  row=self.table.header_row, field=missing[0], sheet=sheet)

    # -- checks ----------------------------------------------------------------------------------------------
    @staticmethod
    def _bad_check(values: np.ndarray, column: str | None, frame: pd.DataFrame,
                   where: np.ndarray | None = None) -> _Check | None:
        bad = _is_bad(values)
        if where is not None:
            bad &= where
        if not bad.any():
            return None
        return _Check(bad, column, lambda i: values[i].message,
                      lambda i: frame[column].iat[i] if column else None)

    def map_chunk(self, chunk: Chunk, on_error: Callable[[_RowError, pd.DataFrame, int], None]
                  ) -> tuple[EntityRows, RelationRows, Counter[str]]:
        """Entities and relations of a chunk (one row per distinct record); bad rows go to `on_error`."""
        _masks().clear()
        try:
            return self._map_chunk(chunk, on_error)
        finally:
            _masks().clear()

    def _map_chunk(self, chunk: Chunk, on_error: Callable[[_RowError, pd.DataFrame, int], None]
                   ) -> tuple[EntityRows, RelationRows, Counter[str]]:
        """The three phases: normalise columns (checks as masks), reject bad rows, build the records."""
        frame = chunk.frame.reset_index(drop=True)
        checks: list[_Check] = []
        ents = self._normalise_entities(frame, checks)
        rels = self._normalise_relations(frame, ents, checks)
        ok = self._reject_bad_rows(frame, chunk, checks, on_error)
        return self._build_records(chunk, frame, ents, rels, ok)

    # -- phase 1: columns, normalised; checks as masks -------------------------------------------------------
    def _normalise_entities(self, frame: pd.DataFrame, checks: list[_Check]) -> _EntityColumns:
        """Every entity's property columns, which rows make it, its validity; bad values become checks."""
        n = len(frame)
        out = _EntityColumns()
        for key, em in self.table.entities.items():
            cols: dict[str, np.ndarray] = {}
            has = np.zeros(n, dtype=bool)
            for p, col in self.entity_cols[key].items():
                values = col.values(frame)
                cols[p] = values
                _keep(checks, self._bad_check(values, col.cmap.column, frame))
                if col.cmap.column is not None:
                    is_set = _is_set(values)
                    has |= is_set
                    if col.cmap.required:
                        _keep(checks, _Check(~is_set & ~_is_bad(values), col.cmap.column,
                                             _says(f"{p} is required"), _says(None)))
            if key in self.address_cols:
                has |= self._address_parts(key, frame, cols, checks)
            if em.type == "Address":
                _canonical_house_parts(cols)
            if em.required:
                _keep(checks, _Check(~has, None, _says(self._makes_none(key, em.type)), _says(None)))
            vf_col, vt_col = self.validity_cols[key]
            vf, vt = self._validity_values(vf_col, vt_col, frame, None, checks)
            if vf is not None and vt is not None:
                _keep(checks, self._order_check(vf, vt, vt_col, has, frame))
            out.values[key], out.present[key], out.validity[key] = cols, has, (vf, vt)
        return out

    def _makes_none(self, key: str, etype: str) -> str:
        """Why a required entity is missing, by the type and the columns the analyst left empty (the spec's
        key and the type code read "the row makes no person (Person)")."""
        maps = [c.cmap for c in self.entity_cols[key].values()]
        if key in self.address_cols:
            maps.append(self.address_cols[key].cmap)
        cols = list(dict.fromkeys(m.column for m in maps if m.column is not None))
        if len(cols) > 1:
            return f"the row makes no {etype} (columns {', '.join(cols[:-1])} and {cols[-1]} are empty)"
        return f"the row makes no {etype} (column {cols[0]} is empty)" if cols else f"the row makes no {etype}"

    def _address_parts(self, key: str, frame: pd.DataFrame, cols: dict[str, np.ndarray],
                       checks: list[_Check]) -> np.ndarray:
        """A free-text address column split into its parts (an explicit part column wins); rows it reads."""
        acol = self.address_cols[key]
        parsed = acol.values(frame)
        _keep(checks, self._bad_check(parsed, acol.cmap.column, frame))
        _, _, _, codes, uniques = _masks()[id(parsed)]
        none = (None,) * len(_PACKED)
        by_part = list(zip(*(t if t.__class__ is tuple else none for t in uniques), strict=True)) or [()] * len(_PACKED)
        for part, unique_values in zip(_PACKED, by_part, strict=True):
            column = np.empty(len(uniques), dtype=object)
            column[:] = unique_values
            part_values = column[codes]
            if part in cols:
                explicit = cols[part]
                cols[part] = np.where(_is_set(explicit), explicit, part_values)
            else:  # a part is never malformed (a bad text has no parts): its masks are the distinct values'
                _masks()[id(part_values)] = (part_values, (column != None)[codes], np.zeros(len(codes), dtype=bool),  # noqa: E711
                                             codes, column)
                cols[part] = part_values
        return _is_set(parsed)

    def _validity_values(self, vf_col: _Column | None, vt_col: _Column | None, frame: pd.DataFrame,
                         where: np.ndarray | None, checks: list[_Check]
                         ) -> tuple[np.ndarray | None, np.ndarray | None]:
        vf = vf_col.values(frame) if vf_col is not None else None
        vt = vt_col.values(frame) if vt_col is not None else None
        for c, v in ((vf_col, vf), (vt_col, vt)):
            if c is not None and v is not None:
                _keep(checks, self._bad_check(v, c.cmap.column, frame, where))
        return vf, vt

    def _normalise_relations(self, frame: pd.DataFrame, ents: _EntityColumns, checks: list[_Check]
                             ) -> list[_RelationColumns]:
        """Per relation map: its type, ends (the first entity the row has), properties and validity per row."""
        n = len(frame)
        rels: list[_RelationColumns] = []
        for rm, tcol, pcols, (vf_col, vt_col) in self.rel_cols:
            src_key = self._first_present(rm.sources, ents.present, n)
            dst_key = self._first_present(rm.targets, ents.present, n)
            ends = (src_key != None) & (dst_key != None)  # noqa: E711 - elementwise on object arrays
            rtypes = tcol.values(frame)
            _keep(checks, self._bad_check(rtypes, tcol.cmap.column, frame, ends))
            active = ends & _is_set(rtypes)
            if active.any():
                _keep(checks, self._type_check(rtypes, src_key, dst_key, active, tcol.cmap.column, frame))
            pvals = {p: c.values(frame) for p, c in pcols.items()}
            for p, c in pcols.items():
                _keep(checks, self._bad_check(pvals[p], c.cmap.column, frame, active))
            vf, vt = self._validity_values(vf_col, vt_col, frame, active, checks)
            if vf is not None and vt is not None:
                _keep(checks, self._order_check(vf, vt, vt_col, active, frame))
            rels.append(_RelationColumns(rm, rtypes, src_key, dst_key, active, pvals, vf, vt))
        return rels

    # -- phase 2: bad rows: the first stops the import (or each goes to the reject file) --------------------
    @staticmethod
    def _reject_bad_rows(frame: pd.DataFrame, chunk: Chunk, checks: list[_Check],
                         on_error: Callable[[_RowError, pd.DataFrame, int], None]) -> np.ndarray:
        """Hands every bad row (with the first check it fails) to `on_error`; the mask of good rows."""
        n = len(frame)
        if not checks:
            return np.ones(n, dtype=bool)
        bad_rows = np.zeros(n, dtype=bool)
        for check in checks:
            bad_rows |= check.mask
        for i in np.flatnonzero(bad_rows).tolist():
            first_check = next(c for c in checks if c.mask[i])
            on_error(_RowError(chunk.row_of(i), first_check.column, first_check.value(i), first_check.message(i)),
                     frame, i)
        return ~bad_rows

    # -- phase 3: one row per distinct record ----------------------------------------------------------------
    def _build_records(self, chunk: Chunk, frame: pd.DataFrame, ents: _EntityColumns,
                       rels: list[_RelationColumns], ok: np.ndarray
                       ) -> tuple[EntityRows, RelationRows, Counter[str]]:
        counts: Counter[str] = Counter()
        parts: list[EntityRows] = []
        ids: dict[str, np.ndarray] = {}
        self.known_rows = self.known_relations = 0
        self.inputs = []
        for key, em in self.table.entities.items():
            made_ids, made, digests = self._entities(key, em, ents.values[key], ents.present[key] & ok,
                                                     ents.validity[key], chunk, frame)
            ids[key] = made_ids
            if made is not None:
                parts.append(made)
                self.inputs += [None] * len(made) if digests is None else digests
            counts[em.type] += int((ents.present[key] & ok).sum())
        batch = _RelationBatch()
        for i, r in enumerate(rels):
            sel = r.active & ok
            self.rows_related[i] += int(sel.sum())
            if not sel.any():
                continue
            counts.update(self._relations(r.map, r.types, r.src_key, r.dst_key, sel, r.props, r.valid_from,
                                          r.valid_to, ids, chunk, batch))
        rows = batch.rows(self.schema, self.spec, self.received)
        self.relation_inputs = batch.inputs
        entities = join_rows(parts) if parts else self._no_entities()
        return entities, rows, counts

    def _no_entities(self) -> EntityRows:
        spec = self.spec
        return entity_rows(self.schema, [], [], [], [], source=spec.source, received=self.received,
                           reliability=spec.reliability, credibility=spec.credibility)

    @staticmethod
    def _first_present(keys: tuple[str, ...], present: dict[str, np.ndarray], n: int) -> np.ndarray:
        chosen = np.empty(n, dtype=object)
        for k in reversed(keys):  # the first alternative wins
            chosen[present[k]] = k
        return chosen

    @staticmethod
    def _order_check(vf: np.ndarray, vt: np.ndarray, vt_col: _Column | None, where: np.ndarray,
                     frame: pd.DataFrame) -> _Check | None:
        both = where & _is_set(vf) & _is_set(vt)
        if not both.any():
            return None
        wrong = np.zeros(len(vf), dtype=bool)
        idx = np.flatnonzero(both)
        wrong[idx] = vt[idx].astype(str) < vf[idx].astype(str)
        if not wrong.any():
            return None
        return _Check(wrong, vt_col.cmap.column if vt_col else None,
                      lambda i: f"end date {vt[i]} is before start date {vf[i]}", lambda i: vt[i])

    def _type_check(self, rtypes: np.ndarray, src_key: np.ndarray, dst_key: np.ndarray, active: np.ndarray,
                    column: str | None, frame: pd.DataFrame) -> _Check | None:
        types = {k: em.type for k, em in self.table.entities.items()}
        wrong = np.zeros(len(rtypes), dtype=bool)
        why: dict[tuple[Any, Any, Any], str] = {}
        idx = np.flatnonzero(active)
        first, inverse = _unique_rows([rtypes[idx], src_key[idx], dst_key[idx]])
        verdict = np.zeros(len(first), dtype=bool)
        for u, j in enumerate(first.tolist()):
            combo = (rtypes[idx[j]], src_key[idx[j]], dst_key[idx[j]])
            rt = self.schema.relations.get(combo[0])
            src_t, dst_t = types[combo[1]], types[combo[2]]
            if rt is None:
                why[combo] = f"unknown relation type {combo[0]!r}"
            elif src_t not in rt.source or dst_t not in rt.target:
                why[combo] = f"{combo[0]} cannot link {src_t} to {dst_t}"
            else:
                why[combo] = ""
            verdict[u] = bool(why[combo])
        wrong[idx] = verdict[inverse]
        if not wrong.any():
            return None
        return _Check(wrong, column, lambda i: why[(rtypes[i], src_key[i], dst_key[i])], lambda i: rtypes[i])

    def _reference(self, key: str, em: EntityMap, cols: dict[str, np.ndarray], idx: np.ndarray,
                   frame: pd.DataFrame, first_row: int) -> np.ndarray:
        """The provenance reference per selected row: the reference columns (normalised when a property
        reads them, so `12-07-1975` and `1975-07-12` agree), else file, row and entity key."""
        texts = self._reference_texts(em, cols, idx)
        if texts is not None:  # the common case, in lists: what the pandas steps below make, at a third of the cost
            tag = f"{self.sheet_tag}:"
            out = np.empty(len(idx), dtype=object)
            out[:] = [t if t.strip("|") else f"{tag}{row}:{key}" for t, row in zip(texts, (idx + first_row).tolist(),
                                                                                     strict=True)]
            return out
        joined: pd.Series | None = None
        for column in em.reference:
            prop = next((p for p, c in em.properties.items() if c.column == column), None)
            if prop is not None:
                part = pd.Series(cols[prop][idx], dtype=object)
                part = part.where(pd.Series(_is_set(cols[prop])[idx]), "").astype(str)
            else:
                part = pd.Series(frame[column].to_numpy()[idx], dtype=object).astype(str).str.strip()
            joined = part if joined is None else joined + "|" + part
        fallback = f"{self.sheet_tag}:" + pd.Series(idx + first_row).astype(str) + f":{key}"
        if joined is None:
            return fallback.to_numpy(dtype=object)
        return joined.where(joined.str.strip("|") != "", fallback).to_numpy(dtype=object)

    @staticmethod
    def _reference_texts(em: EntityMap, cols: dict[str, np.ndarray], idx: np.ndarray) -> list[str] | None:
        """The reference columns' texts joined by `|` per selected row when each is a property's column and its
        values are texts (a name, a date); else None (`_reference` reads them with pandas)."""
        parts: list[list[str]] = []
        for column in em.reference:
            prop = next((p for p, c in em.properties.items() if c.column == column), None)
            if prop is None:
                return None
            values, present = cols[prop][idx].tolist(), _is_set(cols[prop])[idx].tolist()
            if not set(map(type, compress(values, present))) <= {str}:
                return None
            parts.append([v if s else "" for v, s in zip(values, present, strict=True)])
        if not parts:
            return [""] * len(idx)
        return parts[0] if len(parts) == 1 else ["|".join(row) for row in zip(*parts, strict=True)]

    def _entities(self, key: str, em: EntityMap, cols: dict[str, np.ndarray], sel: np.ndarray,
                  validity: tuple[np.ndarray | None, np.ndarray | None], chunk: Chunk, frame: pd.DataFrame
                  ) -> tuple[np.ndarray, EntityRows | None, list[int] | None]:
        """The ids of the selected rows' entities, the distinct entities as rows (`entity_rows`) but for
        those an earlier chunk handed the store (`_Known`), and each row's input digest."""
        n = len(sel)
        row_ids = np.empty(n, dtype=object)
        idx = np.flatnonzero(sel)
        if not len(idx):
            self.made[key] = 0
            return row_ids, None, []
        schema, spec = self.schema, self.spec
        et = schema.entities[em.type]
        names = list(cols)
        sub = {p: cols[p][idx] for p in names}
        vf, vt = (None if v is None else v[idx] for v in validity)
        refs = self._reference(key, em, cols, idx, frame, chunk.first_row)
        # rows whose identity applies need no reference to be told apart
        identified = np.zeros(len(idx), dtype=bool)
        for id_names in (et.identity, *et.identity_alternatives):
            if id_names and id_names[0] in sub:
                identified |= _is_set(cols[id_names[0]])[idx]
        ref_key = np.where(identified, "", refs)
        key_cols = [sub[p] for p in names] + [ref_key] + [v for v in (vf, vt) if v is not None]
        first, inverse = _unique_rows(key_cols)
        label, source, received = em.label or spec.label, spec.source, self.received
        reliability, credibility = spec.reliability, spec.credibility
        unique_ids = np.empty(len(first), dtype=object)
        shape = (em.type, label, *names, vf is not None, vt is not None)  # what each key column is
        digests = self._input_digests(shape, key_cols, first, refs)
        if digests is not None:  # the entities an earlier chunk handed the store: their ids only
            hit, known = self.sent.known.find(digests)
            if hit.any():
                prefix = type_prefix(em.type)
                unique_ids[hit] = [f"{prefix}-{k:016x}" for k in known[hit].tolist()]  # `format_id`
                self.known_rows += int(hit.sum())
                digests = [d for d, h in zip(digests, hit.tolist(), strict=True) if not h]
                first_new = first[~hit]
            else:
                first_new = first
        else:
            hit, first_new = None, first
        self.made[key] = len(first)
        if not len(first_new):
            row_ids[idx] = unique_ids[inverse]
            return row_ids, None, []
        first = first_new
        m = len(first)
        columns: dict[str, Any] = {p: sub[p][first] for p in names}
        if em.type == "Address" and "full" not in em.properties:
            columns["full"] = _full_addresses(columns, m)
        elif em.type == "Company" and "sbi_codes" in columns:
            mapped = columns.get("risk_branches")  # a mapped value stays where the codes name no branch
            columns["risk_branches"] = [kept if b is None else b for b, kept in zip(
                _risk_branches(columns), [None] * m if mapped is None else mapped.tolist(), strict=True)]
        rows = entity_rows_of_columns(schema, em.type, columns, refs[first].tolist(), [label] * m,
                                      valid_from=None if vf is None else vf[first].tolist(),
                                      valid_to=None if vt is None else vt[first].tolist(), source=source,
                                      received=received, reliability=reliability, credibility=credibility)
        if hit is None:
            unique_ids[:] = rows.ids
        else:
            unique_ids[~hit] = rows.ids
        row_ids[idx] = unique_ids[inverse]
        return row_ids, rows, digests

    def _input_digests(self, shape: tuple[Any, ...], key_cols: list[np.ndarray], first: np.ndarray,
                       refs: np.ndarray) -> list[int] | None:
        """A 64-bit digest per distinct entity of what makes its record (`_Known`): type, label and property
        names (`shape`), the values it was told apart by (properties, reference when it has no identity,
        validity) and the part of its reference the store compares (`_Sent`); None when a value cannot be
        hashed or ids are random (no source: `Schema.entity_id`)."""
        if self.spec.source is None:
            return None
        parts = [file_part(r) or r if ":" in r else r for r in refs[first].tolist()]  # a name's reference: no call
        return _digests(shape, [c[first] for c in key_cols], parts)

    def _relations(self, rm: RelationMap, rtypes: np.ndarray, src_key: np.ndarray, dst_key: np.ndarray,
                   sel: np.ndarray, pvals: dict[str, np.ndarray], vf: np.ndarray | None, vt: np.ndarray | None,
                   ids: dict[str, np.ndarray], chunk: Chunk, out: _RelationBatch) -> Counter[str]:
        """The distinct relations of one relation map, appended to `out` as columns (no object per record)."""
        idx = np.flatnonzero(sel)
        src = np.empty(len(sel), dtype=object)
        dst = np.empty(len(sel), dtype=object)
        for k in set(rm.sources):
            m = src_key == k
            src[m] = ids[k][m]
        for k in set(rm.targets):
            m = dst_key == k
            dst[m] = ids[k][m]
        src, dst, types = src[idx], dst[idx], rtypes[idx]
        sub = {p: v[idx] for p, v in pvals.items()}
        svf = None if vf is None else vf[idx]
        svt = None if vt is None else vt[idx]
        key_cols = [types, src, dst, *sub.values(), *(v for v in (svf, svt) if v is not None)]
        first, _ = _unique_rows(key_cols)
        type_list = types[first].tolist()
        src_list, dst_list = src[first].tolist(), dst[first].tolist()
        row_numbers = [chunk.row_of(i) for i in idx[first].tolist()]
        tag = self.sheet_tag
        self.self_ties += [row for row, s_id, d_id in zip(row_numbers, src_list, dst_list, strict=True)
                           if s_id == d_id]
        shape = (rm.label or self.spec.label, *sub, svf is not None, svt is not None)  # what each column is
        digests = self._relation_digests(shape, key_cols, first) if self.rel_seen.get(id(rm), 0) >= 0 else None
        if digests is not None:  # the relations an earlier chunk handed the store are not built again
            new = self.sent.relation_inputs.new(digests)
            self._judge_relation_digests(id(rm), len(first), len(first) - len(new))
            if len(new) < len(first):
                self.known_relations += len(first) - len(new)
                first, digests = first[new], [digests[j] for j in new]
                type_list = [type_list[j] for j in new]
                src_list, dst_list = [src_list[j] for j in new], [dst_list[j] for j in new]
                row_numbers = [row_numbers[j] for j in new]
        out.inputs += [None] * len(first) if digests is None else digests
        out.types += type_list
        out.src += src_list
        out.dst += dst_list
        out.props += self._relation_props(types[first], {p: v[first] for p, v in sub.items()})
        out.valid_from += [None] * len(first) if svf is None else svf[first].tolist()
        out.valid_to += [None] * len(first) if svt is None else svt[first].tolist()
        out.refs += [f"{tag}:{row_no}" for row_no in row_numbers]
        out.labels += [rm.label or self.spec.label] * len(first)
        return Counter(types.tolist())

    def _judge_relation_digests(self, rm_id: int, made: int, known: int) -> None:
        """Stops digesting a relation map's relations when a later chunk finds (almost) none of them known:
        a map whose rows each make a relation of their own (a wide table's) would pay ~1% for nothing."""
        chunks = self.rel_seen.get(rm_id, 0) + 1
        self.rel_seen[rm_id] = -1 if chunks > 1 and made >= 1000 and known < made // 50 else chunks

    @staticmethod
    def _relation_digests(shape: tuple[Any, ...], key_cols: list[np.ndarray], first: np.ndarray
                          ) -> list[int] | None:
        """A 64-bit digest per distinct relation of what makes its record: label and property names
        (`shape`), type, ends, properties, validity (its reference, `file:row`, the store compares by file:
        the same for all); None when a value cannot be hashed."""
        return _digests(shape, [c[first] for c in key_cols])

    def _relation_props(self, type_column: np.ndarray, prop_columns: dict[str, np.ndarray]) -> list[dict[str, Any]]:
        """Each relation's properties: the mapped values its type has (a column may serve several types). One
        dict per distinct type and values (read only), shared by the relations that have them."""
        types: list[str] = type_column.tolist()
        if not prop_columns:
            return [{} for _ in types]
        prop_lists = {p: values.tolist() for p, values in prop_columns.items()}
        allowed = {t: self.schema.relations[t].properties for t in set(types)}

        def props_of(u: int) -> dict[str, Any]:
            ok_props = allowed[types[u]]
            return {p: _plain(values[u]) for p, values in prop_lists.items() if values[u] is not None and p in ok_props}

        if all(set(map(type, values)) <= _PLAIN for values in prop_lists.values()):
            # texts and None only: factorised keys tell the same values apart as class-tagged ones (column-wise)
            first, inverse = _unique_rows([type_column, *prop_columns.values()])
            made = [props_of(u) for u in first.tolist()]
            return [made[j] for j in inverse.tolist()]
        out = []
        shared: dict[tuple[Any, ...], dict[str, Any]] = {}
        columns = list(prop_lists.values())
        for u, rtype in enumerate(types):
            key = (rtype, *((v.__class__, v) for v in (c[u] for c in columns)))
            props = shared.get(key)
            if props is None:
                props = shared[key] = props_of(u)
            out.append(props)
        return out


class _Digests:
    """64-bit digests remembered in sorted int64 arrays: 8 bytes each, bounded (SENT_MAX, the oldest go first)."""

    def __init__(self) -> None:
        self.parts: list[np.ndarray] = []  # sorted digests, oldest first
        self.size = 0

    def nbytes(self) -> int:
        return 8 * self.size

    def new(self, digests: list[int]) -> list[int]:
        """Positions of the digests no earlier chunk remembered (the records to hand the store)."""
        arr = np.array(digests, dtype=np.int64)
        hit = np.zeros(len(arr), dtype=bool)
        for part in self.parts:
            pos = np.minimum(np.searchsorted(part, arr), len(part) - 1)
            hit |= part[pos] == arr
        return np.flatnonzero(~hit).tolist() if hit.any() else list(range(len(arr)))

    def remember(self, digests: list[int]) -> None:
        if SENT_MAX <= 0 or not digests:
            return
        part = np.array(digests, dtype=np.int64)
        part.sort()
        self.parts.append(part)
        self.size += len(part)
        if len(self.parts) > 4:  # few arrays to search: merged (a stable sort merges sorted runs)
            merged = np.concatenate(self.parts)
            self.parts = []  # the runs go before the sort takes its buffer: a lower peak at 1M rows
            merged.sort(kind="stable")
            self.parts = [merged]
        while self.size > SENT_MAX:
            self.size -= len(self.parts.pop(0))


class _Sent(_Digests):
    """What an import has handed the store already, so that a later chunk need not hand it again.

    A record many rows of one file name is that file's word once, with its first row as reference
    (docs/import-specs.md): a later chunk naming it with the same values says nothing new, and the
    store would read it back only to find it unchanged (most of a narrow table's records at 1M rows).
    Each record is remembered as a 64-bit digest of what the store compares (`_restated`: id, values,
    grading, validity, label, source, and the file and part its reference names, or the whole
    reference when it names no row), in a sorted int64 array per chunk: 8 bytes a record, bounded
    (SENT_MAX; the oldest go first), so memory stays flat; a record forgotten is merely handed again
    and found unchanged by the store. Within a chunk nothing is left out (the store merges those).
    """

    def __init__(self) -> None:
        super().__init__()
        self.known = _Known()  # input digest -> key of the entities handed (or found unchanged) already
        self.relation_inputs = _Digests()  # input digests of the relations handed already

    def nbytes(self) -> int:
        """The memory of all three digest sets (importers.budget)."""
        return 8 * self.size + self.known.nbytes() + self.relation_inputs.nbytes()

    def know_relations(self, rows: RelationRows, inputs: list[int | None], moved: dict[str, str]) -> None:
        """Remembers the input digests of a chunk's relations (`TableMapper._relation_digests`), but for
        those with an end that took an old id (`keep_legacy_ids`: each chunk finds it again)."""
        if moved:
            digests = [d for d, s, t in zip(inputs, rows.src, rows.dst, strict=True)
                       if d is not None and s not in moved and t not in moved]
        else:
            digests = [d for d in inputs if d is not None]
        self.relation_inputs.remember(digests)

    def entities(self, store: Store, rows: EntityRows, inputs: list[int | None] | None = None
                 ) -> tuple[EntityRows, int, dict[str, str]]:
        """The entity rows to hand the store, how many were left out (unchanged), and the ids they moved to
        (`keep_legacy_ids`). One that took an old id is not remembered: each chunk finds its id again
        for the relations that follow. `inputs`: each row's input digest (`TableMapper._input_digests`),
        remembered with its key so that a later chunk need not build the row at all (`known`)."""
        given = rows
        same = hash((rows.source, rows.received, rows.reliability, rows.credibility))
        part = _ref_parts(rows.refs)
        digests = [hash((same, *values, part[ref])) for *values, ref in zip(
            rows.ids, rows.types, rows.props_json, rows.labels, rows.valid_from, rows.valid_to, rows.refs,
            strict=True)]
        keep = self.new(digests)
        repeated = len(rows) - len(keep)
        if repeated:
            rows, digests = rows.take(keep), [digests[i] for i in keep]
        rows, moved = keep_legacy_ids(store, rows)
        if moved:
            taken = set(moved.values())
            digests = [d for d, i in zip(digests, rows.ids, strict=True) if i not in taken]
        self.remember(digests)
        if inputs is not None:
            self.know_entities(given, inputs, moved)
        return rows, repeated, moved

    def know_entities(self, rows: EntityRows, inputs: list[int | None], moved: dict[str, str]) -> None:
        """Remembers each entity row's input digest with its key (`known`), but for those that took an old id."""
        if SENT_MAX <= 0:
            return
        pairs = [(d, k) for d, k, i in zip(inputs, rows.keys, rows.ids, strict=True)
                 if d is not None and i not in moved]
        self.known.remember([d for d, _ in pairs], [k for _, k in pairs])

    def relations(self, rows: RelationRows) -> tuple[RelationRows, int]:
        """The relation rows to hand the store, and how many were left out (unchanged)."""
        same = hash((rows.source, rows.received, rows.reliability, rows.credibility))
        part = _ref_parts(rows.refs)
        digests = [hash((same, key, props, vt, label, part[ref])) for key, props, vt, label, ref
                   in zip(rows.keys, rows.props_json, rows.valid_to, rows.labels, rows.refs, strict=True)]
        keep = self.new(digests)
        self.remember(digests)
        if len(keep) == len(rows):
            return rows, 0
        return rows.take(keep), len(rows) - len(keep)


def _ref_parts(refs: list[str | None]) -> dict[str | None, Any]:
    """What `_Sent` compares of each distinct reference of `refs`: its file part (`file_part`), or the whole
    reference when it names no row. Worked out once per reference: a table row's records share theirs."""
    return {ref: file_part(ref) or ref for ref in dict.fromkeys(refs)}


class _Known:
    """The key of each entity an earlier chunk handed the store, by the digest of what made it.

    A narrow table names most people and addresses in several chunks; a row whose input (type, label,
    normalised values, validity, reference part: `TableMapper._input_digests`) an earlier chunk handed
    the store makes the same record, which `_Sent` would leave out after building it (caption, search
    text, JSON, id). Knowing its key, the mapper builds only its id. Sorted int64 pairs, 16 bytes an
    entity, each once, bounded (KNOWN_MAX, the oldest first); one forgotten is merely built again.
    """

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, np.ndarray]] = []  # (sorted digests, their keys), oldest first
        self.size = 0

    def nbytes(self) -> int:
        return 16 * self.size

    def find(self, digests: list[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(which digests are known, their keys: 0 where not)."""
        arr = np.array(digests, dtype=np.int64)
        hit = np.zeros(len(arr), dtype=bool)
        keys = np.zeros(len(arr), dtype=np.int64)
        for known, known_keys in self.parts:
            pos = np.minimum(np.searchsorted(known, arr), len(known) - 1)
            found = known[pos] == arr
            keys[found] = known_keys[pos[found]]
            hit |= found
        return hit, keys

    def remember(self, digests: list[int], keys: list[int]) -> None:
        """Remembers the pairs not known yet: a chunk hands every row's pair, most of a narrow file's known."""
        if KNOWN_MAX <= 0 or not digests:
            return
        d, k = np.array(digests, dtype=np.int64), np.array(keys, dtype=np.int64)
        d, first = np.unique(d, return_index=True)  # sorted, one pair a digest
        k = k[first]
        if self.parts:
            hit, _ = self.find(d)
            d, k = d[~hit], k[~hit]
        if not len(d):
            return
        self.parts.append((d, k))
        self.size += len(d)
        if len(self.parts) > 4:
            d, k = np.concatenate([p[0] for p in self.parts]), np.concatenate([p[1] for p in self.parts])
            self.parts = []  # the runs go before the sort's copies: a lower peak
            order = np.argsort(d, kind="stable")
            d = d[order]
            k = k[order]
            del order
            self.parts = [(d, k)]
        while self.size > KNOWN_MAX:
            self.size -= len(self.parts.pop(0)[0])


@dataclass(slots=True)
class _RelationBatch:
    """A chunk's relations as columns, for `graph.prepared.relation_rows`."""

    types: list[str] = field(default_factory=list)
    src: list[str] = field(default_factory=list)
    dst: list[str] = field(default_factory=list)
    props: list[dict[str, Any]] = field(default_factory=list)
    valid_from: list[str | None] = field(default_factory=list)
    valid_to: list[str | None] = field(default_factory=list)
    refs: list[str | None] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    inputs: list[int | None] = field(default_factory=list)  # `TableMapper._relation_digests`

    def rows(self, schema: Schema, spec: ImportSpec, received: str) -> RelationRows:
        return relation_rows(schema, self.types, self.src, self.dst, self.props, self.refs, self.labels,
                             valid_from=self.valid_from, valid_to=self.valid_to, source=spec.source,
                             received=received, reliability=spec.reliability, credibility=spec.credibility)


def _table_warnings(mapper: TableMapper, per_row: Counter[str], diagonal: int) -> list[str]:
    """What the analyst must hear about a table even when every row imported."""
    out = []
    for key in mapper.per_row:
        em = mapper.table.entities[key]
        et = mapper.schema.entities[em.type]
        ids = [names[0] for names in (et.identity, *et.identity_alternatives) if names and names[0] != "full"]
        out.append(f"{mapper.sheet_tag}: entity {key!r} ({em.type}) has no `reference` and no identifier"
                   f"{' (' + ', '.join(ids) + ')' if ids else ''}: every row makes a new {em.type} "
                   f"({per_row[key]:,} made); give `reference: [<column>, ...]` to make one per distinct value")
    for key, acol in mapper.address_cols.items():
        if acol.partial:
            shown = ", ".join(repr(t[:60]) for t in acol.partial[:3])
            out.append(f"{mapper.sheet_tag}: column {acol.cmap.column!r}: "
                       f"{counted(acol.partial_count, 'distinct address text names', 'distinct address texts name')} "
                       f"no postcode + house number (nor street + number + city), e.g. {shown}: "
                       f"no {key} (Address) made for {'it' if acol.partial_count == 1 else 'them'}; map that column "
                       "to a property to keep it")
    if mapper.rows_related.total() or any(mapper.made.values()):
        for i, rm in enumerate(mapper.table.relations):
            if not mapper.rows_related[i]:
                kind = rm.type.value or f"column {rm.type.column!r}"
                out.append(f"{mapper.sheet_tag}: relations[{i}] ({kind}, {'/'.join(rm.sources)} -> "
                           f"{'/'.join(rm.targets)}) made no relation: no row has both ends")
    if diagonal:
        out.append(f"{mapper.sheet_tag}: {counted(diagonal, 'tie', 'ties')} on the matrix diagonal (a tie to oneself) "
                   "left out")
    if mapper.self_ties:
        rows = ", ".join(str(r) for r in mapper.self_ties[:5]) + (", ..." if len(mapper.self_ties) > 5 else "")
        out.append(f"{mapper.sheet_tag}: {counted(len(mapper.self_ties), 'relation', 'relations')} from an entity to "
                   f"itself (row {rows}): imported as the file gives them; check the file")
    return out


def _full_addresses(columns: dict[str, np.ndarray], n: int) -> list[str | None]:
    """`format_address` of every row's parts (the mapped values, before the schema's normalisation)."""
    none = [None] * n
    parts = [none if columns.get(k) is None else _plain_list(columns[k]) for k in _ADDRESS_PARTS]
    return [format_address(*row) for row in zip(*parts, strict=True)]


def _plain_list(values: np.ndarray) -> list[Any]:
    """`_plain` of every value; the list as it is when it holds no tuple (a part column seldom does)."""
    out: list[Any] = values.tolist()
    return [_plain(v) for v in out] if any(issubclass(t, tuple) for t in set(map(type, out))) else out


def _risk_branches(columns: dict[str, np.ndarray]) -> list[tuple[str, ...] | None]:
    """The risk branches (`graph.risk`) of every row's SBI codes and main SBI code, None for none."""
    sbi = columns["sbi_codes"].tolist()
    main = columns["main_sbi"].tolist() if "main_sbi" in columns else [None] * len(sbi)
    out: list[tuple[str, ...] | None] = []
    for codes, first in zip(sbi, main, strict=True):
        branches = _branches(tuple(codes) + ((first,) if first else ())) if codes else ()
        out.append(branches or None)
    return out


@lru_cache(maxsize=4096)
def _branches(codes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(branches_for(codes))


# -- the import ----------------------------------------------------------------------------------------
def iter_chunks(path: Path, spec: ImportSpec, table: TableSpec, chunk_rows: int,
                first_rows: int | None = None) -> Iterator[Chunk]:
    if is_network_file(path):
        if table.matrix is None:
            kind = "Pajek" if path.suffix.lower() in PAJEK_SUFFIXES else "UCINET DL"
            raise ImportDataError(f"a {kind} network needs a specification with `matrix:` (which entity type its "
                                  "vertices are, which relation its ties make)", file=path)
        yield read_network_ties(path)
    elif path.suffix.lower() in EXCEL_SUFFIXES:
        yield read_excel_sheet(path, table.sheet, header_row=table.header_row)
    else:
        yield from read_csv_chunks(path, delimiter=spec.delimiter, encoding=spec.encoding,
                                   header_row=table.header_row, chunk_rows=chunk_rows, comment=spec.comment,
                                   first_rows=first_rows)


def _unmapped_sheets(path: Path, tables: tuple[TableSpec, ...] | list[TableSpec]) -> list[str]:
    """The sheets of a workbook no table of the specification reads (a published network with a sheet
    per phase, a specification naming one): said, so that nobody takes phase 1 for the whole."""
    sheets = excel_sheets(path)
    mapped = {t.sheet if t.sheet is not None else sheets[0] for t in tables} if sheets else set()
    rest = [s for s in sheets if s not in mapped]
    if not rest:
        return []
    shown = ", ".join(repr(s) for s in rest[:5]) + (", ..." if len(rest) > 5 else "")
    return [f"{path.name}: {counted(len(rest), 'sheet', 'sheets')} the specification does not map "
            f"{'was' if len(rest) == 1 else 'were'} not imported ({shown}); "
            "give each a table with `sheet:` to import it"]


def _row_error(err: _RowError, file: Path, sheet: str | None) -> ImportDataError:
    return ImportDataError(err.message, file=file, row=err.row, field=err.field,
                           value=None if _empty(err.value) else err.value, sheet=sheet)


RejectedRow = tuple[_RowError, str | None, tuple[list[Any], list[Any]] | None]  # the error, sheet, (columns, values)


class _Rejects:
    """Bad rows the mapping let through (a reject file, a dry run): written to the reject file or counted.
    Without either the mapping stops at the first (`_row_error`, raised where the row is mapped)."""

    def __init__(self, path: Path | None):
        self.path = path
        self.fh: TextIO | None = None
        self.writer: Any = None
        self.count = 0
        self.errors: list[ImportDataError] = []

    def add(self, rejected: RejectedRow, file: Path) -> None:
        err, sheet, row = rejected
        self.count += 1
        if self.path is None or row is None:
            if len(self.errors) < MAX_LISTED_ERRORS:
                self.errors.append(_row_error(err, file, sheet))
            return
        columns, values = row
        if self.fh is None:
            self.fh = self.path.open("w", newline="", encoding="utf-8-sig")
            self.writer = csv.writer(self.fh, delimiter=";")
            self.writer.writerow(["file", "sheet", "row", "column", "reason", *columns])
        self.writer.writerow([file.name, sheet or "", err.row, err.field or "", err.message, *values])

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()


# -- mapping and storing: one process, or two (importers.case_pipeline) ---------------------------------------
@dataclass(slots=True)
class TableStart:
    """A table's chunks follow. `sent`: the mapper's memory of what it handed the store, which the storing
    side fills (one process); None when the mapper is in another process and remembers for itself."""

    sent: _Sent | None


@dataclass(slots=True)
class TableEnd:
    """A table's last chunk was handed; what the analyst must hear about the table."""

    warnings: list[str]


class MappedChunk:
    """One chunk's records as the store takes them (a row per distinct record) and what the import reports of
    them: what the mapping side hands the storing side (through a pipe when they are two processes)."""

    __slots__ = ("_records", "counts", "inputs", "known_relations", "known_rows", "rejected", "relation_inputs", "rows",
                 "stored")

    def __init__(self, rows: int, entities: EntityRows, relations: RelationRows, counts: Counter[str],
                 known_rows: int, known_relations: int, rejected: list[RejectedRow],
                 inputs: list[int | None] | None, relation_inputs: list[int | None] | None) -> None:
        self.rows = rows  # table rows read
        self.counts = counts
        self.known_rows = known_rows  # records an earlier chunk handed the store, not made again
        self.known_relations = known_relations
        self.rejected = rejected  # bad rows let through (reject file, dry run), in row order
        self.inputs = inputs  # input digests of the records (`_Sent.entities`); None: the mapper kept them
        self.relation_inputs = relation_inputs
        self._records: list[Any] = [entities, relations]
        self.stored: list[str | bytes] | None = None  # the entities' props as the store writes them (`made_props`)

    def __getstate__(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(self.__slots__, state, strict=True):
            setattr(self, name, value)

    def pack(self) -> None:
        """The entities' props as the store writes them (`stored`): made by a mapping process that had to wait for
        the storing one (importers.case_pipeline), which then writes them as they are (`made_props`)."""
        entities = self._records[0]
        self.stored = packed_prefix(entities.props_json, entities.captions)

    def take(self) -> tuple[EntityRows, RelationRows]:
        """The records, handed over: the chunk no longer holds them, so the storing side frees each as it is done."""
        entities, relations = self._records
        self._records = []
        return entities, relations


MappedPart = TableStart | MappedChunk | TableEnd


class _Handed:
    """Records a table's chunks handed to a storing side in another process, and what it keeps of them."""

    def __init__(self) -> None:
        self.records = 0

    def nbytes(self) -> int:
        """The storing side's memories of them: its digests (8 bytes a record, `_Sent`, bounded) and the
        store's keys (8 bytes a record, counted whole: an upper bound, as some are merged)."""
        return 8 * (min(self.records, SENT_MAX) + self.records)


def mapped_parts(path: Path, spec: ImportSpec, schema: Schema, received: str, chunk_rows: int,
                 prepare: Callable[[pd.DataFrame], pd.DataFrame] | None, rejects: str,
                 load_memory: Callable[[], int] | None = None, remember: bool = False,
                 chunk_records: int | None = None, first_part: int = 0,
                 cache_bytes: int | None = None) -> Iterator[MappedPart]:
    """Every table of the file read and mapped chunk by chunk, in order: the mapping half of an import.

    `rejects`: "stop" raises the first bad row's error, "file" and "count" hand bad rows on (with their
    values for a reject file). `load_memory`: the storing side's key memories, which the mapper's memory
    budget counts. `remember`: the mapper remembers what it made as handed (another process stores it);
    else the storing side tells it through `TableStart.sent`, after each chunk. `chunk_records`: the records
    a chunk may make (CHUNK_RECORDS; `chunk_rows` caps its rows too); a CSV's first chunk `1 / first_part` of
    that, when given, the next ones doubling (the storing side, another process, starts sooner). `cache_bytes`:
    the mapper's memory budget when not the whole of IMPORT_CACHE_BYTES (a child shares it with the storer)."""
    records = CHUNK_RECORDS if chunk_records is None else chunk_records
    for table in spec.tables:
        mapper = TableMapper(schema, spec, table, path, received)
        if cache_bytes is not None:
            mapper.budget.total = cache_bytes
        handed = _Handed()
        if load_memory is not None:  # the store's key memories grow with the load: the same budget
            mapper.budget.charge(load_memory)
        elif remember:  # the storing side's, in another process: estimated
            mapper.budget.charge(handed.nbytes)
        yield TableStart(None if remember else mapper.sent)
        checked = False
        per_row = Counter[str]()
        notes = NetworkNotes(path, table.matrix, schema)
        maps = max(1, len(table.entities) + len(table.relations))
        rows = max(1, min(chunk_rows, records // maps))
        first = rows // first_part if first_part and rows >= 2 * first_part else None
        for chunk in iter_chunks(path, spec, table, rows, first):
            if prepare is not None:
                chunk.frame = prepare(chunk.frame)
            chunk = notes.take(chunk)
            if not checked:
                mapper.check_columns(chunk.frame, chunk.sheet)
                checked = True
            yield _mapped_chunk(mapper, chunk, path, rejects, per_row, remember, handed)
            del chunk  # freed before the next chunk is read, not after
        yield TableEnd(_table_warnings(mapper, per_row, notes.diagonal) + notes.warnings(mapper.sheet_tag))


def _mapped_chunk(mapper: TableMapper, chunk: Chunk, path: Path, rejects: str, per_row: Counter[str],
                  remember: bool, handed: _Handed) -> MappedChunk:
    """One chunk mapped (a function of its own: the generator above keeps no reference to its records)."""
    rejected: list[RejectedRow] = []
    sheet = chunk.sheet

    def on_error(err: _RowError, frame: pd.DataFrame, i: int) -> None:
        if rejects == "stop":
            raise _row_error(err, path, sheet)
        rejected.append((err, sheet, (list(frame.columns), frame.iloc[i].tolist()) if rejects == "file" else None))

    entities, relations, counts = mapper.map_chunk(chunk, on_error)
    for key in mapper.per_row:
        per_row[key] += mapper.made[key]
    inputs: list[int | None] | None = mapper.inputs
    relation_inputs: list[int | None] | None = mapper.relation_inputs
    if remember:  # as the storing side would (`_store_chunk`), but for ids it may yet find stored under an old
        mapper.sent.know_entities(entities, mapper.inputs, {})  # rule: it follows those itself (`_Moved`)
        mapper.sent.know_relations(relations, mapper.relation_inputs, {})
        inputs = relation_inputs = None
        handed.records += len(entities) + len(relations)
    return MappedChunk(len(chunk.frame), entities, relations, counts, mapper.known_rows, mapper.known_relations,
                       rejected, inputs, relation_inputs)


class _Moved(dict[str, str]):
    """The ids that took an old-rule id in this table's import so far (`keep_legacy_ids`): {new id: old id}.

    In one process the mapper does not take such an entity as known (`_Sent.know_entities`), so every chunk
    that names it makes it again and finds its old id; a mapper in another process cannot wait to hear it,
    takes it as known and hands later chunks' relations with its new id: they follow it here."""

    def follow(self, schema: Schema, relations: RelationRows) -> RelationRows:
        if not self or not any(s in self or d in self for s, d in zip(relations.src, relations.dst, strict=True)):
            return relations
        return follow_moved(schema, relations, self)


def _store_chunk(store: Store, sent: _Sent, moved_before: _Moved, part: MappedChunk, result: ImportResult) -> None:
    """Upsert one mapped chunk's records, but for what an earlier chunk handed the store (`_Sent`)."""
    entities, relations = part.take()
    forms = props_forms(entities.props_json, entities.captions, part.stored)  # what the mapping process packed
    entities, repeated, moved = sent.entities(store, entities, part.inputs)
    if part.relation_inputs is not None:
        sent.know_relations(relations, part.relation_inputs, moved)
    moved_before.update(moved)
    relations = moved_before.follow(store.schema, relations)
    with made_props(forms):
        stats = store_entity_rows(store, entities)
    del forms
    stats.unchanged += repeated + part.known_rows
    _add(result.entities, stats)
    del entities  # the relations need only the ids
    relations, repeated = sent.relations(relations)
    stats = upsert_rows(store, relations)
    stats.unchanged += repeated + part.known_relations
    _add(result.relations, stats)
    result.records_by_type.update(part.counts)


def child() -> None:
    """The mapping process of a large import (importers.case_pipeline): `mapped_parts` of the job it is sent."""
    case_pipeline.serve(mapped_parts)


def import_table_file(store: Store, path: str | Path, spec: ImportSpec, *, dry_run: bool = False,
                      reject_path: str | Path | None = None, progress: Progress | None = None,
                      chunk_rows: int = 50_000,
                      prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
                      pipeline_bytes: int | None = None) -> ImportResult:
    """Import one CSV/.xlsx file with a spec, in ONE transaction; dry run rolls it back.

    `prepare` may rename or derive columns of each chunk before mapping (KvK tables). A chunk holds at
    most `chunk_rows` rows, fewer for a wide specification (CHUNK_RECORDS). A file of `pipeline_bytes` or
    more (default `importers.case_pipeline.PIPELINE_BYTES`) is mapped in a second process while this one
    stores (importers.case_pipeline); the result is the same.

    Raises ImportDataError (file, row, column, value) on the first bad row unless
    `reject_path` is given; then bad rows go there and the good ones are imported. A dry
    run counts the bad rows (`rejected`) and lists the first of them (`errors`) instead.
    """
    path = Path(path)
    if not path.exists():
        raise ImportDataError("no such file", file=path)
    is_excel = path.suffix.lower() in EXCEL_SUFFIXES
    tables = spec.tables
    if not is_excel and len(tables) > 1:
        raise ImportDataError(f"the specification {spec.name!r} maps {len(tables)} sheets; a CSV file holds one "
                              "table (use an .xlsx or a one-table spec)", file=path)
    received = spec.received or dt.date.today().isoformat()
    result = ImportResult(file=str(path), dry_run=dry_run,
                          reject_file=str(reject_path) if reject_path is not None else None)
    rejects = _Rejects(Path(reject_path) if reject_path is not None else None)
    job = {"path": path, "spec": spec, "schema": store.schema, "received": received, "chunk_rows": chunk_rows,
           "prepare": prepare, "rejects": "file" if reject_path is not None else "count" if dry_run else "stop"}
    here = {"load_memory": getattr(store, "load_memory_bytes", None)}  # the store's key memories, in the budget
    there = {"remember": True, "chunk_records": PIPELINE_CHUNK_RECORDS,  # a child: see importers.case_pipeline
             "first_part": PIPELINE_FIRST_PART, "cache_bytes": PIPELINE_CACHE_BYTES}
    try:
        with cyclic_gc_paused(), import_transaction(store, kind="case", file=str(path), spec=spec.path or spec.name,
                                source=spec.source) as summary, bulk_load(store, [path], CSV_BYTES_PER_RECORD), \
                case_pipeline.parts(mapped_parts, job, here, there, pipeline_bytes) as parts:
            sent, moved = _Sent(), _Moved()
            for part in parts:
                if part.__class__ is MappedChunk:
                    assert isinstance(part, MappedChunk)
                    for rejected in part.rejected:
                        rejects.add(rejected, path)
                    _store_chunk(store, sent, moved, part, result)
                    result.rows += part.rows
                    if progress is not None:
                        progress(part.rows)
                elif isinstance(part, TableStart):
                    sent, moved = part.sent or _Sent(), _Moved()
                elif isinstance(part, TableEnd):
                    result.warnings += part.warnings
                del part  # this chunk's records are freed before the next one's come
            result.warnings += [f"{Path(path).name}: {c}" for c in result.entities.conflicts]
            if is_excel:
                result.warnings += _unmapped_sheets(path, tables)
            result.rejected = rejects.count
            result.errors = [str(e) for e in rejects.errors]
            if dry_run:
                raise _DryRun
            summary.update(rows=result.rows, rejected=result.rejected, entities_created=result.entities.created,
                           entities_updated=result.entities.updated, relations_created=result.relations.created,
                           relations_updated=result.relations.updated)
    except _DryRun:
        pass
    finally:
        rejects.close()
    return result
