"""The sources list (ANB's "Sources & grading"): every source in the project, its grading
and the records it supports. The briefing uses it to say what a finding rests on.

A record's first source is on the record itself; later sources are listed by
`store.sources(id)`. Both count here, and only records the caller may see.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from graph.model import Record
from graph.store import Store


@dataclass(slots=True)
class SourceSupport:
    """One source: how it was graded and which records rest on it."""

    source: str
    gradings: Counter[str] = field(default_factory=Counter)
    references: set[str] = field(default_factory=set)
    entities: list[str] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)
    first_received: str | None = None
    last_received: str | None = None

    @property
    def records(self) -> int:
        return len(self.entities) + len(self.relations)

    def grading_text(self) -> str:
        """`B2 ×3, C3 ×1`, most frequent first; `--` counts ungraded records."""
        return ", ".join(f"{g} ×{n}" for g, n in sorted(self.gradings.items(), key=lambda gn: (-gn[1], gn[0])))

    def add(self, record_id: str, is_relation: bool, grading: str, reference: str | None,
            received: str | None) -> None:
        (self.relations if is_relation else self.entities).append(record_id)
        self.gradings[grading] += 1
        if reference:
            self.references.add(reference)
        if received:
            self.first_received = min(self.first_received or received, received)
            self.last_received = max(self.last_received or received, received)


def _records(store: Store) -> Iterator[tuple[Record, bool]]:
    for e in store.iter_entities():
        yield e, False
    for r in store.iter_relations():
        yield r, True


def sources_list(store: Store) -> list[SourceSupport]:
    """Every source with its gradings and supported records, most records first."""
    out: dict[str, SourceSupport] = {}
    multi: list[tuple[str, bool]] = []
    for rec, is_rel in _records(store):
        p = rec.provenance
        if p is not None:
            out.setdefault(p.source, SourceSupport(p.source)).add(rec.id, is_rel, rec.grading, p.reference,
                                                                  p.received)
        multi.append((rec.id, is_rel))
    for record_id, is_rel in _with_extra_sources(store, multi):
        for s in store.sources(record_id)[1:]:
            grading = f"{s.reliability or '-'}{s.credibility or '-'}"
            out.setdefault(s.source, SourceSupport(s.source)).add(record_id, is_rel, grading, s.reference, s.received)
    store.audit("view", what="sources list", sources=len(out))
    return sorted(out.values(), key=lambda s: (-s.records, s.source.casefold()))


def _with_extra_sources(store: Store, records: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """The records that have more than one source (one query in the embedded store)."""
    conn = getattr(store, "conn", None)
    if conn is None:
        return records
    from graph.schema import parse_id

    keys = {parse_id(i) for i, _ in records}
    with_extra = {row[0] for row in conn.execute("SELECT DISTINCT record_id FROM provenance")}
    return [(i, r) for i, r in records if parse_id(i) in with_extra and parse_id(i) in keys]
