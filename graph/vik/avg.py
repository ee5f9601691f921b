"""AVG by design for the VIK: the art. 30 register of processing, the art. 15 access request,
and retention per register category.

The legal ground, purpose (doelbinding), categories and retention of each register are data
(data/vik.yaml `registers`), so a privacy officer changes them without a programmer.

The access request gathers what the project holds on one person as the acting member may
see it: their own record and sources, signals, measures, agenda items and actions about
them, notes. Third parties are redacted ("[derde]") wherever they appear, and what lies
above the member's clearance is not shown but counted, so the document says that something
was withheld (art. 15 lid 4 AVG / art. 41 AVG restrictions are for the official to judge).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph import notes
from graph.access.guarded import ProjectStore
from graph.access.roles import check
from graph.errors import ValidationError
from graph.store import Store
from graph.vik import dates, lists, measures, meetings, signals, tables
from graph.vik.report import Document, Section

REDACTED = "[derde]"
REGISTER_COLUMNS = ["register", "legal_ground", "purpose", "subjects", "data", "recipients", "retention_days"]
OVERDUE_COLUMNS = ["register", "id", "what", "reference_date", "days_over"]


def processing_register(lang: str = "nl") -> list[dict[str, Any]]:
    """One row per VIK register: what art. 30 lid 1 AVG asks of a controller's register."""
    out = []
    for entry in lists.lists()["registers"].values():
        out.append({"register": entry["name"][lang], **{c: entry[c] for c in REGISTER_COLUMNS[1:]}})
    return out


def _redact(text: str, names: set[str]) -> str:
    for name in sorted(names, key=len, reverse=True):
        if name:
            text = text.replace(name, REDACTED)
    return text


def access_request(store: Store, person_id: str, *, today: dt.date | None = None) -> Document:
    """Everything the project holds on one person, third parties redacted, as a marked document."""
    person = store.get_entity(person_id)
    if person.type != "Person":
        raise ValidationError(f"{person_id}: a {person.type}; an access request is for a person", field="id")
    today = today or dt.date.today()
    doc = Document(f"Inzageverzoek art. 15 AVG — {person.caption}", {person.label}, count=1)
    doc.sections.append(Section("Over dit overzicht", [
        f"Opgesteld op {dates.nl(today)} door {store.caller.user}.",
        "Dit overzicht bevat alle gegevens die de gemeente in dit project over u verwerkt. Namen en gegevens "
        f"van anderen zijn vervangen door {REDACTED}.",
        "Doeleinden en grondslagen: " + "; ".join(f"{e['name']['nl']}: {e['purpose']} ({e['legal_ground']})"
                                                  for e in lists.lists()["registers"].values())]))
    own = Section("Uw gegevens", columns=["Gegeven", "Waarde"])
    specs = store.schema.entity_type("Person").properties
    for key, value in person.properties.items():
        spec = specs.get(key)
        shown = dates.nl(value) if spec is not None and spec.type == "date" else value
        own.rows.append([spec.label.get("nl", key) if spec is not None else key, shown])
    own.rows += [["Bron", person.provenance.source if person.provenance else "-"],
                 ["Rubricering", person.label]]
    doc.sections.append(own)
    third: set[str] = set()
    rels = store.relations_of(person_id)
    related = store.get_entities({r.source_id for r in rels} | {r.target_id for r in rels})
    links = Section("Relaties", columns=["Soort", "Met", "Van", "Tot", "Bron"])
    held_signals, held_measures = [], []
    for rel in rels:
        other_id = rel.target_id if rel.source_id == person_id else rel.source_id
        other = related.get(other_id)
        if other is None:
            continue
        doc.labels.add(rel.label)
        doc.count += 1
        if other.type == "Signal":
            held_signals.append(other)
            continue
        if other.type == "Measure":
            held_measures.append(other)
            continue
        if other.type == "Person":
            third.add(other.caption)
            shown = REDACTED
        else:
            shown = f"{other.caption} ({store.schema.entity_type(other.type).label.get('nl', other.type)})"
        links.rows.append([store.schema.relation_type(rel.type).label.get("nl", rel.type), shown,
                           dates.nl(rel.valid_from), dates.nl(rel.valid_to),
                           rel.provenance.source if rel.provenance else "-"])
    doc.sections.append(links)
    sig = Section("Meldingen", columns=["Nummer", "Ontvangen", "Fenomeen", "Status", "Omschrijving"])
    for s in held_signals:
        doc.labels.add(s.label)
        others = {o.caption for o in signals.subjects_of(store, s.id) if o.id != person_id and o.type == "Person"}
        third |= others
        sig.rows.append([s.get("signal_number"), dates.nl(s.get("received")),
                         lists.label("phenomena", s.get("phenomenon", "")),
                         lists.label("signal_status", s.get("status", "")),
                         _redact(str(s.get("description") or s.get("summary") or ""), third)])
    doc.sections.append(sig)
    mea = Section("Bestuurlijke maatregelen", columns=["Kenmerk", "Soort", "Grondslag", "Status", "Besluit",
                                                       "Looptijd"])
    for m in held_measures:
        doc.labels.add(m.label)
        mea.rows.append([m.get("reference"), lists.label("measure_types", m.get("kind", "")), m.get("legal_basis"),
                         lists.label("measure_status", m.get("status", "")), dates.nl(m.get("decided")),
                         f"{dates.nl(m.get('start'))} – {dates.nl(m.get('end'))}"])
    doc.sections.append(mea)
    about = {person_id, *(s.id for s in held_signals), *(m.id for m in held_measures)}
    conn = tables.connection(store)
    talk = Section("Besprekingen in de casustafel", columns=["Datum", "Besluit", "Toelichting"])
    for date, decision, note in conn.execute(
            "SELECT m.date, a.decision, a.note FROM vik_agenda a JOIN vik_meetings m ON m.id = "
            "a.meeting_id WHERE a.record_id IN (SELECT value FROM json_each(?)) AND a.label IN (SELECT value FROM "
            "json_each(?)) AND m.label IN (SELECT value FROM json_each(?))",
            (__import__("json").dumps(sorted(about)), tables.visible(store), tables.visible(store))):
        talk.rows.append([dates.nl(date), lists.label("decisions", decision) if decision else "-",
                          _redact(note, third)])
    doc.sections.append(talk)
    acts = Section("Acties", columns=["Actie", "Termijn", "Status"])
    for a in meetings.list_actions(store):
        if a.record_id in about:
            doc.labels.add(a.label)
            acts.rows.append([_redact(a.text, third), dates.nl(a.deadline), lists.label("action_status", a.status)])
    doc.sections.append(acts)
    nts = Section("Aantekeningen", columns=["Datum", "Tekst"])
    for n in notes.notes_of(store, person_id):
        doc.labels.add(n.label)
        nts.rows.append([dates.nl(n.at), _redact(n.text, third)])
    doc.sections.append(nts)
    total = getattr(store, "relations_total", None)
    counted = total(person_id) if total is not None else None
    hidden = None if counted is None else counted - len(rels)
    clearance = ", ".join(sorted(store.caller.clearance))
    above = (f"{hidden} gegevens boven de rubricering van de opsteller ({clearance}) zijn niet in dit overzicht "
             "opgenomen" if hidden is not None else
             f"Gegevens boven de rubricering van de opsteller ({clearance}) staan versleuteld onder sleutels die de "
             "opsteller niet heeft en zijn niet meegeteld; een lid met volledige rubricering moet dit verzoek "
             "aanvullen")
    doc.sections.append(Section("Niet getoond", [
        f"{above}; de functionaris gegevensbescherming beoordeelt of zij alsnog verstrekt kunnen worden.",
        f"Gegevens over {len(third)} andere personen zijn weggelaten ({REDACTED})."]))
    store.audit("vik access request", person=person_id, records=doc.count, hidden=hidden)
    return doc


