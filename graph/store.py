"""The store protocol: what the CLI, GUI, importers and analyses ask of a project's data.

Two implementations fit it: the embedded SQLite store (default, one file per project)
and the Neo4j store (shared server). Identity is decided by the schema (stable ids from
identifying properties), so both backends merge the same records the same way.

Every read honours the caller's clearance: a record whose security label the caller
may not see is absent from searches, neighbours, subgraphs and counts alike.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from graph.model import SECURITY_LABELS, Entity, Relation
from graph.schema import Schema

if TYPE_CHECKING:
    import networkx as nx  # loaded where a graph is built: the CLI starts without it


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking: the acting member's name and the security labels they may see."""

    user: str = "system"
    clearance: frozenset[str] = frozenset(SECURITY_LABELS)

    def sees_all(self) -> bool:
        return self.clearance >= frozenset(SECURITY_LABELS)


@dataclass(slots=True)
class UpsertStats:
    """What a batch upsert did: analysts see these counts after every import."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    sources_added: int = 0
    ids: list[str] = field(default_factory=list)
    # one line per conflict: a source that gave two values for one property in the same batch
    conflicts: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def add(self, other: UpsertStats) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.sources_added += other.sources_added
        self.ids.extend(other.ids)
        self.conflicts.extend(other.conflicts)


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One source that contributed to a record (a record can have several)."""

    source: str
    reference: str | None
    received: str | None
    reliability: str | None
    credibility: str | None
    added_by: str | None
    added_at: str | None


@dataclass(frozen=True, slots=True)
class Statement:
    """One value one source gave for one property of a record (the followthemoney statement).

    Nothing a source said is overwritten by another source: the record's view is derived
    from its statements (`graph.stores.records.derive_view`). `prop` is a property name, or
    `@valid_from` / `@valid_to` for the record's validity; `label` is the security label of
    the row that said it (a confidential case row's statement about an open company is
    confidential and stored with that label's records).
    """

    record_id: str
    prop: str
    value: object
    source: str  # "" for a value entered by hand without a source
    reference: str
    received: str | None
    reliability: str | None
    credibility: str | None
    label: str
    added_by: str | None = None
    added_at: str | None = None

    @property
    def grading(self) -> str:
        return f"{self.reliability or '-'}{self.credibility or '-'}"


GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit log; `hash` covers every other field, `prev_hash` included."""

    seq: int
    at: str
    actor: str
    action: str
    details: str  # JSON
    prev_hash: str
    hash: str


def entry_hash(entry: AuditEntry) -> str:
    """SHA-256 over the entry's fields: changing, removing or reordering entries breaks the chain."""
    payload = json.dumps([entry.seq, entry.at, entry.actor, entry.action, entry.details, entry.prev_hash],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


@runtime_checkable
class Store(Protocol):
    # Read-only members: a wrapper (the access layer's GuardedStore) may expose them as properties.
    @property
    def schema(self) -> Schema: ...

    @property
    def caller(self) -> Caller: ...

    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside commit together or not at all; nested calls join the outer one."""

    def upsert_entities(self, entities: Iterable[Entity], *, canonical: bool = False) -> UpsertStats:
        """Create or merge entities on their identity; the same data twice changes nothing.

        `canonical`: the caller made them with the schema's own normalisers (id, caption, canonical
        properties, checked grading and label), as an importer's mapper does, so a store may skip
        preparing them a second time (`Schema.prepare_entity`, a fifth of a KvK load's time).
        """

    def upsert_relations(self, relations: Iterable[Relation]) -> UpsertStats:
        """Create or merge relations; both ends must exist."""

    def get_entity(self, entity_id: str) -> Entity:
        """The entity, or NotFound (also when the caller may not see it)."""

    def get_entities(self, ids: Iterable[str]) -> dict[str, Entity]:
        """The visible entities among ids."""

    def get_relation(self, relation_id: str) -> Relation: ...

    def sources(self, record_id: str) -> list[SourceRecord]:
        """Every source that contributed to a record."""

    def statements(self, record_id: str) -> list[Statement]:
        """What each source said about a visible record, value by value (within the caller's clearance)."""

    def relations_of(self, entity_id: str, relation_types: Iterable[str] | None = None) -> list[Relation]:
        """Visible relations with entity_id at either end."""

    def search(self, query: str, *, types: Iterable[str] | None = None, limit: int = 25) -> list[Entity]:
        """Entities by name or identifier: word prefixes, case and diacritics ignored."""

    def neighbours(self, ids: Iterable[str], depth: int = 1, *,
                   relation_types: Iterable[str] | None = None, max_nodes: int | None = None) -> set[str]:
        """Ids within depth hops of ids (ids included)."""

    def subgraph(self, ids: Iterable[str]) -> nx.MultiDiGraph:
        """The entities ids and every visible relation among them, as networkx."""

    def graph(self, *, entity_types: Iterable[str] | None = None,
              relation_types: Iterable[str] | None = None) -> nx.MultiDiGraph:
        """The whole visible project (optionally by type) as networkx, for analyses."""

    def iter_entities(self, entity_type: str | None = None) -> Iterator[Entity]: ...

    def iter_relations(self, relation_type: str | None = None) -> Iterator[Relation]: ...

    def delete(self, ids: Iterable[str]) -> int:
        """Delete entities (with their relations) or relations by id; returns records deleted."""

    def counts(self) -> dict[str, int]:
        """Visible records per entity and relation type."""

    def get_setting(self, key: str, default: str | None = None) -> str | None: ...

    def set_setting(self, key: str, value: str) -> None: ...

    def audit(self, action: str, **details: object) -> None:
        """Append to the project's audit log: open, search, view, import, edit, delete, export..."""

    def audit_entries(self) -> list[AuditEntry]: ...

    def close(self) -> None: ...
