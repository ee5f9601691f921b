"""Relations a bulk import hands the store as plain columns, validated and canonicalised once.

An import of a million rows used to build a `Relation` object per record, which the store then
normalised, validated and hashed again (`Schema.prepare_relation`): a third of the import's time.
Here the schema does that work once, column by column (each distinct value normalised once,
ids hashed over a column), and the store writes the columns as they are. Only this module can
make a `RelationRows` (its constructor wants a private seal), so a caller cannot hand the store
unchecked rows by accident: the store's bulk entry refuses anything else.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.errors import SchemaError, ValidationError
from graph.model import Provenance, Relation
from graph.schema import RelationType, Schema, parse_id
from graph.stores.records import props_json

_SEAL = object()  # only `relation_rows` (and the methods below) hold it
_ABSENT = object()
_NONE: dict[str, Any] = {}  # the properties of a row without any (shared: read only)


@dataclass(frozen=True, slots=True, eq=False)
class RelationRows:
    """Canonical relations, one list per column (same length); metadata the same for every row is kept once.

    Undirected relations have their ends ordered, ids are derived (type, ends, validity, identity
    properties: `Schema.relation_id`), properties normalised, dates ISO, gradings checked.
    """

    ids: list[str]
    keys: list[int]
    types: list[str]
    src: list[str]
    dst: list[str]
    src_keys: list[int]  # -1 for an id that names no record
    dst_keys: list[int]
    props_json: list[str]  # canonical JSON: what the store writes (the dicts are not kept: memory)
    valid_from: list[str | None]
    valid_to: list[str | None]
    refs: list[str | None]
    labels: list[str]
    source: str | None
    received: str | None
    reliability: str | None
    credibility: str | None
    seal: object

    def __post_init__(self) -> None:
        if self.seal is not _SEAL:
            raise TypeError("RelationRows are made by graph.prepared.relation_rows, which validates them")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (importers.kvk_pipeline: a mapping process hands its rows to the one that stores them), they
        come back sealed, as `relation_rows` made them: a pickle is trusted code anyway."""
        return (_relationrows_sealed, ({f: getattr(self, f) for f in self.__slots__ if f != "seal"},))

    def __len__(self) -> int:
        return len(self.ids)

    def part(self, start: int, stop: int) -> RelationRows:
        """Rows start..stop (a store's batch)."""
        cols = {name: getattr(self, name)[start:stop] for name in _COLUMNS}
        return RelationRows(**cols, source=self.source, received=self.received, reliability=self.reliability,
                            credibility=self.credibility, seal=_SEAL)

    def take(self, rows: Sequence[int]) -> RelationRows:
        """The given rows, in that order (an import leaves out what it handed the store already)."""
        cols = {name: _pick(getattr(self, name), rows) for name in _COLUMNS}
        return RelationRows(**cols, source=self.source, received=self.received, reliability=self.reliability,
                            credibility=self.credibility, seal=_SEAL)

    def meta(self, i: int) -> tuple[Any, ...]:
        """Row i's META_FIELDS values up to the label (source, reference, received, grading, validity, label)."""
        return (self.source, self.refs[i], self.received, self.reliability, self.credibility,
                self.valid_from[i], self.valid_to[i], self.labels[i])

    def record(self, i: int) -> Relation:
        """Row i as a Relation (for a merge with a stored record, or a store without a bulk entry)."""
        return Relation(id=self.ids[i], type=self.types[i], source_id=self.src[i], target_id=self.dst[i],
                        properties=json.loads(self.props_json[i]),
                        provenance=None if self.source is None else Provenance(
                            source=self.source, reference=self.refs[i], received=self.received),
                        reliability=self.reliability, credibility=self.credibility, valid_from=self.valid_from[i],
                        valid_to=self.valid_to[i], label=self.labels[i])

    def records(self) -> list[Relation]:
        return [self.record(i) for i in range(len(self))]


def _pick(column: list[Any], rows: Sequence[int]) -> list[Any]:
    return [column[i] for i in rows]


_COLUMNS = ("ids", "keys", "types", "src", "dst", "src_keys", "dst_keys", "props_json", "valid_from",
            "valid_to", "refs", "labels")


def is_relation_rows(value: Any) -> bool:
    """Rows this module made (a store's bulk entry accepts nothing else)."""
    return isinstance(value, RelationRows) and value.seal is _SEAL


class _Where:
    """`type src->dst` of row i, made only for an error message."""

    def __init__(self, types: Sequence[str], src: Sequence[str], dst: Sequence[str]):
        self.cols = (types, src, dst)

    def __getitem__(self, i: int) -> str:
        t, s, d = (c[i] for c in self.cols)
        return f"{t} {s}->{d}"


def _extra(identity: tuple[str, ...], props: Mapping[str, Any]) -> str:
    """The identity properties' part of a relation id (`Schema.relation_id`)."""
    return "|".join(str(props.get(name, "")).casefold() for name in identity) if identity else ""


