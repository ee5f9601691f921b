"""Second review in the real window: what an analyst met on a 1366x768 laptop, in Dutch, through the clicks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from views import file_dialogs

LAPTOP = QRect(0, 0, 1366, 768)


@pytest.fixture
def dutch() -> Any:
    from views import i18n

    app = QApplication.instance()
    i18n.install(app, "nl")
    yield
    i18n.install(app, "en")


def _button(parent: Any, text: str) -> QPushButton:
    return next(b for b in parent.findChildren(QPushButton) if b.text() == text)


def test_windows_fit_a_laptop_screen(qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch, project: Path) -> None:
    """The workbench (1500x950) and the import wizard (1100x760) ran off a 1366x768 screen: buttons out of reach."""
    from tests.sandbox import OWNER, OWNER_PW
    from views import screen
    from views.main_window import MainWindow
    from views.project_session import Session

    assert screen.fitted_size(1500, 950, LAPTOP).height() <= 768 - screen.FRAME.height()
    assert screen.fitted_size(800, 600, LAPTOP).toTuple() == (800, 600)  # what fits stays as asked
    monkeypatch.setattr(screen, "available_geometry", lambda _w: LAPTOP)
    window.close()
    win = MainWindow(Session.open(project, user=OWNER, passphrase=OWNER_PW), "en", autolock_minutes=0)
    qtbot.addWidget(win)
    assert win.width() <= 1366 and win.height() + screen.FRAME.height() <= 768
    wizard = win.import_wizard()
    qtbot.addWidget(wizard)
    assert wizard.width() <= 1366 and wizard.height() + screen.FRAME.height() <= 768
    win.show()
    qtbot.waitExposed(win)
    assert win.vik_dock.height() < win.height() // 2  # the registers no longer take half the chart's room
    win.close()


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _mapping_page(qtbot: Any, window: Any) -> tuple[Any, Any]:
    """The import wizard on examples/meldingen.csv, at its mapping page."""
    wizard = window.import_wizard()
    qtbot.addWidget(wizard)
    wizard.file_page.path.setText(str(EXAMPLES / "meldingen.csv"))
    wizard.next()
    return wizard, wizard.mapping_page


def test_load_spec_button_loads_the_file(qtbot: Any, window: Any, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """'Specificatie laden…' did nothing: clicked(bool) handed False to load_spec_file as the path (a traceback)."""
    wizard, page = _mapping_page(qtbot, window)
    assert wizard.currentPage() is page, wizard.file_page.error.text()
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(EXAMPLES / "meldingen.yaml"))
    qtbot.mouseClick(_button(page, "Load spec…"), Qt.MouseButton.LeftButton)
    assert "Meldpunt Ondermijning" in page.spec_text.toPlainText()
    assert page.note.text() == "Loaded meldingen.yaml" and not page.error.text()  # not in the error red
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(tmp_path / "weg.yaml"))
    qtbot.mouseClick(_button(page, "Load spec…"), Qt.MouseButton.LeftButton)
    assert page.error.text() == f"{tmp_path / 'weg.yaml'}: there is no such file"


def test_a_missing_file_is_said_in_dutch(qtbot: Any, window: Any, tmp_path: Path, dutch: Any) -> None:
    """The file page showed Python's '[Errno 2] No such file or directory: ...' in Dutch mode."""
    wizard = window.import_wizard()
    qtbot.addWidget(wizard)
    missing = tmp_path / "meldingen.csvv"
    wizard.file_page.path.setText(str(missing))
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert wizard.file_page.error.text() == f"{missing}: dit bestand bestaat niet"
    wizard.file_page.path.setText(str(tmp_path))
    wizard.next()
    assert wizard.file_page.error.text() == f"{tmp_path} is een map: kies een bestand daarin"


def test_a_project_created_in_the_chooser_opens_without_asking_again(qtbot: Any, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """After typing the new passphrase twice the unlock dialog asked it a third time."""
    from views.dialogs import NewProjectDialog, ProjectChooser
    from workbench.app import _created_session

    target = tmp_path / "riec.knp"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: str(tmp_path / "riec"))

    def fill_and_create(dialog: NewProjectDialog) -> int:
        dialog.owner.setText("anna")
        dialog.passphrase.setText("paars konijn fietst traag")
        dialog.repeat.setText("paars konijn fietst traag")
        assert dialog._create()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewProjectDialog, "exec", fill_and_create)
    chooser = ProjectChooser()
    qtbot.addWidget(chooser)
    qtbot.mouseClick(_button(chooser, "New project…"), Qt.MouseButton.LeftButton)
    assert chooser.chosen == target and target.exists()
    session = _created_session(chooser, None)
    assert session is not None and session.user == "anna"
    assert chooser.created_passphrase is None  # not kept in memory longer than needed
    session.lock()


