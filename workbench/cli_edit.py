"""Records by hand on the command line: add, link, edit, delete, merge, notes, documents, sources.

    knooppunt add Person --set name="Jan de Vries" --set birth_date=01-02-1980 \\
        --source "melding 2026-114" --grading B2 --label confidential
    knooppunt link PER_ID COM_ID --type director_of --from 01-03-2021
    knooppunt edit ID --set birth_date=02-02-1980 [--unset aliases]
    knooppunt delete ID [--with-relations | --keep-relations]
    knooppunt merge KEEP_ID OTHER_ID            (reversible: knooppunt resolve undo MERGE_ID)
    knooppunt note add ID "text" | note list ID | note search WORDS
    knooppunt doc attach ID FILE... | list ID | open DOC | extract DOC | candidates DOC [--confirm N]
    knooppunt doc search WORDS
    knooppunt sources

Errors are one line naming the field (`birth_date: date '31-02-1980' is not a valid date`),
exit code 2 (CONVENTIONS.md). The logic is in `graph.editing`, `graph.notes`,
`graph.documents` and `graph.sources`; this module only parses and prints.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from typing import Any

import click

from graph import documents, editing, notes
from graph.model import SECURITY_LABELS
from workbench.context import common_options, emit_rows, interface_lang, open_store
from workbench.output import core_text, say


def _meta_options(func: Any) -> Any:
    options = [
        click.option("--source", help="Where it comes from (default for a new record: 'handmatige invoer')."),
        click.option("--reference", help="The source's own reference (a melding number, a mutation id)."),
        click.option("--received", metavar="DATE", help="When the source was received (dd-mm-jjjj)."),
        click.option("--grading", metavar="CODE", help="Admiralty code: reliability A-F and credibility 1-6, e.g. B2."),
        click.option("--label", type=click.Choice(SECURITY_LABELS), help="Security label (default: open)."),
        click.option("--from", "valid_from", metavar="DATE", help="Valid from (dd-mm-jjjj)."),
        click.option("--to", "valid_to", metavar="DATE", help="Valid to (dd-mm-jjjj)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _meta(kw: dict[str, Any]) -> editing.RecordMeta:
    return editing.RecordMeta(source=kw.get("source"), reference=kw.get("reference"), received=kw.get("received"),
                              grading=kw.get("grading"), label=kw.get("label"), valid_from=kw.get("valid_from"),
                              valid_to=kw.get("valid_to"))


def _describe(store: Any, record: Any) -> str:
    """`Persoon 'Jan de Vries'`: the type's title in the interface language (ids stay as they are)."""
    lang = interface_lang()
    if editing.is_relation_id(record.id):
        rt = store.schema.relations.get(record.type)
        return f"{rt.title(lang) if rt else record.type} {record.source_id} -> {record.target_id}"
    et = store.schema.entities.get(record.type)
    return f"{et.title(lang) if et else record.type} {record.caption!r}"


def _day(value: str | None) -> str:
    """A validity date as the reader expects it (dd-mm-jjjj in Dutch); an open end as `…`."""
    from graph.formatting import format_date

    return format_date(value, interface_lang()) if value else "…"


def _raise_alerts(store: Any) -> None:
    """Alerts the edit warrants (a watched record changed, ...): graph.vik.alerts."""
    from workbench.cli_vik import _raise_alerts as raise_alerts
    raise_alerts(store)


# -- records ---------------------------------------------------------------------------------------------
@click.command("add")
@common_options
@click.argument("entity_type")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="A property value (repeatable); several values of a multi property: 'a; b'.")
@_meta_options
def add_cmd(entity_type: str, assignments: tuple[str, ...], **kw: Any) -> None:
    """Create an entity by hand; an identifier the project holds (a KvK number) yields that entity."""
    store = open_store()
    values = editing.parse_assignments(assignments)
    entity, change = editing.create_entity(store, entity_type, values, _meta(kw))
    if change.action == "create":
        click.echo(say("record_created", id=entity.id, what=_describe(store, entity), label=entity.label,
                       grading=entity.grading))
    else:
        click.echo(say("record_exists", id=entity.id, what=_describe(store, entity)))
    _raise_alerts(store)


@click.command("link")
@common_options
@click.argument("source_id")
@click.argument("target_id")
@click.option("--type", "relation_type", required=True, help="Relation type, e.g. director_of.")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE", help="A relation property (repeatable).")
@_meta_options
def link_cmd(source_id: str, target_id: str, relation_type: str, assignments: tuple[str, ...], **kw: Any) -> None:
    """Create a relation between two entities."""
    store = open_store()
    rel, change = editing.create_relation(store, relation_type, source_id, target_id,
                                          editing.parse_assignments(assignments), _meta(kw))
    key = "relation_created" if change.action == "create" else "relation_exists"
    click.echo(say(key, id=rel.id, what=_describe(store, rel), start=_day(rel.valid_from), end=_day(rel.valid_to)))
    _raise_alerts(store)


