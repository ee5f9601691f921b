"""Signing keys in key slots v2, and sessions that never saw the passphrase still sign.

The merge of the signed audit log (`sec`) with per-label keys (`part`): the Ed25519 signing key
lives in each member's v2 slot (fields `signing_key`/`signing_public`, wrapped under their
passphrase key), the keyring entry keeps it beside the member's own secret, and a worker
connection reopened with the secret gets it too -- so `audit verify` finds every entry signed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from graph import project as door
from graph.access import keyring_store, roles, session, signing
from graph.access.keyslots import KeyFile, key_file
from graph.model import Entity, Provenance
from tests.access.test_attacks import _dump
from tests.sandbox import FAST_KDF, OWNER_PW, MemoryKeyring
from workbench.cli import main
from workbench.output import read_json_rows

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match

BOB_PW = "bob: analyst with open only"


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "case.knp"
    store = session.create(path, owner="alice", passphrase=OWNER_PW, name="case", kdf=FAST_KDF)
    session.add_member(store, "bob", role="analyst", passphrase=BOB_PW, kdf=FAST_KDF)
    store.close()
    yield path


def _verify(tmp_path: Path, project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    pw = tmp_path / "alice.pw"
    pw.write_text(OWNER_PW)
    capsys.readouterr()
    code = main(["audit", "verify", "--project", str(project), "--passphrase-file", str(pw), "--as", "alice"])
    out, err = capsys.readouterr()
    return code, out, err


def test_each_v2_slot_holds_its_members_signing_key(project: Path) -> None:
    raw = json.loads(key_file(project).read_text())
    assert raw["format"] == "knooppunt-keys/2"
    keys = KeyFile.load(key_file(project))
    store = session.unlock(project, "alice", OWNER_PW)
    table = roles.signing_keys(store.inner.conn)
    store.close()
    for member, pw in (("alice", OWNER_PW), ("bob", BOB_PW)):
        slot = raw["slots"][member]
        assert {"signing_key", "signing_public", "sealed_keys", "private_key"} <= set(slot)
        secret, signing_key = keys.unlock_signing(member, pw)
        assert signing_key is not None
        assert signing.public_bytes(signing_key).hex() == table[member] == keys.slots[member].signing_public.hex()
        assert signing.private_bytes(signing_key) not in key_file(project).read_bytes()  # only wrapped
        assert secret != signing.private_bytes(signing_key)


def test_passphrase_change_keeps_the_signing_key_and_rotation_keeps_the_field(project: Path) -> None:
    before = KeyFile.load(key_file(project)).slots["bob"].signing_public
    session.change_passphrase(project, "bob", BOB_PW, "bob: a new passphrase", kdf=FAST_KDF)
    keys = KeyFile.load(key_file(project))
    signing_key = keys.unlock_signing("bob", "bob: a new passphrase")[1]
    assert signing_key is not None and signing.public_bytes(signing_key) == before
    owner = session.unlock(project, "alice", OWNER_PW)
    session.rotate(owner)
    owner.close()
    assert KeyFile.load(key_file(project)).slots["bob"].signing_public == before
    bob = session.unlock(project, "bob", "bob: a new passphrase")
    assert bob.signer is not None and bob.signer.public == before
    bob.close()


def test_a_remembered_session_signs_its_entries(project: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """unlock --remember, then commands with no passphrase at all: every entry still signed by bob."""
    pw = tmp_path / "bob.pw"
    pw.write_text(BOB_PW)
    assert isinstance(keyring.get_keyring(), MemoryKeyring)
    assert main(["unlock", "--remember", "--project", str(project), "--passphrase-file", str(pw),
                 "--as", "bob"]) == 0
    remembered = keyring_store.recall(session.project_id(project))
    assert remembered is not None and remembered.member == "bob" and remembered.signing_key is not None
    assert remembered.signing_key != remembered.data_key  # both bob's own, side by side in one entry
    capsys.readouterr()
    assert main(["search", "Piet", "--project", str(project), "--format", "json"]) == 0
    assert read_json_rows(capsys.readouterr().out) == []
    store = session.unlock(project, "alice", OWNER_PW)
    how = [json.loads(e.details).get("how") for e in store.audit_entries()
           if e.action == "open" and e.actor == "bob"]
    store.close()
    assert how[-1] == "keyring"
    code, out, err = _verify(tmp_path, project, capsys)
    assert code == 0, err
    assert "bob: " in out and "every entry signed by its actor" in out


def test_a_worker_connection_signs_too(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The GUI's reopen path: the member's secret plus their signing key, never the passphrase."""
    from views.project_session import Session

    gui = Session.open(project, user="bob", passphrase=BOB_PW)
    worker = gui.reopen()
    with worker.activity("import", source="brp"):
        worker.upsert_entities([Entity(type="Person", properties={"name": "Jan Werker"},
                                       provenance=Provenance(source="brp", reference="w1"))])
    worker.close()
    gui.store.close()
    code, _, err = _verify(tmp_path, project, capsys)
    assert code == 0, err
    # without the signing key a reopened connection's entries are unsigned, and verify says so
    keys = KeyFile.load(key_file(project))
    bare = door.open_project(project, user="bob", data_key=keys.unlock("bob", BOB_PW))
    bare.search("Jan")
    bare.close()
    code, _, err = _verify(tmp_path, project, capsys)
    assert code == 1 and "not signed (claims to be by 'bob')" in err


