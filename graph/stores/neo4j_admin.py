"""A project as CSV files for `neo4j-admin database import full`: millions of records into a fresh server.

Transactional writes (`UNWIND $rows`, see neo4j_store) reach tens of thousands of records a
second; the offline importer writes the store files directly and is an order of magnitude
faster, but only into a database that does not exist yet. This module writes what the
Neo4j store itself would have written -- the same node and relationship properties
(`neo4j_store.entity_row` / `relation_row`), statements and sources included -- in the
importer's header format:

- `nodes-<Type>.csv`: `id:ID(KnEntity)`, `:LABEL` (`KnEntity;<Type>`), then every property
  with its type (`p_founded:date` is not used: Knooppunt keeps dates as ISO strings;
  numbers are `long`/`double`, flags `boolean`, multi-valued properties `string[]` etc.);
- `relationships.csv`: `:START_ID(KnEntity)`, `:END_ID(KnEntity)`, `:TYPE` (`KN_REL`), properties;
- `nodes-project.csv`: the `KnProject`, `KnSetting` and `KnAudit` nodes (own id space `KnMeta`);
- `knooppunt-export.json`: marking, counts, and the exact `neo4j-admin` command line.

CSV dialect (the importer's defaults but two): comma, double quote (a quote inside a value is
doubled, RFC 4180), every string quoted so an empty string stays an empty string while an
empty unquoted field means "no property"; values may span lines (`--multiline-fields=true`);
arrays are joined by U+001F (`--array-delimiter=U+001F`), a control character Knooppunt never
stores in a value. A column whose values do not share one type (a property that is a number
in one record and text in another) is left out as a native property: the exact JSON in
`props` always holds it. Files are written 600 into a new directory, which appears only
when everything was written (nothing half-written).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from graph.errors import KnooppuntError
from graph.model import Entity, Record, Relation, now_iso
from graph.schema import Schema
from graph.store import GENESIS_HASH, AuditEntry, Store, entry_hash
from graph.stores import neo4j_cypher as cy
from graph.stores.neo4j_seal import SEAL_KEYS, LabelSeal
from graph.stores.neo4j_store import entity_row, relation_row
from graph.stores.records import RECORD_MARK, StatementRow, canonical_json

ENTITY_SPACE = "KnEntity"
META_SPACE = "KnMeta"
ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_ARG = "U+001F"
MANIFEST = "knooppunt-export.json"


class _Raw:
    """A value written without quotes (numbers, booleans): only strings are quoted."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _kind(value: Any) -> str | None:
    """The importer's type for a value (None: cannot be a native property)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        kinds = {_kind(v) for v in value}
        if len(kinds) == 1 and None not in kinds and "[]" not in str(next(iter(kinds))):
            return f"{next(iter(kinds))}[]"
        return None
    return None


def _merge_kind(old: str | None, new: str | None) -> str | None:
    """One type for a column; long and double meet at double; anything else mixed is no type."""
    if old is None or new is None:
        return None
    if old == new:
        return old
    if {old, new} == {"long", "double"}:
        return "double"
    if {old, new} == {"long[]", "double[]"}:
        return "double[]"
    return None


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def field_text(value: Any, kind: str = "string") -> str:
    """One CSV field: None is empty (no property), a string is quoted with inner quotes doubled,
    a number or flag bare, an array its elements joined by U+001F inside quotes."""
    if value is None:
        return ""
    if isinstance(value, _Raw):
        return value.text
    if isinstance(value, list):
        parts = [_scalar(v) for v in value]
        if any(ARRAY_DELIMITER in p for p in parts):
            raise KnooppuntError(f"array value {value!r} holds U+001F, the array delimiter")
        return '"' + ARRAY_DELIMITER.join(parts).replace('"', '""') + '"'
    if kind in ("long", "double", "boolean") and not isinstance(value, str):
        return _scalar(value)
    return '"' + str(value).replace('"', '""') + '"'


def _line(fields: Iterable[str]) -> str:
    return ",".join(fields) + "\n"


@dataclass
class _Columns:
    """The property columns of one file and their types, learnt in a first pass over the records."""

    fixed: tuple[str, ...]
    kinds: dict[str, str | None] = field(default_factory=dict)

    def learn(self, props: Mapping[str, Any]) -> None:
        for name, value in props.items():
            if name in self.fixed or value is None:
                continue
            kind = _kind(value)
            self.kinds[name] = kind if name not in self.kinds else _merge_kind(self.kinds[name], kind)

    @property
    def natives(self) -> list[str]:
        return sorted(n for n, k in self.kinds.items() if k is not None)

    @property
    def dropped(self) -> list[str]:
        return sorted(n for n, k in self.kinds.items() if k is None)

    def header(self, lead: list[str]) -> list[str]:
        typed = [f"{n}:{self.kinds[n]}" if self.kinds[n] != "string" else n for n in self.natives]
        return [*lead, *self.fixed, *typed]

    def values(self, props: Mapping[str, Any]) -> list[str]:
        out = [field_text(props.get(n)) for n in self.fixed]
        for name in self.natives:
            kind = self.kinds[name] or "string"
            value = props.get(name)
            if value is not None and _merge_kind(kind, _kind(value)) != kind:
                value = None  # (cannot happen after learn(); kept so a bad row never shifts a column)
            out.append(field_text(value, kind))
        return out


@dataclass
class AdminExport:
    """What was written: files, counts, and the command that loads them."""

    directory: Path
    files: list[str] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    dropped: dict[str, list[str]] = field(default_factory=dict)
    labels: set[str] = field(default_factory=set)
    database: str = "neo4j"

    def command(self) -> str:
        """The exact neo4j-admin command line (run from the directory that holds the files)."""
        nodes = " ".join(f"--nodes={f}" for f in self.files if f.startswith("nodes-"))
        rels = " ".join(f"--relationships={f}" for f in self.files if f.startswith("relationships"))
        return (f"neo4j-admin database import full --delimiter=, --quote='\"' "
                f"--array-delimiter={ARRAY_DELIMITER_ARG} --multiline-fields=true --id-type=string "
                f"{nodes} {rels} {self.database}")


def statement_rows_of(store: Store, record: Record) -> list[StatementRow]:
    """A stored record's statements and sources as the rows the Neo4j store keeps (`statements`)."""
    said = getattr(store, "statements", None)  # both stores and the access layer's door have it
    rows: list[StatementRow] = [
        (s.prop, canonical_json(s.value), s.source, s.reference or "", s.received, s.reliability, s.credibility,
         s.label, s.added_by, s.added_at) for s in (said(record.id) if said is not None else [])]
    rows += [(RECORD_MARK, "null", s.source, s.reference or "", s.received, s.reliability, s.credibility,
              record.label, s.added_by, s.added_at) for s in store.sources(record.id)]
    return rows


