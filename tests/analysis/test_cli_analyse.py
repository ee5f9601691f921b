"""`knooppunt analyse ...` end to end on a real project file: output, exports, audit, errors."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from graph.stores.sqlite_store import SQLiteStore
from tests.analysis.conftest import demo_file
from workbench.cli import main
from workbench.output import read_csv_rows, read_json_rows


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return demo_file(tmp_path_factory.mktemp("cli"))


def run_json(capsys, *args):
    capsys.readouterr()
    assert main([*args, "--format", "json"]) == 0
    return read_json_rows(capsys.readouterr().out)


def test_addresses_and_directors_find_planted_patterns(project, capsys):
    path, planted = project
    rows = run_json(capsys, "analyse", "addresses", "--project", str(path), "--top", "3")
    assert len(rows) == 3 and rows[0]["id"] == planted.hotspot_address and rows[0]["companies"] == 28
    rows = run_json(capsys, "analyse", "directors", "--project", str(path), "--top", "1")
    assert rows[0]["id"] == planted.strawman and rows[0]["directorships"] == 12


def test_centrality_in_component_with_method_on_stderr(project, capsys):
    path, planted = project
    capsys.readouterr()
    assert main(["analyse", "centrality", "--project", str(path), "--component", planted.group_a[0],
                 "--sort", "bridging", "--top", "1", "--format", "csv"]) == 0
    out = capsys.readouterr()
    rows = read_csv_rows(out.out)
    assert rows[0]["id"] == planted.bridge
    assert "# methode tussenpositie: exact (igraph" in out.err  # Dutch by default


def test_path_clusters_and_flags(project, capsys, tmp_path):
    path, planted = project
    hops = run_json(capsys, "analyse", "path", planted.group_a[2], planted.group_b[2], "--project", str(path))
    assert planted.bridge in {h["from_id"] for h in hops} and all(h["relation"] for h in hops)
    members = run_json(capsys, "analyse", "clusters", "--project", str(path), "--view", "members",
                       "--member-of", planted.family[0])
    assert {m["id"] for m in members} >= set(planted.family)
    target_csv, target_xlsx = tmp_path / "flags.csv", tmp_path / "flags.xlsx"
    assert main(["analyse", "flags", "--project", str(path), "--reference-date", "2026-10-31",
                 "--csv", str(target_csv), "--xlsx", str(target_xlsx)]) == 0
    rows = read_csv_rows(target_csv.read_text(encoding="utf-8"))
    flagged = {(r["entity_id"], r["indicator"]) for r in rows}
    assert (planted.hotspot_address, "crowded_address") in flagged
    assert (planted.strawman, "strawman_director") in flagged
    assert all(r["evidence"] for r in rows)
    sheet = load_workbook(target_xlsx).active
    assert sheet.max_row == len(rows) + 2 and sheet.cell(2, 1).value == "entity_id"
    assert str(sheet.cell(1, 1).value).startswith("RUBRICERING: ")


def test_every_run_is_audited(project, capsys):
    path, _ = project
    capsys.readouterr()
    assert main(["analyse", "clusters", "--project", str(path), "--method", "components", "--top", "2",
                 "--from", "2020-01-01", "--to", "31-12-2021"]) == 0
    entries = [e for e in SQLiteStore(path).audit_entries() if e.action == "analyse"]
    details = json.loads(entries[-1].details)
    assert details["analysis"] == "clusters" and details["method"] == "components"
    assert details["start"] == "2020-01-01" and details["top"] == 2


def test_windowed_verbs_pass_the_window_to_filter_and_analysis(project, capsys):
    path, planted = project
    for verb in (["addresses"], ["directors", "--view", "churn"]):
        rows = run_json(capsys, "analyse", *verb, "--project", str(path), "--from", "2019-01-01", "--to",
                        "2026-10-31", "--top", "3")
        assert rows
    rows = run_json(capsys, "analyse", "addresses", "--project", str(path), "--from", "2019-01-01", "--top", "1")
    assert rows[0]["id"] == planted.hotspot_address and rows[0]["arrivals"] == 28


def test_bad_input_exits_2_with_one_line(project, capsys):
    path, _ = project
    capsys.readouterr()
    assert main(["analyse", "path", "per-0000000000000000", "--project", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "per-0000000000000000" in err
    assert main(["analyse", "flags", "--project", str(path), "--csv", "out.txt"]) == 2
    assert "--csv needs a file name ending in .csv" in capsys.readouterr().err
    assert main(["analyse", "centrality", "--project", str(path), "--from", "2021-02-30"]) == 2
    assert "2021-02-30" in capsys.readouterr().err


def test_the_table_speaks_the_interface_language(project, capsys):
    path, _ = project
    capsys.readouterr()
    assert main(["analyse", "centrality", "--project", str(path), "--top", "5"]) == 0  # Dutch by default
    out = capsys.readouterr().out
    header = out.splitlines()[0]
    assert "Tussenpositie" in header and "PageRank" in header and "betweenness" not in header
    assert "e-" not in out and "0," in out  # no exponents; decimal commas
    assert main(["analyse", "directors", "--project", str(path), "--top", "1", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:2] == ["Id", "Name"] and "First appointed" in out
    rows = run_json(capsys, "analyse", "centrality", "--project", str(path), "--top", "1")
    assert "betweenness" in rows[0] and isinstance(rows[0]["betweenness"], float)  # machines: raw keys and values


def test_sampled_closeness_with_one_pivot_through_the_cli_is_not_zero(project, capsys):
    """`--method sampled --samples 1` on a project graph: each entity's closeness as the exact method's
    (its components are below the sampling limit), never all zeros."""
    path, _ = project
    args = ["analyse", "centrality", "--project", str(path), "--measure", "closeness", "--sort", "closeness"]
    sampled = {r["id"]: r["closeness"] for r in run_json(capsys, *args, "--method", "sampled", "--samples", "1")}
    exact = {r["id"]: r["closeness"] for r in run_json(capsys, *args, "--method", "exact")}
    assert sampled == pytest.approx(exact) and max(sampled.values()) > 0


def test_the_period_in_a_method_note_reads_as_dutch_dates(project, capsys):
    """An analyst read "periode verloop: open t/m open" and ISO dates in a Dutch method note."""
    path, _ = project
    for extra, said in (([], "periode verloop: hele looptijd"), (["--from", "01-03-2019"], "vanaf 01-03-2019"),
                        (["--from", "2019-03-01", "--to", "31-12-2022"], "01-03-2019 t/m 31-12-2022"),
                        (["--to", "31-12-2022"], "periode verloop: t/m 31-12-2022")):
        capsys.readouterr()
        assert main(["analyse", "addresses", "--project", str(path), "--top", "1", *extra]) == 0
        assert said in capsys.readouterr().err
    assert main(["analyse", "addresses", "--project", str(path), "--top", "1", "--lang", "en"]) == 0
    assert "# method churn period: all time" in capsys.readouterr().err
