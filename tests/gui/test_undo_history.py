"""One history for Ctrl+Z: chart steps and record edits undone latest first, through the window's
own actions and keys (an Analyst's Notebook user presses Ctrl+Z, whatever they did last)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from graph.errors import NotFound
from tests.gui.test_records_gui import _new_person


def _hidden(window: Any, entity_id: str) -> bool:
    return not window.chart.scene.nodes[entity_id].isVisible()


def test_ctrl_z_undoes_the_latest_step_of_chart_or_records(qtbot: Any, window: Any) -> None:
    store, chart = window.session.store, window.chart
    _new_person(window, "Jan Geschiedenis", "01-02-1980")
    jan = store.search("Jan Geschiedenis")[0]
    assert jan.id in chart.scene.nodes
    chart.scene.clearSelection()
    chart.scene.nodes[jan.id].setSelected(True)
    chart.act_hide.trigger()  # a chart step after the record edit
    assert _hidden(window, jan.id)
    history = window.history
    assert history.act_undo.text() == "Undo Hide"

    history.act_undo.trigger()  # the chart step first
    assert not _hidden(window, jan.id) and store.get_entity(jan.id).caption == "Jan Geschiedenis"
    history.act_undo.trigger()  # then the record edit
    with pytest.raises(NotFound):
        store.get_entity(jan.id)
    assert not history.act_undo.isEnabled() or history._to_undo() is not None

    history.act_redo.trigger()  # redo in the order done: the person, then the hide
    assert store.get_entity(jan.id).caption == "Jan Geschiedenis"
    history.act_redo.trigger()
    assert _hidden(window, jan.id)
    assert not history.act_redo.isEnabled()


def test_a_new_step_ends_what_can_be_redone(qtbot: Any, window: Any) -> None:
    store, chart, history = window.session.store, window.chart, window.history
    _new_person(window, "Piet Geschiedenis", "03-04-1970")
    piet = store.search("Piet Geschiedenis")[0]
    history.act_undo.trigger()
    with pytest.raises(NotFound):
        store.get_entity(piet.id)
    assert history.act_redo.isEnabled()
    _new_person(window, "Klaas Geschiedenis", "05-06-1960")  # a new step after the undo
    assert not history.act_redo.isEnabled()
    history.act_redo.trigger()
    with pytest.raises(NotFound):
        store.get_entity(piet.id)
    assert chart.undo_btn.isEnabled() == history.act_undo.isEnabled()


def test_one_action_owns_ctrl_z_and_the_keys_and_arrows_reach_it(qtbot: Any, window: Any) -> None:
    undo_keys = QKeySequence(QKeySequence.StandardKey.Undo)
    owners = [a for a in window.findChildren(QAction) if any(k == undo_keys for k in a.shortcuts())]
    assert owners == [window.history.act_undo]  # no ambiguous shortcut: Qt would then run none
    ctrl_y = QKeySequence("Ctrl+Y")
    assert [a for a in window.findChildren(QAction) if ctrl_y in a.shortcuts()] == [window.history.act_redo]
    assert window.history.act_undo in window.record_editor.menu.actions()
    assert window.history.act_undo in window.chart_menu.actions()

    store, chart = window.session.store, window.chart
    _new_person(window, "Kees Toets", "07-08-1990")
    kees = store.search("Kees Toets")[0]
    window.activateWindow()
    chart.view.setFocus()
    qtbot.keyClick(chart.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with pytest.raises(NotFound):
        store.get_entity(kees.id)
    chart.redo_btn.trigger()  # the chart toolbar's ↷ redoes the record edit too
    assert store.get_entity(kees.id).caption == "Kees Toets"


def test_a_new_link_goes_back_with_one_ctrl_z_and_its_ends_stay_on_the_chart(qtbot: Any, window: Any) -> None:
    from tests.gui.test_records_gui import _save, _select

    store, chart, history = window.session.store, window.chart, window.history
    _new_person(window, "Anna Schakel", "01-01-1970")
    _new_person(window, "Bert Schakel", "01-01-1971")
    a, b = store.search("Anna Schakel")[0], store.search("Bert Schakel")[0]
    _select(window, a.id, b.id)
    window.record_editor.act_new_relation.trigger()
    form = window.record_editor.form
    form.type_box.setCurrentIndex(form.type_box.findData("family_of"))
    _save(form)
    assert [r.type for r in store.relations_of(a.id)] == ["family_of"]
    assert history.act_undo.text() == "Undo New relation family_of"  # the redrawing is no step of its own

    history.act_undo.trigger()
    assert store.relations_of(a.id) == [] and {a.id, b.id} <= set(chart.scene.nodes)
    history.act_redo.trigger()
    assert [r.type for r in store.relations_of(a.id)] == ["family_of"]


def test_core_errors_read_dutch_in_a_dutch_window(qtbot: Any, project: Any, request: Any) -> None:
    """The core raises English (scripts match on it); the workbench shows the CLI's Dutch for it."""
    from PySide6.QtWidgets import QApplication

    from tests.sandbox import OWNER, OWNER_PW
    from views import i18n
    from views.main_window import MainWindow
    from views.project_session import Session

    i18n.install(QApplication.instance(), "nl")
    request.addfinalizer(lambda: i18n.install(QApplication.instance(), "en"))
    win = MainWindow(Session.open(project, user=OWNER, passphrase=OWNER_PW), "nl", autolock_minutes=0)
    qtbot.addWidget(win)
    form = _new_person(win, "Jan Datumfout", "31-02-1980")
    assert form.isVisible()
    text = form.error.text()
    assert "31-02-1980" in text and "geboortedatum" in text.lower(), text
    assert not {"not", "date", "the", "invalid", "must"} & set(text.lower().replace(":", " ").split()), text
    form.close()
    win.chart.undo.setClean()
    win.close()


