"""The interface language: Dutch by default, every string translated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from tests.gui.conftest import OWNER, OWNER_PW


# -- language and shortcuts --------------------------------------------------------------------------------
def test_every_interface_string_has_a_dutch_translation() -> None:
    from views.i18n_tools import QM, TS, unfinished

    assert unfinished() == []
    assert QM.exists() and QM.stat().st_mtime >= TS.stat().st_mtime - 1  # compiled after the last edit


def test_dutch_is_the_default_language(qtbot: Any, project: Path, planted: dict[str, Any], shoot: Any) -> None:
    from views import i18n
    from views.main_window import MainWindow
    from views.session import Session

    app = QApplication.instance()
    assert i18n.chosen_language() == "nl"
    assert i18n.install(app) == "nl"
    try:
        win = MainWindow(Session.open(project, user=OWNER, passphrase=OWNER_PW), autolock_minutes=0)
        qtbot.addWidget(win)
        menus = [a.text() for a in win.menuBar().actions()]
        assert "&Analyse" in menus and "&Bestand" not in menus
        assert win.search.field.placeholderText().startswith("Zoek")
        assert win.chart.act_expand.text() == "Uitbreiden"
        win.show()
        qtbot.waitExposed(win)
        win.search.field.setText("Jinthesteeg")
        win.search.run()
        win.show_entity(planted["hotspot_address"])
        win.chart.add_entities([planted["hotspot_address"]])
        win.chart.expand(planted["hotspot_address"])
        win.chart.run_layout("force", wait=True)
        win.chart.view.fit()
        shoot(win, "main_window_nl")
        win.close()
    finally:
        i18n.install(app, "en")
