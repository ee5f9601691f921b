"""Per-invocation CLI state: which project, which member, how to print, which secret.

The common options (`--project`, `--as`, `--passphrase-file`, `--format`, `--output`,
`--debug`) are accepted before or after the verb (CONVENTIONS.md); they land in
`ctx.meta` whichever position was used.

Passphrases, in the conventions' order: the OS keyring entry of `unlock --remember`
(tried by `workbench.project.open_project`), `--passphrase-file FILE`, the environment
variable KNOOPPUNT_PASSPHRASE, else a prompt without echo. Never a command-line argument.
Outside a command (GUI, scripts) only KNOOPPUNT_PASSPHRASE is read; the GUI passes
the passphrase it asked for to `open_project(passphrase=...)` itself.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from graph.access.guarded import GuardedStore
from graph.errors import KnooppuntError
from workbench.project import open_project, project_path

PASSPHRASE_ENV = "KNOOPPUNT_PASSPHRASE"

F = TypeVar("F", bound=Callable[..., Any])
_KEYS = ("project", "acting", "passphrase_file", "fmt", "output", "debug")


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


def open_store() -> GuardedStore:
    """The project of this invocation, opened (unlocked) for the acting member."""
    store = open_project(project_path(opt("project")), user=opt("acting"))
    for warning in getattr(store, "warnings", []):  # a shortened or rewritten audit log: say so loudly
        click.echo(f"knooppunt: warning: {store.path}: {warning}", err=True)
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.meta["knooppunt.store"] = store
    return store


def emit_rows(rows: Any, columns: Any, *, export: bool = True) -> None:
    """Print or write rows. Writing a file or machine format (csv/json) of project data is an
    export: the acting member needs the `export` permission (checked before anything is
    written) and it is audited once the data is complete (an audit failure removes the file).
    Pass export=False for output that is not project data (member lists, audit reports).
    The marking names the highest label the acting member may see: what the rows can hold."""
    from workbench.output import emit, highest_label
    fmt, output = opt("fmt", "table"), opt("output")
    store = click.get_current_context().meta.get("knooppunt.store")
    rows = list(rows)
    member = getattr(store, "member", None)
    label = highest_label(member.clearance) if member is not None else "open"
    written = None
    if export and store is not None and (output or fmt != "table"):
        from graph.access.roles import check
        check(store, "export")
        command = click.get_current_context().command_path

        def written() -> None:
            store.record_export(output or f"stdout ({fmt})", len(rows), command=command, marking=label)
    emit(rows, columns, fmt=fmt, output=output, label=label, written=written)


# -- secrets ----------------------------------------------------------------------------------------
def _from_file(path: str) -> str:
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
        return _from_file(opt("passphrase_file"))
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if ctx is None:
        raise KnooppuntError(f"no passphrase: set {PASSPHRASE_ENV} or pass passphrase= to open_project")
    _need_terminal()
    return str(click.prompt(prompt, hide_input=True, err=True))


def _need_terminal() -> None:
    """Prompt only where echo can be switched off; scripts must say where the secret is."""
    if not sys.stdin.isatty():
        raise KnooppuntError(f"no passphrase and no terminal to ask on: use --passphrase-file FILE, "
                             f"{PASSPHRASE_ENV}, or `knooppunt unlock --remember` first")


def new_passphrase(prompt: str, *, file_option: str = "passphrase_file", env: str = PASSPHRASE_ENV) -> str:
    """A passphrase for a new key slot: from the file option or env, else asked twice."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and opt(file_option):
        return _from_file(opt(file_option))
    if os.environ.get(env):
        return os.environ[env]
    if ctx is None:
        raise KnooppuntError(f"no passphrase: set {env} or pass passphrase=")
    _need_terminal()
    value = str(click.prompt(prompt, hide_input=True, confirmation_prompt=True, err=True))
    if len(value) < 8:
        raise KnooppuntError("passphrase too short: use at least 8 characters")
    return value
