"""Fixtures for the VIK: a real encrypted project with an owner and an analyst cleared for open only,
and a demo project made through `knooppunt demo` once per session (copied per test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.access import keyslots
from tests.projects import Project as Project
from tests.projects import _isolated as _isolated
from tests.projects import add_member, new_project
from tests.sandbox import FAST_KDF, OWNER_PW, copy_project

BOB_PW = "bob: open only, nothing more"


def _members(project: Project) -> Project:
    """bob: an analyst cleared for open only (alice, the owner, sees every label)."""
    return add_member(project, "bob", BOB_PW, {"open"})


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return _members(new_project(tmp_path / "vik.knp", "vik"))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`knooppunt demo` (1500 records) once: the planted VIK patterns and their alerts."""
    from workbench.cli import main

    tmp = tmp_path_factory.mktemp("vikdemo")
    pw = tmp / "pw"
    pw.write_text(OWNER_PW + "\n")
    saved = keyslots.DEFAULT_KDF
    keyslots.DEFAULT_KDF = FAST_KDF
    try:
        code = main(["demo", "--size", "1500", "--owner", "alice", "--project", str(tmp / "demo.knp"),
                     "--passphrase-file", str(pw)])
    finally:
        keyslots.DEFAULT_KDF = saved
    assert code == 0
    return tmp / "demo.knp"


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Project:
    return _members(Project(copy_project(demo_template, tmp_path / "demo.knp")))
