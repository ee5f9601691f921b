"""GraphML and GEXF as Gephi, yEd, networkx and igraph write them (data/real/README.md), imported through
`knooppunt import graphml|gexf` into a fresh project: names, weights and what is left out, said."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.access import session
from tests.sandbox import cli_project
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")

REAL = Path(__file__).parent / "data" / "real"
PW = "anna: correct horse battery"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from cli_project(tmp_path, monkeypatch, PW)


def _import(capsys: pytest.CaptureFixture[str], project: Path, fmt: str, name: str, edge_type: str) -> str:
    code = main(["import", fmt, str(REAL / name), "--node-type", "Person", "--edge-type", edge_type,
                 "--project", str(project)])
    _, err = capsys.readouterr()
    assert code == 0, err
    return err


def _read(project: Path, relation: str) -> tuple[set[str], dict[tuple[str, str], dict]]:
    store = session.unlock(project, "anna", PW)
    try:
        names = {e.id: e.properties.get("name", "") for e in store.iter_entities("Person")}
        ties = {tuple(sorted((names[r.source_id], names[r.target_id]))): r.properties
                for r in store.iter_relations(relation)}
        return set(names.values()), ties  # type: ignore[return-value]
    finally:
        store.close()


def test_gephi_gexf_weights_kept_labels_reported(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _import(capsys, project, "gexf", "gephi_0.9_lesmiserables.gexf", "associate_of")
    names, ties = _read(project, "associate_of")
    assert names == {"Valjean", "Gavroche", "Marius"}
    assert ties[("Marius", "Valjean")] == {"weight": 19} and ties[("Gavroche", "Marius")] == {"weight": 4}
    assert "edge 1: edge label 'vriend' left out" in err
    assert "property 'Modularity Class' is not in the schema of Person" in err


def test_gephi_weight_without_a_place_is_reported(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _import(capsys, project, "gexf", "gephi_0.9_lesmiserables.gexf", "family_of")
    assert "edge 1: weight 19.0 left out (family_of has no weight)" in err
    assert "edge 0: weight" not in err  # Gephi's default 1.0 is no statement


def test_yed_names_live_in_node_labels(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _import(capsys, project, "graphml", "yed_3.23.graphml", "contacted")
    names, ties = _read(project, "contacted")
    assert names == {"Jan de Vries", "Piet Bakker"} and len(ties) == 1
    assert "edge e0: edge label 'belt' left out" in err and "property 'description'" in err


@pytest.mark.parametrize("name", ["networkx_3.6.graphml", "igraph_1.0.graphml"])
def test_graphml_of_python_libraries(project: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    _import(capsys, project, "graphml", name, "associate_of")
    names, ties = _read(project, "associate_of")
    assert names == {"Jan de Vries", "Piet", "Klaas"}
    assert ties[("Jan de Vries", "Piet")]["weight"] in (2, 3) and len(ties) == 2


def test_gephi_graphml_presentation_keys_one_line_each(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Gephi's GraphML export puts r, g, b, x, y and size on every node: one line per key, with the count."""
    err = _import(capsys, project, "graphml", "gephi_0.9_export.graphml", "associate_of")
    names, ties = _read(project, "associate_of")
    assert names == {"Valjean", "Gavroche", "Marius"}
    assert ties[("Marius", "Valjean")] == {"weight": 19}
    assert "property 'size' is not in the schema of Person; left out (3 records, the first node 11)" in err
    assert err.count("is not in the schema of Person") == 6
    assert "edge 1: property 'Edge Label' is not in the schema of associate_of; left out" in err


def test_opensanctions_ftm_foreign_company_partial_dates(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import", "ftm", str(REAL / "opensanctions_shape.ftm.json"), "--project", str(project)])
    _, err = capsys.readouterr()
    assert code == 0, err
    store = session.unlock(project, "anna", PW)
    try:
        companies = {e.properties["name"]: e for e in store.iter_entities("Company")}
        persons = {e.properties["name"]: e for e in store.iter_entities("Person")}
        (director,) = store.iter_relations("director_of")
    finally:
        store.close()
    assert "kvk_number" not in companies["Sidorov Trading LLC"].properties
    assert "FtM registrationNumber '1027700000000' is not a KvK number; kept among the Company's identifications" in err
    assert sorted(companies["Sidorov Trading LLC"].properties["identifications"]) == [
        "1027700000000 (registration number, RU)", "7700000000 (INN, RU)"]
    assert director.valid_from == "2015-01-01" and director.properties == {"role": "General Director"}
    assert "FtM startDate is a partial date, read as a day (2015 -> 2015-01-01)" in err
    assert "birth_date" not in persons["Jan Jansen"].properties
    assert "FtM birthDate '1965' gives no day; left out (the Person kept without it)" in err
    assert persons["Ivan Petrovich Sidorov"].properties["birth_date"] == "1965-03-04"
    assert "FtM property 'position'" in err
    assert "innCode" not in err  # kept among the identifications now (tests/exchange/test_real_ftm.py)
    assert persons["Ivan Petrovich Sidorov"].properties["topics"] == ["sanction"]  # kept (test_real_ftm.py)
    assert "sourceUrl" not in err  # the provenance's reference now (tests/exchange/test_real_ftm.py)
    assert "FtM schema 'Sanction'" not in err  # a Measure now


# -- a relation type per edge from an edge attribute (realui) ---------------------------------------------------
PADGETT = "networkx_3.6_padgett_relations.graphml"


def _graphml(capsys: pytest.CaptureFixture[str], project: Path, *more: str) -> tuple[int, str]:
    code = main(["import", "graphml", str(REAL / PADGETT), "--project", str(project), "--node-type", "Person", *more])
    return code, capsys.readouterr().err


def test_graphml_edge_type_from_an_attribute_with_a_map(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """networkx's GraphML of Padgett's two relations (edge attribute `relation`: Marital, Business): every edge
    had to be one --edge-type, the marriages and the business ties one relation. Now each edge its own type."""
    code, err = _graphml(capsys, project, "--edge-type-from", "relation", "--edge-type-map", "Marital=family_of",
                         "--edge-type-map", "Business=associate_of")
    assert code == 0, err
    _, family = _read(project, "family_of")
    _, business = _read(project, "associate_of")
    assert len(family) == 11 and len(business) == 9
    assert ("Albizzi", "Medici") in family and ("Barbadori", "Castellani") in business
    assert "relation" not in err  # read as the type, not a property left out


def test_graphml_edge_type_values_that_name_no_type_are_counted(project: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _graphml(capsys, project, "--edge-type-from", "relation", "--edge-type-map", "Marital=family_of",
                         "--edge-type", "associate_of")
    assert code == 0, err
    assert len(_read(project, "family_of")[1]) == 11 and len(_read(project, "associate_of")[1]) == 9
    assert ("edge relation 'Business' names no relation type; read as associate_of (9 records, the first edge 0)"
            in err)
    code, err = _graphml(capsys, project, "--edge-type-from", "relation", "--lang", "nl")
    assert code == 0, err
    assert ("lijn met relation 'Marital' noemt geen relatietype; niet geïmporteerd (geef het type met "
            "--edge-type-map WAARDE=TYPE of --edge-type) (11 records, de eerste lijn 1)") in err


def test_graphml_edge_type_map_to_no_type_stops_in_one_line(project: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _graphml(capsys, project, "--edge-type-from", "relation", "--edge-type-map", "Marital=huwelijk")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "--edge-type-map Marital=huwelijk: 'huwelijk' is not a Knooppunt relation type" in err