@click.command("edit")
@common_options
@click.argument("record_id")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="A new value (repeatable); an empty value removes it.")
@click.option("--unset", multiple=True, metavar="NAME", help="Remove a property (repeatable).")
@_meta_options
def edit_cmd(record_id: str, assignments: tuple[str, ...], unset: tuple[str, ...], **kw: Any) -> None:
    """Change an entity or relation; the audit log keeps it as it was before and after."""
    store = open_store()
    values = editing.parse_assignments(assignments)
    if not values and not unset and not any(v is not None for v in kw.values()):
        raise click.UsageError(say("nothing_to_change"))
    after, change = editing.update_record(store, record_id, values, _meta(kw), unset)
    moved = say("record_moved", id=after.id) if after.id != record_id else ""
    click.echo(say("record_updated", id=record_id, moved=moved, what=_describe(store, after)))
    hand = change.hand.source if change.hand else editing.MANUAL_SOURCE
    for kept in editing.overruled(store, change):
        click.echo(say("note_line", message=core_text(kept.describe(hand))), err=True)
    _raise_alerts(store)


@click.command("delete")
@common_options
@click.argument("record_id")
@click.option("--with-relations", "choice", flag_value="delete", help="Delete the entity's relations too.")
@click.option("--keep-relations", "choice", flag_value="keep",
              help="Refuse while the entity has relations (they are kept).")
def delete_cmd(record_id: str, choice: str | None) -> None:
    """Delete an entity or relation (an entity's relations: choose explicitly)."""
    store = open_store()
    change = editing.delete_record(store, record_id, relations=choice)
    extra = say("with_relations", count=len(change.relations)) if change.relations else ""
    click.echo(say("record_deleted", id=record_id, extra=extra))


@click.command("merge")
@common_options
@click.argument("keep_id")
@click.argument("other_id")
@click.option("--reason", default="", help="Why they are the same (kept in the audit log).")
def merge_cmd(keep_id: str, other_id: str, reason: str) -> None:
    """Merge OTHER_ID into KEEP_ID, the same reversible merge as entity resolution."""
    from graph.merge import merge_entities

    store = open_store()
    merge_id = merge_entities(store, keep_id, other_id, reason=reason or say("merged_by_hand"))
    click.echo(say("merged", other=other_id, keep=keep_id, merge=merge_id))


# -- notes ----------------------------------------------------------------------------------------------
@click.group("note")
def note_group() -> None:
    """Notes on entities, relations and charts (chart:NAME)."""


@note_group.command("add")
@common_options
@click.argument("record_id")
@click.argument("text")
@click.option("--label", type=click.Choice(SECURITY_LABELS), help="Default: the record's label.")
def note_add(record_id: str, text: str, label: str | None) -> None:
    """Add a dated note by the acting member."""
    store = open_store()
    note = notes.add_note(store, record_id, text, label=label)
    click.echo(say("note_added", note=note.id, id=record_id, label=note.label))


def _note_rows(items: list[notes.Note]) -> list[dict[str, Any]]:
    return [{"id": n.id, "record": n.record_id, "at": n.at, "author": n.author, "label": n.label,
             "text": n.text} for n in items]


@note_group.command("list")
@common_options
@click.argument("record_id")
def note_list(record_id: str) -> None:
    """The notes on a record, oldest first."""
    store = open_store()
    emit_rows(_note_rows(notes.notes_of(store, record_id)), ["id", "at", "author", "label", "text"])


@note_group.command("search")
@common_options
@click.argument("query", nargs=-1, required=True)
def note_search(query: tuple[str, ...]) -> None:
    """Notes holding every word (case and accents ignored)."""
    store = open_store()
    emit_rows(_note_rows(notes.search_notes(store, " ".join(query))), ["id", "record", "at", "author", "text"])


# -- documents ------------------------------------------------------------------------------------------
@click.group("doc")
def doc_group() -> None:
    """Evidence documents kept inside the encrypted project."""


@doc_group.command("attach")
@common_options
@click.argument("record_id")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--description", default="", help="What it is (searchable; the only text of an image).")
def doc_attach(record_id: str, files: tuple[str, ...], description: str) -> None:
    """Store files with a record, under its security label."""
    store = open_store()
    for path in files:
        doc = documents.attach(store, record_id, path, description=description)
        click.echo(say("doc_attached", id=doc.id, name=doc.name, size=doc.size, label=doc.label))
        if doc.extract_note:
            click.echo(say("doc_warning", message=core_text(doc.extract_note)), err=True)


