"""How VIK records hang on the graph: the relation types and the check of the entities named."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph import editing
from graph.errors import NotFound, ValidationError
from graph.model import Entity, Record
from graph.store import Store
from graph.vik import lists

CONCERNS = "involved_in"  # subject/object -> Signal
SUBJECT_OF = "subject_of"  # subject/object -> Measure


def next_number(store: Store, type_name: str, prop: str, prefix: str) -> str:
    """The next register number after the highest `prefix`NNNN held (SIG-2026-0007, BM-2026-0013)."""
    taken = [str(e.get(prop, "")) for e in store.iter_entities(type_name)]
    last = max((int(n[len(prefix):]) for n in taken if n.startswith(prefix) and n[len(prefix):].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def typed(store: Store, record_id: str, type_name: str, noun: str) -> Entity:
    """The entity `record_id`, which must be a `type_name` (a signal id given where a measure is meant: refused)."""
    entity = store.get_entity(record_id)
    if entity.type != type_name:
        raise ValidationError(f"{record_id}: a {entity.type}, not a {noun}", field="id")
    return entity


def linked(store: Store, record_id: str, relation: str) -> list[Entity]:
    """The subjects/objects linked to a signal or measure by `relation` (they are its source end)."""
    ids = [r.source_id for r in store.relations_of(record_id, [relation]) if r.target_id == record_id]
    found = store.get_entities(ids)
    return [found[i] for i in ids if i in found]


def entities(store: Store, ids: list[str]) -> list[Entity]:
    """The entities named as subjects; a one-line error naming the first that is absent or hidden."""
    out = []
    for i, subject in enumerate(ids, 1):
        try:
            out.append(store.get_entity(subject))
        except NotFound as exc:
            raise ValidationError(f"subject {i}: no entity {subject!r} in the project (or above your clearance)",
                                  field="subject") from exc
    return out


def record_title(record: Record, lang: str = "nl") -> str:
    """A signal or measure as an agenda lists it: its number and what it is (a measure: its kind's label)."""
    props = record.properties
    if record.type == "Measure":
        return f"{props.get('reference') or ''} {lists.label('measure_types', str(props.get('kind') or ''), lang)}"
    caption = str(getattr(record, "caption", "") or record.type)
    if record.type == "Signal":
        return f"{props.get('signal_number') or ''} {caption}".strip()
    return caption


def create_linked(store: Store, type_name: str, values: Mapping[str, Any], meta: editing.RecordMeta,
                  subjects: list[Entity], relation: str, link: editing.RecordMeta,
                  props: Mapping[str, Any] | None = None) -> Entity:
    """A signal or measure and its links from each subject/object, in one transaction (audited each)."""
    with store.transaction():
        record, _ = editing.create_entity(store, type_name, values, meta)
        for subject in {s.id: s for s in subjects}.values():
            editing.create_relation(store, relation, subject.id, record.id, props or {}, link)
    return record


def edit_in_workflow(store: Store, record: Entity, workflow: str, changes: Mapping[str, Any]) -> Entity:
    """Change a signal or measure; a status change must be one its workflow (data/vik.yaml) allows."""
    if "status" in changes:
        lists.check_transition(workflow, record.get("status"), changes["status"])
    after, _ = editing.update_record(store, record.id, changes)
    return store.get_entity(after.id)
