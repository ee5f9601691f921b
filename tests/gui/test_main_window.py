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
                widget.close()
        QApplication.quit()

    QTimer.singleShot(500, close_window)
    code = main(["gui", "--project", str(project), "--passphrase-file", str(secret), "--lang", "en"])
    assert code == 0
    assert titles and titles[0].startswith("Knooppunt — Demo Almelo") and OWNER in titles[0]


def test_a_viewer_may_look_but_not_import_export_or_save_charts(qtbot: Any, project: Path,
                                                               planted: dict[str, Any]) -> None:
    from graph.access import session as access
    from views.chart.storage import chart_names
    from views.main_window import MainWindow
    from views.session import Session

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
