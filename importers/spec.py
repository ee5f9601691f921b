"""Import specifications: which columns make which entities and relations, saved as YAML.

Like Analyst's Notebook's import specifications, a spec is made once per kind of file
(the monthly export of the Meldpunt, the RIEC case table) and reused. It names the
source and grading applied to every row, how dates are written, and per table (a CSV,
or a sheet of an .xlsx) the entities and relations each row makes:

    name: Meldingen Meldpunt Ondermijning
    source: Meldpunt Ondermijning Almelo     # provenance of every record
    reliability: B                           # A-F
    credibility: 2                           # 1-6
    label: confidential                      # security label
    date_format: dd-mm-jjjj                  # or yyyy-mm-dd, auto, or strftime like %d/%m/%Y
    csv: {delimiter: auto, encoding: auto}   # or ';', tab, whitespace and cp1252 / utf-8; comment: '%'
                                             # skips leading note lines starting with '%'
    tables:
      - sheet: Personen                      # .xlsx only
        entities:
          person:
            type: Person
            reference: [Naam, Geboortedatum] # identifies a record that has no identifier
            properties:
              name: Naam
              birth_date: {column: Geboortedatum, required: true}
              aliases: {column: Aliassen, split: ";"}
          address:
            type: Address
            address: Adres                   # free text, parsed by importers.addresses
          case:
            type: Case
            properties: {case_number: Zaaknummer, name: {value: Casus Noord}}
        relations:
          - {type: registered_at, from: person, to: address, properties: {kind: {value: woonadres}}}
          - type: {column: Functie, map: {bestuurder: director_of, eigenaar: owner_of}, default: director_of}
            from: [person, legal_person]     # the first that the row has
            to: company
            valid_from: Datum aanvang

A single-table spec may put `entities` and `relations` at the top level.

Network files (docs/import-specs.md has worked examples):
- an edge list maps only relations; an end names its entity inline, resolved by the
  column's value (one entity per distinct value, never one per row):
      header_row: 0                          # no header: columns are 1, 2, 3, ...
      relations:
        - {type: contacted, from: {type: Person, column: 1}, to: {type: Person, column: 2},
           properties: {count: 3, kind: {value: gebeld}}}
- an adjacency matrix (UCINET-style CSV/XLSX: row labels in the first column, column
  labels in the header, a number per tie, empty or 0 for none):
      matrix: {entity: Person, relation: associate_of, value: weight}
  a Pajek or UCINET DL file of several relations names each (`relations: {Business: associate_of,
  Marital: family_of}`) or keeps the name in a property (`name: kind`); `text: nature` takes a
  tie's label (Pajek `l "..."`); `nodes: {Wealth: notes}` puts a Pajek `*Vector`/`*Partition` value
  per vertex in an entity property
- `limits: {cell_chars: 32767, name_chars: 1000}` bounds what a cell and a name may hold.

Every problem is a SpecError naming the spec file and the key at fault.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.model import CREDIBILITY, RELIABILITY, SECURITY_LABELS
from graph.schema import Schema, default_schema
from importers.errors import SpecError
from importers.limits import SPEC_BYTES, Limits, yaml_shape_problem

DATE_FORMATS = {"dd-mm-jjjj": "%d-%m-%Y", "dd-mm-yyyy": "%d-%m-%Y", "jjjj-mm-dd": "%Y-%m-%d",
                "yyyy-mm-dd": "%Y-%m-%d", "dd/mm/jjjj": "%d/%m/%Y", "dd/mm/yyyy": "%d/%m/%Y",
                "jjjjmmdd": "%Y%m%d", "yyyymmdd": "%Y%m%d", "dd.mm.jjjj": "%d.%m.%Y", "auto": "auto"}
_TOP_KEYS = {"name", "description", "source", "reliability", "credibility", "label", "received", "date_format",
             "csv", "header_row", "tables", "entities", "relations", "version", "limits", "matrix"}
_TABLE_KEYS = {"sheet", "entities", "relations", "header_row", "matrix"}
_END_KEYS = {"type", "column", "property"}
_KINDS = {"list": "a list", "str": "text", "int": "a number", "float": "a number", "bool": "yes/no",
          "NoneType": "nothing"}  # what a YAML value is, in words (`got list` read as Python)
_MATRIX_KEYS = {"entity", "property", "relation", "value", "text", "name", "relations", "nodes", "columns"}
WHITESPACE = r"\s+"  # `csv: {delimiter: whitespace}`: pandas splits on runs of spaces and tabs
# The columns an adjacency matrix is reshaped into, one row per tie (importers.case_import.melt_matrix).
MATRIX_FROM, MATRIX_TO, MATRIX_VALUE = "\x1fvan", "\x1fnaar", "\x1fwaarde"
# ... and, for a network file, the name of the relation a tie belongs to (a UCINET DL matrix label, a
# Pajek `*Arcs :2 "name"`) and the tie's own text (Pajek `l "label"`); empty where the file has none.
MATRIX_RELATION, MATRIX_TEXT = "\x1frelatie", "\x1ftekst"
_ENTITY_KEYS = {"type", "properties", "address", "reference", "label", "valid_from", "valid_to", "required"}
_REL_KEYS = {"type", "from", "to", "properties", "valid_from", "valid_to", "label"}
_COLUMN_KEYS = {"column", "value", "split", "date_format", "required", "map", "default"}


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Where one value comes from: a column (optionally split or mapped) or a constant."""

    column: str | None = None
    value: Any = None
    split: str | None = None
    date_format: str | None = None
    required: bool = False
    map: dict[str, str] | None = None
    default: Any = None


