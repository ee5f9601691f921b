"""A required cell left empty is said with the column the analyst sees, not the property's code.

`knooppunt import case` (Dutch) said "rij 4, kolom 'Meldingsnummer': signal_number is verplicht": the
column is right, `signal_number` is the spec's internal name of the field.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.vik.conftest import Project
from workbench.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_an_empty_required_cell_names_the_column_in_dutch(project: Project, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNOOPPUNT_LANG", "nl")
    lines = (ROOT / "examples" / "meldingen.csv").read_text(encoding="cp1252").splitlines()
    lines[3] = ";" + lines[3].split(";", 1)[1]  # no signal number in data row 3 (file row 4)
    bad = tmp_path / "meldingen.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="cp1252")
    code = main(["import", "case", str(bad), "--spec", str(ROOT / "examples" / "meldingen.yaml"), "--dry-run",
                 *project.alice()])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "rij 4, kolom 'Meldingsnummer': verplichte waarde ontbreekt" in err, err
    assert "signal_number" not in err and "%d-%m-%Y" not in err
