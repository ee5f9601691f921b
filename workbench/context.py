"""Per-invocation CLI state: which project, which member, how to print, which secret.

The common options (`--project`, `--as`, `--passphrase-file`, `--format`, `--output`,
`--debug`) are accepted before or after the verb (CONVENTIONS.md); they land in
`ctx.meta` whichever position was used.

Passphrases, in the conventions' order: the OS keyring entry of `unlock --remember`
(tried by the project door, `graph.project.open_project`), then this module's chain
`unlock_secret`: `--passphrase-file FILE`, the environment variable KNOOPPUNT_PASSPHRASE,
else a prompt without echo. Never a command-line argument. The door gets the chain as
its `PassphraseSource`, so it is only consulted when the keyring had no key.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from graph.errors import KnooppuntError, ProjectError
from workbench.output import core_text, say

if TYPE_CHECKING:  # the door is imported when a command opens a project, not for --help
    from graph.access.guarded import GuardedStore

PASSPHRASE_ENV = "KNOOPPUNT_PASSPHRASE"

F = TypeVar("F", bound=Callable[..., Any])
_KEYS = ("project", "acting", "passphrase_file", "fmt", "output", "lang", "debug")
LANGUAGES = ("nl", "en")


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value not in (None, False):
        ctx.meta[f"knooppunt.{param.name}"] = value
    return value


def common_options(func: F) -> F:
    """Add the conventions' common options to a command or group."""
    options = [
        click.option("--project", "project", type=click.Path(dir_okay=False), envvar="KNOOPPUNT_PROJECT",
                     help="Project file (or KNOOPPUNT_PROJECT).", expose_value=False, callback=_remember),
        click.option("--as", "acting", metavar="NAME", envvar="KNOOPPUNT_USER",
                     help="Acting member (or KNOOPPUNT_USER).", expose_value=False, callback=_remember),
        click.option("--passphrase-file", "passphrase_file", type=click.Path(exists=True, dir_okay=False),
                     help="Read the passphrase from this file.", expose_value=False, callback=_remember),
        click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]),
                     help="Output format (default: table).", expose_value=False, callback=_remember),
        click.option("--output", "output", type=click.Path(dir_okay=False),
                     help="Write results to FILE (.csv, .xlsx or .json).", expose_value=False, callback=_remember),
        click.option("--lang", "lang", type=click.Choice(LANGUAGES), envvar="KNOOPPUNT_LANG",
                     help="Interface language of labels and table headers: nl (default) or en (or KNOOPPUNT_LANG).",
                     expose_value=False, callback=_remember),
        click.option("--debug", "debug", is_flag=True, help="Show tracebacks.", expose_value=False,
                     callback=_remember),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def opt(name: str, default: Any = None) -> Any:
    """A common option's value, wherever on the command line it was given."""
    ctx = click.get_current_context()
    return ctx.meta.get(f"knooppunt.{name}", default)


def interface_lang() -> str:
    """The language of labels and table headers: --lang, else KNOOPPUNT_LANG, else Dutch (like the GUI)."""
    chosen = opt("lang") if click.get_current_context(silent=True) else None
    chosen = chosen or os.environ.get("KNOOPPUNT_LANG")
    return chosen if chosen in LANGUAGES else "nl"


def open_store() -> GuardedStore:
    """The project of this invocation, opened (unlocked) for the acting member."""
    from graph.project import open_project, project_path

    ctx = click.get_current_context(silent=True)
    # A command's `open` audit entry is written with its first own entry (a search, an export) or when
    # the command ends and closes the project: one commit instead of two (four syncs each in a
    # project with label files). Without a click context (a caller of its own) it is written now.
    store = open_project(project_path(opt("project")), user=opt("acting"), passphrase=unlock_secret,
                         open_entry_with_next=ctx is not None)
    if ctx is not None:
        ctx.meta["knooppunt.store"] = store
        ctx.call_on_close(store.close)  # writes what waits (the open entry) and remembers the audit head
    # A shortened or rewritten audit log, a label file put back to an older copy: say so loudly. (Asking
    # for the warnings checks the label files' write generations now: graph.access.generations.)
    said = list(store.warnings)
    for warning in said:
        click.echo(say("open_warning", path=store.path, warning=core_text(warning)), err=True)
    if ctx is not None:  # what a read found wrong after the open (a tampered row of a label file): said at the end
        ctx.call_on_close(lambda: _say_later_warnings(store, said))  # (runs before the close registered above)
    return store


def _say_later_warnings(store: GuardedStore, said: list[str]) -> None:
    for warning in store.warnings:
        if warning not in said:
            click.echo(say("open_warning", path=store.path, warning=core_text(warning)), err=True)


