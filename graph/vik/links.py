"""How VIK records hang on the graph: the relation types and the check of the entities named."""

from __future__ import annotations

from graph.errors import NotFound, ValidationError
from graph.model import Entity, Record
from graph.store import Store

CONCERNS = "involved_in"  # subject/object -> Signal
SUBJECT_OF = "subject_of"  # subject/object -> Measure


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
    from graph.vik import lists

    props = record.properties
    if record.type == "Measure":
        return f"{props.get('reference') or ''} {lists.label('measure_types', str(props.get('kind') or ''), lang)}"
    caption = str(getattr(record, "caption", "") or record.type)
    if record.type == "Signal":
        return f"{props.get('signal_number') or ''} {caption}".strip()
    return caption
