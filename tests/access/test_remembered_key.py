"""A remembered key opens the project for its own member only (issue 19 item 4).

The keyring entry holds one member's own secret. Asking to open as another member must
not fall through to it (the issue's missed mutation: a remembered key opening the project
for another member), and an entry whose member name was edited opens nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph import project
from graph.access import keyring_store, session
from graph.access.keyslots import WrongPassphrase, key_file
from graph.errors import KnooppuntError, ProjectError
from tests.access.conftest import make_project
from tests.sandbox import FAST_KDF, OWNER_PW
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match

BOB_PW = "bob: a passphrase of his own"


@pytest.fixture
def two_members(tmp_path: Path) -> Path:
    """alice (owner) and bob (analyst); alice's key is remembered on this computer."""
    path = tmp_path / "p.knp"
    store = make_project(path)
    session.add_member(store, "bob", role="analyst", passphrase=BOB_PW, kdf=FAST_KDF)
    project.remember(store)
    store.close()
    return path


def _opens(path: Path) -> list[tuple[str, str]]:
    store = session.unlock(path, "alice", OWNER_PW)
    out = [(e.actor, json.loads(e.details).get("how")) for e in store.audit_entries() if e.action == "open"]
    store.close()
    return out


def test_remembered_key_opens_for_its_member_and_nobody_else(two_members: Path) -> None:
    before = _opens(two_members)
    with pytest.raises(ProjectError, match="no passphrase given and no key remembered for bob"):
        project.open_project(two_members, user="bob")
    asked: list[str] = []
    store = project.open_project(two_members, user="bob", passphrase=lambda p: asked.append(p) or BOB_PW)
    assert store.member.name == "bob" and store.member.role == "analyst"
    assert asked == ["Passphrase for bob (p.knp)"]
    store.close()
    store = project.open_project(two_members, user="alice")
    assert store.member.name == "alice"
    store.close()
    opened = _opens(two_members)[len(before):]
    assert opened[:2] == [("bob", "passphrase"), ("alice", "keyring")]
    remembered = keyring_store.recall(session.project_id(two_members))
    assert remembered is not None and remembered.member == "alice"  # bob's open did not drop it


def test_cli_as_another_member_asks_for_their_passphrase(two_members: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["stats", "--project", str(two_members), "--as", "bob"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no passphrase" in err
    assert main(["stats", "--project", str(two_members), "--as", "alice"]) == 0  # her own key still works
    assert [who for who, how in _opens(two_members) if how == "keyring"] == ["alice"]


def test_an_entry_with_an_edited_member_name_opens_nothing(two_members: Path) -> None:
    """alice's secret under bob's name: bob's slot is sealed to another key, so the entry is dropped."""
    pid = session.project_id(two_members)
    alices = keyring_store.recall(pid)
    assert alices is not None
    keyring_store.remember(pid, "bob", alices.generation, alices.data_key, alices.signing_key)
    with pytest.raises(KnooppuntError, match="the project has 2 members; say who you are"):
        project.open_project(two_members)  # tried as bob, refused, dropped: then nobody to open as
    assert keyring_store.recall(pid) is None
    keys = session.KeyFile.load(key_file(two_members))
    with pytest.raises(WrongPassphrase, match="the key given is not the key of member 'bob'"):
        keys.open_slot("bob", alices.data_key)
    with pytest.raises(WrongPassphrase, match="'mallory' is not a member of this project"):
        keys.open_slot("mallory", alices.data_key)
    with pytest.raises(WrongPassphrase, match="is not a member key"):
        keys.open_slot("bob", b"short")
    assert set(keys.open_slot("alice", alices.data_key)) == {"open", "confidential", "police-wpg", "fiod/tax",
                                                             "members"}
