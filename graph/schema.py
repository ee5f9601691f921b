"""The schema as data: entity and relation types read from `schema.yaml`.

Like followthemoney, a type is an entry in a file, not a class: importers, stores, the
CLI and the GUI all ask this module what a type's properties, identity and labels are.
It also turns a raw record into its canonical form: normalised values, a stable id
derived from the identifying properties, a caption and the text that search indexes.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from graph import identifiers
from graph.errors import SchemaError, ValidationError
from graph.model import CREDIBILITY, RELIABILITY, SECURITY_LABELS, Entity, Record, Relation
from graph.text import fold, runs_in

# libyaml's safe loader parses the schema ten times faster (about 0.1 s less per CLI command);
# the pure-Python one is PyYAML's fallback where libyaml is missing.
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SEARCHABLE_TYPES = {"name", "text", "identifier", "kvk", "vestiging", "postcode", "iban",
                    "plate", "phone", "email", "sbi"}


@dataclass(frozen=True, slots=True)
class PropertySpec:
    """A property as `schema.yaml` declares it.

    `search` (default true) says whether the full-text index holds the property when its type is a
    searchable one (SEARCHABLE_TYPES): a classification or bookkeeping value (a legal form, a status, a
    Bibob risk branch) is kept, shown and exported but not indexed -- typed into a search box it finds
    thousands of records, and in a KvK import it was a fifth of the index (issue 18). `search_pattern`,
    when given, narrows what is indexed of each value: a value the pattern matches is indexed as its
    group `text` (nothing when that group did not match), any other value whole.
    """

    name: str
    type: str
    multi: bool
    label: dict[str, str]
    sensitive: bool = False
    search: bool = True
    search_pattern: re.Pattern[str] | None = None

    def normalise(self, value: Any) -> Any:
        try:
            return identifiers.NORMALISERS[self.type](value)
        except ValidationError as exc:
            exc.field = self.name
            raise


@dataclass(frozen=True, slots=True)
class EntityType:
    name: str
    label: dict[str, str]
    plural: dict[str, str]
    role: str
    icon: str
    color: str
    caption: tuple[str, ...]
    identity: tuple[str, ...]
    identity_alternatives: tuple[tuple[str, ...], ...]
    properties: dict[str, PropertySpec]
    search_properties: tuple[str, ...] = field(default=())
    # search_properties and the properties of a searchable type that `search: false` leaves out, in the
    # schema's order: what the index held before that attribute existed (graph.stores.captions.rules_hash)
    search_candidates: tuple[str, ...] = field(default=())

    def title(self, lang: str = "nl") -> str:
        return self.label.get(lang) or self.name


@dataclass(frozen=True, slots=True)
class RelationType:
    name: str
    label: dict[str, str]
    source: tuple[str, ...]
    target: tuple[str, ...]
    directed: bool
    identity: tuple[str, ...]
    properties: dict[str, PropertySpec]

    def title(self, lang: str = "nl") -> str:
        return self.label.get(lang) or self.name


def _props(raw: dict[str, Any], where: str, *, searched: bool = True) -> dict[str, PropertySpec]:
    """The property specs of a type; `searched` is false for a relation type (relations are not indexed,
    so a search attribute there would promise what no index does)."""
    out = {}
    for name, spec in (raw or {}).items():
        ptype = spec.get("type", "text")
        if ptype not in identifiers.NORMALISERS:
            raise SchemaError(f"{where}.{name}: unknown property type {ptype!r}")
        search, pattern = _search_attributes(spec, f"{where}.{name}", searched)
        out[name] = PropertySpec(name, ptype, bool(spec.get("multi", False)),
                                 dict(spec.get("label", {})), bool(spec.get("sensitive", False)),
                                 search, pattern)
    return out


def _search_attributes(spec: dict[str, Any], where: str, searched: bool) -> tuple[bool, re.Pattern[str] | None]:
    """`search` (a bool) and `search_pattern` (a regular expression with a group `text`) of a property."""
    search, pattern = spec.get("search", True), spec.get("search_pattern")
    if not searched and ("search" in spec or pattern is not None):
        raise SchemaError(f"{where}: search and search_pattern apply to entity properties only")
    if not isinstance(search, bool):
        raise SchemaError(f"{where}: search must be true or false, not {search!r}")
    if pattern is None:
        return search, None
    try:
        compiled = re.compile(str(pattern))
    except re.error as exc:
        raise SchemaError(f"{where}: search_pattern {pattern!r}: {exc}") from None
    if "text" not in compiled.groupindex:
        raise SchemaError(f"{where}: search_pattern {pattern!r} has no group (?P<text>...)")
    return search, compiled


def search_value(pattern: re.Pattern[str] | None, value: str) -> str:
    """What the index holds of one value of a property with `search_pattern` (`PropertySpec`)."""
    if pattern is None:
        return value
    m = pattern.fullmatch(value)
    return value if m is None else (m.group("text") or "")


_SEQUENCES = (list, tuple, set)


def _is_empty(value: Any) -> bool:
    """None, blank text or NaN (what pandas gives for an empty cell)."""
    return value is None or (type(value) is str and not value.strip()) or value != value


def key_of(text: str) -> int:
    """A 63-bit key from identity text: the store's integer primary key."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") >> 1


