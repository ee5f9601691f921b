"""The resolution panel: duplicate persons an import created, confirmed or rejected in the GUI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

PERSONS_CSV = """Naam;Geboortedatum
Chloe van den Eerenbeemt;08-06-1973
Joey Heijmans;10-10-2003
"""


def _import_persons(qtbot: Any, window: Any, csv_path: Path, label: str = "open") -> Any:
    csv_path.write_text(PERSONS_CSV, encoding="utf-8")
    window.act_import.trigger()
    wizard = window._wizard
    qtbot.addWidget(wizard)
    wizard.file_page.path.setText(str(csv_path))
    wizard.next()
    page = wizard.mapping_page
    page.set_mapping("Naam", "Person.name")
    page.set_mapping("Geboortedatum", "Person.birth_date")
    page.label.setCurrentIndex(page.label.findData(label))  # shown by name, written as its code
    wizard.next()
    qtbot.waitUntil(lambda: wizard.dry_page.done, timeout=20000)
    return wizard


def test_an_import_with_duplicates_offers_the_panel_to_confirm_or_reject(
        qtbot: Any, window: Any, planted: dict[str, Any], tmp_path: Path, shoot: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    from graph.merge import list_merges
    from importers.resolution import rejected_pairs
    from tests.gui.conftest import ModalAnswerer

    store = window.session.store
    wizard = _import_persons(qtbot, window, tmp_path / "personen.csv")
    offers: list[str] = []

    def answer(box: Any) -> None:
        if isinstance(box, QMessageBox) and box.objectName() == "offer-resolution":
            offers.append(box.text())
            box.button(QMessageBox.StandardButton.Yes).click()

    with ModalAnswerer(answer):
        wizard.next()  # the import itself; the offer follows it
        qtbot.waitUntil(lambda: bool(offers), timeout=20000)
    assert "2 person(s)" in offers[0]
    wizard.accept()
    panel = window.resolution_dock.widget()
    assert window.resolution_dock.isVisible()
    qtbot.waitUntil(lambda: panel.task is None and bool(panel.candidates), timeout=30000)
    pairs = {frozenset((c.a, c.b)): c for c in panel.candidates}
    strawman = next(p for p in pairs if planted["strawman"] in p)
    bridge = next(p for p in pairs if planted["bridge"] in p)
    assert pairs[bridge].reason == "same date of birth, similar name"  # Heijmans / Heijman
    assert panel.table.item(list(pairs).index(bridge), 5).text() == "same date of birth, similar name"
    shoot(window, "resolution_panel")

    assert not panel.confirm_btn.isEnabled()  # nothing chosen yet
    assert panel.select(*strawman)
    panel.confirm_btn.click()  # the button the analyst presses
    merges = list_merges(store)
    assert len(merges) == 1 and {merges[0]["kept"], merges[0]["merged"]} == set(strawman)
    assert merges[0]["by"] == "alice"
    assert any(e.action == "merge" for e in store.audit_entries())  # audited as `resolve confirm` is
    assert strawman not in {frozenset((c.a, c.b)) for c in panel.candidates}

    assert panel.select(*bridge)
    panel.reject_btn.click()
    assert tuple(sorted(bridge)) in rejected_pairs(store)
    assert any(e.action == "resolution reject" for e in store.audit_entries())
    panel.refresh_btn.click()  # listed anew: neither decided pair comes back
    qtbot.waitUntil(lambda: panel.task is None, timeout=30000)
    assert not {strawman, bridge} & {frozenset((c.a, c.b)) for c in panel.candidates}


def test_the_panel_only_lists_persons_the_member_may_see(qtbot: Any, project: Path, tmp_path: Path) -> None:
    from graph.access import session as access
    from tests.gui.conftest import OWNER, OWNER_PW
    from views.main_window import MainWindow
    from views.project_session import Session

    owner = access.unlock(project, OWNER, OWNER_PW)
    access.add_member(owner, "carol", role="analyst", passphrase="carol: molen aan de dijk",
                      clearance=frozenset({"open"}))
    owner.close()
    win = MainWindow(Session.open(project, user=OWNER, passphrase=OWNER_PW), "en", autolock_minutes=0)
    qtbot.addWidget(win)
    wizard = _import_persons(qtbot, win, tmp_path / "personen.csv", label="confidential")
    with qtbot.waitSignal(wizard.imported, timeout=20000):
        wizard.next()
    wizard.accept()
    from importers.resolution import person_candidates
    assert "Chloe van den Eerenbeemt" in {c.b_name for c in person_candidates(win.session.store)}  # owner sees it
    win.close()
    win = MainWindow(Session.open(project, user="carol", passphrase="carol: molen aan de dijk"), "en",
                     autolock_minutes=0)
    qtbot.addWidget(win)
    win.act_resolution.trigger()
    panel = win.resolution_dock.widget()
    qtbot.waitUntil(lambda: panel.task is None, timeout=30000)
    assert panel.status.text().endswith("duplicate(s)") or panel.status.text() == "No possible duplicates"
    names = {n for c in panel.candidates for n in (c.a_name, c.b_name)}
    assert "Chloe van den Eerenbeemt" not in names and "Joey Heijmans" not in names
    win.close()


def test_duplicates_open_as_a_tab_beside_the_analyses(nl_window: Any) -> None:
    """On a laptop screen a third bottom column squeezed the VIK registers: Import > Dubbele personen… joins
    the analyses' tabs (and an analysis opened after it joins its tab)."""
    win = nl_window
    win.analysis_actions["centrality"].trigger()
    analysis = win.analysis_docks[-1]
    win.act_resolution.trigger()
    assert win.act_resolution.text() == "Dubbele personen…"
    assert win.resolution_dock in win.tabifiedDockWidgets(analysis)
    win.analysis_actions["addresses"].trigger()
    assert win.analysis_docks[-1] in win.tabifiedDockWidgets(win.resolution_dock)


def test_an_analysis_opened_after_the_duplicates_joins_their_tab(nl_window: Any) -> None:
    win = nl_window
    win.act_resolution.trigger()
    win.analysis_actions["centrality"].trigger()
    assert win.analysis_docks[-1] in win.tabifiedDockWidgets(win.resolution_dock)