@dataclass(frozen=True, slots=True)
class EntityMap:
    key: str
    type: str
    properties: dict[str, ColumnMap]
    address: ColumnMap | None = None
    reference: tuple[str, ...] = ()
    label: str | None = None
    valid_from: ColumnMap | None = None
    valid_to: ColumnMap | None = None
    required: bool = False


@dataclass(frozen=True, slots=True)
class RelationMap:
    type: ColumnMap  # `value` holds a fixed type; `column` + `map` pick it per row
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    properties: dict[str, ColumnMap]
    valid_from: ColumnMap | None = None
    valid_to: ColumnMap | None = None
    label: str | None = None


@dataclass(frozen=True, slots=True)
class MatrixSpec:
    """An adjacency matrix: rows and columns name entities of `entity`, a cell's number is a tie.

    A two-mode network (persons by the meetings they attended: UCINET `NR=18, NC=14`, Pajek `*Vertices 32
    18`, an incidence matrix) names entities of `columns` across the top instead (None: one-mode).

    A network file may hold several relations (UCINET `NM=2` with `MATRIX LABELS:`, Pajek
    `*Arcs :1 "Business"`): `relations` maps their names (case-folded) to relation types, and only those
    are imported; `name` keeps each tie's relation name in a text property instead. `text` is the
    property a tie's own label goes in (Pajek `l "..."`).
    """

    entity: str
    property: str
    relation: str | None
    value: str | None = None
    text: str | None = None
    name: str | None = None
    relations: dict[str, str] = field(default_factory=dict)
    columns: str | None = None
    # a value per node (Pajek `*Vector Wealth`, `*Partition`): its name -> the entity property it goes in
    nodes: dict[str, str] = field(default_factory=dict)

    def relation_of(self, name: str) -> str | None:
        """The relation type a tie of relation `name` makes (None: not imported): the one `relations` names,
        else `relation` (which may be None when `relations` is given)."""
        return self.relations.get(name.strip().casefold(), self.relation)

    def types(self) -> list[str]:
        return list(dict.fromkeys([*self.relations.values(), *([self.relation] if self.relation else [])]))


@dataclass(frozen=True, slots=True)
class TableSpec:
    sheet: str | None
    entities: dict[str, EntityMap]
    relations: tuple[RelationMap, ...]
    header_row: int = 1
    matrix: MatrixSpec | None = None

    def per_row_entities(self, schema: Schema) -> list[str]:
        """Entity keys that make a new entity for every row: no `reference` and no identifier mapped."""
        out = []
        for key, em in self.entities.items():
            et = schema.entities[em.type]
            firsts = {names[0] for names in (et.identity, *et.identity_alternatives) if names}
            if em.reference or firsts & set(em.properties) or em.address is not None:
                continue
            out.append(key)
        return out

    def columns(self) -> set[str]:
        """Every column this table reads."""
        maps: list[ColumnMap | None] = []
        for e in self.entities.values():
            maps += [*e.properties.values(), e.address, e.valid_from, e.valid_to]
        for r in self.relations:
            maps += [r.type, *r.properties.values(), r.valid_from, r.valid_to]
        cols = {m.column for m in maps if m is not None and m.column}
        cols |= {c for e in self.entities.values() for c in e.reference}
        return cols


