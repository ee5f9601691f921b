"""The VIK forms through the menu's QActions, offscreen over the demo project: a signal with a person made
on the spot (and what the project already knows), a measure and its status transitions, a casustafel
meeting with agenda and decision, an action with owner and deadline. Refused values keep the form open
with the field marked; nothing half-written."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QListWidget, QPlainTextEdit, QPushButton

from graph.vik import meetings
from tests.gui.test_vik_gui import _planted, _window, vik_project  # noqa: F401 (the fixture)
from tests.sandbox import OWNER, OWNER_PW


@pytest.fixture
def win(qtbot: Any, vik_project: Path) -> Iterator[Any]:  # noqa: F811
    window = _window(qtbot, vik_project, OWNER, OWNER_PW, "en")
    yield window
    window.chart.undo.setClean()
    window.close()


def _modal() -> Any:
    dialog = QApplication.activeModalWidget()
    assert dialog is not None
    return dialog


def _set(dialog: Any, name: str, value: str) -> None:
    widget = dialog.findChild(QLineEdit, name) or dialog.findChild(QPlainTextEdit, name) \
        or dialog.findChild(QComboBox, name)
    assert widget is not None, name
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value)
    elif isinstance(widget, QComboBox):
        index = widget.findData(value)
        if index < 0 and widget.isEditable():
            widget.setEditText(value)
        else:
            assert index >= 0, (name, value)
            widget.setCurrentIndex(index)
    else:
        widget.setText(value)


def _run(trigger: Callable[[], Any], fill: Callable[[Any], None]) -> None:
    """Trigger a QAction whose form is modal; `fill` acts on the form as a user would."""
    QTimer.singleShot(0, lambda: fill(_modal()))
    trigger()


def _select(win: Any, ids: list[str]) -> None:
    win.chart.add_entities(ids)
    win.chart.scene.clearSelection()
    for i in ids:
        win.chart.scene.nodes[i].setSelected(True)


def _refused_then(dialog: Any, name: str, bad: str, good: str) -> str:
    """Save with a value the core refuses (the form stays open, the field marked), then with a good one."""
    _set(dialog, name, bad)
    dialog.accept()
    error = str(dialog.error.text())
    assert dialog.isVisible() and dialog.findChild(QLineEdit, name).styleSheet()
    _set(dialog, name, good)
    dialog.accept()
    return error


def _edit_status(vik: Any, status: str, **fields: str) -> list[str]:
    """Edit… on the selected row: choose `status` (and fill `fields`); returns the statuses the form offered."""
    offered: list[str] = []

    def edit(dialog: Any) -> None:
        box = dialog.findChild(QComboBox, "status")
        offered.extend(box.itemText(i) for i in range(box.count()))
        _set(dialog, "status", status)
        for name, value in fields.items():
            _set(dialog, name, value)
        dialog.accept()

    _run(vik.act_edit.trigger, edit)
    return offered


def test_signal_form_makes_a_person_on_the_spot(win: Any) -> None:
    vik, store = win.vik, win.session.store
    planted = _planted(win)
    _select(win, [planted["penalised"]])
    penalised = store.get_entity(planted["penalised"]).caption
    seen: dict[str, Any] = {}

    def person(form: Any) -> None:
        assert form.objectName() == "new_subject_form" and form.record_type == "Person"
        assert not form.meta_box.isVisible()  # the signal's provenance, not a second one
        form.fields["name"].setText("Karin Bos")
        form.fields["birth_date"].setText("31-02-1990")
        form.accept()  # refused by the core: the field is marked, the form stays open
        seen["person_error"] = form.error.text()
        assert form.isVisible() and form.fields["birth_date"].styleSheet()
        form.fields["birth_date"].setText("12-03-1990")
        form.accept()

    def fill(dialog: Any) -> None:
        _set(dialog, "description", "Bewoner ziet een vrouw sleutels van het pand overdragen")
        _set(dialog, "phenomenon", "mensenhandel")
        _set(dialog, "source", "bewoner")
        _set(dialog, "grading", "C3")
        QTimer.singleShot(0, lambda: person(_modal()))
        dialog.findChild(QPushButton, "new_Person").click()
        concerns = dialog.findChild(QListWidget, "subjects")
        seen["concerns"] = [concerns.item(i).text() for i in range(concerns.count())]
        seen["known"] = dialog.findChild(QPlainTextEdit, "known").toPlainText()
        dialog.accept()

    before = vik.tables["signals"].rowCount()
    _run(vik.act_new_signal.trigger, fill)
    assert seen["person_error"].startswith("Check the field Date of birth: date '31-02-1990'")
    assert seen["concerns"] == [f"{penalised} (Person)", "Karin Bos (Person) — new"]
    # What the project already knows: the penalised person has his dwangsom (and earlier signals).
    assert f"{penalised}: " in seen["known"] and "1 measures" in seen["known"]
    assert "Karin Bos: not in the project yet" in seen["known"]
    assert vik.tables["signals"].rowCount() == before + 1
    signal = next(e for e in store.iter_entities("Signal") if e.get("phenomenon") == "mensenhandel"
                  and "sleutels" in str(e.get("description")))
    linked = {r.source_id for r in store.relations_of(signal.id, ["involved_in"])}
    made = next(e for e in store.iter_entities("Person") if e.get("name") == "Karin Bos")
    assert linked == {planted["penalised"], made.id}
    assert made.get("birth_date") == "1990-03-12" and made.grading == "C3"
    assert [s.reference for s in store.sources(made.id)] == [signal.get("signal_number")]
    assert vik.current_key() == "signals" and vik.tables["signals"].selectedItems()


def test_measure_form_and_its_status_transitions(win: Any) -> None:
    vik, store = win.vik, win.session.store
    planted = _planted(win)
    _select(win, [planted["new_company"]])
    errors: list[str] = []

    def fill(dialog: Any) -> None:
        _set(dialog, "type", "dwangsom")
        _set(dialog, "decided", "24-03-2027")
        errors.append(_refused_then(dialog, "amount", "veel", "5000"))

    _run(vik.act_new_measure.trigger, fill)
    assert errors == ["Check the field Amount (euro): 'veel' is not a number"]
    measure = next(e for e in store.iter_entities("Measure") if e.get("decided") == "2027-03-24")
    assert measure.get("kind") == "dwangsom" and measure.get("status") == "voornemen" and measure.get("amount") == 5000
    assert [r.source_id for r in store.relations_of(measure.id, ["subject_of"])] == [planted["new_company"]]
    assert vik.current_key() == "measures"
    row = vik.tables["measures"].selectedItems()
    assert row and row[0].text() == measure.get("reference")
    offered = _edit_status(vik, "besluit", evaluation="01-06-2027")
    assert offered == ["intention", "views", "decision", "ended"]  # voornemen and what the workflow allows
    after = store.get_entity(measure.id)
    assert after.get("status") == "besluit" and after.get("evaluation") == "2027-06-01"
    cells = [c.text() for c in vik.tables["measures"].selectedItems()]
    # The computed bezwaar deadline, dd-mm-jjjj: six weeks end on 05-05-2027 (Bevrijdingsdag), then
    # 06-05-2027 is Hemelvaartsdag (Easter 2027 is 28 March): the term runs to Friday 07-05-2027.
    assert "decision" in cells and "07-05-2027" in cells


def test_meeting_form_with_agenda_decision_and_report(win: Any) -> None:
    vik, store = win.vik, win.session.store
    signal = next(e for e in store.iter_entities("Signal") if e.get("status") == "nieuw")
    before = {m.id for m in meetings.list_meetings(store)}

    def fill(dialog: Any, date: str) -> None:
        _set(dialog, "date", date)
        _set(dialog, "participants", "J. Smit; A. de Boer")
        partners = dialog.findChild(QListWidget, "partners")
        for i in range(partners.count()):
            if partners.item(i).text() in ("Politie", "RIEC"):
                partners.item(i).setCheckState(Qt.CheckState.Checked)
        dialog.candidates.setCurrentIndex(dialog.candidates.findData(signal.id))
        dialog.findChild(QPushButton, "add_item").click()
        dialog.decide(dialog.agenda.rowCount() - 1, "riec")
        _set(dialog, "verslag", "Casus besproken; doorgezet naar het RIEC.")
        dialog.accept()

    errors: list[str] = []

    def bad_then_good(dialog: Any) -> None:
        fill(dialog, "32-13-2026")
        errors.append(dialog.error.text())
        assert dialog.isVisible()
        dialog.accept()  # still refused: nothing was written by the first Save
        fill_date = dialog.findChild(QLineEdit, "date")
        fill_date.setText("14-01-2027")
        dialog.accept()

    _run(vik.act_new_meeting.trigger, bad_then_good)
    assert errors and errors[0].startswith("Check the field Date")
    new = [m for m in meetings.list_meetings(store) if m.id not in before]
    assert len(new) == 1
    meeting = new[0]
    assert meeting.date == "2027-01-14" and meeting.partners == ["Politie", "RIEC"]
    assert meeting.participants == ["J. Smit", "A. de Boer"] and meeting.verslag.startswith("Casus besproken")
    items = meetings.agenda(store, meeting.id)
    assert len(items) == 1  # the refused Saves left nothing behind
    assert {i.record_id for i in items} == {signal.id} and {i.decision for i in items} == {"riec"}
    assert store.get_entity(signal.id).get("status") == "besproken"  # discussing a signal moves it on
    assert vik.current_key() == "meetings" and vik.tables["meetings"].selectedItems()

    def edit(dialog: Any) -> None:
        assert dialog.agenda.rowCount() == 1
        _set(dialog, "verslag", "Casus besproken. Actie: Bibob-toets.")
        dialog.accept()

    _run(vik.act_edit.trigger, edit)
    assert meetings.get_meeting(store, meeting.id).verslag == "Casus besproken. Actie: Bibob-toets."


def test_action_form_owner_deadline_and_status(win: Any) -> None:
    vik, store = win.vik, win.session.store
    vik.tabs.setCurrentWidget(vik.tables["meetings"])
    vik.tables["meetings"].selectRow(0)
    meeting_id = vik.tables["meetings"].item(0, 0).data(Qt.ItemDataRole.UserRole + 2)
    errors: list[str] = []

    def fill(dialog: Any) -> None:
        _set(dialog, "text", "Bibob-toets exploitant")
        _set(dialog, "owner", "Gemeente, team Bibob")
        errors.append(_refused_then(dialog, "deadline", "morgen", "01-02-2027"))

    _run(vik.act_new_action.trigger, fill)
    assert errors and errors[0].startswith("Check the field Deadline")
    action = next(a for a in meetings.list_actions(store) if a.text == "Bibob-toets exploitant")
    assert (action.owner, action.deadline, action.status, action.meeting_id) == (
        "Gemeente, team Bibob", "2027-02-01", "open", meeting_id)
    offered = _edit_status(vik, "gereed")
    assert offered == ["open", "in progress", "done", "cancelled"]
    assert meetings.get_action(store, action.id).status == "gereed"
    assert [a.text() for a in win.menuBar().actions()].count("V&IK") == 1
    menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "V&IK")
    texts = [a.text() for a in menu.actions()]
    assert {"New meeting…", "New measure…", "New action…", "Edit…"} <= set(texts)


def _texts(dialog: Any) -> list[str]:
    from PySide6.QtWidgets import QFormLayout, QLabel

    out = [dialog.windowTitle()]
    out += [b.text() for b in dialog.findChildren(QPushButton)]
    for layout in dialog.findChildren(QFormLayout):
        for r in range(layout.rowCount()):
            item = layout.itemAt(r, QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(item.widget(), QLabel):
                out.append(item.widget().text())
    return [t for t in out if t]


def test_vik_forms_in_dutch(qtbot: Any, vik_project: Path, shoot: Any) -> None:  # noqa: F811
    """Every form in Dutch mode: Dutch labels and buttons, dates dd-mm-jjjj; shots for docs/screenshots."""
    from views import i18n

    app = QApplication.instance()
    assert i18n.install(app, "nl") == "nl"
    window = _window(qtbot, vik_project, OWNER, OWNER_PW, "nl")
    seen: dict[str, list[str]] = {}
    try:
        vik = window.vik
        planted = _planted(window)
        _select(window, [planted["penalised"]])

        def look(name: str) -> Callable[[Any], None]:
            def act(dialog: Any) -> None:
                seen[name] = _texts(dialog)
                if name == "signal":
                    _set(dialog, "description", "Bewoner ziet busjes laden en lossen bij het pand")
                    dialog.new_subject("Person", {"name": "Karin Bos", "birth_date": "12-03-1990"})
                    dialog.new_subject("Address", {"street": "Hoofdstraat", "house_number": "12",
                                                   "postcode": "7607 AB", "city": "Almelo"})
                if name == "meeting":
                    dialog.add_item(dialog.candidates.itemData(0))
                    dialog.decide(0, "nader_onderzoek")
                shoot(dialog, f"vik_form_{name}")
                dialog.reject()
            return act

        _run(vik.act_new_signal.trigger, look("signal"))
        _run(vik.act_new_measure.trigger, look("measure"))
        _run(vik.act_new_meeting.trigger, look("meeting"))
        _run(vik.act_new_action.trigger, look("action"))
        vik.tabs.setCurrentWidget(vik.tables["meetings"])
        vik.tables["meetings"].selectRow(0)
        _run(vik.act_edit.trigger, look("meeting_edit"))
    finally:
        window.chart.undo.setClean()
        window.close()
        i18n.install(app, "en")
    assert seen["signal"][0] == "Nieuwe melding" and "Opslaan" in seen["signal"] and "Al bekend" in seen["signal"]
    assert "Nieuw: persoon…" in seen["signal"]
    assert seen["measure"][0] == "Nieuwe maatregel" and "Besluitdatum" in seen["measure"]
    assert seen["meeting"][0] == "Nieuw overleg" and "Op de agenda zetten" in seen["meeting"]
    assert seen["action"][0] == "Nieuwe actie" and "Eigenaar" in seen["action"]
    assert seen["meeting_edit"][0].startswith("Overleg van ") and seen["meeting_edit"][0].endswith(" bewerken")
    english = {"Save", "Cancel", "Security label", "Date", "Owner", "Deadline", "Type", "Agenda items"}
    for name, texts in seen.items():
        assert not english & set(texts), (name, english & set(texts))
