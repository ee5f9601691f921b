"""Push and pull: copy records between two projects of any backend (local file <-> Neo4j).

Ids are derived from identity by the schema, so the same company has the same id in
every store: copying is an upsert that merges on identity with the target's usual merge
rules. Provenance travels with each record: its first source, grading, validity and
security label, and every further source (`Store.sources`). What the reading side's
caller may not see is never read, so it is never copied. Both ends get an audit entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.model import Entity, Provenance, Record, Relation
from graph.progress import Progress
from graph.store import SourceRecord, Store, UpsertStats

BATCH = 5000


@dataclass(slots=True)
class SyncReport:
    """What a push or pull did, for the CLI and both audit logs."""

    entities: UpsertStats = field(default_factory=UpsertStats)
    relations: UpsertStats = field(default_factory=UpsertStats)

    def summary(self) -> dict[str, int]:
        return {"entities": self.entities.total, "entities_created": self.entities.created,
                "entities_updated": self.entities.updated, "relations": self.relations.total,
                "relations_created": self.relations.created, "relations_updated": self.relations.updated,
                "sources_added": self.entities.sources_added + self.relations.sources_added}


def select(store: Store, ids: Iterable[str] | None = None, depth: int = 0) -> tuple[list[Entity], list[Relation]]:
    """The records to copy: the whole visible project, or ids and their neighbours to `depth`,
    with every visible relation among the chosen entities."""
    if ids is None:
        return list(store.iter_entities()), list(store.iter_relations())
    chosen = store.neighbours(list(ids), depth) if depth else set(store.get_entities(ids))
    entities = store.get_entities(chosen)
    relations: dict[str, Relation] = {}
    for entity_id in sorted(entities):
        for rel in store.relations_of(entity_id):
            if rel.source_id in entities and rel.target_id in entities:
                relations[rel.id] = rel
    return [entities[i] for i in sorted(entities)], [relations[i] for i in sorted(relations)]


def _fresh(record: Record) -> Record:
    """A copy to upsert: same id, data and provenance; the target stamps its own created/updated."""
    return record.evolve(created_by=None, created_at=None, updated_by=None, updated_at=None,
                         properties=dict(record.properties))


def _with_source(record: Record, s: SourceRecord) -> Record:
    return _fresh(record).evolve(provenance=Provenance(source=s.source, reference=s.reference, received=s.received),
                                 reliability=s.reliability, credibility=s.credibility)


Tick = Callable[[int], None]


def copy_records(source: Store, target: Store, ids: Iterable[str] | None = None, depth: int = 0, *,
                 progress: Progress | None = None) -> SyncReport:
    """Copy a selection from source to target in one target transaction; returns the counts.

    `progress` (graph.progress.Progress) learns the total once the selection is known and is
    advanced after every batch, so a push or pull shows its rate and time left.
    """
    entities, relations = select(source, ids, depth)
    report = SyncReport()
    tick: Tick | None = None
    if progress is not None:
        progress.total = len(entities) + len(relations)
        tick = progress.advance
    with target.transaction():
        _copy(source, entities, target.upsert_entities, report.entities, tick)
        _copy(source, relations, target.upsert_relations, report.relations, tick)
    return report


def _copy(source: Store, records: Sequence[Record], upsert: Callable[[list[Any]], UpsertStats],
          stats: UpsertStats, tick: Tick | None = None) -> None:
    """Upsert records with all their sources.

    A record with further sources is written as it is (so its first source stays first),
    then once per further source (so each is listed in `sources`), then as it is again (so
    its own grading ends as it was). Round k holds each record's k-th further source: one
    upsert per round, because an upsert merges duplicates within its batch.
    """
    for start in range(0, len(records), BATCH):
        part = records[start:start + BATCH]
        stats.add(upsert([_fresh(r) for r in part]))
        rounds: list[list[Record]] = []
        finals: list[Record] = []
        for record in part:
            extra = source.sources(record.id)[1:]
            for k, s in enumerate(extra):
                if k == len(rounds):
                    rounds.append([])
                rounds[k].append(_with_source(record, s))
            if extra:
                finals.append(_fresh(record))
        for batch in [*rounds, finals] if finals else []:
            stats.sources_added += upsert(batch).sources_added
        if tick is not None:
            tick(len(part))


def push(local: Store, remote: Store, ids: Iterable[str] | None = None, depth: int = 0, *,
         local_name: str = "", remote_name: str = "", progress: Progress | None = None) -> SyncReport:
    """Publish a local project (or a selection) to a shared one; audited at both ends."""
    report = copy_records(local, remote, ids, depth, progress=progress)
    summary = report.summary()
    remote.audit("push.received", origin=local_name, by=local.caller.user, **summary)
    local.audit("push", destination=remote_name, **summary)
    return report


def pull(remote: Store, local: Store, ids: Iterable[str] | None = None, depth: int = 0, *,
         local_name: str = "", remote_name: str = "", progress: Progress | None = None) -> SyncReport:
    """Fetch a shared project's subgraph (or all of it) into a local one; audited at both ends."""
    chosen = list(ids) if ids is not None else None
    report = copy_records(remote, local, chosen, depth, progress=progress)
    summary = report.summary()
    remote.audit("pull.sent", destination=local_name, by=remote.caller.user, ids=chosen, depth=depth, **summary)
    local.audit("pull", origin=remote_name, ids=chosen, depth=depth, **summary)
    return report
