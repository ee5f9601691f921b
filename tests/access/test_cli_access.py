"""The access CLI end to end: create, members, unlock --remember / lock (temp keyring), demo."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest

from graph.access import keyring_store, session
from tests.sandbox import MemoryKeyring
from workbench.cli import main
from workbench.output import read_json_rows

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match


def _pw(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / f"{name}.pw"
    path.write_text(text + "\n")
    return str(path)


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    target = tmp_path / "cli.knp"
    alice = _pw(tmp_path, "alice", "alice's long passphrase")
    assert main(["project", "create", str(target), "--owner", "alice", "--passphrase-file", alice]) == 0
    assert "created" in capsys.readouterr().out
    return target, alice


def test_members_lifecycle(project: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target, alice = project
    common = ["--project", str(target), "--passphrase-file", alice, "--as", "alice"]
    bob = _pw(tmp_path, "bob", "bob's long passphrase")
    assert main(["members", "add", "bob", "--role", "viewer", "--clearance", "open,confidential",
                 "--new-passphrase-file", bob, *common]) == 0
    assert main(["members", "list", *common, "--format", "json"]) == 0
    out = capsys.readouterr().out
    listed = {m["name"]: m for m in read_json_rows(out[out.index("{"):])}
    assert listed["bob"]["role"] == "viewer" and listed["bob"]["clearance"] == "confidential,open"
    assert listed["alice"]["role"] == "owner"
    # Two members now: who is acting must be said.
    assert main(["stats", "--project", str(target), "--passphrase-file", bob]) == 2
    assert "--as" in capsys.readouterr().err
    assert main(["stats", "--project", str(target), "--passphrase-file", bob, "--as", "bob"]) == 0
    assert main(["members", "role", "bob", "analyst", "--as", "bob", "--project", str(target),
                 "--passphrase-file", bob]) == 2
    assert "may not manage members" in capsys.readouterr().err
    assert main(["members", "role", "bob", "analyst", *common]) == 0
    assert main(["members", "remove", "bob", *common]) == 0
    assert "rotated to generation 2" in capsys.readouterr().out
    assert main(["stats", "--project", str(target), "--passphrase-file", bob, "--as", "bob"]) == 2
    assert "not a member" in capsys.readouterr().err
    assert main(["members", "remove", "alice", *common]) == 2  # not yourself, not the last owner


def test_unlock_remember_and_lock(project: tuple[Path, str], tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    target, alice = project
    assert isinstance(keyring.get_keyring(), MemoryKeyring)  # the test's own keyring, never the user's
    assert main(["unlock", "--remember", "--project", str(target), "--passphrase-file", alice]) == 0
    assert "remembered" in capsys.readouterr().out
    remembered = keyring_store.recall(session.project_id(target))
    assert remembered is not None and remembered.member == "alice"
    # No passphrase source now, and stdin is empty: the keyring alone opens it.
    assert main(["stats", "--project", str(target)]) == 0
    store = session.unlock(target, "alice", "alice's long passphrase")
    assert [json.loads(e.details).get("how") for e in store.audit_entries() if e.action == "open"][-2] == "keyring"
    store.close()
    # The key never sits in a plain file next to the project.
    for p in target.parent.iterdir():
        if p.is_file() and p.name.startswith("cli.knp"):
            assert remembered.data_key.hex().encode() not in p.read_bytes()
    assert main(["project", "lock", "--project", str(target)]) == 0
    assert "locked" in capsys.readouterr().out
    assert keyring_store.recall(session.project_id(target)) is None
    assert main(["stats", "--project", str(target)]) == 2  # asks for a passphrase; none on stdin


def test_stale_remembered_key_falls_back_to_passphrase(project: tuple[Path, str], tmp_path: Path) -> None:
    target, alice = project
    assert main(["unlock", "--remember", "--project", str(target), "--passphrase-file", alice]) == 0
    store = session.unlock(target, "alice", "alice's long passphrase")
    session.rotate(store)  # e.g. done on another computer: alice's own secret stays valid
    store.close()
    assert main(["stats", "--project", str(target)]) == 0
    remembered = keyring_store.recall(session.project_id(target))
    assert remembered is not None
    # An entry that no longer opens her slot (damaged, or she was re-added) is dropped.
    keyring_store.remember(session.project_id(target), "alice", 1, bytes(32))
    assert main(["stats", "--project", str(target), "--passphrase-file", alice]) == 0
    assert keyring_store.recall(session.project_id(target)) is None


def test_no_passphrase_argument_and_env_order(project: tuple[Path, str], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    target, alice = project
    assert main(["stats", "--project", str(target), "--passphrase", "x"]) == 2  # no such option
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", "wrong")
    assert main(["stats", "--project", str(target), "--passphrase-file", alice]) == 0  # the file comes first
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", "alice's long passphrase")
    assert main(["stats", "--project", str(target)]) == 0


def test_demo_with_env_passphrase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", "demo passphrase")
    target = tmp_path / "demo.knp"
    assert main(["demo", "--project", str(target), "--size", "300"]) == 0
    assert Path(str(target) + ".keys").exists()
    assert main(["search", "van", "--project", str(target)]) == 0
    assert b"SQLite format 3" not in target.read_bytes()[:16]


def test_rotate_keeps_own_remembered_key_working(project: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    target, alice = project
    assert main(["unlock", "--remember", "--project", str(target), "--passphrase-file", alice]) == 0
    before = keyring_store.recall(session.project_id(target))
    assert main(["members", "rotate", "--project", str(target)]) == 0  # opened from the keyring
    assert "generation 2" in capsys.readouterr().out
    after = keyring_store.recall(session.project_id(target))
    assert before is not None and after is not None and after.data_key == before.data_key  # her own secret
    assert main(["stats", "--project", str(target)]) == 0
    store = session.open_with_key(target, "alice", before.data_key)
    assert store.keys.generation == 2
    store.close()


def test_an_owner_cannot_grant_a_key_they_do_not_hold(project: tuple[Path, str], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """dirk is an owner cleared for `open` only: he may manage members but cannot hand out the keys of the
    labels he does not hold -- refused in one line naming every such label, and nothing is written."""
    target, alice = project
    dirk = _pw(tmp_path, "dirk", "dirk's long passphrase")
    assert main(["members", "add", "dirk", "--role", "owner", "--clearance", "open", "--new-passphrase-file", dirk,
                 "--project", str(target), "--passphrase-file", alice, "--as", "alice"]) == 0
    keys_before = (tmp_path / "cli.knp.keys").read_bytes()
    capsys.readouterr()
    as_dirk = ["--project", str(target), "--passphrase-file", dirk, "--as", "dirk"]
    carol = _pw(tmp_path, "carol", "carol's long passphrase")
    assert main(["members", "add", "carol", "--role", "analyst", "--clearance", "open,police-wpg,confidential",
                 "--new-passphrase-file", carol, *as_dirk]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith("you hold no key for confidential, police-wpg: only a member cleared for it can grant it")
    assert len(err.splitlines()) == 1
    assert (tmp_path / "cli.knp.keys").read_bytes() == keys_before
    assert main(["members", "list", *as_dirk, "--format", "json"]) == 0
    assert "carol" not in capsys.readouterr().out
    # What he holds he can grant.
    assert main(["members", "add", "carol", "--role", "viewer", "--clearance", "open",
                 "--new-passphrase-file", carol, *as_dirk]) == 0
