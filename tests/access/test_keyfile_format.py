"""The key file's MAC, the owners' pins and the audit signatures are a file format, not an implementation detail.

Every project an analyst already has carries a MAC and pins computed one way; a release
that computes them another way (a different canonical JSON, a different HKDF label) would
report every existing key file as "altered outside Knooppunt" and every pinned member as
swapped. So the checks here are written from the format, with the test's own lines (HKDF-SHA256
without salt, HMAC-SHA256), against files as `session.create` and `add_member` write them --
not with the module's functions.

    mac = HMAC-SHA256(HKDF-SHA256(open label key, info="knooppunt keyfile mac"),
                      JSON of every top-level field but "mac", sorted keys, separators "," and ":")
    pin = HMAC-SHA256(HKDF-SHA256(members key, info="knooppunt public key pin"),
                      JSON ["knooppunt-keys/2", project id, member, public key as hex])
    audit entry signature = Ed25519 by the actor over JSON ["knooppunt audit entry", project id, seq, hash]
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from graph.access import session
from graph.access.keyslots import KeyFile, key_file
from graph.errors import ProjectError
from graph.stores.sqlite_store import connect
from tests.sandbox import FAST_KDF, OWNER, OWNER_PW
from workbench.cli import main

BOB_PW = "bob: a long enough passphrase"


def _hmac(key: bytes, label: bytes, body: bytes) -> str:
    subkey = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(key)
    return hmac.new(subkey, body, hashlib.sha256).hexdigest()


def _expected_mac(data: dict[str, object], open_key: bytes) -> str:
    body = json.dumps({k: v for k, v in data.items() if k != "mac"}, sort_keys=True, separators=(",", ":"))
    return _hmac(open_key, b"knooppunt keyfile mac", body.encode())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "case.knp"
    store = session.create(path, owner=OWNER, passphrase=OWNER_PW, kdf=FAST_KDF)
    session.add_member(store, "bob", role="analyst", passphrase=BOB_PW, kdf=FAST_KDF)
    store.close()
    return path


def _held(path: Path, member: str, passphrase: str) -> dict[str, bytes]:
    keys = KeyFile.load(key_file(path))
    return keys.open_slot(member, keys.unlock(member, passphrase))


def test_the_key_file_mac_is_the_documented_hmac(project: Path) -> None:
    data = json.loads(key_file(project).read_text(encoding="utf-8"))
    open_key = _held(project, "bob", BOB_PW)["open"]  # every member can check the file
    assert data["mac"] == _expected_mac(data, open_key)
    # Keyed by the open label key only: another key gives another MAC.
    assert data["mac"] != _expected_mac(data, bytes(32))


def test_a_key_file_reformatted_by_hand_still_opens_but_an_edited_one_does_not(project: Path,
                                                                               tmp_path: Path) -> None:
    """The MAC covers the fields, not the file's layout: pretty-printing it changes nothing."""
    file = key_file(project)
    data = json.loads(file.read_text(encoding="utf-8"))
    file.write_text(json.dumps(dict(reversed(list(data.items()))), indent=8), encoding="utf-8")
    session.unlock(project, "bob", BOB_PW).close()
    data["generation"] = data["generation"] + 1  # what an attacker would change to stop a rotation
    file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ProjectError, match="altered outside Knooppunt"):
        session.unlock(project, "bob", BOB_PW)


def test_the_owner_pins_are_the_documented_hmac(project: Path) -> None:
    data = json.loads(key_file(project).read_text(encoding="utf-8"))
    members_key = _held(project, OWNER, OWNER_PW)["members"]
    for member in (OWNER, "bob"):
        public = base64.b64decode(data["slots"][member]["public_key"])
        body = json.dumps(["knooppunt-keys/2", data["project"], member, public.hex()]).encode()
        assert data["pins"][member] == _hmac(members_key, b"knooppunt public key pin", body)


def test_a_key_file_mac_from_another_computation_is_refused_by_the_cli(project: Path, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """A file whose MAC was made without the HKDF label (the raw open key) is not accepted as intact."""
    file = key_file(project)
    data = json.loads(file.read_text(encoding="utf-8"))
    open_key = _held(project, "bob", BOB_PW)["open"]
    body = json.dumps({k: v for k, v in data.items() if k != "mac"}, sort_keys=True, separators=(",", ":"))
    data["mac"] = hmac.new(open_key, body.encode(), hashlib.sha256).hexdigest()
    file.write_text(json.dumps(data), encoding="utf-8")
    pw = tmp_path / "bob.pw"
    pw.write_text(BOB_PW + "\n")
    assert main(["stats", "--project", str(project), "--as", "bob", "--passphrase-file", str(pw)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "buiten Knooppunt gewijzigd (MAC klopt niet)" in err


def test_every_audit_entry_is_signed_over_the_documented_message(project: Path) -> None:
    """Checked as an outside verifier would: the members table's signing keys, the entry's own fields."""
    project_id = json.loads(key_file(project).read_text(encoding="utf-8"))["project"]
    conn = connect(project, _held(project, "bob", BOB_PW)["open"])
    keys = {name: bytes(key) for name, key in conn.execute("SELECT name, signing_key FROM members")}
    sigs = {(seq, h): (signer, bytes(sig))
            for seq, h, signer, sig in conn.execute("SELECT seq, hash, signer, signature FROM audit_signatures")}
    entries = conn.execute("SELECT seq, actor, hash FROM audit ORDER BY seq").fetchall()
    conn.close()
    assert len(entries) >= 2
    for seq, actor, h in entries:
        signer, signature = sigs[(seq, h)]
        assert signer == actor
        Ed25519PublicKey.from_public_bytes(keys[actor]).verify(
            signature, json.dumps(["knooppunt audit entry", project_id, seq, h]).encode())


@pytest.mark.parametrize(("damage", "refusal"), [
    ("swap", "key slot of member 'bob' does not open (altered key file?)"),
    ("drop", "het sleutelslot van lid 'bob' bevat geen sleutel van het hoofdbestand"),  # Dutch, the default
])
def test_a_slot_whose_sealed_keys_were_altered_is_refused_in_one_line(project: Path, tmp_path: Path, damage: str,
                                                                      refusal: str,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """bob's sealed `open` key replaced by alice's (sealed to her, for her) or removed from his slot."""
    file = key_file(project)
    data = json.loads(file.read_text(encoding="utf-8"))
    sealed = data["slots"]["bob"]["sealed_keys"]
    if damage == "swap":
        sealed["open"] = data["slots"][OWNER]["sealed_keys"]["open"]
    else:
        del sealed["open"]
    file.write_text(json.dumps(data), encoding="utf-8")
    pw = tmp_path / "bob.pw"
    pw.write_text(BOB_PW + "\n")
    assert main(["stats", "--project", str(project), "--as", "bob", "--passphrase-file", str(pw)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.endswith(refusal)