def emit_rows(rows: Any, columns: Any, *, export: bool = True, declared: Mapping[str, str] | None = None) -> None:
    """Print or write rows. Writing a file or machine format (csv/json) of project data is an
    export: the acting member needs the `export` permission (checked before anything is
    written) and it is audited once the data is complete (an audit failure removes the file).
    Pass export=False for output that is not project data (member lists, audit reports);
    `declared`: an analysis's own column names (see `column_headers`).
    The marking names the highest label the acting member may see: what the rows can hold."""
    from workbench.output import column_headers, emit, highest_label, human_row
    fmt, output = opt("fmt", "table"), opt("output")
    store = click.get_current_context().meta.get("knooppunt.store")
    rows = list(rows)
    lang = interface_lang()
    if fmt in (None, "table") and not output:  # people read ja/nee and label names; files keep the values
        rows = [human_row(r, lang) for r in rows]
    member = getattr(store, "member", None)
    label = highest_label(member.clearance) if member is not None else "open"
    written = None
    if export and store is not None and (output or fmt != "table"):
        store.require("export")
        command = click.get_current_context().command_path

        def written() -> None:
            store.record_export(output or f"stdout ({fmt})", len(rows), command=command, marking=label)
    emit(rows, columns, fmt=fmt, output=output, headers=column_headers(list(columns), lang, declared),
         empty=say("no_results", lang), label=label, written=written)


# -- secrets ----------------------------------------------------------------------------------------
def read_passphrase_file(path: str) -> str:
    """A passphrase file's content without its final line break; an empty file is an error."""
    text = Path(path).read_text(encoding="utf-8")
    secret = text[:-1] if text.endswith("\n") else text
    secret = secret[:-1] if secret.endswith("\r") else secret
    if not secret:
        raise KnooppuntError(f"{path}: passphrase file is empty")
    return secret


def unlock_secret(prompt: str) -> str:
    """A passphrase to unlock with: --passphrase-file, KNOOPPUNT_PASSPHRASE, else a prompt."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and opt("passphrase_file"):
        return read_passphrase_file(opt("passphrase_file"))
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if ctx is None:
        raise KnooppuntError(f"no passphrase: set {PASSPHRASE_ENV} or pass passphrase= to open_project")
    _need_terminal(f"--passphrase-file FILE, {PASSPHRASE_ENV}, or `knooppunt unlock --remember` first")
    return str(click.prompt(prompt, hide_input=True, err=True))


def _need_terminal(sources: str, what: str = "passphrase") -> None:
    """Prompt only where echo can be switched off; scripts must say where the secret is."""
    if not sys.stdin.isatty():
        raise KnooppuntError(f"no {what} and no terminal to ask on: use {sources}")


def create_store(path: Path, *, name: str | None, owner: str) -> GuardedStore:
    """A new encrypted project, its passphrase from `new_passphrase`.

    One exception: `knooppunt demo` run without any passphrase source and without a
    terminal (CI, scripts) makes a plain, unencrypted project -- its data is synthetic --
    and says so on stderr.
    """
    from graph import project

    if path.exists():
        raise ProjectError(f"{path}: already exists")
    if _is_demo_without_secret():
        click.echo(say("demo_unencrypted"), err=True)
        return project.create_plain_project(path, owner=owner, name=name)
    return project.create_project(path, name=name, owner=owner, passphrase=new_passphrase)


def _is_demo_without_secret() -> bool:
    """`knooppunt demo` run by a script without any passphrase source: synthetic data may stay plain."""
    ctx = click.get_current_context(silent=True)
    return (ctx is not None and ctx.command.name == "demo" and not opt("passphrase_file")
            and not os.environ.get(PASSPHRASE_ENV) and not sys.stdin.isatty())


def new_passphrase(prompt: str, *, file_option: str = "passphrase_file", env: str = PASSPHRASE_ENV) -> str:
    """A passphrase for a new key slot: from the file option or env, else asked twice.

    Whatever its source, it must pass the one rule in `graph.access.passphrase`.
    """
    from graph.access import passphrase as passphrase_rule  # zxcvbn's dictionaries: only when a new one is set
    ctx = click.get_current_context(silent=True)
    if ctx is not None and opt(file_option):
        path = opt(file_option)
        try:
            return passphrase_rule.check(read_passphrase_file(path))
        except passphrase_rule.WeakPassphrase as exc:
            raise passphrase_rule.WeakPassphrase(f"{path}: {exc}") from None
    if os.environ.get(env):
        try:
            return passphrase_rule.check(os.environ[env])
        except passphrase_rule.WeakPassphrase as exc:
            raise passphrase_rule.WeakPassphrase(f"{env}: {exc}") from None
    if ctx is None:
        raise KnooppuntError(f"no passphrase: set {env} or pass passphrase=")
    option = "--" + file_option.replace("_", "-")
    _need_terminal(f"{option} FILE or {env}", what="new passphrase" if env != PASSPHRASE_ENV else "passphrase")
    value = str(click.prompt(prompt, hide_input=True, confirmation_prompt=True, err=True))
    return passphrase_rule.check(value)
