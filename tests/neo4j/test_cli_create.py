"""`knooppunt project create --neo4j URI`: the conventions' one-line errors without a server."""

from __future__ import annotations

import socket
import subprocess
import sys


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_project_create_neo4j_explains_an_unreachable_server(tmp_path) -> None:
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    proc = subprocess.run([sys.executable, "-m", "workbench.cli", "project", "create", str(tmp_path / "casus.kn4j"),
                           "--neo4j", uri, "--neo4j-user", "neo4j"], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "NEO4J_PASSWORD": "not-used", "HOME": str(tmp_path)})
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"knooppunt: cannot reach Neo4j at {uri} (Connection refused): is the server running?"
    assert not (tmp_path / "casus.kn4j").exists()


def test_project_create_neo4j_needs_a_user(tmp_path) -> None:
    proc = subprocess.run([sys.executable, "-m", "workbench.cli", "project", "create", str(tmp_path / "c.kn4j"),
                           "--neo4j", "bolt://127.0.0.1:1"], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert proc.returncode == 2 and "--neo4j-user" in proc.stderr
