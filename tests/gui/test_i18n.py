"""The interface language: Dutch by default, every string translated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from tests.gui.conftest import OWNER, OWNER_PW


# -- language and shortcuts --------------------------------------------------------------------------------
def test_every_interface_string_has_a_dutch_translation(tmp_path: Path) -> None:
    """Collects the strings from the code itself (lupdate), so a new tr() not yet in the catalogue fails."""
    from views.i18n_tools import QM, release, unfinished, untranslated_in_code

    assert unfinished() == []
    assert untranslated_in_code() == []
    fresh = tmp_path / "fresh.qm"
    release(fresh)
    assert QM.read_bytes() == fresh.read_bytes()  # the shipped .qm is compiled from the current .ts


def test_the_check_catches_a_new_untranslated_string(monkeypatch: Any, tmp_path: Path) -> None:
    from views import i18n_tools

    extra = tmp_path / "new_screen.py"
    extra.write_text('from PySide6.QtCore import QCoreApplication\n'
                     'TEXT = QCoreApplication.translate("NewScreen", "A sentence nobody translated")\n')
    monkeypatch.setattr(i18n_tools, "sources", lambda: [*i18n_tools.views_sources(), str(extra)])
    assert i18n_tools.untranslated_in_code() == ["A sentence nobody translated"]


def test_dutch_is_the_default_language(qtbot: Any, project: Path, planted: dict[str, Any], shoot: Any) -> None:
    from views import i18n
    from views.main_window import MainWindow
    from views.project_session import Session

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
        shoot(win, "main_window_nl_offscreen")  # docs/screenshots: tools/screenshots.py
        win.close()
    finally:
        i18n.install(app, "en")
