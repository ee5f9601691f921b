"""The guarded store: roles enforced and activity audited for every front end.

`workbench.project.open_project` returns a `GuardedStore` around the real store (already
narrowed to the member's clearance through `Caller`). It offers the whole `Store`
protocol; writes check the member's role (raising PermissionDenied), and the actions the
audit log must show are written there: open, search (with the query), view entity, load
graph, import, edit, delete, export, settings, purge, members -- and refused attempts.

Importers wrap their writes in ``with store.activity("import", source=...)`` so a file
lands as one `import` entry with its counts; exporters call ``store.record_export(...)``
(which also checks the `export` permission). Anything else reached through attribute
fall-through (``store.path``, ``store.integrity_check()``) is read-only plumbing; the raw
``store.conn`` bypasses the guard and is for the store's own package only.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import networkx as nx

from graph.access.roles import Member, check
from graph.errors import KnooppuntError, NotFound, PermissionDenied
from graph.model import Entity, Relation
from graph.schema import parse_id
from graph.store import AuditEntry, Caller, UpsertStats

_CHUNK = 5000
_MAX_IDS = 200  # ids listed per audit entry; beyond that the entry holds counts only
PROTECTED_SETTINGS = ("name", "owner", "created_at", "retention.", "access.", "audit.")


class GuardedStore:
    """A store seen by one member: role checks on writes, audit entries for what matters."""

    keys: Any = None  # graph.access.session.ProjectKeys when the project is encrypted
    signer: Any = None  # graph.access.signing.Signer when the member's signing key is unlocked
    on_close: Any = None  # called with this store just before it closes (remember the audit head)
    warnings: tuple[str, ...] | list[str] = ()  # what the open found wrong but did not refuse (a shortened log)

    def __init__(self, inner: Any, member: Member):
        self._inner = inner.with_caller(Caller(user=member.name, clearance=member.clearance))
        self.member = member
        self._activity: list[tuple[str, dict[str, Any], UpsertStats]] = []
        self._alias_cache: tuple[str, Any] | None = None

    # -- plumbing ---------------------------------------------------------------------------
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_inner":  # copy/pickle probes before __init__ ran
            raise AttributeError(name)
        return getattr(self._inner, name)

    @property
    def inner(self) -> Any:
        return self._inner

    @property
    def schema(self) -> Any:
        return self._inner.schema

    @property
    def caller(self) -> Caller:
        return self._inner.caller

    def with_caller(self, caller: Caller) -> GuardedStore:
        """Only ever a narrower view of the same member (a clearance can not be raised)."""
        if caller.user != self.member.name or not caller.clearance <= self.member.clearance:
            raise PermissionDenied(f"member {self.member.name!r} may not act as {caller.user!r} "
                                   f"with clearance {sorted(caller.clearance)}")
        narrowed = Member(self.member.name, self.member.role, caller.clearance, self.member.added_by,
                          self.member.added_at)
        view = GuardedStore(self._inner, narrowed)
        view.keys, view.signer = self.keys, self.signer
        return view

    def transaction(self) -> Any:
        return self._inner.transaction()

    def close(self) -> None:
        if self.on_close is not None:
            flush = getattr(self._inner, "_flush_audit", None)
            with contextlib.suppress(Exception):  # closing must not fail over this computer's memo
                if flush is not None:
                    flush(wait=True)
                self.on_close(self)
        self._inner.close()

    def __enter__(self) -> GuardedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def require(self, permission: str) -> None:
        check(self, permission)

    def audit_denied(self, permission: str) -> None:
        with contextlib.suppress(Exception):  # a refused action stays refused even if logging fails
            self._inner.audit("denied", permission=permission, role=self.member.role)

    # -- audit ------------------------------------------------------------------------------
    def audit(self, action: str, **details: Any) -> None:
        """Append to the audit log; an `export` or `import` entry first checks that permission."""
        if action in ("export", "import"):
            check(self, action)
        self._inner.audit(action, **details)

    def audit_entries(self) -> list[AuditEntry]:
        check(self, "audit")
        return self._inner.audit_entries()

    @contextmanager
    def activity(self, action: str, **details: Any) -> Iterator[UpsertStats]:
        """Group writes (an import, a merge) into one audit entry with their totals."""
        check(self, "import" if action == "import" else "edit")
        stats = UpsertStats()
        self._activity.append((action, details, stats))
        try:
            with self._inner.transaction():
                yield stats
                self._inner.audit(action, **details, created=stats.created, updated=stats.updated,
                                  unchanged=stats.unchanged, **_ids(stats.ids, total=stats.total))
        finally:
            self._activity.pop()

    def record_export(self, target: str, count: int, **details: Any) -> None:
        """Call once an export is written (check `export` before writing): checks again and audits it."""
        check(self, "export")
        self._inner.audit("export", target=target, count=count, **details)

    def _written(self, kind: str, stats: UpsertStats) -> UpsertStats:
        if self._activity:
            # Counts add up; ids only as many as the audit entry will list (an import of a
            # million rows would otherwise hold every id in memory until it commits).
            group = self._activity[-1][2]
            group.created += stats.created
            group.updated += stats.updated
            group.unchanged += stats.unchanged
            group.sources_added += stats.sources_added
            group.ids.extend(stats.ids[: max(0, _MAX_IDS - len(group.ids))])
        elif stats.created or stats.updated:
            self._inner.audit("edit", kind=kind, created=stats.created, updated=stats.updated,
                              **_ids(stats.ids))
        return stats

    def _labels_allowed(self, records: Iterable[Any], kind: str) -> Iterator[Any]:
        """Refuse writing above the clearance, and writing onto records the member cannot see.

        Without the second check an upsert whose identity matches a hidden record would
        silently merge into it (and `relations` could hang off hidden entities). The refusal
        names only the id the member supplied or derived, and is audited.
        """
        allowed = self.member.clearance
        chunk: list[Any] = []
        for r in records:
            if r.label not in allowed:
                check_label = f"write a record labelled {r.label!r}"
                self.audit_denied(check_label)
                raise PermissionDenied(f"member {self.member.name!r} may not {check_label} "
                                       f"(clearance: {', '.join(sorted(allowed))})")
            if self.caller.sees_all():
                yield r
                continue
            chunk.append(r)
            if len(chunk) >= _CHUNK:
                yield from self._visible_targets(chunk, kind)
                chunk = []
        if chunk:
            yield from self._visible_targets(chunk, kind)

    def _visible_targets(self, chunk: list[Any], kind: str) -> list[Any]:
        ids: list[str] = []
        for r in chunk:
            if kind == "entities":
                self.schema.prepare_entity(r)
                ids.append(r.id)
            else:
                ids.extend(i for i in (r.id, r.source_id, r.target_id) if i)
        keys = {}
        for i in ids:
            with contextlib.suppress(KnooppuntError):
                keys[parse_id(i)] = i
        conn = self._inner.conn
        labels = json.dumps(sorted(self.member.clearance))
        hidden = conn.execute(
            "SELECT key FROM entities WHERE key IN (SELECT value FROM json_each(?)) AND label NOT IN "
            "(SELECT value FROM json_each(?)) UNION SELECT key FROM relations WHERE key IN "
            "(SELECT value FROM json_each(?)) AND label NOT IN (SELECT value FROM json_each(?)) LIMIT 1",
            (json.dumps(list(keys)), labels, json.dumps(list(keys)), labels)).fetchone()
        if hidden:
            record_id = keys[hidden[0]]
            self.audit_denied(f"write onto {record_id}, which is above the clearance")
            raise PermissionDenied(f"{record_id}: in use by a record above the clearance of {self.member.name!r}; "
                                   "ask a member who may see it")
        return chunk

    # -- writes -----------------------------------------------------------------------------
    def upsert_entities(self, entities: Iterable[Entity]) -> UpsertStats:
        check(self, "edit")
        with self._inner.transaction():
            return self._written("entities", self._inner.upsert_entities(self._labels_allowed(entities, "entities")))

    def upsert_relations(self, relations: Iterable[Relation]) -> UpsertStats:
        check(self, "edit")
        with self._inner.transaction():
            stats = self._inner.upsert_relations(self._labels_allowed(relations, "relations"))
            return self._written("relations", stats)

    def delete(self, ids: Iterable[str]) -> int:
        check(self, "edit")
        ids = list(ids)
        with self._inner.transaction():
            n = int(self._inner.delete(ids))
            self._inner.audit("delete", requested=len(ids), deleted=n, **_ids(ids))
        return n

    def set_setting(self, key: str, value: str) -> None:
        check(self, "settings" if key.startswith(PROTECTED_SETTINGS) else "edit")
        with self._inner.transaction():
            self._inner.set_setting(key, value)
            self._inner.audit("setting", key=key, value=value if len(value) <= 200 else f"{len(value)} characters")

    # -- reads ------------------------------------------------------------------------------
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        return self._inner.get_setting(key, default)

    def _aliases(self) -> Any:
        """Merges applied for this member (graph.merge.AliasView), or None when there are none.

        One settings read per call; the view is rebuilt only when the aliases changed.
        """
        from graph.merge import ALIASES_KEY, AliasView
        raw = self._inner.get_setting(ALIASES_KEY)
        if not raw or raw == "{}":
            return None
        if self._alias_cache is not None and self._alias_cache[0] == raw:
            return self._alias_cache[1]
        view = AliasView(self._inner)
        self._alias_cache = (raw, view if view else None)
        return self._alias_cache[1]

    def search(self, query: str, *, types: Iterable[str] | None = None, limit: int = 25) -> list[Entity]:
        types = None if types is None else list(types)
        hits: list[Entity] = self._inner.search(query, types=types, limit=limit)
        aliases = self._aliases()
        if aliases is not None:
            hits = aliases.entities(hits)
        self._inner.audit("search", query=query, types=types, hits=len(hits))
        return hits

    def get_entity(self, entity_id: str) -> Entity:
        aliases = self._aliases()
        if aliases is not None and entity_id in aliases.to_keep:
            raise NotFound(f"{entity_id} was merged into {aliases.to_keep[entity_id]} (see `knooppunt resolve merges`)")
        entity: Entity = self._inner.get_entity(entity_id)
        self._inner.audit("view", id=entity_id)
        return aliases.entity(entity) if aliases is not None else entity

    def graph(self, *, entity_types: Iterable[str] | None = None,
              relation_types: Iterable[str] | None = None) -> nx.MultiDiGraph:
        g: nx.MultiDiGraph = self._inner.graph(entity_types=entity_types, relation_types=relation_types)
        aliases = self._aliases()
        if aliases is not None:
            g = aliases.graph(g)
        self._inner.audit("load graph", nodes=g.number_of_nodes(), edges=g.number_of_edges())
        return g

    def get_entities(self, ids: Iterable[str]) -> dict[str, Entity]:
        found: dict[str, Entity] = self._inner.get_entities(ids)
        aliases = self._aliases()
        if aliases is None:
            return found
        return {i: aliases.entity(e) for i, e in found.items() if i not in aliases.to_keep}

    def get_relation(self, relation_id: str) -> Relation:
        relation: Relation = self._inner.get_relation(relation_id)
        aliases = self._aliases()
        if aliases is None:
            return relation
        mapped = aliases.relation(relation)
        if mapped is None:
            raise NotFound(f"relation {relation_id} joins two entities that were merged")
        return mapped

    def sources(self, record_id: str) -> Any:
        aliases = self._aliases()
        if aliases is not None and not record_id.startswith("rel-"):
            return aliases.sources(record_id)
        return self._inner.sources(record_id)

    def relations_of(self, entity_id: str, relation_types: Iterable[str] | None = None) -> list[Relation]:
        aliases = self._aliases()
        if aliases is None:
            return self._inner.relations_of(entity_id, relation_types)
        if entity_id in aliases.to_keep:
            raise NotFound(f"{entity_id} was merged into {aliases.to_keep[entity_id]}")
        types = None if relation_types is None else list(relation_types)
        found = list(self._inner.relations_of(entity_id, types))
        for merged in aliases.merged.get(entity_id, []):
            found.extend(self._inner.relations_of(merged, types))
        return sorted(aliases.relations(found), key=lambda r: (r.type, r.valid_from or "", r.id))

    def neighbours(self, ids: Iterable[str], depth: int = 1, *,
                   relation_types: Iterable[str] | None = None, max_nodes: int | None = None) -> set[str]:
        aliases = self._aliases()
        if aliases is None:
            return self._inner.neighbours(ids, depth, relation_types=relation_types, max_nodes=max_nodes)
        types = None if relation_types is None else list(relation_types)
        seen = {aliases.canon(i) for i in self._inner.neighbours(aliases.expand(ids), 0, relation_types=types)}
        frontier = set(seen)
        for _ in range(depth):
            if not frontier:
                break
            found = {aliases.canon(i) for i in self._inner.neighbours(aliases.expand(frontier), 1,
                                                                      relation_types=types)} - seen
            if max_nodes is not None and len(seen) + len(found) > max_nodes:
                found = set(sorted(found)[: max(0, max_nodes - len(seen))])
            seen |= found
            frontier = found
        return seen

    def subgraph(self, ids: Iterable[str]) -> nx.MultiDiGraph:
        aliases = self._aliases()
        if aliases is None:
            return self._inner.subgraph(ids)
        graph: nx.MultiDiGraph = aliases.graph(self._inner.subgraph(aliases.expand(ids)))
        return graph

    def iter_entities(self, entity_type: str | None = None) -> Iterator[Entity]:
        aliases = self._aliases()
        for e in self._inner.iter_entities(entity_type):
            if aliases is None:
                yield e
            elif e.id not in aliases.to_keep:
                yield aliases.entity(e)

    def iter_relations(self, relation_type: str | None = None) -> Iterator[Relation]:
        aliases = self._aliases()
        for r in self._inner.iter_relations(relation_type):
            mapped = r if aliases is None else aliases.relation(r)
            if mapped is not None:
                yield mapped

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = self._inner.counts()
        aliases = self._aliases()
        if aliases is not None:
            for e in self._inner.get_entities(list(aliases.to_keep)).values():
                counts[e.type] = counts.get(e.type, 0) - 1
        return counts


def _ids(ids: list[str], total: int | None = None) -> dict[str, Any]:
    """The first ids for an audit entry, and how many there were when that is more."""
    total = len(ids) if total is None else total
    if total <= _MAX_IDS and len(ids) == total:
        return {"ids": ids}
    return {"ids": ids[:_MAX_IDS], "ids_total": total}
