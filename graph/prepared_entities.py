"""Entities a bulk import hands the store as plain columns, validated and canonicalised once.

The twin of `graph.prepared` (relations). An import used to build an `Entity` per record,
which the store then normalised and validated again (`Schema.prepare_entity`) before it
made the caption, the search text and the canonical JSON, record by record: a third of
the store's time in a wide import. Here the schema's rules run column by column (each
distinct property value normalised once, ids hashed over a column) and the store writes
the columns as they are. Only this module can make `EntityRows` (a private seal), so the
store's bulk entry cannot be handed unchecked rows.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.errors import NotFound, SchemaError
from graph.model import Entity, Provenance
from graph.prepared import _hash_keys, _validity
from graph.schema import (
    _SEQUENCES,
    EntityType,
    Schema,
    _is_empty,
    format_id,
    identity_text,
    name_key,
    parse_id,
    search_value,
    type_prefix,
)
from graph.stores.records import props_json
from graph.text import fold, runs_in

_SEAL = object()  # only this module holds it
_ABSENT = object()


@dataclass(frozen=True, slots=True, eq=False)
class EntityRows:
    """Canonical entities, one list per column (same length); metadata the same for every row is kept once.

    Properties are normalised (`Schema.normalise_properties`), ids derived (`Schema.entity_id`),
    captions made (`Schema.caption`, else the id), the full-text entry folded (`Schema.search_text`),
    dates ISO, grading and labels checked. `legacy`: row -> the id the old rule gave it
    (`Schema.legacy_entity_id`), for the rows whose id came from source, reference and name.
    """

    ids: list[str]
    keys: list[int]
    types: list[str]
    captions: list[str]
    props_json: list[str]  # canonical JSON: what the store writes (the dicts are not kept: memory)
    search: list[str]  # folded full-text entry
    refs: list[str | None]
    labels: list[str]
    valid_from: list[str | None]
    valid_to: list[str | None]
    legacy: dict[int, str]
    source: str | None
    received: str | None
    reliability: str | None
    credibility: str | None
    seal: object

    def __post_init__(self) -> None:
        if self.seal is not _SEAL:
            raise TypeError("EntityRows are made by graph.prepared_entities.entity_rows, which validates them")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (importers.kvk_pipeline: a mapping process hands its rows to the one that stores them), they
        come back sealed, as `canonical_entity_rows` made them: a pickle is trusted code anyway."""
        return (_entityrows_sealed, ({f: getattr(self, f) for f in self.__slots__ if f != "seal"},))

    def __len__(self) -> int:
        return len(self.ids)

    def _with(self, cols: dict[str, Any], legacy: dict[int, str]) -> EntityRows:
        return EntityRows(**cols, legacy=legacy, source=self.source, received=self.received,
                          reliability=self.reliability, credibility=self.credibility, seal=_SEAL)

    def part(self, start: int, stop: int) -> EntityRows:
        """Rows start..stop (a store's batch)."""
        legacy = {i - start: old for i, old in self.legacy.items() if start <= i < stop}
        return self._with({name: getattr(self, name)[start:stop] for name in _COLUMNS}, legacy)

    def take(self, rows: Sequence[int]) -> EntityRows:
        """The given rows, in that order (an import leaves out what it handed the store already)."""
        at = {old: new for new, old in enumerate(rows)}
        legacy = {at[i]: old for i, old in self.legacy.items() if i in at}
        return self._with({name: [getattr(self, name)[i] for i in rows] for name in _COLUMNS}, legacy)

    def record(self, i: int) -> Entity:
        """Row i as an Entity (for a merge with a stored record, or a store without a bulk entry)."""
        return Entity(id=self.ids[i], type=self.types[i], caption=self.captions[i],
                      properties=json.loads(self.props_json[i]),
                      provenance=None if self.source is None else Provenance(
                          source=self.source, reference=self.refs[i], received=self.received),
                      reliability=self.reliability, credibility=self.credibility, valid_from=self.valid_from[i],
                      valid_to=self.valid_to[i], label=self.labels[i])

    def records(self) -> list[Entity]:
        return [self.record(i) for i in range(len(self))]


_COLUMNS = ("ids", "keys", "types", "captions", "props_json", "search", "refs", "labels", "valid_from", "valid_to")