def _extras(rtypes: Mapping[str, RelationType], types: Sequence[str], clean: list[dict[str, Any]]) -> list[str]:
    """`_extra` of every row; once per properties object (`_normalised` shares one among the rows that gave one:
    an importer's role or kind), by identity (`clean` holds them all, so no id is reused meanwhile)."""
    seen: dict[tuple[str, int], str] = {}
    out = []
    for t, p in zip(types, clean, strict=True):
        x = seen.get((t, id(p)))
        if x is None:
            x = seen[(t, id(p))] = _extra(rtypes[t].identity, p)
        out.append(x)
    return out


def _hash_keys(texts: Iterable[str]) -> list[int]:
    """`graph.schema.key_of` over a column (one comprehension, no call per record): the digests joined and read
    as big-endian integers by numpy, not one int.from_bytes each."""
    import numpy as np  # lazily: the store imports this module, the CLI's start does not need numpy

    blake = hashlib.blake2b
    digests = b"".join([blake(t.encode(), digest_size=8).digest() for t in texts])
    keys: list[int] = (np.frombuffer(digests, dtype=">u8") >> np.uint64(1)).astype(np.int64).tolist()
    return keys


class _Props:
    """Normalises property dicts, each distinct (type, property, value) once."""

    def __init__(self, schema: Schema):
        self.schema = schema
        self.cache: dict[tuple[str, str, Any], Any] = {}
        self.rows: dict[tuple[Any, ...], dict[str, Any]] = {}  # whole dicts of texts: shared, never changed

    def one(self, rt: RelationType, props: Mapping[str, Any], where: _Where, i: int) -> dict[str, Any]:
        if not props:
            return _NONE
        if all(type(v) is str for v in props.values()):
            key = (rt.name, *props.items())
            known = self.rows.get(key)
            if known is None:
                known = self.rows[key] = self._one(rt, props, where, i)
            return known
        return self._one(rt, props, where, i)

    def _one(self, rt: RelationType, props: Mapping[str, Any], where: _Where, i: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in props.items():
            key: tuple[str, str, str] | None = None
            got = _ABSENT
            if type(value) is str:  # texts only: 1, 1.0 and True are equal keys but not one value
                key = (rt.name, name, value)
                got = self.cache.get(key, _ABSENT)
            if got is _ABSENT:
                got = self.schema.normalise_properties(rt.properties, {name: value}, where[i]).get(name, None)
                if key is not None:
                    self.cache[key] = got
            if got is not None:
                out[name] = list(got) if isinstance(got, list) else got
        return out


def _checked_meta(schema: Schema, labels: set[str], received: str | None, reliability: str | None,
                  credibility: str | None) -> tuple[str | None, str | None]:
    """Grading, received date and each label checked once (`Schema._check_meta`); (received, credibility)."""
    for label in sorted(labels):
        probe = Relation(type="", source_id="", target_id="", reliability=reliability, credibility=credibility,
                         label=label, provenance=Provenance(source="", received=received))
        schema._check_meta(probe, "relation")
        assert probe.provenance is not None
        received, credibility = probe.provenance.received, probe.credibility
    return received, credibility


def _validity(schema: Schema, vf: list[str | None], vt: list[str | None], where: _Where
              ) -> tuple[list[str | None], list[str | None]]:
    """ISO dates, each distinct text once; a row whose validity ends before it starts is refused."""
    cache: dict[str, str] = {}

    def iso(value: str | None) -> str | None:
        if value is None:
            return None
        got = cache.get(value)
        if got is None:
            probe = Relation(type="", source_id="", target_id="", valid_from=value)
            schema._check_meta(probe, "relation")
            got = cache[value] = str(probe.valid_from)
        return got

    if vf.count(None) == len(vf) and vt.count(None) == len(vt):  # most imports give no validity
        return list(vf), list(vt)
    vf = [iso(v) for v in vf]
    vt = [iso(v) for v in vt]
    for i, (a, b) in enumerate(zip(vf, vt, strict=True)):
        if a and b and b < a:
            raise ValidationError(f"{where[i]}: valid_to {b} is before valid_from {a}", field="valid_to", value=b)
    return vf, vt


def _normalised(schema: Schema, rtypes: Mapping[str, RelationType], types: Sequence[str],
                props: Sequence[Mapping[str, Any]], where: _Where) -> list[dict[str, Any]]:
    """`_Props.one` of every row; a dict object many rows share (an importer's: a role, a kind) is looked
    at once per type (by identity: `props` holds them all, so no id is reused meanwhile)."""
    normalise = _Props(schema)
    seen: dict[tuple[str, int], dict[str, Any]] = {}
    out = []
    for i, (t, p) in enumerate(zip(types, props, strict=True)):
        got = seen.get((t, id(p)))
        if got is None:
            got = seen[(t, id(p))] = normalise.one(rtypes[t], p, where, i)
        out.append(got)
    return out


def _json_column(props: list[dict[str, Any]]) -> list[str]:
    """Canonical JSON per row; rows with the same properties (a role, a kind) share one text."""
    cache: dict[tuple[Any, ...], str] = {}
    by_object: dict[int, str] = {}  # the same dict object (`_normalised` shares them): `props` holds them all
    out = []
    for p in props:
        if not p:
            out.append("{}")
            continue
        known = by_object.get(id(p))
        if known is not None:
            out.append(known)
            continue
        key: tuple[Any, ...] = ()
        text = None
        if all(type(v) is str for v in p.values()):  # texts only: 1, 1.0 and True are equal keys
            key = tuple(p.items())
            text = cache.get(key)
        if text is None:
            text = props_json(p)
            if key:
                cache[key] = text
        by_object[id(p)] = text
        out.append(text)
    return out


def _end_keys(ids: list[str]) -> list[int]:
    cache: dict[str, int] = {}
    out = []
    for i in ids:
        k = cache.get(i)
        if k is None:
            try:
                k = parse_id(i)
            except ValidationError:
                k = -1
            cache[i] = k
        out.append(k)
    return out


def relation_rows(schema: Schema, types: Sequence[str], src: Sequence[str], dst: Sequence[str],
                  props: Sequence[Mapping[str, Any]], refs: Sequence[str | None], labels: Sequence[str], *,
                  valid_from: Sequence[str | None] | None = None, valid_to: Sequence[str | None] | None = None,
                  source: str | None = None, received: str | None = None, reliability: str | None = None,
                  credibility: str | None = None) -> RelationRows:
    """Validate and canonicalise relations given as columns: what `Schema.prepare_relation` does per record.

    Raises SchemaError / ValidationError (naming type and ends) for an unknown type or property,
    a bad value, grading or label, or a validity that ends before it starts. The ends' types are
    the store's to check (it knows the entities).
    """
    n = len(types)
    none: list[str | None] = [None] * n
    vf_in = list(valid_from) if valid_from is not None else none
    vt_in = list(valid_to) if valid_to is not None else list(none)
    if not all(len(c) == n for c in (src, dst, props, refs, labels, vf_in, vt_in)):
        raise ValueError("relation_rows: columns of different lengths")
    rtypes = {t: schema.relation_type(t) for t in set(types)}
    where = _Where(types, src, dst)
    for i, (s, d) in enumerate(zip(src, dst, strict=True)):
        if not s or not d:
            raise ValidationError(f"{where[i]}: a relation needs both a source and a target")
    clean = _normalised(schema, rtypes, types, props, where)
    received, credibility = _checked_meta(schema, set(labels), received, reliability, credibility)
    vf, vt = _validity(schema, vf_in, vt_in, where)
    src_out, dst_out = list(src), list(dst)
    for t, rt in rtypes.items():
        if not rt.directed:
            for i in range(n):
                if types[i] == t and dst_out[i] < src_out[i]:
                    src_out[i], dst_out[i] = dst_out[i], src_out[i]
    keys = _hash_keys(f"{t}|{s}|{d}|{v or ''}|{x}"
                      for t, s, d, v, x in zip(types, src_out, dst_out, vf, _extras(rtypes, types, clean), strict=True))
    return RelationRows(ids=[f"rel-{k:016x}" for k in keys], keys=keys, types=list(types), src=src_out,
                        dst=dst_out, src_keys=_end_keys(src_out), dst_keys=_end_keys(dst_out),
                        props_json=_json_column(clean), valid_from=vf, valid_to=vt,
                        refs=list(refs), labels=list(labels), source=source, received=received,
                        reliability=reliability, credibility=credibility, seal=_SEAL)


def follow_moved(schema: Schema, rows: RelationRows, moved: Mapping[str, str]) -> RelationRows:
    """The rows with ends that took an old id (`graph.ids.keep_legacy_ids`) renamed, ids derived again."""
    src = [moved.get(s, s) for s in rows.src]
    dst = [moved.get(d, d) for d in rows.dst]
    props = [json.loads(p) for p in rows.props_json]
    return relation_rows(schema, rows.types, src, dst, props, rows.refs, rows.labels,
                         valid_from=rows.valid_from, valid_to=rows.valid_to, source=rows.source,
                         received=rows.received, reliability=rows.reliability, credibility=rows.credibility)


def upsert_rows(store: Any, rows: RelationRows) -> Any:
    """Through the store's bulk entry when it has one, else as Relation objects (`upsert_relations`)."""
    bulk = getattr(store, "upsert_relation_rows", None)
    if bulk is not None:
        return bulk(rows)
    return store.upsert_relations(rows.records())


def check_end_types(rt: RelationType, where: str, src_type: str, dst_type: str) -> None:
    """The ends' types allowed by the relation type (`Schema.prepare_relation`'s message); undirected either way."""
    if src_type in rt.source and dst_type in rt.target:
        return
    if not rt.directed and dst_type in rt.source and src_type in rt.target:
        return
    if src_type not in rt.source:
        raise SchemaError(f"{where}: {rt.name} cannot start at a {src_type} (allowed: {', '.join(rt.source)})")
    raise SchemaError(f"{where}: {rt.name} cannot end at a {dst_type} (allowed: {', '.join(rt.target)})")


def _relationrows_sealed(columns: dict[str, Any]) -> RelationRows:
    return RelationRows(**columns, seal=_SEAL)
