"""No lost work: autosave, the question on quitting, the whole session over a lock, switching projects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from tests.gui.conftest import OWNER, OWNER_PW, ModalAnswerer
from tests.gui.test_main_window import _menu_actions


def _unlock_as_owner(dialog: Any) -> None:
    """Answer an unlock dialog as the owner would; any message box: Discard."""
    if isinstance(dialog, QMessageBox):
        dialog.button(QMessageBox.StandardButton.Discard).click()
    elif hasattr(dialog, "passphrase"):
        dialog.passphrase.setText(OWNER_PW)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_lock_and_unlock_bring_back_the_whole_session(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    chart = window.chart
    chart.add_entities([planted["strawman"]])
    chart.expand(planted["strawman"])
    window.chart.chart_name = "Katvanger"
    assert window.save_chart()
    chart.run_layout("circular", wait=True)  # an unsaved step after saving
    chart.view.zoom(1.5)
    zoom = chart.view.transform().m11()
    positions = chart.scene.positions()
    history = [chart.undo.text(i) for i in range(chart.undo.count())]
    assert len(history) == 3 and chart.undo.index() == 3 and not chart.undo.isClean()
    window.analysis_actions["directors"].trigger()
    panel = window.analysis_docks[-1].widget()
    qtbot.waitUntil(lambda: panel.task is None, timeout=30000)
    panel.form.fields["min_directorships"].setValue(3)
    panel.run()
    qtbot.waitUntil(lambda: panel.task is None, timeout=30000)
    rows = panel.rows

    _menu_actions(window)["&Project/Lock"].trigger()
    assert window.session is None and window.centralWidget() is window.locked_label
    unlock = window.menuBar().actions()[0]
    with ModalAnswerer(_unlock_as_owner):
        unlock.trigger()  # the "Unlock…" entry of the locked window
    assert window.session is not None
    chart = window.chart
    assert chart.chart_name == "Katvanger" and "Katvanger" in window.windowTitle()
    assert chart.view.transform().m11() == pytest.approx(zoom)  # not zoomed to a speck
    after = chart.scene.positions()
    assert set(after) == set(positions) and all(after[n] == pytest.approx(positions[n], abs=0.1) for n in after)
    assert [chart.undo.text(i) for i in range(chart.undo.count())] == history and chart.undo.index() == 3
    assert not chart.undo.isClean()
    chart.undo.undo()  # the layout undone: the saved chart again, and clean as it was saved
    assert chart.undo.isClean()
    chart.undo.undo()
    chart.undo.undo()
    assert chart.scene.nodes == {}
    chart.undo.redo()
    assert list(chart.scene.nodes) == [planted["strawman"]]
    restored = window.analysis_docks[-1].widget()
    assert restored is not panel and restored.spec.key == "directors"
    assert restored.form.fields["min_directorships"].value() == 3
    qtbot.waitUntil(lambda: restored.task is None, timeout=30000)
    assert restored.rows == rows


def test_quit_asks_window_modally_about_an_unsaved_chart(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    from PySide6.QtCore import Qt

    window.chart.add_entities([planted["strawman"]])
    quit_action = _menu_actions(window)["&Project/Quit"]
    modality: list[Any] = []

    def cancel(box: Any) -> None:
        modality.append(box.windowModality())
        box.button(QMessageBox.StandardButton.Cancel).click()

    with ModalAnswerer(cancel) as answerer:
        quit_action.trigger()
        qtbot.waitUntil(lambda: bool(answerer.answered), timeout=5000)
    assert modality == [Qt.WindowModality.WindowModal]
    assert window.isVisible() and window.session is not None  # Cancel: nothing closed, nothing lost
    with ModalAnswerer(lambda box: box.button(QMessageBox.StandardButton.Discard).click()) as answerer:
        quit_action.trigger()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert window.session is None


def test_an_unsaved_chart_comes_back_on_the_next_open(qtbot: Any, window: Any, planted: dict[str, Any],
                                                      project: Path) -> None:
    from views.chart.storage import load_autosave
    from views.main_window import MainWindow
    from views.project_session import Session

    window.chart.add_entities([planted["bridge"]])
    window.chart.expand(planted["bridge"])
    window.autosave_timer.setInterval(50)
    window.chart.view.zoom(1.1)
    window.chart.run_layout("circular", wait=True)  # a change starts the autosave timer
    qtbot.waitUntil(lambda: load_autosave(window.session.store) is not None, timeout=5000)
    assert window.chart.chart_name is None  # unnamed: exactly what used to be lost
    positions = window.chart.scene.positions()
    _menu_actions(window)["&Project/Lock"].trigger()
    window.close()  # quit while locked (or the process ends): the autosave slot is all that is left
    QApplication.processEvents()

    again = MainWindow(Session.open(project, user=OWNER, passphrase=OWNER_PW), "en", autolock_minutes=0)
    qtbot.addWidget(again)
    assert set(again.chart.scene.nodes) == set(positions)
    assert all(again.chart.scene.positions()[n] == pytest.approx(positions[n], abs=0.1) for n in positions)
    assert not again.chart.undo.isClean()  # still unsaved: quitting asks again
    assert again.statusBar().currentMessage() == again.restored_notice and "unnamed" in again.restored_notice
    with ModalAnswerer(lambda box: box.button(QMessageBox.StandardButton.Discard).click()):
        again.close()
        qtbot.waitUntil(lambda: not again.isVisible(), timeout=5000)


def test_switch_project_from_the_menu_asks_first(qtbot: Any, window: Any, planted: dict[str, Any],
                                                 tmp_path: Path) -> None:
    from PySide6.QtWidgets import QFileDialog

    from graph.access import session
    from tests.sandbox import FAST_KDF
    from views.dialogs import add_recent

    first = window.session.path
    # A project of its own: a copy of the window's project shares its identity, and this computer saw the
    # window's copy written to (its label files too), so the copy would be reported as put back.
    session.create(tmp_path / "ander.knp", owner=OWNER, passphrase=OWNER_PW, name="Ander onderzoek",
                   kdf=FAST_KDF).close()
    other = tmp_path / "ander.knp"
    add_recent(other)
    window.chart.add_entities([planted["strawman"]])
    recent = _menu_actions(window)["&Project/Recent projects/ander.knp"]
    with ModalAnswerer(lambda box: box.button(QMessageBox.StandardButton.Cancel).click()) as answerer:
        recent.trigger()
        qtbot.waitUntil(lambda: bool(answerer.answered), timeout=5000)
    assert window.session.path == first and planted["strawman"] in window.chart.scene.nodes
    with ModalAnswerer(_unlock_as_owner) as answerer:
        recent.trigger()
        qtbot.waitUntil(lambda: window.session is not None and window.session.path == other, timeout=10000)
    assert answerer.answered[0] == "QMessageBox" and "UnlockDialog" in answerer.answered
    assert window.chart.scene.nodes == {}  # discarded, and the other project's own (empty) chart
    assert "Ander onderzoek" in window.windowTitle()

    _menu_actions(window)["&Project/Open project…"].trigger()  # and back through the file dialog
    dialog = window.findChild(QFileDialog, "open-project-dialog")
    assert dialog is not None and dialog.isVisible()
    with ModalAnswerer(_unlock_as_owner):
        dialog.selectFile(str(first))
        dialog.accept()
        qtbot.waitUntil(lambda: window.session is not None and window.session.path == first, timeout=10000)
