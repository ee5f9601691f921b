"""`knooppunt import ...` and `knooppunt resolve ...` on a real (encrypted) project; roles respected."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.access import keyslots, session
from tests.sandbox import as_anna
from workbench.cli import main
from workbench.output import read_json_rows

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match

DATA = Path(__file__).parent / "data"
FAST_KDF = keyslots.KdfParams(memory_kib=1024, iterations=1, lanes=1)
PW = "anna: correct horse battery"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    with as_anna(monkeypatch, PW):
        path = tmp_path / "zaak.knp"
        store = session.create(path, owner="anna", passphrase=PW, name="zaak", kdf=FAST_KDF)
        session.add_member(store, "vera", role="viewer", passphrase="vera: a viewer's passphrase", kdf=FAST_KDF)
        store.close()
        yield path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_kvk_and_case_then_resolve(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = str(project)
    code, out, err = _run(capsys, "import", "kvk", str(DATA / "kvk_basisprofiel.json"),
                          str(DATA / "kvk_functionarissen.csv"), "--project", p, "--dry-run", "--format", "json")
    assert code == 0, err
    rows = read_json_rows(out)
    assert rows[0] == {"file": "kvk_basisprofiel.json", "what": "entities", "new": 3, "merged": 0, "unchanged": 0,
                       "rejected": None}
    assert "dry run" in err
    code, out, _ = _run(capsys, "stats", "--project", p, "--format", "json")
    assert read_json_rows(out) == []

    assert _run(capsys, "import", "kvk", str(DATA / "kvk_basisprofiel.json"), str(DATA / "kvk_functionarissen.csv"),
                "--project", p)[0] == 0
    code, out, err = _run(capsys, "import", "case", str(DATA / "meldingen_cp1252.csv"), "--spec", "meldingen",
                          "--project", p, "--format", "json")
    assert code == 0, err
    assert read_json_rows(out)[0]["new"] > 0

    code, out, err = _run(capsys, "resolve", "list", "--project", p, "--format", "json")
    assert code == 0, err
    candidates = read_json_rows(out)
    jan = next(c for c in candidates if c["a_name"] == c["b_name"] == "Jan de Vries")
    code, out, err = _run(capsys, "resolve", "confirm", jan["a"], jan["b"], "--project", p, "--reason", "BRP")
    assert code == 0, err
    merge_id = out.split(": ")[1].split()[0]
    code, out, _ = _run(capsys, "resolve", "merges", "--project", p, "--format", "json")
    assert read_json_rows(out)[0]["merge"] == merge_id
    code, out, err = _run(capsys, "resolve", "undo", merge_id, "--project", p)
    assert code == 0, err
    assert "restored" in out
    code, out, _ = _run(capsys, "audit", "show", "--project", p, "--format", "json")
    assert code == 0
    assert {"import", "merge", "merge undo"} <= {e["action"] for e in read_json_rows(out)}


def test_bad_file_is_one_line_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "import", "case", str(DATA / "meldingen_bad_date.csv"), "--spec", "meldingen",
                          "--project", str(project))
    assert code == 2
    assert err.strip().count("\n") == 0
    assert "meldingen_bad_date.csv: row 3, column 'Ontvangen'" in err and "Traceback" not in err


def test_viewer_may_not_import(project: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", "vera: a viewer's passphrase")
    code, _, err = _run(capsys, "import", "kvk", str(DATA / "kvk_basisprofiel.json"), "--project", str(project),
                        "--as", "vera")
    assert code == 2 and "may not import" in err
    code, _, err = _run(capsys, "import", "case", str(DATA / "meldingen_cp1252.csv"), "--spec", "meldingen",
                        "--project", str(project), "--as", "vera", "--dry-run")
    assert code == 2 and "may not import" in err


def test_specs_listed(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "import", "specs", "--project", str(project), "--format", "json")
    assert code == 0
    assert {"meldingen", "kvk_companies", "kvk_functionarissen"} <= {r["name"] for r in read_json_rows(out)}


def test_reimporting_kvk_documents_and_case_files_leaves_stats_unchanged(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 12, must show: a mix of KvK documents and case files, imported twice, changes nothing."""
    p = str(project)
    kvk = [str(DATA / n) for n in ("kvk_basisprofiel_toevoeging.json", "kvk_zoeken_v1.json", "kvk_naamgeving.json",
                                   "kvk_basisprofiel.json", "kvk_zoeken.json", "kvk_vestigingsprofiel.json",
                                   "kvk_bedrijven.csv")]
    cases = [("casus_adressen.csv", str(DATA / "casus_adressen.yaml")), ("meldingen_cp1252.csv", "meldingen"),
             ("belgegevens.csv", str(DATA / "belgegevens.yaml")), ("ontmoetingen.csv", str(DATA / "ontmoetingen.yaml")),
             ("netwerk_matrix.csv", str(DATA / "netwerk_matrix.yaml")),
             ("netwerk.net", str(DATA / "netwerk_matrix.yaml"))]

    def import_all() -> tuple[str, str]:
        errors = ""
        code, _, err = _run(capsys, "import", "kvk", *kvk, "--project", p)
        assert code == 0, err
        errors += err
        for file, spec in cases:
            code, _, err = _run(capsys, "import", "case", str(DATA / file), "--spec", spec, "--project", p)
            assert code == 0, err
            errors += err
        code, out, err = _run(capsys, "stats", "--project", p, "--format", "json")
        assert code == 0, err
        return out, errors

    first, warnings = import_all()
    assert read_json_rows(first)
    # Issue 19: the confidential rows' word on open companies is kept as confidential statements,
    # so nothing is left out and there is nothing to warn about.
    assert "is open and stays open" not in warnings
    second, _ = import_all()
    assert second == first