def test_kvk_json_is_imported_from_the_import_menu(qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch,
                                                   dutch: Any) -> None:
    """The workbench had no way to import a KvK JSON file (only the CLI's `import kvk`)."""
    examples = Path(__file__).resolve().parents[2] / "examples" / "basisprofielen"
    files = sorted(str(p) for p in examples.glob("*.json"))
    monkeypatch.setattr(file_dialogs, "open_files", lambda *a, **k: files)
    store = window.session.store
    assert not store.search("68750110")
    assert window.act_import_kvk.isEnabled()
    window.act_import_kvk.trigger()
    qtbot.waitUntil(lambda: getattr(window, "kvk_summary", None) is not None, timeout=30000)
    text = window.kvk_summary.text()
    assert text.startswith("2 bestanden geïmporteerd: ") and "nieuwe en" in text, text
    assert store.search("68750110")  # the company of the first Basisprofiel
    window.kvk_summary.close()


def test_a_loaded_spec_shows_its_fields_and_survives_them(qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch,
                                                          dutch: Any) -> None:
    """After loading a spec the fields still said source 'meldingen', label 'open' (a code); touching one
    regenerated the YAML and replaced the loaded spec unseen."""
    wizard, page = _mapping_page(qtbot, window)
    assert [page.label.itemText(i) for i in range(page.label.count())][:2] == ["Open", "Vertrouwelijk"]
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(EXAMPLES / "meldingen.yaml"))
    _button(page, "Specificatie laden…").click()
    assert page.source.text() == "Meldpunt Ondermijning"
    assert page.label.currentText() == "Vertrouwelijk" and page.date_format.currentText() == "dd-mm-jjjj"
    assert (page.reliability.currentText(), page.credibility.currentText()) == ("B", "2")
    assert "Meldingen Meldpunt Ondermijning" in page.spec_text.toPlainText()  # not regenerated
    wizard.next()  # dry run, then the import
    qtbot.waitUntil(lambda: wizard.dry_page.done, timeout=20000)
    assert wizard.dry_page.rejects.placeholderText() == "Er zijn geen rijen afgewezen."
    with qtbot.waitSignal(wizard.imported, timeout=20000):
        wizard.next()
    from PySide6.QtWidgets import QWizard
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()  # Back would import again
    assert not wizard.button(QWizard.WizardButton.CancelButton).isVisible()  # Cancel would not undo it


def test_record_form_types_into_the_first_field_and_names_labels(qtbot: Any, window: Any, dutch: Any) -> None:
    """Typing 'Karel Bos' in a new entity form went into the type list; the label list showed codes."""
    window.record_editor.act_new_entity.trigger()
    form = window.record_editor.form
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: form.focusWidget() is form.fields["name"], timeout=3000)
    assert [form.label_box.itemText(i) for i in range(form.label_box.count())][:2] == ["Open", "Vertrouwelijk"]
    form.reject()


