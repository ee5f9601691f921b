"""`knooppunt neo4j check|login|push|pull|admin-csv|adopt` and `knooppunt project create-neo4j`.

A shared project lives on a Neo4j server and is named on this computer by a descriptor
file (`NAME.kn4j`, see graph.stores.neo4j_project). The local project is the usual
`--project FILE.knp` (or KNOOPPUNT_PROJECT), opened through the access layer.
Passwords come from the keyring (`neo4j login` stores one) or NEO4J_PASSWORD.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from graph.errors import KnooppuntError
from graph.store import Caller
from graph.stores.neo4j_connect import Neo4jConnectionError, check, check_uri, password_for, remember_password
from graph.stores.neo4j_project import DESCRIPTOR_SUFFIX, MODES, Neo4jProject, create_neo4j_project
from workbench.context import common_options, emit_rows, open_store, opt
from workbench.output import TerminalProgress, say

_URI = click.option("--uri", envvar="NEO4J_URI", required=True,
                    help="Bolt URI, e.g. neo4j+s://host:7687 (or NEO4J_URI).")
_USER = click.option("--user", envvar="NEO4J_USER", required=True, help="Neo4j user (or NEO4J_USER).")
_SHARED_PW = click.option("--shared-passphrase-file", "shared_pw_file", type=click.Path(dir_okay=False),
                          help="Your passphrase for the sealed shared project's key slot (or "
                               "KNOOPPUNT_SHARED_PASSPHRASE; asked on a terminal otherwise).")
_SEAL = click.option("--seal/--no-seal", default=True, show_default=True,
                     help="Seal values above `open` client-side under the label keys (docs/neo4j.md).")
_BATCH = click.option("--batch", type=click.IntRange(1, 100_000), default=None,
                      help="Rows per UNWIND statement (default: the descriptor's, else 1,000).")


@click.group("neo4j")
def neo4j_group() -> None:
    """Shared projects on a Neo4j server: check, login, push, pull."""


@neo4j_group.command("check")
@common_options
@_URI
@_USER
@click.option("--database", envvar="NEO4J_DATABASE", help="Database to check (default: the server's default).")
def neo4j_check(uri: str, user: str, database: str | None) -> None:
    """Connect and report the server's version, edition and GDS; exit 1 with one line when it cannot be used."""
    check_uri(uri)  # a malformed URI or a missing password is bad input: exit 2 through main()
    password = password_for(uri, user)
    try:
        info = check(uri, user, password, database=database)
    except Neo4jConnectionError as exc:
        click.echo(f"knooppunt: {exc}", err=True)
        # sys.exit, not ctx.exit: workbench.cli.main drops the code click returns for ctx.exit
        # under standalone_mode=False (reported to the lead); SystemExit reaches the shell as is.
        sys.exit(1)
    click.echo(info.line())


@neo4j_group.command("login")
@common_options
@_URI
@_USER
def neo4j_login(uri: str, user: str) -> None:
    """Ask for the Neo4j password (no echo), check it, and keep it in the OS keyring."""
    check_uri(uri)
    if not sys.stdin.isatty():  # getpass would fall back to an echoing prompt with a raw GetPassWarning
        raise KnooppuntError(f"neo4j login asks for the password of {user} at {uri} on a terminal, and there is "
                             "none: run it in a terminal, or give scripts NEO4J_PASSWORD")
    password = str(click.prompt(f"Neo4j password for {user} at {uri}", hide_input=True, err=True))
    info = check(uri, user, password)
    remember_password(uri, user, password)
    click.echo(info.line() + say("neo4j_password_kept"))


SHARED_PASSPHRASE_ENV = "KNOOPPUNT_SHARED_PASSPHRASE"


def shared_passphrase(file: str | None, *, new: bool, member: str) -> Callable[[], str]:
    """The member's passphrase for a sealed shared project's key slot, read only when it is needed:
    --shared-passphrase-file, else KNOOPPUNT_SHARED_PASSPHRASE, else a prompt on a terminal (once)."""
    given: list[str] = []

    def ask() -> str:
        if not given:
            given.append(_read_passphrase(file, new=new, member=member, env=SHARED_PASSPHRASE_ENV))
        return given[0]

    return ask


def _read_passphrase(file: str | None, *, new: bool, member: str, env: str) -> str:
    if file:
        try:
            text = Path(file).read_text(encoding="utf-8").rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise KnooppuntError(f"{file}: cannot read the shared passphrase ({exc.__class__.__name__})") from None
    elif os.environ.get(env):
        text = os.environ[env]
    elif sys.stdin.isatty():
        text = str(click.prompt(f"Passphrase of {member} for the shared project", hide_input=True,
                                confirmation_prompt=new, err=True))
    else:
        option = "--shared-passphrase-file" if env == SHARED_PASSPHRASE_ENV else "--new-passphrase-file"
        raise KnooppuntError(f"the sealed shared project needs the passphrase of {member} for its key slot: "
                             f"{option} FILE or {env}")
    if new:
        from graph.access import passphrase as passphrase_rule
        passphrase_rule.check(text, (member,))
    return text


