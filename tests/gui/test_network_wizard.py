"""Published criminal networks through the import wizard (File > Import file…), as an analyst receives them:
a UCINET DL file, a Pajek file and a CSV adjacency matrix. The wizard read a .dl or .net file as a CSV (a
preview of one garbled column) and had no way to say "this table is a matrix" but typing YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from PySide6.QtWidgets import QWizard

from views import file_dialogs

REAL = Path(__file__).resolve().parents[1] / "importers" / "data" / "real"


def _to_mapping(qtbot: Any, window: Any, path: Path) -> tuple[Any, Any]:
    wizard = window.import_wizard()
    qtbot.addWidget(wizard)
    wizard.file_page.path.setText(str(path))
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page, wizard.file_page.error.text()
    return wizard, wizard.mapping_page


def _found(window: Any, *names: str) -> bool:
    store = window.session.store
    return all(any(e.properties.get("name") == n for e in store.search(n, types=["Person"])) for n in names)


def _import(qtbot: Any, wizard: Any) -> Any:
    wizard.next()  # the dry run
    qtbot.waitUntil(lambda: wizard.dry_page.done, timeout=20000)
    assert "Gestopt" not in wizard.dry_page.status.text(), wizard.dry_page.status.text()
    with qtbot.waitSignal(wizard.imported, timeout=20000):
        wizard.next()
    return wizard.import_page.result


def test_a_ucinet_dl_file_imports_through_the_wizard_in_dutch(qtbot: Any, nl_window: Any,
                                                              monkeypatch: Any) -> None:
    wizard, page = _to_mapping(qtbot, nl_window, REAL / "ucinet_fullmatrix_labels.dl")
    assert wizard.columns == ["Van", "Naar", "Waarde"]  # the ties, not the file's lines
    assert page.preview.item(0, 0).text() == "barry"
    assert page.is_network() and not page.network.isCheckable()  # a DL file is a network, no tick box
    assert page.mapping.isHidden() and page.relations.isHidden()
    assert page.node_type.currentText() == "Persoon" and page.tie_type.currentData() == "associate_of"
    page.tie_type.setCurrentIndex(page.tie_type.findData("contacted"))
    assert [page.tie_value.itemData(i) for i in range(page.tie_value.count())] == ["", "count", "weight"]
    page.tie_value.setCurrentIndex(page.tie_value.findData("count"))
    spec = yaml.safe_load(page.spec_text.toPlainText())
    assert spec["matrix"] == {"entity": "Person", "relation": "contacted", "value": "count"}
    assert "entities" not in spec and "relations" not in spec
    result = _import(qtbot, wizard)
    assert _found(nl_window, "barry", "david", "lin", "pat")
    assert result.relations.created > 0 and result.rejected == 0
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()


def test_a_pajek_file_names_its_untied_nodes_in_the_wizard(qtbot: Any, nl_window: Any) -> None:
    wizard, page = _to_mapping(qtbot, nl_window, REAL / "pajek_as_pajek_writes.net")
    assert page.is_network()
    _import(qtbot, wizard)
    warnings = wizard.import_page.warnings.toPlainText()
    assert "hebben geen band en zijn niet geïmporteerd" in warnings, warnings  # said, in Dutch, not dropped


def test_a_csv_matrix_is_recognised_and_can_be_read_as_a_table_instead(qtbot: Any, nl_window: Any) -> None:
    wizard, page = _to_mapping(qtbot, nl_window, REAL / "r_write_csv_matrix.csv")
    assert page.network.isCheckable() and page.network.isChecked()  # row labels are the header's names
    assert "matrix" in yaml.safe_load(page.spec_text.toPlainText())
    page.network.setChecked(False)  # the analyst says it is an ordinary table after all
    assert not page.mapping.isHidden()
    assert "matrix" not in yaml.safe_load(page.spec_text.toPlainText())
    page.network.setChecked(True)
    _import(qtbot, wizard)
    assert _found(nl_window, "N1", "N2")


def test_an_edge_list_is_not_taken_for_a_matrix(qtbot: Any, nl_window: Any) -> None:
    _wizard, page = _to_mapping(qtbot, nl_window, REAL / "montagna_phonecalls_edgelist.csv")
    assert not page.network.isChecked() and not page.mapping.isHidden()


def test_a_saved_matrix_spec_loads_into_the_network_choices(qtbot: Any, nl_window: Any, monkeypatch: Any) -> None:
    _wizard, page = _to_mapping(qtbot, nl_window, REAL / "caviar_phase1.csv")
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(REAL / "caviar.yaml"))
    page.load_spec_file()
    assert page.network.isChecked()
    assert (page.tie_type.currentData(), page.tie_value.currentData()) == ("contacted", "count")
    assert page.spec_text.toPlainText() == (REAL / "caviar.yaml").read_text(encoding="utf-8")  # as loaded


def test_the_file_dialog_offers_network_files(qtbot: Any, nl_window: Any, monkeypatch: Any) -> None:
    seen: list[str] = []
    monkeypatch.setattr(file_dialogs, "open_file", lambda _p, _t, _d, filters: seen.append(filters) or "")
    wizard = nl_window.import_wizard()
    qtbot.addWidget(wizard)
    wizard.file_page._browse()
    assert "*.net" in seen[0] and "*.dl" in seen[0]


def test_a_pajek_file_of_two_relations_keeps_them_apart_in_the_wizard(qtbot: Any, nl_window: Any) -> None:
    """Padgett.paj (`*Arcs :1 "Business"`, `*Arcs :2 "Marital"`): the wizard refused it at the dry run (one
    matrix relation for a file of two); now each relation comes in as the chosen tie, its name in its kind."""
    wizard, page = _to_mapping(qtbot, nl_window, REAL / "pajek_padgett_project.paj")
    assert wizard.columns == ["Van", "Naar", "Waarde", "Relatie"]
    assert [page.preview.item(0, c).text() for c in range(4)] == ["Barbadori", "Castellani", "1", "Business"]
    page.tie_type.setCurrentIndex(page.tie_type.findData("contacted"))
    spec = yaml.safe_load(page.spec_text.toPlainText())
    assert spec["matrix"] == {"entity": "Person", "relations": {"Business": "contacted", "Marital": "contacted"},
                              "value": "weight", "name": "kind"}
    assert "2 relaties (Business, Marital)" in page.relations_note.text() and page.relations_note.isVisible()
    result = _import(qtbot, wizard)
    assert result.relations.created == 22  # 10 business and 12 marital arcs, none folded into another
    kinds = [r.properties.get("kind") for r in nl_window.session.store.iter_relations("contacted")]
    assert kinds.count("Business") == 10 and kinds.count("Marital") == 12


def test_a_two_mode_pajek_file_brings_persons_to_the_meetings_they_attended(qtbot: Any, nl_window: Any,
                                                                            tmp_path: Path) -> None:
    """Davis's Southern Women as Pajek's DeepSouth.paj (`*Vertices 32 18`): the wizard offered persons tied to
    persons only, so the 14 meetings became persons; it now says what the columns are (Gebeurtenis) and ties
    each woman to a meeting she attended."""
    from tests.networks import davis_pajek

    wizard, page = _to_mapping(qtbot, nl_window, davis_pajek(tmp_path / "deepsouth.net"))
    form = page.network_fields.layout()
    assert form.labelForField(page.column_type).text() == "Kolommen zijn:"
    assert page.column_type.currentText() == "Gebeurtenis" and page.tie_type.currentData() == "attended"
    assert page.tie_type.currentText() == "aanwezig bij"
    spec = yaml.safe_load(page.spec_text.toPlainText())
    assert spec["matrix"] == {"entity": "Person", "relation": "attended", "columns": "Event", "value": "weight"}
    result = _import(qtbot, wizard)
    assert result.relations.created == 89 and result.rejected == 0
    store = nl_window.session.store
    assert sum(1 for _ in store.iter_entities("Event")) == 14 and sum(1 for _ in store.iter_entities("Person")) > 18
    # back to one kind of node: the ties a person can have with a person again
    page.column_type.setCurrentIndex(0)
    assert page.column_type.currentText() == "(hetzelfde als de knopen)"
    assert page.tie_type.findData("attended") < 0 and page.tie_type.findData("associate_of") >= 0


def test_an_incidence_matrix_is_read_as_a_two_mode_network(qtbot: Any, nl_window: Any, tmp_path: Path) -> None:
    """R's write.csv of persons by the events they attended (an empty first header cell, names down that are
    none of the names across): the wizard left it a table; it now reads it as a network of persons and events."""
    from tests.networks import davis_csv

    wizard, page = _to_mapping(qtbot, nl_window, davis_csv(tmp_path / "davis.csv"))
    assert page.is_network() and page.network.isChecked()
    assert page.column_type.currentData() == "Event" and page.tie_type.currentData() == "attended"
    result = _import(qtbot, wizard)
    assert result.relations.created == 89 and result.rejected == 0


def test_a_case_table_is_not_taken_for_a_matrix(qtbot: Any, nl_window: Any, tmp_path: Path) -> None:
    """A table whose first column has a name (Naam) and whose cells are numbers stays a table."""
    table = tmp_path / "bedragen.csv"
    table.write_text("Naam;Bedrag;Aantal\nJan;12;3\nPiet;7;1\n", encoding="utf-8")
    _wizard, page = _to_mapping(qtbot, nl_window, table)
    assert not page.network.isChecked() and page.column_type.currentData() == ""
