"""KvK API documents -> Company and Address records, at the speed of the store.

One pass over each document in Python (nested JSON cannot be read column-wise), but every
value that repeats across a file is worked out once per import (`MapCache`): an address
(the same postcode and number in a thousand profiles), an SBI list, a date, a legal form.
The records come out canonical with their ids, so nothing is normalised twice here:
Company properties are built from the schema's own normalisers (idempotent), Address
properties go through the schema's normalisers once per distinct address (and value).
They come as Entity/Relation objects (`records_from_document`) or, for the bulk path, as
columns (`rows_from_document` into `KvkRows`: id, type, caption, canonical JSON, folded
search text, reference; an address's JSON and search text made once per distinct address).

What a document holds that is not kept is counted per field (`MapCache.unkept`) and
reported with the import (`not_kept_warning`), never dropped silently; only the API's
hyperlinks (`links`, `_links`) and a Zoeken answer's paging fields are left out unsaid.
"""

from __future__ import annotations

import codecs
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

import orjson

from graph import identifiers
from graph.errors import ValidationError
from graph.model import Entity, Provenance, Relation
from graph.prepared_entities import search_texts
from graph.risk import branches_for
from graph.schema import Schema, format_id, key_of, type_prefix
from graph.stores.records import props_json
from importers.addresses import (
    _city,
    _street,
    format_address,
    house_parts,
    is_whole_address,
    parse_address,
    split_foreign_postcode,
    split_street_number,
)
from importers.errors import ImportDataError
from importers.limits import DEFAULT_LIMITS, JSON_DEPTH, Limits, json_depth

_NAME_FIELDS = frozenset({"naam", "statutaireNaam", "eersteHandelsnaam", "ookGenoemd", "vervallenNaam",
                          "handelsnaam"})
# `aanduidingBijHuisnummer` (BAG/HR: `t/o` = tegenover, `bij`): the spelling the free-text parser gives
# `Kanaalstraat 101 t/o`, so both sources name one Address and it never merges with number 101 itself.
DESIGNATIONS = {"t/o": "T/O", "to": "T/O", "tegenover": "T/O", "bij": "BIJ", "by": "BIJ"}

# -- what each object of the API holds that is read (kept, or consumed: the same fact said twice) --------
_PLUMBING = frozenset({"links", "_links"})
_ADRES_KEYS = ("type", "indAfgeschermd", "volledigAdres", "straatnaam", "huisnummer", "huisletter",
               "huisnummerToevoeging", "aanduidingBijHuisnummer", "toevoegingAdres", "postcode", "postbusnummer",
               "plaats", "land", "straatHuisnummer", "postcodeWoonplaats")
_READ = {
    "adres": frozenset(_ADRES_KEYS) | {"geoData"} | _PLUMBING,
    "geoData": frozenset({"nummerAanduidingId"}),
    "sbi": frozenset({"sbiCode", "sbiOmschrijving", "indHoofdactiviteit"}),
    "handelsnaam": frozenset({"naam"}),
    "materieleRegistratie": frozenset({"datumAanvang", "datumEinde"}),
    "basisprofiel": frozenset({"kvkNummer", "rsin", "indNonMailing", "naam", "formeleRegistratiedatum",
                               "materieleRegistratie", "totaalWerkzamePersonen", "statutaireNaam", "handelsnamen",
                               "sbiActiviteiten", "_embedded"}) | _PLUMBING,
    "embedded": frozenset({"hoofdvestiging", "eigenaar"}),
    "hoofdvestiging": frozenset({"vestigingsnummer", "kvkNummer", "formeleRegistratiedatum", "eersteHandelsnaam",
                                 "indHoofdvestiging", "totaalWerkzamePersonen", "voltijdWerkzamePersonen",
                                 "deeltijdWerkzamePersonen", "adressen", "websites", "sbiActiviteiten"})
    | _PLUMBING,
    "eigenaar": frozenset({"rsin", "rechtsvorm", "uitgebreideRechtsvorm", "adressen", "websites"}) | _PLUMBING,
    "vestigingsprofiel": frozenset({"vestigingsnummer", "kvkNummer", "rsin", "statutaireNaam", "eersteHandelsnaam",
                                    "handelsnamen", "indHoofdvestiging", "totaalWerkzamePersonen",
                                    "voltijdWerkzamePersonen", "deeltijdWerkzamePersonen", "sbiActiviteiten",
                                    "adressen", "indNonMailing", "formeleRegistratiedatum", "websites"}) | _PLUMBING,
    "zoeken": frozenset({"resultaten", "pagina", "aantal", "totaal", "resultatenPerPagina", "vorige", "volgende"})
    | _PLUMBING,
    "resultaat": frozenset({"kvkNummer", "rsin", "vestigingsnummer", "naam", "type", "actief", "vervallenNaam",
                            "handelsnaam", "adres", "straatnaam", "huisnummer", "huisletter", "huisnummerToevoeging",
                            "postcode", "plaats"}) | _PLUMBING,
    "zoekadres": frozenset({"binnenlandsAdres", "buitenlandsAdres"}),
    "naamgeving": frozenset({"kvkNummer", "rsin", "statutaireNaam", "naam", "ookGenoemd", "startdatum", "einddatum",
                             "vestigingen"}) | _PLUMBING,
    "naamvestiging": frozenset({"vestigingsnummer", "eersteHandelsnaam", "handelsnamen", "naam", "ookGenoemd"})
    | _PLUMBING,
}
# what `MapCache.note` checks, checked inline where a profile has it many times (no call for the usual answer)
_READ_GEO, _READ_SBI, _READ_NAME, _READ_ADRES, _READ_BASIS = (
    _READ["geoData"], _READ["sbi"], _READ["handelsnaam"], _READ["adres"], _READ["basisprofiel"])
_INDEX = re.compile(r"\[\d+\]")
# Distinct addresses / SBI lists kept per import (~1-2 KB each): repeats are near each other in an extract
# (a street, a business centre), and a bounded cache keeps memory flat however many profiles come.
CACHE_ENTRIES = 20_000
_ABSENT = object()


