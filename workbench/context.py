"""Per-invocation CLI state: which project, which member, how to print.

The common options (`--project`, `--as`, `--passphrase-file`, `--format`, `--output`,
`--debug`) are accepted before or after the verb (CONVENTIONS.md); they land in
`ctx.meta` whichever position was used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from graph.stores.sqlite_store import SQLiteStore
from workbench.project import open_project, project_path

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


def open_store() -> SQLiteStore:
    """The project of this invocation, opened for the acting member."""
    return open_project(project_path(opt("project")), user=opt("acting"))


def emit_rows(rows: Any, columns: Any) -> None:
    from workbench.output import emit
    emit(rows, columns, fmt=opt("fmt", "table"), output=opt("output"))
