"""Notes: the analyst's reasoning and what was agreed, dated and authored, on any record or chart.

A note hangs on an entity id, a relation id or a chart (`chart:NAME`). It carries a
security label like a record (by default the record's own, never below it) and is
searchable (case and accents ignored). Adding, editing and deleting notes is audited.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from graph import attachments
from graph.errors import NotFound
from graph.model import now_iso
from graph.store import Store
from graph.stores.records import label_rank
from graph.text import fold

CHART_PREFIX = "chart:"


@dataclass(frozen=True, slots=True)
class Note:
    id: str
    record_id: str
    at: str  # UTC timestamp
    author: str
    label: str
    text: str
    edited_at: str | None = None


def _record_label(store: Store, record_id: str) -> str:
    """The label of the record a note is for (NotFound when absent or hidden)."""
    if record_id.startswith(CHART_PREFIX):  # a saved chart: the highest label of the records it names
        from graph.access import labelled_settings
        saved = labelled_settings.get(store, "chart." + record_id[len(CHART_PREFIX):])
        return labelled_settings.label_named(store, saved) if saved else "open"
    from graph.editing import get_record, kept_label

    return kept_label(store, get_record(store, record_id))


def _audited(label: str, record_id: str) -> str:
    """What the log (in the main file) may say a note is on: a chart's name is the analyst's text."""
    if record_id.startswith(CHART_PREFIX):
        return CHART_PREFIX + str(attachments.audited(label, record_id[len(CHART_PREFIX):]))
    return record_id


def add_note(store: Store, record_id: str, text: str, *, label: str | None = None) -> Note:
    """Add a note to a record or chart; the label defaults to the record's."""
    attachments.require_edit(store)
    body = text.strip()
    if not body:
        raise attachments.KnooppuntError("text: a note needs text")
    record_label = _record_label(store, record_id)
    chosen = label or record_label
    attachments.check_label(store, chosen, record_label, "note")
    conn = attachments.connection(store)
    note = Note(id=f"not-{secrets.token_hex(8)}", record_id=record_id, at=now_iso(), author=store.caller.user,
                label=chosen, text=body)
    with store.transaction():
        conn.execute("INSERT INTO notes(id, record_id, at, author, label, text, folded) VALUES(?,?,?,?,?,?,?)",
                     (note.id, note.record_id, note.at, note.author, note.label, note.text, fold(body)))
        store.audit("note add", id=note.id, record=_audited(chosen, record_id), label=chosen, chars=len(body))
    return note


_SELECT = "SELECT id, record_id, at, author, label, text, edited_at FROM notes"


def notes_of(store: Store, record_id: str) -> list[Note]:
    """Visible notes on a record, oldest first."""
    conn = attachments.connection(store)
    return [Note(*row) for row in conn.execute(
        _SELECT + " WHERE record_id = ? AND label IN (SELECT value FROM json_each(?)) ORDER BY at, id",
        (record_id, attachments.visible_labels(store)))]


def get_note(store: Store, note_id: str) -> Note:
    conn = attachments.connection(store)
    row = conn.execute(_SELECT + " WHERE id = ? AND label IN (SELECT value FROM json_each(?))",
                       (note_id, attachments.visible_labels(store))).fetchone()
    if row is None:
        raise NotFound(f"no note {note_id!r} in the project")
    return Note(*row)


def search_notes(store: Store, query: str, *, limit: int = 100) -> list[Note]:
    """Visible notes whose text holds every word of the query (case and accents ignored)."""
    conn = attachments.connection(store)
    words = fold(query).split()
    rows = conn.execute(_SELECT + f" WHERE {attachments.words_clause(words)} AND label IN (SELECT value FROM "
                        f"json_each(?)) ORDER BY at DESC {attachments.literal_limit(limit)}",
                        (*words, attachments.visible_labels(store)))
    hits = [Note(*row) for row in rows]
    top = max((n.label for n in hits), key=label_rank, default="open")
    store.audit("search notes", query=attachments.audited(top, query), hits=len(hits))
    return hits


def edit_note(store: Store, note_id: str, text: str) -> Note:
    attachments.require_edit(store)
    old = get_note(store, note_id)
    body = text.strip()
    if not body:
        raise attachments.KnooppuntError("text: a note needs text")
    conn = attachments.connection(store)
    at = now_iso()
    with store.transaction():
        conn.execute("UPDATE notes SET text = ?, folded = ?, edited_at = ? WHERE id = ?",
                     (body, fold(body), at, note_id))
        store.audit("note edit", id=note_id, record=_audited(old.label, old.record_id),
                    before=attachments.audited(old.label, old.text), after=attachments.audited(old.label, body))
    return get_note(store, note_id)


def delete_note(store: Store, note_id: str) -> Note:
    attachments.require_edit(store)
    old = get_note(store, note_id)
    conn = attachments.connection(store)
    with store.transaction():
        conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))
        store.audit("note delete", id=note_id, record=_audited(old.label, old.record_id),
                    before=attachments.audited(old.label, old.text))
    return old


def restore_note(store: Store, note: Note) -> None:
    """Put a deleted note back as it was (the GUI's undo)."""
    attachments.require_edit(store)
    conn = attachments.connection(store)
    with store.transaction():
        conn.execute("INSERT INTO notes(id, record_id, at, author, label, text, folded, edited_at) "
                     "VALUES(?,?,?,?,?,?,?,?)", (note.id, note.record_id, note.at, note.author, note.label,
                                                 note.text, fold(note.text), note.edited_at))
        store.audit("note restore", id=note.id, record=_audited(note.label, note.record_id))
