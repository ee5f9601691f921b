"""The detail panel in Dutch shows values as a Dutch analyst reads them (issue: ISO dates, True/False)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel

from graph.access import session
from tests.gui.conftest import OWNER, OWNER_PW


def _company_with_dates(project: Path) -> str:
    store = session.unlock(project, OWNER, OWNER_PW)
    try:
        return next(c.id for c in store.iter_entities("Company")
                    if c.properties.get("registration_date") and "risk_branches" in c.properties)
    finally:
        store.close()


def test_detail_panel_in_dutch_shows_dd_mm_jjjj_and_dutch_names(qtbot: Any, project: Path) -> None:
    from views.main_window import MainWindow
    from views.project_session import Session

    company = _company_with_dates(project)
    win = MainWindow(Session.open(project, user=OWNER, passphrase=OWNER_PW), "nl", autolock_minutes=0)
    qtbot.addWidget(win)
    try:
        win.search.field.setText(company)
        win.search.run()
        assert win.show_entity(company) is not False
        props = win.detail.props
        texts = {props.itemAt(i).widget().text()
                 for i in range(props.count()) if isinstance(props.itemAt(i).widget(), QLabel)}
        joined = " | ".join(texts)
        assert "Datum inschrijving:" in texts
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", joined), joined
        assert re.search(r"\b\d{2}-\d{2}-\d{4}\b", joined), joined
        assert "True" not in texts and "False" not in texts
        from graph.risk import BRANCH_LABELS
        assert not any(code in joined.split(" | ") for code in BRANCH_LABELS), joined
    finally:
        win.chart.undo.setClean()
        win.close()
