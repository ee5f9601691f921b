"""Two-mode networks (persons by the meetings they attended), through `knooppunt import case`: Davis's
Southern Women as UCINET writes them (`DL NR=18, NC=14`), as Pajek's DeepSouth.paj holds them
(`*Vertices 32 18`) and as R's write.csv saves the incidence matrix. They came in as 32 persons, the
meetings among them, tied to each other by `associate_of`; now the columns are what the specification's
matrix says (`columns: Event`), a file that says it is two-mode stops until it does, and a tie is `attended`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.access import session
from tests.importers.test_real_data import PW, _import
from tests.networks import davis_csv, davis_dl, davis_dl_edgelist2, davis_dl_nodelist2, davis_pajek
from tests.sandbox import cli_project
from workbench.output import read_json_rows

pytestmark = pytest.mark.usefixtures("english_cli")
SPEC = "name: Davis\nsource: Deep South (Davis, Gardner en Gardner 1941)\nmatrix:\n  entity: Person\n"
WRITERS = {"dl": davis_dl, "net": davis_pajek, "csv": davis_csv, "el2.dl": davis_dl_edgelist2,
           "nl2.dl": davis_dl_nodelist2}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from cli_project(tmp_path, monkeypatch, PW)


def _spec(tmp_path: Path, more: str) -> str:
    path = tmp_path / "davis.yaml"
    path.write_text(SPEC + more, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("suffix", sorted(WRITERS))
def test_women_attend_events(suffix: str, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = WRITERS[suffix](tmp_path / f"davis.{suffix}")
    code, _, err = _import(capsys, project, "case", str(data),
                              "--spec", _spec(tmp_path, "  columns: Event\n  relation: attended\n"))
    assert code == 0, err
    store = session.unlock(project, "anna", PW)
    try:
        women = {e.id: e.caption for e in store.iter_entities("Person")}
        events = {e.id: e.caption for e in store.iter_entities("Event")}
        attended = [(women[r.source_id], events[r.target_id]) for r in store.iter_relations("attended")]
        assert sum(1 for _ in store.iter_relations()) == 89
    finally:
        store.close()
    assert len(women) == 18 and len(events) == 14 and len(attended) == len(set(attended)) == 89
    assert ("Evelyn Jefferson", "E1") in attended and ("Dorothy Murchison", "E9") in attended
    assert ("Evelyn Jefferson", "E7") not in attended
    assert "diagonal" not in err and "differ" not in err  # no self-tie, no mirror cell to compare


@pytest.mark.parametrize("suffix", sorted(WRITERS))
def test_a_two_mode_file_without_columns_stops_in_one_line(suffix: str, project: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """It made 32 persons: the 14 meetings among them, each woman `associate_of` a meeting. (A table whose row
    labels are none of its column labels is one too: a one-mode matrix names its nodes down and across.)"""
    data = WRITERS[suffix](tmp_path / f"davis.{suffix}")
    code, _, err = _import(capsys, project, "case", str(data), "--spec", _spec(tmp_path, "  relation: associate_of\n"))
    assert code == 2
    assert err == (f"knooppunt: davis.{suffix}: a two-mode network (18 by 14: its rows and its columns are different "
                   "kinds of thing); say what the columns are in the specification's matrix, e.g. `columns: Event` "
                   "with `relation: attended`\n")
    store = session.unlock(project, "anna", PW)
    try:
        assert sum(1 for _ in store.iter_entities()) == 0
    finally:
        store.close()


def test_a_relation_that_cannot_tie_rows_to_columns_is_refused(project: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _import(capsys, project, "case", str(davis_dl(tmp_path / "davis.dl")),
                           "--spec", _spec(tmp_path, "  columns: Event\n  relation: associate_of\n"))
    assert code == 2 and "davis.yaml: matrix.relation: associate_of cannot link Person to Event" in err


def test_a_pajek_tie_within_one_mode_is_named(project: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "bad.net"
    data.write_text('*Vertices 4 2\n1 "Ali"\n2 "Bert"\n3 "M1"\n4 "M2"\n*Edges\n1 3\n1 2\n', encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(data),
                           "--spec", _spec(tmp_path, "  columns: Event\n  relation: attended\n"))
    assert code == 2
    assert ("bad.net: row 8: a two-mode network (`*Vertices 4 2`) ties a vertex of 1-2 to one of 3-4; this tie "
            "does not (value '1 2')") in err


def test_who_attended_the_same_events(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`knooppunt analyse events`: the pairs of women that were at the same events, as networkx's weighted
    projection of the bipartite graph counts them (139 pairs; Evelyn and Theresa 7 times), each with the events."""
    import networkx as nx
    from networkx.algorithms import bipartite

    from tests.networks import _davis
    from workbench.cli import main

    data = davis_dl(tmp_path / "davis.dl")
    assert _import(capsys, project, "case", str(data),
                   "--spec", _spec(tmp_path, "  columns: Event\n  relation: attended\n"))[0] == 0
    assert main(["analyse", "events", "--project", str(project), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    rows = read_json_rows(out)
    women, _events, attended = _davis()
    g = nx.Graph(list(attended))
    expected = bipartite.weighted_projected_graph(g, women)
    assert len(rows) == expected.number_of_edges() == 139
    got = {frozenset((r["a_caption"], r["b_caption"])): r["events_shared"] for r in rows}
    assert got == {frozenset((a, b)): d["weight"] for a, b, d in expected.edges(data=True)}
    assert {rows[0]["a_caption"], rows[0]["b_caption"]} == {"Evelyn Jefferson", "Theresa Anderson"}
    assert rows[0]["events_shared"] == 7 and len(rows[0]["events"]) == 7
    assert "attendees skipped (0)" in err
    # a congress says little about who knows whom: events with more than --max attendees are left out
    assert main(["analyse", "events", "--max", "10", "--project", str(project), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    crowded = sum(1 for e in _events if sum(1 for _w, x in attended if x == e) > 10)  # E8 (14) and E9 (12)
    small = nx.Graph([(w, e) for w, e in attended if sum(1 for _w, x in attended if x == e) <= 10])
    pairs = bipartite.projected_graph(small, [w for w in women if w in small]).number_of_edges()
    assert crowded == 2 and len(read_json_rows(out)) == pairs
    assert f"events with over 10 attendees skipped ({crowded})" in err


def test_a_networkx_two_mode_graphml_takes_its_node_types_from_an_attribute(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """networkx writes the two modes in a node attribute (`bipartite` 0/1) and the edges either way round:
    `--node-type-from bipartite --node-type-map 0=Person --node-type-map 1=Event --edge-type attended` makes
    18 persons and 14 events, each edge from the person to the event (it could only make 32 persons)."""
    from tests.networks import davis_graphml
    from workbench.cli import main

    data = davis_graphml(tmp_path / "davis.graphml")
    text = data.read_text(encoding="utf-8")
    assert '<edge source="E1" target="Evelyn Jefferson"' in text and 'edgedefault="undirected"' in text
    args = ["import", "graphml", str(data), "--project", str(project), "--node-type-from", "bipartite",
            "--node-type-map", "0=Person", "--edge-type", "attended"]
    # one mode named only: the other's nodes and their edges are said in one line each, not 89
    assert main([*args, "--dry-run"]) == 0
    err = capsys.readouterr().err
    assert "node bipartite '1' names no entity type; not imported (give its type with --node-type-map VALUE=TYPE " \
           "or --node-type) (14 records, the first node E1)" in err
    assert "an edge's end is not an imported entity (89 records, the first edge E1->Brenda Rogers)" in err
    assert main([*args, "--node-type-map", "1=Event"]) == 0, capsys.readouterr().err
    store = session.unlock(project, "anna", PW)
    try:
        women = {e.id: e.caption for e in store.iter_entities("Person")}
        events = {e.id: e.caption for e in store.iter_entities("Event")}
        attended = {(women[r.source_id], events[r.target_id]) for r in store.iter_relations("attended")}
    finally:
        store.close()
    assert len(women) == 18 and len(events) == 14 and len(attended) == 89
    assert ("Evelyn Jefferson", "E1") in attended