def is_entity_rows(value: Any) -> bool:
    """Rows this module made (a store's bulk entry accepts nothing else)."""
    return isinstance(value, EntityRows) and value.seal is _SEAL


class _Where:
    """`type reference` of row i, made only for an error message (the reference names file and row)."""

    def __init__(self, types: Sequence[str], refs: Sequence[str | None]):
        self.types, self.refs = types, refs

    def __getitem__(self, i: int) -> str:
        return f"{self.types[i]} {self.refs[i] or ''}".strip()


class _Props:
    """Normalises property dicts, each distinct (type, property, value) once (`Schema.normalise_properties`)."""

    def __init__(self, schema: Schema):
        self.schema = schema
        self.caches: dict[tuple[str, str], dict[Any, Any]] = {}  # (type, property) -> {text or texts: value}

    def one(self, et: EntityType, props: Mapping[str, Any], where: _Where, i: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        caches = self.caches
        tname = et.name
        for name, value in props.items():
            cls = value.__class__
            if cls is str:  # texts only: 1, 1.0 and True are equal keys but not one value
                key: Any = value
            elif (cls is list or cls is tuple) and all(v.__class__ is str for v in value):
                key = tuple(value)
            else:
                key = None
            cache = caches.get((tname, name))
            if cache is None:
                cache = caches[(tname, name)] = {}
            got = _ABSENT if key is None else cache.get(key, _ABSENT)
            if got is _ABSENT:
                got = self._value(et, name, value, where, i)
                if key is not None:
                    cache[key] = got
            if got is not None:
                out[name] = got  # a list shared between rows: read only
        return out

    @staticmethod
    def _value(et: EntityType, name: str, value: Any, where: _Where, i: int) -> Any:
        """`Schema.normalise_properties` of one property: its canonical value, None when empty."""
        spec = et.properties.get(name)
        if spec is None:
            raise SchemaError(f"{where[i]}: unknown property {name!r}")
        if type(value) in _SEQUENCES:
            clean = [spec.normalise(v) for v in value if not _is_empty(v)]
            if not clean:
                return None
            return sorted(set(clean), key=str) if spec.multi else clean[0]
        if _is_empty(value):
            return None
        return [spec.normalise(value)] if spec.multi else spec.normalise(value)


_Plan = tuple[tuple[str, ...], tuple[tuple[str, ...], ...], tuple[tuple[str, bool, re.Pattern[str] | None], ...]]


class _Texts:
    """Caption, identity text and folded search text of one entity type (`graph.schema` rules).

    Per set of properties present (most rows of an import share one) a plan names the caption,
    identity and search properties among them, in the schema's order: a row looks at those alone.
    """

    def __init__(self, schema: Schema, et: EntityType):
        self.et = et
        self.identities = [names for names in (et.identity, *et.identity_alternatives) if names]
        # (name, squeeze: an identifier also without its spaces, search_pattern or None) per searched property
        self.search_props = [(n, et.properties[n].type not in ("name", "text"), et.properties[n].search_pattern)
                             for n in et.search_properties]
        self.plans: dict[tuple[str, ...], _Plan] = {}

    def plan(self, props: Mapping[str, Any]) -> _Plan:
        names = tuple(props)
        got = self.plans.get(names)
        if got is None:
            present = set(names)
            got = self.plans[names] = (tuple(n for n in self.et.caption if n in present),
                                       tuple(ids for ids in self.identities if ids[0] in present),
                                       tuple(sp for sp in self.search_props if sp[0] in present))
        return got

    @staticmethod
    def caption(props: Mapping[str, Any], plan: _Plan) -> str:
        """`Schema.caption`."""
        for name in plan[0]:
            v = props[name]
            if isinstance(v, list):
                v = v[0] if v else None
            if v not in (None, ""):
                return str(v)
        return ""

    def identity(self, props: Mapping[str, Any], plan: _Plan) -> str | None:
        """`Schema.identity_key`."""
        for names in plan[1]:
            if props[names[0]] not in (None, "", []):
                return identity_text(self.et.name, names, props)
        return None

    @staticmethod
    def search(caption: str, props: Mapping[str, Any], plan: _Plan) -> str:
        """`Schema.search_text`: a value said twice, or standing in the caption as whole words, is indexed once;
        of a property with a `search_pattern` only the part the pattern names (`graph.schema.search_value`)."""
        parts = [caption]
        for name, squeeze, pattern in plan[2]:
            v = props[name]
            if v is None:
                continue
            if pattern is not None:
                v = [t for item in (v if isinstance(v, list) else [v]) if (t := search_value(pattern, str(item)))]
            if v.__class__ is str:  # most values
                if v not in caption or not runs_in(v, caption):
                    parts.append(v)
                if squeeze and " " in v:
                    parts.append(v.replace(" ", ""))
                continue
            for item in v if isinstance(v, list) else [v]:
                s = str(item)
                if s not in caption or not runs_in(s, caption):
                    parts.append(s)
                if squeeze and " " in s:
                    parts.append(s.replace(" ", ""))
        return fold(" ".join(dict.fromkeys(parts)))


def _checked_meta(schema: Schema, labels: set[str], received: str | None, reliability: str | None,
                  credibility: str | None) -> tuple[str | None, str | None]:
    """Grading, received date and each label checked once (`Schema._check_meta`); (received, credibility)."""
    for label in sorted(labels):
        probe = Entity(type="", reliability=reliability, credibility=credibility, label=label,
                       provenance=Provenance(source="", received=received))
        schema._check_meta(probe, "entity")
        assert probe.provenance is not None
        received, credibility = probe.provenance.received, probe.credibility
    return received, credibility


def entity_rows(schema: Schema, types: Sequence[str], props: Sequence[Mapping[str, Any]], refs: Sequence[str | None],
                labels: Sequence[str], *, valid_from: Sequence[str | None] | None = None,
                valid_to: Sequence[str | None] | None = None, source: str | None = None, received: str | None = None,
                reliability: str | None = None, credibility: str | None = None) -> EntityRows:
    """Validate and canonicalise entities given as columns: what `Schema.prepare_entity` does per record.

    Raises SchemaError / ValidationError (naming type and reference) for an unknown type or
    property, a bad value, grading or label, or a validity that ends before it starts.
    """
    n = len(types)
    if len(props) != n:
        raise ValueError("entity_rows: columns of different lengths")
    texts = {t: _Texts(schema, schema.entity_type(t)) for t in set(types)}
    where = _Where(types, refs)
    normalise = _Props(schema)
    clean = [normalise.one(texts[t].et, p, where, i) for i, (t, p) in enumerate(zip(types, props, strict=True))]
    return _canonical_rows(schema, texts, types, clean, refs, labels, valid_from, valid_to, source, received,
                           reliability, credibility)


def entity_rows_of_columns(schema: Schema, type_name: str, columns: Mapping[str, Sequence[Any]],
                           refs: Sequence[str | None], labels: Sequence[str], *,
                           valid_from: Sequence[str | None] | None = None,
                           valid_to: Sequence[str | None] | None = None, source: str | None = None,
                           received: str | None = None, reliability: str | None = None,
                           credibility: str | None = None) -> EntityRows:
    """`entity_rows` of entities of one type given as property columns (None: no value), normalised column
    by column: each distinct value of a column once (pandas factorize), not a lookup per row and property.

    An importer that mapped its table column-wise (`importers.case_import`) hands its columns as they
    are; the rules, the checks and the result are those of `entity_rows` (tests/core/test_entity_rows.py).
    """
    n = len(refs)
    types = [type_name] * n
    texts = {type_name: _Texts(schema, schema.entity_type(type_name))} if n else {}
    where = _Where(types, refs)
    clean: list[dict[str, Any]] = [{} for _ in range(n)]
    for name, values in columns.items():
        if len(values) != n:
            raise ValueError("entity_rows: columns of different lengths")
        if n:
            column = _normal_column(texts[type_name].et, name, values, where)
            for props, value in zip(clean, column, strict=True):
                if value is not None:
                    props[name] = value  # a list shared between rows: read only
    return _canonical_rows(schema, texts, types, clean, refs, labels, valid_from, valid_to, source, received,
                           reliability, credibility)


_FACTORISABLE = {type(None), str, int, tuple}  # equal only to values of their own class (not 1 == 1.0 == True)


def _factorisable(values: Sequence[Any]) -> bool:
    """Whether factorize may stand one value for all its equals: texts, whole numbers, tuples of texts."""
    return set(map(type, values)) <= _FACTORISABLE


def _normal_column(et: EntityType, name: str, values: Sequence[Any], where: _Where) -> list[Any]:
    """The canonical value of every row of one property column (`_Props._value`), each distinct value once."""
    if name not in et.properties:
        where_i = next((i for i, v in enumerate(values) if v is not None), None)
        if where_i is None:
            return [None] * len(values)
        raise SchemaError(f"{where[where_i]}: unknown property {name!r}")
    import numpy as np  # lazily: the store imports this module, the CLI's start does not need them
    import pandas as pd

    codes, uniques = (None, ()) if not _factorisable(values) else pd.factorize(pd.Series(values, dtype=object),
                                                                               use_na_sentinel=False)
    if codes is None or not all(u.__class__ is not tuple or all(v.__class__ is str for v in u) for u in uniques):
        return [None if v is None else _Props._value(et, name, v, where, i) for i, v in enumerate(values)]
    mapped = np.empty(len(uniques), dtype=object)
    for j, raw in enumerate(uniques):
        if raw is not None:
            mapped[j] = _Props._value(et, name, raw, where, 0)
    out: list[Any] = mapped[codes].tolist()
    return out


def _canonical_rows(schema: Schema, texts: dict[str, _Texts], types: Sequence[str], clean: list[dict[str, Any]],
                    refs: Sequence[str | None], labels: Sequence[str], valid_from: Sequence[str | None] | None,
                    valid_to: Sequence[str | None] | None, source: str | None, received: str | None,
                    reliability: str | None, credibility: str | None) -> EntityRows:
    """EntityRows of canonical property dicts: metadata checked, ids, captions and search texts made."""
    n = len(types)
    none: list[str | None] = [None] * n
    vf_in = list(valid_from) if valid_from is not None else none
    vt_in = list(valid_to) if valid_to is not None else list(none)
    if not all(len(c) == n for c in (clean, refs, labels, vf_in, vt_in)):
        raise ValueError("entity_rows: columns of different lengths")
    where = _Where(types, refs)
    received, credibility = _checked_meta(schema, set(labels), received, reliability, credibility)
    vf, vt = _validity(schema, vf_in, vt_in, where)  # type: ignore[arg-type]
    plans = [texts[t].plan(p) for t, p in zip(types, clean, strict=True)]
    captions = [_Texts.caption(p, plan) for p, plan in zip(clean, plans, strict=True)]
    key_texts: list[str | None] = []
    legacy_texts: dict[int, str] = {}
    for i, (t, p, ref) in enumerate(zip(types, clean, refs, strict=True)):
        key = texts[t].identity(p, plans[i])
        if key is None and ref and source is not None:  # `Schema.fallback_key`
            key = f"{t}|src={source}|ref={ref}"
            name = name_key(captions[i])
            if name:
                legacy_texts[i] = key
                key = f"{key}|name={name}"
        key_texts.append(key)
    keys = _hash_keys(k or "" for k in key_texts)
    for i, k in enumerate(key_texts):
        if k is None:  # neither identity nor reference: a record of its own (`Schema.entity_id`)
            keys[i] = secrets.randbits(63)
    ids = [format_id(type_prefix(t), k) for t, k in zip(types, keys, strict=True)]
    legacy = dict(zip(legacy_texts, (format_id(type_prefix(types[i]), k) for i, k in zip(
        legacy_texts, _hash_keys(legacy_texts.values()), strict=True)), strict=True))
    captions = [c or i for c, i in zip(captions, ids, strict=True)]
    search = [_Texts.search(c, p, plan) for c, p, plan in zip(captions, clean, plans, strict=True)]
    return EntityRows(ids=ids, keys=keys, types=list(types), captions=captions,
                      props_json=[props_json(p) for p in clean], search=search, refs=list(refs),
                      labels=list(labels), valid_from=vf, valid_to=vt, legacy=legacy, source=source,
                      received=received, reliability=reliability, credibility=credibility, seal=_SEAL)


def join_rows(parts: Sequence[EntityRows]) -> EntityRows:
    """One EntityRows of several with the same metadata (a chunk's entity maps)."""
    if not parts:
        raise ValueError("join_rows: nothing to join")
    first = parts[0]
    meta = (first.source, first.received, first.reliability, first.credibility)
    cols: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
    legacy: dict[int, str] = {}
    for part in parts:
        if (part.source, part.received, part.reliability, part.credibility) != meta:
            raise ValueError("join_rows: rows of another source or grading")
        offset = len(cols["ids"])
        legacy.update({offset + i: old for i, old in part.legacy.items()})
        for name in _COLUMNS:
            cols[name] += getattr(part, name)
    return first._with(cols, legacy)


def keep_legacy_ids(store: Any, rows: EntityRows) -> tuple[EntityRows, dict[str, str]]:
    """`graph.ids.keep_legacy_ids` for rows: rows whose record is stored under its old-rule id take that id.

    One lookup of the old ids (only rows without identity have one); returns the rows and {new id: old id}.
    """
    if not rows.legacy:
        return rows, {}
    from graph.ids import _same_name

    try:
        found = store.get_entities(list(dict.fromkeys(rows.legacy.values())))
    except NotFound:
        found = {}
    if not found:
        return rows, {}
    moved: dict[str, str] = {}
    ids, keys = list(rows.ids), list(rows.keys)
    for i, old in rows.legacy.items():
        stored = found.get(old)
        if stored is not None and old != ids[i] and _same_name(store, stored, rows.record(i)):
            moved[ids[i]] = old
            ids[i], keys[i] = old, int(old[-16:], 16)
    if not moved:
        return rows, {}
    cols = {name: getattr(rows, name) for name in _COLUMNS}
    legacy = {i: old for i, old in rows.legacy.items() if ids[i] != old}
    return rows._with({**cols, "ids": ids, "keys": keys}, legacy), moved


def store_entity_rows(store: Any, rows: EntityRows) -> Any:
    """Through the store's bulk entry when it has one, else as canonical Entity objects."""
    bulk = getattr(store, "upsert_entity_rows", None)
    if bulk is not None:
        return bulk(rows)
    return store.upsert_entities(rows.records(), canonical=True)



def search_texts(schema: Schema) -> Callable[[str, str, Mapping[str, Any]], str]:
    """`Schema.search_text` (folded) of (type, caption, canonical properties), for a mapper that makes its
    records canonical itself; the plan of each set of properties present is worked out once."""
    texts: dict[str, _Texts] = {}

    def search(type_name: str, caption: str, props: Mapping[str, Any]) -> str:
        tx = texts.get(type_name)
        if tx is None:
            tx = texts[type_name] = _Texts(schema, schema.entity_type(type_name))
        return _Texts.search(caption, props, tx.plan(props))

    return search


def canonical_entity_rows(schema: Schema, types: Sequence[str], ids: Sequence[str], captions: Sequence[str],
                          props_json: Sequence[str], search: Sequence[str], refs: Sequence[str | None],
                          labels: Sequence[str], *, valid_from: Sequence[str | None], valid_to: Sequence[str | None],
                          legacy: Mapping[int, str] | None = None, source: str | None = None,
                          received: str | None = None, reliability: str | None = None,
                          credibility: str | None = None) -> EntityRows:
    """Rows a mapper made canonical itself with the schema's own normalisers (what `upsert_entities(
    canonical=True)` trusts of an Entity): ids, captions, canonical JSON and folded search text as given.

    Checked here: equal lengths, known types, ids of the type's form, and grading, received date and
    labels (`Schema._check_meta`, once each); the mapper answers for the properties and validity.
    """
    n = len(ids)
    if not all(len(c) == n for c in (types, captions, props_json, search, refs, labels, valid_from, valid_to)):
        raise ValueError("canonical_entity_rows: columns of different lengths")
    prefixes = {t: type_prefix(schema.entity_type(t).name) + "-" for t in set(types)}
    keys = []
    for t, i in zip(types, ids, strict=True):
        if not i.startswith(prefixes[t]):
            raise SchemaError(f"{i}: a {i.partition('-')[0]}-id, not a {t}")
        keys.append(parse_id(i))
    received, credibility = _checked_meta(schema, set(labels), received, reliability, credibility)
    return EntityRows(ids=list(ids), keys=keys, types=list(types), captions=list(captions),
                      props_json=list(props_json), search=list(search), refs=list(refs), labels=list(labels),
                      valid_from=list(valid_from), valid_to=list(valid_to), legacy=dict(legacy or {}), source=source,
                      received=received, reliability=reliability, credibility=credibility, seal=_SEAL)


def _entityrows_sealed(columns: dict[str, Any]) -> EntityRows:
    return EntityRows(**columns, seal=_SEAL)
