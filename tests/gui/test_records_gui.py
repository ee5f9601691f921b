"""Records by hand in the workbench, offscreen: the Edit menu's QActions, the generated forms,
undo/redo, clearance, and notes and documents in the detail panel."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox

from graph.errors import NotFound
from tests.sandbox import OWNER, OWNER_PW


def _save(form: Any) -> None:
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _new_person(window: Any, name: str, birth: str, **meta: str) -> Any:
    editor = window.record_editor
    editor.act_new_entity.trigger()
    form = editor.form
    assert form is not None and form.isVisible()
    form.type_box.setCurrentIndex(form.type_box.findData("Person"))
    form.fields["name"].setText(name)
    form.fields["birth_date"].setText(birth)
    if "source" in meta:
        form.source.setText(meta["source"])
    if "label" in meta:
        form.label_box.setCurrentIndex(form.label_box.findData(meta["label"]))
    _save(form)
    return form


def test_create_with_a_named_validation_error_then_undo_redo(qtbot: Any, window: Any, shoot: Any) -> None:
    editor = window.record_editor
    store = window.session.store
    assert editor.menu.title() == "&Edit" and editor.act_new_entity in editor.menu.actions()
    form = _new_person(window, "Jan Handmatig", "31-02-1980", source="melding 2026-114")
    assert form.isVisible()  # refused: the form stays open with the field marked and named
    assert "Date of birth" in form.error.text() and "31-02-1980" in form.error.text()
    assert "b00020" in form.fields["birth_date"].styleSheet()
    shoot(form, "form_person_error")
    form.fields["birth_date"].setText("01-02-1980")
    form.reliability.setCurrentIndex(form.reliability.findData("B"))
    form.credibility.setCurrentIndex(form.credibility.findData("2"))
    _save(form)
    assert not form.isVisible()
    jan = store.search("Jan Handmatig")[0]
    assert jan.properties["birth_date"] == "1980-02-01" and jan.grading == "B2" and jan.created_by == OWNER
    assert jan.provenance is not None and jan.provenance.source == "melding 2026-114"
    assert window.detail.entity.id == jan.id and jan.id in window.chart.scene.nodes

    editor.act_undo.trigger()
    with pytest.raises(NotFound):
        store.get_entity(jan.id)
    assert jan.id not in window.chart.scene.nodes
    editor.act_redo.trigger()
    assert store.get_entity(jan.id).properties["birth_date"] == "1980-02-01"


def test_edit_in_the_form_and_undo(qtbot: Any, window: Any, shoot: Any) -> None:
    editor = window.record_editor
    store = window.session.store
    _new_person(window, "Els Correctie", "01-02-1980")
    els = store.search("Els Correctie")[0]
    window.show_entity(els.id)
    editor.act_edit.trigger()
    form = editor.form
    assert form.fields["birth_date"].text() == "01-02-1980"  # dates shown as dd-mm-jjjj
    assert not form.type_box.isEnabled()
    shoot(form, "form_person_edit")
    form.fields["birth_date"].setText("02-02-1980")
    form.valid_from.setText("01-01-2020")
    _save(form)
    assert not form.isVisible()
    after = store.get_entity(els.id)
    assert after.properties["birth_date"] == "1980-02-02" and after.valid_from == "2020-01-01"
    edits = [json.loads(e.details) for e in store.audit_entries() if e.action == "edit"]
    last = next(d for d in reversed(edits) if d.get("id") == els.id and d.get("op") == "update")
    assert last["before"]["properties"]["birth_date"] == "1980-02-01"
    assert last["after"]["properties"]["birth_date"] == "1980-02-02"
    editor.act_undo.trigger()
    back = store.get_entity(els.id)
    assert back.properties["birth_date"] == "1980-02-01" and back.valid_from is None
    editor.act_redo.trigger()
    assert store.get_entity(els.id).properties["birth_date"] == "1980-02-02"


def _select(window: Any, *ids: str) -> None:
    window.chart.scene.clearSelection()
    for i in ids:
        window.chart.scene.nodes[i].setSelected(True)


def test_link_delete_with_relations_merge_and_undo(qtbot: Any, window: Any) -> None:
    editor = window.record_editor
    store = window.session.store
    _new_person(window, "Piet Een", "01-01-1970")
    _new_person(window, "Piet Twee", "01-01-1971")
    a, b = store.search("Piet Een")[0], store.search("Piet Twee")[0]
    _select(window, a.id, b.id)
    editor.act_new_relation.trigger()
    form = editor.form
    offered = {form.type_box.itemData(i) for i in range(form.type_box.count())}
    assert "family_of" in offered and "director_of" not in offered  # only what the schema allows
    form.type_box.setCurrentIndex(form.type_box.findData("family_of"))
    form.valid_from.setText("01-03-2021")
    _save(form)
    rel = store.relations_of(a.id)
    assert [r.type for r in rel] == ["family_of"] and rel[0].valid_from == "2021-03-01"

    # Edit the link itself: select it on the chart; its start date is part of its identity.
    window.chart.scene.clearSelection()
    window.chart.scene.edges[rel[0].id].setSelected(True)
    editor.act_edit.trigger()
    form = editor.form
    assert form.record_type == "family_of" and form.valid_from.text() == "01-03-2021"
    form.valid_from.setText("01-04-2021")
    _save(form)
    assert not form.isVisible()
    moved = store.relations_of(a.id)
    assert [r.valid_from for r in moved] == ["2021-04-01"] and moved[0].id in window.chart.scene.edges
    editor.act_undo.trigger()
    assert [r.valid_from for r in store.relations_of(a.id)] == ["2021-03-01"]
    editor.act_redo.trigger()
    assert [r.valid_from for r in store.relations_of(a.id)] == ["2021-04-01"]

    # Delete asks whether the relations go too; answer by clicking as the analyst does.
    window.show_entity(a.id)
    _select(window, a.id)
    QTimer.singleShot(0, lambda: next(b for b in editor.question.buttons()
                                        if b.text() == "Delete with relations").click())
    assert editor.delete_current()
    with pytest.raises(NotFound):
        store.get_entity(a.id)
    assert store.relations_of(b.id) == []
    editor.act_undo.trigger()
    assert store.get_entity(a.id).caption == "Piet Een"
    assert [r.type for r in store.relations_of(b.id)] == ["family_of"]

    window.chart.add_entities([a.id, b.id])
    _select(window, a.id, b.id)
    editor.act_merge.trigger()
    survivors = [i for i in (a.id, b.id) if i in store.get_entities([a.id, b.id])]
    assert len(survivors) == 1
    editor.act_undo.trigger()
    assert set(store.get_entities([a.id, b.id])) == {a.id, b.id}


def test_an_analyst_cannot_create_above_her_clearance(qtbot: Any, project: Path) -> None:
    from graph.access import session as access
    from views.main_window import MainWindow
    from views.project_session import Session

    owner = access.unlock(project, OWNER, OWNER_PW)
    access.add_member(owner, "clara", role="analyst", passphrase="clara: open en vertrouwelijk",
                      clearance=frozenset({"open", "confidential"}))
    owner.close()
    win = MainWindow(Session.open(project, user="clara", passphrase="clara: open en vertrouwelijk"), "en",
                     autolock_minutes=0)
    qtbot.addWidget(win)
    try:
        form = _new_person(win, "Geheime Getuige", "01-01-1990", label="police-wpg")
        assert form.isVisible() and "Security label" in form.error.text() and "police-wpg" in form.error.text()
        assert win.session.store.search("Geheime Getuige") == []
        form.label_box.setCurrentIndex(form.label_box.findData("confidential"))
        _save(form)
        assert not form.isVisible() and win.session.store.search("Geheime Getuige")[0].label == "confidential"
    finally:
        win.chart.undo.setClean()
        win.close()


def test_notes_and_documents_in_the_detail_panel(qtbot: Any, window: Any, tmp_path: Path, shoot: Any) -> None:
    from tests.records.test_documents import PDF_LINE, make_pdf

    editor = window.record_editor
    store = window.session.store
    _new_person(window, "Karin Notitie", "03-04-1985", source="melding 2026-200", label="confidential")
    karin = store.search("Karin Notitie")[0]
    window.show_entity(karin.id)
    editor.notes.editor.setPlainText("Overleg driehoek 12-03: Karin is vermoedelijk katvanger.")
    editor.notes.btn_add.click()
    assert editor.notes.list.count() == 1 and "katvanger" in editor.notes.list.item(0).text()
    assert "[confidential]" in editor.notes.list.item(0).text()
    assert any(item[0].startswith("✎ Overleg driehoek") for item in window.detail.timeline.items)  # on the timeline
    with qtbot.waitSignal(editor.documents.attached, timeout=30000) as done:
        assert editor.documents.attach(make_pdf(tmp_path / "melding.pdf", [PDF_LINE]), "Melding Bibob")
        assert "reading melding.pdf" in editor.documents.title()  # the text is read off the interface thread
    doc = done.args[0]
    assert editor.documents.list.count() == 1
    window.detail_dock.show()
    shoot(window, "record_with_note_and_document")
    path = editor.documents.open_document(doc.id, launch=False)
    assert path is not None and path.read_bytes().startswith(b"%PDF")
    dialog = editor.documents.show_candidates(doc.id)
    assert dialog is not None and dialog.list.count() >= 3
    values = [c.value for c in dialog.found]
    dialog.list.item(values.index("87654321")).setCheckState(dialog.list.item(0).checkState().Checked)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    company = store.get_entity(dialog.created[0])
    assert company.properties["kvk_number"] == "87654321" and company.label == "confidential"
    assert store.counts().get("BankAccount", 0) == sum(1 for e in store.iter_entities("BankAccount")
                                                       if e.provenance and e.provenance.reference != doc.id)
    editor.act_sources.trigger()
    view = editor.sources_view
    sources = [view.table.item(i, 0).text() for i in range(view.table.rowCount())]
    assert "melding 2026-200" in sources and f"document {doc.name}" in sources
    view.close()
    from PySide6.QtWidgets import QMessageBox

    from tests.gui.conftest import ModalAnswerer
    with ModalAnswerer(lambda box: box.button(QMessageBox.StandardButton.Discard).click()):
        window.close()  # the new person is on the unsaved chart: quitting asks first (Discard)
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert not path.exists()  # locking or closing removes the temporary copy


def test_double_click_on_empty_chart_space_adds_an_entity_there(qtbot: Any, window: Any) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    view = window.chart.view
    spot = QPoint(60, 60)
    assert not view.items(spot)
    target = view.mapToScene(spot)  # where the analyst clicked (the view may re-fit once the node is there)
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    form = window.record_editor.form
    assert form is not None and form.isVisible()
    form.type_box.setCurrentIndex(form.type_box.findData("Vehicle"))
    form.fields["plate"].setText("12-abc-3")
    _save(form)
    car = window.session.store.search("12ABC3")[0]
    node = window.chart.scene.nodes[car.id]
    assert (node.pos() - target).manhattanLength() < 1


def test_an_edit_in_the_form_is_the_members_statement_and_undo_restores_every_source(
        qtbot: Any, window: Any) -> None:
    from graph.model import Entity, Provenance
    from graph.said import said_about

    editor = window.record_editor
    store = window.session.store
    kvk = Provenance(source="KvK Handelsregister", reference="99887766", received="2026-01-01")
    tip = Provenance(source="Tip", reference="t1", received="2026-02-01")
    store.upsert_entities([Entity(type="Company", properties={"kvk_number": "99887766", "name": "Gamma B.V."},
                                  provenance=kvk, reliability="A", credibility="1")])
    store.upsert_entities([Entity(type="Company", properties={"kvk_number": "99887766", "name": "Gamma Witwas",
                                                              "trade_names": ["Gamma"]},
                                  provenance=tip, reliability="C", credibility="3")])
    company = store.search("Gamma B.V.")[0]

    def said() -> list[tuple[object, ...]]:
        return sorted(s.content() for s in said_about(store, store.get_entity(company.id)))

    before = said()
    window.show_entity(company.id)
    editor.act_edit.trigger()
    form = editor.form
    form.fields["trade_names"].setText("")  # the tip's trade name is not the member's to erase
    _save(form)
    assert form.isVisible() and "Gamma" in form.error.text() and "Tip C3" in form.error.text()
    assert "b00020" in form.fields["trade_names"].styleSheet()
    form.fields["trade_names"].setText("Gamma")
    form.fields["name"].setText("Gamma Holding")
    form.fields["employees"].setText("7")
    _save(form)
    assert not form.isVisible()
    after = store.get_entity(company.id)
    assert after.properties["name"] == "Gamma B.V." and after.properties["employees"] == 7  # KvK keeps the name
    assert editor.last_error == "Registered name: your value is kept as a claim; KvK Handelsregister decides this field"
    hand = {(s.prop, s.value) for s in store.statements(company.id) if s.source == "handmatige invoer"}
    assert hand == {("name", "Gamma Holding"), ("employees", 7)}
    assert {s.reference for s in store.statements(company.id) if s.source == "handmatige invoer"} == {OWNER}
    assert [s for s in said() if s[0] != "handmatige invoer"] == before  # the KvK and the tip said the same
    editor.act_undo.trigger()
    assert said() == before and "employees" not in store.get_entity(company.id).properties
    editor.act_redo.trigger()
    assert store.get_entity(company.id).properties["employees"] == 7


def test_a_lower_clearance_cannot_undo_its_edit_and_is_told_why_in_dutch(qtbot: Any, tmp_path: Path,
                                                                         request: pytest.FixtureRequest) -> None:
    """An analyst cleared below police-wpg edits a company the police also speak of, then presses Undo.

    Undo writes the record back from every source's statements; clara's key cannot read the police
    statements, so doing it would lose them (checked by hand: the tip's statement went too). It is
    refused, the message says why in Dutch, and nothing of the record is lost or changed."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from graph import editing
    from graph.model import Entity, Provenance
    from graph.said import said_about
    from tests.projects import add_member, new_project
    from views import i18n
    from views.main_window import MainWindow
    from views.project_session import Session

    project = add_member(new_project(tmp_path / "casus.knp", "casus"), "clara", "clara: open and confidential only",
                         {"open", "confidential"})
    alice = project.open()
    tip = Provenance(source="Tip", reference="t1", received="2026-02-01")
    police = Provenance(source="Politie", reference="p1", received="2026-02-02")
    alice.upsert_entities([Entity(type="Company", properties={"name": "Alfa BV", "kvk_number": "12345678"},
                                  provenance=tip, reliability="C", credibility="3")])
    alice.upsert_entities([Entity(type="Company", properties={"kvk_number": "12345678", "employees": 7},
                                  provenance=police, reliability="B", credibility="2", label="police-wpg")])
    (company,) = alice.iter_entities("Company")
    before = sorted(s.content() for s in said_about(alice, editing.get_record(alice, company.id)))
    alice.close()

    i18n.install(QApplication.instance(), "nl")
    request.addfinalizer(lambda: i18n.install(QApplication.instance(), "en"))
    win = MainWindow(Session.open(project.path, user="clara", passphrase=project.passphrases["clara"]), "nl",
                     autolock_minutes=0)
    qtbot.addWidget(win)
    editor = win.record_editor
    win.show_entity(company.id)
    editor.act_edit.trigger()
    editor.form.fields["name"].setText("Alfa Witwas BV")
    _save(editor.form)
    assert win.session.store.get_entity(company.id).properties["name"] == "Alfa Witwas BV"
    editor.act_undo.trigger()
    box = editor.refusal_box
    assert isinstance(box, QMessageBox) and box.windowTitle() == "Ongedaan maken of opnieuw uitvoeren lukt niet"
    text = box.text()
    assert text.startswith(f"clara kan {company.id} niet terugdraaien: een wijziging terugdraaien schrijft")
    assert "boven uw autorisatie" in text and "Vraag een lid dat elke rubricering ziet (de eigenaar)" in text
    assert editor.last_error == text
    box.close()
    win.close()
    alice = project.open()
    after = sorted(s.content() for s in said_about(alice, editing.get_record(alice, company.id)))
    assert [s for s in after if s[0] != "handmatige invoer"] == before  # the police's and the tip's word intact
    assert any(s[0] == "handmatige invoer" for s in after)  # clara's edit stays (an owner may undo it)
    alice.close()
