"""Marked documents of the VIK (verslag with action list, art. 15 access request) as HTML.

A small stand-in for the briefing machinery (graph/briefing), which will absorb it: a
document is a title, a marking (the highest security label of what it holds) and
sections of paragraphs and tables. `to_html` escapes every value; the marking heads and
ends the document, and `graph.briefing.render.html_to_pdf` prints it on every PDF page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from graph.model import SECURITY_LABELS
from graph.store import Store
from graph.vik import dates, lists, meetings
from graph.vik.links import record_title

MARKINGS = {"open": "ONGERUBRICEERD", "confidential": "VERTROUWELIJK", "police-wpg": "POLITIEGEGEVENS (WPG)",
            "fiod/tax": "FISCAAL (FIOD/BELASTINGDIENST)"}


@dataclass(slots=True)
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    title: str
    labels: set[str] = field(default_factory=lambda: {"open"})
    sections: list[Section] = field(default_factory=list)
    count: int = 0  # records the document holds

    @property
    def label(self) -> str:
        return max(self.labels, key=SECURITY_LABELS.index)

    @property
    def marking(self) -> str:
        return f"{MARKINGS[self.label]} ({self.label})"


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    return html.escape("" if value is None else str(value))


def to_html(doc: Document) -> str:
    """The document as one self-contained HTML page with its marking at top and bottom."""
    mark = f'<p class="marking">{html.escape(doc.marking)}</p>'
    parts = ["<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'>",
             f"<title>{html.escape(doc.title)}</title><style>body{{font-family:sans-serif;font-size:10pt}}"
             ".marking{color:#b00;font-weight:bold;text-align:center}"
             "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:3px;"
             "text-align:left;vertical-align:top}th{background:#eee}</style></head><body>",
             mark, f"<h1>{html.escape(doc.title)}</h1>"]
    for section in doc.sections:
        parts.append(f"<h2>{html.escape(section.title)}</h2>")
        parts += [f"<p>{html.escape(p)}</p>" for p in section.paragraphs]
        if section.columns and not section.rows:
            parts.append("<p><i>Geen.</i></p>")
        elif section.columns:
            parts.append("<table cellspacing='0' cellpadding='3' border='1'><tr>"
                         + "".join(f"<th>{_cell(c)}</th>" for c in section.columns) + "</tr>")
            parts += ["<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in section.rows]
            parts.append("</table>")
    parts += [mark, "</body></html>"]
    return "\n".join(parts)


def meeting_document(store: Store, meeting_id: str, lang: str = "nl") -> Document:
    """The verslag of a casustafel with its agenda, decisions and action list."""
    from graph import editing

    m = meetings.get_meeting(store, meeting_id)
    doc = Document(f"Verslag {m.title} {dates.nl(m.date)}", {m.label}, count=1)
    doc.sections.append(Section("Deelnemers", [f"Voorzitter: {m.chair or '-'}",
                                               f"Deelnemers: {', '.join(m.participants) or '-'}",
                                               f"Partners: {', '.join(m.partners) or '-'}"]))
    agenda = Section("Agenda en besluiten", columns=["#", "Onderwerp", "Besluit", "Toelichting"])
    for item in meetings.agenda(store, meeting_id):
        record = editing.get_record(store, item.record_id)
        doc.labels.add(item.label)
        doc.count += 1
        kind = store.schema.entities[record.type].title(lang) if record.type in store.schema.entities else ""
        agenda.rows.append([item.position, f"{record_title(record, lang)} ({kind})" if kind else
                            record_title(record, lang),
                            lists.label("decisions", item.decision, lang) if item.decision else "-", item.note])
    doc.sections.append(agenda)
    doc.sections.append(Section("Verslag", [p for p in m.verslag.split("\n\n") if p.strip()] or ["-"]))
    actions = Section("Actielijst", columns=["Actie", "Eigenaar", "Termijn", "Status"])
    for a in meetings.list_actions(store, meeting_id=meeting_id):
        doc.labels.add(a.label)
        doc.count += 1
        late = " (verlopen)" if meetings.is_overdue(a) else ""
        actions.rows.append([a.text, a.owner, dates.nl(a.deadline) + late,
                             lists.label("action_status", a.status, lang)])
    doc.sections.append(actions)
    return doc