@dataclass(frozen=True, slots=True)
class ImportSpec:
    name: str
    source: str
    tables: tuple[TableSpec, ...]
    reliability: str | None = None
    credibility: str | None = None
    label: str = "open"
    received: str | None = None
    date_format: str = "auto"
    delimiter: str = "auto"
    encoding: str = "auto"
    comment: str = ""  # `csv: {comment: "%"}`: leading lines that start with it are notes, not rows (KONECT)
    path: str | None = None
    limits: Limits = field(default_factory=Limits)
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def strftime_format(value: Any, where: str) -> str:
    """`dd-mm-jjjj` -> `%d-%m-%Y`; strftime patterns pass; SpecError for anything else."""
    text = str(value).strip()
    if text.lower() in DATE_FORMATS:
        return DATE_FORMATS[text.lower()]
    if "%" in text and any(c in text for c in "dmYy"):
        return text
    raise SpecError(f"{where}: date format {text!r} is not one of {', '.join(DATE_FORMATS)} "
                    "nor a strftime pattern like %d/%m/%Y")


class _Reader:
    """Walks the parsed YAML, naming the spec file and key path in every error."""

    def __init__(self, origin: str, schema: Schema):
        self.origin = origin
        self.schema = schema

    def fail(self, where: str, message: str) -> SpecError:
        """`spec.yaml: matrix.relation: ...` (a single-table spec's keys are named from the top, without the
        `top level.` that said nothing and stayed English in Dutch)."""
        return SpecError(f"{self.origin}: {where.removeprefix('top level.')}: {message}")

    def date_format(self, value: Any, where: str) -> str:
        try:
            return strftime_format(value, where)
        except SpecError as exc:
            raise SpecError(f"{self.origin}: {exc}") from None

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a mapping, got {_KINDS.get(type(value).__name__, 'something else')}")
        for k in value:
            if not isinstance(k, str):
                raise self.fail(where, f"key {k!r} is not text")
        return value

    def keys(self, value: dict[str, Any], allowed: set[str], where: str) -> None:
        unknown = set(value) - allowed
        if unknown:
            raise self.fail(where, f"unknown key(s) {', '.join(sorted(unknown))} "
                            f"(allowed: {', '.join(sorted(allowed))})")

    def text(self, value: Any, where: str) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float) or not str(value).strip():
            raise self.fail(where, f"expected text, got {value!r}")
        return str(value).strip()

    def column(self, value: Any, where: str) -> ColumnMap:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return ColumnMap(column=self.text(value, where))
        raw = self.mapping(value, where)
        self.keys(raw, _COLUMN_KEYS, where)
        if ("column" in raw) == ("value" in raw):
            raise self.fail(where, "give exactly one of `column` or `value`")
        mapping = None
        if "map" in raw:
            mapping = {str(k).strip().casefold(): self.text(v, f"{where}.map.{k}")
                       for k, v in self.mapping(raw["map"], f"{where}.map").items()}
        split = raw.get("split")
        if split is not None and (not isinstance(split, str) or not split):
            raise self.fail(f"{where}.split", f"expected a separator like ';', got {split!r}")
        value_ = raw.get("value")
        if value_ is not None and not isinstance(value_, str | int | float | bool):
            raise self.fail(f"{where}.value", f"expected a single value, got {value_!r}")
        return ColumnMap(
            column=self.text(raw["column"], f"{where}.column") if "column" in raw else None,
            value=value_ if "value" in raw else None, split=split,
            date_format=self.date_format(raw["date_format"], f"{where}.date_format") if "date_format" in raw else None,
            required=bool(raw.get("required", False)), map=mapping, default=raw.get("default"))

    def entity(self, key: str, raw: Any, where: str) -> EntityMap:
        raw = self.mapping(raw, where)
        self.keys(raw, _ENTITY_KEYS, where)
        type_name = self.text(raw.get("type"), f"{where}.type")
        if type_name not in self.schema.entities:
            raise self.fail(f"{where}.type", f"unknown entity type {type_name!r} "
                            f"(known: {', '.join(self.schema.entities)})")
        et = self.schema.entities[type_name]
        props: dict[str, ColumnMap] = {}
        for name, value in self.mapping(raw.get("properties") or {}, f"{where}.properties").items():
            if name not in et.properties:
                raise self.fail(f"{where}.properties.{name}", f"{type_name} has no property {name!r} "
                                f"(known: {', '.join(et.properties)})")
            props[name] = self.column(value, f"{where}.properties.{name}")
        address = None
        if "address" in raw:
            if type_name != "Address":
                raise self.fail(f"{where}.address", "only an Address entity can read a free-text address")
            address = self.column(raw["address"], f"{where}.address")
        if not props and address is None:
            raise self.fail(where, "maps no column: give `properties` (or `address` for an Address)")
        ref = raw.get("reference") or []
        if isinstance(ref, str):
            ref = [ref]
        if not isinstance(ref, list):
            raise self.fail(f"{where}.reference", "expected a list of column names")
        label = self.label(raw, where)
        return EntityMap(
            key=key, type=type_name, properties=props, address=address,
            reference=tuple(self.text(c, f"{where}.reference") for c in ref), label=label,
            valid_from=self.column(raw["valid_from"], f"{where}.valid_from") if "valid_from" in raw else None,
            valid_to=self.column(raw["valid_to"], f"{where}.valid_to") if "valid_to" in raw else None,
            required=bool(raw.get("required", False)))

    def inline_end(self, raw: dict[str, Any], entities: dict[str, EntityMap], where: str) -> str:
        """`{type: Person, column: Van}`: the entity the column's value names (one per distinct value)."""
        self.keys(raw, _END_KEYS, where)
        type_name = self.text(raw.get("type"), f"{where}.type")
        if type_name not in self.schema.entities:
            raise self.fail(f"{where}.type", f"unknown entity type {type_name!r} "
                            f"(known: {', '.join(self.schema.entities)})")
        et = self.schema.entities[type_name]
        column = self.text(raw.get("column"), f"{where}.column")
        prop = self.text(raw.get("property", et.caption[0] if et.caption else ""), f"{where}.property")
        if prop not in et.properties:
            raise self.fail(f"{where}.property", f"{type_name} has no property {prop!r} "
                            f"(known: {', '.join(et.properties)})")
        key = f"{type_name}:{column}"
        em = EntityMap(key=key, type=type_name, properties={prop: ColumnMap(column=column)}, reference=(column,))
        if key in entities and entities[key] != em:
            raise self.fail(where, f"{column!r} names a {type_name} by two different properties")
        entities[key] = em
        return key

    def relation(self, raw: Any, entities: dict[str, EntityMap], where: str) -> RelationMap:
        raw = self.mapping(raw, where)
        self.keys(raw, _REL_KEYS, where)
        rtype, possible = self.relation_type(raw, where)
        ends = (self.relation_end(raw, "from", entities, where), self.relation_end(raw, "to", entities, where))
        self.check_end_types(rtype, possible, ends, entities, where)
        props = self.relation_properties(raw, possible, where)
        return RelationMap(
            type=rtype, sources=ends[0], targets=ends[1], properties=props, label=self.label(raw, where),
            valid_from=self.column(raw["valid_from"], f"{where}.valid_from") if "valid_from" in raw else None,
            valid_to=self.column(raw["valid_to"], f"{where}.valid_to") if "valid_to" in raw else None)

    def relation_type(self, raw: dict[str, Any], where: str) -> tuple[ColumnMap, list[str]]:
        """The relation's type (fixed, or per row from a column) and the schema types it can take.

        A column-typed relation without `map` or `default` can take any type, so `possible` is
        empty and the per-row checks happen at import time with the row number.
        """
        if "type" not in raw:
            raise self.fail(where, "missing `type`")
        rtype = (ColumnMap(value=self.text(raw["type"], f"{where}.type")) if not isinstance(raw["type"], dict)
                 else self.column(raw["type"], f"{where}.type"))
        possible = ([rtype.value] if rtype.value is not None
                    else [*(rtype.map or {}).values(), *([rtype.default] if rtype.default else [])])
        if rtype.column is not None and not rtype.map and not rtype.default:
            possible = []
        for t in possible:
            if t not in self.schema.relations:
                raise self.fail(f"{where}.type", f"unknown relation type {t!r} "
                                f"(known: {', '.join(self.schema.relations)})")
        return rtype, possible

    def relation_end(self, raw: dict[str, Any], end: str, entities: dict[str, EntityMap],
                     where: str) -> tuple[str, ...]:
        """The entity keys at one end (`from`/`to`): a key, a list of keys or an inline entity."""
        value = raw.get(end)
        if isinstance(value, dict):
            value = self.inline_end(value, entities, f"{where}.{end}")
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names:
            raise self.fail(f"{where}.{end}", "expected an entity key or a list of them")
        for n in names:
            if n not in entities:
                raise self.fail(f"{where}.{end}", f"{n!r} is not an entity of this table "
                                f"(entities: {', '.join(entities)})")
        return tuple(names)

    def check_end_types(self, rtype: ColumnMap, possible: list[str], ends: tuple[tuple[str, ...], tuple[str, ...]],
                        entities: dict[str, EntityMap], where: str) -> None:
        """Refuse a spec whose ends can never fit the relation type(s) the schema allows."""
        for t in possible:
            rt = self.schema.relations[t]
            for end, keys, allowed in (("from", ends[0], rt.source), ("to", ends[1], rt.target)):
                fits = [entities[k].type in allowed for k in keys]
                if rtype.column is not None and any(fits):
                    continue  # a per-row type: rows whose ends do not fit it are rejected with their row number
                for k in keys:
                    if entities[k].type not in allowed:
                        raise self.fail(f"{where}.{end}", f"{t} cannot {'start' if end == 'from' else 'end'} at "
                                        f"{entities[k].type} {k!r} (allowed: {', '.join(allowed)})")

    def relation_properties(self, raw: dict[str, Any], possible: list[str], where: str) -> dict[str, ColumnMap]:
        """The relation's property columns, each declared by at least one of its possible types."""
        props: dict[str, ColumnMap] = {}
        for name, value in self.mapping(raw.get("properties") or {}, f"{where}.properties").items():
            if possible and not any(name in self.schema.relations[t].properties for t in possible):
                raise self.fail(f"{where}.properties.{name}", f"relation property {name!r} is not declared "
                                f"for {', '.join(possible)}")
            props[name] = self.column(value, f"{where}.properties.{name}")
        return props

    def label(self, raw: dict[str, Any], where: str) -> str | None:
        """An optional per-entity/relation security label, one of SECURITY_LABELS."""
        label = raw.get("label")
        if label is not None and label not in SECURITY_LABELS:
            raise self.fail(f"{where}.label", f"{label!r} is not one of {', '.join(SECURITY_LABELS)}")
        return label

    def table(self, raw: Any, where: str, default_header: int) -> TableSpec:
        raw = self.mapping(raw, where)
        self.keys(raw, _TABLE_KEYS, where)
        header = raw.get("header_row", default_header)
        if isinstance(header, bool) or not isinstance(header, int) or header < 0:
            raise self.fail(f"{where}.header_row", f"expected a row number >= 0 (0: no header), got {header!r}")
        sheet = raw.get("sheet")
        sheet = None if sheet is None else self.text(sheet, f"{where}.sheet")
        if "matrix" in raw:
            if "entities" in raw or "relations" in raw:
                raise self.fail(f"{where}.matrix", "a matrix makes its own entities and relations; "
                                "give no `entities` or `relations` with it")
            if header < 1:
                raise self.fail(f"{where}.header_row", "a matrix needs its header row (the column labels)")
            return self.matrix(raw["matrix"], f"{where}.matrix", sheet, header)
        entities: dict[str, EntityMap] = {}
        if raw.get("entities") is not None:
            ents_raw = self.mapping(raw.get("entities"), f"{where}.entities")
            entities = {k: self.entity(k, v, f"{where}.entities.{k}") for k, v in ents_raw.items()}
        rels_raw = raw.get("relations") or []
        if not isinstance(rels_raw, list):
            raise self.fail(f"{where}.relations", "expected a list")
        relations = tuple(self.relation(r, entities, f"{where}.relations[{i}]") for i, r in enumerate(rels_raw))
        if not entities:
            raise self.fail(f"{where}.entities", "a table must make at least one entity (or relations whose "
                            "ends name their entity: `from: {type: Person, column: Van}`)")
        return TableSpec(sheet=sheet, entities=entities, relations=relations, header_row=header)

    def matrix(self, raw: Any, where: str, sheet: str | None, header: int) -> TableSpec:
        raw = self.mapping(raw, where)
        self.keys(raw, _MATRIX_KEYS, where)
        type_name = self.text(raw.get("entity"), f"{where}.entity")
        if type_name not in self.schema.entities:
            raise self.fail(f"{where}.entity", f"unknown entity type {type_name!r} "
                            f"(known: {', '.join(self.schema.entities)})")
        et = self.schema.entities[type_name]
        prop = self.text(raw.get("property", et.caption[0] if et.caption else ""), f"{where}.property")
        if prop not in et.properties:
            raise self.fail(f"{where}.property", f"{type_name} has no property {prop!r}")
        columns = None if raw.get("columns") is None else self.text(raw["columns"], f"{where}.columns")
        if columns is not None and columns not in self.schema.entities:
            raise self.fail(f"{where}.columns", f"unknown entity type {columns!r} "
                            f"(known: {', '.join(self.schema.entities)})")
        column_type = columns or type_name
        column_prop = self.schema.entities[column_type].caption[0] if columns else prop
        rel = None if raw.get("relation") is None and "relations" in raw else self.text(raw.get("relation"),
                                                                                         f"{where}.relation")
        written = {str(k).strip(): self.text(v, f"{where}.relations.{k}")
                   for k, v in self.mapping(raw.get("relations") or {}, f"{where}.relations").items()}
        per_name = {k.casefold(): v for k, v in written.items()}
        if "relations" in raw and not per_name:
            raise self.fail(f"{where}.relations", "name at least one relation of the file and its relation type")
        checked = ([("relation", rel)] if rel else []) + [(f"relations.{k}", v) for k, v in written.items()]
        for key, t in checked:
            self.matrix_type(t, type_name, f"{where}.{key}", column_type)
        types = list(dict.fromkeys([*per_name.values(), *([rel] if rel else [])]))
        props: dict[str, ColumnMap] = {}
        value = raw.get("value")
        if value is not None:
            value = self.matrix_property(value, types, "number", f"{where}.value")
            props[value] = ColumnMap(column=MATRIX_VALUE)
        text = name = None
        for key, column in (("text", MATRIX_TEXT), ("name", MATRIX_RELATION)):
            if raw.get(key) is not None:
                chosen = self.matrix_property(raw[key], types, "text", f"{where}.{key}")
                if chosen in props:
                    raise self.fail(f"{where}.{key}", f"{chosen!r} already holds the tie's other value")
                props[chosen] = ColumnMap(column=column)
                text, name = (chosen, name) if key == "text" else (text, chosen)
        nodes = {str(k).strip(): self.text(v, f"{where}.nodes.{k}")
                 for k, v in self.mapping(raw.get("nodes") or {}, f"{where}.nodes").items()}
        for vector, node_prop in nodes.items():
            for t, named_by in ((type_name, prop), (column_type, column_prop)):
                if node_prop not in self.schema.entities[t].properties or node_prop == named_by:
                    raise self.fail(f"{where}.nodes.{vector}", f"{t} has no property {node_prop!r} to hold it"
                                    if node_prop != named_by else f"{node_prop!r} already names the nodes")
        ends = {k: EntityMap(key=k, type=t, reference=(c,), properties={
                    p: ColumnMap(column=c), **{n: ColumnMap(column=f"{c}:{v}") for v, n in nodes.items()}})
                for k, c, t, p in (("rij", MATRIX_FROM, type_name, prop),
                                   ("kolom", MATRIX_TO, column_type, column_prop))}
        rtype = (ColumnMap(column=MATRIX_RELATION, map=per_name, default=rel) if per_name else ColumnMap(value=rel))
        relation = RelationMap(type=rtype, sources=("rij",), targets=("kolom",), properties=props)
        return TableSpec(sheet=sheet, entities=ends, relations=(relation,), header_row=header,
                         matrix=MatrixSpec(entity=type_name, property=prop, relation=rel, value=value, text=text,
                                           name=name, relations=per_name, nodes=nodes, columns=columns))

    def matrix_type(self, rel: str, type_name: str, where: str, column_type: str) -> None:
        if rel not in self.schema.relations:
            raise self.fail(where, f"unknown relation type {rel!r} (known: {', '.join(self.schema.relations)})")
        rt = self.schema.relations[rel]
        if type_name not in rt.source or column_type not in rt.target:
            raise self.fail(where, f"{rel} cannot link {type_name} to {column_type}")

    def matrix_property(self, raw: Any, types: list[str], kind: str, where: str) -> str:
        """A relation property of `kind` (number, text) that at least one of the matrix's types declares."""
        name = self.text(raw, where)
        if not any(getattr(self.schema.relations[t].properties.get(name), "type", None) == kind for t in types):
            have = sorted({n for t in types for n, p in self.schema.relations[t].properties.items() if p.type == kind})
            raise self.fail(where, f"{', '.join(types)} has no {kind} property {name!r} "
                            f"({kind} properties: {', '.join(have) or 'none'})")
        return name