def _trimmed(cache: dict[Any, Any], size: int | None = None) -> dict[Any, Any]:
    """The cache, its older entries forgotten once it holds `size` (CACHE_ENTRIES), the newest half kept:
    memory stays flat, and what the last documents named (repeats are near each other in an extract: a
    street, a business centre) is still known, where clearing all forgot it."""
    size = CACHE_ENTRIES if size is None else size
    if len(cache) >= size:
        for key in list(islice(cache, len(cache) - size // 2)):
            del cache[key]
    return cache


class _Where:
    """Names the record and field for errors: `file: row 3, column '_embedded.hoofdvestiging...'`."""

    __slots__ = ("file", "limits", "quick", "row")

    def __init__(self, file: Path, row: int, limits: Limits = DEFAULT_LIMITS):
        self.file = file
        self.row = row
        self.limits = limits
        self.quick = min(limits.cell_chars, limits.name_chars)  # a text this short needs only the NUL check

    def error(self, path: str, message: str, value: Any = None) -> ImportDataError:
        return ImportDataError(message, file=self.file, row=self.row, field=path, value=value)


# -- small readers of KvK values --------------------------------------------------------------------------
def _obj(value: Any, where: _Where, path: str) -> dict[str, Any]:
    if value is None:
        return {}
    if value.__class__ is not dict:
        raise where.error(path, f"expected an object, got {type(value).__name__}", value)
    return value


def _list(value: Any, where: _Where, path: str) -> list[Any]:
    if value is None:
        return []
    if value.__class__ is not list:
        raise where.error(path, f"expected a list, got {type(value).__name__}", value)
    return value


def _text(value: Any, where: _Where, path: str) -> str | None:
    if value is None:
        return None
    if value.__class__ is str and len(value) <= where.quick and "\x00" not in value:  # nearly every text
        return " ".join(value.split()) or None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise where.error(path, f"expected text, got {type(value).__name__}", value)
    raw = str(value)
    problem = where.limits.problem(raw, is_name=path.rsplit(".", 1)[-1] in _NAME_FIELDS)
    if problem is not None:
        raise where.error(path, problem, value)
    return " ".join(raw.split()) or None


def _yes(value: Any) -> bool:
    return (isinstance(value, str) and value.strip().lower() in {"ja", "j", "true", "yes"}) or value is True


_DATES: dict[str, str | None] = {}


def kvk_date(value: Any, where: _Where, path: str) -> str | None:
    """KvK dates are `yyyymmdd`; unknown parts are `00` (`20150100`): day 00 -> 01, month 00 -> no date."""
    if value.__class__ is str and len(value) <= where.quick:
        known = _DATES.get(value, _ABSENT)
        if known is not _ABSENT:
            return known  # type: ignore[return-value]
    text = _text(value, where, path)
    if text is None or set(text) <= {"0"}:
        return None
    if len(text) == 8 and text.isdigit():
        if text[4:6] == "00":
            return None
        if text[6:8] == "00":
            text = text[:6] + "01"
    try:
        iso = identifiers.date(text)
    except ValidationError as exc:
        raise where.error(path, str(exc), value) from None
    if value.__class__ is str:
        _trimmed(_DATES, 100_000)[value] = iso
    return iso


def clear_caches() -> None:
    """Forget the dates worked out so far (tests: a result cached by one must not let another pass)."""
    _DATES.clear()


def _normal(kind: str, value: Any, where: _Where, path: str) -> Any:
    try:
        return identifiers.NORMALISERS[kind](value)
    except ValidationError as exc:
        raise where.error(path, str(exc), value) from None


def _digits(value: Any, width: int, kind: str, where: _Where, path: str) -> str:
    """A KvK or establishment number: as the API spells it (fast), else through the normaliser."""
    if value.__class__ is str and len(value) == width and value.isascii() and value.isdigit():
        return value
    return str(_normal(kind, value, where, path))


def _flag(value: Any, where: _Where, path: str) -> bool | None:
    """KvK `Ja`/`Nee` (or a JSON boolean); None when absent; an error for anything else."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    text = (_text(value, where, path) or "").lower()
    if text in {"ja", "j", "true"}:
        return True
    if text in {"nee", "n", "false"}:
        return False
    raise where.error(path, f"expected Ja or Nee, got {text!r}", value)


def _count(value: Any, where: _Where, path: str) -> Any:
    """A number of persons: a whole number, None when absent."""
    if value in (None, ""):
        return None
    if value.__class__ is int:
        return value
    return _normal("number", value, where, path)


# -- per-import caches -------------------------------------------------------------------------------------
_Outcome = tuple[Any, ...]


class MapCache:
    """What one import works out once: distinct addresses, SBI lists, risk branches; and what was not kept."""

    def __init__(self, schema: Schema):
        self.schema = schema
        self.company = schema.entities["Company"]
        self.address = schema.entities["Address"]
        self.company_multi = frozenset(n for n, s in self.company.properties.items() if s.multi)
        self.company_prefix = type_prefix(self.company.name)
        self.address_prefix = type_prefix(self.address.name)
        self.address_sets = [(f"{self.address.name}|", names) for names in (self.address.identity,
                                                                             *self.address.identity_alternatives)
                             if names]
        identity = schema.identity_key(self.company, {"kvk_number": "0"})
        if identity is None or not identity.endswith("=0"):
            raise ValueError(f"importers.kvk_json expects a Company identified by its KvK number, not {identity!r}")
        self.company_identity = identity[:-1]
        self.addresses: dict[tuple[Any, ...], _Outcome] = {}
        self.sbi: dict[tuple[Any, ...], tuple[list[str], str | None, list[str]]] = {}
        self.branches: dict[tuple[str, ...], list[str]] = {}
        self.unkept: Counter[str] = Counter()
        self.unread: Counter[tuple[str, str, tuple[str, ...]]] = Counter()  # (kind, path, keys): `note`
        self.search = search_texts(schema)  # Schema.search_text (folded), for the column path
        self.address_values: dict[tuple[str, type, Any], Any] = {}  # (property, class, raw) -> canonical

    def note(self, obj: dict[str, Any], kind: str, path: str) -> None:
        """Count the fields of `obj` nothing reads (a million objects a load: the usual answer, none, makes no set;
        an object with fields nothing reads is counted by its keys, the fields named once at the end)."""
        if _READ[kind].issuperset(obj):
            return
        self.unread[(kind, path, tuple(obj))] += 1

    def normal_address(self, props: dict[str, Any]) -> dict[str, Any]:
        """`Schema.normalise_properties` of Address properties, each distinct (property, value) once: streets,
        cities and house numbers repeat across an extract."""
        out: dict[str, Any] = {}
        seen = self.address_values
        for name, value in props.items():
            key: tuple[str, type, Any] | None = (name, value.__class__, value)
            try:
                got = seen.get(key, _ABSENT)  # type: ignore[arg-type]
            except TypeError:  # a list: not kept
                key, got = None, _ABSENT
            if got is _ABSENT:
                got = self.schema.normalise_properties(self.address.properties, {name: value}, "Address").get(name)
                if key is not None:  # a list is not kept
                    _trimmed(seen)[key] = got
            if got is not None:
                out[name] = got
        return out

    def address_identity(self, props: dict[str, Any]) -> str | None:
        """`Schema.identity_key` of canonical Address properties (texts and whole numbers, no lists: what
        `_address_props` and the normalisers make): one join, where identity_text loops and zips."""
        for head, names in self.address_sets:
            if props.get(names[0]) not in (None, "", []):
                return head + "|".join([f"{n}=" if (v := props.get(n)) is None else f"{n}={str(v).casefold()}"
                                        for n in names])
        return None

    def risk_branches(self, codes: tuple[str, ...]) -> list[str]:
        hit = self.branches.get(codes)
        if hit is None:
            hit = self.branches[codes] = branches_for(codes)
        return hit

    def company_id(self, kvk: str) -> str:
        """What `Schema.entity_id` gives a Company with this KvK number (its identity; digits need no casefold)."""
        return format_id(self.company_prefix, key_of(self.company_identity + kvk))

    def not_kept(self) -> list[tuple[str, int]]:
        """(field path with `[]` for any index, times seen), most frequent first."""
        merged: Counter[str] = Counter()
        for path, n in self.unkept.items():
            merged[_INDEX.sub("[]", path)] += n
        for (kind, path, keys), n in self.unread.items():
            read = _READ[kind]
            for key in dict.fromkeys(keys):
                if key not in read:
                    merged[_INDEX.sub("[]", f"{path}.{key}" if path else key)] += n
        return sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))


def not_kept_warning(name: str, cache: MapCache, limit: int = 12) -> str | None:
    """One line for the import's warnings: the fields of the file that no property keeps."""
    fields = cache.not_kept()
    if not fields:
        return None
    shown = "; ".join(f"{path} ({n:,}x)" for path, n in fields[:limit])
    more = f"; and {len(fields) - limit} more" if len(fields) > limit else ""
    return f"{name}: not kept (fields no property holds, see importers.kvk.KVK_FIELDS): {shown}{more}"


# -- records ---------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class KvkRecords:
    """What KvK documents make, as Entity and Relation objects."""

    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    keyless: list[Entity] = field(default_factory=list)  # of `entities`, those without identity: ids from the reference

    def add_company(self, b: _Builder, props: dict[str, Any], cid: str, caption: str, valid_from: str | None,
                    valid_to: str | None) -> None:
        self.entities.append(Entity(type="Company", properties=props, id=cid, caption=caption, valid_from=valid_from,
                                    valid_to=valid_to, **b.kwargs()))

    def add_address(self, b: _Builder, found: _Outcome) -> None:
        _, _, props, aid, caption, _, _, _, identified = found
        entity = Entity(type="Address", properties=dict(props), id=aid, caption=caption, **b.kwargs())
        self.entities.append(entity)
        if not identified:
            self.keyless.append(entity)

    def add_located(self, b: _Builder, cid: str, aid: str, kind: str, addition: str | None) -> None:
        self.relations.append(Relation(type="located_at", source_id=cid, target_id=aid,
                                       properties=_located_props(kind, addition), **b.kwargs()))


def _located_props(kind: str, addition: str | None) -> dict[str, Any]:
    return {"kind": kind} if addition is None else {"kind": kind, "address_addition": addition}


class KvkRows:
    """What KvK documents make, as columns for `graph.prepared_entities.canonical_entity_rows` and
    `graph.prepared.relation_rows` (the store's bulk entries): no Entity or Relation per record, and an
    address named by many documents has its canonical JSON and search text made once."""

    __slots__ = ("_located", "captions", "ids", "legacy", "props_json", "refs", "rel_dst", "rel_props", "rel_refs",
                 "rel_src", "search", "types", "valid_from", "valid_to")

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.types: list[str] = []
        self.captions: list[str] = []
        self.props_json: list[str] = []
        self.search: list[str] = []
        self.refs: list[str | None] = []
        self.valid_from: list[str | None] = []
        self.valid_to: list[str | None] = []
        self.legacy: dict[int, str] = {}  # row -> the id the old rule gave it (`Schema.legacy_entity_id`)
        self.rel_src: list[str] = []
        self.rel_dst: list[str] = []
        self.rel_props: list[dict[str, Any]] = []
        self.rel_refs: list[str | None] = []
        self._located: dict[tuple[str, str | None], dict[str, Any]] = {}

    def __len__(self) -> int:
        return len(self.ids) + len(self.rel_src)

    def add_company(self, b: _Builder, props: dict[str, Any], cid: str, caption: str, valid_from: str | None,
                    valid_to: str | None) -> None:
        self._add("Company", cid, caption, props_json(props), b.cache.search("Company", caption, props),
                  b.reference, valid_from, valid_to)

    def add_address(self, b: _Builder, found: _Outcome) -> None:
        _, _, props, aid, caption, _, props_json, search, identified = found
        if not identified:
            et = b.cache.address
            old = b.cache.schema.legacy_entity_id(et, Entity(type="Address", properties=props,
                                                             provenance=b.provenance))
            if old is not None and old != aid:
                self.legacy[len(self.ids)] = old
        self._add("Address", aid, caption, props_json, search, b.reference, None, None)

    def _add(self, type_name: str, rid: str, caption: str, props_json: str, search: str, ref: str,
             valid_from: str | None, valid_to: str | None) -> None:
        self.ids.append(rid)
        self.types.append(type_name)
        self.captions.append(caption)
        self.props_json.append(props_json)
        self.search.append(search)
        self.refs.append(ref)
        self.valid_from.append(valid_from)
        self.valid_to.append(valid_to)

    def add_located(self, b: _Builder, cid: str, aid: str, kind: str, addition: str | None) -> None:
        props = self._located.get((kind, addition))
        if props is None:  # one dict per kind and addition in a batch, read only: relation_rows sees it once
            props = self._located[(kind, addition)] = _located_props(kind, addition)
        self.rel_src.append(cid)
        self.rel_dst.append(aid)
        self.rel_props.append(props)
        self.rel_refs.append(b.reference)


class _Builder:
    """One document's records: provenance shared, values from the import's cache."""

    def __init__(self, cache: MapCache, where: _Where, meta: dict[str, Any], reference: str,
                 out: KvkRecords | KvkRows | None = None):
        self.cache = cache
        self.where = where
        self.meta = meta
        self.out = KvkRecords() if out is None else out
        self.reference = reference
        self._provenance: Provenance | None = None
        self.shielded: set[str] = set()
        self.places: set[str] = set()
        self.links: list[tuple[str, str, str | None]] = []  # (kind, address id, address addition)

    @property
    def provenance(self) -> Provenance:
        if self._provenance is None:
            m = self.meta
            self._provenance = Provenance(source=m["source"], reference=self.reference, received=m["received"])
        return self._provenance

    def kwargs(self) -> dict[str, Any]:
        m = self.meta
        return {"provenance": self.provenance, "reliability": m["reliability"], "credibility": m["credibility"],
                "label": m["label"]}

    def company(self, props: dict[str, Any], valid_from: str | None = None, valid_to: str | None = None) -> None:
        """The Company with its addresses (`address` first): canonical properties, id and caption."""
        cache = self.cache
        multi = cache.company_multi
        if self.shielded:
            props["shielded_addresses"] = list(self.shielded)
        if self.places:
            props["places"] = list(self.places)
        out: dict[str, Any] = {}
        for k, v in props.items():  # no None, "" or []; a multi value's items once, sorted (`normalise_properties`)
            if v is None:
                continue
            cls = v.__class__
            if cls is str:
                if not v:
                    continue
            elif cls is list:
                if not v:
                    continue
                if k in multi:
                    v = [v[0]] if len(v) == 1 else sorted(set(v), key=str)
            elif k in multi:
                v = sorted(set(v), key=str)
            out[k] = v
        codes = tuple(out.get("sbi_codes", ())) + ((out["main_sbi"],) if "main_sbi" in out else ())
        if codes:
            branches = cache.risk_branches(codes)
            if branches:
                out["risk_branches"] = list(branches)
        cid = cache.company_id(out["kvk_number"])
        caption = cache.schema.caption(cache.company, out) or cid
        self.out.add_company(self, out, cid, caption, valid_from, valid_to)
        for kind, aid, addition in self.links:
            self.out.add_located(self, cid, aid, kind, addition)

    def address(self, adres: dict[str, Any], path: str, default_kind: str | None = None) -> None:
        """An address of the company: Address (+ located_at when the company is made), a place, or shielded."""
        cache = self.cache
        if not _READ_ADRES.issuperset(adres):
            cache.note(adres, "adres", path)
        geo = adres.get("geoData")
        if geo.__class__ is dict:
            if not _READ_GEO.issuperset(geo):
                cache.note(geo, "geoData", f"{path}.geoData")
            geo_id = geo.get("nummerAanduidingId")
        else:
            geo_id = geo
        try:
            key = (*map(adres.get, _ADRES_KEYS), geo_id, default_kind)
            outcome = cache.addresses.get(key)
        except TypeError:  # a list or object where a value belongs: worked out (and refused) below
            key, outcome = None, None
        if outcome is None:
            outcome = self._address_outcome(adres, path, default_kind)
            if key is not None and outcome[-1]:
                _trimmed(cache.addresses)[key] = outcome
        what = outcome[0]
        if what == "address":
            self.out.add_address(self, outcome)
            self.links.append((outcome[1], outcome[3], outcome[5]))
        elif what == "place":
            self.places.add(outcome[2])
        elif what == "shielded":
            self.shielded.add(outcome[1])

    def _address_outcome(self, adres: dict[str, Any], path: str, default_kind: str | None) -> _Outcome:
        w = self.where
        kind = _part(adres, "type", w, path) or default_kind or "bezoekadres"
        if _yes(adres.get("indAfgeschermd")):
            return ("shielded", kind, True)
        addition = _part(adres, "toevoegingAdres", w, path)
        props, canonical = _address_props(adres, w, path)
        if not props:
            return ("none", True)
        if not is_whole_address(props):
            place = props.get("full") or format_address(props.get("street"), props.get("house_number"),
                                                        props.get("house_letter"),
                                                        props.get("house_number_addition"), props.get("postcode"),
                                                        props.get("city"), None, props.get("country"))
            return ("place", kind, f"{place} ({addition})" if addition else place, True)
        schema, et = self.cache.schema, self.cache.address
        try:
            if not canonical:
                props = self.cache.normal_address(props)
        except ValidationError as exc:
            raise w.error(f"{path}.{exc.field or ''}", str(exc), exc.value) from None
        identity = self.cache.address_identity(props)
        if identity is None:  # made from this document's reference: the same for no other document
            aid = schema.entity_id(et, Entity(type="Address", properties=props, provenance=self.provenance))
        else:
            aid = format_id(self.cache.address_prefix, key_of(identity))
        caption = schema.caption(et, props) or aid
        return ("address", kind, props, aid, caption, addition, props_json(props),
                self.cache.search("Address", caption, props), identity is not None)


# Countries, streets and cities repeat across an extract (each address is worked out once, but a street has
# many numbers): their spelling is looked up once. Pure functions of a text; an error is not remembered.
_country = lru_cache(maxsize=1024)(identifiers.country)
_street_of = lru_cache(maxsize=16_384)(_street)
_city_of = lru_cache(maxsize=4096)(_city)
_house_parts = lru_cache(maxsize=4096)(house_parts)  # letters and additions (`A`, `1`, `bis`): a few hundred


def address_props(adres: dict[str, Any], w: _Where, path: str) -> dict[str, Any]:
    """Address properties from a KvK `Adres` (Dutch parts, foreign combined fields, or `volledigAdres`)."""
    return _address_props(adres, w, path)[0]


def _address_props(adres: dict[str, Any], w: _Where, path: str) -> tuple[dict[str, Any], bool]:
    """(`address_props`, canonical): from Dutch parts every value is already in the schema's form (made by
    its normalisers: postcode, number; texts whitespace-collapsed), else the schema's normalisers must run."""
    land = _part(adres, "land", w, path)
    country = _country(land) if land else None
    full_text = _part(adres, "volledigAdres", w, path)
    # The Basisprofiel may give straatHuisnummer/postcodeWoonplaats on a Dutch address as well:
    # its own Dutch fields (postcode is part of the address's identity) take precedence then.
    raw_number, raw_po_box, raw_postcode = adres.get("huisnummer"), adres.get("postbusnummer"), adres.get("postcode")
    if (country and country != "NL") or (("straatHuisnummer" in adres or "postcodeWoonplaats" in adres)
                                         and raw_postcode in (None, "") and raw_number in (None, "")
                                         and raw_po_box in (None, "")):
        return _foreign_props(adres, w, path, land, country, full_text), False
    if raw_number.__class__ is int and 0 < raw_number < _EXACT and raw_po_box is None:  # nearly every address
        number, po_box = raw_number, None
    else:
        number, po_box = _numbers(raw_number, raw_po_box, w, path)
    street = _street_of(_part(adres, "straatnaam", w, path) or "")
    letter, addition = _part(adres, "huisletter", w, path), _part(adres, "huisnummerToevoeging", w, path)
    if letter is not None or addition is not None:
        letter, addition = _house_parts(letter, addition)
        if letter is not None and len(letter) != 1:
            raise w.error(f"{path}.huisletter", f"a house letter is one letter, got {letter!r}", letter)
    if adres.get("aanduidingBijHuisnummer") is not None:
        addition = _designated(addition, adres["aanduidingBijHuisnummer"], w, path)
    postcode = None if not raw_postcode else _postcode(raw_postcode, w, path)
    city = _city_of(_part(adres, "plaats", w, path) or "")
    if not postcode and not street and full_text:
        try:
            return parse_address(full_text).properties(), False
        except ValidationError as exc:
            raise w.error(f"{path}.volledigAdres", str(exc), full_text) from None
    props: dict[str, Any] = {"street": street, "house_number": number, "house_letter": letter,
                             "house_number_addition": addition, "postcode": postcode, "po_box": po_box,
                             "city": city}
    props = {k: v for k, v in props.items() if v not in (None, "")}
    if not props:
        return {}, True
    props["full"] = format_address(street, number, letter, addition, postcode, city, po_box)
    bag_id = _bag_id(adres.get("geoData"))
    if bag_id:
        props["bag_id"] = bag_id
    return props, True


_EXACT = 1 << 53  # a whole number below this is what identifiers.number gives for it


def _part(adres: dict[str, Any], key: str, w: _Where, path: str) -> str | None:
    """`_text` of one field of an address, its path spelled out only for an error (an address has a dozen)."""
    value = adres.get(key)
    if value.__class__ is str and len(value) <= w.quick and "\x00" not in value:  # nearly every text
        return " ".join(value.split()) or None
    return None if value is None else _text(value, w, f"{path}.{key}")


def _numbers(raw_number: Any, raw_po_box: Any, w: _Where, path: str) -> tuple[Any, Any]:
    """(house number, PO box): positive whole numbers (`identifiers.number`), None when absent."""
    number = None if raw_number in (None, "") else _normal("number", raw_number, w, f"{path}.huisnummer")
    po_box = None if raw_po_box in (None, "") else _normal("number", raw_po_box, w, f"{path}.postbusnummer")
    for value, name in ((number, "huisnummer"), (po_box, "postbusnummer")):
        if value is not None and (not isinstance(value, int) or value <= 0):
            raise w.error(f"{path}.{name}", f"{value!r} is not a positive whole number", value)
    return number, po_box


def _postcode(raw: Any, w: _Where, path: str) -> str:
    """`identifiers.postcode`: `1234AB` and `1234 AB` (the API's spellings) at once, any other through it."""
    if raw.__class__ is str and raw.isascii() and (len(raw) == 6 or (len(raw) == 7 and raw[4] == " ")):
        digits, letters = raw[:4], raw[-2:]
        if digits.isdigit() and digits[0] != "0" and letters.isalpha():
            letters = letters.upper()
            if letters not in identifiers.UNISSUED_POSTCODE_LETTERS:
                return f"{digits} {letters}"
    return str(_normal("postcode", raw, w, f"{path}.postcode"))


def _designated(addition: str | None, raw: Any, w: _Where, path: str) -> str | None:
    """The house number addition with `aanduidingBijHuisnummer` (`t/o`, `bij`) after it: part of the identity."""
    text = _text(raw, w, f"{path}.aanduidingBijHuisnummer")
    if text is None:
        return addition
    mark = DESIGNATIONS.get(text.lower(), text.upper())
    return f"{addition} {mark}" if addition else mark


def _foreign_props(adres: dict[str, Any], w: _Where, path: str, land: str | None, country: str | None,
                   full_text: str | None) -> dict[str, Any]:
    sh = _text(adres.get("straatHuisnummer"), w, f"{path}.straatHuisnummer")
    street, number, letter, addition = split_street_number(sh) if sh else (None, None, None, None)
    letter, addition = house_parts(letter, addition)
    pw = _text(adres.get("postcodeWoonplaats"), w, f"{path}.postcodeWoonplaats")
    city, postal_code = _foreign_city(pw) if pw else (None, None)
    foreign: dict[str, Any] = {"street": street, "house_number": number, "house_letter": letter,
                               "house_number_addition": addition, "city": city, "postal_code": postal_code,
                               "country": country or None}
    if not street and full_text:
        foreign = {"full": full_text, "country": country}
    else:
        foreign["full"] = ", ".join(p for p in (sh, pw, land) if p)
    return {k: v for k, v in foreign.items() if v not in (None, "")}


def _foreign_city(pw: str) -> tuple[str | None, str | None]:
    """`1000 Brussel` -> (Brussel, 1000): a foreign postcode is kept as written (as free text keeps it)."""
    rest, postal_code = split_foreign_postcode(pw)
    if postal_code is None:
        coded = [t for t in pw.split() if any(ch.isdigit() for ch in t)]
        postal_code = " ".join(coded) or None
        rest = " ".join(t for t in pw.split() if t not in coded)
    return _city(rest) or None, postal_code


def _bag_id(geo: Any) -> str | None:
    """The BAG nummeraanduiding (the address's own id in the Basisregistratie) from `geoData`."""
    if not isinstance(geo, dict):
        return None
    value = geo.get("nummerAanduidingId")
    return " ".join(str(value).split()) or None if value not in (None, "") else None


def _sbi(items: list[Any], b: _Builder, path: str) -> tuple[list[str], str | None, list[str]]:
    """(codes, main code, `code omschrijving` texts), once per distinct list in an import."""
    cache = b.cache
    try:
        key = tuple([(i.get("sbiCode"), i.get("indHoofdactiviteit"), i.get("sbiOmschrijving")) for i in items])
        hit = cache.sbi.get(key)
    except (AttributeError, TypeError):
        key, hit = None, None
    for i, item in enumerate(items):
        if item.__class__ is dict and not _READ_SBI.issuperset(item):
            cache.note(item, "sbi", f"{path}[{i}]")
    if hit is not None:
        return hit
    w = b.where
    codes, main, described = [], None, []
    for i, item in enumerate(items):
        item = _obj(item, w, f"{path}[{i}]")
        code = item.get("sbiCode")
        if code in (None, ""):
            continue
        code = _normal("sbi", code, w, f"{path}[{i}].sbiCode")
        codes.append(code)
        if _yes(item.get("indHoofdactiviteit")):
            main = code
        text = _text(item.get("sbiOmschrijving"), w, f"{path}[{i}].sbiOmschrijving")
        if text:
            described.append(f"{code} {text}")
    out = (codes, main, described)
    if key is not None:
        _trimmed(cache.sbi)[key] = out
    return out


def _establishment(number: str | None, name: str | None, registered: str | None) -> str | None:
    """`000038509504 Test EMZ Dagobert, ingeschreven 2017-10-10`: an establishment and when it was registered."""
    if not number:
        return None
    text = f"{number} {name}" if name else number
    return f"{text}, ingeschreven {registered}" if registered else text


def _names(items: list[Any], b: _Builder, path: str) -> list[str]:
    """The `naam` of each `handelsnamen` item (paths spelled out only for an error or a field not read)."""
    out = []
    w = b.where
    for i, item in enumerate(items):
        if item.__class__ is not dict:
            item = _obj(item, w, f"{path}[{i}]")
        if not _READ_NAME.issuperset(item):
            b.cache.note(item, "handelsnaam", f"{path}[{i}]")
        name = item.get("naam")
        if name.__class__ is str and len(name) <= w.quick and "\x00" not in name:  # `_text`, inline
            name = " ".join(name.split())
        else:
            name = _text(name, w, f"{path}[{i}].naam")
        if name:
            out.append(name)
    return out


def _websites(items: list[Any], where: _Where, path: str) -> list[str]:
    out = []
    for i, w in enumerate(items):
        t = " ".join(w.split()) if w.__class__ is str and len(w) <= where.quick and "\x00" not in w \
            else _text(w, where, f"{path}[{i}]")
        if t:
            out.append(t)
    return out


def _kvk_number(doc: dict[str, Any], where: _Where, path: str = "kvkNummer") -> str:
    value = doc.get("kvkNummer")
    if value in (None, ""):
        raise where.error(path, "kvkNummer is missing")
    return _digits(value, 8, "kvk", where, path)


def _addresses(b: _Builder, holder: dict[str, Any], base: str) -> None:
    w = b.where
    for i, adres in enumerate(_list(holder.get("adressen"), w, base)):
        b.address(_obj(adres, w, f"{base}[{i}]"), f"{base}[{i}]")


def _child(holder: dict[str, Any], key: str, kind: str, path: str, b: _Builder) -> dict[str, Any]:
    """`_obj` of holder[key] ({} when absent), its fields nothing reads noted (`MapCache.note`)."""
    obj = holder.get(key)
    if obj.__class__ is not dict:
        obj = _obj(obj, b.where, path)
    if not _READ[kind].issuperset(obj):
        b.cache.note(obj, kind, path)
    return obj


def basisprofiel(doc: dict[str, Any], b: _Builder) -> None:
    w, cache = b.where, b.cache
    if not _READ_BASIS.issuperset(doc):
        cache.note(doc, "basisprofiel", "")
    emb = _child(doc, "_embedded", "embedded", "_embedded", b)
    hoofd = _child(emb, "hoofdvestiging", "hoofdvestiging", "_embedded.hoofdvestiging", b)
    eigenaar = _child(emb, "eigenaar", "eigenaar", "_embedded.eigenaar", b)
    mat = _child(doc, "materieleRegistratie", "materieleRegistratie", "materieleRegistratie", b)
    codes, main, described = _sbi(_list(doc.get("sbiActiviteiten"), w, "sbiActiviteiten"), b, "sbiActiviteiten")
    here = "_embedded.hoofdvestiging.sbiActiviteiten"  # the establishment's own activities
    v_codes, v_main, v_described = _sbi(_list(hoofd.get("sbiActiviteiten"), w, here), b, here)
    statutair = _text(doc.get("statutaireNaam"), w, "statutaireNaam")
    naam = _text(doc.get("naam"), w, "naam")
    trade = _names(_list(doc.get("handelsnamen"), w, "handelsnamen"), b, "handelsnamen")
    if statutair and naam and naam != statutair:
        trade.append(naam)
    end = kvk_date(mat.get("datumEinde"), w, "materieleRegistratie.datumEinde")
    start = kvk_date(mat.get("datumAanvang"), w, "materieleRegistratie.datumAanvang")
    if start and end and end < start:
        raise w.error("materieleRegistratie.datumEinde", f"end date {end} is before start date {start}", end)
    number = (_digits(hoofd["vestigingsnummer"], 12, "vestiging", w, "_embedded.hoofdvestiging.vestigingsnummer")
              if hoofd.get("vestigingsnummer") else None)
    employees = _count(doc.get("totaalWerkzamePersonen"), w, "totaalWerkzamePersonen")
    if employees is None:
        employees = _count(hoofd.get("totaalWerkzamePersonen"), w, "_embedded.hoofdvestiging.totaalWerkzamePersonen")
    props = {
        "kvk_number": _kvk_number(doc, w), "name": statutair or naam, "trade_names": trade,
        "rsin": _text(eigenaar.get("rsin") or doc.get("rsin"), w, "_embedded.eigenaar.rsin"),
        "legal_form": _text(eigenaar.get("uitgebreideRechtsvorm") or eigenaar.get("rechtsvorm"), w,
                            "_embedded.eigenaar.uitgebreideRechtsvorm"),
        "sbi_codes": codes + v_codes, "main_sbi": main or v_main, "sbi_descriptions": described + v_described,
        "non_mailing": _flag(doc.get("indNonMailing"), w, "indNonMailing"),
        "establishments": [e for e in (_establishment(
            number, _text(hoofd.get("eersteHandelsnaam"), w, "_embedded.hoofdvestiging.eersteHandelsnaam"),
            kvk_date(hoofd.get("formeleRegistratiedatum"), w, "_embedded.hoofdvestiging.formeleRegistratiedatum")),)
            if e],
        "registration_date": kvk_date(doc.get("formeleRegistratiedatum"), w, "formeleRegistratiedatum"),
        "end_date": end, "employees": employees,
        "employees_fulltime": _count(hoofd.get("voltijdWerkzamePersonen"), w,
                                     "_embedded.hoofdvestiging.voltijdWerkzamePersonen"),
        "employees_parttime": _count(hoofd.get("deeltijdWerkzamePersonen"), w,
                                     "_embedded.hoofdvestiging.deeltijdWerkzamePersonen"),
        "establishment_number": [number] if number else [],
        "website": _websites(_list(hoofd.get("websites"), w, "_embedded.hoofdvestiging.websites"), w,
                             "_embedded.hoofdvestiging.websites")
        + _websites(_list(eigenaar.get("websites"), w, "_embedded.eigenaar.websites"), w,
                    "_embedded.eigenaar.websites"),
    }
    _addresses(b, hoofd, "_embedded.hoofdvestiging.adressen")
    _addresses(b, eigenaar, "_embedded.eigenaar.adressen")
    b.company(props, valid_from=start, valid_to=end)


def vestigingsprofiel(doc: dict[str, Any], b: _Builder) -> None:
    """One establishment. Its staff counts are the company's when it is the hoofdvestiging; a
    nevenvestiging's are counted as not kept (the Company has no per-establishment staff)."""
    w, cache = b.where, b.cache
    hoofd = _yes(doc.get("indHoofdvestiging"))
    staff = ("totaalWerkzamePersonen", "voltijdWerkzamePersonen", "deeltijdWerkzamePersonen")
    cache.note(doc, "vestigingsprofiel", "")
    if not hoofd:
        for name in staff:
            if doc.get(name) not in (None, ""):
                cache.unkept[f"{name} (nevenvestiging)"] += 1
    codes, main, described = _sbi(_list(doc.get("sbiActiviteiten"), w, "sbiActiviteiten"), b, "sbiActiviteiten")
    trade = _names(_list(doc.get("handelsnamen"), w, "handelsnamen"), b, "handelsnamen")
    first = _text(doc.get("eersteHandelsnaam"), w, "eersteHandelsnaam")
    if first:
        trade.append(first)
    number = _digits(doc["vestigingsnummer"], 12, "vestiging", w, "vestigingsnummer")
    counts = [_count(doc.get(name), w, name) if hoofd else None for name in staff]
    props = {
        "kvk_number": _kvk_number(doc, w), "name": _text(doc.get("statutaireNaam"), w, "statutaireNaam"),
        "trade_names": trade, "rsin": _text(doc.get("rsin"), w, "rsin"),
        "establishment_number": [number],
        "sbi_codes": codes, "main_sbi": main if hoofd else None, "sbi_descriptions": described,
        "non_mailing": _flag(doc.get("indNonMailing"), w, "indNonMailing"),
        "establishments": [e for e in (_establishment(
            number, first, kvk_date(doc.get("formeleRegistratiedatum"), w, "formeleRegistratiedatum")),) if e],
        "employees": counts[0], "employees_fulltime": counts[1], "employees_parttime": counts[2],
        "website": _websites(_list(doc.get("websites"), w, "websites"), w, "websites"),
    }
    _addresses(b, doc, "adressen")
    b.company(props)


def zoeken_resultaat(doc: dict[str, Any], b: _Builder, path: str) -> None:
    w, cache = b.where, b.cache
    cache.note(doc, "resultaat", path)
    naam = _text(doc.get("naam"), w, f"{path}.naam") or _text(doc.get("handelsnaam"), w, f"{path}.handelsnaam")
    kind = _text(doc.get("type"), w, f"{path}.type") or ""
    vest = doc.get("vestigingsnummer")
    props: dict[str, Any] = {
        "kvk_number": _kvk_number(doc, w, f"{path}.kvkNummer"), "rsin": _text(doc.get("rsin"), w, f"{path}.rsin"),
        "establishment_number": ([_digits(vest, 12, "vestiging", w, f"{path}.vestigingsnummer")]
                                 if vest not in (None, "") else []),
        "active": _flag(doc.get("actief"), w, f"{path}.actief"),
        "former_names": [n for n in (_text(doc.get("vervallenNaam"), w, f"{path}.vervallenNaam"),) if n],
    }
    if kind.lower() == "rechtspersoon":
        props["name"] = naam
    elif naam:
        props["trade_names"] = [naam]
    adres = _obj(doc.get("adres"), w, f"{path}.adres")
    cache.note(adres, "zoekadres", f"{path}.adres")
    binnen = _obj(adres.get("binnenlandsAdres"), w, f"{path}.adres.binnenlandsAdres")
    buiten = _obj(adres.get("buitenlandsAdres"), w, f"{path}.adres.buitenlandsAdres")
    if binnen:
        b.address(binnen, f"{path}.adres.binnenlandsAdres")
    if buiten:
        b.address({**buiten, "land": buiten.get("land") or "onbekend"}, f"{path}.adres.buitenlandsAdres")
    if not adres and any(k in doc for k in ("straatnaam", "postcode", "plaats")):
        # Zoeken v1.3: flat fields; its `type` says hoofdvestiging/rechtspersoon, not the kind of address
        b.address({k: doc.get(k) for k in ("straatnaam", "huisnummer", "huisletter", "huisnummerToevoeging",
                                           "postcode", "plaats")}, path, default_kind="bezoekadres")
    b.company(props)


def naamgeving(doc: dict[str, Any], b: _Builder) -> None:
    """Naamgeving: every name of the registration and of each establishment, and its start/end dates."""
    w, cache = b.where, b.cache
    cache.note(doc, "naamgeving", "")
    statutair = _text(doc.get("statutaireNaam"), w, "statutaireNaam")
    naam = _text(doc.get("naam"), w, "naam")
    trade = [naam] if statutair and naam and naam != statutair else []
    aliases = [a for a in (_text(doc.get("ookGenoemd"), w, "ookGenoemd"),) if a]
    numbers, establishments = [], []
    for i, vest in enumerate(_list(doc.get("vestigingen"), w, "vestigingen")):
        where = f"vestigingen[{i}]"
        vest = _obj(vest, w, where)
        cache.note(vest, "naamvestiging", where)
        if vest.get("vestigingsnummer") in (None, ""):
            raise w.error(f"{where}.vestigingsnummer", "vestigingsnummer is missing")
        number = _digits(vest["vestigingsnummer"], 12, "vestiging", w, f"{where}.vestigingsnummer")
        first = _text(vest.get("eersteHandelsnaam"), w, f"{where}.eersteHandelsnaam")
        names = _names(_list(vest.get("handelsnamen"), w, f"{where}.handelsnamen"), b, f"{where}.handelsnamen")
        trade += [n for n in (first, *names) if n]
        other = _text(vest.get("naam"), w, f"{where}.naam")  # a non-commercial establishment's name
        aliases += [n for n in (other, _text(vest.get("ookGenoemd"), w, f"{where}.ookGenoemd")) if n]
        numbers.append(number)
        establishments.append(_establishment(number, first or other, None))
    start = kvk_date(doc.get("startdatum"), w, "startdatum")
    end = kvk_date(doc.get("einddatum"), w, "einddatum")
    if start and end and end < start:
        raise w.error("einddatum", f"end date {end} is before start date {start}", end)
    b.company({"kvk_number": _kvk_number(doc, w), "name": statutair or naam, "trade_names": trade,
               "aliases": aliases, "rsin": _text(doc.get("rsin"), w, "rsin"), "end_date": end,
               "establishment_number": numbers, "establishments": establishments},
              valid_from=start, valid_to=end)


_BASIS_FIELDS = frozenset({"_embedded", "formeleRegistratiedatum", "materieleRegistratie", "sbiActiviteiten",
                           "statutaireNaam", "handelsnamen", "indNonMailing", "totaalWerkzamePersonen", "naam"})
_NAAMGEVING_FIELDS = frozenset({"vestigingen", "startdatum", "einddatum", "ookGenoemd"})


def shape_of(doc: Any) -> str:
    """`zoeken`, `basisprofiel`, `vestigingsprofiel`, `naamgeving` or `fout` (an error answer), from the
    fields the API returns; "" for anything else (refused, never guessed)."""
    if not isinstance(doc, dict):
        return ""
    if "fout" in doc and "kvkNummer" not in doc:
        return "fout"
    if "resultaten" in doc:
        return "zoeken"
    if "kvkNummer" not in doc:
        return ""
    if "vestigingsnummer" in doc:
        return "vestigingsprofiel"
    if "_embedded" not in doc and not _NAAMGEVING_FIELDS.isdisjoint(doc):
        return "naamgeving"
    if not _BASIS_FIELDS.isdisjoint(doc):
        return "basisprofiel"
    return ""


def _fout_message(doc: dict[str, Any]) -> str:
    """The KvK's own words from an error body: `IPD0004: Het KvK-nummer is niet valide`."""
    raw = doc.get("fout")
    items: list[Any] = raw if isinstance(raw, list) else [raw]
    parts = []
    for item in items[:5]:
        if isinstance(item, dict):
            code, text = item.get("code"), item.get("omschrijving")
            parts.append(": ".join(str(p)[:200] for p in (code, text) if p not in (None, "")))
        elif item not in (None, ""):
            parts.append(str(item)[:200])
    return "; ".join(p for p in parts if p) or "no message"


def records_from_document(doc: Any, schema: Schema, where: _Where, meta: dict[str, Any]) -> KvkRecords:
    """Entities and relations of one KvK API document; ImportDataError names file, record and field.

    `meta` holds source, grading, label and received date; its `cache` (a MapCache, made on first use)
    carries what repeats from one document to the next."""
    out = KvkRecords()
    _map_document(doc, schema, where, meta, out)
    return out


def rows_from_document(doc: Any, schema: Schema, where: _Where, meta: dict[str, Any], out: KvkRows) -> None:
    """`records_from_document` for the bulk path: the document's records added to `out` as columns."""
    _map_document(doc, schema, where, meta, out)


def _map_document(doc: Any, schema: Schema, where: _Where, meta: dict[str, Any], sink: KvkRecords | KvkRows) -> None:
    cache = meta.get("cache")
    if cache is None or cache.schema is not schema:
        cache = meta["cache"] = MapCache(schema)
    shape = shape_of(doc)
    if shape == "zoeken":
        cache.note(doc, "zoeken", "")
        for i, res in enumerate(_list(doc["resultaten"], where, "resultaten")):
            res = _obj(res, where, f"resultaten[{i}]")
            ref = f"zoeken/{res.get('kvkNummer')}/{res.get('vestigingsnummer') or ''}"
            zoeken_resultaat(res, _Builder(cache, where, meta, ref, sink), f"resultaten[{i}]")
        return
    if shape in _SHAPES:
        reference, build = _SHAPES[shape]
        build(doc, _Builder(cache, where, meta, f"{shape}/{doc.get(reference)}", sink))
        return
    if shape == "fout":
        raise where.error("fout", f"the file holds a KvK error answer, not data: {_fout_message(doc)}")
    keys = ", ".join(sorted(map(str, doc))[:8]) if isinstance(doc, dict) else type(doc).__name__
    raise where.error("", "not a KvK Zoeken, Basisprofiel, Vestigingsprofiel or Naamgeving document "
                      f"(fields: {keys or 'none'})")


_SHAPES = {"basisprofiel": ("kvkNummer", basisprofiel), "vestigingsprofiel": ("vestigingsnummer", vestigingsprofiel),
           "naamgeving": ("kvkNummer", naamgeving)}


# -- reading files ---------------------------------------------------------------------------------------------
def _check_depth(doc: Any, path: Path, row: int) -> None:
    depth = json_depth(doc)
    if depth is not None:
        raise ImportDataError(f"JSON nested more than {JSON_DEPTH} levels deep (KvK documents nest 4)", file=path,
                              row=row)


def _loads(text: str, path: Path, row: int | None) -> Any:
    """orjson (several times faster); the standard library for what it refuses (numbers beyond 64 bits,
    NaN) and for its located error messages."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}" if row is None else f"column {exc.colno}"
        raise ImportDataError(f"not valid JSON ({exc.msg}, {where})", file=path,
                              row=exc.lineno if row is None else row) from None
    except RecursionError:
        raise ImportDataError("JSON nested too deeply", file=path, row=row or 1) from None


def _json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, document) of JSON lines, read as bytes: orjson parses UTF-8 itself, where a line read as
    text was decoded and then encoded again for it (issue 18: a tenth of the KvK mapping of accented names).
    Numbered and parsed as text mode reads them: `\n`, `\r\n` or `\r` ends a line, a BOM first is skipped,
    a blank line (Unicode white space) is left out, a line orjson refuses goes through `_loads` as text."""
    with path.open("rb") as fh:
        n = 0
        for raw in fh:
            if n == 0 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            for line in (raw,) if b"\r" not in raw else _text_lines(raw):
                n += 1
                if not line.strip():
                    continue
                try:
                    doc = orjson.loads(line)
                except orjson.JSONDecodeError:
                    try:
                        text = line.decode("utf-8")
                    except UnicodeDecodeError as exc:
                        raise ImportDataError(f"not UTF-8 JSON ({exc.reason} at byte {exc.start})", file=path) from None
                    if not text.strip():
                        continue
                    doc = _loads(text, path, n)
                if line.count(b"{") + line.count(b"[") > JSON_DEPTH:  # else it cannot nest deeper
                    _check_depth(doc, path, n)
                yield n, doc


def _text_lines(raw: bytes) -> list[bytes]:
    """The lines text mode reads in a binary line holding `\r` (universal newlines: `\r\n` and `\r` end one)."""
    lines = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    if not lines[-1]:
        lines.pop()  # the end of the last one
    return lines


def iter_documents(path: Path) -> Iterator[tuple[int, Any]]:
    """(record number, document): a JSON object, a JSON array of objects, or JSON lines (streamed)."""
    try:
        with path.open("r", encoding="utf-8-sig") as fh:
            head = fh.read(1 << 16)
            stripped = head.lstrip()
            lines = path.suffix.lower() in {".jsonl", ".ndjson"} or (stripped.startswith("{") and "}\n{" in head)
            if not lines:
                text = head + fh.read()
    except UnicodeDecodeError as exc:
        raise ImportDataError(f"not UTF-8 JSON ({exc.reason} at byte {exc.start})", file=path) from None
    if lines:
        yield from _json_lines(path)
        return
    data = _loads(text, path, None)
    del text
    _check_depth(data, path, 1)
    if isinstance(data, list):
        yield from enumerate(data, 1)
    else:
        yield 1, data