def test_record_only_undo_sits_apart_in_the_edit_menu_named_in_dutch(qtbot: Any, project: Any, request: Any,
                                                                     planted: dict[str, Any]) -> None:
    """Bewerken: the one history's Undo/Redo first (as in Analyst's Notebook); "undo the last record change,
    chart stays" in a group of its own at the foot, clearly named, and in the F1 shortcuts. Through the menu."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from tests.gui.conftest import ModalAnswerer
    from tests.sandbox import OWNER, OWNER_PW
    from views import i18n
    from views.main_window import MainWindow
    from views.project_session import Session

    i18n.install(QApplication.instance(), "nl")
    request.addfinalizer(lambda: i18n.install(QApplication.instance(), "en"))
    win = MainWindow(Session.open(project, user=OWNER, passphrase=OWNER_PW), "nl", autolock_minutes=0)
    qtbot.addWidget(win)
    request.addfinalizer(lambda: (win.chart.undo.setClean(), win.close()))
    menu = win.record_editor.menu
    assert menu.title() == "&Bewerken"
    items = menu.actions()
    assert items[:2] == [win.history.act_undo, win.history.act_redo] and items[2].isSeparator()
    only = {a.text(): a for a in items[-2:]}
    assert list(only) == ["Laatste recordwijziging ongedaan maken (schema blijft)",
                          "Recordwijziging opnieuw uitvoeren (schema blijft)"]
    assert items[-3].isSeparator()  # not next to the one history's Undo
    undo_only, redo_only = only.values()
    assert undo_only.shortcut() == QKeySequence("Ctrl+Alt+Z") and redo_only.shortcut() == QKeySequence("Ctrl+Alt+Y")
    assert not undo_only.isEnabled()

    store, chart = win.session.store, win.chart
    _new_person(win, "Jan Apart", "01-02-1980")
    jan = store.search("Jan Apart")[0]
    strawman = planted["strawman"]
    chart.add_entities([strawman])
    chart.expand(strawman)  # chart steps after the record change
    shown_after = set(chart.scene.nodes) - {jan.id}
    assert undo_only.isEnabled() and "Jan Apart" in undo_only.toolTip()
    undo_only.trigger()  # the record goes; the chart keeps the expanded straw man
    with pytest.raises(NotFound):
        store.get_entity(jan.id)
    assert shown_after <= set(chart.scene.nodes) and len(shown_after) > 5
    assert redo_only.isEnabled()
    redo_only.trigger()
    assert store.get_entity(jan.id).caption == "Jan Apart"

    shown: list[str] = []
    with ModalAnswerer(lambda box: (shown.append(box.text()), box.accept()) if isinstance(box, QMessageBox) else None):
        [f1] = [a for a in win.findChildren(QAction) if a.shortcut() == QKeySequence("F1")]
        f1.trigger()
    assert "Ctrl+Alt+Z / Ctrl+Alt+Y" in shown[0] and "Alleen de laatste recordwijziging ongedaan maken" in shown[0]