def parse_spec(data: Any, *, origin: str = "<spec>", schema: Schema | None = None) -> ImportSpec:
    """Validate a spec given as parsed YAML; SpecError names `origin` and the key at fault."""
    r = _Reader(origin, schema or default_schema())
    raw = r.mapping(data, "top level")
    r.keys(raw, _TOP_KEYS, "top level")
    source = r.text(raw.get("source"), "source")
    reliability, credibility = _grading(r, raw)
    label = str(raw.get("label", "open"))
    if label not in SECURITY_LABELS:
        raise r.fail("label", f"{label!r} is not one of {', '.join(SECURITY_LABELS)}")
    date_format = r.date_format(raw.get("date_format", "auto"), "date_format")
    delimiter, encoding = _csv_options(r, raw)
    comment = _comment(r, raw)
    tables = _tables(r, raw)
    limits = _limits(r, raw)
    received = _received(r, raw)
    return ImportSpec(name=str(raw.get("name") or Path(origin).stem), source=source, tables=tables,
                      reliability=reliability, credibility=credibility, label=label,
                      received=received, date_format=date_format, delimiter=delimiter, encoding=encoding,
                      comment=comment, path=origin, limits=limits, raw=raw)


def _grading(r: _Reader, raw: dict[str, Any]) -> tuple[str | None, str | None]:
    """The source's reliability (A-F) and the information's credibility (1-6), both optional."""
    reliability = raw.get("reliability")
    if reliability is not None and str(reliability) not in RELIABILITY:
        raise r.fail("reliability", f"{reliability!r} is not one of A-F")
    credibility = raw.get("credibility")
    if credibility is not None and str(credibility) not in CREDIBILITY:
        raise r.fail("credibility", f"{credibility!r} is not one of 1-6")
    return (None if reliability is None else str(reliability),
            None if credibility is None else str(credibility))


