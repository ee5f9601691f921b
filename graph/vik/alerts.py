"""Watchlists, alerts and the deadlines overview.

`scan` looks at what the project holds now and raises an alert (once: each has a key)
when a watched record gained a relation or changed since it was put on the watchlist, or
when a subject under an active measure shows up where the measure forbids it:

* a company located at premises closed under a closure measure (13b Opiumwet, APV, ...)
  from a date on or after the closure started;
* a person under a last onder dwangsom who becomes director of a company on or after the
  decision.

It runs after every import and edit (the CLI and the GUI call `after_change`) as the acting
member, so it sees what that member may see; an alert takes the highest label of its
evidence and is listed only within the reader's clearance.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import Any

from graph import attachments, editing
from graph.errors import KnooppuntError, NotFound
from graph.model import SECURITY_LABELS, Entity, Relation, now_iso
from graph.store import Store
from graph.vik import dates, lists, measures, meetings, tables


@dataclass(slots=True)
class Alert:
    id: str
    key: str
    kind: str  # closure | penalty | watch
    record_id: str  # the record that triggered it (the new company, the director)
    cause_id: str  # the measure or watchlist entry
    raised_at: str
    message: str
    evidence: list[dict[str, Any]]
    label: str
    seen: bool


@dataclass(slots=True)
class Watch:
    id: str
    record_id: str
    reason: str
    since: str
    label: str
    created_by: str


def _highest(*labels: str) -> str:
    return max(labels, key=SECURITY_LABELS.index)


def _above(store: Store, label: str, relation_ids: list[str]) -> set[str]:
    """The relations kept in a file above `label` (the highest of their own and their ends' labels)."""
    from graph.access import labelled_settings
    homes = labelled_settings.labels_of(store, relation_ids)
    return {i for i, home in homes.items() if SECURITY_LABELS.index(home) > SECURITY_LABELS.index(label)}


# -- watchlist ----------------------------------------------------------------------------------
def watch(store: Store, record_id: str, reason: str = "") -> Watch:
    """Put an entity on the watchlist; from now on its new relations and changes raise alerts."""
    attachments.require_edit(store)
    record = editing.get_record(store, record_id)
    conn = tables.connection(store)
    if conn.execute("SELECT 1 FROM vik_watch WHERE record_id = ?", (record_id,)).fetchone():
        raise KnooppuntError(f"{record_id}: already on the watchlist")
    item = Watch(tables.new_id("wch"), record_id, reason, now_iso(), record.label, store.caller.user)
    # What it had raises no alert: its relations kept in files up to the watch's label by id, those above it by
    # time (created up to `since`). Their ids in the watch's row put the ids of an open record's relations to
    # police records into the main file, where a member cleared for open only tried identities against them
    # (graph.stores.sealed_ids).
    rels = [r.id for r in store.relations_of(record_id)]
    known = sorted(set(rels) - _above(store, item.label, rels))
    with store.transaction():
        conn.execute("INSERT INTO vik_watch VALUES(?,?,?,?,?,?,?)", (*asdict(item).values(), json.dumps(known)))
        store.audit("vik watch add", id=item.id, record=record_id,
                    reason=attachments.audited(item.label, reason))
    return item


def unwatch(store: Store, record_id: str) -> None:
    attachments.require_edit(store)
    conn = tables.connection(store)
    with store.transaction():
        # a count first: a write through the view of a partitioned project counts no rows (graph.access.side_tables)
        where = "WHERE record_id = ? AND label IN (SELECT value FROM json_each(?))"
        gone = conn.execute(f"SELECT count(*) FROM vik_watch {where}", (record_id, tables.visible(store))).fetchone()[0]
        conn.execute(f"DELETE FROM vik_watch {where}", (record_id, tables.visible(store)))
        if not gone:
            raise NotFound(f"{record_id}: not on the watchlist")
        store.audit("vik watch remove", record=record_id)


def watchlist(store: Store) -> list[Watch]:
    rows = tables.connection(store).execute(
        "SELECT id, record_id, reason, since, label, created_by FROM vik_watch "
        "WHERE label IN (SELECT value FROM json_each(?)) ORDER BY since", (tables.visible(store),))
    return [Watch(*r) for r in rows]


def _known(store: Store, watch_id: str) -> set[str]:
    row = tables.connection(store).execute("SELECT known FROM vik_watch WHERE id = ?", (watch_id,)).fetchone()
    return set(json.loads(row[0])) if row else set()


# -- alerts ------------------------------------------------------------------------------------
def _evidence(record: Entity | Relation, role: str) -> dict[str, Any]:
    out: dict[str, Any] = {"role": role, "id": record.id, "type": record.type, "label": record.label}
    if isinstance(record, Entity):
        out["caption"] = record.caption
    else:
        out.update(source=record.source_id, target=record.target_id, valid_from=dates.nl(record.valid_from))
    if record.provenance is not None:
        out["source_name"] = record.provenance.source
    return out


def _on_or_after(rel: Relation, since: str, measure: Entity) -> bool:
    if rel.valid_from:
        return rel.valid_from[:10] >= since[:10]
    return bool(rel.created_at and measure.created_at and rel.created_at >= measure.created_at)


def _measure_alerts(store: Store, today: dt.date) -> list[Alert]:
    out: list[Alert] = []
    rules = lists.lists()["alert_rules"]
    for m in store.iter_entities("Measure"):
        spec = lists.lists()["measure_types"].get(m.get("kind", ""))
        if spec is None or not measures.is_active(m, today):
            continue
        since = m.get("start") or m.get("decided")
        if not since:
            continue
        ref = f"{lists.label('measure_types', m.get('kind'))} {m.get('reference')}"
        for subject in measures.subjects_of(store, m.id):
            for kind, rule in rules.items():
                if spec.get(rule["when"]) and subject.type == rule["subject"]:
                    out.extend(_rule_alerts(store, kind, rule, m, subject, since, ref))
    return out


def _rule_alerts(store: Store, kind: str, rule: dict[str, Any], m: Entity, subject: Entity, since: str,
                 ref: str) -> list[Alert]:
    """The alerts one rule of data/vik.yaml `alert_rules` raises for one subject of measure `m`."""
    out: list[Alert] = []
    at_source = rule["end"] == "source"
    roles = rule["roles"]
    for rel in store.relations_of(subject.id, [rule["relation"]]):
        mine, far = (rel.source_id, rel.target_id) if at_source else (rel.target_id, rel.source_id)
        if mine != subject.id or not _on_or_after(rel, since, m):
            continue
        other = store.get_entity(far)
        message = rule["message"].format(subject=subject.caption, other=other.caption, ref=ref,
                                         valid_from=dates.nl(rel.valid_from), since=dates.nl(since))
        record_id = other.id if rule["record"] == "other" else subject.id
        out.append(_alert(
            f"{kind}:{m.id}:{rel.id}", kind, record_id, m.id, message,
            [_evidence(m, "maatregel"), _evidence(subject, roles["subject"]), _evidence(other, roles["other"]),
             _evidence(rel, roles["relation"])]))
    return out


def _alert(key: str, kind: str, record_id: str, cause_id: str, message: str,
           evidence: list[dict[str, Any]]) -> Alert:
    label = _highest(*(e["label"] for e in evidence))
    return Alert(tables.new_id("alr"), key, kind, record_id, cause_id, now_iso(), message, evidence, label, False)


def _watch_alerts(store: Store) -> list[Alert]:
    out: list[Alert] = []
    for w in watchlist(store):
        try:
            record = store.get_entity(w.record_id)
        except NotFound:
            continue
        known = _known(store, w.id)
        for rel in store.relations_of(w.record_id):
            old = bool(rel.created_at and rel.created_at <= w.since)
            if rel.id not in known and not (old and _above(store, w.label, [rel.id])):
                other = store.get_entities([rel.source_id, rel.target_id])
                names = " -> ".join(other[i].caption if i in other else i for i in (rel.source_id, rel.target_id))
                out.append(_alert(f"watch:{w.id}:{rel.id}", "watch", w.record_id, w.id,
                                  f"volglijst: {record.caption} heeft een nieuwe relatie {rel.type}: {names}",
                                  [_evidence(record, "gevolgd"), _evidence(rel, "nieuwe relatie")]))
        if record.updated_at and record.updated_at >= w.since and record.updated_at != record.created_at:
            out.append(_alert(f"watch:{w.id}:edit:{record.updated_at}", "watch", w.record_id, w.id,
                              f"volglijst: {record.caption} gewijzigd op {dates.nl(record.updated_at)} "
                              f"door {record.updated_by or '?'}", [_evidence(record, "gevolgd")]))
    return out


def scan(store: Store, *, today: dt.date | None = None) -> list[Alert]:
    """Raise the alerts the project now warrants; returns only the new ones (each key once)."""
    today = today or dt.date.today()
    conn = tables.connection(store)
    found = _measure_alerts(store, today) + _watch_alerts(store)
    new: list[Alert] = []
    with store.transaction():
        for alert in found:
            # each key once: asked first, as a write through the view of a partitioned project counts no rows
            if conn.execute("SELECT 1 FROM vik_alerts WHERE key = ?", (alert.key,)).fetchone() is None:
                conn.execute("INSERT INTO vik_alerts VALUES(?,?,?,?,?,?,?,?,?,?)",
                             (alert.id, alert.key, alert.kind, alert.record_id, alert.cause_id, alert.raised_at,
                              alert.message, json.dumps(alert.evidence, ensure_ascii=False), alert.label, 0))
                new.append(alert)
                store.audit("vik alert", id=alert.id, kind=alert.kind, record=alert.record_id, cause=alert.cause_id)
    return new


def after_change(store: Store) -> list[Alert]:
    """`scan` after an import or edit; a project without side tables (Neo4j) has no alerts."""
    try:
        return scan(store)
    except KnooppuntError as exc:
        if "embedded" in str(exc):
            return []
        raise


_SELECT = "SELECT id, key, kind, record_id, cause_id, raised_at, message, evidence, label, seen FROM vik_alerts"


def _row(r: Any) -> Alert:
    values = list(r)
    values[7] = json.loads(values[7])
    values[9] = bool(values[9])
    return Alert(*values)


def list_alerts(store: Store, *, unseen_only: bool = False) -> list[Alert]:
    where = " WHERE label IN (SELECT value FROM json_each(?))" + (" AND seen = 0" if unseen_only else "")
    rows = tables.connection(store).execute(_SELECT + where + " ORDER BY raised_at DESC, id",
                                            (tables.visible(store),))
    return [_row(r) for r in rows]


def get_alert(store: Store, alert_id: str) -> Alert:
    return _row(tables.one(store, _SELECT, alert_id, "alert"))


def mark_seen(store: Store, alert_id: str) -> None:
    get_alert(store, alert_id)
    with store.transaction():
        tables.connection(store).execute("UPDATE vik_alerts SET seen = 1 WHERE id = ?", (alert_id,))
        store.audit("vik alert seen", id=alert_id)


def alert_row(a: Alert) -> dict[str, Any]:
    return {"id": a.id, "raised": dates.nl(a.raised_at), "kind": a.kind, "record": a.record_id,
            "cause": a.cause_id, "message": a.message, "seen": a.seen, "label": a.label}


ALERT_COLUMNS = ["id", "raised", "kind", "record", "cause", "message", "seen", "label"]


# -- deadlines ---------------------------------------------------------------------------------
DEADLINE_COLUMNS = ["date", "days", "kind", "what", "id", "label"]


def deadlines(store: Store, *, within: int = 60, today: dt.date | None = None) -> list[dict[str, Any]]:
    """What is due or expires within `within` days, overdue items included (negative days)."""
    today = today or dt.date.today()
    out: list[dict[str, Any]] = []

    def add(day: dt.date | None, kind: str, what: str, record_id: str, label: str, overdue_ok: bool) -> None:
        if day is None:
            return
        days = (day - today).days
        if days <= within and (days >= 0 or overdue_ok):
            out.append({"date": dates.nl(day), "days": days, "kind": kind, "what": what, "id": record_id,
                        "label": label, "_sort": day})

    for m in store.iter_entities("Measure"):
        status = m.get("status")
        if status == "beeindigd":
            continue
        what = f"{lists.label('measure_types', m.get('kind', ''))} {m.get('reference')}"
        if m.get("end") and measures.is_active(m, today):
            add(dt.date.fromisoformat(m.get("end")), "einde maatregel", what, m.id, m.label, False)
        if m.get("evaluation"):
            add(dt.date.fromisoformat(m.get("evaluation")), "evaluatie", what, m.id, m.label, True)
        if status == "besluit":
            add(measures.bezwaar_deadline(m), "bezwaartermijn", what, m.id, m.label, False)
    for a in meetings.list_actions(store):
        if a.status in ("open", "bezig"):
            add(dt.date.fromisoformat(a.deadline), "actie", f"{a.text} ({a.owner})", a.id, a.label, True)
    out.sort(key=lambda r: r.pop("_sort"))
    return out