def _shared(descriptor: str) -> Neo4jProject:
    return Neo4jProject.load(Path(descriptor))


def _ids(ids: tuple[str, ...]) -> list[str] | None:
    return list(ids) or None


def _report(summary: dict[str, int]) -> None:
    emit_rows(({"what": k, "count": v} for k, v in summary.items()), ["what", "count"], export=False)


@neo4j_group.command("push")
@common_options
@click.option("--to", "to", required=True, type=click.Path(dir_okay=False, exists=True),
              help=f"The shared project's descriptor ({DESCRIPTOR_SUFFIX}).")
@click.option("--id", "ids", multiple=True, help="Push only these entities (repeatable); default all.")
@click.option("--depth", default=0, show_default=True, help="With --id: also their neighbours to this depth.")
@_BATCH
@_SHARED_PW
def neo4j_push(to: str, ids: tuple[str, ...], depth: int, batch: int | None, shared_pw_file: str | None) -> None:
    """Publish the local project (or a selection) to a shared Neo4j project."""
    from graph.sync import push

    shared = _shared(to)
    local = open_store()
    local.require("export")  # publishing local data is an export: the member's role must allow it
    remote = shared.open(caller=Caller(user=local.caller.user), batch=batch or 0,
                         passphrase=shared_passphrase(shared_pw_file, new=False, member=local.caller.user))
    shown = TerminalProgress("push", unit="records")
    try:
        report = push(local, remote, _ids(ids), depth, local_name=str(opt("project") or ""),
                      remote_name=f"{shared.project} at {shared.uri}", progress=shown.progress)
    finally:
        shown.finish()
        remote.close()
    _report(report.summary())


@neo4j_group.command("pull")
@common_options
@click.option("--from", "from_", required=True, type=click.Path(dir_okay=False, exists=True),
              help=f"The shared project's descriptor ({DESCRIPTOR_SUFFIX}).")
@click.option("--id", "ids", multiple=True, help="Pull these entities (repeatable); default the whole project.")
@click.option("--depth", default=1, show_default=True, help="With --id: also their neighbours to this depth.")
@_SHARED_PW
def neo4j_pull(from_: str, ids: tuple[str, ...], depth: int, shared_pw_file: str | None) -> None:
    """Fetch a subgraph (or all) of a shared Neo4j project into the local project."""
    from graph.sync import pull

    shared = _shared(from_)
    local = open_store()
    caller = local.caller
    # The local member's clearance applies on the server too: hidden records never leave it.
    remote = shared.open(caller=Caller(user=caller.user, clearance=caller.clearance),
                         passphrase=shared_passphrase(shared_pw_file, new=False, member=caller.user))
    shown = TerminalProgress("pull", unit="records")
    try:
        report = pull(remote, local, _ids(ids), depth if ids else 0, local_name=str(opt("project") or ""),
                      remote_name=f"{shared.project} at {shared.uri}", progress=shown.progress)
    finally:
        shown.finish()
        remote.close()
    _report(report.summary())


@neo4j_group.command("admin-csv")
@common_options
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--name", required=True, help="The shared project's name on the server.")
@click.option("--database", default="neo4j", show_default=True,
              help="The (new, empty) database the files are for; named in the printed command.")
@click.option("--views-only", is_flag=True,
              help="Leave out per-source statements and further sources (faster; values count as said by the "
                   "first source).")
@_SEAL
@_SHARED_PW
def neo4j_admin_csv(directory: str, name: str, database: str, views_only: bool, seal: bool,
                    shared_pw_file: str | None) -> None:
    """Write the project as CSV files for `neo4j-admin database import full` (millions of records, fresh server)."""
    from graph.stores.neo4j_admin import write_admin_csv
    from graph.stores.neo4j_keys import KEYS_SETTING, SEALED_SETTING, new_keys, slots_text
    from graph.stores.neo4j_seal import FORMAT, LabelSeal

    store = open_store()
    store.require("export")  # the files carry the member's visible records off the project: an export
    target = Path(directory)
    if target.exists():
        raise KnooppuntError(f"{target}: already exists; neo4j-admin files go into a new directory")
    me = store.caller.user
    settings = {"owner": me}
    sealer = None
    if seal:  # a new sealed project: fresh label keys, the exporting member's slot holds them all
        keys = new_keys()
        settings |= {KEYS_SETTING: slots_text(me, shared_passphrase(shared_pw_file, new=True, member=me)(), keys),
                     SEALED_SETTING: FORMAT}
        sealer = LabelSeal(keys, name)
    shown = TerminalProgress(target.name, unit="records")
    try:
        result = write_admin_csv(store, target, name, settings=settings, database=database, seal=sealer,
                                 progress=shown, views_only=views_only)
    finally:
        shown.finish()
    store.record_export(str(target), result.entities, format="neo4j-admin", relations=result.relations,
                        project=name)
    for file, columns in result.dropped.items():
        click.echo(say("admin_dropped", file=file, columns=", ".join(columns)), err=True)
    click.echo(say("admin_written", entities=result.entities, relations=result.relations, path=target))
    click.echo(say("admin_load", database=database, path=target))
    click.echo(f"  {result.command()}")
    click.echo(say("admin_adopt", name=name, quoted=repr(name)))
    if seal:
        click.echo(say("admin_sealed", member=me))