def _csv_options(r: _Reader, raw: dict[str, Any]) -> tuple[str, str]:
    """The `csv:` delimiter (one character, `tab`, `whitespace` or `auto`) and encoding (a codec or `auto`).

    `whitespace` (runs of spaces and tabs) is how edge lists from R, KONECT and Zenodo often come
    (`Source Target Weight`)."""
    csv_opts = r.mapping(raw.get("csv") or {}, "csv")
    r.keys(csv_opts, {"delimiter", "encoding", "comment"}, "csv")
    delimiter = str(csv_opts.get("delimiter", "auto"))
    if delimiter in ("\\t", "tab"):
        delimiter = "\t"
    if delimiter in ("whitespace", "space", "spaces"):
        delimiter = WHITESPACE
    if delimiter not in ("auto", WHITESPACE) and len(delimiter) != 1:
        raise r.fail("csv.delimiter", f"expected one character, `tab`, `whitespace` or `auto`, got {delimiter!r}")
    encoding = str(csv_opts.get("encoding", "auto"))
    if encoding != "auto":
        import codecs
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise r.fail("csv.encoding", f"unknown encoding {encoding!r}") from None
    return delimiter, encoding


def _comment(r: _Reader, raw: dict[str, Any]) -> str:
    """`csv: {comment: "%"}`: the text the file's leading note lines start with (KONECT's `% sym unweighted`)."""
    value = r.mapping(raw.get("csv") or {}, "csv").get("comment", "")
    if not isinstance(value, str) or len(value.strip()) > 3 or (value and not value.strip()):
        raise r.fail("csv.comment", f"expected the one to three characters note lines start with, got {value!r}")
    return value.strip()


