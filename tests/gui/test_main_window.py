"""The main window as started from the CLI, its menus and the rights a role gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from tests.gui.conftest import OWNER, OWNER_PW


def test_knooppunt_gui_opens_the_main_window_unlocked_by_a_passphrase_file(qtbot: Any, project: Path,
                                                                            tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer

    from views.main_window import MainWindow
    from workbench.cli import main

    secret = tmp_path / "passphrase.txt"
    secret.write_text(OWNER_PW + "\n", encoding="utf-8")
    titles: list[str] = []

    def close_window() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                titles.append(widget.windowTitle())
                widget.close()  # the last window: the application's event loop ends as for a user

    QTimer.singleShot(500, close_window)
    code = main(["gui", "--project", str(project), "--passphrase-file", str(secret), "--lang", "en"])
    assert code == 0
    assert titles and titles[0].startswith("Knooppunt — Demo Almelo") and OWNER in titles[0]


def test_a_viewer_may_look_but_not_import_export_or_save_charts(qtbot: Any, project: Path,
                                                               planted: dict[str, Any]) -> None:
    from graph.access import session as access
    from views.chart.storage import chart_names
    from views.main_window import MainWindow
    from views.project_session import Session

    owner = access.unlock(project, OWNER, OWNER_PW)
    access.add_member(owner, "bob", role="viewer", passphrase="bob: tuin vol tulpen")
    owner.close()
    win = MainWindow(Session.open(project, user="bob", passphrase="bob: tuin vol tulpen"), "en", autolock_minutes=0)
    qtbot.addWidget(win)
    assert not win.act_export.isEnabled() and not win.act_import.isEnabled()
    win.chart.add_entities([planted["bridge"]])  # reading is allowed
    win.chart.chart_name = "Mag niet"
    assert not win.save_chart()  # refused by the access layer, reported without blocking
    assert "Mag niet" not in chart_names(win.session.store)
    win.chart.undo.setClean()
    win.close()


# -- menus and shortcuts, driven through their QActions ------------------------------------------------------
def _menu_actions(win: Any) -> dict[str, Any]:
    """Every action reachable from the menu bar, by its menu path ("&Chart/Export…")."""
    found: dict[str, Any] = {}

    def walk(menu: Any, prefix: str) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            if action.menu() is not None:
                action.menu().aboutToShow.emit()  # submenus filled on demand (Open chart)
                walk(action.menu(), f"{prefix}{action.text()}/")
            else:
                found[prefix + action.text()] = action

    for top in win.menuBar().actions():
        walk(top.menu(), top.text() + "/")
    return found


def _export_through_dialog(qtbot: Any, win: Any, target: Path) -> dict[str, Any]:
    """Answer the export dialog the action opened as a user would: type a name, press Save."""
    from PySide6.QtWidgets import QFileDialog

    dialog = win.findChild(QFileDialog, "export-dialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    dialog.setDirectory(str(target.parent))
    dialog.selectFile(target.name)
    got: list[dict[str, Any]] = []
    win.exported.connect(got.append)
    dialog.accept()
    qtbot.waitUntil(lambda: bool(got), timeout=30000)  # written by a worker
    win.exported.disconnect(got.append)
    return got[0]


def test_export_from_the_menu_and_with_ctrl_e(qtbot: Any, window: Any, planted: dict[str, Any],
                                              tmp_path: Path) -> None:
    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest

    window.chart.add_entities([planted["strawman"]])
    window.chart.expand(planted["strawman"])
    actions = _menu_actions(window)
    actions["&Chart/Export…"].trigger()  # the menu entry, not export_chart() behind it
    details = _export_through_dialog(qtbot, window, tmp_path / "from-menu.pdf")
    assert details["format"] == "pdf" and (tmp_path / "from-menu.pdf").read_bytes().startswith(b"%PDF")

    window.raise_()
    window.activateWindow()  # the export dialog has closed; the user is back in the window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.chart.view.setFocus()
    QTest.keySequence(window, QKeySequence("Ctrl+E"))  # the shortcut, as typed in the window
    details = _export_through_dialog(qtbot, window, tmp_path / "from-shortcut.png")
    assert details["format"] == "png" and (tmp_path / "from-shortcut.png").stat().st_size > 10_000
    assert details["count"] == len(window.chart.scene.nodes)


def test_every_menu_action_runs_without_an_exception(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    """Trigger each menu entry once (dialogs answered by a timer); an exception in any slot fails the test
    through the autouse `slot_exceptions` fixture. Analyses have their own tests; Lock and Quit come last."""
    from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

    from tests.gui.conftest import ModalAnswerer

    window.chart.add_entities([planted["strawman"]])
    window.chart.expand(planted["strawman"])
    window.chart.scene.nodes[planted["strawman"]].setSelected(True)
    actions = _menu_actions(window)
    assert {"&Chart/Export…", "&Chart/Save chart", "&Project/Lock", "&Help/Keyboard shortcuts",
            "&Chart/Layout/Hierarchical", "&Chart/Link labels", "&View/Legend",
            "&View/Fold the legend"} <= set(actions), sorted(actions)
    triggered: list[str] = []

    def answer(dialog: Any) -> None:
        if isinstance(dialog, QMessageBox):
            dialog.close()
        elif isinstance(dialog, QDialog) and hasattr(dialog, "setTextValue"):  # Save chart (as…): a name
            dialog.setTextValue(f"Menu-test {len(triggered)}")
            dialog.accept()
        else:
            dialog.reject()

    with ModalAnswerer(answer) as answerer:
        for path, action in actions.items():
            if path.startswith("&Analysis/") or path in ("&Project/Lock", "&Project/Quit") or not action.isEnabled():
                continue
            action.trigger()
            QApplication.processEvents()
            for dialog in window.findChildren(QFileDialog):
                dialog.reject()
            wizard = getattr(window, "_wizard", None)
            if wizard is not None and wizard.isVisible():
                wizard.reject()
            triggered.append(path)
    assert {"PreferencesDialog", "QInputDialog", "QMessageBox"} <= set(answerer.answered)
    assert len(triggered) >= 20
    assert window.chart.chart_name  # Save chart (as…) went through its name dialog
    actions["&Project/Lock"].trigger()
    assert window.session is None


def test_an_exception_in_a_slot_fails_the_test(qtbot: Any) -> None:
    """The autouse `slot_exceptions` fixture turns a traceback Qt would only print into a failure."""
    import pytest
    from PySide6.QtGui import QAction

    from tests.gui.conftest import SlotExceptions

    def broken() -> None:
        raise ZeroDivisionError("broken slot")

    action = QAction("Broken")
    action.triggered.connect(broken)
    with SlotExceptions() as watcher:
        action.trigger()  # PySide6 reports the exception to sys.excepthook and carries on
    assert len(watcher.caught) == 1 and "broken slot" in watcher.caught[0]
    with pytest.raises(pytest.fail.Exception, match="uncaught exception in a Qt slot"):
        watcher.check()
    watcher.check()  # reported once, then clear


def test_new_chart_asks_before_discarding_unsaved_work(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.gui.conftest import ModalAnswerer

    window.chart.add_entities([planted["strawman"]])
    new_chart = _menu_actions(window)["&Chart/New chart"]
    with ModalAnswerer(lambda box: box.button(QMessageBox.StandardButton.Cancel).click()) as answerer:
        new_chart.trigger()
    assert answerer.answered == ["QMessageBox"] and list(window.chart.scene.nodes) == [planted["strawman"]]
    with ModalAnswerer(lambda box: box.button(QMessageBox.StandardButton.Discard).click()):
        new_chart.trigger()
    assert window.chart.scene.nodes == {}
    new_chart.trigger()  # nothing to lose: no question
