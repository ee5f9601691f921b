"""The administrative measures register: `Measure` entities with type, legal basis, status and dates.

The type list (data/vik.yaml `measure_types`) carries the legal basis, and says whether a
type closes premises (13b Opiumwet, APV, ...) or is a last onder dwangsom: those are what
alerts watch (graph.vik.alerts). The bezwaar deadline is computed, never typed: six weeks
after the decision was made known, moved past weekends and Atw holidays (graph.vik.dates).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph import editing
from graph.errors import ValidationError
from graph.model import Entity
from graph.store import Store
from graph.vik import dates, lists
from graph.vik.links import SUBJECT_OF, create_linked, edit_in_workflow, entities, linked, next_number, typed


def _reference(store: Store, day: dt.date) -> str:
    return next_number(store, "Measure", "reference", f"BM-{day.year}-")


def _check_numbers(values: dict[str, Any]) -> None:
    for name in ("duration_months", "amount", "forfeited"):
        if values.get(name) in (None, ""):
            continue
        try:
            number = float(values[name])
        except (TypeError, ValueError) as exc:
            raise ValidationError(f"{name}: {values[name]!r} is not a number", field=name) from exc
        if number < 0:
            raise ValidationError(f"{name}: {values[name]!r} may not be negative", field=name)


def _derive(values: dict[str, Any]) -> dict[str, Any]:
    """ISO dates from dd-mm-jjjj; the end of a closure from its start and duration."""
    out = dict(values)
    for name in ("decided", "start", "end", "evaluation"):
        if name in out:
            day = dates.parse(out[name], name)
            out[name] = day.isoformat() if day else None
    start, months = out.get("start"), out.get("duration_months")
    if start and months not in (None, "") and not out.get("end"):
        out["end"] = dates.add_months(dt.date.fromisoformat(start), int(float(months))).isoformat()
    return out


def add_measure(store: Store, *, kind: str, subjects: list[str], decided: str | None = None,
                start: str | None = None, end: str | None = None, evaluation: str | None = None,
                duration_months: int | None = None, amount: float | None = None, description: str = "",
                status: str | None = None, owner: str | None = None, label: str | None = None,
                reference: str | None = None) -> Entity:
    """Register a measure against one or more subjects/objects (persons, companies, premises)."""
    spec = lists.measure_type(kind)
    if not subjects:
        raise ValidationError("subject: a measure needs a subject or object", field="subject")
    concerned = entities(store, subjects)
    chosen = status or lists.initial("measure_status")
    lists.choose("measure_status", chosen, "status")
    values = _derive({"kind": kind, "legal_basis": spec["legal_basis"], "decided": decided, "start": start,
                      "end": end, "evaluation": evaluation, "duration_months": duration_months, "amount": amount,
                      "description": description, "status": chosen, "owner": owner or store.caller.user})
    _check_numbers(values)
    day = dt.date.fromisoformat(values["decided"]) if values.get("decided") else dt.date.today()
    values["reference"] = reference or _reference(store, day)
    values = {k: v for k, v in values.items() if v not in (None, "")}
    meta = editing.RecordMeta(source="maatregelenregister", reference=values["reference"], label=label)
    link = editing.RecordMeta(source="maatregelenregister", label=label,
                              valid_from=values.get("start") or values.get("decided"))
    return create_linked(store, "Measure", values, meta, concerned, SUBJECT_OF, link)


def get_measure(store: Store, measure_id: str) -> Entity:
    return typed(store, measure_id, "Measure", "measure")


def edit_measure(store: Store, measure_id: str, values: dict[str, Any]) -> Entity:
    """Change a measure; a status change must follow the workflow."""
    old = get_measure(store, measure_id)
    changes = _derive(values)
    if "kind" in changes:
        changes["legal_basis"] = lists.measure_type(changes["kind"])["legal_basis"]
    _check_numbers(changes)
    return edit_in_workflow(store, old, "measure_status", {k: v for k, v in changes.items() if v is not None})


def bezwaar_deadline(measure: Entity) -> dt.date | None:
    decided = measure.get("decided")
    return dates.bezwaar_deadline(dt.date.fromisoformat(decided)) if decided else None


def is_active(measure: Entity, today: dt.date | None = None) -> bool:
    """In force: an active status, started, and not past its end."""
    today = today or dt.date.today()
    if measure.get("status") not in lists.lists()["measure_status"]["active"]:
        return False
    end = measure.get("end")
    return not (end and dt.date.fromisoformat(end) < today)


def subjects_of(store: Store, measure_id: str) -> list[Entity]:
    return linked(store, measure_id, SUBJECT_OF)


def row(store: Store, e: Entity, lang: str = "nl") -> dict[str, Any]:
    deadline = bezwaar_deadline(e)
    return {"id": e.id, "reference": e.get("reference"), "type": lists.label("measure_types", e.get("kind", ""), lang),
            "legal_basis": e.get("legal_basis"), "status": lists.label("measure_status", e.get("status", ""), lang),
            "subjects": [s.caption for s in subjects_of(store, e.id)], "decided": dates.nl(e.get("decided")),
            "start": dates.nl(e.get("start")), "end": dates.nl(e.get("end")),
            "evaluation": dates.nl(e.get("evaluation")), "bezwaar_deadline": dates.nl(deadline),
            "amount": e.get("amount"), "forfeited": e.get("forfeited"), "label": e.label}


COLUMNS = ["id", "reference", "type", "status", "subjects", "decided", "start", "end", "bezwaar_deadline",
           "amount", "label"]


def list_measures(store: Store, *, status: str | None = None, lang: str = "nl") -> list[dict[str, Any]]:
    items = [e for e in store.iter_entities("Measure") if status is None or e.get("status") == status]
    items.sort(key=lambda e: (str(e.get("decided") or ""), e.id), reverse=True)
    return [row(store, e, lang) for e in items]