def test_cli_limit_errors_are_one_line_exit_2(project: Path, capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    path = tmp_path / "lang.csv"
    path.write_text("Naam;Adres\n" + "x" * 2000 + ";Hoofdstraat 1, 7607 AB Almelo\n", encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    spec.write_text("source: x\nentities:\n  person: {type: Person, reference: [Naam], properties: {name: Naam}}\n",
                    encoding="utf-8")
    code, _, err = _run(capsys, "import", "case", str(path), "--spec", str(spec), "--project", str(project))
    assert code == 2
    assert err.count("\n") == 1, err  # one line, no traceback
    assert "lang.csv: row 2, column 'Naam': name of 2,000 characters" in err
    code, _, err = _run(capsys, "import", "case", str(path), "--spec", str(spec), "--project", str(project),
                        "--max-name-chars", "5000")
    assert code == 0, err


_SPEC = "source: x\nentities:\n  person: {type: Person, reference: [Naam], properties: {name: Naam}}\n"
_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)) + "source: x\n"


@pytest.mark.parametrize(("kind", "name", "data", "spec", "message"), [
    ("case", "nul.csv", b"Naam\nJan\x00\n", _SPEC, "nul.csv: row 2, column 'Naam': contains a NUL byte"),
    ("case", "mix.csv", "Naam\nZoë\n".encode() + "Chloë\n".encode("cp1252"), _SPEC,
     "mix.csv: row 3: mixes encodings"),
    ("case", "dubbel.csv", b"Naam;Naam\nJan;Piet\n", _SPEC, "dubbel.csv: row 1, column 'Naam': the header names"),
    ("case", "cel.csv", b"Naam\n" + b"y" * 1_048_576 + b"\n", _SPEC.replace("name: Naam", "notes: Naam"),
     "cel.csv: row 2, column 'Naam': cell of 1,048,576 characters"),
    ("case", "diep.csv", b"Naam\nJan\n", "source: x\nentities: " + "[" * 10_000 + "]" * 10_000 + "\n",
     "spec.yaml: line 2: nested more than 32 levels deep"),
    ("case", "bom.csv", b"Naam\nJan\n", _BOMB, "spec.yaml: line 7: more than 50 aliases"),
    ("kvk", "diep.json", b"[" * 10_000 + b"]" * 10_000, None, "diep.json: row 1: JSON nested too deeply"),
    ("kvk", "lang.json", b'{"kvkNummer": "' + b"1" * 5000 + b'", "naam": "x"}', None,
     "lang.json: row 1, column 'kvkNummer': KvK number '11111111111"),
])
def test_cli_refuses_each_bad_input_in_one_line(project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                kind: str, name: str, data: bytes, spec: str | None,
                                                message: str) -> None:
    """Issue 12 point 6 through the command line: exit 2, one line on stderr, nothing written."""
    path = tmp_path / name
    path.write_bytes(data)
    args = ["import", kind, str(path), "--project", str(project)]
    if spec is not None:
        (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
        args += ["--spec", str(tmp_path / "spec.yaml")]
    code, _, err = _run(capsys, *args)
    assert code == 2 and err.count("\n") == 1 and len(err) < 400, err
    assert message in err
    code, out, _ = _run(capsys, "stats", "--project", str(project), "--format", "json")
    assert read_json_rows(out) == []


def test_import_kvk_dutch_address_with_combined_fields(project: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """A Basisprofiel address with straatHuisnummer/postcodeWoonplaats besides its Dutch fields keeps its
    postcode through `knooppunt import kvk` (it used to be read as a foreign address, postcode dropped)."""
    import json

    doc = json.loads((DATA / "kvk_basisprofiel.json").read_text())
    doc["_embedded"]["hoofdvestiging"]["adressen"] = [
        {"type": "bezoekadres", "straatnaam": "Kanaalstraat", "huisnummer": 101, "postcode": "3531CJ",
         "plaats": "Utrecht", "land": "Nederland", "straatHuisnummer": "Kanaalstraat 101",
         "postcodeWoonplaats": "3531CJ Utrecht"}]
    profile = tmp_path / "profiel.json"
    profile.write_text(json.dumps(doc), encoding="utf-8")
    assert _run(capsys, "import", "kvk", str(profile), "--project", str(project))[0] == 0
    code, out, err = _run(capsys, "search", "Kanaalstraat", "--project", str(project), "--format", "json")
    assert code == 0, err
    assert [r["name"] for r in read_json_rows(out)] == ["Kanaalstraat 101, 3531 CJ Utrecht"]
