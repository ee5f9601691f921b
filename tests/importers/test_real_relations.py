"""Published network files with several relations and labelled ties, through `knooppunt import case`:
Padgett's Florentine families as UCINET (NM=2, MATRIX LABELS) and as Pajek's project file (`*Arcs :1
"Business"`, `*Arcs :2 "Marital"`, `*Vector Wealth`), and the Pajek manual's example (`l "Math 2a"`).
Sources and licences: tests/importers/data/real/README.md."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.access import session
from tests.importers.test_real_data import PW, REAL, _import, _ties
from tests.sandbox import cli_project
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from cli_project(tmp_path, monkeypatch, PW)


def _names(project: Path) -> set[str]:
    store = session.unlock(project, "anna", PW)
    try:
        return {e.caption for e in store.iter_entities("Person")}
    finally:
        store.close()


def _pairs(ties: dict[tuple[str, str], dict]) -> set[tuple[str, ...]]:
    return {tuple(sorted(p)) for p in ties}


# -- UCINET DL with two matrices --------------------------------------------------------------------------------
def test_ucinet_two_matrices_each_its_relation_type(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """PADGM (marriages) -> family_of, PADGB (business) -> associate_of: both imported, each as its type."""
    code, _, err = _import(capsys, project, "case", str(REAL / "ucinet_padgett_nm2.dl"),
                           "--spec", str(REAL / "padgett_relations.yaml"))
    assert code == 0, err
    family, business = _ties(project, "family_of"), _ties(project, "associate_of")
    assert len(_pairs(family)) == 20 and len(_pairs(business)) == 15
    assert ("MEDICI", "TORNABUON") in _pairs(family) and ("MEDICI", "SALVIATI") in _pairs(business)
    assert ("ALBIZZI", "MEDICI") in _pairs(family) and ("ALBIZZI", "MEDICI") not in _pairs(business)
    assert "('PUCCI')" in err  # Pucci has no tie in either relation


def test_ucinet_pick_one_matrix_the_other_is_named(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _import(capsys, project, "case", str(REAL / "ucinet_padgett_nm2.dl"),
                           "--spec", str(REAL / "padgett_marital.yaml"))
    assert code == 0, err
    assert len(_pairs(_ties(project, "family_of"))) == 20 and not _ties(project, "associate_of")
    assert ("1 relation of the file the specification's matrix `relations:` does not name was not imported: "
            "'PADGB' (30 ties)") in err


def test_ucinet_matrix_label_kept_in_a_property(project: Path, capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    """`name: kind` keeps every matrix in one relation type, the label telling them apart (contacted's identity)."""
    spec = tmp_path / "soort.yaml"
    spec.write_text("name: x\nsource: Gepubliceerd netwerk\nmatrix: {entity: Person, relation: contacted, "
                    "name: kind}\n", encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(REAL / "ucinet_padgett_nm2.dl"), "--spec", str(spec))
    assert code == 0, err
    store = session.unlock(project, "anna", PW)
    try:
        kinds = [r.properties["kind"] for r in store.iter_relations("contacted")]
    finally:
        store.close()
    assert kinds.count("PADGM") == 40 and kinds.count("PADGB") == 30


def test_ucinet_several_matrices_without_a_choice_stop_in_one_line(project: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _import(capsys, project, "case", str(REAL / "ucinet_padgett_nm2.dl"),
                           "--spec", str(REAL / "netwerk_associates.yaml"))
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "ucinet_padgett_nm2.dl: holds 2 relations ('PADGM', 'PADGB'); name those to import" in err
    assert "`relations: {PADGM: associate_of}`" in err
    assert not _names(project)


@pytest.mark.parametrize(("text", "message"), [
    ("dl n=2 nm=2\nmatrix labels:\nA\ndata:\n0 1\n1 0\n0 1\n1 0\n", "NM=2 but 1 MATRIX LABELS (A)"),
    ("dl n=2 nm=3\ndata:\n0 1\n1 0\n0 1\n1 0\n", "NM=3 but the data holds 2 matrices"),
    ("dl nm=3\ndata:\n0\n", "NM=3 but the data holds 1 matrices"),  # no N: fewer rows than matrices
])
def test_ucinet_matrix_count_checked(project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     text: str, message: str) -> None:
    path = tmp_path / "netwerk.dl"
    path.write_text(text, encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(path), "--spec", str(REAL / "padgett_relations.yaml"))
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_ucinet_edgelist_matrices_separated_by_bang(project: Path, capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    path = tmp_path / "lijst.dl"
    path.write_text("dl n=3 nm=2 format=edgelist1\nlabels:\nan,bo,cor\nmatrix labels:\nMarital,Business\n"
                    "data:\n1 2\n!\n2 3 4\n", encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(path), "--spec", str(REAL / "padgett_relations.yaml"))
    assert code == 0, err
    assert _pairs(_ties(project, "family_of")) == {("an", "bo")}
    assert _pairs(_ties(project, "associate_of")) == {("bo", "cor")}
    # the business tie's 4 has nowhere to go: said, with its line
    assert "1 tie value not kept (first at line 9, value '4'): the specification's matrix has no `value:`" in err


def test_ucinet_diagonal_absent(project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "zonder.dl"
    path.write_text("dl n=3\nformat = fullmatrix diagonal absent\nlabels:\nan,bo,cor\ndata:\n1 0\n0 1\n0 0\n",
                    encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(path), "--spec", str(REAL / "netwerk_associates.yaml"))
    assert code == 0, err
    assert _pairs(_ties(project, "associate_of")) == {("an", "bo"), ("bo", "cor")}


# -- Pajek: several relations, labels, a project file's vectors ---------------------------------------------
def test_pajek_project_file_relations_and_vectors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Padgett.paj as Pajek ships it: networkx read `*Arcs :2 "Marital"` and `*Vector Wealth` as ties
    between persons '*Arcs' and ':2', '*Vector' and 'Wealth'. Each relation is its type; the vectors are said."""
    code, _, err = _import(capsys, project, "case", str(REAL / "pajek_padgett_project.paj"),
                           "--spec", str(REAL / "padgett_relations.yaml"))
    assert code == 0, err
    names = _names(project)
    assert not {n for n in names if n.startswith(("*", ":")) or n in ("Wealth", "#Priors")}
    assert _pairs(_ties(project, "associate_of")) == {
        ("Barbadori", "Castellani"), ("Barbadori", "Ginori"), ("Barbadori", "Medici"), ("Barbadori", "Peruzzi"),
        ("Bischeri", "Guadagni"), ("Bischeri", "Lamberteschi"), ("Bischeri", "Peruzzi"),
        ("Castellani", "Lamberteschi"), ("Castellani", "Peruzzi")}
    family = _pairs(_ties(project, "family_of"))
    assert ("Acciaiuoli", "Medici") in family and len(family) == 11
    assert "not kept: *Vector 'Wealth' (a value per vertex) (1x, first at line 44)" in err
    assert "not kept: *Vector '#Priors' (a value per vertex) (1x, first at line 63)" in err
    assert "not kept: vertex coordinates (16x, first at line 3, value '0.2024 0.1006')" in err


def test_pajek_pick_one_relation(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _import(capsys, project, "case", str(REAL / "pajek_padgett_project.paj"),
                           "--spec", str(REAL / "padgett_marital.yaml"))
    assert code == 0, err
    assert not _ties(project, "associate_of") and len(_pairs(_ties(project, "family_of"))) == 11
    assert "was not imported: 'Business' (10 ties)" in err


def test_pajek_manual_labels_land_in_a_property(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`l "Math 2a"` on an edge: the relation's `nature`; the weights of the arcs: contacted's weight."""
    code, _, err = _import(capsys, project, "case", str(REAL / "pajek_manual_relations.net"),
                           "--spec", str(REAL / "pajek_manual.yaml"))
    assert code == 0, err
    cooperation = _ties(project, "associate_of")
    assert {tuple(sorted(k)): v["nature"] for k, v in cooperation.items()} == {
        ("Ada", "Cora"): "Math 2a", ("Cora", "Jean"): "Math 2a", ("Ada", "Jean"): "Math 2a",
        ("Cora", "Louise"): "Geo 1"}
    dining = _ties(project, "contacted")
    assert dining[("Ada", "Louise")]["weight"] == 2 and dining[("Cora", "Ada")]["weight"] == 1
    assert "label(s) not kept" not in err


def test_pajek_labels_without_a_property_are_said(project: Path, capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    spec = tmp_path / "zonder_tekst.yaml"
    spec.write_text((REAL / "pajek_manual.yaml").read_text(encoding="utf-8").replace("  text: nature\n", ""),
                    encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(REAL / "pajek_manual_relations.net"), "--spec", str(spec))
    assert code == 0, err
    assert ("4 tie labels not kept (first at line 12, value 'Math 2a'): the specification's matrix has no "
            "`text:`") in err


def test_pajek_label_on_a_type_without_the_property(project: Path, capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    """Cooperation mapped to family_of (no `nature`, which associate_of has): its labels are said, by type and
    property."""
    spec = tmp_path / "familie.yaml"
    spec.write_text((REAL / "pajek_manual.yaml").read_text(encoding="utf-8").replace(
        "Cooperation: associate_of", "Cooperation: family_of").replace(": contacted", ": associate_of"),
        encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(REAL / "pajek_manual_relations.net"), "--spec", str(spec))
    assert code == 0, err
    assert "4 tie labels not kept (first at line 12, value 'Math 2a'): family_of has no property 'nature'" in err


def test_pajek_drawing_fields_and_colours_are_said(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _import(capsys, project, "case", str(REAL / "pajek_as_pajek_writes.net"),
                           "--spec", str(REAL / "caviar.yaml"))
    assert code == 0, err
    assert "not kept: tie field 'c' (1x, first at line 9, value 'Blue')" in err
    assert "not kept: vertex drawing fields (1x, first at line 3, value 'ic Red')" in err


@pytest.mark.parametrize(("text", "message"), [
    ("*Vertices 2\n1 \"a\"\n2 \"b\"\n*Edges\n1 3\n", "row 5: a tie names vertex '3', not one of the 2 *Vertices"),
    ("*Vertices 2\n1 \"a\n*Edges\n1 2\n", "row 2: a Pajek line has an unclosed quote"),
    ("*Network a\n*Vertices 1\n1 a\n*Network b\n", "row 4: a second `*Network`"),
    ("*Vertices 2\n*Matrix\n0 1\n1\n", "row 4: a *Matrix row must have 2 cells, this one has 1"),
])
def test_pajek_bad_lines_stop_naming_the_line(project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                              text: str, message: str) -> None:
    path = tmp_path / "netwerk.net"
    path.write_text(text, encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(path), "--spec", str(REAL / "netwerk_associates.yaml"))
    assert code == 2 and message in err and "netwerk.net" in err and len(err.strip().splitlines()) == 1


def test_pajek_matrix_section(project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "matrix.net"
    path.write_text('*Vertices 3\n1 "an"\n2 "bo"\n3 "cor"\n*Matrix\n0 1 0\n0 0 3\n0 0 0\n', encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(path), "--spec", str(REAL / "caviar.yaml"))
    assert code == 0, err
    assert _ties(project, "contacted") == {("an", "bo"): {"count": 1}, ("bo", "cor"): {"count": 3}}


def test_several_relations_said_in_dutch(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import", "case", str(REAL / "pajek_padgett_project.paj"), "--spec",
                 str(REAL / "padgett_marital.yaml"), "--project", str(project), "--lang", "nl"])
    _, err = capsys.readouterr()
    assert code == 0, err
    assert "1 relatie van het bestand die `relations:` in de matrix van de specificatie niet noemt is niet " \
           "geïmporteerd: 'Business' (10 banden)" in err
    assert "niet bewaard: *Vector 'Wealth' (een waarde per knoop) (1x, eerst op regel 44)" in err
    assert "niet bewaard: knoopcoördinaten (16x, eerst op regel 3, waarde '0.2024 0.1006')" in err
    code = main(["import", "case", str(REAL / "pajek_padgett_project.paj"), "--spec",
                 str(REAL / "netwerk_associates.yaml"), "--project", str(project), "--lang", "nl"])
    _, err = capsys.readouterr()
    assert code == 2 and "bevat 2 relaties ('Business', 'Marital'); noem de te importeren relaties" in err


def test_net_file_without_pajek_header_read_as_edge_list(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`terrorists.net` of Latora, Nicosia & Russo's book is `src dest` per line, no `*Vertices`: networkx
    returned no tie and the import said nothing; now each line is a tie, and the import says how it read it."""
    code, _, err = _import(capsys, project, "case", str(REAL / "latora_terrorists_edgelist.net"),
                           "--spec", str(REAL / "netwerk_associates.yaml"))
    assert code == 0, err
    ties = _pairs(_ties(project, "associate_of"))
    assert len(ties) == 12 and ("0", "33") in ties and ("30", "31") in ties
    assert "no Pajek header (`*Vertices`, `*Arcs`, `*Edges`) at line 1: every line read as a tie" in err


@pytest.mark.parametrize(("matrix", "message"), [
    ("{entity: Person, relations: {Business: located_at}}", "matrix.relations.Business: located_at cannot link "
                                                            "Person to Person"),
    ("{entity: Person, relations: {}}", "matrix.relations: name at least one relation of the file"),
    ("{entity: Person, relations: {Marital: family_of}, value: weight}",
     "matrix.value: family_of has no number property 'weight' (number properties: none)"),
    ("{entity: Person, relation: associate_of, text: nature, name: nature}",
     "matrix.name: 'nature' already holds the tie's other value"),
])
def test_matrix_relations_spec_errors(project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                      matrix: str, message: str) -> None:
    spec = tmp_path / "fout.yaml"
    spec.write_text(f"name: x\nsource: y\nmatrix: {matrix}\n", encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(REAL / "pajek_padgett_project.paj"), "--spec", str(spec))
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_pajek_apostrophe_in_an_unquoted_label(project: Path, capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    """Pajek quotes with double quotes only: `2 D'Angelo` is a name (networkx's shlex refused the line)."""
    path = tmp_path / "namen.net"
    path.write_text("*Vertices 2\n1 \"Lo Piccolo\"\n2 D'Angelo\n*Edges\n1 2\n", encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(path), "--spec", str(REAL / "netwerk_associates.yaml"))
    assert code == 0, err
    assert _pairs(_ties(project, "associate_of")) == {("D'Angelo", "Lo Piccolo")}


# -- UCINET DL: half matrices and rows that wrap (realui) -----------------------------------------------------
def test_ucinet_lowerhalf_as_the_manual_writes_it(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The UCINET manual's `format = lowerhalf` example (labels over two lines, a diagonal of 2s): it stopped
    with 'DL format 'lowerhalf' is not read'. Each cell is a tie of the symmetric matrix; the diagonal said."""
    code, _, err = _import(capsys, project, "case", str(REAL / "ucinet_manual_lowerhalf.dl"),
                           "--spec", str(REAL / "netwerk_associates.yaml"))
    assert code == 0, err
    ties = {p for p in _pairs(_ties(project, "associate_of")) if len(set(p)) == 2}
    assert ties == {("Sanders", "Skvoretz"), ("S.Smith", "Sanders"), ("S.Smith", "Skvoretz"), ("Skvoretz", "T.Smith")}
    # the diagonal, as a full DL matrix's: imported as the file gives it, and said (the rows: its file lines)
    assert "4 relations from an entity to itself (row 7, 8, 9, 10): imported as the file gives them" in err
    assert "differ" not in err  # a half matrix is symmetric: no pair reads two values


def test_ucinet_upperhalf_without_diagonal_gives_the_same_ties(project: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _import(capsys, project, "case", str(REAL / "ucinet_upperhalf_no_diagonal.dl"),
                           "--spec", str(REAL / "netwerk_associates.yaml"))
    assert code == 0, err
    assert _pairs(_ties(project, "associate_of")) == {("Sanders", "Skvoretz"), ("S.Smith", "Sanders"),
                                                      ("S.Smith", "Skvoretz"), ("Skvoretz", "T.Smith")}
    assert "diagonal" not in err


def test_ucinet_rows_wrapped_over_two_lines_read_as_rows(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Padgett's two 16x16 matrices with each row broken after 10 cells (as tools that wrap long rows write
    them): it stopped at 'a matrix row must have 16 cells, this one has 10'. The ties are those of the
    unbroken file, and each keeps the line its row starts on."""
    code, _, err = _import(capsys, project, "case", str(REAL / "ucinet_padgett_wrapped.dl"),
                           "--spec", str(REAL / "padgett_relations.yaml"))
    assert code == 0, err
    family, business = _ties(project, "family_of"), _ties(project, "associate_of")
    assert len(_pairs(family)) == 20 and len(_pairs(business)) == 15
    assert ("MEDICI", "TORNABUON") in _pairs(family) and ("MEDICI", "SALVIATI") in _pairs(business)
    assert "('PUCCI')" in err


@pytest.mark.parametrize(("text", "message"), [
    ("dl n=3\nformat = fullmatrix\ndata:\n0 1\n1 0 1 1\n0 1 0\n", "row 4: a matrix row must have 3 cells (the "
                                                                  "columns), this one has 6"),
    ("dl\nformat = lowerhalf\ndata:\n0\n1 0\n", "a LOWERHALF matrix needs `N=` or its labels"),
    ("dl n=2\nformat = lowerhalf\ndata:\n0\n1 0 1\n", "row 5: a matrix row must have 2 cells (the columns), this "
                                                      "one has 3"),
])
def test_ucinet_half_and_wrapped_bad_files_stop_in_one_line(project: Path, capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "netwerk.dl"
    path.write_text(text, encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(path), "--spec", str(REAL / "netwerk_associates.yaml"))
    assert code == 2, err
    assert message in err and "netwerk.dl" in err and len(err.strip().splitlines()) == 1


# -- Pajek *Vector / *Partition as a node property (realui) ----------------------------------------------------
_WEALTH = ("name: x\nsource: Gepubliceerd netwerk\nmatrix:\n  entity: Person\n"
           "  relations: {Business: associate_of, Marital: family_of}\n  nodes: {Wealth: notes}\n")


def _people(project: Path) -> dict[str, Any]:
    store = session.unlock(project, "anna", PW)
    try:
        return {e.caption: e for e in store.iter_entities("Person")}
    finally:
        store.close()


def test_pajek_vector_kept_as_a_node_property(project: Path, capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    """Padgett's `*Vector Wealth` (a value per family) was said and dropped: `nodes: {Wealth: notes}` keeps
    each family's value on its entity; the other vector is still said."""
    spec = tmp_path / "wealth.yaml"
    spec.write_text(_WEALTH, encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(REAL / "pajek_padgett_project.paj"), "--spec", str(spec))
    assert code == 0, err
    people = _people(project)
    assert people["Medici"].properties["notes"] == "103" and people["Strozzi"].properties["notes"] == "146"
    assert "'Wealth'" not in err and "*Vector '#Priors' (a value per vertex)" in err


def test_pajek_vector_of_the_wrong_length_is_said_and_not_kept(project: Path, capsys: pytest.CaptureFixture[str],
                                                               tmp_path: Path) -> None:
    lines = (REAL / "pajek_padgett_project.paj").read_text(encoding="utf-8").splitlines()
    short = tmp_path / "padgett.paj"
    short.write_text("\n".join(lines[:49] + lines[50:]) + "\n", encoding="utf-8")  # one wealth value gone
    spec = tmp_path / "wealth.yaml"
    spec.write_text(_WEALTH, encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(short), "--spec", str(spec))
    assert code == 0, err
    assert ("*Vector 'Wealth' at line 44 gives 15 values for 16 vertices: not kept (which value is whose is not "
            "certain)") in err
    assert "notes" not in _people(project)["Medici"].properties
    code = main(["import", "case", str(short), "--spec", str(spec), "--project", str(project), "--lang", "nl"])
    assert "*Vector 'Wealth' op regel 44 geeft 15 waarden voor 16 knopen: niet bewaard" in capsys.readouterr()[1]


def test_a_spec_naming_a_vector_the_file_lacks_stops_in_one_line(project: Path, capsys: pytest.CaptureFixture[str],
                                                                  tmp_path: Path) -> None:
    spec = tmp_path / "wealth.yaml"
    spec.write_text(_WEALTH.replace("Wealth", "Rijkdom"), encoding="utf-8")
    code, _, err = _import(capsys, project, "case", str(REAL / "pajek_padgett_project.paj"), "--spec", str(spec))
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "the specification's matrix `nodes:` names 'Rijkdom': the file has no *Vector or *Partition" in err