def _with_statements(row: dict[str, Any], rows: list[StatementRow]) -> dict[str, Any]:
    if rows:
        row["statements"] = canonical_json(sorted(rows, key=lambda r: tuple(str(v) for v in r)))
    return row


class AdminWriter:
    """Writes one project's visible records as neo4j-admin CSV files (see the module docstring)."""

    def __init__(self, store: Store, project: str, *, seal: LabelSeal | None = None,
                 progress: Callable[[int], None] | None = None, with_statements: bool = True) -> None:
        self.store, self.project, self.schema = store, project, store.schema
        self.seal = seal
        self.progress = progress
        self.with_statements = with_statements
        self._labels: dict[str, str] = {}  # entity id -> label: a sealed relation takes its ends' highest
        self._sealing = SEAL_KEYS if seal is not None else ()

    # -- rows -----------------------------------------------------------------------------------
    def entity_props(self, e: Entity) -> dict[str, Any]:
        row = entity_row(self.schema, self.project, e, [])
        if self.with_statements:
            _with_statements(row, statement_rows_of(self.store, e))
        return self.seal.seal_entity(row) if self.seal else row

    def relation_props(self, r: Relation) -> dict[str, Any]:
        props = dict(relation_row(self.project, r, [])["props"])
        if self.with_statements:
            _with_statements(props, statement_rows_of(self.store, r))
        if self.seal is None:
            return props
        ends = [self._labels.get(r.source_id, "open"), self._labels.get(r.target_id, "open")]
        return self.seal.seal_relation(props, ends)

    # -- writing --------------------------------------------------------------------------------
    def write(self, directory: Path, *, settings: Mapping[str, str], database: str = "neo4j") -> AdminExport:
        """Write every file into `directory` (which must not exist); all or nothing."""
        if directory.exists():
            raise KnooppuntError(f"{directory}: already exists; neo4j-admin files go into a new directory")
        tmp = directory.with_name(f".{directory.name}.{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(mode=0o700, parents=True)
        try:
            result = AdminExport(directory, database=database)
            self._write_entities(tmp, result)
            self._write_relations(tmp, result)
            self._write_meta(tmp, result, settings)
            _private(tmp / MANIFEST, lambda fh: json.dump(self._manifest(result), fh, indent=2, ensure_ascii=False))
            os.replace(tmp, directory)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return result

    def _types(self) -> list[str]:
        return sorted(self.schema.entities)

    def _write_entities(self, tmp: Path, result: AdminExport) -> None:
        fixed = (*(k for k in cy.ENTITY_KEYS if k != "id"), *self._sealing)
        for type_name in self._types():
            columns = _Columns(fixed)
            count = 0
            for e in self.store.iter_entities(type_name):
                columns.learn(entity_row(self.schema, self.project, e, []))
                if self.seal is not None:
                    self._labels[e.id] = e.label
                count += 1
            if not count:
                continue
            name = f"nodes-{type_name}.csv"
            if columns.dropped:
                result.dropped[name] = columns.dropped
            header = columns.header([f"id:ID({ENTITY_SPACE})", ":LABEL"])
            labels = f"{cy.ENTITY};{type_name}"

            def rows(columns: _Columns = columns, type_name: str = type_name, labels: str = labels
                     ) -> Iterator[str]:
                for e in self.store.iter_entities(type_name):
                    result.entities += 1
                    result.labels.add(e.label)
                    self._tick()
                    yield _line([field_text(e.id), field_text(labels), *columns.values(self.entity_props(e))])

            _private(tmp / name, functools.partial(_lines, header=_line(header), rows=rows()))
            result.files.append(name)

    def _write_relations(self, tmp: Path, result: AdminExport) -> None:
        columns = _Columns((*cy.RELATION_KEYS, *self._sealing))
        count = 0
        for r in self.store.iter_relations():
            columns.learn(relation_row(self.project, r, [])["props"])
            count += 1
        if not count:
            return
        name = "relationships.csv"
        if columns.dropped:
            result.dropped[name] = columns.dropped
        header = columns.header([f":START_ID({ENTITY_SPACE})", f":END_ID({ENTITY_SPACE})", ":TYPE"])

        def rows() -> Iterator[str]:
            for r in self.store.iter_relations():
                result.relations += 1
                result.labels.add(r.label)
                self._tick()
                yield _line([field_text(r.source_id), field_text(r.target_id), field_text(cy.REL),
                             *columns.values(self.relation_props(r))])

        _private(tmp / name, functools.partial(_lines, header=_line(header), rows=rows()))
        result.files.append(name)

    def _write_meta(self, tmp: Path, result: AdminExport, settings: Mapping[str, str]) -> None:
        """The project node, its settings, and a first audit entry saying where the data came from."""
        now = now_iso()
        header = [f":ID({META_SPACE})", ":LABEL", "project", "created_at", "key", "value", "seq:long", "at", "actor",
                  "action", "details", "prev_hash", "hash"]
        lines = [_line(header), _line([field_text("project"), field_text("KnProject"), field_text(self.project),
                                       field_text(now), *[""] * 9])]
        for key, value in sorted({"created_at": now, **settings}.items()):
            lines.append(_line([field_text(f"setting:{key}"), field_text("KnSetting"), field_text(self.project), "",
                                field_text(key), field_text(value), *[""] * 7]))
        details = canonical_json({"entities": result.entities, "relations": result.relations,
                                  "via": "neo4j-admin database import full"})
        entry = AuditEntry(1, now, self.store.caller.user, "project.bulk-load", details, GENESIS_HASH, "")
        lines.append(_line([field_text("audit:1"), field_text("KnAudit"), field_text(self.project), "", "", "",
                            _raw_text(1), field_text(entry.at), field_text(entry.actor), field_text(entry.action),
                            field_text(details), field_text(GENESIS_HASH), field_text(entry_hash(entry))]))
        _private(tmp / "nodes-project.csv", lambda fh: fh.writelines(lines))
        result.files.insert(0, "nodes-project.csv")

    def _manifest(self, result: AdminExport) -> dict[str, Any]:
        from graph.exchange.common import marking_line
        from graph.model import SECURITY_LABELS

        above = [lab for lab in SECURITY_LABELS[1:] if lab in result.labels] or ["open"]
        return {"marking": marking_line(above), "classification": above[-1], "project": self.project,
                "entities": result.entities, "relations": result.relations, "files": result.files,
                "command": result.command(), "natives_left_out": result.dropped, "written_at": now_iso()}

    def _tick(self) -> None:
        if self.progress is not None:
            self.progress(1)


def _raw_text(value: int) -> str:
    return str(value)


def _lines(fh: TextIO, header: str, rows: Iterable[str]) -> None:
    fh.write(header)
    fh.writelines(rows)


def _private(path: Path, write: Callable[[TextIO], None]) -> None:
    """A file readable by its owner only (600), UTF-8 without BOM, \\n line ends."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with contextlib.ExitStack() as stack:
        fh = stack.enter_context(os.fdopen(fd, "w", encoding="utf-8", newline="\n"))
        write(fh)


def write_admin_csv(store: Store, directory: Path, project: str, *, settings: Mapping[str, str] | None = None,
                    database: str = "neo4j", seal: LabelSeal | None = None,
                    progress: Callable[[int], None] | None = None, views_only: bool = False) -> AdminExport:
    """Write the caller's visible records of `store` as neo4j-admin import files for project `project`.

    With `seal` (a new sealed project's label keys) values above `open` are written sealed,
    exactly as the store would seal them; `settings` then carries the key slots.
    `views_only` leaves out what each source said and the further sources (two reads per
    record fewer, several times faster): the server then holds each record as "stored before
    statements existed", its values said by its first source, as the Neo4j store reads such
    records; later pushes add statements as usual.
    """
    if not project or len(project) > 200:
        raise KnooppuntError(f"{project!r}: a Neo4j project needs a name of 1-200 characters")
    writer = AdminWriter(store, project, seal=seal, progress=progress, with_statements=not views_only)
    return writer.write(directory, settings={"name": project, **(settings or {})}, database=database)


def schema_of(schema: Schema) -> list[str]:
    """The constraints and indexes to create once the server runs the imported database (idempotent)."""
    return cy.schema_statements(schema)
