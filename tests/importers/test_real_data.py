"""Real published data through `knooppunt import` (tests/importers/data/real/README.md says where each
file comes from): KvK API bodies recorded against the KvK test environment, CAVIAR and Montagna as
their authors publish them, UCINET DL and Pajek files as those programs write them. Each shape is
imported through the CLI into a fresh encrypted project and read back; what cannot be kept is said."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.access import session
from tests.sandbox import cli_project
from workbench.cli import main
from workbench.output import read_json_rows

pytestmark = pytest.mark.usefixtures("english_cli")

REAL = Path(__file__).parent / "data" / "real"
PW = "anna: correct horse battery"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from cli_project(tmp_path, monkeypatch, PW)


def _import(capsys: pytest.CaptureFixture[str], project: Path, *args: str) -> tuple[int, list[dict], str]:
    code = main(["import", *args, "--project", str(project), "--format", "json"])
    out, err = capsys.readouterr()
    return code, read_json_rows(out) if code == 0 else [], err


def _ties(project: Path, relation: str) -> dict[tuple[str, str], dict]:
    store = session.unlock(project, "anna", PW)
    try:
        names = {e.id: e.caption for e in store.iter_entities("Person")}
        return {(names[r.source_id], names[r.target_id]): r.properties for r in store.iter_relations(relation)}
    finally:
        store.close()


def _count(project: Path, type_name: str) -> int:
    store = session.unlock(project, "anna", PW)
    try:
        return sum(1 for _ in store.iter_entities(type_name))
    finally:
        store.close()


# -- published criminal networks -------------------------------------------------------------------------
def test_caviar_phase_matrix_keeps_who_called_whom(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CAVIAR's phase matrix (`"players"` corner, quoted labels) is directed: 1 -> 89 is 4, 89 -> 1 is 1."""
    code, _, err = _import(capsys, project, "case", str(REAL / "caviar_phase1.csv"),
                              "--spec", str(REAL / "caviar.yaml"))
    assert code == 0, err
    ties = _ties(project, "contacted")
    assert len(ties) == 7
    assert ties[("1", "89")]["count"] == 4 and ties[("89", "1")]["count"] == 1


