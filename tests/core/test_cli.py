"""The command line as a user meets it: real project files, exit codes, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.output import read_json_rows

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match


@pytest.fixture(scope="module")
def demo_project(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.knp"
    assert main(["demo", "--size", "1500", "--seed", "5", "--project", str(path)]) == 0
    return path


def test_demo_prints_stats(tmp_path, capsys) -> None:
    path = tmp_path / "d.knp"
    assert main(["demo", "--size", "600", "--project", str(path)]) == 0
    out = capsys.readouterr().out
    assert "created" in out and "Person" in out and "director_of" in out


def test_search_show_stats(demo_project, capsys, monkeypatch) -> None:
    monkeypatch.setenv("KNOOPPUNT_LANG", "nl")  # the Dutch tables (this module runs in English)
    capsys.readouterr()
    assert main(["search", "b.v.", "--type", "Company", "--project", str(demo_project), "--format", "json"]) == 0
    hits = read_json_rows(capsys.readouterr().out)
    assert hits and all(h["type"] == "Company" for h in hits)  # files keep the type codes
    assert main(["search", "b.v.", "--type", "Company", "--project", str(demo_project)]) == 0
    table = capsys.readouterr().out
    assert "Onderneming" in table and "Company" not in table  # the Dutch table says what a Dutch analyst reads
    assert main(["search", "b.v.", "--type", "Company", "--project", str(demo_project), "--lang", "en"]) == 0
    assert "Company" in capsys.readouterr().out
    assert main(["show", hits[0]["id"], "--project", str(demo_project)]) == 0
    out = capsys.readouterr().out
    assert "KvK-nummer" in out and "Bronnen" in out and "Relaties" in out
    assert main(["stats", "--project", str(demo_project), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("# RUBRICERING: FIOD / FISCAAL GEHEIM\nkind,type,label,count")


def test_project_option_after_verb_and_env(demo_project, capsys, monkeypatch) -> None:
    assert main(["--project", str(demo_project), "stats"]) == 0
    monkeypatch.setenv("KNOOPPUNT_PROJECT", str(demo_project))
    assert main(["project", "info"]) == 0
    assert "entities" in capsys.readouterr().out


def test_output_file(demo_project, tmp_path) -> None:
    out = tmp_path / "stats.xlsx"
    assert main(["stats", "--project", str(demo_project), "--output", str(out)]) == 0
    import pandas as pd
    assert "count" in pd.read_excel(out, skiprows=1).columns


@pytest.mark.parametrize("args", [["search", "x"], ["show", "per-0000000000000001"], ["stats"]])
def test_errors_are_one_line_exit_2(args, tmp_path) -> None:
    missing = tmp_path / "nope.knp"
    proc = subprocess.run([sys.executable, "-m", "workbench.cli", *args, "--project", str(missing)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "nope.knp" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unknown_entity_is_one_line(demo_project) -> None:
    proc = subprocess.run([sys.executable, "-m", "workbench.cli", "show", "per-0000000000000001",
                           "--project", str(demo_project)], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.strip() == "knooppunt: no entity 'per-0000000000000001' in the project"


def test_show_in_dutch_gives_dates_as_dd_mm_jjjj_yes_no_and_dutch_type_names(tmp_path, capsys,
                                                                               monkeypatch) -> None:
    """`knooppunt show` is read by a Dutch analyst: dates dd-mm-jjjj, ja/nee, Dutch type and branch names."""
    monkeypatch.setenv("KNOOPPUNT_LANG", "nl")
    path = tmp_path / "d.knp"
    assert main(["demo", "--size", "300", "--project", str(path)]) == 0
    profile = Path(__file__).parents[2] / "examples" / "basisprofielen" / "69599084.json"
    assert main(["import", "kvk", str(profile), "--project", str(path)]) == 0
    capsys.readouterr()
    assert main(["search", "69599084", "--project", str(path), "--format", "json"]) == 0
    [hit] = read_json_rows(capsys.readouterr().out)
    assert main(["show", hit["id"], "--project", str(path)]) == 0
    out = capsys.readouterr().out
    assert "10-10-2017" in out and "2017-10-10" not in out          # Datum inschrijving
    assert "False" not in out and "True" not in out
    assert "Horeca" in out and "hospitality" not in out              # Bibob-risicobranches
    assert "Adres " in out.split("Relaties")[1] and " Address " not in out
