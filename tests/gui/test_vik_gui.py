"""The VIK section of the main window, offscreen over the encrypted demo project: registers within
the clearance, the alerts badge, chart <-> register in one click, intake and status changes through
the menu's QActions. Screenshots of the VIK screens (Dutch) go to KNOOPPUNT_SCREENSHOT_DIR."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QPlainTextEdit

from graph.access import session
from graph.vik import alerts
from graph.vik.demo import seed
from tests.sandbox import OWNER, OWNER_PW

BOB_PW = "bob: alleen open"


@pytest.fixture
def vik_project(project: Path) -> Path:
    """The GUI demo project with the casustafel, actions and watch of the VIK demo, alerts raised."""
    store = session.unlock(project, OWNER, OWNER_PW)
    planted = json.loads(store.get_setting("demo.planted") or "{}")
    seed(store, planted["vik"])
    alerts.scan(store)
    session.add_member(store, "bob", role="analyst", passphrase=BOB_PW, clearance=frozenset({"open"}))
    store.set_setting("demo.planted", json.dumps(planted))
    store.close()
    return project


def _window(qtbot: Any, path: Path, user: str, pw: str, lang: str) -> Any:
    from views.main_window import MainWindow
    from views.project_session import Session

    win = MainWindow(Session.open(path, user=user, passphrase=pw), lang, autolock_minutes=0)
    qtbot.addWidget(win)
    win.resize(1500, 950)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def vik_window(qtbot: Any, vik_project: Path) -> Iterator[Any]:
    win = _window(qtbot, vik_project, OWNER, OWNER_PW, "en")
    yield win
    win.chart.undo.setClean()
    win.close()


def _planted(win: Any) -> dict[str, Any]:
    return dict(json.loads(win.session.store.get_setting("demo.planted"))["vik"])


def _rows(table: Any) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_registers_badge_and_chart_both_ways(qtbot: Any, vik_window: Any) -> None:
    win, vik = vik_window, vik_window.vik
    planted = _planted(win)
    assert win.vik_dock.isVisible()
    titles = [vik.tabs.tabText(i) for i in range(vik.tabs.count())]
    assert titles == ["Signals", "Case meetings", "Measures", "Actions", "Alerts (2)", "Deadlines"]
    store = win.session.store
    assert vik.tables["signals"].rowCount() == sum(1 for _ in store.iter_entities("Signal"))
    actions = _rows(vik.tables["actions"])
    assert ["Controlebezoek pand door toezicht", "Toezicht en handhaving", "20-10-2026", "open", "overdue",
            "Open"] in actions  # the security label by its human name, as everywhere in the interface
    measures = _rows(vik.tables["measures"])
    closure = next(r for r in measures if r[0] == "BM-2026-0013")
    assert closure[1] == "Closure art. 13b Opium Act" and closure[5:7] == ["15-07-2026", "15-07-2028"]
    # Register -> chart: activating the closure opens the measure on the chart with its premises.
    table = vik.tables["measures"]
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "BM-2026-0013")
    vik.tabs.setCurrentWidget(table)
    table.itemActivated.emit(table.item(row, 0))
    assert planted["closure"] in win.chart.scene.nodes and planted["closed_premises"] in win.chart.scene.nodes
    assert win.detail.entity is not None and win.detail.entity.id == planted["closure"]
    # Chart -> register: selecting the new company on the chart selects its alert and its signal.
    win.chart.add_entities([planted["new_company"]])
    win.chart.scene.clearSelection()
    win.chart.scene.nodes[planted["new_company"]].setSelected(True)
    selected = vik.tables["alerts"].selectedItems()
    assert selected and planted["new_company"] in selected[0].data(Qt.ItemDataRole.UserRole + 1)
    assert vik.tables["signals"].selectedItems()


def test_new_signal_and_status_through_the_menu(qtbot: Any, vik_window: Any) -> None:
    win, vik = vik_window, vik_window.vik
    planted = _planted(win)
    win.chart.add_entities([planted["penalised"]])
    win.chart.scene.clearSelection()
    win.chart.scene.nodes[planted["penalised"]].setSelected(True)
    before = vik.tables["signals"].rowCount()

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        dialog.findChild(QPlainTextEdit).setPlainText("Bewoner meldt nachtelijke bezoekers")
        combos = dialog.findChildren(QComboBox)
        combos[0].setCurrentIndex(combos[0].findData("prostitutie"))
        combos[1].setCurrentIndex(combos[1].findData("bewoner"))
        dialog.accept()

    QTimer.singleShot(0, fill)
    vik.act_new_signal.trigger()
    assert vik.tables["signals"].rowCount() == before + 1
    store = win.session.store
    new = next(e for e in store.iter_entities("Signal") if e.get("description") == "Bewoner meldt nachtelijke "
               "bezoekers")
    assert new.get("phenomenon") == "prostitutie" and new.get("status") == "nieuw"
    assert [r.source_id for r in store.relations_of(new.id, ["involved_in"])] == [planted["penalised"]]
    # The new signal is selected; the status moves nieuw -> in behandeling through the dialog.
    assert vik.current_key() == "signals"

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        box = dialog.findChild(QComboBox)
        assert [box.itemText(i) for i in range(box.count())] == ["in progress", "closed"]
        box.setCurrentIndex(0)
        dialog.accept()

    QTimer.singleShot(0, choose)
    vik.act_status.trigger()
    assert store.get_entity(new.id).get("status") == "in_behandeling"
    # A transition the workflow forbids is refused with the one-line reason.
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().accept())
    assert vik.change_status("nieuw") is False
    assert store.get_entity(new.id).get("status") == "in_behandeling"
    # The penalised person is on the demo's watchlist: the new signal about him raised a third alert.
    assert vik.tabs.tabText(4) == "Alerts (3)"
    assert any("volglijst" in row[1] and "involved_in" in row[1] for row in _rows(vik.tables["alerts"]))
    # Alerts: mark one seen, the badge counts down.
    vik.tabs.setCurrentWidget(vik.tables["alerts"])
    vik.tables["alerts"].selectRow(0)
    vik.act_seen.trigger()
    assert vik.tabs.tabText(4) == "Alerts (2)"


def test_clearance_in_the_vik_lists(qtbot: Any, vik_project: Path) -> None:
    owner = session.unlock(vik_project, OWNER, OWNER_PW)
    from graph.vik import meetings
    meetings.add_action(owner, text="Geheime actie", owner="Politie", deadline="2027-01-01", label="police-wpg")
    hidden = sum(1 for e in owner.iter_entities("Signal") if e.label != "open")
    owner.close()
    assert hidden > 0
    win = _window(qtbot, vik_project, "bob", BOB_PW, "en")
    try:
        vik = win.vik
        for key in ("signals", "measures", "actions", "alerts", "meetings"):
            labels = [r[-1] for r in _rows(vik.tables[key])]
            assert labels and set(labels) == {"Open"}, key  # bob's clearance: the label's human name
        assert "Geheime actie" not in str(_rows(vik.tables["actions"]))
    finally:
        win.close()


def test_vik_screens_in_dutch(qtbot: Any, vik_project: Path, shoot: Any) -> None:
    from views import i18n

    app = QApplication.instance()
    assert i18n.install(app, "nl") == "nl"
    win = _window(qtbot, vik_project, OWNER, OWNER_PW, "nl")
    try:
        vik = win.vik
        assert [vik.tabs.tabText(i) for i in range(vik.tabs.count())] == [
            "Meldingen", "Casustafel", "Maatregelen", "Acties", "Attenderingen (2)", "Termijnen"]
        assert "Melding registreren…" in [a.text() for a in vik.toolbar.actions()]
        planted = dict(json.loads(win.session.store.get_setting("demo.planted"))["vik"])
        win.resizeDocks([win.vik_dock], [380], Qt.Orientation.Vertical)
        table = vik.tables["measures"]
        row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "BM-2026-0013")
        table.itemActivated.emit(table.item(row, 0))
        win.chart.view.centre_on(planted["closed_premises"])
        for key in ("signals", "measures", "actions", "alerts"):
            vik.tabs.setCurrentWidget(vik.tables[key])
            shoot(win, f"vik_{key}")
        assert [m.text() for m in win.menuBar().actions()].count("V&IK") == 1
    finally:
        win.chart.undo.setClean()
        win.close()
        i18n.install(app, "en")


def test_an_edit_by_hand_raises_the_alerts_it_warrants(qtbot: Any, vik_window: Any) -> None:
    """A director_of made by hand for the person under a dwangsom (on the watchlist too): two alerts."""
    from graph import editing
    from views.record_editor import ChangeCommand

    win = vik_window
    planted = _planted(win)
    store = win.session.store
    before = win.vik.unseen
    firm, _ = editing.create_entity(store, "Company", {"name": "Nieuw Hotel BV"})
    _, change = editing.create_relation(store, "director_of", planted["penalised"], firm.id, {},
                                        editing.RecordMeta(valid_from="01-11-2026"))
    win.record_editor.undo.push(ChangeCommand(win.record_editor, change, "link"))
    assert win.vik.unseen == before + 2
    messages = [row[1] for row in _rows(win.vik.tables["alerts"])]
    assert any("Nieuw Hotel BV" in m and "dwangsom" in m for m in messages)
    assert any("Nieuw Hotel BV" in m and "volglijst" in m for m in messages)
