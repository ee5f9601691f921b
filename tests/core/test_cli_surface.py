"""The command line's surface as the README describes it: --version, completion, one-line
refusals where a terminal or display is missing, the new member's passphrase, table headers in
the interface language, long id lists cut with a count, the betweenness margin in words."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest

from graph.access import keyring_store, session
from graph.demo import generate
from tests.sandbox import FAST_KDF, OWNER, OWNER_PW, isolated
from workbench.app import display_problem
from workbench.cli import main
from workbench.output import column_headers, read_csv_rows, render_table

KNOOPPUNT = str(Path(sys.executable).with_name("knooppunt"))


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.delenv("KNOOPPUNT_LANG", raising=False)
    yield from isolated(monkeypatch, tmp_path)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "casus.knp"
    store = session.create(path, owner=OWNER, passphrase=OWNER_PW, name="t", kdf=FAST_KDF)
    data = generate(400, 3)
    with store.activity("import", source="demo"):
        store.upsert_entities(data.entities)
        store.upsert_relations(data.relations)
    store.close()
    return path


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM") and not k.startswith("KNOOPPUNT_")}
    return {**env, **extra}


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"knooppunt {version('knooppunt')}"


def test_shell_completion_as_the_readme_says() -> None:
    assert "_KNOOPPUNT_COMPLETE=bash_source knooppunt" in (Path(__file__).parents[2] / "README.md").read_text()
    proc = subprocess.run([KNOOPPUNT], env=_env(_KNOOPPUNT_COMPLETE="bash_source"), capture_output=True, text=True)
    assert proc.returncode == 0 and "_knooppunt_completion()" in proc.stdout
    words = subprocess.run([KNOOPPUNT], env=_env(_KNOOPPUNT_COMPLETE="bash_complete", COMP_WORDS="knooppunt mem",
                                                 COMP_CWORD="1"), capture_output=True, text=True).stdout
    assert "plain,members" in words


def test_gui_without_a_display_says_so_in_one_line(project: Path) -> None:
    proc = subprocess.run([KNOOPPUNT, "gui", "--project", str(project)], env=_env(), capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120)
    assert proc.returncode == 2, proc.stderr  # not Qt's abort (134)
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("knooppunt: geen scherm om de werkbank op te openen")
    english = subprocess.run([KNOOPPUNT, "gui", "--project", str(project), "--lang", "en"], env=_env(),
                             capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert english.returncode == 2 and english.stderr.startswith("knooppunt: no display to open the workbench")
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "win32") is None
    assert display_problem({}, "linux")


def test_neo4j_login_without_a_terminal_says_so_in_one_line() -> None:
    proc = subprocess.run([KNOOPPUNT, "neo4j", "login", "--uri", "bolt://localhost:7687", "--user", "anna"],
                          env=_env(), capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert proc.returncode == 2
    assert "GetPassWarning" not in proc.stderr and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("knooppunt: neo4j login asks for the password") and "NEO4J_PASSWORD" in proc.stderr


def test_members_add_names_where_the_new_passphrase_comes_from(project: Path, capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", OWNER_PW)
    assert main(["members", "add", "bram", "--role", "analyst", "--project", str(project)]) == 2
    err = capsys.readouterr().err
    assert "KNOOPPUNT_NEW_PASSPHRASE" in err and "--new-passphrase-file" in err
    assert "KNOOPPUNT_PASSPHRASE," not in err and "--passphrase-file" not in err.replace("--new-passphrase-file", "")
    monkeypatch.setenv("KNOOPPUNT_NEW_PASSPHRASE", "bram: his own long passphrase")
    assert main(["members", "add", "bram", "--role", "analyst", "--project", str(project)]) == 0
    session.unlock(project, "bram", "bram: his own long passphrase").close()


def test_unlock_remember_without_as_on_a_single_member_project(project: Path, capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", OWNER_PW)
    assert main(["unlock", "--remember", "--project", str(project)]) == 0
    assert keyring_store.recall(session.project_id(project)).member == OWNER  # type: ignore[union-attr]
    monkeypatch.delenv("KNOOPPUNT_PASSPHRASE")
    assert main(["stats", "--project", str(project)]) == 0  # the keyring opens it now


def test_table_headers_follow_the_interface_language(project: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", OWNER_PW)
    capsys.readouterr()
    assert main(["search", "b.v.", "--project", str(project)]) == 0
    assert capsys.readouterr().out.splitlines()[0].split() == ["id", "soort", "naam", "rubricering"]
    assert main(["search", "b.v.", "--project", str(project), "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines()[0].split() == ["id", "type", "name", "label"]
    monkeypatch.setenv("KNOOPPUNT_LANG", "en")
    assert main(["search", "zzzzqqq", "--project", str(project)]) == 0
    assert capsys.readouterr().out.strip() == "(no results)"
    monkeypatch.delenv("KNOOPPUNT_LANG")
    assert main(["search", "b.v.", "--project", str(project), "--format", "csv"]) == 0
    csv_out = capsys.readouterr().out
    assert csv_out.splitlines()[0] == "# RUBRICERING: FIOD / FISCAAL GEHEIM"  # the marking comes first
    assert csv_out.splitlines()[1].startswith("id,type,name,label")  # machines get the column names
    assert set(read_csv_rows(csv_out)[0]) == {"id", "type", "name", "label"}
    assert column_headers(["betweenness", "type", "not_listed"], "nl", {"betweenness": "Tussenpositie"}) == [
        "Tussenpositie", "soort", "not listed"]
    assert column_headers(["betweenness"], "nl") == ["betweenness"]  # an analysis column: named in the catalogue only


def test_long_id_lists_are_cut_with_a_count() -> None:
    ids = [f"per-{i:016x}" for i in range(40)]
    line = render_table([{"id": "add-1", "occupant_ids": ids}], ["id", "occupant_ids"]).splitlines()[2]
    cell = line.split("  ", 1)[1].strip()
    assert len(cell) <= 48 and cell.endswith(")")
    shown = cell.split("; … (+")[0].split("; ")
    assert shown == ids[:len(shown)] and int(cell.rsplit("(+", 1)[1][:-1]) == 40 - len(shown)
    assert render_table([{"x": ["a", "b"]}], ["x"]).splitlines()[2] == "a; b"  # short lists whole


def test_sampled_betweenness_says_what_its_margin_means(project: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", OWNER_PW)
    args = ["analyse", "centrality", "--measure", "betweenness", "--method", "sampled", "--epsilon", "0.05",
            "--top", "3", "--project", str(project)]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "Riondato-Kornaropoulos" in err and "Met 90% zekerheid wijkt elke waarde hoogstens 0,0500 af" in err
    assert main([*args, "--lang", "en"]) == 0
    assert "With 90% certainty every value is within 0.0500" in capsys.readouterr().err
