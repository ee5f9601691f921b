"""Fixtures for records by hand: a real encrypted project, its owner and a restricted analyst."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.access import session
from tests.sandbox import FAST_KDF, OWNER_PW, isolated

CLARA_PW = "clara: open and confidential only"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    yield from isolated(monkeypatch, tmp_path)


@dataclass
class Project:
    path: Path
    alice_pw: Path  # passphrase file of the owner (sees every label)
    clara_pw: Path  # passphrase file of an analyst cleared for open and confidential

    def alice(self) -> list[str]:
        return ["--project", str(self.path), "--passphrase-file", str(self.alice_pw), "--as", "alice"]

    def clara(self) -> list[str]:
        return ["--project", str(self.path), "--passphrase-file", str(self.clara_pw), "--as", "clara"]

    def open(self, who: str = "alice") -> session.GuardedStore:
        return session.unlock(self.path, who, OWNER_PW if who == "alice" else CLARA_PW)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    path = tmp_path / "casus.knp"
    owner = session.create(path, owner="alice", passphrase=OWNER_PW, name="casus", kdf=FAST_KDF)
    session.add_member(owner, "clara", role="analyst", passphrase=CLARA_PW,
                       clearance=frozenset({"open", "confidential"}), kdf=FAST_KDF)
    owner.close()
    alice_pw, clara_pw = tmp_path / "alice.pw", tmp_path / "clara.pw"
    alice_pw.write_text(OWNER_PW + "\n")
    clara_pw.write_text(CLARA_PW + "\n")
    return Project(path, alice_pw, clara_pw)