def test_caviar_as_undirected_says_which_pairs_differ(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _import(capsys, project, "case", str(REAL / "caviar_phase1.csv"),
                              "--spec", str(REAL / "netwerk_associates.yaml"))
    assert code == 0, err
    assert "2 pairs of the matrix differ" in err and "'1' -> '89' 4 (row 2), '89' -> '1' 1 (row 4)" in err
    assert len(_ties(project, "associate_of")) == 5


def test_caviar_untied_actor_is_named(project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """An actor whose row and column are all 0 makes no entity: the import names it."""
    text = (REAL / "caviar_phase1.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[0] += ',"9"'
    lines = [lines[0]] + [line + ",0" for line in lines[1:]] + ['"9",0,0,0,0,0,0,0']
    path = tmp_path / "caviar_phase1.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(path), "--spec", str(REAL / "caviar.yaml"))
    assert code == 0, err
    assert "1 node of the network has no tie and was not imported ('9')" in err
    assert _count(project, "Person") == 6


def test_montagna_phone_calls_tab_separated_without_header(project: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _import(capsys, project, "case", str(REAL / "montagna_phonecalls_edgelist.csv"),
                              "--spec", str(REAL / "montagna_phonecalls.yaml"))
    assert code == 0, err
    ties = _ties(project, "contacted")
    assert len(ties) == 12 and ties[("18", "19")] == {"count": 5, "kind": "gebeld"}
    assert ties[("19", "18")]["count"] == 6


def test_montagna_meetings_separated_by_spaces(project: Path, capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    """`Source Target Weight` with spaces: read with `csv: {delimiter: whitespace}`; without it the
    import stops naming the column and the setting to use, and writes nothing."""
    spec = tmp_path / "zonder.yaml"
    spec.write_text((REAL / "montagna_meetings.yaml").read_text().replace("csv: {delimiter: whitespace}\n", ""))
    code, _, err = _import(capsys, project, "case", str(REAL / "montagna_meetings_whitespace.csv"),
                           "--spec", str(spec))
    assert code == 2
    assert "row 1, column 'Source'" in err and "`csv: {delimiter: whitespace}`" in err
    assert len(err.strip().splitlines()) == 1
    assert _count(project, "Person") == 0
    code, _, err = _import(capsys, project, "case", str(REAL / "montagna_meetings_whitespace.csv"),
                           "--spec", str(REAL / "montagna_meetings.yaml"))
    assert code == 0, err
    ties = _ties(project, "contacted")
    assert ties[("N5", "N1")] == {"count": 3, "kind": "ontmoeting"} and len(ties) == 4


# -- UCINET DL and Pajek --------------------------------------------------------------------------------------
def test_ucinet_dl_weighted_full_matrix(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As UCINET writes it: `DL N=5 NM=1`, `DIAGONAL PRESENT`, quoted ROW/COLUMN LABELS, CRLF."""
    code, _, err = _import(capsys, project, "case", str(REAL / "ucinet_fullmatrix_weighted.dl"),
                              "--spec", str(REAL / "caviar.yaml"))
    assert code == 0, err
    ties = _ties(project, "contacted")
    assert ties[("1", "3")]["count"] == 4 and ties[("3", "1")]["count"] == 2 and len(ties) == 5
    assert "('Geen banden')" in err


@pytest.mark.parametrize(("name", "pairs"), [
    ("ucinet_edgelist1_embedded.dl", {("george", "sally"), ("george", "jim"), ("sally", "jim"), ("billy", "george"),
                                      ("jane", "jim")}),
    ("ucinet_fullmatrix_labels.dl", {("barry", "david"), ("barry", "lin"), ("barry", "pat"), ("david", "russ"),
                                     ("lin", "pat"), ("pat", "russ")}),
])
def test_ucinet_dl_gephi_examples(project: Path, capsys: pytest.CaptureFixture[str], name: str,
                                  pairs: set[tuple[str, str]]) -> None:
    code, _, err = _import(capsys, project, "case", str(REAL / name), "--spec", str(REAL / "netwerk_associates.yaml"))
    assert code == 0, err
    assert {tuple(sorted(p)) for p in _ties(project, "associate_of")} == {tuple(sorted(p)) for p in pairs}


@pytest.mark.parametrize(("text", "message"), [
    ("DL N=2 NM=2\nFORMAT = FULLMATRIX\nDATA:\n0 1\n1 0\n0 1\n1 0\n", "holds 2 relations ('1', '2'); name those "
                                                                    "to import"),
    ("dl n=2\nlabels:\na,b\ndata:\n0 x\n1 0\n", "row 5, column 'b': a DL cell must be a number (value 'x')"),
    ("dl n=2\nlabels:\na,b\ndata:\n0 1 1\n1 0\n", "row 5: a matrix row must have 2 cells (the columns), this one "
                                               "has 3"),
    ("dl n=2\nformat = edgelist1\nlabels:\na,b\ndata:\n1 3\n", "row 6: a node number must be 1 to 2"),
    ("Van;Naar\na;b\n", "not a UCINET DL file: no `DATA:` line"),
])
def test_ucinet_dl_bad_files_stop_in_one_line(project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                              text: str, message: str) -> None:
    path = tmp_path / "netwerk.dl"
    path.write_text(text, encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(path), "--spec", str(REAL / "netwerk_associates.yaml"))
    assert code == 2
    assert message in err and "netwerk.dl" in err and len(err.strip().splitlines()) == 1
    assert _count(project, "Person") == 0


def test_pajek_as_pajek_writes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Coordinates and colours, *Arcs with `c Blue`, *Edges, *Arcslist (`4 1 3`: two ties), CRLF, an
    untied vertex and one `*Vertices 6` leaves unlisted."""
    code, _, err = _import(capsys, project, "case", str(REAL / "pajek_as_pajek_writes.net"),
                              "--spec", str(REAL / "caviar.yaml"))
    assert code == 0, err
    ties = _ties(project, "contacted")
    assert set(ties) == {("Abdul Rauf", "Ahmad Rofiq Ridho"), ("Ahmad Rofiq Ridho", "Zulkarnaen"),
                         ("Iqbal", "Abdul Rauf"), ("Iqbal", "Zulkarnaen")}
    assert ties[("Ahmad Rofiq Ridho", "Zulkarnaen")]["count"] == 2
    assert "2 nodes of the network have no tie and were not imported ('Geen banden', '6')" in err


def test_pajek_vertices_without_lines(project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "kaal.net"
    path.write_text("*Vertices 4\n*Edges\n1 2\n3 4\n", encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(path), "--spec", str(REAL / "netwerk_associates.yaml"))
    assert code == 0, err
    assert {tuple(sorted(p)) for p in _ties(project, "associate_of")} == {("1", "2"), ("3", "4")}


# -- KvK API bodies as the test environment answered them ----------------------------------------------------
def test_kvk_recorded_answers(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in REAL.glob("kvk_*.json"))
    assert len(files) == 6
    code, _, err = _import(capsys, project, "kvk", *files)
    assert code == 0, err
    store = session.unlock(project, "anna", PW)
    try:
        companies = {e.properties["kvk_number"]: e for e in store.iter_entities("Company")}
        addresses = {e.caption for e in store.iter_entities("Address")}
    finally:
        store.close()
    assert set(companies) == {"69599084", "90000749", "68750110"}
    vve = companies["90000749"].properties
    assert vve["name"] == "Global Conron" and vve["rsin"] == "992340597"
    assert "Blaauwweg 163, 3328 XD Dordrecht" in addresses  # the VvE's address sits under `eigenaar`
    assert "Abebe Bikilalaan 17M, 1034 WL Amsterdam" in addresses
    dagobert = companies["69599084"].properties
    assert "Vierde handelsnaam Vestiging2" in dagobert["trade_names"]
    assert {"000038509504", "028435810622", "000038509520"} <= set(dagobert["establishment_number"])
    # what no property holds is said, not dropped quietly
    assert "not kept" in err and "indCommercieleVestiging" in err


# -- matrices as R and Excel users publish them -------------------------------------------------------------
def test_oversize_matrix_with_bom_and_empty_corner(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'Ndrangheta "Oversize" (Berlusconi et al., figshare): UTF-8 with BOM, CRLF, an empty corner cell."""
    code, _, err = _import(capsys, project, "case", str(REAL / "oversize_bom_matrix.csv"),
                           "--spec", str(REAL / "netwerk_associates.yaml"))
    assert code == 0, err
    assert _ties(project, "associate_of") == {("Antonio", "Bruno"): {"weight": 1}, ("Carmine", "Bruno"): {"weight": 2}}
    assert "differ" not in err  # a symmetric matrix: nothing to say


def test_r_write_csv_matrix_missing_values(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """R's `write.csv`: a quoted empty corner and `NA` for a missing value: no tie, and said where."""
    code, _, err = _import(capsys, project, "case", str(REAL / "r_write_csv_matrix.csv"),
                           "--spec", str(REAL / "netwerk_associates.yaml"))
    assert code == 0, err
    assert "2 matrix cells say the value is missing (NA, first at row 2, column 'N3'): read as no tie" in err
    assert "('N3')" in err  # and N3, whose only cells were NA, is named as untied
    assert set(_ties(project, "associate_of")) == {("N1", "N2")}


def test_caviar_workbook_with_a_sheet_per_phase(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A workbook of matrices, one sheet per phase (numbers as Excel stores them, an empty corner): the
    specification reads the first; the import says which sheets it did not read."""
    code, _, err = _import(capsys, project, "case", str(REAL / "caviar_phases.xlsx"),
                           "--spec", str(REAL / "caviar.yaml"))
    assert code == 0, err
    assert "1 sheet the specification does not map was not imported ('Phase 2')" in err
    assert _ties(project, "contacted") == {("1", "4"): {"count": 1}, ("1", "89"): {"count": 4},
                                           ("89", "1"): {"count": 1}}


def test_what_was_left_out_is_said_in_dutch(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import", "case", str(REAL / "ucinet_fullmatrix_weighted.dl"), "--spec",
                 str(REAL / "netwerk_associates.yaml"), "--project", str(project), "--lang", "nl"])
    _, err = capsys.readouterr()
    assert code == 0, err
    assert "2 paren van de matrix verschillen tussen rij -> kolom en kolom -> rij" in err
    assert "1 knoop van het netwerk heeft geen band en is niet geïmporteerd ('Geen banden')" in err
    assert "differ" not in err and "no tie" not in err


def test_konect_note_lines_and_spaces(project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """KONECT: `% sym unweighted` and `% 6 5 5` on top, then `1 2`: the notes are skipped with
    `csv: {comment: "%"}` and a bad line is named by its line in the file."""
    code, _, err = _import(capsys, project, "case", str(REAL / "konect_out.moreno_train"),
                           "--spec", str(REAL / "konect.yaml"))
    assert code == 0, err
    assert len(_ties(project, "associate_of")) == 6 and _count(project, "Person") == 5
    bad = tmp_path / "out.bad"
    bad.write_text("% sym unweighted\n1 2\n1 2 3\n", encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(bad), "--spec", str(REAL / "konect.yaml"))
    assert code == 2 and "out.bad: row 3:" in err and len(err.strip().splitlines()) == 1
