"""The briefing dialog from the main window's menu: preview of page 1 and one audited file per recipient."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.briefing import verify_file
from tests.briefing.conftest import CHART, Case
from tests.sandbox import OWNER_PW


@pytest.fixture
def dutch(qapp: Any) -> Any:
    """The interface in Dutch (the Linguist catalogue), back to English afterwards."""
    from views import i18n

    i18n.install(qapp, "nl")
    yield
    i18n.install(qapp, "en")


def test_briefing_dialog_previews_and_makes(qtbot: Any, case: Case, tmp_path: Path, dutch: None) -> None:
    from views.main_window import MainWindow
    from views.project_session import Session

    win = MainWindow(Session.open(case.path, user="alice", passphrase=OWNER_PW), autolock_minutes=0)
    qtbot.addWidget(win)
    win.chart.open(CHART)
    win.chart.scene.set_hidden([case.ids["phone"]], True)  # hidden on the chart: not in the briefing either
    assert win.act_briefing.text() == "Briefing maken…"
    win.act_briefing.trigger()
    dialog = win.briefing_window
    # The chart on screen is briefed as it is (saved or not); the saved charts are the other choices.
    assert dialog.windowTitle() == "Briefing maken" and dialog.chart.currentText() == "Het schema op het scherm"
    assert dialog.chart.currentData()["name"] == CHART and dialog.chart.findText(CHART) == 1
    dialog.audience.setCurrentIndex(dialog.audience.findData("bibob"))
    dialog.recipients.setPlainText("Burgemeester\nBibob-coördinator\n")
    dialog.summary.setPlainText("Elf bedrijven op één adres.")
    dialog.sections["timeline"].setChecked(False)

    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.preview_label.pixmap() is not None and not dialog.preview_label.pixmap().isNull(),
                    timeout=60_000)
    assert dialog.preview_button.isEnabled()

    dialog.target.setText(str(tmp_path / "gui.pdf"))
    dialog.make_button.click()
    qtbot.waitUntil(lambda: len(dialog.produced) == 2, timeout=60_000)
    assert "Gemaakt en vastgelegd in het auditlog" in dialog.status.text()
    files = [p.path for p in dialog.produced]
    assert [f.name for f in files] == ["gui-01-burgemeester.pdf", "gui-02-bibob-coordinator.pdf"]
    store = case.open()
    verdict = verify_file(store, files[1])
    assert verdict.found and verdict.recipient == "Bibob-coördinator" and verdict.audience == "bibob"
    entry = json.loads(next(e for e in store.audit_entries() if e.action == "briefing").details)
    assert entry["chart"] == CHART and entry["entities"] == 12  # 16 minus 3 above Bibob, minus the hidden phone
    store.close()
    win.close()
