"""Encryption at rest, key slots, rotation on member removal, the key file's integrity."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlite

from graph.access import audit, session
from graph.access.keyslots import KeyFile, WrongPassphrase, key_file, pending_file
from graph.demo import DemoData
from graph.errors import ProjectError
from graph.stores.sqlite_store import SQLiteStore
from tests.access.conftest import FAST_KDF, OWNER_PW, make_project
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match


def known_values(data: DemoData, n: int = 100) -> list[str]:
    """100 names, postcodes and KvK numbers that the demo data holds."""
    names = [e.caption for e in data.entities if e.type == "Person"][:40]
    postcodes = sorted({e.properties["postcode"] for e in data.entities if e.type == "Address"})[:30]
    kvk = [e.properties["kvk_number"] for e in data.entities if e.type == "Company"][:30]
    values = names + postcodes + kvk
    assert len(values) == n
    return values


def _files(path: Path) -> dict[str, bytes]:
    out = {}
    for p in path.parent.iterdir():
        if p.name.startswith(path.name):
            out[p.name] = p.read_bytes()
    return out


def _leaks(files: dict[str, bytes], values: list[str]) -> list[tuple[str, str]]:
    return [(name, v) for name, blob in files.items() for v in values
            if v.encode() in blob or v.encode("utf-16-le") in blob]


def test_project_files_hold_no_plaintext(tmp_path: Path, demo_data: DemoData) -> None:
    values = known_values(demo_data)
    path = tmp_path / "secret.knp"
    store = make_project(path, demo_data)
    store.search("van")
    files = _files(path)
    # One file per label (rollback journal: no WAL), the key file; every one mode 600.
    assert {"secret.knp", "secret.knp.confidential", "secret.knp.police-wpg", "secret.knp.fiod-tax",
            "secret.knp.keys"} == set(files)
    assert {(path.parent / name).stat().st_mode & 0o777 for name in files} == {0o600}
    assert _leaks(files, values) == []
    store.close()
    assert _leaks(_files(path), values) == []

    # Control: the same data unencrypted does show them, so the check above can fail.
    plain = SQLiteStore(tmp_path / "plain.knp", create=True)
    plain.upsert_entities(demo_data.entities)
    assert len(_leaks(_files(tmp_path / "plain.knp"), values)) > 50
    plain.close()


def test_wrong_passphrase_one_line_exit_2_nothing_changed(demo_project: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (demo_project, key_file(demo_project))}
    listing = sorted(_files(demo_project))
    (tmp_path / "elsewhere").mkdir()
    wrong = tmp_path / "elsewhere" / "wrong.txt"
    wrong.write_text("not the passphrase\n")
    capsys.readouterr()
    code = main(["stats", "--project", str(demo_project), "--passphrase-file", str(wrong)])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.count("\n") == 1 and "wrong passphrase" in err and "alice" in err, err
    assert "Traceback" not in err and out == ""
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in before}
    assert after == before
    # Only the failed-unlock note is new; no WAL or shared-memory file appeared.
    assert sorted(_files(demo_project)) == sorted([*listing, "demo.knp.unlock-failures"])
    # The failure reaches the encrypted audit log on the next successful open.
    store = session.unlock(demo_project, "alice", OWNER_PW)
    failures = [e for e in store.inner.audit_entries() if e.action == "unlock failure report"]
    assert len(failures) == 1 and json.loads(failures[0].details)["claimed_member"] == "alice"
    assert not audit.failures_file(demo_project).exists()
    store.close()


def test_removed_member_locked_out_by_passphrase_and_by_old_key(demo_project: Path) -> None:
    owner = session.unlock(demo_project, "alice", OWNER_PW)
    session.add_member(owner, "bob", role="analyst", passphrase="bob's passphrase", kdf=FAST_KDF)
    session.add_member(owner, "carol", role="viewer", passphrase="carol's passphrase", kdf=FAST_KDF)
    owner.close()
    bob = session.unlock(demo_project, "bob", "bob's passphrase")
    bobs_key = bob.keys.data_key  # what a departing member could have copied
    assert bob.counts() and bob.member.role == "analyst"
    bob.close()
    bobs_keyfile = key_file(demo_project).read_bytes()

    before = demo_project.read_bytes()
    owner = session.unlock(demo_project, "alice", OWNER_PW)
    session.remove_member(owner, "bob")
    assert owner.keys.data_key != bobs_key and owner.keys.generation == 2
    assert not pending_file(demo_project).exists()
    owner.close()
    after, page = demo_project.read_bytes(), 4096
    same = sum(before[i:i + page] == after[i:i + page] for i in range(0, min(len(before), len(after)), page))
    assert same == 0  # every page was re-encrypted under the new key

    with pytest.raises(WrongPassphrase, match="not a member"):
        session.unlock(demo_project, "bob", "bob's passphrase")
    with pytest.raises(ProjectError):
        session.open_with_key(demo_project, "bob", bobs_key)
    # Even with the old key file he kept, his slot gives the old key, which no longer opens the file.
    old_key = _unlock_copy(demo_project, bobs_keyfile)
    assert old_key == bobs_key
    conn = sqlite.connect(str(demo_project))
    conn.execute(f"PRAGMA key = \"x'{bobs_key.hex()}'\"")
    with pytest.raises(sqlite.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()
    # The others still get in, with the data intact.
    carol = session.unlock(demo_project, "carol", "carol's passphrase")
    assert carol.counts()["Person"] > 100
    assert carol.integrity_check() == "ok"
    carol.close()


def _unlock_copy(project: Path, keyfile_bytes: bytes) -> bytes:
    copy = project.with_name("copy.knp")
    key_file(copy).write_bytes(keyfile_bytes)
    return KeyFile.load(key_file(copy)).unlock("bob", "bob's passphrase")


def test_key_file_edits_are_refused(demo_project: Path) -> None:
    data = json.loads(key_file(demo_project).read_text())
    data["key_generations"]["open"] = 5  # anything not written by a key holder
    key_file(demo_project).write_text(json.dumps(data))
    with pytest.raises(WrongPassphrase):  # the key's generation is bound into its sealed copy
        session.unlock(demo_project, "alice", OWNER_PW)
    data["key_generations"]["open"] = 1
    data["cipher"] = "rot13"
    key_file(demo_project).write_text(json.dumps(data))
    with pytest.raises(ProjectError, match="MAC mismatch"):
        session.unlock(demo_project, "alice", OWNER_PW)


def test_slot_cannot_be_moved_to_another_member(demo_project: Path) -> None:
    owner = session.unlock(demo_project, "alice", OWNER_PW)
    session.add_member(owner, "bob", role="viewer", passphrase="bob's passphrase", kdf=FAST_KDF)
    owner.close()
    data = json.loads(key_file(demo_project).read_text())
    data["slots"]["alice"] = data["slots"]["bob"]  # bob's slot under the owner's name
    key_file(demo_project).write_text(json.dumps(data))
    with pytest.raises(WrongPassphrase):
        session.unlock(demo_project, "alice", "bob's passphrase")


def test_interrupted_rotation_is_finished_on_unlock(demo_project: Path) -> None:
    owner = session.unlock(demo_project, "alice", OWNER_PW)
    saved = key_file(demo_project).read_bytes()
    session.rotate(owner)
    owner.close()
    # Simulate a crash after the re-key, before the new key file replaced the old one.
    shutil.copy(key_file(demo_project), pending_file(demo_project))
    key_file(demo_project).write_bytes(saved)
    store = session.unlock(demo_project, "alice", OWNER_PW)
    assert store.keys.generation == 2 and not pending_file(demo_project).exists()
    store.close()
    session.unlock(demo_project, "alice", OWNER_PW).close()


def test_change_passphrase(demo_project: Path) -> None:
    session.change_passphrase(demo_project, "alice", OWNER_PW, "a new passphrase", FAST_KDF)
    with pytest.raises(WrongPassphrase):
        session.unlock(demo_project, "alice", OWNER_PW)
    session.unlock(demo_project, "alice", "a new passphrase").close()


def test_default_kdf_is_expensive() -> None:
    """The real cost (>= 0.25 s per attempt) is measured by bench/bench_access.py; here the
    parameters that were measured must not silently shrink."""
    from graph.access import keyslots
    real = keyslots.KdfParams()
    assert real.memory_kib >= 131072 and real.iterations >= 4
