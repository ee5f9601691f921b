"""`knooppunt`: the command line (CONVENTIONS.md "Command line").

`knooppunt <group> <verb> [options]`; errors are one line on stderr with exit code 2,
tracebacks only with --debug.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import sqlcipher3.dbapi2 as sqlite

from graph.errors import KnooppuntError
from workbench.context import common_options, create_store, emit_rows, interface_lang, open_store, opt
from workbench.lazy import LazyGroup
from workbench.output import core_text, is_terminal, say, word

if TYPE_CHECKING:
    from graph.access.guarded import GuardedStore
    from graph.model import Entity
    from graph.store import Statement

# The sub-commands other modules define: imported only when one of them runs, so that
# `--help` and `stats` do not load pandas, networkx, Qt or the Neo4j driver (issue 10).
# name -> ("module:command", short help as in the command's docstring).
_ACCESS, _NEO4J, _EDIT = "workbench.cli_access", "workbench.cli_neo4j", "workbench.cli_edit"
_UNLOCK = (f"{_ACCESS}:unlock_cmd", "Check the passphrase; with --remember, no passphrase is asked here again "
           "until `lock`.")
_LOCK = (f"{_ACCESS}:lock_cmd", "Forget the key remembered on this computer for the project.")
_VIK = "workbench.cli_vik"
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "analyse": ("workbench.cli_analyse:analyse_group", "Network analyses: centrality, shared addresses, shared events, "
                "directors, paths, clusters, red flags."),
    "audit": (f"{_ACCESS}:audit_group", "The project's hash-chained audit log."),
    "briefing": ("workbench.cli_briefing:briefing_group",
                 "Classified briefings (PDF/.docx) for an audience, one file per recipient; verify a file."),
    "export": ("workbench.cli_exchange:export_group",
               "Export to other tools: Analyst's Notebook, GraphML, GEXF, FollowTheMoney, CSV, XLSX."),
    "gui": ("workbench.app:gui",
            "Open the desktop workbench (project chooser, unlock, main window); "
            "--lang: default the remembered choice."),
    "import": ("workbench.cli_import:import_group", "Import case data (with an import specification) and KvK data."),
    "lock": _LOCK,
    "members": (f"{_ACCESS}:members_group", "Members, roles and clearances of an encrypted project."),
    "neo4j": (f"{_NEO4J}:neo4j_group", "Shared projects on a Neo4j server: check, login, push, pull."),
    "resolve": ("workbench.cli_import:resolve_group",
                "Entity resolution: candidate duplicates to confirm or reject; reversible merges."),
    "retention": (f"{_ACCESS}:retention_group", "Bewaartermijn: records past the project's retention period."),
    "unlock": _UNLOCK,
    # records by hand (workbench/cli_edit.py)
    "add": (f"{_EDIT}:add_cmd",
            "Create an entity by hand; an identifier the project holds (a KvK number) yields that entity."),
    "link": (f"{_EDIT}:link_cmd", "Create a relation between two entities."),
    "edit": (f"{_EDIT}:edit_cmd", "Change an entity or relation; the audit log keeps it as it was before and after."),
    "delete": (f"{_EDIT}:delete_cmd", "Delete an entity or relation (an entity's relations: choose explicitly)."),
    "merge": (f"{_EDIT}:merge_cmd", "Merge OTHER_ID into KEEP_ID, the same reversible merge as entity resolution."),
    "note": (f"{_EDIT}:note_group", "Notes on entities, relations and charts (chart:NAME)."),
    "doc": (f"{_EDIT}:doc_group", "Evidence documents kept inside the encrypted project."),
    "sources": (f"{_EDIT}:sources_cmd", "Every source in the project with its grading and the records it supports."),
    # the veiligheidsinformatieknooppunt (workbench/cli_vik.py)
    "signal": (f"{_VIK}:signal_group", "Signals register (meldingen): intake, phenomenon, subjects, status, owner."),
    "meeting": (f"{_VIK}:meeting_group", "Casustafel: meetings, agenda, decisions, verslag."),
    "measure": (f"{_VIK}:measure_group",
                "Administrative measures register: 13b, dwangsom, Bibob, with status and deadlines."),
    "action": (f"{_VIK}:action_group", "Action list: owner, deadline, status; overdue actions flagged."),
    "alerts": (f"{_VIK}:alerts_group", "Alerts on watched items and subjects under measures; deadlines overview."),
    "watch": (f"{_VIK}:watch_group", "Watchlists: alerts when a watched subject or object changes or gains relations."),
    "avg": (f"{_VIK}:avg_group",
            "AVG: register of processing (article 30), access requests (article 15), VIK retention."),
}
LAZY_PROJECT_COMMANDS: dict[str, tuple[str, str]] = {
    "create-neo4j": (f"{_NEO4J}:project_create_neo4j",
                     "Create a shared project on Neo4j and its descriptor file (default NAME.kn4j)."),
    "lock": _LOCK,
    "migrate": (f"{_ACCESS}:project_migrate",
                "Bring a project of an earlier Knooppunt to one key per label, signed members and audit log (owner)."),
    "unlock": _UNLOCK,
}


@click.group(cls=LazyGroup, lazy=LAZY_COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="knooppunt", prog_name="knooppunt", message="%(prog)s %(version)s")
@common_options
def cli() -> None:
    """Knooppunt: network analysis for ondermijning casework.

    Shell completion (bash; zsh and fish alike): eval "$(_KNOOPPUNT_COMPLETE=bash_source knooppunt)"
    """


# -- project ------------------------------------------------------------------------------------
@cli.group(cls=LazyGroup, lazy=LAZY_PROJECT_COMMANDS)
def project() -> None:
    """Create and inspect projects."""


@project.command("create")
@common_options
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.option("--name", help="Display name (default: the file name).")
@click.option("--owner", help="The owning member's name (default: --as, KNOOPPUNT_USER or your login).")
@click.option("--neo4j", "neo4j_uri", metavar="URI",
              help="Create a shared project on this Neo4j server instead (PATH: its .kn4j descriptor).")
@click.option("--neo4j-user", envvar="NEO4J_USER", help="With --neo4j: the Neo4j user (or NEO4J_USER).")
@click.option("--isolation", type=click.Choice(["auto", "database", "property"]), default="auto", show_default=True,
              help="With --neo4j: a database of its own, the shared database, or own when the server allows.")
@click.option("--seal/--no-seal", default=True, show_default=True,
              help="With --neo4j: seal values above `open` client-side under the label keys (docs/neo4j.md).")
@click.option("--shared-passphrase-file", "shared_pw_file", type=click.Path(dir_okay=False),
              help="With --neo4j: your passphrase for the shared project's key slot (or KNOOPPUNT_SHARED_PASSPHRASE).")
def project_create(path: str | None, name: str | None, owner: str | None, neo4j_uri: str | None,
                   neo4j_user: str | None, isolation: str, seal: bool, shared_pw_file: str | None) -> None:
    """Create an empty encrypted project (the passphrase: --passphrase-file, KNOOPPUNT_PASSPHRASE or asked)."""
    import getpass

    owner = owner or opt("acting") or getpass.getuser()
    if neo4j_uri:
        from graph.project import NEO4J_SUFFIX, create_shared_project

        if not neo4j_user:
            raise click.UsageError("--neo4j needs --neo4j-user (or NEO4J_USER)")
        chosen = path or opt("project")
        shared = name or (Path(chosen).stem if chosen else None)
        if not shared:
            raise click.UsageError("--neo4j needs a PATH for the descriptor or --name")
        descriptor = Path(chosen or f"{shared}{NEO4J_SUFFIX}")
        from workbench.cli_neo4j import shared_passphrase

        created, shared_store = create_shared_project(
            neo4j_uri, neo4j_user, shared, descriptor=descriptor, mode=isolation, owner=owner,
            passphrase=shared_passphrase(shared_pw_file, new=True, member=owner) if seal else None)
        shared_store.close()
        click.echo(say("shared_created", project=created.project, uri=neo4j_uri, isolation=created.isolation,
                       descriptor=descriptor))
        return
    from graph.project import project_path

    target = project_path(path or opt("project"))
    store = create_store(target, name=name, owner=owner)
    store.close()
    click.echo(say("project_created", path=target, keys=f"{target.name}.keys", owner=owner))


@project.command("info")
@common_options
def project_info() -> None:
    """Name, owner, file and record counts."""
    store = open_store()
    counts = store.counts()
    schema = store.schema
    human = opt("fmt") in (None, "table") and not opt("output")  # files keep the keys for scripts
    created = store.get_setting("created_at")
    rows: list[dict[str, Any]] = [
            {"key": "file", "value": str(store.path)},
            {"key": "name", "value": store.get_setting("name")},
            {"key": "owner", "value": store.get_setting("owner")},
            {"key": "created", "value": _shown_date(created, "nl") if human and interface_lang() == "nl" else created},
            {"key": "entities", "value": sum(n for t, n in counts.items() if t in schema.entities)},
            {"key": "relations", "value": sum(n for t, n in counts.items() if t in schema.relations)}]
    if human:
        rows = [{**r, "key": word(r["key"])} for r in rows]
    emit_rows(rows, ["key", "value"])


# -- demo ---------------------------------------------------------------------------------------
@cli.command()
@common_options
@click.option("--size", default=5000, show_default=True, help="About this many records (entities + relations).")
@click.option("--seed", default=42, show_default=True, help="Same seed, same data.")
@click.option("--owner", default="demo", show_default=True)
def demo(size: int, seed: int, owner: str) -> None:
    """Create a demo project with synthetic Dutch data and planted patterns."""
    from graph.demo import generate
    from graph.project import project_path

    target = project_path(opt("project") or "demo.knp")
    store = create_store(target, name=f"Demo ({size} records, seed {seed})", owner=owner)
    with _progress(size, "generating") as bar:
        data = generate(size, seed, progress=lambda n: bar.update(n - bar.pos))
    with _progress(len(data), "writing") as bar, store.transaction():
        for start in range(0, len(data.entities), 5000):
            store.upsert_entities(data.entities[start:start + 5000])
            bar.update(min(5000, len(data.entities) - start))
        for start in range(0, len(data.relations), 5000):
            store.upsert_relations(data.relations[start:start + 5000])
            bar.update(min(5000, len(data.relations) - start))
        p = data.planted
        store.set_setting("demo.planted", __import__("json").dumps(p.__dict__))
        from graph.vik.demo import seed as seed_vik

        seed_vik(store, p.vik)
    _raise_alerts(store)
    click.echo(say("demo_created", path=target, entities=len(data.entities), relations=len(data.relations)))
    _print_stats(store)
    store.close()


def _raise_alerts(store: GuardedStore) -> None:
    from workbench.cli_vik import _raise_alerts as raise_alerts
    raise_alerts(store)


class _NoBar:
    pos = 0

    def update(self, n: int) -> None:
        self.pos += n

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _progress(total: int, label: str) -> Any:
    """A progress bar on a terminal; silent when output is not a terminal."""
    if is_terminal():
        return click.progressbar(length=total, label=label, file=sys.stderr)
    return _NoBar()


# -- search, show, stats ----------------------------------------------------------------------------
@cli.command()
@common_options
@click.argument("query", nargs=-1, required=True)
@click.option("--type", "types", multiple=True, help="Only these entity types (repeatable).")
@click.option("--limit", default=25, show_default=True)
def search(query: tuple[str, ...], types: tuple[str, ...], limit: int) -> None:
    """Find entities by name or identifier (word prefixes; case and accents ignored)."""
    store = open_store()
    hits = store.search(" ".join(query), types=types or None, limit=limit)
    human = opt("fmt") in (None, "table") and not opt("output")  # files keep the type codes for scripts
    lang = interface_lang()

    def kind(e: Entity) -> str:
        et = store.schema.entities.get(e.type)
        return et.title(lang) if human and et is not None else e.type

    emit_rows(({"id": e.id, "type": kind(e), "name": e.caption, "label": e.label} for e in hits),
              ["id", "type", "name", "label"])


@cli.command()
@common_options
@click.argument("entity_id")
def show(entity_id: str) -> None:
    """An entity with its properties, provenance and relations."""
    store = open_store()
    e = store.get_entity(entity_id)
    relations = store.relations_of(entity_id)
    others = store.get_entities({r.target_id if r.source_id == e.id else r.source_id for r in relations})
    if opt("fmt") == "json":
        import json
        from dataclasses import asdict
        click.echo(json.dumps({"entity": asdict(e), "sources": [asdict(s) for s in store.sources(entity_id)],
                               "statements": [asdict(s) for s in store.statements(entity_id)],
                               "relations": [asdict(r) for r in relations]}, ensure_ascii=False, indent=2))
        return
    _show_entity(store, e)
    lang = interface_lang()
    rows = []
    for r in relations:
        other_id = r.target_id if r.source_id == e.id else r.source_id
        other = others.get(other_id)
        rt = store.schema.relations[r.type]
        human = opt("fmt") in (None, "table") and not opt("output")
        other_type = (store.schema.entities[other.type].title(interface_lang()) if human and other and other.type in
                      store.schema.entities else other.type if other else "")
        rows.append({"relation": rt.title(lang) if r.source_id == e.id else f"<- {rt.title(lang)}",
                     "other": other.caption if other else other_id, "other_type": other_type,
                     "from": _shown_date(r.valid_from, lang) if human else r.valid_from,
                     "to": _shown_date(r.valid_to, lang) if human else r.valid_to, "grading": r.grading,
                     "source": r.provenance.source if r.provenance else "", "id": r.id})
    click.echo("\n" + say("show_relations", count=len(rows)))
    emit_rows(rows, ["relation", "other", "other_type", "from", "to", "grading", "source", "id"])


def _shown_date(value: object, lang: str) -> str:
    """A date or timestamp as the reader expects it: dd-mm-jjjj in Dutch (with hh:mm for a timestamp)."""
    from graph.formatting import format_timestamp

    return format_timestamp(value, lang)


def _shown_value(kind: str, name: str, value: object, lang: str, entity_type: str = "") -> str:
    """A property value in `show` (graph.formatting.format_property)."""
    from graph.formatting import format_property

    return format_property(kind, name, value, lang, entity_type)


def _show_entity(store: GuardedStore, e: Entity) -> None:
    from graph.formatting import format_date

    lang = interface_lang()
    et = store.schema.entities[e.type]
    click.echo(f"{e.caption}  [{et.title(lang)}]  {e.id}")
    said: dict[str, list[Statement]] = {}
    for st in store.statements(e.id):
        said.setdefault(st.prop, []).append(st)
    for name, spec in et.properties.items():
        if name in e.properties:
            shown = _shown_value(spec.type, name, e.properties[name], lang, e.type)
            click.echo(f"  {spec.label.get(lang, name):<24} {shown}")
        # Issue 19: every value with the source that gave it and that source's grading; a value
        # the view does not show (another source's word won) is marked as a claim.
        view = e.properties.get(name)
        shown_values = view if isinstance(view, list) else [view]
        for st in said.get(name, []):
            kind = "" if st.value in shown_values else say("show_claim") + " "
            label = "" if st.label == e.label else f", {word(st.label)}"
            said_value = _shown_value(spec.type, name, st.value, lang, e.type)
            click.echo(f"  {'':<24}   {kind}{said_value}  [{st.source or say('show_by_hand')} {st.grading}"
                       f"{label}, {say('show_received')} {format_date(st.received, lang) or '-'}]")
    click.echo(f"  {say('show_label'):<24} {word(e.label)}")
    click.echo(f"  {say('show_valid'):<24} {_shown_date(e.valid_from, lang) or '…'} – "
               f"{_shown_date(e.valid_to, lang) or '…'}")
    click.echo(f"  {say('show_made'):<24} " + say("show_made_by", made=_shown_date(e.created_at, lang),
                                                  creator=e.created_by, changed=_shown_date(e.updated_at, lang),
                                                  changer=e.updated_by))
    click.echo(say("show_sources"))
    for s in store.sources(e.id):
        click.echo(f"  {s.source}  ref {s.reference or '-'}  {say('show_received')} "
                   f"{format_date(s.received, lang) or '-'}  "
                   f"{say('show_reliability')} {s.reliability or '-'}{s.credibility or '-'}")


@cli.command()
@common_options
def stats() -> None:
    """Record counts per entity and relation type."""
    store = open_store()
    _print_stats(store)


def _print_stats(store: GuardedStore) -> None:
    counts = store.counts()
    schema = store.schema
    lang = interface_lang()
    human = opt("fmt") in (None, "table") and not opt("output")  # files keep `entity`/`relation` for scripts
    entity, relation = (word("entity"), word("relation")) if human else ("entity", "relation")
    rows = [{"kind": entity, "type": t, "label": schema.entities[t].title(lang), "count": n}
            for t, n in counts.items() if t in schema.entities]
    rows += [{"kind": relation, "type": t, "label": schema.relations[t].title(lang), "count": n}
             for t, n in counts.items() if t in schema.relations]
    # `label` here is the type's title, not a security label: its own header (issue: "soort soort rubricering")
    headers = {"nl": {"type": "code", "label": "titel"}, "en": {"type": "type", "label": "title"}}
    emit_rows(rows, ["kind", "type", "label", "count"], declared=headers.get(lang, headers["en"]))


def _flush_stdout() -> None:
    """Flush now, inside the error handling: a full disk or closed pipe on stdout is a one-line error.

    After a failure stdout is pointed at /dev/null, so the interpreter's own flush at exit
    does not print a second, multi-line complaint.
    """
    try:
        sys.stdout.flush()
    except OSError:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise


def _argv_lang(args: list[str]) -> str:
    """The interface language for the error line, read before click parses (its context is gone
    by the time an error reaches `main`): --lang X or --lang=X, else KNOOPPUNT_LANG, else Dutch."""
    chosen = None
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            chosen = args[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    chosen = chosen or os.environ.get("KNOOPPUNT_LANG")
    return chosen if chosen in ("nl", "en") else "nl"


def main(argv: list[str] | None = None) -> int:
    """Entry point: exit 0 ok, 1 a check found a problem, 2 bad input or refused."""
    args = argv if argv is not None else sys.argv[1:]
    debug = "--debug" in args
    lang = _argv_lang(args)
    try:
        # Without standalone mode click returns ctx.exit(n)'s code instead of raising it.
        result = cli.main(args=argv, prog_name="knooppunt", standalone_mode=False)
        _flush_stdout()
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        click.echo(say("error", lang, message=core_text(exc.format_message(), lang)), err=True)
        return 2
    except click.exceptions.Abort:
        click.echo(say("aborted", lang), err=True)
        return 2
    except KnooppuntError as exc:
        if debug:
            raise
        click.echo(say("error", lang, message=core_text(str(exc), lang)), err=True)
        return 2
    except OSError as exc:
        if debug:
            raise
        reason = core_text(f": {exc.strerror or exc}", lang)[2:]
        click.echo(say("os_error", lang, file=exc.filename or say("output", lang), reason=reason), err=True)
        return 2
    except sqlite.DatabaseError as exc:  # "database or disk is full", "disk I/O error"
        if debug:
            raise
        click.echo(say("database_error", lang, message=exc), err=True)
        return 2
    return result if isinstance(result, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
