"""Project > Audit log…: the analyst reads who did what, and checks the chain, in the window (in Dutch)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from tests.gui.conftest import OWNER, OWNER_PW


def _open(win: Any) -> Any:
    win.act_audit_log.trigger()
    QApplication.processEvents()
    dialog = win.audit_dialog
    assert dialog.isVisible()
    return dialog


def test_the_audit_log_opens_from_the_menu_in_dutch(nl_window: Any) -> None:
    assert nl_window.act_audit_log.text() == "Auditlog…" and nl_window.act_audit_log.isEnabled()
    dialog = _open(nl_window)
    assert dialog.windowTitle() == "Auditlog"
    headers = [dialog.table.horizontalHeaderItem(i).text() for i in range(dialog.table.columnCount())]
    assert headers == ["Nr.", "Tijdstip (UTC)", "Lid", "Handeling", "Details"]
    rows = dialog.table.rowCount()
    assert rows >= 2 and dialog.summary.text() == f"{rows} regels, nieuwste eerst"
    seqs = [int(dialog.table.item(r, 0).text()) for r in range(rows)]
    assert seqs == sorted(seqs, reverse=True)  # newest first
    assert all(re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d", dialog.table.item(r, 1).text()) for r in range(rows))
    actions = {dialog.table.item(r, 3).text() for r in range(rows)}
    assert "geopend" in actions and "open" not in actions  # the session's own open, in Dutch
    text = dialog.check()
    assert text.startswith(f"auditlog intact: {max(seqs)} regels") and "ondertekend" in text, text
    assert dialog.verdict.text() == text


def test_the_audit_log_in_english(window: Any) -> None:
    dialog = _open(window)
    assert dialog.windowTitle() == "Audit log"
    assert "opened" in {dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())}
    assert dialog.check().startswith("audit log intact")


def test_an_analyst_may_not_open_the_audit_log(qtbot: Any, project: Path) -> None:
    """The menu entry is there but greyed out, saying why (the same `audit` permission as the CLI)."""
    from graph.access import session as access
    from views.main_window import MainWindow
    from views.project_session import Session

    owner = access.unlock(project, OWNER, OWNER_PW)
    access.add_member(owner, "carol", role="analyst", passphrase="carol: molen aan de dijk")
    owner.close()
    win = MainWindow(Session.open(project, user="carol", passphrase="carol: molen aan de dijk"), "en",
                     autolock_minutes=0)
    qtbot.addWidget(win)
    assert not win.act_audit_log.isEnabled() and win.act_audit_log.toolTip() == "Your role may not read the audit log"
    win.chart.undo.setClean()
    win.close()


def test_every_audited_action_has_a_name() -> None:
    """Each action the code writes to the log (`.audit("...")`, `activity("...")`) shows a word, not its code."""
    from views.audit_dialog import action_names

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"(?:\.audit|activity)\(\"([a-z_ -]+)\"")
    written = {m for package in ("graph", "importers", "views", "workbench")
               for path in (root / package).rglob("*.py") for m in pattern.findall(path.read_text(encoding="utf-8"))}
    assert len(written) > 30
    assert not written - set(action_names()), sorted(written - set(action_names()))
