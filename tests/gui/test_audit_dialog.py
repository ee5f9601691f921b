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


def _details_of(dialog: Any, action: str) -> list[str]:
    table = dialog.table
    return [table.item(r, 4).text() for r in range(table.rowCount()) if table.item(r, 3).text() == action]


def test_the_details_read_in_dutch_words_not_the_logs_codes(nl_window: Any) -> None:
    """A Dutch analyst read `hits=1 query="de vries"` and `how="data key"`: the log's codes, in English."""
    from graph.analysis import catalogue

    store = nl_window.session.store
    store.audit("search", query="de vries", types=["Person"], hits=1)
    store.audit("setting", key="chart_autosave.alice", value="1499 characters")
    catalogue.run(store, "addresses", top=10)
    catalogue.run(store, "centrality", top=10, measures=["degree", "betweenness"])
    dialog = _open(nl_window)
    assert _details_of(dialog, "zoekopdracht")[0] == "zoekvraag: de vries; treffers: 1; typen: Persoon"
    assert _details_of(dialog, "instelling gewijzigd")[0] == "instelling: chart_autosave.alice; waarde: 1499 tekens"
    assert "hoe: gegevenssleutel" in _details_of(dialog, "geopend")[0]
    analysis = _details_of(dialog, "analyse")[1]
    assert analysis.startswith("analyse: Gedeelde adressen;") and "minimaal ingeschreven: 2" in analysis, \
        analysis
    centrality = _details_of(dialog, "analyse")[0]
    assert "maten: graad, tussenpositie;" in centrality and "foutmarge: 0,002" in centrality, centrality
    assert "rekenwijze: automatisch;" in centrality, centrality  # the method in words, as Parameters… says it
    assert not any("=" in dialog.table.item(r, 4).text() for r in range(dialog.table.rowCount()))


def test_every_audited_detail_has_a_name() -> None:
    """Each detail the code writes with an audit entry (`audit(..., hits=...)`) shows a word, not its code."""
    import ast

    from views.audit_dialog import detail_names

    root = Path(__file__).resolve().parents[2]
    written: set[str] = set()
    for package in ("graph", "importers", "views", "workbench"):
        for path in (root / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr in ("audit", "activity", "record_export", "audit_with_next")):
                    written |= {k.arg for k in node.keywords if k.arg}
    assert len(written) > 40
    assert not written - set(detail_names()), sorted(written - set(detail_names()))


def test_a_record_above_open_is_named_to_whoever_holds_its_key(nl_window: Any) -> None:
    """The log names a record above open (police-wpg, confidential) by a token sealed under its label's key
    (the main file must not hold its id: graph.stores.sealed_ids). The owner, who holds the key, reads the
    record's name in the window; a member without it reads that it was a record of that label, in Dutch."""
    from graph.stores.sealed_ids import TOKEN
    from views.audit_dialog import details_text

    store = nl_window.session.store
    secret = next(e for e in store.iter_entities() if e.label != "open")
    store.get_entity(secret.id)
    stored = next(e for e in reversed(store.audit_entries()) if e.action == "view")
    assert secret.id not in stored.details and TOKEN.search(stored.details)
    dialog = _open(nl_window)
    assert _details_of(dialog, "bekeken")[0].startswith(f"record: {secret.caption} (")
    from views.names import security_label
    assert details_text(stored.details, "nl") == f"id: <een record, {security_label(secret.label)}>"


def test_the_filter_finds_who_saw_a_person(nl_window: Any, qtbot: Any) -> None:
    """An owner answering "wie heeft deze persoon ingezien?" types the name: only the entries about that
    person stay, the count says how many of all (the log of a working week has thousands of lines)."""
    store = nl_window.session.store
    person = next(e for e in store.iter_entities("Person"))
    store.get_entity(person.id)
    dialog = _open(nl_window)
    total = dialog.table.rowCount()
    assert dialog.filter.placeholderText() == "Filteren op naam, id, lid of handeling…"
    qtbot.keyClicks(dialog.filter, person.caption.upper())
    shown = [r for r in range(total) if not dialog.table.isRowHidden(r)]
    assert shown and all(person.caption in dialog.table.item(r, 4).text() for r in shown)
    assert "bekeken" in {dialog.table.item(r, 3).text() for r in shown}
    assert dialog.summary.text() == f"{len(shown)} van {total} regels, nieuwste eerst"
    dialog.filter.clear()
    assert not any(dialog.table.isRowHidden(r) for r in range(total))
