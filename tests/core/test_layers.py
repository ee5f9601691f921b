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


def imported_modules(source: str) -> list[tuple[int, str]]:
    """Every module a source imports (absolute names, with line numbers), also inside functions."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


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


@pytest.mark.parametrize(("package", "source"), [
    ("graph", "import click\n"),
    ("importers", "def f():\n    from PySide6.QtCore import QObject\n"),
    ("graph", "from PySide6 import QtWidgets\n"),
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