def format_id(prefix: str, key: int) -> str:
    """`com-` + the 63-bit key in 16 hex digits: exact to type, cheap to make and parse."""
    return f"{prefix}-{key:016x}"


def parse_id(record_id: str) -> int:
    """The integer key of an id made by `format_id`; ValidationError for anything else."""
    prefix, _, body = record_id.partition("-")
    if len(body) != 16 or not prefix:
        raise ValidationError(f"{record_id!r} is not a Knooppunt record id", value=record_id)
    try:
        return int(body, 16)
    except ValueError:
        raise ValidationError(f"{record_id!r} is not a Knooppunt record id", value=record_id) from None


def name_key(name: str) -> str:
    """A name as part of an id key: case and runs of white space do not make another record."""
    return " ".join(name.casefold().split())


def _date(value: Any) -> str:
    """identifiers.date, once per distinct text: a bulk import gives every record the same few dates."""
    return _date_text(value) if isinstance(value, str) else identifiers.date(value)


@lru_cache(maxsize=65536)
def _date_text(text: str) -> str:
    return identifiers.date(text)


def type_prefix(type_name: str) -> str:
    return type_name[:3].lower()



def identity_text(type_name: str, names: Sequence[str], props: Mapping[str, Any]) -> str:
    """The identity key of a record of `type_name` by the property set `names` (the first value of a
    list, case-folded): one place, since the column-wise path (graph.prepared_entities) must agree."""
    parts = []
    for n in names:
        v = props.get(n)
        if isinstance(v, list):
            v = v[0] if v else None
        parts.append("" if v is None else str(v).casefold())
    return f"{type_name}|" + "|".join(f"{n}={p}" for n, p in zip(names, parts, strict=True))

