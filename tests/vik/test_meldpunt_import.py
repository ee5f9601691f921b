"""A Meldpunt Ondermijning export imported with the packaged spec lands in the VIK signals register.

The spec (importers/specs/meldingen.yaml) maps no Fenomeen/Status columns because the Meldpunt's export
(examples/meldingen.csv) has none: its `Categorie` is read as the phenomenon where it names one, a signal
without a status is `nieuw`, and the source is the import's (graph/vik/signals.py). A spec naming columns
the file lacks would refuse the file, so adding them would break this import.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.vik.conftest import Project
from workbench.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_meldpunt_export_through_import_case_shows_phenomenon_status_and_source(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    a = project.alice()
    header = (ROOT / "examples" / "meldingen.csv").read_text(encoding="cp1252").splitlines()[0].split(";")
    assert "Fenomeen" not in header and "Status" not in header and "Categorie" in header
    assert main(["import", "case", str(ROOT / "examples" / "meldingen.csv"), "--spec",
                 str(ROOT / "importers" / "specs" / "meldingen.yaml"), *a]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["signal", "list", *a, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {r["number"]: r for r in (data["rows"] if isinstance(data, dict) else data)}
    assert rows["M-2024-002"]["phenomenon"] == "Witwassen"  # Categorie Witwassen: the list's key
    assert rows["M-2024-001"]["phenomenon"] == "Horeca"  # no such phenomenon: kept as written
    assert {r["status"] for r in rows.values()} == {"nieuw"}
    assert {r["source"] for r in rows.values()} == {"Meldpunt Ondermijning"}
