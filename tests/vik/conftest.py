"""Fixtures for the VIK: a real encrypted project with an owner and an analyst cleared for open only,
and a demo project made through `knooppunt demo` once per session (copied per test)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.access import keyslots, session
from tests.sandbox import FAST_KDF, OWNER_PW, copy_project, isolated

BOB_PW = "bob: open only, nothing more"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    yield from isolated(monkeypatch, tmp_path)


@dataclass
class Project:
    path: Path
    alice_pw: Path  # the owner: every label
    bob_pw: Path  # an analyst cleared for open only

    def alice(self) -> list[str]:
        return ["--project", str(self.path), "--passphrase-file", str(self.alice_pw), "--as", "alice"]

    def bob(self) -> list[str]:
        return ["--project", str(self.path), "--passphrase-file", str(self.bob_pw), "--as", "bob"]

    def open(self, who: str = "alice") -> session.GuardedStore:
        return session.unlock(self.path, who, OWNER_PW if who == "alice" else BOB_PW)


def _members(path: Path, tmp: Path) -> Project:
    owner = session.unlock(path, "alice", OWNER_PW)
    session.add_member(owner, "bob", role="analyst", passphrase=BOB_PW, clearance=frozenset({"open"}), kdf=FAST_KDF)
    owner.close()
    alice_pw, bob_pw = tmp / "alice.pw", tmp / "bob.pw"
    alice_pw.write_text(OWNER_PW + "\n")
    bob_pw.write_text(BOB_PW + "\n")
    return Project(path, alice_pw, bob_pw)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    path = tmp_path / "vik.knp"
    session.create(path, owner="alice", passphrase=OWNER_PW, name="vik", kdf=FAST_KDF).close()
    return _members(path, tmp_path)


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
    return _members(copy_project(demo_template, tmp_path / "demo.knp"), tmp_path)
