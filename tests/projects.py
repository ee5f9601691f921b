"""Test projects the suites share (tests/records, tests/vik, tests/briefing): a real encrypted
project with its owner alice and restricted members, each with a passphrase file for the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph.access import session
from tests.sandbox import FAST_KDF, OWNER, OWNER_PW, isolated


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Autouse in every suite whose conftest imports it: fast KDF, own keyring, clean environment."""
    yield from isolated(monkeypatch, tmp_path)


@dataclass
class Project:
    path: Path
    passphrases: dict[str, str] = field(default_factory=lambda: {OWNER: OWNER_PW})  # member -> passphrase

    def args(self, who: str = OWNER) -> list[str]:
        """`--project/--passphrase-file/--as` for the CLI, as that member."""
        pw = self.path.parent / f"{who}.pw"
        if not pw.exists():
            pw.write_text(self.passphrases[who] + "\n")
        return ["--project", str(self.path), "--passphrase-file", str(pw), "--as", who]

    def alice(self) -> list[str]:
        return self.args("alice")  # the owner: every label

    def bob(self) -> list[str]:
        return self.args("bob")

    def clara(self) -> list[str]:
        return self.args("clara")

    def open(self, who: str = OWNER) -> session.GuardedStore:
        return session.unlock(self.path, who, self.passphrases[who])


def add_member(project: Project, name: str, passphrase: str, clearance: set[str], role: str = "analyst") -> Project:
    """`project` with one more member (added by the owner)."""
    owner = project.open()
    session.add_member(owner, name, role=role, passphrase=passphrase, clearance=frozenset(clearance), kdf=FAST_KDF)
    owner.close()
    project.passphrases[name] = passphrase
    return project


def new_project(path: Path, name: str) -> Project:
    """A fresh encrypted project owned by alice."""
    session.create(path, owner=OWNER, passphrase=OWNER_PW, name=name, kdf=FAST_KDF).close()
    return Project(path)
