"""Every open/save dialog the workbench shows speaks Dutch in Dutch mode, dates dd-mm-jjjj.

Each kind is opened through the menu action an analyst uses (open one file, several files, save,
the window-modal open and export dialogs) and read as shown: the labels and buttons, the column
headers, and a file's date and size in the detail view. Qt's own file model writes dates in the
*system* locale ("5 3 2026 14:07" here, "3/5/26 2:07 PM" on an English system); the dialogs must not.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QPushButton, QToolButton, QTreeView

from .conftest import ModalAnswerer

VIEWS = Path(__file__).resolve().parents[2] / "views"
ENGLISH = {"Look in:", "File name:", "Files of type:", "Open", "Save", "Cancel", "Back", "Forward",
           "Parent Directory", "Create New Folder", "List View", "Detail View", "Name", "Size", "Date Modified"}
MOMENT = dt.datetime(2026, 3, 5, 14, 7)


@pytest.fixture
def folder(project: Path) -> Path:
    """The project's folder with evidence files of a known date and size (1.5 KiB), one for each filter."""
    for suffix in ("png", "knp", "json", "graphml"):
        evidence = project.parent / f"bewijs.{suffix}"
        evidence.write_bytes(b"x" * 1536)
        os.utime(evidence, (MOMENT.timestamp(), MOMENT.timestamp()))
    return project.parent


def _shown(qtbot: Any, dialog: QFileDialog, folder: Path) -> dict[str, Any]:
    """What the analyst reads in the dialog, in the detail view, with `folder` open."""
    dialog.setDirectory(str(folder))
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    tree = dialog.findChild(QTreeView, "treeView")
    model = tree.model()

    def row() -> list[str] | None:
        root = tree.rootIndex()
        for r in range(model.rowCount(root)):
            if str(model.index(r, 0, root).data()).startswith("bewijs."):
                return [str(model.index(r, c, root).data()) for c in range(4)]
        return None
    qtbot.waitUntil(lambda: row() is not None, timeout=5000)
    texts = [w.text().replace("&", "") for w in dialog.findChildren(QLabel) + dialog.findChildren(QPushButton)]
    shown = row()
    assert shown is not None
    header, metrics = tree.header(), tree.fontMetrics()
    return {"texts": [t for t in texts if t], "tips": [b.toolTip() for b in dialog.findChildren(QToolButton)],
            "headers": [model.headerData(c, header.orientation()) for c in range(4)], "row": shown,
            "cut": [shown[c] for c in (1, 3) if metrics.horizontalAdvance(shown[c]) + 8 > header.sectionSize(c)]}


def _assert_dutch(shown: dict[str, Any], accept: str) -> None:
    assert {"Zoeken in:", "Bestandsnaam:", "Bestandstype:", accept, "Annuleren"} <= set(shown["texts"]), shown
    assert {"Terug", "Hogere map", "Nieuwe map aanmaken", "Detailweergave"} <= set(shown["tips"]), shown
    assert shown["headers"] == ["Naam", "Grootte", "Type", "Datum gewijzigd"]
    assert shown["row"][1] == "1,50 KiB" and shown["row"][3] == "05-03-2026 14:07", shown["row"]
    assert not shown["cut"], "shown as '06-12-... 22:48': the column is narrower than the date"
    assert not ENGLISH & set(shown["texts"] + shown["tips"] + shown["headers"])


def _inspect_modal(qtbot: Any, folder: Path, seen: list[dict[str, Any]]) -> ModalAnswerer:
    """Answers the blocking dialogs of a menu action: reads the file dialog, then cancels it."""
    def respond(modal: Any) -> None:
        if isinstance(modal, QFileDialog):
            if not seen or seen[-1].get("dialog") is not modal:
                seen.append({"dialog": modal, **_shown(qtbot, modal, folder)})
            modal.reject()
        elif isinstance(modal, QInputDialog):
            modal.accept()
    return ModalAnswerer(respond)


def test_open_project_and_export_chart_dialogs_are_dutch(qtbot: Any, nl_window: Any, folder: Path) -> None:
    nl_window.act_export.trigger()
    export = nl_window.export_dialog
    assert export.isVisible() and export.testOption(QFileDialog.Option.DontUseNativeDialog)
    _assert_dutch(_shown(qtbot, export, folder), "Opslaan")
    export.reject()
    [open_project] = [a for a in nl_window.findChildren(type(nl_window.act_export)) if a.text() == "Project openen…"]
    open_project.trigger()
    dialog = nl_window.open_project_dialog
    assert dialog.isVisible() and dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    _assert_dutch(_shown(qtbot, dialog, folder), "Openen")
    dialog.reject()


@pytest.mark.parametrize(("action", "accept"), [("import:graphml", "Openen"), ("export:graphml", "Opslaan"),
                                                ("kvk", "Openen")])
def test_blocking_open_and_save_dialogs_are_dutch(qtbot: Any, nl_window: Any, folder: Path, action: str,
                                                  accept: str) -> None:
    """Import from… (one file), Export to… (save) and the KvK import (several files), as triggered."""
    seen: list[dict[str, Any]] = []
    act = nl_window.act_import_kvk if action == "kvk" else nl_window.exchange.actions[action]
    with _inspect_modal(qtbot, folder, seen):
        act.trigger()
    assert len(seen) == 1, "the action showed no file dialog"
    dialog = seen[0]["dialog"]
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    if action == "kvk":
        assert dialog.fileMode() == QFileDialog.FileMode.ExistingFiles
    _assert_dutch(seen[0], accept)


def test_the_dates_follow_the_interface_not_the_system(qtbot: Any, folder: Path) -> None:
    """The check can fail: Qt's own model, without the proxy, writes the system locale's date."""
    from PySide6.QtCore import QLocale

    from views.file_dialogs import file_dialog
    plain = QFileDialog(None, "x", str(folder))
    plain.setOption(QFileDialog.Option.DontUseNativeDialog)
    ours = file_dialog(None, "x", str(folder))
    try:
        for dialog in (plain, ours):
            dialog.show()
        assert _shown(qtbot, ours, folder)["row"][3] == "05-03-2026 14:07"
        if QLocale.system().dateTimeFormat(QLocale.FormatType.ShortFormat) != "dd-MM-yyyy HH:mm":
            assert _shown(qtbot, plain, folder)["row"][3] != "05-03-2026 14:07"
    finally:
        plain.deleteLater()
        ours.deleteLater()


def test_views_open_no_file_dialog_of_their_own() -> None:
    """A static QFileDialog.get...() or a bare QFileDialog(...) would skip the Dutch dates (and may be native)."""
    found = []
    for path in sorted(VIEWS.rglob("*.py")):
        if path.name == "file_dialogs.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = (f"{func.value.id}.{func.attr}" if isinstance(func, ast.Attribute)
                        and isinstance(func.value, ast.Name) else getattr(func, "id", ""))
                if name == "QFileDialog" or name.startswith("QFileDialog.get"):
                    found.append(f"{path.name}:{node.lineno}: {name}")
    assert not found, "use views.file_dialogs:\n" + "\n".join(found)