def _doc_rows(items: list[documents.Document]) -> list[dict[str, Any]]:
    return [{"id": d.id, "record": d.record_id, "name": d.name, "type": d.mime, "size": d.size, "label": d.label,
             "added": d.added_at, "by": d.added_by, "description": d.description, "note": d.extract_note or ""}
            for d in items]


@doc_group.command("list")
@common_options
@click.argument("record_id")
def doc_list(record_id: str) -> None:
    """The documents of a record."""
    store = open_store()
    emit_rows(_doc_rows(documents.documents_of(store, record_id)),
              ["id", "name", "type", "size", "label", "added", "by", "description", "note"])


@doc_group.command("search")
@common_options
@click.argument("query", nargs=-1, required=True)
def doc_search(query: tuple[str, ...]) -> None:
    """Documents whose name, description or text holds every word."""
    store = open_store()
    emit_rows(_doc_rows(documents.search_documents(store, " ".join(query))),
              ["id", "record", "name", "label", "added", "description"])


@doc_group.command("extract")
@common_options
@click.argument("doc_id")
def doc_extract(doc_id: str) -> None:
    """Print a document's extracted text."""
    store = open_store()
    doc = documents.get_document(store, doc_id)
    click.echo(documents.document_text(store, doc_id))
    if doc.extract_note:
        click.echo(say("doc_warning", message=core_text(doc.extract_note)), err=True)


@doc_group.command("open")
@common_options
@click.argument("doc_id")
@click.option("--wait", "wait_seconds", type=float, default=None, metavar="SECONDS",
              help="Remove the copy after this many seconds instead of asking.")
def doc_open(doc_id: str, wait_seconds: float | None) -> None:
    """Open a document in its viewer through a temporary decrypted copy, removed afterwards.

    The viewer is KNOOPPUNT_VIEWER (a command; the file's path is appended) or the
    desktop's default application.
    """
    store = open_store()
    with documents.opened(store, doc_id) as path:
        viewer = os.environ.get("KNOOPPUNT_VIEWER")
        if viewer:
            subprocess.run([*shlex.split(viewer), str(path)], check=False)
        else:
            click.launch(str(path))
        if wait_seconds is not None:
            time.sleep(wait_seconds)
        else:
            click.prompt(say("doc_wait"),
                         default="", show_default=False, err=True)
    click.echo(say("doc_closed", id=doc_id))


@doc_group.command("candidates")
@common_options
@click.argument("doc_id")
@click.option("--confirm", "confirm", multiple=True, type=int, metavar="N",
              help="Create (or find) candidate N as an entity sourced to the document (repeatable).")
@click.option("--link/--no-link", default=True, show_default=True,
              help="With --confirm: also link it to the document's record.")
@click.option("--grading", metavar="CODE", help="With --confirm: grading of the created records.")
def doc_candidates(doc_id: str, confirm: tuple[int, ...], link: bool, grading: str | None) -> None:
    """Identifiers found in the document's text; nothing is created without --confirm."""
    store = open_store()
    found = documents.candidates(store, doc_id)
    if not confirm:
        emit_rows([{"n": i, "type": c.entity_type, "value": c.value, "in_project": c.existing_id or "",
                    "relation": c.relation_type or "", "context": c.context} for i, c in enumerate(found, 1)],
                  ["n", "type", "value", "in_project", "relation", "context"])
        return
    for n in confirm:
        if not 1 <= n <= len(found):
            raise click.BadParameter(say("candidate_range", n=n, count=len(found)), param_hint="--confirm")
    for n in confirm:
        entity, rel_id = documents.confirm_candidate(store, doc_id, found[n - 1], link=link, grading=grading)
        linked = say("linked_by", id=rel_id) if rel_id else ""
        click.echo(say("candidate_confirmed", n=n, id=entity.id, type=entity.type, caption=repr(entity.caption),
                       linked=linked))


# -- sources --------------------------------------------------------------------------------------------
@click.command("sources")
@common_options
def sources_cmd() -> None:
    """Every source in the project with its grading and the records it supports."""
    from graph.sources import sources_list

    store = open_store()
    rows = [{"source": s.source, "grading": s.grading_text(), "entities": len(s.entities),
             "relations": len(s.relations), "references": len(s.references),
             "received": f"{s.first_received or ''}–{s.last_received or ''}" if s.first_received else ""}
            for s in sources_list(store)]
    emit_rows(rows, ["source", "grading", "entities", "relations", "references", "received"])