def test_hand_merge_across_partitions_is_an_alias_in_the_main_file(project: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """`knooppunt merge` (records by hand) over an open and a police-wpg record: no record written, the
    alias kept in the police-wpg file (it names a police record); bob (open only) keeps his view, never
    sees the merge, and reads no id of the police record in the main file."""
    from graph.stores.sqlite_store import partition_file

    store = session.unlock(project, "alice", OWNER_PW)
    seen = Entity(type="Person", properties={"name": "Kees Open"}, provenance=Provenance(source="brp", reference="1"))
    hidden = Entity(type="Person", properties={"name": "Kees Geheim"}, label="police-wpg",
                    provenance=Provenance(source="politie", reference="2"))
    with store.activity("import", source="brp"):
        store.upsert_entities([seen, hidden])
    store.close()
    wpg = partition_file(project, "police-wpg")
    before = wpg.read_bytes()
    pw, bob_pw = tmp_path / "alice.pw", tmp_path / "bob.pw"
    pw.write_text(OWNER_PW)
    bob_pw.write_text(BOB_PW)
    alice = ["--project", str(project), "--passphrase-file", str(pw), "--as", "alice"]
    bob = ["--project", str(project), "--passphrase-file", str(bob_pw), "--as", "bob"]
    capsys.readouterr()
    assert main(["merge", seen.id, hidden.id, "--reason", "zelfde persoon", *alice]) == 0
    merge_id = capsys.readouterr().out.split(": ")[1].split()[0]
    keys = KeyFile.load(key_file(project))
    main_key = keys.open_slot("bob", keys.unlock("bob", BOB_PW))["open"]
    assert hidden.id not in _dump(project, main_key)  # the alias is in the police-wpg file
    assert wpg.read_bytes() != before
    assert main(["search", "Kees", "--format", "json", *alice]) == 0
    assert [r["id"] for r in read_json_rows(capsys.readouterr().out)] == [seen.id]
    assert main(["search", "Kees", "--format", "json", *bob]) == 0
    assert [r["id"] for r in read_json_rows(capsys.readouterr().out)] == [seen.id]
    assert main(["resolve", "merges", "--format", "json", *bob]) == 0
    assert read_json_rows(capsys.readouterr().out) == []  # he may not see both sides
    assert main(["resolve", "undo", merge_id, *alice]) == 0
    capsys.readouterr()
    assert main(["search", "Kees", "--format", "json", *alice]) == 0
    assert {r["id"] for r in read_json_rows(capsys.readouterr().out)} == {seen.id, hidden.id}
    code, _, err = _verify(tmp_path, project, capsys)
    assert code == 0, err
