"""Issue 11 as the attacks: a member with only their own passphrase, keyring entry and files.

Each test plays an insider on their own laptop with a Python shell and `sqlcipher3`, and
shows the attack now gets nothing: the keys of labels above their clearance were never
theirs, their keyring entry opens only their own slot, and removal replaces every key
they held -- even after they swapped another member's public key beforehand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

import keyring
import pytest
import sqlcipher3.dbapi2 as sqlite
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from graph.access import keyring_store, session
from graph.access.keyslots import KeyFile, WrongPassphrase, key_file, raw_public
from graph.errors import ProjectError
from graph.model import SECURITY_LABELS, Entity, Provenance, Relation
from graph.stores.lean import lean_select
from graph.stores.sqlite_store import partition_file
from tests.access.conftest import FAST_KDF, OWNER_PW, make_project
from tests.sandbox import MemoryKeyring, key_opens
from workbench.cli import main

SECRETS = {"open": "Olaf Openbaar", "confidential": "Carla Vertrouwelijk",
           "police-wpg": "Piet Politiegeheim", "fiod/tax": "Frits Fiscaalgeheim"}
VERA_PW = "vera: only open for me"
MALLORY_PW = "mallory: open and confidential"
BOB_PW = "bob: open and confidential"


def _person(name: str, label: str) -> Entity:
    return Entity(type="Person", properties={"name": name}, label=label,
                  provenance=Provenance(source="test", reference=name))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """One person per label, a police-wpg relation between open people; vera, mallory and bob."""
    path = tmp_path / "zaak.knp"
    owner = make_project(path)
    people = {label: _person(name, label) for label, name in SECRETS.items()}
    extra = _person("Otto Openbaar", "open")
    owner.upsert_entities([*people.values(), extra])
    owner.upsert_relations([Relation(type="associate_of", source_id=people["open"].id, target_id=extra.id,
                                     label="police-wpg",
                                     provenance=Provenance(source="test", reference="REL-WPG-0001")),
                            Relation(type="associate_of", source_id=people["open"].id,
                                     target_id=people["fiod/tax"].id,
                                     provenance=Provenance(source="test", reference="REL-FIOD-0002"))])
    session.add_member(owner, "vera", role="viewer", passphrase=VERA_PW, clearance=frozenset({"open"}),
                       kdf=FAST_KDF)
    session.add_member(owner, "mallory", role="analyst", passphrase=MALLORY_PW,
                       clearance=frozenset({"open", "confidential"}), kdf=FAST_KDF)
    session.add_member(owner, "bob", role="analyst", passphrase=BOB_PW,
                       clearance=frozenset({"open", "confidential"}), kdf=FAST_KDF)
    owner.close()
    return path


def _everything_of(path: Path, member: str, passphrase: str) -> dict[str, bytes]:
    """All a member can get from their own passphrase and the files: their secret and each key in their slot."""
    keys = KeyFile.load(key_file(path))
    secret = keys.unlock(member, passphrase)
    return {"secret": secret, **keys.open_slot(member, secret)}


def _dump(file: Path, key: bytes) -> str:
    """Every value of every table in a file, as text (what a member with its key can read)."""
    conn = sqlite.connect(str(file))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return "\n".join(str(row) for t in tables for row in conn.execute(f'SELECT * FROM "{t}"'))
    finally:
        conn.close()


def test_viewer_cannot_read_higher_labels_with_sqlcipher(project: Path) -> None:
    mine = _everything_of(project, "vera", VERA_PW)
    assert set(mine) == {"secret", "open"}  # her slot holds the open key and nothing else
    for label in SECURITY_LABELS[1:]:
        file = partition_file(project, label)
        assert file.exists()
        assert not any(key_opens(file, key) for key in mine.values()), label
    # The one file she can decrypt holds the open records and no trace of the others.
    dump = _dump(project, mine["open"])
    assert SECRETS["open"] in dump
    for label in SECURITY_LABELS[1:]:
        assert SECRETS[label] not in dump, label
    # The police-wpg relation between two open people lives in the police-wpg file, not hers.
    # (references long enough that random key bytes in the dump never spell them by chance)
    assert "REL-WPG-0001" not in dump and "REL-FIOD-0002" not in dump  # the second touches a fiod/tax person
    # Nor can her private key open another member's sealed keys in the key file.
    data = json.loads(key_file(project).read_text())
    private = X25519PrivateKey.from_private_bytes(mine["secret"])
    suite = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
    import base64
    for member in ("alice", "mallory", "bob"):
        for name, sealed in data["slots"][member]["sealed_keys"].items():
            info = json.dumps(["knooppunt-keys/2", data["project"], member, name,
                               data["key_generations"][name]]).encode()
            with pytest.raises(InvalidTag):  # sealed to another key: the AEAD tag does not check out
                suite.decrypt(base64.b64decode(sealed), private, info=info)
    # Control: the owner's keys do open them, so the checks above can fail.
    owner = _everything_of(project, "alice", OWNER_PW)
    for label in SECURITY_LABELS[1:]:
        assert SECRETS[label] in _dump(partition_file(project, label), owner[label])


def test_viewer_through_the_store_sees_open_only(project: Path) -> None:
    vera = session.unlock(project, "vera", VERA_PW)
    assert vera.inner.labels_held() == frozenset({"open"})
    assert vera.counts() == {"Person": 2}
    for label in SECURITY_LABELS[1:]:
        assert vera.search(SECRETS[label].split()[1]) == []
    assert vera.search("Olaf")
    vera.close()


def test_edited_keyring_entry_does_not_open_as_another_member(project: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    pw = tmp_path / "vera.pw"
    pw.write_text(VERA_PW)
    assert main(["unlock", "--remember", "--project", str(project), "--passphrase-file", str(pw),
                 "--as", "vera"]) == 0
    ring = keyring.get_keyring()
    assert isinstance(ring, MemoryKeyring)
    (entry_key, value), = ring.entries.items()
    entry = json.loads(value)
    assert entry["member"] == "vera"
    mine = _everything_of(project, "vera", VERA_PW)
    assert bytes.fromhex(entry["key"]) == mine["secret"]  # her own secret: no label key in the keyring
    assert mine["open"].hex() not in value
    # The attack: the owner's name in her entry.
    ring.entries[entry_key] = json.dumps({**entry, "member": "alice"})
    capsys.readouterr()
    assert main(["stats", "--project", str(project), "--as", "alice"]) == 2  # asks for alice's passphrase
    assert "Traceback" not in capsys.readouterr().err
    with pytest.raises(ProjectError, match="not the key of member 'alice'"):
        session.open_with_key(project, "alice", mine["secret"])
    owner = session.unlock(project, "alice", OWNER_PW)
    opens = [json.loads(e.details) for e in owner.audit_entries() if e.action == "open" and e.actor == "alice"]
    assert all(o.get("how") != "keyring" for o in opens)
    owner.close()


def test_removed_member_keeps_nothing_even_after_swapping_a_public_key(project: Path) -> None:
    mine = _everything_of(project, "mallory", MALLORY_PW)
    assert set(mine) == {"secret", "open", "confidential"}
    private = X25519PrivateKey.from_private_bytes(mine["secret"])
    my_public = raw_public(private.public_key())
    # Her public key in bob's row of the members table (she has the main file's key): the
    # members table no longer carries an owner's signature, so the project refuses to open.
    conn = sqlite.connect(str(project), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{mine['open'].hex()}'\"")
    original = conn.execute("SELECT public_key FROM members WHERE name = 'bob'").fetchone()[0]
    conn.execute("UPDATE members SET public_key = ? WHERE name = 'bob'", (my_public,))
    with pytest.raises(ProjectError, match="members table was changed outside Knooppunt"):
        session.unlock(project, "alice", OWNER_PW)
    conn.execute("UPDATE members SET public_key = ? WHERE name = 'bob'", (original,))
    conn.close()
    # ... so she swaps it in bob's slot of the key file instead (re-MACed with the open key she
    # holds): the owners' pin catches it at the rotation her removal triggers.
    keys = KeyFile.load(key_file(project))
    keys.slots["bob"].public = my_public
    keys.save(key_file(project), mine["open"])

    owner = session.unlock(project, "alice", OWNER_PW)
    session.remove_member(owner, "mallory")
    tampering = [json.loads(e.details) for e in owner.audit_entries() if e.action == "member key tampering"]
    assert [(t["member"], t["where"]) for t in tampering] == [("bob", "key file")]
    owner.close()

    # Everything she kept opens nothing: not her slot, not the files, not bob's slot.
    with pytest.raises(WrongPassphrase, match="not a member"):
        session.unlock(project, "mallory", MALLORY_PW)
    for label in ("open", "confidential"):
        assert not key_opens(partition_file(project, label), mine[label]), label
    with pytest.raises(ProjectError):
        session.open_with_key(project, "bob", mine["secret"])
    # bob still gets in with his own passphrase and sees confidential records.
    bob = session.unlock(project, "bob", BOB_PW)
    assert bob.search("Vertrouwelijk") and bob.inner.labels_held() == frozenset({"open", "confidential"})
    bob.close()


def test_key_swapped_in_both_places_gets_no_new_keys(project: Path) -> None:
    """Slot and row both carry mallory's key: no pinned copy is left, so nobody gets bob's new keys."""
    mine = _everything_of(project, "mallory", MALLORY_PW)
    my_public = raw_public(X25519PrivateKey.from_private_bytes(mine["secret"]).public_key())
    conn = sqlite.connect(str(project), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{mine['open'].hex()}'\"")
    conn.execute("UPDATE members SET public_key = ? WHERE name = 'bob'", (my_public,))
    conn.close()
    keys = KeyFile.load(key_file(project))
    keys.slots["bob"].public = my_public  # and in bob's slot, re-MACed with the open key she holds
    keys.save(key_file(project), mine["open"])
    # The members table is signed by an owner: edited outside Knooppunt, the project does not open,
    # so no rotation runs that could seal a new key to her public key.
    with pytest.raises(ProjectError, match="members table was changed outside Knooppunt"):
        session.unlock(project, "alice", OWNER_PW)
    with pytest.raises(ProjectError):  # bob's slot opens to no key mallory could use
        session.open_with_key(project, "bob", mine["secret"])


def test_clearance_change_rekeys_only_the_label_taken(project: Path) -> None:
    bobs = _everything_of(project, "bob", BOB_PW)
    before = {label: partition_file(project, label).read_bytes() for label in SECURITY_LABELS}
    sealed_before = json.loads(key_file(project).read_text())["slots"]
    owner = session.unlock(project, "alice", OWNER_PW)
    session.set_role(owner, "bob", clearance=frozenset({"open"}))
    owner.close()
    after = {label: partition_file(project, label).read_bytes() for label in SECURITY_LABELS}
    sealed_after = json.loads(key_file(project).read_text())["slots"]
    assert after["police-wpg"] == before["police-wpg"] and after["fiod/tax"] == before["fiod/tax"]
    assert after["confidential"] != before["confidential"]
    assert not key_opens(partition_file(project, "confidential"), bobs["confidential"])
    assert key_opens(project, bobs["open"])  # the open key was not his to lose
    assert set(sealed_after["bob"]["sealed_keys"]) == {"open"}
    # Re-sealed only what changed: vera's slot (open only) is byte for byte the same.
    assert sealed_after["vera"] == sealed_before["vera"]
    assert sealed_after["alice"]["sealed_keys"]["police-wpg"] == sealed_before["alice"]["sealed_keys"]["police-wpg"]
    assert sealed_after["alice"]["sealed_keys"]["confidential"] != sealed_before["alice"]["sealed_keys"]["confidential"]
    # Raising it again seals the current key to him; no file is re-keyed.
    owner = session.unlock(project, "alice", OWNER_PW)
    session.set_role(owner, "bob", clearance=frozenset({"open", "police-wpg"}))
    owner.close()
    assert partition_file(project, "police-wpg").read_bytes() == after["police-wpg"]
    bob = session.unlock(project, "bob", BOB_PW)
    assert bob.search("Politiegeheim") and not bob.search("Vertrouwelijk")
    bob.close()


def test_relation_lives_at_the_highest_label_of_itself_and_its_ends(project: Path) -> None:
    owner = _everything_of(project, "alice", OWNER_PW)

    def relation_refs(label: str) -> set[str]:
        conn = sqlite.connect(str(partition_file(project, label)))
        conn.execute(f"PRAGMA key = \"x'{owner[label].hex()}'\"")
        try:
            return {r[0] for r in conn.execute(f"SELECT source_ref FROM ({lean_select('relations', 'main')})")}
        finally:
            conn.close()
    assert relation_refs("police-wpg") == {"REL-WPG-0001"}  # its own label
    assert relation_refs("fiod/tax") == {"REL-FIOD-0002"}  # an open relation to a fiod/tax person
    assert relation_refs("open") == relation_refs("confidential") == set()


def test_relabel_moves_the_record_and_its_relations(project: Path) -> None:
    owner = session.unlock(project, "alice", OWNER_PW)
    olaf = owner.search("Olaf")[0]
    olaf.label = "confidential"
    owner.upsert_entities([olaf])
    owner.close()
    vera = session.unlock(project, "vera", VERA_PW)
    assert vera.search("Olaf") == [] and vera.counts() == {"Person": 1}
    vera.close()
    mallory = session.unlock(project, "mallory", MALLORY_PW)
    assert mallory.search("Olaf")[0].label == "confidential"
    mallory.close()


def test_insecure_keyring_backends_are_refused(project: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from keyring.backends import chainer, fail, null

    pw = tmp_path / "vera.pw"
    pw.write_text(VERA_PW)

    class PlainFile(MemoryKeyring):
        """Stands in for a plain-text backend such as keyrings.alt.file.PlaintextKeyring."""

    PlainFile.__module__ = "keyrings.alt.file"
    for ring in (PlainFile(), fail.Keyring(), null.Keyring()):
        keyring.set_keyring(ring)
        capsys.readouterr()
        assert main(["unlock", "--remember", "--project", str(project), "--passphrase-file", str(pw),
                     "--as", "vera"]) != 0
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "de sleutel wordt niet onthouden" in err and "Traceback" not in err, err
    plain = PlainFile()

    class Chained(chainer.ChainerBackend):
        backends: ClassVar[list[Any]] = [MemoryKeyring(), plain]  # type: ignore[assignment]  # falls through

    assert keyring_store.insecure_reason(Chained()) is not None
    assert keyring_store.insecure_reason(MemoryKeyring()) is None
    assert plain.entries == {}


def test_raising_own_clearance_in_the_members_table_gains_no_key(project: Path) -> None:
    """mallory writes every label into her own row; the next rotation still seals her nothing new."""
    mine = _everything_of(project, "mallory", MALLORY_PW)
    conn = sqlite.connect(str(project), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{mine['open'].hex()}'\"")
    before = conn.execute("SELECT clearance, role FROM members WHERE name = 'mallory'").fetchone()
    conn.execute("UPDATE members SET clearance = ?, role = 'owner' WHERE name = 'mallory'",
                 (json.dumps(list(SECURITY_LABELS)),))
    conn.close()
    # The owners' signature over the members table no longer matches: nobody opens the
    # project as it is now (she cannot re-sign it: she has no owner's signing key) ...
    for member, pw in (("alice", OWNER_PW), ("mallory", MALLORY_PW)):
        with pytest.raises(ProjectError, match="members table was changed outside Knooppunt"):
            session.unlock(project, member, pw)
    conn = sqlite.connect(str(project), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{mine['open'].hex()}'\"")
    conn.execute("UPDATE members SET clearance = ?, role = ? WHERE name = 'mallory'", before)
    conn.close()
    # ... and once put back, a full rotation still seals her nothing beyond what she was given.
    owner = session.unlock(project, "alice", OWNER_PW)
    session.rotate(owner)  # every key replaced and sealed anew
    owner.close()
    after = _everything_of(project, "mallory", MALLORY_PW)
    assert set(after) == {"secret", "open", "confidential"}  # still only what she was given
    assert not key_opens(partition_file(project, "police-wpg"), after["open"])
    mallory = session.unlock(project, "mallory", MALLORY_PW)
    assert mallory.inner.labels_held() == frozenset({"open", "confidential"})
    assert mallory.search("Politiegeheim") == []
    mallory.close()