def _tables(r: _Reader, raw: dict[str, Any]) -> tuple[TableSpec, ...]:
    """The `tables:` list, or the one table given by top-level `entities`/`relations`/`matrix`."""
    header = raw.get("header_row", 1)
    if "tables" in raw:
        if "entities" in raw or "relations" in raw or "matrix" in raw:
            raise r.fail("top level", "give either `tables` or top-level `entities`/`relations`, not both")
        tables_raw = raw["tables"]
        if not isinstance(tables_raw, list) or not tables_raw:
            raise r.fail("tables", "expected a non-empty list of tables")
    else:
        tables_raw = [{k: raw[k] for k in ("entities", "relations", "matrix") if k in raw}]
    if not isinstance(header, int) or isinstance(header, bool) or header < 0:
        raise r.fail("header_row", f"expected a row number >= 0 (0: no header), got {header!r}")
    return tuple(r.table(t, f"tables[{i}]" if "tables" in raw else "top level", header)
                 for i, t in enumerate(tables_raw))


def _limits(r: _Reader, raw: dict[str, Any]) -> Limits:
    """Per-spec overrides of the cell and name length limits, each a count >= 1."""
    limits_raw = r.mapping(raw.get("limits") or {}, "limits")
    r.keys(limits_raw, {"cell_chars", "name_chars"}, "limits")
    for k, v in limits_raw.items():
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise r.fail(f"limits.{k}", f"expected a number of characters >= 1, got {v!r}")
    return Limits(**limits_raw)


