"""Files from elsewhere: spreadsheet formulas neutralised, foreign GEXF/GraphML/FtM reported, not guessed."""

from __future__ import annotations

import csv
from pathlib import Path

from graph.exchange.service import export_file, import_file
from graph.model import Entity, Provenance
from tests.exchange.conftest import open_owner


def test_csv_cells_cannot_run_formulas(project: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    with open_owner(project[0]) as store:
        store.upsert_entities([Entity(type="Person", properties={"name": "=HYPERLINK(\"http://x\")\x07"},
                                      provenance=Provenance(source="test", reference="f1"))])
        out = tmp_path / "lijst.csv"
        export_file(store, "csv", out, audience="open")
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()[1:]))
    names = [r[2] for r in rows]
    assert "'=HYPERLINK(\"http://x\")\\x07" in names
    assert not any(n.startswith(("=", "+", "-", "@")) for n in names)


def test_gexf_from_gephi_without_our_types_is_reported(empty_project: Path, tmp_path: Path) -> None:
    path = tmp_path / "gephi.gexf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3" version="1.3">'
        '<graph defaultedgetype="directed"><attributes class="node"><attribute id="0" title="kn_type" '
        'type="string"/></attributes><nodes><node id="a" label="Anna"><attvalues><attvalue for="0" value="Person"/>'
        '</attvalues></node><node id="b" label="Boot"/></nodes><edges><edge id="e1" source="a" target="b"/></edges>'
        '</graph></gexf>', encoding="utf-8")
    with open_owner(empty_project) as store:
        report = import_file(store, "gexf", path)
        assert [e.properties for e in store.iter_entities()] == [{"name": "Anna"}]
    assert any("node b: type '(none)' is not a Knooppunt entity type" in p for p in report.problems)
    assert any("edge e1: type '(none)' is not a Knooppunt relation type" in p for p in report.problems)


def test_ftm_fragments_merged_and_unknown_schemata_reported(empty_project: Path, tmp_path: Path) -> None:
    path = tmp_path / "aleph.ftm"
    path.write_text(
        '{"id": "p1", "schema": "Person", "properties": {"name": ["Anna Smit"]}}\n'
        '{"id": "p1", "schema": "Person", "properties": {"birthDate": ["1970-01-02"], "phone": ["+31612345678"]}}\n'
        '{"id": "c1", "schema": "Company", "properties": {"name": ["Smit B.V."], "registrationNumber": ["68750110"]}}\n'
        '{"id": "d1", "schema": "Directorship", "properties": {"director": ["p1"], "organization": ["c1"], '
        '"startDate": ["2020-01-01"]}}\n'
        '{"id": "x1", "schema": "Airplane", "properties": {"name": ["PH-ABC"]}}\n'
        'geen json\n', encoding="utf-8")
    with open_owner(empty_project) as store:
        report = import_file(store, "ftm", path, label="confidential")
        anna = next(iter(store.iter_entities("Person")))
        assert anna.properties == {"name": "Anna Smit", "birth_date": "1970-01-02"} and anna.label == "confidential"
        director = next(iter(store.iter_relations("director_of")))
        assert director.valid_from == "2020-01-01" and director.source_id == anna.id
        assert [e.properties["number"] for e in store.iter_entities("PhoneNumber")] == ["+31612345678"]
    assert any("line 6: not an FtM entity" in p for p in report.problems)
    assert any("'Airplane' has no Knooppunt type" in p for p in report.problems)
