"""The shared store: a Knooppunt project on a Neo4j server (single server, cluster or Aura).

It implements `graph.store.Store` with the same merge rules as the embedded store (the
same `fold_statements`), so both backends give the same answers; tests/contract proves it.
Writes are batched (`UNWIND $rows`, BATCH rows a statement) inside managed transactions
that the driver retries on transient errors; `transaction()` opens one explicit
transaction that the calls inside join (not retried: the caller's block cannot be replayed).

Isolation: a database per project where the server allows it (Enterprise, Aura tiers with
several databases: detected by trying), else the default database; either way every node
and relationship carries `project` and every statement is scoped to it. Clearance filters
run in Cypher (`$clearance`), so hidden records never leave the server. In a sealed project
(`use_keys`, graph.stores.neo4j_seal) the values of records above `open` are also sealed
client-side under the label keys: rows are sealed just before they are sent and opened as
they come back, and the clearance sent to the server is what the member can decrypt.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import neo4j
import networkx as nx
from neo4j import exceptions as nx_exc

from graph.errors import KnooppuntError, NotFound, ProjectError, SchemaError
from graph.model import SECURITY_LABELS, Entity, Record, Relation, now_iso
from graph.schema import Schema, default_schema, parse_id
from graph.store import GENESIS_HASH, AuditEntry, Caller, SourceRecord, Statement, UpsertStats, entry_hash
from graph.stores import neo4j_cypher as cy
from graph.stores.neo4j_connect import Neo4jConnectionError, explain
from graph.stores.neo4j_seal import LabelSeal, caption_of
from graph.stores.records import (
    META_FIELDS,
    RECORD_MARK,
    SEARCH_CANDIDATES,
    Fold,
    StatementRow,
    batched,
    canonical_json,
    edge_attrs,
    fold_statements,
    is_new_source,
    meta_kwargs,
    meta_values,
    node_attrs,
    rank_hits,
)
from graph.text import fold

# Rows per UNWIND statement. Neo4j's guidance is 1k-10k rows per batch; 1000 keeps each
# statement's memory small on a shared server. Measure your own with bench/bench_neo4j.py.
BATCH = 1000
BATCH_LIMITS = (1, 100_000)
T = TypeVar("T")
Tx = neo4j.ManagedTransaction | neo4j.Transaction


def check_batch(batch: int) -> int:
    """Rows per UNWIND statement: a store, a descriptor (`"batch"`) or `--batch` may set it."""
    low, high = BATCH_LIMITS
    if not isinstance(batch, int) or isinstance(batch, bool) or not low <= batch <= high:
        raise KnooppuntError(f"batch size {batch!r}: use {low}-{high:,} rows per statement")
    return batch


def database_name(project: str) -> str:
    """The database a project gets on servers with several: `kn-` + a slug (Neo4j's name rules)."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(project)).strip("-")[:55] or "project"
    return f"kn-{slug}"


@dataclass(slots=True)
class _TxState:
    """The open explicit transaction, shared by a store and its `with_caller` clones."""

    session: neo4j.Session | None = None
    tx: neo4j.Transaction | None = None
    depth: int = 0


class Neo4jStore:
    """A project on a Neo4j server. See `graph.store.Store` for the contract."""

    def __init__(self, driver: neo4j.Driver, project: str, *, database: str | None = None,
                 caller: Caller | None = None, schema: Schema | None = None, create: bool = False,
                 owns_driver: bool = False, uri: str = "", batch: int = 0, seal: LabelSeal | None = None):
        if not project or len(project) > 200:
            raise ProjectError(f"{project!r}: a Neo4j project needs a name of 1-200 characters")
        self.driver = driver
        self.project = project
        self.database = database
        self.uri = uri
        self.schema = schema or default_schema()
        self.caller = caller or Caller()
        self._owns_driver = owns_driver
        self._state = _TxState()
        self.batch = check_batch(batch or BATCH)
        self.seal = seal
        self._check_clearance()
        if create:
            self._create()
        elif not self._read(lambda tx: tx.run(cy.PROJECT_EXISTS, project=project).single()):
            raise ProjectError(f"no Knooppunt project {project!r} on {uri or 'the server'}"
                               f"{' database ' + database if database else ''}")

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def connect(cls, uri: str, user: str, project: str, *, password: str | None = None,
                database: str | None = None, create: bool = False, caller: Caller | None = None,
                schema: Schema | None = None, batch: int = 0, seal: LabelSeal | None = None) -> Neo4jStore:
        """Open (or create) a project; connection problems become one-line errors."""
        from graph.stores.neo4j_connect import driver as make_driver

        drv = make_driver(uri, user, password)
        try:
            drv.verify_connectivity()
            return cls(drv, project, database=database, caller=caller, schema=schema, create=create,
                       owns_driver=True, uri=uri, batch=batch, seal=seal)
        except KnooppuntError:
            drv.close()
            raise
        except Exception as exc:
            drv.close()
            raise Neo4jConnectionError(explain(exc, uri, user, password)) from None

    def _create(self) -> None:
        """Constraints and indexes first (before any record), then the project node."""
        if self._read(lambda tx: tx.run(cy.PROJECT_EXISTS, project=self.project).single()):
            raise ProjectError(f"project {self.project!r} already exists on {self.uri or 'the server'}")
        self.ensure_schema()
        now = now_iso()
        self._write(lambda tx: tx.run(cy.PROJECT_MERGE, project=self.project, now=now).consume())
        if self.get_setting("created_at") is None:
            self.set_setting("created_at", now)

    def use_keys(self, keys: Mapping[str, bytes]) -> None:
        """Seal and open values with these label keys (a member's slot of a sealed project, neo4j_keys)."""
        self.seal = LabelSeal(keys, self.project)
        self._check_clearance()

    def ensure_schema(self) -> None:
        """Constraints and indexes (IF NOT EXISTS: idempotent; each in its own auto-commit transaction,
        as Neo4j requires for schema commands), then wait until every index is online."""
        with self._session() as session:
            for statement in cy.schema_statements(self.schema):
                session.run(statement).consume()
            session.run(cy.AWAIT_INDEXES).consume()

    def with_caller(self, caller: Caller) -> Neo4jStore:
        """The same project seen by another caller (shares the driver and any open transaction)."""
        clone = object.__new__(Neo4jStore)
        for name in ("driver", "project", "database", "uri", "schema", "_state", "batch", "seal"):
            setattr(clone, name, getattr(self, name))
        clone.caller = caller
        clone._owns_driver = False
        clone._check_clearance()
        return clone

    def _check_clearance(self) -> None:
        for lab in self.caller.clearance:
            if lab not in SECURITY_LABELS:
                raise SchemaError(f"unknown security label {lab!r} in clearance")
        held = self.caller.clearance if self.seal is None else self.caller.clearance & self.seal.labels
        self._clearance = sorted(held)  # sealed project: what the member can decrypt, whatever the role says

    def close(self) -> None:
        if self._owns_driver:
            self.driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def gds_version(self) -> str | None:
        """The server's Graph Data Science version, or None: analyses may hand large runs to GDS."""
        from graph.stores.neo4j_connect import gds_version

        return gds_version(self.driver, self.database)

    def drop_project(self) -> int:
        """Delete every record, setting and audit entry of this project (tests; retiring a shared case)."""
        total = 0
        for statement in (cy.PROJECT_DROP_ENTITIES, cy.PROJECT_DROP_SETTINGS, cy.PROJECT_DROP_AUDIT):
            while True:
                def step(tx: Tx, stmt: str = statement) -> int:
                    return int(tx.run(stmt, project=self.project, batch=10_000).single(strict=True)["deleted"])
                n = self._write(step)
                total += n
                if not n:
                    break
        self._write(lambda tx: tx.run(cy.PROJECT_DROP_NODE, project=self.project).consume())
        return total

    # -- sessions and transactions ------------------------------------------------------------
    def _session(self) -> neo4j.Session:
        # The driver's bookmark manager gives read-your-writes across sessions in a cluster.
        return self.driver.session(database=self.database,
                                   bookmark_manager=self.driver.execute_query_bookmark_manager)

    def _read(self, work: Callable[[Tx], T]) -> T:
        if self._state.tx is not None:
            return work(self._state.tx)
        with self._session() as session:
            return session.execute_read(work)

    def _write(self, work: Callable[[Tx], T]) -> T:
        if self._state.tx is not None:
            return work(self._state.tx)
        with self._session() as session:
            return session.execute_write(work)

    def _data(self, statement: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of a read statement, scoped to this project and the caller's clearance (sealed maps opened)."""
        params = {"project": self.project, "clearance": self._clearance, **params}
        return self._opened(self._read(lambda tx: tx.run(statement, params).data()))

    def _opened(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Rows with their node (`n`) and relationship (`r`) maps opened; a row the member cannot open is dropped."""
        if self.seal is None:
            return rows
        out = []
        for row in rows:
            for key in ("n", "r"):
                if isinstance(row.get(key), dict):
                    opened = self.seal.open_map(row[key])
                    if opened is None:
                        break
                    row = {**row, key: opened}
            else:
                out.append(row)
        return out

    def _open_stored(self, stored: dict[str, Any]) -> dict[str, Any]:
        """A record read with its write lock, opened for merging; refused when sealed beyond the writer's keys."""
        if self.seal is None:
            return stored
        opened = self.seal.open_map(stored)
        if opened is None:
            raise KnooppuntError(f"{stored.get('id')}: already exists under a label whose key you do not hold; "
                                 "ask a member cleared for it to merge it")
        return opened

    def _entity_out(self, row: dict[str, Any], stored: Mapping[str, Any] | None) -> dict[str, Any]:
        if self.seal is None:
            return row
        return self.seal.seal_entity(row, (stored or {}).get("kept"))

    def _relation_out(self, row: dict[str, Any], labels: Mapping[str, str],
                      stored: Mapping[str, Any] | None) -> dict[str, Any]:
        if self.seal is None:
            return row
        ends = [labels.get(row["src"], "open"), labels.get(row["dst"], "open")]
        return {**row, "props": self.seal.seal_relation(row["props"], ends, (stored or {}).get("kept"))}

    @contextmanager
    def transaction(self) -> Iterator[None]:
        state = self._state
        if state.tx is not None:
            state.depth += 1
            try:
                yield
            finally:
                state.depth -= 1
            return
        session = self._session()
        tx = session.begin_transaction()
        state.session, state.tx, state.depth = session, tx, 1
        try:
            yield
        except BaseException:
            state.session = state.tx = None
            state.depth = 0
            try:
                if not tx.closed():  # a failed statement has already ended it
                    tx.rollback()
            except Exception:  # the original error matters more than a failed rollback
                pass
            finally:
                session.close()
            raise
        state.session = state.tx = None
        state.depth = 0
        try:
            tx.commit()
        finally:
            session.close()

    # -- settings -----------------------------------------------------------------------------
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        rows = self._data(cy.SETTING_GET, key=key)
        return rows[0]["value"] if rows else default

    def set_setting(self, key: str, value: str) -> None:
        self._write(lambda tx: tx.run(cy.SETTING_SET, project=self.project, key=key, value=value).consume())

    # -- audit --------------------------------------------------------------------------------
    def audit(self, action: str, **details: Any) -> None:
        """Append to the project's hash-chained audit log; the project node's lock orders concurrent appends."""
        text = canonical_json(details)

        def work(tx: Tx) -> None:
            tx.run(cy.PROJECT_LOCK, project=self.project).consume()
            last = tx.run(cy.AUDIT_LAST, project=self.project).single()
            seq, prev = (int(last["seq"]) + 1, str(last["hash"])) if last else (1, GENESIS_HASH)
            entry = AuditEntry(seq, now_iso(), self.caller.user, action, text, prev, "")
            tx.run(cy.AUDIT_APPEND, project=self.project, seq=seq, at=entry.at, actor=entry.actor,
                   action=action, details=text, prev_hash=prev, hash=entry_hash(entry)).consume()

        self._write(work)

    def audit_entries(self) -> list[AuditEntry]:
        return [AuditEntry(r["seq"], r["at"], r["actor"], r["action"], r["details"], r["prev_hash"], r["hash"])
                for r in self._data(cy.AUDIT_ENTRIES)]

    # -- writes -------------------------------------------------------------------------------
    def upsert_entities(self, entities: Iterable[Entity], *, canonical: bool = False) -> UpsertStats:
        """`canonical` is accepted (see `Store`); the Neo4j store prepares every entity all the same."""
        items = list(entities)  # a retried transaction must see the same input again

        def work(tx: Tx) -> UpsertStats:
            stats = UpsertStats()
            for chunk in batched(items, self.batch * 5):
                stats.add(self._upsert_entity_batch(tx, chunk))
            return stats

        return self._write(work)

    def _upsert_entity_batch(self, tx: Tx, chunk: list[Entity]) -> UpsertStats:
        schema = self.schema
        stats = UpsertStats()
        batch: dict[str, list[Entity]] = {}
        for entity in chunk:
            schema.prepare_entity(entity)
            stats.ids.append(entity.id)
            batch.setdefault(entity.id, []).append(entity)
        existing = {n["id"]: self._open_stored(n) for n in (rec["n"] for rec in tx.run(
            cy.LOCK_ENTITIES, project=self.project, ids=list(batch))) if "type" in n}
        now, user = now_iso(), self.caller.user
        rows: dict[str, list[dict[str, Any]]] = {}
        for eid, entities in batch.items():
            et = schema.entities[entities[0].type]
            node = existing.get(eid)
            old = None if node is None else _entity_from_node(node)
            for entity in entities:
                identity = schema.identity_key(schema.entities[entity.type], entity.properties)
                if entity.type != et.name or (old is not None and node is not None and (old.type != entity.type or (
                        identity and node.get("identity") and identity != node["identity"]))):
                    have = (f"{old.type} {node.get('identity') or old.caption!r}" if old is not None and node
                            is not None else et.name)
                    raise KnooppuntError(f"{entity.id}: already holds {have}; "
                                         f"refusing to merge {entity.type} {identity or entity.caption!r}")
            sf = fold_statements(schema, old, entities, _stored_statements(node), user, now)
            stats.conflicts += sf.conflicts
            merged = sf.view
            assert isinstance(merged, Entity)
            merged.caption = schema.caption(et, merged.properties) or merged.caption
            if old is None or node is None:
                merged.created_by = merged.updated_by = user
                merged.created_at = merged.updated_at = now
                rows.setdefault(merged.type, []).append(
                    self._entity_out(entity_row(self.schema, self.project, merged, [], sf), None))
                stats.created += 1
                continue
            extra = json.loads(node.get("extra_sources") or "[]")
            added = sum(_add_source(extra, old, rec, user, now) for rec in sf.new_sources)
            stats.sources_added += added
            if not sf.changed:
                stats.unchanged += 1
                if added or sf.writes or sf.deletes:
                    rows.setdefault(old.type, []).append(
                        self._entity_out(entity_row(self.schema, self.project, old, extra, sf), node))
                continue
            merged.updated_by, merged.updated_at = user, now
            rows.setdefault(merged.type, []).append(
                self._entity_out(entity_row(self.schema, self.project, merged, extra, sf), node))
            stats.updated += 1
        for type_name, type_rows in rows.items():
            statement = cy.render_upsert_entities(type_name)
            for part in batched(type_rows, self.batch):
                tx.run(statement, project=self.project, rows=part).consume()
        return stats

    def upsert_relations(self, relations: Iterable[Relation]) -> UpsertStats:
        items = list(relations)

        def work(tx: Tx) -> UpsertStats:
            stats = UpsertStats()
            for chunk in batched(items, self.batch * 5):
                stats.add(self._upsert_relation_batch(tx, chunk))
            return stats

        return self._write(work)

    def _upsert_relation_batch(self, tx: Tx, chunk: list[Relation]) -> UpsertStats:
        schema = self.schema
        stats = UpsertStats()
        ends = list({i for r in chunk for i in (r.source_id, r.target_id)})
        found = list(tx.run(cy.ENTITY_TYPES_BY_ID, project=self.project, ids=ends))
        types = {rec["id"]: rec["type"] for rec in found}
        labels = {rec["id"]: rec["label"] or "open" for rec in found}
        batch: dict[str, list[Relation]] = {}
        for rel in chunk:
            for end in (rel.source_id, rel.target_id):
                if end not in types:
                    raise NotFound(f"{rel.type} {rel.source_id} -> {rel.target_id}: no entity {end!r} in the project")
            schema.prepare_relation(rel, types[rel.source_id], types[rel.target_id])
            stats.ids.append(rel.id)
            batch.setdefault(rel.id, []).append(rel)
        ends_of = [{"id": r[0].id, "src": r[0].source_id, "dst": r[0].target_id} for r in batch.values()]
        existing = {rec["r"]["id"]: self._open_stored({**rec["r"], "src": rec["src"], "dst": rec["dst"]})
                    for rec in tx.run(cy.LOCK_RELATIONS, project=self.project, rows=ends_of) if "type" in rec["r"]}
        now, user = now_iso(), self.caller.user
        rows: list[dict[str, Any]] = []
        for rid, rels in batch.items():
            stored = existing.get(rid)
            old = None if stored is None else _relation_from_map(stored, stored["src"], stored["dst"])
            sf = fold_statements(schema, old, rels, _stored_statements(stored), user, now)
            merged = sf.view
            assert isinstance(merged, Relation)
            if old is None or stored is None:
                merged.created_by = merged.updated_by = user
                merged.created_at = merged.updated_at = now
                rows.append(self._relation_out(relation_row(self.project, merged, [], sf), labels, None))
                stats.created += 1
                continue
            extra = json.loads(stored.get("extra_sources") or "[]")
            added = sum(_add_source(extra, old, rec, user, now) for rec in sf.new_sources)
            stats.sources_added += added
            if not sf.changed:
                stats.unchanged += 1
                if added or sf.writes or sf.deletes:
                    rows.append(self._relation_out(relation_row(self.project, old, extra, sf), labels, stored))
                continue
            merged.updated_by, merged.updated_at = user, now
            rows.append(self._relation_out(relation_row(self.project, merged, extra, sf), labels, stored))
            stats.updated += 1
        for part in batched(rows, self.batch):
            tx.run(cy.UPSERT_RELATIONS, project=self.project, rows=part).consume()
        return stats

    def delete(self, ids: Iterable[str]) -> int:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return 0
        params = {"project": self.project, "clearance": self._clearance, "ids": wanted}

        def work(tx: Tx) -> int:
            plan = tx.run(cy.DELETE_PLAN, params).single(strict=True)
            entities = list(plan["entities"])
            rels = set(plan["relations"]) | {rec["id"] for rec in tx.run(cy.VISIBLE_RELATION_IDS, params)}
            if rels:
                tx.run(cy.DELETE_RELATIONS, project=self.project, ids=sorted(rels)).consume()
            if entities:
                tx.run(cy.DELETE_ENTITIES, project=self.project, ids=entities).consume()
            return len(entities) + len(rels)

        return self._write(work)

    # -- reads --------------------------------------------------------------------------------
    def get_entity(self, entity_id: str) -> Entity:
        rows = self._data(cy.ENTITY_BY_ID, id=entity_id)
        if not rows:
            raise NotFound(f"no entity {entity_id!r} in the project")
        return _entity_from_node(rows[0]["n"])

    def get_entities(self, ids: Iterable[str]) -> dict[str, Entity]:
        rows = self._data(cy.ENTITIES_BY_ID, ids=list(set(ids)))
        return {e.id: e for e in (_entity_from_node(r["n"]) for r in rows)}

    def get_relation(self, relation_id: str) -> Relation:
        rows = self._data(cy.RELATION_BY_ID, id=relation_id)
        if not rows:
            raise NotFound(f"no relation {relation_id!r} in the project")
        return _relation_from_row(rows[0])

    def sources(self, record_id: str) -> list[SourceRecord]:
        is_rel = record_id.startswith("rel-")
        rows = self._data(cy.RELATION_BY_ID if is_rel else cy.ENTITY_BY_ID, id=record_id)
        if not rows:
            raise NotFound(f"no {'relation' if is_rel else 'entity'} {record_id!r} in the project")
        stored = rows[0]["r" if is_rel else "n"]
        record: Record = _relation_from_row(rows[0]) if is_rel else _entity_from_node(stored)
        marks = [s for s in self._statements(record_id, stored) if s.prop == RECORD_MARK]
        if marks:  # as the embedded store: each source with its own grading, its first source first
            own = (record.provenance.source, record.provenance.reference or "") if record.provenance else ("", "")
            marks.sort(key=lambda s: ((s.source, s.reference) != own, s.added_at or "", s.source, s.reference))
            return [SourceRecord(s.source, s.reference or None, s.received, s.reliability, s.credibility,
                                 s.added_by, s.added_at) for s in marks if s.source]
        out = []
        if record.provenance is not None:
            out.append(SourceRecord(record.provenance.source, record.provenance.reference,
                                    record.provenance.received, record.reliability, record.credibility,
                                    record.created_by, record.created_at))
        extra = json.loads(stored.get("extra_sources") or "[]")
        extra.sort(key=lambda s: (s[6] or "", s[0]))
        out.extend(SourceRecord(s[0], s[1] or None, *s[2:]) for s in extra)
        return out

    def statements(self, record_id: str) -> list[Statement]:
        """What each source said about a visible record (see SQLiteStore.statements)."""
        is_rel = record_id.startswith("rel-")
        rows = self._data(cy.RELATION_BY_ID if is_rel else cy.ENTITY_BY_ID, id=record_id)
        if not rows:
            raise NotFound(f"no {'relation' if is_rel else 'entity'} {record_id!r} in the project")
        return [s for s in self._statements(record_id, rows[0]["r" if is_rel else "n"]) if s.prop != RECORD_MARK]

    def _statements(self, record_id: str, stored: Mapping[str, Any]) -> list[Statement]:
        """The node's statements the caller may see (a node holds every label's: no partitions here)."""
        rows = sorted(_stored_statements(stored).values(), key=lambda r: (r[0], r[2], r[3], r[1]))
        return [Statement(record_id, r[0], json.loads(r[1]), *r[2:]) for r in rows
                if r[7] in self.caller.clearance]

    def relations_of(self, entity_id: str, relation_types: Iterable[str] | None = None) -> list[Relation]:
        rows = self._data(cy.RELATIONS_OF, id=entity_id, types=self._types(relation_types, "relation"))
        return sorted(map(_relation_from_row, rows), key=lambda r: (r.type, r.valid_from or "", r.id))

    def _types(self, names: Iterable[str] | None, kind: str) -> list[str] | None:
        if names is None:
            return None
        out = list(names)
        self.schema.check_types(out, kind)
        return out

    def search(self, query: str, *, types: Iterable[str] | None = None, limit: int = 25) -> list[Entity]:
        """Word-prefix search ranked as the embedded store ranks (`rank_hits`)."""
        words = fold(query).split()
        if not words:
            return []
        # Folded words hold only [0-9a-z], so none is Lucene syntax; exact words rank above prefixes.
        # Sealed records are found by their blind tokens (neo4j_seal), one pair per label key held.
        terms = [[f"{w}^2", f"{w}*", *(self.seal.query_terms(w) if self.seal else [])] for w in words]
        lucene = " AND ".join(f"({' OR '.join(t)})" for t in terms)
        hits = self._data(cy.SEARCH, query=lucene, types=self._types(types, "entity"), limit=SEARCH_CANDIDATES)
        captions = [(h["id"], caption_of(self.seal, h)) for h in hits]
        shown = [(i, c) for i, c in captions if c is not None]
        ids = [i for i, _ in shown]
        best = [ids[i] for i in rank_hits(words, [(i, c) for i, (_, c) in enumerate(shown)])[:limit]]
        found = self.get_entities(best)
        return [found[i] for i in best if i in found]

    def neighbours(self, ids: Iterable[str], depth: int = 1, *,
                   relation_types: Iterable[str] | None = None, max_nodes: int | None = None) -> set[str]:
        types = self._types(relation_types, "relation")
        seen = {r["n"]["id"] for r in self._data(cy.ENTITIES_BY_ID, ids=list(set(ids)))}
        frontier = set(seen)
        for _ in range(depth):
            if not frontier:
                break
            found = {r["id"] for r in self._data(cy.NEIGHBOUR_STEP, frontier=list(frontier), types=types)} - seen
            if max_nodes is not None and len(seen) + len(found) > max_nodes:
                found = set(sorted(found, key=parse_id)[: max(0, max_nodes - len(seen))])
            seen |= found
            frontier = found
        return seen

    def subgraph(self, ids: Iterable[str]) -> nx.MultiDiGraph:
        wanted = list(set(ids))
        g = nx.MultiDiGraph()
        for r in self._data(cy.ENTITIES_BY_ID, ids=wanted):
            e = _entity_from_node(r["n"])
            g.add_node(e.id, **node_attrs(e))
        for r in self._data(cy.RELATIONS_AMONG, ids=wanted):
            rel = _relation_from_row(r)
            g.add_edge(rel.source_id, rel.target_id, key=rel.id, **edge_attrs(rel))
        return g

    def graph(self, *, entity_types: Iterable[str] | None = None,
              relation_types: Iterable[str] | None = None) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        for e in self.iter_entities_of(self._types(entity_types, "entity")):
            g.add_node(e.id, **node_attrs(e))
        for r in self._data(cy.RELATIONS_BY_TYPE, types=self._types(relation_types, "relation")):
            rel = _relation_from_row(r)
            if rel.source_id in g and rel.target_id in g:
                g.add_edge(rel.source_id, rel.target_id, key=rel.id, **edge_attrs(rel))
        return g

    def iter_entities_of(self, types: list[str] | None) -> Iterator[Entity]:
        for r in self._data(cy.ENTITIES_BY_TYPE, types=types):
            yield _entity_from_node(r["n"])

    def iter_entities(self, entity_type: str | None = None) -> Iterator[Entity]:
        return self.iter_entities_of(self._types(None if entity_type is None else [entity_type], "entity"))

    def iter_relations(self, relation_type: str | None = None) -> Iterator[Relation]:
        types = self._types(None if relation_type is None else [relation_type], "relation")
        for r in self._data(cy.RELATIONS_BY_TYPE, types=types):
            yield _relation_from_row(r)

    def counts(self) -> dict[str, int]:
        out = {r["type"]: int(r["total"]) for r in self._data(cy.ENTITY_COUNTS)}
        out.update({r["type"]: int(r["total"]) for r in self._data(cy.RELATION_COUNTS)})
        return out


# -- project isolation ---------------------------------------------------------------------------
def create_project_database(drv: neo4j.Driver, project: str) -> str:
    """Create the project's own database (Enterprise, some Aura tiers); Neo4jConnectionError when refused."""
    name = database_name(project)
    try:
        drv.execute_query(cy.CREATE_DATABASE, name=name, database_="system")
    except (nx_exc.ClientError, nx_exc.DatabaseError) as exc:
        raise Neo4jConnectionError(f"the server refused a database per project ({exc.code}): {exc.message}") from None
    return name


def project_database(drv: neo4j.Driver, project: str) -> str | None:
    """The project's own database when it exists on this server, else None (shared database)."""
    try:
        records, _, _ = drv.execute_query(cy.SHOW_DATABASE, name=database_name(project), database_="system",
                                          routing_=neo4j.RoutingControl.READ)
    except (nx_exc.ClientError, nx_exc.DatabaseError):
        return None
    return str(records[0]["name"]) if records else None


def choose_database(drv: neo4j.Driver, project: str, mode: str, enterprise: bool) -> tuple[str | None, str]:
    """(database, how) for a new project: `database` mode insists, `auto` tries, `property` shares."""
    if mode == "property":
        return None, "shared database, project property on every record"
    if mode == "database" or enterprise:
        try:
            return create_project_database(drv, project), "database per project"
        except Neo4jConnectionError as exc:
            if mode == "database":
                raise
            return None, f"shared database, project property on every record ({exc})"
    return None, "shared database, project property on every record (server has one database)"


# -- node / relationship maps <-> records -----------------------------------------------------
def entity_row(schema: Schema, project: str, e: Entity, extra: list[list[Any]], sf: Fold | None = None
               ) -> dict[str, Any]:
    """Every node property of an entity: `SET n = row` replaces the node's map whole."""
    et = schema.entities[e.type]
    row: dict[str, Any] = {"project": project, "id": e.id, "type": e.type, "caption": e.caption,
                           "props": canonical_json(e.properties), "identity": schema.identity_key(et, e.properties),
                           "search": schema.search_text(e),
                           "extra_sources": canonical_json(extra) if extra else None,
                           "statements": _statements_json(sf)}
    row.update(_meta_values(e))
    row.update(_natives(e.properties))
    return {k: v for k, v in row.items() if v is not None}


def relation_row(project: str, r: Relation, extra: list[list[Any]], sf: Fold | None = None) -> dict[str, Any]:
    """A relation's ends and every relationship property (`SET r = row.props`)."""
    props: dict[str, Any] = {"project": project, "id": r.id, "type": r.type, "src": r.source_id,
                             "dst": r.target_id, "props": canonical_json(r.properties),
                             "extra_sources": canonical_json(extra) if extra else None,
                             "statements": _statements_json(sf)}
    props.update(_meta_values(r))
    props.update(_natives(r.properties))
    return {"id": r.id, "src": r.source_id, "dst": r.target_id,
            "props": {k: v for k, v in props.items() if v is not None}}


def _stored_statements(stored: Mapping[str, Any] | None) -> dict[tuple[str, ...], StatementRow]:
    """A node's (or relationship's) statements, keyed as `fold_statements` wants them."""
    if stored is None:
        return {}
    return {tuple(r[:4]): tuple(r) for r in json.loads(stored.get("statements") or "[]")}


def _statements_json(sf: Fold | None) -> str | None:
    """What each source said, as one JSON property (sorted: the same statements, the same text)."""
    if sf is None or not sf.rows:
        return None
    return canonical_json(sorted(sf.rows.values(), key=lambda r: tuple(str(v) for v in r)))


def _meta_values(rec: Record) -> dict[str, Any]:
    return dict(zip(META_FIELDS, meta_values(rec), strict=True))


def _natives(props: dict[str, Any]) -> dict[str, Any]:
    """Properties repeated as native Neo4j values where Neo4j can hold them (homogeneous lists)."""
    out: dict[str, Any] = {}
    for name, value in props.items():
        if isinstance(value, list) and (not value or len({type(v) for v in value}) != 1):
            continue
        out[cy.native(name)] = value
    return out


def _meta_kwargs(m: dict[str, Any]) -> dict[str, Any]:
    return meta_kwargs([m.get(k) for k in META_FIELDS])


def _entity_from_node(n: dict[str, Any]) -> Entity:
    return Entity(id=n["id"], type=n["type"], caption=n.get("caption", ""), properties=json.loads(n["props"]),
                  **_meta_kwargs(n))


def _relation_from_map(r: dict[str, Any], src: str, dst: str) -> Relation:
    return Relation(id=r["id"], type=r["type"], source_id=src, target_id=dst, properties=json.loads(r["props"]),
                    **_meta_kwargs(r))


def _relation_from_row(row: dict[str, Any]) -> Relation:
    return _relation_from_map(row["r"], row["src"], row["dst"])


def _add_source(extra: list[list[Any]], old: Record, new: Record, user: str, now: str) -> int:
    """Record a further source like the embedded store's provenance table: once per (source, reference)."""
    if not is_new_source(old, new):
        return 0
    p = new.provenance
    assert p is not None
    ref = p.reference or ""
    if any(s[0] == p.source and s[1] == ref for s in extra):
        return 0
    extra.append([p.source, ref, p.received, new.reliability, new.credibility, user, now])
    return 1