@neo4j_group.command("adopt")
@common_options
@click.argument("descriptor", type=click.Path(dir_okay=False))
@_URI
@_USER
@click.option("--name", required=True, help="The project's name on the server (as given to admin-csv).")
@click.option("--database", envvar="NEO4J_DATABASE", help="The database it was loaded into (default: the default).")
def neo4j_adopt(descriptor: str, uri: str, user: str, name: str, database: str | None) -> None:
    """After neo4j-admin loaded a project: create its constraints and indexes and write its descriptor."""
    from graph.stores.neo4j_project import adopt_neo4j_project

    check_uri(uri)
    project = adopt_neo4j_project(uri, user, name, descriptor=Path(descriptor), database=database,
                                  password=password_for(uri, user))
    click.echo(say("adopted", project=project.project, uri=uri, descriptor=descriptor))


@neo4j_group.command("grant")
@common_options
@click.argument("member")
@click.option("--to", "to", required=True, type=click.Path(dir_okay=False, exists=True),
              help=f"The sealed shared project's descriptor ({DESCRIPTOR_SUFFIX}).")
@click.option("--clearance", default="open", show_default=True,
              help="Labels the new member's slot holds, comma-separated (open always; least privilege).")
@click.option("--new-passphrase-file", type=click.Path(dir_okay=False),
              help="The new member's first passphrase (or KNOOPPUNT_NEW_PASSPHRASE; asked on a terminal).")
@_SHARED_PW
def neo4j_grant(member: str, to: str, clearance: str, new_passphrase_file: str | None,
                shared_pw_file: str | None) -> None:
    """Give a member a key slot in a sealed shared project holding the label keys of their clearance."""
    from graph.model import SECURITY_LABELS
    from graph.stores.neo4j_keys import add_member, unlock

    labels = [c.strip() for c in clearance.split(",") if c.strip()]
    unknown = [c for c in labels if c not in SECURITY_LABELS]
    if unknown:
        raise KnooppuntError(f"--clearance: unknown label {unknown[0]!r} (use {', '.join(SECURITY_LABELS)})")
    shared = _shared(to)
    me = str(opt("acting") or os.environ.get("KNOOPPUNT_USER") or "")
    if not me:
        raise KnooppuntError("neo4j grant: say who you are with --as NAME (your slot in the shared project)")
    mine = shared_passphrase(shared_pw_file, new=False, member=me)
    remote = shared.open(caller=Caller(user=me), passphrase=mine)
    try:
        keys = unlock(remote, me, mine(), where=shared.project)
        first = _read_passphrase(new_passphrase_file, new=True, member=member, env="KNOOPPUNT_NEW_PASSPHRASE")
        add_member(remote, keys, member, first, labels, where=shared.project)
        remote.audit("members.grant", member=member, clearance=sorted({*labels, "open"}))
    finally:
        remote.close()
    click.echo(say("granted", member=member, project=shared.project, labels=", ".join(sorted({*labels, "open"}))))


@click.command("create-neo4j")
@common_options
@click.argument("descriptor", required=False, type=click.Path(dir_okay=False))
@click.option("--neo4j", "uri", envvar="NEO4J_URI", required=True, help="Bolt URI of the server (or NEO4J_URI).")
@_USER
@click.option("--name", required=True, help="The shared project's name on the server.")
@click.option("--owner", help="The owning member's name (default: --as or the Neo4j user).")
@click.option("--isolation", "mode", type=click.Choice(MODES), default="auto", show_default=True,
              help="database: a database of its own; property: shared database; auto: own database if allowed.")
@_SEAL
@_SHARED_PW
def project_create_neo4j(descriptor: str | None, uri: str, user: str, name: str, owner: str | None,
                         mode: str, seal: bool, shared_pw_file: str | None) -> None:
    """Create a shared project on Neo4j and its descriptor file (default NAME.kn4j)."""
    path = Path(descriptor or f"{name}{DESCRIPTOR_SUFFIX}")
    who = owner or opt("acting") or user
    project, store = create_neo4j_project(
        uri, user, name, descriptor=path, mode=mode, owner=owner or opt("acting"),
        passphrase=shared_passphrase(shared_pw_file, new=True, member=who) if seal else None)
    store.close()
    click.echo(say("shared_created", project=project.project, uri=uri, isolation=project.isolation, descriptor=path))
