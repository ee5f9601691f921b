"""The embedded store: one project = one SQLite file (WAL, FTS5), no server needed.

The file is opened through SQLCipher's binding (`sqlcipher3`): without a key it is a
plain SQLite database; with a key (the access layer supplies it) every page is
encrypted. Temporary tables and sorts stay in memory so nothing leaks to temp files.

Ids are derived from identity by the schema, so an upsert is a lookup by primary key:
no separate identity index is needed to merge, which keeps bulk imports fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import sqlcipher3.dbapi2 as sqlite

from graph.errors import KnooppuntError, NotFound, ProjectError, SchemaError, ValidationError
from graph.model import SECURITY_LABELS, Entity, Record, Relation, now_iso
from graph.records import (
    META_FIELDS,
    SEARCH_CANDIDATES,
    batched,
    canonical_json,
    edge_attrs,
    is_new_source,
    merge_into,
    meta_kwargs,
    meta_values,
    node_attrs,
    rank_hits,
)
from graph.schema import Schema, default_schema, format_id, parse_id, type_prefix
from graph.store import GENESIS_HASH, AuditEntry, Caller, SourceRecord, UpsertStats, entry_hash
from graph.text import fold

SCHEMA_VERSION = 1
APPLICATION_ID = 0x4B4E5050  # "KNPP": marks the file as a Knooppunt project
BATCH = 5000
BUSY_TIMEOUT_MS = 30_000
# Read events whose audit entry may wait (in memory, in order) while another connection writes.
DEFERRABLE_AUDIT = frozenset({"search", "view", "load graph", "analyse"})
_META_COLS = META_FIELDS

DDL = """
CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entities(
  rid INTEGER PRIMARY KEY,          -- insertion order: keeps the full-text index compact
  key INTEGER NOT NULL UNIQUE,      -- the record id's number, derived from identity
  type TEXT NOT NULL,
  caption TEXT NOT NULL,
  props TEXT NOT NULL,
  identity TEXT,
  source TEXT, source_ref TEXT, received TEXT, reliability TEXT, credibility TEXT,
  valid_from TEXT, valid_to TEXT, label TEXT NOT NULL DEFAULT 'open',
  created_by TEXT, created_at TEXT, updated_by TEXT, updated_at TEXT);
CREATE INDEX IF NOT EXISTS entities_type ON entities(type);
CREATE INDEX IF NOT EXISTS entities_identity ON entities(identity) WHERE identity IS NOT NULL;
CREATE TABLE IF NOT EXISTS relations(
  rid INTEGER PRIMARY KEY,
  key INTEGER NOT NULL UNIQUE,
  type TEXT NOT NULL,
  src INTEGER NOT NULL,
  dst INTEGER NOT NULL,
  src_type TEXT NOT NULL,
  dst_type TEXT NOT NULL,
  props TEXT NOT NULL,
  source TEXT, source_ref TEXT, received TEXT, reliability TEXT, credibility TEXT,
  valid_from TEXT, valid_to TEXT, label TEXT NOT NULL DEFAULT 'open',
  created_by TEXT, created_at TEXT, updated_by TEXT, updated_at TEXT);