def test_ctrl_click_order_is_the_new_links_direction(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    """Clicking the person, then Ctrl+clicking the company gave a link from the company to the person."""
    person, company = planted["strawman"], planted["strawman_companies"][0]
    scene = window.chart.scene
    window.chart.add_entities([company, person])
    for first, second in ((person, company), (company, person)):
        scene.clearSelection()
        scene.nodes[first].setSelected(True)
        scene.nodes[second].setSelected(True)
        assert scene.selected_ids() == [first, second]
        window.record_editor.act_new_relation.trigger()
        form = window.record_editor.form
        assert form.ends is not None and [e.id for e in form.ends] == [first, second]
        form.reject()


def test_a_search_result_joins_the_chart_without_pushing_the_rest_out_of_view(
        qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    """Double-clicking a result centred the view on it: the entity already on the chart went out of sight."""
    person, company = planted["strawman"], planted["hotspot_companies"][0]
    window.search.place.emit(person)
    window.search.place.emit(company)  # what a double-click on a search result emits
    view = window.chart.view
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert all(shown.contains(window.chart.scene.nodes[n].pos()) for n in (person, company))
    assert window.chart.scene.selected_ids() == [company] and window.detail.entity.id == company


def test_a_card_on_a_short_link_keeps_off_the_entities(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    """A link shorter than its card: the least-covering spot (by area, a long name's empty bounding box
    counted) was on top of the person's disc. Now the card hides no disc more than it must."""
    from PySide6.QtCore import QRectF

    person, company = planted["strawman"], planted["strawman_companies"][0]
    chart = window.chart
    chart.add_entities([person, company])
    for distance in (150.0, -150.0, 170.0, -170.0, 190.0, -190.0):
        chart.scene.set_positions({person: (0.0, 0.0), company: (distance, 0.0)})
        edge = next(e for e in chart.scene.edges.values() if e.source.entity_id in (person, company))
        card = edge.card_rect()
        gap = abs(distance) - 2 * edge.source.radius
        for node in (edge.source, edge.target):
            r = node.radius
            hidden = card.intersected(QRectF(node.pos().x() - r, node.pos().y() - r, 2 * r, 2 * r)).width()
            assert hidden <= max(0.0, card.width() - gap) / 2 + 1, (distance, node.entity_id, hidden)


def test_the_demo_measures_show_their_kind_by_name(qtbot: Any, window: Any) -> None:
    """The demo's measures had kinds no list knows (last_onder_dwangsom, 13b_opiumwet): the register showed codes."""
    table = window.vik.tables["measures"]
    kinds = {table.item(r, 1).text() for r in range(table.rowCount())}
    assert kinds and not any("_" in k for k in kinds), kinds
    assert {"Order subject to penalty", "Bibob refusal"} <= kinds


def test_an_empty_register_says_it_is_empty(qtbot: Any, window: Any, dutch: Any) -> None:
    """An empty VIK tab was a blank white area: nothing due, or still loading, or broken?"""
    from views.vik_panel import VikPanel

    panel = VikPanel(window.session.store, "nl", window)
    qtbot.addWidget(panel)
    deadlines = panel.tables["deadlines"]
    assert deadlines.empty_text == "Niets verloopt of moet af in de komende 60 dagen."
    deadlines.setRowCount(0)
    panel.show()
    panel.tabs.setCurrentWidget(deadlines)
    qtbot.waitExposed(panel)
    image = deadlines.viewport().grab().toImage()
    assert any(image.pixelColor(x, y).value() < 200 for x in range(10, 300) for y in range(10, 30))  # text drawn


def test_the_chooser_on_a_first_start_says_what_to_do(qtbot: Any, dutch: Any) -> None:
    """A first start showed an empty white list and an 'Open selected' button that did nothing."""
    from views.dialogs import ProjectChooser

    chooser = ProjectChooser()
    qtbot.addWidget(chooser)
    assert chooser.recent.count() == 1
    assert chooser.recent.item(0).text() == "Nog geen recente projecten: open er een of maak een nieuw project."
    assert not chooser.use_btn.isEnabled()
    chooser._choose_current()
    assert chooser.chosen is None


def test_a_chart_export_is_dated(qtbot: Any, window: Any, planted: dict[str, Any], tmp_path: Path) -> None:
    """The exported chart's title had no date: a printed copy did not say how old it was."""
    import datetime as dt

    window.chart.add_entities([planted["strawman"]])
    with qtbot.waitSignal(window.exported, timeout=60000) as blocker:
        details = window.export_chart(tmp_path / "schema.svg")
    assert blocker.args[0] and details is not None
    assert dt.date.today().isoformat() in (tmp_path / "schema.svg").read_text(encoding="utf-8")  # English: ISO


def test_rejected_rows_are_listed_with_their_reason_in_dutch(qtbot: Any, window: Any, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch, dutch: Any) -> None:
    """The wizard showed the reject file's raw CSV: English reasons between semicolons in a Dutch interface."""
    lines = (EXAMPLES / "meldingen.csv").read_text(encoding="cp1252").splitlines()
    lines[2] = lines[2].replace("01-02-1988", "31-02-1988")  # no such date
    lines[3] = ";" + lines[3].split(";", 1)[1]  # no signal number
    bad = tmp_path / "fout.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="cp1252")
    wizard = window.import_wizard()
    qtbot.addWidget(wizard)
    wizard.file_page.path.setText(str(bad))
    wizard.next()
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(EXAMPLES / "meldingen.yaml"))
    _button(wizard.mapping_page, "Specificatie laden…").click()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.dry_page.done, timeout=20000)
    assert wizard.dry_page.rejects.toPlainText().splitlines() == [
        "rij 3, kolom Geboortedatum: datum '31-02-1988' past niet in het formaat dd-mm-jjjj",
        "rij 4, kolom Meldingsnummer: verplichte waarde ontbreekt"]