def _received(r: _Reader, raw: dict[str, Any]) -> str | None:
    """The optional date the data was received, normalised like any other date."""
    received = raw.get("received")
    if received is None:
        return None
    from graph import identifiers
    from graph.errors import ValidationError
    try:
        return identifiers.date(received)
    except ValidationError as exc:
        raise r.fail("received", str(exc)) from None


def load_spec(path: str | Path, *, schema: Schema | None = None) -> ImportSpec:
    """Read and validate a spec file (or a packaged one by name, e.g. `kvk_companies`)."""
    p = Path(path)
    if not p.exists() and not p.suffix:
        packaged = Path(__file__).parent / "specs" / f"{p.name}.yaml"
        if packaged.exists():
            p = packaged
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SpecError(f"{path}: no such import specification") from None
    except UnicodeDecodeError as exc:
        raise SpecError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return loads_spec(text, origin=str(path), schema=schema)


def loads_spec(text: str, *, origin: str = "<spec>", schema: Schema | None = None) -> ImportSpec:
    if len(text) > SPEC_BYTES:
        raise SpecError(f"{origin}: {len(text):,} characters; an import specification is at most {SPEC_BYTES:,}")
    if "\x00" in text:
        raise SpecError(f"{origin}: contains a NUL byte; not a text file")
    problem = yaml_shape_problem(text)
    if problem is not None:
        raise SpecError(f"{origin}: {problem}; refused")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "YAML"
        raise SpecError(f"{origin}: {where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    return parse_spec(data, origin=origin, schema=schema)