CREATE INDEX IF NOT EXISTS relations_src ON relations(src);
CREATE INDEX IF NOT EXISTS relations_dst ON relations(dst);
CREATE INDEX IF NOT EXISTS relations_type ON relations(type);
-- Sources beyond the first (which the record's own row holds).
CREATE TABLE IF NOT EXISTS provenance(
  record_id INTEGER NOT NULL, source TEXT NOT NULL, reference TEXT NOT NULL,
  received TEXT, reliability TEXT, credibility TEXT, added_by TEXT, added_at TEXT,
  PRIMARY KEY(record_id, source, reference)) WITHOUT ROWID;
-- Append-only, hash-chained: each entry's hash covers the previous entry's hash.
CREATE TABLE IF NOT EXISTS audit(
  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS entity_search USING fts5(
  text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2',
  prefix='1 2 3');
"""

_ENTITY_SELECT = ("SELECT e.key, e.type, e.caption, e.props, e.identity, "
                  + ", ".join(f"e.{c}" for c in _META_COLS) + ", e.rid FROM entities e")
_RELATION_SELECT = ("SELECT r.key, r.type, r.src, r.dst, r.src_type, r.dst_type, r.props, "
                    + ", ".join(f"r.{c}" for c in _META_COLS) + " FROM relations r")
_ROWID = 5 + len(_META_COLS)  # where an entity row read by _ENTITY_SELECT holds its rid
_IN = " IN (SELECT value FROM json_each(?))"


def _keys(ids: Iterable[str]) -> list[int]:
    """Integer keys of well-formed ids; malformed ids cannot name a record and are skipped."""
    out = []
    for i in ids:
        try:
            out.append(parse_id(i))
        except ValidationError:
            continue
    return out


def _key(record_id: str, kind: str) -> int:
    try:
        return parse_id(record_id)
    except ValidationError:
        raise NotFound(f"no {kind} {record_id!r} in the project") from None


@dataclass(slots=True)
class _TxDepth:
    """How deep in `transaction()` the connection is; one per connection, not per caller view."""

    depth: int = 0


def connect(path: str | Path, key: bytes | None = None) -> sqlite.Connection:
    """Open a project database file with the project's pragmas.

    With `key` (32 raw bytes) the file is SQLCipher-encrypted; the key is applied before
    anything is read, as SQLCipher requires.
    """
    conn = sqlite.connect(str(path), isolation_level=None, check_same_thread=False,
                          timeout=BUSY_TIMEOUT_MS / 1000)
    if key is not None:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA temp_store = MEMORY")
    try:
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
    except sqlite.DatabaseError as exc:
        conn.close()
        raise ProjectError(f"{path}: not a Knooppunt project or wrong key ({exc})") from None
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA cache_size = -262144")  # 256 MiB page cache
    return conn


class SQLiteStore:
    """A project in one SQLite file. See `graph.store.Store` for the contract."""

    def __init__(self, path: str | Path, *, create: bool = False, key: bytes | None = None,
                 caller: Caller | None = None, schema: Schema | None = None):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise ProjectError(f"{self.path}: no such project file")
        self.schema = schema or default_schema()
        self.caller = caller or Caller()
        self.conn = connect(self.path, key)
        self._tx = _TxDepth()  # shared with with_caller() clones: they share the connection
        self._pending_audit: list[tuple[str, str, str, str]] = []
        self._init_db(create)
        self._set_clearance_sql()

    # -- set-up ---------------------------------------------------------------------------
    def _init_db(self, create: bool) -> None:
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        has_tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id == 0 and not has_tables:
            if not create:
                raise ProjectError(f"{self.path}: empty file, not a Knooppunt project")
            with self.transaction():
                self._ddl()
                self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                self.set_setting("created_at", now_iso())
        elif app_id != APPLICATION_ID:
            raise ProjectError(f"{self.path}: not a Knooppunt project")
        else:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise ProjectError(f"{self.path}: made by a newer Knooppunt (format {version})")

    def _ddl(self) -> None:
        for statement in DDL.split(";"):
            if statement.strip():
                self.conn.execute(statement)

    def _set_clearance_sql(self) -> None:
        labels = self.caller.clearance
        for label in labels:
            if label not in SECURITY_LABELS:
                raise SchemaError(f"unknown security label {label!r} in clearance")
        if self.caller.sees_all():
            self._elabel = self._rlabel = ""
        else:
            inside = ",".join(f"'{lab}'" for lab in sorted(labels)) or "''"
            self._elabel = f" AND e.label IN ({inside})"
            # A relation is visible when it and both its ends are.
            self._rlabel = (f" AND r.label IN ({inside})"
                            f" AND EXISTS(SELECT 1 FROM entities s WHERE s.key = r.src AND s.label IN ({inside}))"
                            f" AND EXISTS(SELECT 1 FROM entities t WHERE t.key = r.dst AND t.label IN ({inside}))")

    def with_caller(self, caller: Caller) -> SQLiteStore:
        """The same open project seen by another caller (shares the connection)."""
        clone = object.__new__(SQLiteStore)
        clone.__dict__.update(self.__dict__)
        clone.caller = caller
        clone._set_clearance_sql()
        return clone

    def close(self) -> None:
        try:
            self._flush_audit(wait=True)
        finally:
            self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions -----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._tx.depth:
            self._tx.depth += 1
            try:
                yield
            finally:
                self._tx.depth -= 1
            return
        self._flush_audit(wait=True)  # entries kept while another connection wrote come first
        self.conn.execute("BEGIN IMMEDIATE")
        self._tx.depth = 1
        try:
            yield
        except BaseException:
            self._tx.depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._tx.depth = 0
        self.conn.execute("COMMIT")

    # -- settings ---------------------------------------------------------------------------
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        self.conn.execute("INSERT INTO settings(key, value) VALUES(?, ?) "
                          "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    # -- audit ------------------------------------------------------------------------------
    def audit(self, action: str, **details: Any) -> None:
        """Append an entry to the project's hash-chained audit log (who did what, when).

        Inside a write transaction the entry is part of it. Outside one, a read event
        (search, view, graph load, analysis) does not wait for another connection's long
        write (an import in the background): it is kept, with its own time, and written
        before this connection's next write or on close, so the window never freezes.
        """
        entry = (now_iso(), self.caller.user, action, canonical_json(details))
        if self._tx.depth:
            self._append_audit([entry])
            return
        self._pending_audit.append(entry)
        self._flush_audit(wait=action not in DEFERRABLE_AUDIT)

    def _flush_audit(self, *, wait: bool) -> None:
        if not self._pending_audit:
            return
        if not wait:
            self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite.OperationalError:
            if wait:
                raise
            return  # another connection is writing: the entries wait for the next chance
        finally:
            if not wait:
                self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            self._append_audit(self._pending_audit)
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        self._pending_audit.clear()

    def _append_audit(self, entries: list[tuple[str, str, str, str]]) -> None:
        last = self.conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (last[0], last[1]) if last else (0, GENESIS_HASH)
        for at, actor, action, details in entries:
            seq += 1
            entry = AuditEntry(seq, at, actor, action, details, prev, "")
            prev = entry_hash(entry)
            self.conn.execute("INSERT INTO audit(seq, at, actor, action, details, prev_hash, hash) "
                              "VALUES(?,?,?,?,?,?,?)", (*astuple(entry)[:6], prev))
            if self.audit_signer is not None:  # graph.access.signing.Signer: the acting member signs
                self.audit_signer(self.conn, seq, actor, prev)

    audit_signer: Any = None  # set by graph.access.session when a member's signing key is unlocked

    def audit_entries(self) -> list[AuditEntry]:
        return [AuditEntry(*row) for row in self.conn.execute(
            "SELECT seq, at, actor, action, details, prev_hash, hash FROM audit ORDER BY seq")]

    # -- writes -----------------------------------------------------------------------------
    def upsert_entities(self, entities: Iterable[Entity]) -> UpsertStats:
        stats = UpsertStats()
        with self.transaction():
            for chunk in batched(entities, BATCH):
                stats.add(self._upsert_entity_batch(chunk))
        return stats

    def _next_rid(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT coalesce(max(rid), 0) + 1 FROM {table}").fetchone()[0])

    def _upsert_entity_batch(self, chunk: list[Entity]) -> UpsertStats:
        schema = self.schema
        stats = UpsertStats()
        batch: dict[int, Entity] = {}
        for entity in chunk:
            schema.prepare_entity(entity)
            stats.ids.append(entity.id)
            key = parse_id(entity.id)
            prior = batch.get(key)
            batch[key] = entity if prior is None else merge_into(schema, prior, entity)[0]
        existing = {row[0]: row for row in self.conn.execute(_ENTITY_SELECT + " WHERE e.key" + _IN,
                                                             (canonical_json(list(batch)),))}
        now, user = now_iso(), self.caller.user
        rid = self._next_rid("entities")
        inserts, fts_rows, updates, fts_deletes, extra_sources = [], [], [], [], []
        for key, entity in batch.items():
            et = schema.entities[entity.type]
            identity = schema.identity_key(et, entity.properties)
            row = existing.get(key)
            if row is None:
                entity.created_by = entity.updated_by = user
                entity.created_at = entity.updated_at = now
                inserts.append((rid, key, entity.type, entity.caption, canonical_json(entity.properties), identity,
                                *meta_values(entity)))
                fts_rows.append((rid, fold(schema.search_text(entity))))
                rid += 1
                stats.created += 1
                continue
            old = _entity_from_row(row)
            if old.type != entity.type or (identity and row[4] and identity != row[4]):
                raise KnooppuntError(f"{entity.id}: already holds {old.type} {row[4] or old.caption!r}; "
                                     f"refusing to merge {entity.type} {identity or entity.caption!r}")
            if is_new_source(old, entity):
                extra_sources.append(_source_row(key, entity, user, now))
            merged, changed = merge_into(schema, old, entity)
            if not changed:
                stats.unchanged += 1
                continue
            merged.caption = schema.caption(et, merged.properties) or merged.caption
            merged.updated_by, merged.updated_at = user, now
            updates.append((merged.caption, canonical_json(merged.properties),
                            schema.identity_key(et, merged.properties), *meta_values(merged), key))
            fts_deletes.append((row[_ROWID],))
            fts_rows.append((row[_ROWID], fold(schema.search_text(merged))))
            stats.updated += 1
        cur = self.conn.cursor()
        if inserts:
            cur.executemany("INSERT INTO entities(rid, key, type, caption, props, identity, " + ", ".join(_META_COLS)
                            + ") VALUES(" + ",".join("?" * (6 + len(_META_COLS))) + ")", inserts)
        if updates:
            cur.executemany("UPDATE entities SET caption = ?, props = ?, identity = ?, "
                            + ", ".join(f"{c} = ?" for c in _META_COLS) + " WHERE key = ?", updates)
            cur.executemany("DELETE FROM entity_search WHERE rowid = ?", fts_deletes)
        if fts_rows:
            cur.executemany("INSERT INTO entity_search(rowid, text) VALUES(?, ?)", fts_rows)
        stats.sources_added += self._add_sources(cur, extra_sources)
        return stats

    def _add_sources(self, cur: sqlite.Cursor, rows: list[tuple[Any, ...]]) -> int:
        if not rows:
            return 0
        before = self.conn.total_changes
        cur.executemany("INSERT OR IGNORE INTO provenance(record_id, source, reference, received, "
                        "reliability, credibility, added_by, added_at) VALUES(?,?,?,?,?,?,?,?)", rows)
        return int(self.conn.total_changes - before)

    def upsert_relations(self, relations: Iterable[Relation]) -> UpsertStats:
        stats = UpsertStats()
        with self.transaction():
            for chunk in batched(relations, BATCH):
                stats.add(self._upsert_relation_batch(chunk))
        return stats

    def _upsert_relation_batch(self, chunk: list[Relation]) -> UpsertStats:
        schema = self.schema
        stats = UpsertStats()
        ends = {i: (_keys([i]) or [-1])[0] for r in chunk for i in (r.source_id, r.target_id)}
        types = dict(self.conn.execute("SELECT key, type FROM entities WHERE key" + _IN,
                                       (canonical_json(list(set(ends.values()))),)))
        batch: dict[int, tuple[Relation, int, int, str, str]] = {}
        for rel in chunk:
            src, dst = ends[rel.source_id], ends[rel.target_id]
            for end, key in ((rel.source_id, src), (rel.target_id, dst)):
                if key not in types:
                    raise NotFound(f"{rel.type} {rel.source_id} -> {rel.target_id}: no entity {end!r} in the project")
            src_type, dst_type = types[src], types[dst]
            schema.prepare_relation(rel, src_type, dst_type)
            if rel.source_id != self._id_of(src, src_type):  # undirected: ends were swapped
                src, dst, src_type, dst_type = dst, src, dst_type, src_type
            stats.ids.append(rel.id)
            key = parse_id(rel.id)
            prior = batch.get(key)
            merged = rel if prior is None else merge_into(schema, prior[0], rel)[0]
            batch[key] = (merged, src, dst, src_type, dst_type)
        existing = {row[0]: row for row in self.conn.execute(_RELATION_SELECT + " WHERE r.key" + _IN,
                                                             (canonical_json(list(batch)),))}
        now, user = now_iso(), self.caller.user
        rid = self._next_rid("relations")
        inserts, updates, extra_sources = [], [], []
        for key, (rel, src, dst, src_type, dst_type) in batch.items():
            row = existing.get(key)
            if row is None:
                rel.created_by = rel.updated_by = user
                rel.created_at = rel.updated_at = now
                inserts.append((rid, key, rel.type, src, dst, src_type, dst_type, canonical_json(rel.properties),
                                *meta_values(rel)))
                rid += 1
                stats.created += 1
                continue
            old = _relation_from_row(row)
            if is_new_source(old, rel):
                extra_sources.append(_source_row(key, rel, user, now))
            merged, changed = merge_into(schema, old, rel)
            if not changed:
                stats.unchanged += 1
                continue
            merged.updated_by, merged.updated_at = user, now
            updates.append((canonical_json(merged.properties), *meta_values(merged), key))
            stats.updated += 1
        cur = self.conn.cursor()
        if inserts:
            cur.executemany("INSERT INTO relations(rid, key, type, src, dst, src_type, dst_type, props, "
                            + ", ".join(_META_COLS) + ") VALUES(" + ",".join("?" * (8 + len(_META_COLS))) + ")",
                            inserts)
        if updates:
            cur.executemany("UPDATE relations SET props = ?, " + ", ".join(f"{c} = ?" for c in _META_COLS)
                            + " WHERE key = ?", updates)
        stats.sources_added += self._add_sources(cur, extra_sources)
        return stats

    @staticmethod
    def _id_of(key: int, type_name: str) -> str:
        return format_id(type_prefix(type_name), key)

    def delete(self, ids: Iterable[str]) -> int:
        keys = _keys(ids)
        if not keys:
            return 0
        with self.transaction():
            arg = canonical_json(keys)
            ent = self.conn.execute("SELECT e.key, e.rid FROM entities e WHERE e.key" + _IN + self._elabel,
                                    (arg,)).fetchall()
            ent_arg = canonical_json([k for k, _ in ent])
            rels = [r[0] for r in self.conn.execute(
                "SELECT r.key FROM relations r WHERE (r.key" + _IN + self._rlabel + ") OR r.src" + _IN
                + " OR r.dst" + _IN, (arg, ent_arg, ent_arg))]
            self.conn.executemany("DELETE FROM entity_search WHERE rowid = ?", [(rid,) for _, rid in ent])
            self.conn.execute("DELETE FROM entities WHERE key" + _IN, (ent_arg,))
            self.conn.execute("DELETE FROM relations WHERE key" + _IN, (canonical_json(rels),))
            self.conn.execute("DELETE FROM provenance WHERE record_id" + _IN,
                              (canonical_json([k for k, _ in ent] + rels),))
        return len(ent) + len(rels)

    # -- reads ------------------------------------------------------------------------------
    def get_entity(self, entity_id: str) -> Entity:
        row = self.conn.execute(_ENTITY_SELECT + " WHERE e.key = ?" + self._elabel,
                                (_key(entity_id, "entity"),)).fetchone()
        if row is None:
            raise NotFound(f"no entity {entity_id!r} in the project")
        return _entity_from_row(row)

    def get_entities(self, ids: Iterable[str]) -> dict[str, Entity]:
        rows = self.conn.execute(_ENTITY_SELECT + " WHERE e.key" + _IN + self._elabel, (canonical_json(_keys(ids)),))
        return {e.id: e for e in map(_entity_from_row, rows)}

    def get_relation(self, relation_id: str) -> Relation:
        row = self.conn.execute(_RELATION_SELECT + " WHERE r.key = ?" + self._rlabel,
                                (_key(relation_id, "relation"),)).fetchone()
        if row is None:
            raise NotFound(f"no relation {relation_id!r} in the project")
        return _relation_from_row(row)

    def sources(self, record_id: str) -> list[SourceRecord]:
        record: Record = (self.get_relation(record_id) if record_id.startswith("rel-")
                          else self.get_entity(record_id))
        out = []
        if record.provenance is not None:
            out.append(SourceRecord(record.provenance.source, record.provenance.reference,
                                    record.provenance.received, record.reliability, record.credibility,
                                    record.created_by, record.created_at))
        rows = self.conn.execute("SELECT source, reference, received, reliability, credibility, added_by, "
                                 "added_at FROM provenance WHERE record_id = ? ORDER BY added_at, source",
                                 (parse_id(record_id),))
        out.extend(SourceRecord(r[0], r[1] or None, *r[2:]) for r in rows)
        return out

    def relations_of(self, entity_id: str, relation_types: Iterable[str] | None = None) -> list[Relation]:
        key = _key(entity_id, "entity")
        type_sql, params = self._type_filter("r", relation_types, "relation")
        rows = self.conn.execute(
            _RELATION_SELECT + " WHERE r.src = ?" + type_sql + self._rlabel + " UNION "
            + _RELATION_SELECT + " WHERE r.dst = ?" + type_sql + self._rlabel,
            (key, *params, key, *params))
        return sorted(map(_relation_from_row, rows), key=lambda r: (r.type, r.valid_from or "", r.id))

    def _type_filter(self, alias: str, names: Iterable[str] | None, kind: str) -> tuple[str, tuple[str, ...]]:
        if names is None:
            return "", ()
        names = tuple(names)
        self.schema.check_types(names, kind)
        return f" AND {alias}.type" + _IN, (canonical_json(list(names)),)

    def search(self, query: str, *, types: Iterable[str] | None = None, limit: int = 25) -> list[Entity]:
        """Word-prefix search; see `rank_hits` for the order.

        The full-text index finds candidates unranked (fast even for a two-letter prefix in
        a million records); at most SEARCH_CANDIDATES of them are ranked, so a very common
        prefix ("de") ranks only the first ones found — the analyst types on to narrow it.
        """
        words = fold(query).split()
        if not words:
            return []
        match = " AND ".join(f'"{w}"*' for w in words)
        type_sql, params = self._type_filter("e", types, "entity")
        candidates = self.conn.execute(
            "SELECT e.rid, e.caption FROM entity_search s JOIN entities e ON e.rid = s.rowid "
            "WHERE entity_search MATCH ?" + type_sql + self._elabel + " LIMIT ?",
            (match, *params, SEARCH_CANDIDATES)).fetchall()
        best = rank_hits(words, candidates)[:limit]
        rows = {r[_ROWID]: r for r in self.conn.execute(_ENTITY_SELECT + " WHERE e.rid" + _IN, (canonical_json(best),))}
        return [_entity_from_row(rows[rid]) for rid in best if rid in rows]

    def neighbours(self, ids: Iterable[str], depth: int = 1, *,
                   relation_types: Iterable[str] | None = None, max_nodes: int | None = None) -> set[str]:
        visible = self.conn.execute("SELECT e.key FROM entities e WHERE e.key" + _IN + self._elabel,
                                    (canonical_json(_keys(ids)),))
        seen = {k for (k,) in visible}
        frontier = set(seen)
        type_sql, params = self._type_filter("r", relation_types, "relation")
        for _ in range(depth):
            if not frontier:
                break
            arg = canonical_json(list(frontier))
            rows = self.conn.execute(
                "SELECT r.dst FROM relations r WHERE r.src" + _IN + type_sql + self._rlabel
                + " UNION SELECT r.src FROM relations r WHERE r.dst" + _IN + type_sql + self._rlabel,
                (arg, *params, arg, *params))
            found = {k for (k,) in rows} - seen
            if max_nodes is not None and len(seen) + len(found) > max_nodes:
                found = set(sorted(found)[: max(0, max_nodes - len(seen))])
            seen |= found
            frontier = found
        rows = self.conn.execute("SELECT key, type FROM entities WHERE key" + _IN, (canonical_json(list(seen)),))
        return {self._id_of(k, t) for k, t in rows}

    def subgraph(self, ids: Iterable[str]) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        keys = _keys(ids)
        for row in self.conn.execute(_ENTITY_SELECT + " WHERE e.key" + _IN + self._elabel, (canonical_json(keys),)):
            e = _entity_from_row(row)
            g.add_node(e.id, **node_attrs(e))
        arg = canonical_json(keys)
        for row in self.conn.execute(_RELATION_SELECT + " WHERE r.src" + _IN + " AND r.dst" + _IN + self._rlabel,
                                     (arg, arg)):
            rel = _relation_from_row(row)
            g.add_edge(rel.source_id, rel.target_id, key=rel.id, **edge_attrs(rel))
        return g

    def graph(self, *, entity_types: Iterable[str] | None = None,
              relation_types: Iterable[str] | None = None) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        etype_sql, eparams = self._type_filter("e", entity_types, "entity")
        for row in self.conn.execute(_ENTITY_SELECT + " WHERE 1" + etype_sql + self._elabel, eparams):
            e = _entity_from_row(row)
            g.add_node(e.id, **node_attrs(e))
        rtype_sql, rparams = self._type_filter("r", relation_types, "relation")
        for row in self.conn.execute(_RELATION_SELECT + " WHERE 1" + rtype_sql + self._rlabel, rparams):
            rel = _relation_from_row(row)
            if rel.source_id in g and rel.target_id in g:
                g.add_edge(rel.source_id, rel.target_id, key=rel.id, **edge_attrs(rel))
        return g

    def iter_entities(self, entity_type: str | None = None) -> Iterator[Entity]:
        type_sql, params = self._type_filter("e", None if entity_type is None else [entity_type], "entity")
        for row in self.conn.execute(_ENTITY_SELECT + " WHERE 1" + type_sql + self._elabel, params):
            yield _entity_from_row(row)

    def iter_relations(self, relation_type: str | None = None) -> Iterator[Relation]:
        type_sql, params = self._type_filter("r", None if relation_type is None else [relation_type], "relation")
        for row in self.conn.execute(_RELATION_SELECT + " WHERE 1" + type_sql + self._rlabel, params):
            yield _relation_from_row(row)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for t, n in self.conn.execute("SELECT e.type, count(*) FROM entities e WHERE 1" + self._elabel
                                      + " GROUP BY e.type ORDER BY e.type"):
            out[t] = n
        for t, n in self.conn.execute("SELECT r.type, count(*) FROM relations r WHERE 1" + self._rlabel
                                      + " GROUP BY r.type ORDER BY r.type"):
            out[t] = n
        return out

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    def rekey(self, new_key: bytes) -> None:
        """Re-encrypt every page under new_key (SQLCipher `PRAGMA rekey`); the old key stops working.

        The WAL is checkpointed and truncated before and after, so no frame under the old key
        is left behind. Used by the access layer when a member is removed.
        """
        if self._tx.depth:
            raise KnooppuntError("cannot re-key inside a transaction")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        self.conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"").fetchall()
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


# -- row <-> record ---------------------------------------------------------------------------
def _source_row(key: int, rec: Record, user: str, now: str) -> tuple[Any, ...]:
    p = rec.provenance
    assert p is not None
    return (key, p.source, p.reference or "", p.received, rec.reliability, rec.credibility, user, now)


def _entity_from_row(row: Sequence[Any]) -> Entity:
    return Entity(id=format_id(type_prefix(row[1]), row[0]), type=row[1], caption=row[2],
                  properties=json.loads(row[3]), **meta_kwargs(row[5:]))


def _relation_from_row(row: Sequence[Any]) -> Relation:
    return Relation(id=format_id("rel", row[0]), type=row[1], source_id=format_id(type_prefix(row[4]), row[2]),
                    target_id=format_id(type_prefix(row[5]), row[3]), properties=json.loads(row[6]),
                    **meta_kwargs(row[7:]))


