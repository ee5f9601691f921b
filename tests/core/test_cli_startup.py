"""A CLI that starts fast: what `knooppunt --help` and `knooppunt stats` load (issue 10).

Structural, not timed (the figures are in bench/bench_cli.py): each check runs the real
command in a fresh interpreter and looks at `sys.modules` when it is done.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from workbench.cli import LAZY_COMMANDS, LAZY_PROJECT_COMMANDS, cli, project
from workbench.lazy import LazyGroup
from workbench.output import read_json_rows

HEAVY = ("pandas", "networkx", "igraph", "PySide6", "neo4j", "openpyxl", "faker", "rapidfuzz", "numpy", "scipy")

_PROBE = """
import contextlib, io, json, sys
from workbench.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "out": out.getvalue(),
                  "loaded": sorted({m.split('.')[0] for m in sys.modules})}))
"""


def _loaded_by(*argv: str, env: dict[str, str] | None = None) -> dict[str, object]:
    proc = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True,
                          env=env, cwd=Path(__file__).resolve().parents[2])
    result: dict[str, object] = json.loads(proc.stdout.splitlines()[-1])
    return result


@pytest.mark.parametrize(("argv", "listed"), [(("--help",), "analyse"), (("project", "--help"), "create-neo4j")])
def test_help_loads_nothing_heavy(argv: tuple[str, ...], listed: str) -> None:
    result = _loaded_by(*argv)
    assert result["code"] == 0 and listed in str(result["out"])
    assert sorted(set(HEAVY) & set(result["loaded"])) == []  # type: ignore[arg-type]


def test_stats_loads_nothing_heavy(tmp_path: Path) -> None:
    from graph import project

    path = tmp_path / "plain.knp"
    project.create_plain_project(path, owner="demo").close()
    result = _loaded_by("stats", "--project", str(path), "--format", "json")
    assert result["code"] == 0 and read_json_rows(str(result["out"])) == []
    assert sorted(set(HEAVY) & set(result["loaded"])) == []  # type: ignore[arg-type]


def test_a_lazy_command_loads_what_it_needs() -> None:
    result = _loaded_by("analyse", "--help")
    assert result["code"] == 0 and "centrality" in str(result["out"])
    assert "pandas" in result["loaded"]  # type: ignore[operator]


@pytest.mark.parametrize(("group", "lazy"), [(cli, LAZY_COMMANDS), (project, LAZY_PROJECT_COMMANDS)])
def test_the_listed_help_is_the_commands_own(group: click.Group, lazy: dict[str, tuple[str, str]]) -> None:
    """The short help repeated for --help must match the docstring of the command it loads."""
    assert isinstance(group, LazyGroup)
    for name, (_, short_help) in lazy.items():
        command = group.load(name)
        assert command.name == name
        assert command.get_short_help_str(limit=1000) == short_help, name


def test_every_command_resolves() -> None:
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        assert cli.get_command(ctx, name) is not None, name


def _tree(group: click.Group, ctx: click.Context) -> list[click.Command]:
    found: list[click.Command] = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        found.append(command)
        if isinstance(command, click.Group):
            found += _tree(command, ctx)
    return found


def test_every_command_a_module_defines_is_on_the_command_line() -> None:
    """A command added to a sub-command module but not to LAZY_COMMANDS would be lost silently."""
    import importlib

    reachable = {id(cli)} | {id(c) for c in _tree(cli, click.Context(cli))}
    modules = {target.partition(":")[0] for target, _ in [*LAZY_COMMANDS.values(), *LAZY_PROJECT_COMMANDS.values()]}
    assert modules == {"workbench.cli_access", "workbench.cli_analyse", "workbench.cli_import", "workbench.cli_neo4j",
                       "workbench.cli_edit", "workbench.cli_briefing", "workbench.cli_exchange", "workbench.cli_vik",
                       "workbench.app"}
    for module in sorted(modules | {"workbench.cli"}):
        for name, value in vars(importlib.import_module(module)).items():
            if isinstance(value, click.Command):
                assert id(value) in reachable, f"{module}.{name} is not reachable from `knooppunt`"
