"""The signals register: meldingen of ondermijning as `Signal` entities linked to what they concern.

A signal is a graph entity, so it appears on the chart beside its subjects (relation
`involved_in` from each subject/object to the signal) and every change goes through
`graph.editing`: schema-checked, labelled, audited with before and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph import editing
from graph.errors import SchemaError, ValidationError
from graph.model import Entity
from graph.store import Store
from graph.vik import dates, lists
from graph.vik.links import (
    CONCERNS,
    SUBJECT_OF,
    create_linked,
    edit_in_workflow,
    entities,
    linked,
    next_number,
    typed,
)


@dataclass(slots=True)
class Known:
    """What the project already knows about one subject/object of a signal."""

    id: str
    caption: str
    type: str
    signals: list[str] = field(default_factory=list)  # earlier signal ids
    measures: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def _number(store: Store, received: dt.date) -> str:
    return next_number(store, "Signal", "signal_number", f"SIG-{received.year}-")


NewSubject = tuple[str, Mapping[str, Any]]  # an entity made on the spot: its type and property values


def check_new_subjects(store: Store, new: Sequence[NewSubject]) -> None:
    """Refuse a subject to be made on the spot before anything is written, naming which one and the field."""
    for i, (type_name, values) in enumerate(new):
        nth = 1 + sum(1 for other, _ in new[:i] if other == type_name)
        try:
            editing.new_entity(store.schema, type_name, values)
        except (ValidationError, SchemaError) as exc:
            raise ValidationError(f"new {type_name.lower()} {nth}: {exc}", field=getattr(exc, "field", None)) from exc


def add_signal(store: Store, *, description: str, phenomenon: str, source: str, received: str | None = None,
               subjects: list[str] | None = None, owner: str | None = None, grading: str | None = None,
               label: str | None = None, number: str | None = None,
               new_subjects: Sequence[NewSubject] = ()) -> Entity:
    """Register a signal (status `nieuw`) and link it to the entities it concerns.

    `new_subjects` are persons, companies or premises the project does not hold yet: they are made in
    the same transaction as the signal, with the signal's provenance, grading and label (one with an
    identifier the project holds, a KvK number, is that entity and gains the signal as a source).
    """
    if not description.strip():
        raise ValidationError("description: a signal needs a description", field="description")
    lists.choose("phenomena", phenomenon, "phenomenon")
    lists.choose("signal_sources", source, "source")
    day = dates.parse(received, "received") or dt.date.today()
    concerned = entities(store, list(subjects or []))
    check_new_subjects(store, new_subjects)
    values = {"signal_number": number or _number(store, day), "summary": description.strip()[:120],
              "description": description.strip(), "phenomenon": phenomenon, "channel": source,
              "received": day.isoformat(), "status": lists.initial("signal_status"),
              "owner": owner or store.caller.user}
    meta = editing.RecordMeta(source=lists.label("signal_sources", source), reference=values["signal_number"],
                              received=day.isoformat(), grading=grading, label=label)
    link = editing.RecordMeta(source="meldingenregister", label=label, valid_from=day.isoformat())
    with store.transaction():
        concerned += [editing.create_entity(store, type_name, dict(props), meta)[0]
                      for type_name, props in new_subjects]
        return create_linked(store, "Signal", values, meta, concerned, CONCERNS, link, {"role": "betrokkene"})


def get_signal(store: Store, signal_id: str) -> Entity:
    return typed(store, signal_id, "Signal", "signal")


def edit_signal(store: Store, signal_id: str, values: dict[str, Any]) -> Entity:
    """Change a signal's fields; a status change must be one the workflow allows."""
    if "phenomenon" in values:
        lists.choose("phenomena", values["phenomenon"], "phenomenon")
    return edit_in_workflow(store, get_signal(store, signal_id), "signal_status", values)


def subjects_of(store: Store, signal_id: str) -> list[Entity]:
    return linked(store, signal_id, CONCERNS)


def status_of(e: Entity) -> str:
    """A signal's status; one imported without one (a Meldpunt export) is still `nieuw`."""
    return str(e.get("status") or lists.initial("signal_status"))


def phenomenon_of(e: Entity) -> str:
    """The phenomenon key; an imported signal names it in `category` (Meldpunt's Categorie:
    `Drugs`, `Witwassen`), read as the key whose code or name it is, else kept as written."""
    if e.get("phenomenon"):
        return str(e.get("phenomenon"))
    category = str(e.get("category") or "").strip()
    for key, names in lists.lists()["phenomena"].items():
        if category.casefold() in {key, *(str(n).casefold() for n in names.values())}:
            return str(key)
    return category


def source_of(e: Entity, lang: str = "nl") -> str:
    """Where the signal came from: its channel, else the import's source (`Meldpunt Ondermijning`)."""
    if e.get("channel"):
        return lists.label("signal_sources", e.get("channel"), lang)
    return e.provenance.source if e.provenance is not None else ""


def row(store: Store, e: Entity, lang: str = "nl") -> dict[str, Any]:
    return {"id": e.id, "number": e.get("signal_number"), "received": dates.nl(e.get("received")),
            "source": source_of(e, lang), "phenomenon": lists.label("phenomena", phenomenon_of(e), lang),
            "status": lists.label("signal_status", status_of(e), lang), "owner": e.get("owner"),
            "subjects": [s.caption for s in subjects_of(store, e.id)], "label": e.label, "grading": e.grading,
            "description": e.get("description") or e.get("summary")}


COLUMNS = ["id", "number", "received", "source", "phenomenon", "status", "owner", "subjects", "label", "grading"]


def list_signals(store: Store, *, status: str | None = None, lang: str = "nl") -> list[dict[str, Any]]:
    """Every signal the caller may see, newest first (the store filters on clearance)."""
    items = [e for e in store.iter_entities("Signal") if status is None or status_of(e) == status]
    items.sort(key=lambda e: (str(e.get("received") or ""), e.id), reverse=True)
    return [row(store, e, lang) for e in items]


def known_about(store: Store, signal_id: str, *, flags: bool = True) -> list[Known]:
    """Per subject/object of a signal: earlier signals, measures and red flags the project holds."""
    return [known_of(store, subject, other_than=signal_id, flags=flags) for subject in subjects_of(store, signal_id)]


def known_of(store: Store, subject: Entity, *, other_than: str | None = None, flags: bool = True) -> Known:
    """What the project holds on one entity: its signals (but `other_than`), its measures, its red flags."""
    known = Known(subject.id, subject.caption, subject.type)
    for rel in store.relations_of(subject.id):
        if rel.type == CONCERNS and rel.target_id != other_than:
            known.signals.append(rel.target_id)
        elif rel.type == SUBJECT_OF:
            known.measures.append(rel.target_id)
    if flags:
        known.flags = _flags(store, subject.id)
    return known


def _flags(store: Store, entity_id: str) -> list[str]:
    """The red flags (graph.analysis.indicators) on an entity, computed on its neighbourhood."""
    from graph.analysis.indicators import red_flags

    ids = store.neighbours([entity_id], depth=2, max_nodes=2000) | {entity_id}
    df = red_flags(store.subgraph(ids), entity=entity_id)
    return [f"{r['label']}: {r['explanation']}" for _, r in df.iterrows()]