# -- retention ---------------------------------------------------------------------------------
def _days(register: str) -> int:
    return int(lists.lists()["registers"][register]["retention_days"])


def overdue(store: Store, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    """VIK records past the retention of their register (counted from their last relevant date)."""
    today = today or dt.date.today()
    out: list[dict[str, Any]] = []

    def add(register: str, record_id: str, what: str, ref: str | None) -> None:
        if not ref:
            return
        over = (today - dt.date.fromisoformat(ref[:10])).days - _days(register)
        if over > 0:
            out.append({"register": register, "id": record_id, "what": what, "reference_date": dates.nl(ref),
                        "days_over": over})

    for s in store.iter_entities("Signal"):
        if s.get("status") == "afgehandeld":
            add("signals", s.id, str(s.get("signal_number")), s.updated_at or s.get("received"))
    for m in store.iter_entities("Measure"):
        if not measures.is_active(m, today):
            add("measures", m.id, str(m.get("reference")), m.get("end") or m.get("decided"))
    for mt in meetings.list_meetings(store):
        add("meetings", mt.id, mt.title, mt.date)
    for a in meetings.list_actions(store):
        if a.status in ("gereed", "vervallen"):
            add("actions", a.id, a.text, a.updated_at or a.deadline)
    conn = tables.connection(store)
    for aid, raised, message in conn.execute("SELECT id, raised_at, message FROM vik_alerts WHERE label IN "
                                             "(SELECT value FROM json_each(?))", (tables.visible(store),)):
        add("alerts", aid, message, raised)
    return out


def purge(store: ProjectStore, *, today: dt.date | None = None) -> int:
    """Delete the overdue VIK records (owner only); graph records through the store's audited purge."""
    check(store, "purge")
    rows = overdue(store, today=today)
    graph_ids = [r["id"] for r in rows if r["register"] in ("signals", "measures")]
    side = {"meetings": "vik_meetings", "actions": "vik_actions", "alerts": "vik_alerts"}
    conn = tables.connection(store)
    with store.transaction():
        if graph_ids:
            store.purge(graph_ids, register="vik")
        for r in rows:
            if r["register"] in side:
                conn.execute(f"DELETE FROM {side[r['register']]} WHERE id = ?", (r["id"],))
                if r["register"] == "meetings":
                    conn.execute("DELETE FROM vik_agenda WHERE meeting_id = ?", (r["id"],))
        store.audit("vik purge", ids=[r["id"] for r in rows], registers=sorted({r["register"] for r in rows}))
    return len(rows)
