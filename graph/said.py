"""What each source said about one record, as records a store can fold back in (issue 16 item 3).

A hand edit that a store's upsert cannot express -- removing the member's own value, lowering
a label, moving a relation's start -- deletes the record and writes it back. Writing it back
from its view would turn every source's words into the first source's; instead it is written
back from its statements: one record per source (and per grading, label and date received),
each carrying only what that source said, so `fold_statements` rebuilds the same statements
and the view follows the declared rules again. Undo writes back the statements as they were.

Works through the `Store` protocol (statements, sources, upsert), so for every backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.model import Entity, Provenance, Record, Relation
from graph.schema import Schema
from graph.store import Store
from graph.stores.records import VALIDITY, label_rank


@dataclass(slots=True)
class Said:
    """Everything one source said about a record with one grading, label and date received."""

    source: str
    reference: str | None
    received: str | None
    reliability: str | None
    credibility: str | None
    label: str
    properties: dict[str, Any] = field(default_factory=dict)
    validity: dict[str, str] = field(default_factory=dict)  # "@valid_from"/"@valid_to" -> date

    @property
    def who(self) -> tuple[str, str]:
        return self.source, self.reference or ""

    def content(self) -> tuple[Any, ...]:
        """A comparable form (tests and undo compare what was said, not when it was written)."""
        props = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in self.properties.items()))
        return (self.source, self.reference or "", self.received, self.reliability, self.credibility, self.label,
                props, tuple(sorted(self.validity.items())))


def said_about(store: Store, record: Record) -> list[Said]:
    """The record's statements grouped by who said them; its own first source first."""
    specs = _specs(store.schema, record)
    groups: dict[tuple[Any, ...], Said] = {}
    for s in store.statements(record.id):
        key = (s.source, s.reference or "", s.received, s.reliability, s.credibility, s.label)
        said = groups.setdefault(key, Said(s.source, s.reference or None, s.received, s.reliability,
                                           s.credibility, s.label))
        if s.prop in VALIDITY:
            said.validity[s.prop] = str(s.value)
        elif s.prop in specs and specs[s.prop].multi:
            said.properties.setdefault(s.prop, []).append(s.value)
        else:
            said.properties[s.prop] = s.value
    marks = store.sources(record.id)
    if not groups and not marks:  # stored before statements: its values are its first source's word
        return [_legacy(record)]
    out = list(groups.values())
    for m in marks:  # a source that named the record without a value of its own (a relation's source)
        if not any(s.who == (m.source, m.reference or "") for s in out):
            out.append(Said(m.source, m.reference, m.received, m.reliability, m.credibility, record.label))
    own = (record.provenance.source, record.provenance.reference or "") if record.provenance else ("", "")
    mark = {(m.source, m.reference or ""): (m.received, m.reliability, m.credibility) for m in marks}
    # within one source the group whose grading its mark carries is written last (the mark keeps it)
    out.sort(key=lambda s: (s.who != own, s.who, mark.get(s.who) == (s.received, s.reliability, s.credibility),
                            str(s.content())))
    return out


def _legacy(record: Record) -> Said:
    p = record.provenance
    validity = {name: value for name, value in zip(VALIDITY, (record.valid_from, record.valid_to), strict=True)
                if value}
    return Said(p.source if p else "", p.reference if p else None, p.received if p else None, record.reliability,
                record.credibility, record.label, dict(record.properties), validity)


def _specs(schema: Schema, record: Record) -> dict[str, Any]:
    if isinstance(record, Relation):
        return schema.relation_type(record.type).properties
    return schema.entity_type(record.type).properties


def as_record(record: Record, said: Said) -> Record:
    """`record` (id, type, ends) carrying only what `said` says, with that source's provenance."""
    prov = Provenance(source=said.source, reference=said.reference, received=said.received) if said.source else None
    return record.evolve(properties=dict(said.properties), provenance=prov, reliability=said.reliability,
                         credibility=said.credibility, label=said.label,
                         valid_from=said.validity.get(VALIDITY[0]), valid_to=said.validity.get(VALIDITY[1]),
                         created_by=None, created_at=None, updated_by=None, updated_at=None)


def relabelled(said: list[Said], old: str, new: str) -> list[Said]:
    """A lowered record's own words follow it: statements at its old label get the new one.

    Statements of other sources at other labels keep theirs (a police-wpg claim stays police-wpg).
    """
    out = []
    for s in said:
        copy = Said(s.source, s.reference, s.received, s.reliability, s.credibility, s.label,
                    dict(s.properties), dict(s.validity))
        if copy.label == old:
            copy.label = new
        out.append(copy)
    return out


def write_back(store: Store, record: Record, said: list[Said]) -> None:
    """Write a (deleted) record back from what its sources said: its own source first.

    The first write makes the record at its own source's label; a record labelled higher than
    that (raised by hand) is raised by its own source at the end, as the edit once did.
    """
    write: Any = store.upsert_entities if isinstance(record, Entity) else store.upsert_relations
    first = said[0]
    for s in said:
        write([as_record(record, s)])
    if label_rank(record.label) > label_rank(first.label):
        write([as_record(record, first).evolve(properties={}, valid_from=None, valid_to=None, label=record.label)])
