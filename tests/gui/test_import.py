"""The import wizard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# -- import -----------------------------------------------------------------------------------------------
CSV = """KvK-nummer;Bedrijfsnaam;Adres;Naam;Datum aanvang
12345678;Testbouw Noord B.V.;Hoofdstraat 12, 7607 AB Almelo;Jan Jansen;01-02-2020
87654321;Testtrans Oost B.V.;Wierdensestraat 3, 7607 GH Almelo;Jan Jansen;15-03-2021
12345678;Testbouw Noord B.V.;Hoofdstraat 12, 7607 AB Almelo;Piet Pietersen;01-06-2022
"""


def _wizard_to_mapping(qtbot: Any, window: Any, csv_path: Path) -> Any:
    wizard = window.import_wizard()
    qtbot.addWidget(wizard)
    wizard.file_page.path.setText(str(csv_path))
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page, wizard.file_page.error.text()
    page = wizard.mapping_page
    assert page.preview.rowCount() == 3 and page.preview.columnCount() == 5
    page.set_mapping("KvK-nummer", "Company.kvk_number")  # guessed already; explicit for clarity
    page.set_mapping("Naam", "Person.name")
    assert {k: v for k, v in page.mapped().items() if k != "@relations"} == {
        "Company": {"kvk_number": "KvK-nummer", "name": "Bedrijfsnaam"}, "Address": {"address": "Adres"},
        "Person": {"name": "Naam"}}
    assert page.set_relation("director_of", "Person", "Company")
    assert page.set_relation("located_at", "Company", "Address")
    assert page.mapped()["@relations"] == {"valid_from": "Datum aanvang"}  # guessed: dates every relation
    assert "valid_from: Datum aanvang" in page.spec_text.toPlainText()
    page.set_mapping("Datum aanvang", "")  # here: undated
    page.source.setText("KvK-uittreksel test")
    return wizard


def test_import_a_csv_through_the_wizard(qtbot: Any, window: Any, tmp_path: Path, shoot: Any) -> None:
    csv_path = tmp_path / "bedrijven.csv"
    csv_path.write_text(CSV, encoding="cp1252")
    store = window.session.store
    before = store.counts()
    wizard = _wizard_to_mapping(qtbot, window, csv_path)
    shoot(wizard, "import_wizard_mapping")
    wizard.next()  # dry run
    dry = wizard.dry_page
    qtbot.waitUntil(lambda: dry.done, timeout=20000)
    assert dry.result is not None, dry.status.text()
    assert dry.result.entities.created == 2 + 2 + 2  # companies, addresses, persons
    assert dry.result.relations.created == 3 + 2
    assert store.counts() == before  # a dry run writes nothing
    shoot(wizard, "import_wizard_dry_run")
    with qtbot.waitSignal(wizard.imported, timeout=20000):
        wizard.next()
    assert wizard.import_page.result.entities.created == 6
    hits = store.search("Testbouw Noord")
    assert [h.properties["kvk_number"] for h in hits] == ["12345678"]
    assert hits[0].provenance is not None and hits[0].provenance.source == "KvK-uittreksel test"
    assert {r.type for r in store.relations_of(hits[0].id)} == {"director_of", "located_at"}
    spec_file = tmp_path / "kvk.yaml"
    assert wizard.save_spec(spec_file)
    assert "director_of" in spec_file.read_text(encoding="utf-8")
    assert "kvk" in wizard.saved_specs()
    again = _wizard_to_mapping(qtbot, window, csv_path)  # next delivery: reuse the saved spec
    again.mapping_page.spec_text.clear()
    again.mapping_page.load_saved("kvk")
    assert again.mapping_page.spec_text.toPlainText() == spec_file.read_text(encoding="utf-8")


def test_cancelled_import_leaves_the_project_untouched(qtbot: Any, window: Any, tmp_path: Path) -> None:
    csv_path = tmp_path / "bedrijven.csv"
    csv_path.write_text(CSV, encoding="utf-8")
    store = window.session.store
    before = store.counts()
    wizard = _wizard_to_mapping(qtbot, window, csv_path)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.dry_page.done, timeout=20000)
    page = wizard.import_page
    page.initializePage = lambda: None  # start by hand, to cancel before the first chunk is committed
    wizard.next()
    task = page.start()
    task.cancel()
    qtbot.waitUntil(lambda: page.done, timeout=20000)
    assert page.result is None
    assert "nothing was written" in page.status.text()
    assert store.counts() == before


# -- a role column onto the relation, warnings, and the resolution panel ---------------------------------
ROLES_CSV = """KvK-nummer;Bedrijfsnaam;Naam;Geboortedatum;Rol
12345678;Testbouw Noord B.V.;Jan Jansen;01-02-1970;katvanger
87654321;Testtrans Oost B.V.;Piet Pietersen;03-04-1980;bestuurder
"""


def _role_wizard(qtbot: Any, window: Any, csv_path: Path) -> Any:
    wizard = window.import_wizard()
    qtbot.addWidget(wizard)
    wizard.file_page.path.setText(str(csv_path))
    wizard.next()
    page = wizard.mapping_page
    page.set_mapping("Naam", "Person.name")
    page.set_mapping("Geboortedatum", "Person.birth_date")
    assert page.mapped()["@relprop"] == {"role": "Rol"}  # guessed from the column name "Rol"
    assert "No ticked relation" in page.error.text()  # mapped onto a relation, none ticked yet: said
    assert page.set_relation("director_of", "Person", "Company")
    assert page.error.text() == ""
    return wizard


def test_the_wizard_maps_a_role_column_onto_the_relation(qtbot: Any, window: Any, tmp_path: Path,
                                                         shoot: Any) -> None:
    import yaml

    csv_path = tmp_path / "rollen.csv"
    csv_path.write_text(ROLES_CSV, encoding="utf-8")
    wizard = _role_wizard(qtbot, window, csv_path)
    page = wizard.mapping_page
    combo = next(page.mapping.cellWidget(i, 2) for i in range(page.mapping.rowCount())
                 if page.mapping.item(i, 0).text() == "Rol")
    assert "director of" in combo.currentText() and "Role" in combo.currentText()
    spec = yaml.safe_load(page.spec_text.toPlainText())
    assert spec["relations"] == [{"type": "director_of", "from": "person", "to": "company",
                                  "properties": {"role": "Rol"}}]
    shoot(wizard, "import_wizard_role_mapping")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.dry_page.done, timeout=20000)
    with qtbot.waitSignal(wizard.imported, timeout=20000):
        wizard.next()
    store = window.session.store
    company = store.search("Testbouw Noord")[0]
    roles = {r.properties.get("role") for r in store.relations_of(company.id) if r.type == "director_of"}
    assert roles == {"katvanger"}
    assert wizard.save_spec(tmp_path / "rollen.yaml")
    assert "role: Rol" in (tmp_path / "rollen.yaml").read_text(encoding="utf-8")  # saved into the spec


def test_import_warnings_are_shown_in_the_summary(qtbot: Any, window: Any, tmp_path: Path) -> None:
    csv_path = tmp_path / "bedrijven.csv"
    csv_path.write_text(CSV.replace("Wierdensestraat 3, 7607 GH Almelo", "achter de kerk"), encoding="utf-8")
    wizard = _wizard_to_mapping(qtbot, window, csv_path)  # an address without postcode: no Address, a warning
    wizard.next()
    dry = wizard.dry_page
    qtbot.waitUntil(lambda: dry.done, timeout=20000)
    assert dry.result is not None
    shown = dry.warnings.toPlainText()
    assert "achter de kerk" in shown and shown == "\n".join(dry.result.warnings)
    assert not dry.warnings.isHidden()