class Schema:
    """Entity and relation types, loaded from a YAML file (default: the packaged one)."""

    def __init__(self, data: dict[str, Any]):
        self.version = int(data.get("version", 1))
        # source -> record type -> the properties whose value that source decides
        self.authorities: dict[str, dict[str, frozenset[str]]] = {}
        self.entities: dict[str, EntityType] = {}
        self.relations: dict[str, RelationType] = {}
        # red-flag indicator code -> {nl, en} title (what a table for people shows for the code)
        self.indicators: dict[str, dict[str, str]] = {
            str(code): {str(k): str(v) for k, v in (titles or {}).items()}
            for code, titles in (data.get("indicators") or {}).items()}
        for name, raw in data["entities"].items():
            props = _props(raw.get("properties", {}), name)
            identity = tuple(raw.get("identity", []))
            alts = tuple(tuple(a) for a in raw.get("identity_alternatives", []))
            for prop in (*identity, *(p for a in alts for p in a), *raw.get("caption", [])):
                if prop not in props:
                    raise SchemaError(f"{name}: identity/caption property {prop!r} is not declared")
            candidates = tuple(p for p, s in props.items() if s.type in SEARCHABLE_TYPES and not s.sensitive)
            self.entities[name] = EntityType(
                name=name, label=dict(raw.get("label", {})), plural=dict(raw.get("plural", {})),
                role=raw.get("role", "object"), icon=raw.get("icon", name.lower()),
                color=raw.get("color", "#888888"), caption=tuple(raw.get("caption", [])),
                identity=identity, identity_alternatives=alts, properties=props,
                search_properties=tuple(p for p in candidates if props[p].search), search_candidates=candidates,
            )
        for name, raw in data["relations"].items():
            for end in ("source", "target"):
                for t in raw.get(end, []):
                    if t not in self.entities:
                        raise SchemaError(f"relation {name}: unknown {end} type {t!r}")
            props = _props(raw.get("properties", {}), name, searched=False)
            self.relations[name] = RelationType(
                name=name, label=dict(raw.get("label", {})), source=tuple(raw["source"]),
                target=tuple(raw["target"]), directed=bool(raw.get("directed", True)),
                identity=tuple(raw.get("identity", [])), properties=props,
            )

        for source, by_type in (data.get("authorities") or {}).items():
            for type_name, names in by_type.items():
                specs = (self.entities[type_name].properties if type_name in self.entities
                         else self.relations[type_name].properties if type_name in self.relations else None)
                if specs is None:
                    raise SchemaError(f"authorities: {source}: unknown type {type_name!r}")
                for prop in names:
                    if prop not in specs:
                        raise SchemaError(f"authorities: {source}: {type_name} has no property {prop!r}")
                self.authorities.setdefault(str(source), {})[type_name] = frozenset(names)

    def indicator_title(self, code: str, lang: str = "nl") -> str:
        """A red-flag indicator's title in `lang` (`crowded_address` -> "Veel bedrijven op één adres");
        an unknown code as it is."""
        titles = self.indicators.get(code) or {}
        return titles.get(lang) or titles.get("en") or code

    def authoritative(self, source: str, type_name: str, prop: str) -> bool:
        """Whether `source` decides `prop` of records of `type_name` (the KvK: statutory data)."""
        return prop in self.authorities.get(source, {}).get(type_name, ())

    @classmethod
    def load(cls, path: str | Path | None = None) -> Schema:
        if path is None:
            text = resources.files("graph").joinpath("schema.yaml").read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        return cls(yaml.load(text, Loader=_SAFE_LOADER))

    # -- lookup -------------------------------------------------------------------------
    def entity_type(self, name: str) -> EntityType:
        try:
            return self.entities[name]
        except KeyError:
            raise SchemaError(f"unknown entity type {name!r}") from None

    def relation_type(self, name: str) -> RelationType:
        try:
            return self.relations[name]
        except KeyError:
            raise SchemaError(f"unknown relation type {name!r}") from None

    # -- canonical records ----------------------------------------------------------------
    def normalise_properties(self, specs: dict[str, PropertySpec], props: dict[str, Any],
                             where: str) -> dict[str, Any]:
        """Canonical values; empty values dropped; multi properties become sorted-unique lists."""
        out: dict[str, Any] = {}
        for name, value in props.items():
            spec = specs.get(name)
            if spec is None:
                raise SchemaError(f"{where}: unknown property {name!r}")
            if type(value) in _SEQUENCES:
                clean = [spec.normalise(v) for v in value if not _is_empty(v)]
                if clean:
                    out[name] = sorted(set(clean), key=str) if spec.multi else clean[0]
            elif not _is_empty(value):
                out[name] = [spec.normalise(value)] if spec.multi else spec.normalise(value)
        return out

    def identity_key(self, entity_type: EntityType, props: dict[str, Any]) -> str | None:
        """The normalised identity as text, or None when no identity property set applies.

        A set applies when its first property has a value (a postcode, a KvK number).
        """
        for names in (entity_type.identity, *entity_type.identity_alternatives):
            if names and props.get(names[0]) not in (None, "", []):
                return identity_text(entity_type.name, names, props)
        return None

    def _check_meta(self, record: Record, where: str) -> None:
        if (record.reliability is None and record.credibility is None and record.valid_from is None
                and record.valid_to is None and record.label == "open"
                and (record.provenance is None or record.provenance.received is None)):
            return
        if record.reliability is not None and record.reliability not in RELIABILITY:
            raise ValidationError(f"{where}: source reliability {record.reliability!r} is not A-F",
                                  field="reliability", value=record.reliability)
        if record.credibility is not None and str(record.credibility) not in CREDIBILITY:
            raise ValidationError(f"{where}: information credibility {record.credibility!r} is not 1-6",
                                  field="credibility", value=record.credibility)
        if record.label not in SECURITY_LABELS:
            raise ValidationError(f"{where}: security label {record.label!r} is not one of "
                                  f"{', '.join(SECURITY_LABELS)}", field="label", value=record.label)
        for attr in ("valid_from", "valid_to"):
            v = getattr(record, attr)
            if v is not None:
                setattr(record, attr, _date(v))
        if record.valid_from and record.valid_to and record.valid_to < record.valid_from:
            raise ValidationError(f"{where}: valid_to {record.valid_to} is before valid_from "
                                  f"{record.valid_from}", field="valid_to", value=record.valid_to)
        if record.credibility is not None:
            record.credibility = str(record.credibility)
        if record.provenance and record.provenance.received:
            record.provenance.received = _date(record.provenance.received)

    def prepare_entity(self, entity: Entity) -> Entity:
        """Validate and canonicalise in place: normalised properties, id, caption."""
        et = self.entity_type(entity.type)
        where = f"{entity.type} {entity.id or ''}".strip()
        entity.properties = self.normalise_properties(et.properties, entity.properties, where)
        self._check_meta(entity, where)
        if not entity.id:
            entity.id = self.entity_id(et, entity)
        entity.caption = self.caption(et, entity.properties) or entity.caption or entity.id
        return entity

    def entity_id(self, et: EntityType, entity: Entity) -> str:
        """Stable id: from the identity, else from source + reference + name, else random.

        The same company (KvK number) gets the same id on every machine and in every
        store, so push/pull between projects merges without a lookup table. Without an
        identity the name is part of the key: two persons in one KvK extract are two
        records, the same person restated by that extract is one.
        """
        key = self.identity_key(et, entity.properties) or self.fallback_key(et, entity)
        number = key_of(key) if key else secrets.randbits(63)
        return format_id(type_prefix(et.name), number)

    def fallback_key(self, et: EntityType, entity: Entity, *, legacy: bool = False) -> str | None:
        """The key of a record without identity: source, reference and (unless `legacy`) its name.

        `legacy` gives the key ids were made from before the name was part of it, which
        records in existing projects still carry (graph.ids finds them on re-import).
        """
        p = entity.provenance
        if p is None or not p.reference:
            return None
        key = f"{et.name}|src={p.source}|ref={p.reference}"
        name = "" if legacy else name_key(self.caption(et, entity.properties))
        return f"{key}|name={name}" if name else key

    def legacy_entity_id(self, et: EntityType, entity: Entity) -> str | None:
        """The id the record would have had under the old rule, when that differs from the new one."""
        if self.identity_key(et, entity.properties) is not None:
            return None
        new, old = self.fallback_key(et, entity), self.fallback_key(et, entity, legacy=True)
        if old is None or new == old:
            return None
        return format_id(type_prefix(et.name), key_of(old))

    def caption(self, et: EntityType, props: dict[str, Any]) -> str:
        for name in et.caption:
            v = props.get(name)
            if isinstance(v, list):
                v = v[0] if v else None
            if v not in (None, ""):
                return str(v)
        return ""

    def search_text(self, entity: Entity) -> str:
        """What the full-text index holds for an entity, folded (`graph.text.fold`): its caption and the values
        of its `search_properties` -- names, identifiers, addresses and free descriptions, not classification
        or bookkeeping values (`search: false` in schema.yaml), and of a property with a `search_pattern` only
        the part it names (an establishment's name, not its number and registration date).

        Identifiers are added in their canonical form and without spaces, so `1234AB`
        and `1234 AB` both find a postcode. A value said twice (a caption that is also the name or
        the full address, a main SBI code among the codes), or that stands in the caption as whole words
        (a street or postcode in the full address, a trade name in the name; `graph.text.runs_in`) is
        indexed once: every word of it is found the same, and the index does not hold its positions
        twice (issue 18). `graph.prepared_entities.search_texts` makes the same text column-wise.
        """
        et = self.entities[entity.type]
        caption = entity.caption
        parts = [caption]
        for name in et.search_properties:
            v = entity.properties.get(name)
            if v is None:
                continue
            pattern = et.properties[name].search_pattern
            for item in v if isinstance(v, list) else [v]:
                s = search_value(pattern, str(item))
                if not s:
                    continue
                if s not in caption or not runs_in(s, caption):
                    parts.append(s)
                if " " in s and et.properties[name].type not in ("name", "text"):
                    parts.append(s.replace(" ", ""))
        return fold(" ".join(dict.fromkeys(parts)))

    def prepare_relation(self, relation: Relation, source_type: str | None = None,
                         target_type: str | None = None) -> Relation:
        rt = self.relation_type(relation.type)
        where = f"{relation.type} {relation.source_id}->{relation.target_id}"
        if not relation.source_id or not relation.target_id:
            raise ValidationError(f"{where}: a relation needs both a source and a target")
        if source_type is not None and source_type not in rt.source:
            raise SchemaError(f"{where}: {rt.name} cannot start at a {source_type} "
                              f"(allowed: {', '.join(rt.source)})")
        if target_type is not None and target_type not in rt.target:
            raise SchemaError(f"{where}: {rt.name} cannot end at a {target_type} "
                              f"(allowed: {', '.join(rt.target)})")
        relation.properties = self.normalise_properties(rt.properties, relation.properties, where)
        self._check_meta(relation, where)
        if not rt.directed and relation.target_id < relation.source_id:
            relation.source_id, relation.target_id = relation.target_id, relation.source_id
        if not relation.id:
            relation.id = self.relation_id(rt, relation)
        return relation

    def relation_id(self, rt: RelationType, relation: Relation) -> str:
        """Stable id: type, both ends, start of validity and the type's identity properties."""
        extra = "|".join(str(relation.properties.get(n, "")).casefold() for n in rt.identity)
        key = f"{rt.name}|{relation.source_id}|{relation.target_id}|{relation.valid_from or ''}|{extra}"
        return format_id("rel", key_of(key))

    def entity_type_names(self) -> list[str]:
        return list(self.entities)

    def relation_type_names(self) -> list[str]:
        return list(self.relations)

    def check_types(self, names: Iterable[str], kind: str = "entity") -> None:
        known = self.entities if kind == "entity" else self.relations
        for n in names:
            if n not in known:
                raise SchemaError(f"unknown {kind} type {n!r} (known: {', '.join(known)})")


@cache
def default_schema() -> Schema:
    """The packaged schema, parsed once per process."""
    return Schema.load()
