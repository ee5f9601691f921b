"""Issue 11, what was left: `project migrate` for projects of an earlier Knooppunt (key file v1,
unsigned history) and `members restore` after a member rewrote the signed members table.

Both through the CLI a user runs; the attacks use only what the attacking member has: their
own passphrase, their own key slot and the project files.
"""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlite

from graph.access import keyslots, migrate, session, signing
from graph.access.localstate import STATE_ENV
from graph.demo import generate
from graph.model import SECURITY_LABELS
from graph.stores.sqlite_store import partition_file
from tests.access.legacy_v1 import write_v1
from tests.sandbox import FAST_KDF, key_opens
from workbench.cli import main
from workbench.output import read_json_rows

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match

PW = {"alice": "alice: an owner's long passphrase", "bob": "bob: a viewer's long passphrase",
      "carol": "carol: an analyst's long passphrase"}


def _pw(tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.pw"
    path.write_text(PW[name] + "\n")
    return str(path)


def _as(tmp_path: Path, path: Path, name: str) -> list[str]:
    return ["--project", str(path), "--as", name, "--passphrase-file", _pw(tmp_path, name)]


def _raw(path: Path, label: str, key: bytes) -> sqlite.Connection:
    conn = sqlite.connect(str(partition_file(path, label)))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def _opens(path: Path, label: str, key: bytes) -> bool:
    return key_opens(partition_file(path, label), key)


@pytest.fixture
def old_project(tmp_path: Path) -> tuple[Path, bytes, dict[str, int]]:
    """A v1 project: alice owner (every label), bob viewer (open), carol analyst (open, confidential)."""
    data = generate(1200, 11)
    path = tmp_path / "old.knp"
    key = write_v1(path, {"alice": ("owner", list(SECURITY_LABELS), PW["alice"]),
                          "bob": ("viewer", ["open"], PW["bob"]),
                          "carol": ("analyst", ["open", "confidential"], PW["carol"])},
                   FAST_KDF, data.entities, data.relations)
    labels: dict[str, int] = {}
    for e in data.entities:
        labels[e.label] = labels.get(e.label, 0) + 1
    return path, key, labels


def test_an_old_project_is_refused_with_a_pointer_to_migrate(old_project: tuple[Path, bytes, dict[str, int]],
                                                             tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path, _, _ = old_project
    assert main(["stats", *_as(tmp_path, path, "alice")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "knooppunt project migrate" in err


def test_migrate_through_the_cli(old_project: tuple[Path, bytes, dict[str, int]], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    path, old_key, labels = old_project
    before = sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".pw")
    assert main(["project", "migrate", *_as(tmp_path, path, "bob")]) == 2  # a viewer may not
    assert "only an owner" in capsys.readouterr().err
    after = sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".pw" and not p.name.endswith("-failures"))
    assert after == before
    assert main(["project", "migrate", *_as(tmp_path, path, "alice")]) == 0
    out = capsys.readouterr().out
    assert "migrated" in out and "4 earlier entries kept as unsigned history (chain intact)" in out
    files = {p.name for p in tmp_path.iterdir() if p.suffix != ".pw"} - {"old.knp.unlock-failures", "machine-state"}
    assert files == {"old.knp", "old.knp.confidential", "old.knp.fiod-tax", "old.knp.keys", "old.knp.police-wpg"}
    assert json.loads((tmp_path / "old.knp.keys").read_text())["format"] == keyslots.FORMAT
    # Every member opens with the passphrase they had, and sees exactly their clearance.
    seen = {}
    for name in ("alice", "bob", "carol"):
        store = session.unlock(path, name, PW[name])
        seen[name] = sum(n for t, n in store.counts().items() if t in store.schema.entities)
        store.close()
    assert seen["alice"] == sum(labels.values())
    assert seen["bob"] == labels["open"]
    assert seen["carol"] == labels["open"] + labels.get("confidential", 0)
    # The old data key every v1 member held opens none of the new files.
    assert not any(_opens(path, label, old_key) for label in SECURITY_LABELS)
    # bob, with only his own slot, holds no key of a higher label.
    keys = keyslots.KeyFile.load(keyslots.key_file(path))
    held = keys.open_slot("bob", keys.unlock("bob", PW["bob"]))
    assert set(held) == {"open"}
    assert not _opens(path, "confidential", held["open"])
    # The log: the old entries are unsigned history, everything from the migration on is signed.
    assert main(["audit", "verify", *_as(tmp_path, path, "bob")]) == 0
    out = capsys.readouterr().out
    assert "\n4 entries before the migration are unsigned history (made by an earlier Knooppunt" in out
    assert main(["audit", "show", "--action", "project migrate", *_as(tmp_path, path, "alice"),
                 "--format", "json"]) == 0
    shown = capsys.readouterr().out
    assert "unsigned_history" in shown and "knooppunt-keys/1" in shown


def test_the_migration_boundary_cannot_be_moved(old_project: tuple[Path, bytes, dict[str, int]],
                                                tmp_path: Path) -> None:
    """bob (open key) moves the end of the unsigned history to excuse unsigned entries: the open refuses."""
    path, _, _ = old_project
    migrate.migrate(path, "alice", PW["alice"])
    keys = keyslots.KeyFile.load(keyslots.key_file(path))
    open_key = keys.open_slot("bob", keys.unlock("bob", PW["bob"]))["open"]
    conn = _raw(path, "open", open_key)
    conn.execute("UPDATE settings SET value = ? WHERE key = ?", (json.dumps({"entry": 99}), signing.MIGRATED))
    conn.commit()
    conn.close()
    with pytest.raises(Exception, match="members table was changed outside Knooppunt"):
        session.unlock(path, "carol", PW["carol"])


def test_a_wrong_passphrase_migrates_nothing(old_project: tuple[Path, bytes, dict[str, int]], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path, _, _ = old_project
    keys_before = (tmp_path / "old.knp.keys").read_bytes()
    (tmp_path / "bad.pw").write_text("not alice's passphrase at all\n")
    assert main(["project", "migrate", "--project", str(path), "--as", "alice", "--passphrase-file",
                 str(tmp_path / "bad.pw")]) == 2
    assert "wrong passphrase" in capsys.readouterr().err
    assert (tmp_path / "old.knp.keys").read_bytes() == keys_before
    assert not list(tmp_path.glob("*.migrating*"))


def test_an_interrupted_migration_is_finished_by_running_it_again(old_project: tuple[Path, bytes, dict[str, int]],
                                                                  tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path, _, labels = old_project
    real_replace = migrate.os.replace
    calls = {"n": 0}

    def crash_midway(src: object, dst: object) -> None:
        calls["n"] += 1
        if calls["n"] == 4:  # old files aside, one partition in: then the power goes
            raise OSError("power cut")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(migrate.os, "replace", crash_midway)
    with pytest.raises(OSError):
        migrate.migrate(path, "alice", PW["alice"])
    monkeypatch.setattr(migrate.os, "replace", real_replace)
    assert main(["project", "migrate", *_as(tmp_path, path, "alice")]) == 0
    store = session.unlock(path, "alice", PW["alice"])
    assert sum(n for t, n in store.counts().items() if t in store.schema.entities) == sum(labels.values())
    store.close()
    assert not list(tmp_path.glob("*.migrating*")) and not list(tmp_path.glob("*.v1"))


# -- members restore -----------------------------------------------------------------------------
@pytest.fixture
def shared(tmp_path: Path) -> Path:
    path = tmp_path / "case.knp"
    store = session.create(path, owner="alice", passphrase=PW["alice"], kdf=FAST_KDF)
    session.add_member(store, "carol", role="analyst", passphrase=PW["carol"], kdf=FAST_KDF)
    store.close()
    return path


def _carols_open_key(path: Path) -> bytes:
    keys = keyslots.KeyFile.load(keyslots.key_file(path))
    return keys.open_slot("carol", keys.unlock("carol", PW["carol"]))["open"]


def _rewrite_as_carol(path: Path, sign: bool = False) -> None:
    """carol, an analyst with write access, makes herself owner with every label in the members table."""
    conn = _raw(path, "open", _carols_open_key(path))
    conn.execute("UPDATE members SET role = 'owner', clearance = ? WHERE name = 'carol'",
                 (json.dumps(sorted(SECURITY_LABELS)),))
    if sign:  # and signs it with her own signing key: an "owner" signature, just not a trusted one
        keys = keyslots.KeyFile.load(keyslots.key_file(path))
        signing_key = keys.unlock_signing("carol", PW["carol"])[1]
        assert signing_key is not None
        signing.sign_members(conn, signing.Signer("carol", signing_key, keys.project_id))
    conn.commit()
    conn.close()


@pytest.mark.parametrize("sign", [False, True], ids=["edited", "edited-and-self-signed"])
def test_members_restore_undoes_a_members_rewrite(shared: Path, tmp_path: Path, sign: bool,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _rewrite_as_carol(shared, sign=sign)
    assert main(["stats", *_as(tmp_path, shared, "alice")]) == 2  # the project refuses to open
    err = capsys.readouterr().err
    assert "members restore" in err and len(err.strip().splitlines()) == 1
    assert main(["members", "restore", *_as(tmp_path, shared, "carol")]) == 2  # not an owner she can prove
    capsys.readouterr()
    assert main(["members", "restore", *_as(tmp_path, shared, "alice")]) == 0
    out = capsys.readouterr().out
    assert "carol: role owner -> analyst" in out and "from the project's copy signed" in out
    assert main(["members", "list", *_as(tmp_path, shared, "alice"), "--format", "json"]) == 0
    out = capsys.readouterr().out
    listed = {m["name"]: m for m in read_json_rows(out[out.index("{"):])}
    assert listed["carol"]["role"] == "analyst" and listed["carol"]["clearance"] == "open"
    assert main(["audit", "show", "--action", "members restore", *_as(tmp_path, shared, "alice"),
                 "--format", "json"]) == 0
    assert "carol: role owner -> analyst" in capsys.readouterr().out
    assert main(["audit", "verify", *_as(tmp_path, shared, "carol")]) == 0  # carol opens again, as analyst
    assert main(["members", "restore", *_as(tmp_path, shared, "alice")]) == 0
    assert "nothing to restore" in capsys.readouterr().out


def test_restore_keeps_another_owners_later_change(shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """dave, made owner on alice's other laptop, is not rolled back by a restore on this one."""
    store = session.unlock(shared, "alice", PW["alice"])
    store.close()
    monkeypatch.setenv(STATE_ENV, str(tmp_path / "other-laptop"))
    store = session.unlock(shared, "alice", PW["alice"])
    session.add_member(store, "dave", role="owner", passphrase="dave: another owner's passphrase",
                       clearance=frozenset(SECURITY_LABELS), kdf=FAST_KDF)
    store.close()
    monkeypatch.setenv(STATE_ENV, str(tmp_path / "machine-state"))
    assert main(["members", "restore", *_as(tmp_path, shared, "alice")]) == 0
    assert "nothing to restore" in capsys.readouterr().out
    _rewrite_as_carol(shared)
    assert main(["members", "restore", *_as(tmp_path, shared, "alice")]) == 0
    capsys.readouterr()
    store = session.unlock(shared, "alice", PW["alice"])
    assert {m.name: m.role for m in store.members()} == {"alice": "owner", "carol": "analyst", "dave": "owner"}
    store.close()


def test_restore_uses_this_computers_record_when_the_copies_are_gone(shared: Path, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    _rewrite_as_carol(shared)
    conn = _raw(shared, "open", _carols_open_key(shared))
    conn.execute("DELETE FROM members_snapshots")
    conn.commit()
    conn.close()
    assert main(["members", "restore", *_as(tmp_path, shared, "alice")]) == 0
    assert "from this computer's record" in capsys.readouterr().out


def test_restore_on_a_new_computer_uses_the_projects_signed_copy(shared: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _rewrite_as_carol(shared)
    monkeypatch.setenv(STATE_ENV, str(tmp_path / "new-laptop"))
    assert main(["members", "restore", *_as(tmp_path, shared, "alice")]) == 0
    assert "from the project's copy signed" in capsys.readouterr().out
    store = session.unlock(shared, "carol", PW["carol"])
    assert store.member.role == "analyst"
    store.close()


def test_restore_refuses_when_no_trusted_table_is_left(shared: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """carol also deletes the project's signed copies (she can): alice's new laptop has nothing to go back to."""
    _rewrite_as_carol(shared)
    conn = _raw(shared, "open", _carols_open_key(shared))
    conn.execute("DROP TABLE members_snapshots")
    conn.commit()
    conn.close()
    monkeypatch.setenv(STATE_ENV, str(tmp_path / "new-laptop"))
    assert main(["members", "restore", *_as(tmp_path, shared, "alice")]) == 2
    assert "no members table signed by an owner you trust" in capsys.readouterr().err
    shutil.rmtree(tmp_path / "new-laptop", ignore_errors=True)


def test_an_older_signed_members_table_put_back_is_refused_and_restored(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """carol was an owner, then demoted; she writes back the signed table from when she was one."""
    path = tmp_path / "case.knp"
    store = session.create(path, owner="alice", passphrase=PW["alice"], kdf=FAST_KDF)
    session.add_member(store, "carol", role="owner", passphrase=PW["carol"],
                       clearance=frozenset(SECURITY_LABELS), kdf=FAST_KDF)
    store.close()
    store = session.unlock(path, "alice", PW["alice"])
    session.set_role(store, "carol", role="analyst", clearance=frozenset({"open"}))
    store.close()
    conn = _raw(path, "open", _carols_open_key(path))
    old = next(json.loads(text) for (text,) in conn.execute("SELECT snapshot FROM members_snapshots ORDER BY seq")
               if any(r[0] == "carol" and r[1] == "owner" for r in json.loads(text)["table"]))
    conn.execute("DELETE FROM members")
    for name, role, clearance, public, signing_public in old["table"]:
        conn.execute("INSERT INTO members(name, role, clearance, public_key, signing_key) VALUES(?,?,?,?,?)",
                     (name, role, json.dumps(clearance), bytes.fromhex(public), bytes.fromhex(signing_public)))
    conn.execute("UPDATE settings SET value = ? WHERE key = ?", (str(old["version"]), signing.VERSION))
    conn.execute("UPDATE settings SET value = ? WHERE key = ?",
                 (json.dumps({"signer": old["signer"], "signature": old["signature"]}), signing.MEMBERS_SIGNATURE))
    conn.commit()
    conn.close()
    assert main(["stats", *_as(tmp_path, path, "alice")]) == 2  # a valid signature, but an older version
    assert "older signed version" in capsys.readouterr().err
    assert main(["members", "restore", *_as(tmp_path, path, "alice")]) == 0
    out = capsys.readouterr().out
    assert "carol: role owner -> analyst" in out and "older signed members table" in out
    store = session.unlock(path, "carol", PW["carol"])
    assert store.member.role == "analyst"
    store.close()


def _as_the_first_signing_release_wrote_it(path: Path) -> tuple[list[list[object]], str]:
    """The members table as Knooppunt signed it before signatures carried a version (1-6 December 2026):
    no version row, the owner's signature over the table without one. Returns the table and its signature."""
    keys, _, signing_key = session.unlock_key(path, "alice", PW["alice"])
    assert signing_key is not None
    conn = _raw(path, "open", _carols_open_key(path))
    conn.execute("DELETE FROM settings WHERE key IN (?, ?)", (signing.VERSION, signing.ROWS_SIGNED))  # nor signed rows
    table = signing.members_rows(conn)
    signature = signing_key.sign(signing.members_payload(keys.project_id, table, None, None))
    value = json.dumps({"signer": "alice", "signature": base64.b64encode(signature).decode()})
    conn.execute("UPDATE settings SET value = ? WHERE key = ?", (value, signing.MEMBERS_SIGNATURE))
    conn.commit()
    conn.close()
    return table, value


def test_a_table_signed_before_versions_were_counted_is_older_than_every_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """carol was an owner in a project of the first signing release; after the update alice demotes her
    (the table's first counted version). carol writes back the version-less table from when she was an
    owner, with alice's valid signature: it counts as version 0, older than the 1 this computer saw."""
    path = tmp_path / "case.knp"
    store = session.create(path, owner="alice", passphrase=PW["alice"], kdf=FAST_KDF)
    session.add_member(store, "carol", role="owner", passphrase=PW["carol"],
                       clearance=frozenset(SECURITY_LABELS), kdf=FAST_KDF)
    store.close()
    old_table, old_signature = _as_the_first_signing_release_wrote_it(path)
    monkeypatch.setenv(STATE_ENV, str(tmp_path / "updated-laptop"))  # the computer as the old release left it
    store = session.unlock(path, "alice", PW["alice"])  # the old signed table opens with the new release,
    # whose owner's open signs the main file's rows and the table with their mark: its first counted version
    assert signing.members_version(store.inner.conn) == 1
    session.set_role(store, "carol", role="analyst", clearance=frozenset({"open"}))
    assert signing.members_version(store.inner.conn) == 2
    store.close()
    session.unlock(path, "alice", PW["alice"]).close()  # this computer has seen version 2
    conn = _raw(path, "open", _carols_open_key(path))
    conn.execute("DELETE FROM members")
    for name, role, clearance, public, signing_public in old_table:
        conn.execute("INSERT INTO members(name, role, clearance, public_key, signing_key) VALUES(?,?,?,?,?)",
                     (name, role, json.dumps(clearance), bytes.fromhex(str(public)),
                      bytes.fromhex(str(signing_public))))
    conn.execute("DELETE FROM settings WHERE key IN (?, ?)", (signing.VERSION, signing.ROWS_SIGNED))
    conn.execute("UPDATE settings SET value = ? WHERE key = ?", (old_signature, signing.MEMBERS_SIGNATURE))
    conn.commit()
    conn.close()
    assert main(["stats", *_as(tmp_path, path, "alice")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert ("the members table is an older signed version (0) than this computer last saw (2): it was put back "
            "outside Knooppunt; an owner can restore the latest with `knooppunt members restore`") in err


def test_a_v1_members_table_with_an_unknown_role_is_refused_by_migrate(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """carol's row in an old project says `boss` (edited with the v1 data key every member held): migrate stops
    in one line naming the role and the roles there are, and leaves the old files as they were."""
    path = tmp_path / "old.knp"
    write_v1(path, {"alice": ("owner", list(SECURITY_LABELS), PW["alice"]),
                    "carol": ("boss", ["open"], PW["carol"])}, FAST_KDF, [], [])
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.suffix != ".pw"}
    assert main(["project", "migrate", *_as(tmp_path, path, "alice")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.endswith("unknown role 'boss': choose one of owner, analyst, viewer")
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.suffix != ".pw" and p.name in before}
    assert after == before
