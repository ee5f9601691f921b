"""`knooppunt import ...` and `knooppunt resolve ...` on a real (encrypted) project; roles respected."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring

from graph.access import keyslots, session
from workbench.cli import main
from workbench.output import read_json_rows

DATA = Path(__file__).parent / "data"
FAST_KDF = keyslots.KdfParams(memory_kib=1024, iterations=1, lanes=1)
PW = "anna: correct horse battery"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", FAST_KDF)
    monkeypatch.delenv("KNOOPPUNT_PROJECT", raising=False)
    monkeypatch.setenv("KNOOPPUNT_USER", "anna")
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", PW)
    previous = keyring.get_keyring()
    ring = PlaintextKeyring()
    ring.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    keyring.set_keyring(ring)
    path = tmp_path / "zaak.knp"
    store = session.create(path, owner="anna", passphrase=PW, name="zaak", kdf=FAST_KDF)
    session.add_member(store, "vera", role="viewer", passphrase="vera: a viewer's passphrase", kdf=FAST_KDF)
    store.close()
    yield path
    keyring.set_keyring(previous)


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
