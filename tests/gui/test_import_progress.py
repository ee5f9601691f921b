"""The import wizard and the exchange import show rate and time left while they run (issue 18 item 4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from views import file_dialogs

ROWS = 12_000  # the wizard reports every 5,000 rows: three reports


def _csv(path: Path) -> Path:
    lines = ["KvK-nummer;Bedrijfsnaam"] + [f"{10_000_000 + i};Bedrijf {i} B.V." for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run_import(qtbot: Any, window: Any, csv_path: Path) -> tuple[Any, list[str]]:
    window.act_import.trigger()  # the menu action a user clicks
    wizard = window._wizard
    qtbot.addWidget(wizard)
    wizard.file_page.path.setText(str(csv_path))
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page, wizard.file_page.error.text()
    wizard.mapping_page.set_mapping("KvK-nummer", "Company.kvk_number")
    wizard.mapping_page.set_mapping("Bedrijfsnaam", "Company.name")
    wizard.mapping_page.source.setText("KvK-uittreksel")
    wizard.next()  # dry run
    qtbot.waitUntil(lambda: wizard.dry_page.done, timeout=60000)
    page = wizard.import_page
    seen: list[str] = []
    original = page._progress

    def watched(done: int, total: int) -> None:
        original(done, total)
        seen.append(page.speed.text())

    page._progress = watched
    with qtbot.waitSignal(wizard.imported, timeout=120000):
        wizard.next()
    return page, seen


def test_wizard_import_shows_rate_and_time_left(qtbot: Any, window: Any, tmp_path: Path) -> None:
    page, seen = _run_import(qtbot, window, _csv(tmp_path / "bedrijven.csv"))
    assert page.result.entities.created == ROWS
    assert len(seen) >= 2, seen
    assert all(" rows/s" in text and " left" in text for text in seen), seen
    final = page.speed.text()
    assert final.startswith(f"{ROWS:,} rows in 0:") and final.endswith(" rows/s)"), final
    assert page.task is None or page.task.meter.done == ROWS


def test_wizard_import_speed_in_dutch(qtbot: Any, project: Path, tmp_path: Path) -> None:
    from tests.sandbox import OWNER, OWNER_PW
    from views import i18n
    from views.main_window import MainWindow
    from views.project_session import Session

    app = QApplication.instance()
    i18n.install(app, "nl")
    try:
        win = MainWindow(Session.open(project, user=OWNER, passphrase=OWNER_PW), "nl", autolock_minutes=0)
        qtbot.addWidget(win)
        page, seen = _run_import(qtbot, win, _csv(tmp_path / "bedrijven.csv"))
        assert all(" rijen/s · nog " in text for text in seen), seen
        assert page.speed.text().startswith("12.000 rijen in 0:"), page.speed.text()
        win.chart.undo.setClean()
        win.close()
    finally:
        i18n.install(app, "en")


def test_exchange_import_reports_speed_in_the_status_bar(qtbot: Any, window: Any, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.exchange import common
    from graph.exchange.service import export_file

    source = tmp_path / "netwerk.graphml"
    export_file(window.session.store, "graphml", source, audience="open")
    monkeypatch.setattr(common, "PROGRESS_CHUNK", 500)  # the demo's ~3,000 records: several reports
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(source))
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    menus = window.exchange
    with qtbot.waitSignal(menus.finished, timeout=120000) as blocker:
        menus.actions["import:graphml"].trigger()  # Project > Import from > GraphML
    assert blocker.args[0].problems == []
    speed = [m for m in messages if m.startswith("Importing netwerk.graphml: ")]
    assert len(speed) >= 2 and all(" records/s" in m for m in speed), messages
