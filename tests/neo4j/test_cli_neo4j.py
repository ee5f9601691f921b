"""`knooppunt neo4j ...` and `project create-neo4j` without a server: exit codes and one-line errors."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from graph.stores.neo4j_project import KIND, Neo4jProject
from workbench.cli import main


def _closed_uri() -> str:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"bolt://127.0.0.1:{port}"


def test_check_unreachable_exits_1_with_one_line(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    with pytest.raises(SystemExit) as done:
        main(["neo4j", "check", "--uri", _closed_uri(), "--user", "neo4j"])
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("knooppunt: cannot reach Neo4j at bolt://127.0.0.1:") and err.count("\n") == 1


def test_check_bad_input_exits_2(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    assert main(["neo4j", "check", "--uri", "http://localhost:7474", "--user", "neo4j"]) == 2
    assert "geen Neo4j-adres (gebruik een van bolt://" in capsys.readouterr().err  # Dutch, the default
    monkeypatch.setattr("graph.stores.neo4j_connect.KEYRING_SERVICE", "knooppunt-neo4j-test-absent")
    assert main(["neo4j", "check", "--uri", "bolt://localhost:7687", "--user", "nobody-here"]) == 2
    assert "geen wachtwoord voor nobody-here op bolt://localhost:7687" in capsys.readouterr().err


def test_create_neo4j_refuses_unreachable_server_and_writes_nothing(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    target = tmp_path / "riec.kn4j"
    assert main(["project", "create-neo4j", str(target), "--neo4j", _closed_uri(), "--user", "neo4j",
                 "--name", "RIEC casus 1"]) == 2
    assert "cannot reach Neo4j" in capsys.readouterr().err
    assert not target.exists()


def test_descriptor_round_trip_and_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "x.kn4j"
    Neo4jProject(uri="neo4j+s://abc.databases.neo4j.io", user="ana", project="RIEC 1", database=None,
                 isolation="shared").save(good)
    data = json.loads(good.read_text())
    assert data["kind"] == KIND and "password" not in json.dumps(data).lower()
    assert Neo4jProject.load(good).project == "RIEC 1"
    bad = tmp_path / "bad.kn4j"
    bad.write_text("not json")
    local = tmp_path / "l.knp"
    assert main(["neo4j", "push", "--to", str(bad), "--project", str(local)]) == 2
    assert "geen Neo4j-projectdescriptor (verwacht: JSON)" in capsys.readouterr().err
