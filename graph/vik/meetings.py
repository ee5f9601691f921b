"""The casustafel: meetings with participants and partners, an agenda of signals/cases with a
decision per item, the verslag, and the action list (owner, deadline, status).

Side tables in the project database (graph.vik.tables): labelled, read within the
caller's clearance, every change audited (`vik ...` entries with before/after).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import Any

from graph import attachments, editing
from graph.errors import ValidationError
from graph.model import now_iso
from graph.store import Store
from graph.stores.records import label_rank
from graph.vik import dates, lists, tables


@dataclass(slots=True)
class Meeting:
    id: str
    date: str
    title: str
    chair: str
    participants: list[str]
    partners: list[str]
    verslag: str
    label: str
    created_by: str
    created_at: str


@dataclass(slots=True)
class AgendaItem:
    id: str
    meeting_id: str
    position: int
    record_id: str
    decision: str | None
    note: str
    label: str


@dataclass(slots=True)
class Action:
    id: str
    meeting_id: str | None
    record_id: str | None
    text: str
    owner: str
    deadline: str
    status: str
    label: str
    created_by: str
    created_at: str
    updated_at: str | None


def _label(store: Store, label: str | None) -> str:
    chosen = label or "open"
    attachments.check_label(store, chosen, "open", "VIK record")
    return chosen


def _highest(a: str, b: str) -> str:
    return max(a, b, key=label_rank)


def _day(value: str | None, field: str) -> str:
    day = dates.parse(value, field)
    if day is None:
        raise ValidationError(f"{field}: a date is needed (dd-mm-jjjj)", field=field)
    return day.isoformat()


# -- meetings ---------------------------------------------------------------------------------
_M = "SELECT id, date, title, chair, participants, partners, verslag, label, created_by, created_at FROM vik_meetings"


def _meeting(row: Any) -> Meeting:
    values = list(row)
    values[4], values[5] = json.loads(values[4]), json.loads(values[5])
    return Meeting(*values)


def add_meeting(store: Store, *, date: str, title: str = "Casustafel ondermijning", chair: str = "",
                participants: list[str] | None = None, partners: list[str] | None = None,
                label: str | None = None) -> Meeting:
    attachments.require_edit(store)
    meeting = Meeting(tables.new_id("mtg"), _day(date, "date"), title.strip() or "Casustafel", chair,
                      list(participants or []), list(partners or []), "", _label(store, label),
                      store.caller.user, now_iso())
    conn = tables.connection(store)
    with store.transaction():
        conn.execute("INSERT INTO vik_meetings VALUES(?,?,?,?,?,?,?,?,?,?)",
                     (meeting.id, meeting.date, meeting.title, meeting.chair, json.dumps(meeting.participants),
                      json.dumps(meeting.partners), meeting.verslag, meeting.label, meeting.created_by,
                      meeting.created_at))
        store.audit("vik meeting add", id=meeting.id, after=attachments.audited(meeting.label, asdict(meeting)))
    return meeting


def get_meeting(store: Store, meeting_id: str) -> Meeting:
    return _meeting(tables.one(store, _M, meeting_id, "meeting"))


def list_meetings(store: Store) -> list[Meeting]:
    rows = tables.connection(store).execute(_M + " WHERE label IN (SELECT value FROM json_each(?)) "
                                            "ORDER BY date DESC, id", (tables.visible(store),))
    return [_meeting(r) for r in rows]


def edit_meeting(store: Store, meeting_id: str, **changes: Any) -> Meeting:
    """Change date, title, chair, participants, partners or the verslag."""
    attachments.require_edit(store)
    old = get_meeting(store, meeting_id)
    new = Meeting(**asdict(old))
    for name, value in changes.items():
        if value is None:
            continue
        if name == "date":
            value = _day(value, "date")
        if name not in ("date", "title", "chair", "participants", "partners", "verslag"):
            raise ValidationError(f"{name}: not a field of a meeting", field=name)
        setattr(new, name, value)
    with store.transaction():
        tables.connection(store).execute(
            "UPDATE vik_meetings SET date=?, title=?, chair=?, participants=?, partners=?, verslag=? WHERE id=?",
            (new.date, new.title, new.chair, json.dumps(new.participants), json.dumps(new.partners), new.verslag,
             meeting_id))
        store.audit("vik meeting edit", id=meeting_id, before=attachments.audited(old.label, asdict(old)),
                    after=attachments.audited(new.label, asdict(new)))
    return new


def add_agenda_item(store: Store, meeting_id: str, record_id: str, *, note: str = "") -> AgendaItem:
    """Put a signal, case or measure on the agenda; the item takes the higher label of record and meeting."""
    attachments.require_edit(store)
    meeting = get_meeting(store, meeting_id)
    record = editing.get_record(store, record_id)
    conn = tables.connection(store)
    position = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM vik_agenda WHERE meeting_id = ?",
                            (meeting_id,)).fetchone()[0]
    # the higher of the two: an item of a police meeting on a confidential person took the person's label, and
    # its note -- what the police said -- was in the confidential file for every member cleared for it (red team 3)
    label = _highest(editing.kept_label(store, record), meeting.label)
    item = AgendaItem(tables.new_id("agd"), meeting_id, position, record_id, None, note, label)
    with store.transaction():
        conn.execute("INSERT INTO vik_agenda VALUES(?,?,?,?,?,?,?)", (*asdict(item).values(),))
        store.audit("vik agenda add", id=item.id, meeting=meeting_id, record=record_id)
    return item


_I = "SELECT id, meeting_id, position, record_id, decision, note, label FROM vik_agenda"


def agenda(store: Store, meeting_id: str) -> list[AgendaItem]:
    rows = tables.connection(store).execute(
        _I + " WHERE meeting_id = ? AND label IN (SELECT value FROM json_each(?)) ORDER BY position",
        (meeting_id, tables.visible(store)))
    return [AgendaItem(*r) for r in rows]


def decide(store: Store, item_id: str, decision: str, note: str | None = None) -> AgendaItem:
    """Record the decision on an agenda item; discussing a signal moves it to `besproken`."""
    attachments.require_edit(store)
    lists.choose("decisions", decision, "decision")
    conn = tables.connection(store)
    old = AgendaItem(*tables.one(store, _I, item_id, "agenda item"))
    new = AgendaItem(**{**asdict(old), "decision": decision, "note": old.note if note is None else note})
    with store.transaction():
        conn.execute("UPDATE vik_agenda SET decision = ?, note = ? WHERE id = ?", (new.decision, new.note, item_id))
        store.audit("vik agenda decide", id=item_id, before=attachments.audited(old.label, old.decision),
                    after=attachments.audited(old.label, decision))
        record = editing.get_record(store, old.record_id)
        if record.type == "Signal" and record.get("status") in ("nieuw", "in_behandeling"):
            from graph.vik.signals import edit_signal
            if record.get("status") == "nieuw":
                edit_signal(store, record.id, {"status": "in_behandeling"})
            edit_signal(store, record.id, {"status": "besproken"})
    return new


# -- actions ----------------------------------------------------------------------------------
_A = ("SELECT id, meeting_id, record_id, text, owner, deadline, status, label, created_by, created_at, updated_at "
      "FROM vik_actions")


def add_action(store: Store, *, text: str, owner: str, deadline: str, meeting_id: str | None = None,
               record_id: str | None = None, label: str | None = None) -> Action:
    """An action with an owner (a person or partner) and a deadline, from a meeting or on its own."""
    attachments.require_edit(store)
    if not text.strip():
        raise ValidationError("text: an action needs a description", field="text")
    if not owner.strip():
        raise ValidationError("owner: an action needs an owner (a person or partner)", field="owner")
    # the label of the record and meeting it is on, at least (as a note or an agenda item): an action on a
    # police record kept in the main file gave its text, and the record's id (and so the BSN or KvK number it
    # was made of, graph.stores.sealed_ids), to every member (red team 3)
    floor = "open"
    if meeting_id:
        floor = _highest(floor, get_meeting(store, meeting_id).label)
    if record_id:
        floor = _highest(floor, editing.kept_label(store, editing.get_record(store, record_id)))
    chosen = label or floor
    attachments.check_label(store, chosen, floor, "VIK record")
    action = Action(tables.new_id("act"), meeting_id, record_id, text.strip(), owner.strip(),
                    _day(deadline, "deadline"), lists.initial("action_status"), chosen,
                    store.caller.user, now_iso(), None)
    with store.transaction():
        tables.connection(store).execute("INSERT INTO vik_actions VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                                         (*asdict(action).values(),))
        store.audit("vik action add", id=action.id, after=attachments.audited(action.label, asdict(action)))
    return action


def get_action(store: Store, action_id: str) -> Action:
    return Action(*tables.one(store, _A, action_id, "action"))


def list_actions(store: Store, *, meeting_id: str | None = None, status: str | None = None) -> list[Action]:
    where, args = ["label IN (SELECT value FROM json_each(?))"], [tables.visible(store)]
    if meeting_id:
        where.append("meeting_id = ?")
        args.append(meeting_id)
    if status:
        where.append("status = ?")
        args.append(status)
    rows = tables.connection(store).execute(_A + " WHERE " + " AND ".join(where) + " ORDER BY deadline, id", args)
    return [Action(*r) for r in rows]


def edit_action(store: Store, action_id: str, *, status: str | None = None, deadline: str | None = None,
                owner: str | None = None, text: str | None = None) -> Action:
    attachments.require_edit(store)
    old = get_action(store, action_id)
    new = Action(**asdict(old))
    if status is not None:
        lists.check_transition("action_status", old.status, status)
        new.status = status
    if deadline is not None:
        new.deadline = _day(deadline, "deadline")
    if owner is not None:
        new.owner = owner
    if text is not None:
        new.text = text
    new.updated_at = now_iso()
    with store.transaction():
        tables.connection(store).execute(
            "UPDATE vik_actions SET status=?, deadline=?, owner=?, text=?, updated_at=? WHERE id=?",
            (new.status, new.deadline, new.owner, new.text, new.updated_at, action_id))
        store.audit("vik action edit", id=action_id, before=attachments.audited(old.label, asdict(old)),
                    after=attachments.audited(new.label, asdict(new)))
    return new


def is_overdue(action: Action, today: dt.date | None = None) -> bool:
    today = today or dt.date.today()
    return action.status in ("open", "bezig") and dt.date.fromisoformat(action.deadline) < today


def action_row(a: Action, lang: str = "nl", today: dt.date | None = None) -> dict[str, Any]:
    return {"id": a.id, "text": a.text, "owner": a.owner, "deadline": dates.nl(a.deadline),
            "status": lists.label("action_status", a.status, lang), "overdue": is_overdue(a, today),
            "meeting": a.meeting_id, "record": a.record_id, "label": a.label}


ACTION_COLUMNS = ["id", "text", "owner", "deadline", "status", "overdue", "meeting", "record", "label"]


def meeting_row(m: Meeting) -> dict[str, Any]:
    return {"id": m.id, "date": dates.nl(m.date), "title": m.title, "chair": m.chair,
            "participants": m.participants, "partners": m.partners, "label": m.label}


MEETING_COLUMNS = ["id", "date", "title", "chair", "participants", "partners", "label"]
