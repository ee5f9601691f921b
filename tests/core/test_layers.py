"""The layer rules of CONVENTIONS.md, checked on the source tree itself.

`graph/` -> `importers/` -> `views/` -> `workbench/`: only `views/` and `workbench/` may
import Qt (PySide6) or click, and `views/` (the GUI) may not reach up into `workbench/`
(the application shell and CLI). And callers use a guarded store through what it declares
(`graph.access.guarded.ProjectStore`): only the access package reaches the raw store behind
it (`.inner`). A rule written down only in prose erodes; this scan fails on the first
line that breaks one, naming file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("graph", "importers", "views", "workbench")
UI_ONLY = ("PySide6", "shiboken6", "click")
UI_PACKAGES = ("views", "workbench")


def imported_modules(source: str, *, names: bool = False, run_only: bool = False) -> list[tuple[int, str]]:
    """Every module a source imports (absolute names, with line numbers), also inside functions.

    With `names`, `from a import b` also yields `a.b` (b may be a module). With `run_only`,
    imports under `if TYPE_CHECKING:` are left out: they never run, so they make no cycle
    (a layer rule still counts them).
    """
    tree = ast.parse(source)
    typing_only = {id(n) for node in ast.walk(tree) if run_only and isinstance(node, ast.If)
                   and getattr(node.test, "id", getattr(node.test, "attr", None)) == "TYPE_CHECKING"
                   for n in ast.walk(node)}
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if names:
                found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
    return found


def import_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle in a module -> imported modules graph, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for other in sorted(graph.get(module, ())):
            if state.get(other) == 1:
                return [*path[path.index(other):], other]
            if other not in state and (cycle := visit(other)):
                return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def violations(package: str, source: str, where: str) -> list[str]:
    """The layer rules a module of `package` breaks, one line each."""
    out = []
    if not where.startswith("graph/access/"):
        out += [f"{where}:{node.lineno}: reads `.inner`, the raw store behind the guard (graph/access only)"
                for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Attribute) and node.attr == "inner"]
    for line, module in imported_modules(source):
        top = module.split(".")[0]
        if package not in UI_PACKAGES and top in UI_ONLY:
            out.append(f"{where}:{line}: {package}/ imports {module} (Qt and click belong in views/ or workbench/)")
        if package == "views" and top == "workbench":
            out.append(f"{where}:{line}: views/ imports {module} (the GUI may not depend on the CLI shell)")
    return out


def test_the_tree_keeps_its_layers() -> None:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found += violations(package, path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not found, "\n".join(found)


def test_no_import_cycles() -> None:
    """Also not through imports inside functions (the old workbench.project <-> context pair)."""
    files = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
             for package in PACKAGES for p in (ROOT / package).rglob("*.py")}
    graph = {module: {name for _, name in imported_modules(path.read_text(encoding="utf-8"), names=True, run_only=True)
                      if name in files and name != module} for module, path in files.items()}
    assert import_cycle(graph) is None, " -> ".join(import_cycle(graph) or [])


def test_the_cycle_finder_finds_one() -> None:
    assert import_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert import_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import b\ndef f():\n    import c\n"
    assert [name for _, name in imported_modules(source, run_only=True)] == ["typing", "c"]
    assert "b" in [name for _, name in imported_modules(source)]


@pytest.mark.parametrize(("package", "source"), [
    ("graph", "import click\n"),
    ("importers", "def f():\n    from PySide6.QtCore import QObject\n"),
    ("graph", "from PySide6 import QtWidgets\n"),
    ("graph", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from PySide6.QtCore import QObject\n"),
    ("views", "from workbench.context import opt\n"),
    ("views", "def f():\n    import workbench.cli\n"),
    ("workbench", "rows = store.inner.conn.execute('SELECT 1')\n"),
])
def test_the_scanner_catches_a_broken_rule(package: str, source: str) -> None:
    assert violations(package, source, "x.py")


@pytest.mark.parametrize(("package", "source"), [
    ("views", "from PySide6.QtCore import QObject\nimport click\n"),
    ("workbench", "from views.main_window import MainWindow\nimport click\n"),
    ("graph", "from graph.stores import records\nfrom . import model\n"),
    ("graph", "clicker = 'import click'\n"),
])
def test_the_scanner_allows_what_the_rules_allow(package: str, source: str) -> None:
    assert violations(package, source, "x.py") == []
