"""Signature replay, clearances, keyring backends and the project door, rule by rule (issue 19 item 4).

`verify_signatures` is driven here with hand-made logs signed by keys the test holds, so each
rule -- who may introduce a key, which entry is named, how many entries each member signed --
is seen on its own, including the forgeries a member holding the data key could write.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from unittest.mock import PropertyMock, patch

import keyring
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from keyring.backends.chainer import ChainerBackend

from graph import project
from graph.access import keyring_store, roles, signing
from graph.errors import SchemaError
from graph.store import AuditEntry
from tests.sandbox import MemoryKeyring

PID = "project-1"


class Log:
    """A log being written: entries and their signatures in an audit_signatures table."""

    def __init__(self) -> None:
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute("CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL)")  # as a project has
        signing.install(self.conn)
        self.entries: list[AuditEntry] = []

    def add(self, actor: str, action: str, details: object, key: Ed25519PrivateKey | None,
            signer: str | None = None) -> None:
        seq = len(self.entries) + 1
        text = details if isinstance(details, str) else json.dumps(details)
        e = AuditEntry(seq, "2026-01-01T00:00:00+00:00", actor, action, text, "p", f"h{seq}")
        self.entries.append(e)
        if key is not None:
            signing.Signer(signer or actor, key, PID)(self.conn, seq, signer or actor, e.hash)

    def verify(self, members: dict[str, str] | None = None) -> signing.SignatureReport:
        return signing.verify_signatures(self.conn, self.entries, PID, members or {})


def _pub(key: Ed25519PrivateKey) -> str:
    return signing.public_bytes(key).hex()


@pytest.fixture
def keys() -> dict[str, Ed25519PrivateKey]:
    return {name: Ed25519PrivateKey.generate() for name in ("alice", "bob", "mallory")}


def _started(keys: dict[str, Ed25519PrivateKey]) -> Log:
    log = Log()
    log.add("alice", "project create", {"signing_key": _pub(keys["alice"])}, keys["alice"])
    return log


def test_counts_per_signer_and_keys_introduced_by_member_add(keys) -> None:
    log = _started(keys)
    log.add("alice", "search", {"query": "x"}, keys["alice"])
    log.add("alice", "member add", {"member": "bob", "signing_key": _pub(keys["bob"])}, keys["alice"])
    log.add("bob", "search", [1, 2], keys["bob"])  # details that are JSON but no object
    log.add("bob", "search", "not json at all", keys["bob"])
    report = log.verify({"alice": _pub(keys["alice"]), "bob": _pub(keys["bob"])})
    assert report.ok and report.broken_seq is None and report.reason == ""
    assert report.signed_by == {"alice": 3, "bob": 2}


def test_only_the_first_entry_and_member_add_introduce_keys(keys) -> None:
    """A key named in any other entry -- even one alice signed -- does not make its holder a signer."""
    log = _started(keys)
    log.add("alice", "note", {"member": "mallory", "signing_key": _pub(keys["mallory"])}, keys["alice"])
    log.add("mallory", "purge", {}, keys["mallory"])
    assert (log.verify().broken_seq, log.verify().reason) == (3, "the signature of 'mallory' does not match the entry")
    late = Log()
    late.add("alice", "open", {}, None)
    late.entries.clear()
    late.add("mallory", "open", {"signing_key": _pub(keys["mallory"])}, keys["mallory"])  # seq 1, not a create
    report = late.verify()
    assert (report.broken_seq, report.reason) == (1, "the signature of 'mallory' does not match the entry")


def test_first_owner_key_must_match_the_members_table(keys) -> None:
    log = _started(keys)
    report = log.verify({"alice": _pub(keys["mallory"])})
    assert (report.broken_seq, report.reason) == (1, "the project's first owner key differs from the members table")
    assert log.verify({"bob": _pub(keys["bob"])}).ok  # alice not in the table given: nothing to compare


@pytest.mark.parametrize(("forgery", "reason"), [
    ("unsigned", "not signed (claims to be by 'alice')"),
    ("other signer", "signed by 'bob' but names 'alice' as actor"),
    ("wrong key", "the signature of 'alice' does not match the entry"),
    ("unknown signer", "the signature of 'mallory' does not match the entry"),
])
def test_each_forgery_names_its_entry(keys, forgery: str, reason: str) -> None:
    log = _started(keys)
    log.add("alice", "member add", {"member": "bob", "signing_key": _pub(keys["bob"])}, keys["alice"])
    if forgery == "unsigned":
        log.add("alice", "purge", {}, None)
    elif forgery == "other signer":
        log.add("alice", "purge", {}, keys["bob"], signer="bob")
    elif forgery == "wrong key":
        log.add("alice", "purge", {}, keys["mallory"], signer="alice")
    else:
        log.add("mallory", "purge", {}, keys["mallory"])
    log.add("alice", "search", {}, keys["alice"])
    report = log.verify()
    assert (report.ok, report.broken_seq, report.reason) == (False, 3, reason)
    assert report.signed_by == {"alice": 2}  # counted up to the break


def test_parse_clearance() -> None:
    assert roles.parse_clearance(None) == frozenset({"open"})  # least privilege
    assert roles.parse_clearance(" open , confidential ,") == frozenset({"open", "confidential"})
    assert roles.parse_clearance(["police-wpg", "fiod/tax"]) == frozenset({"police-wpg", "fiod/tax"})
    assert roles.parse_clearance(frozenset()) == frozenset()
    with pytest.raises(SchemaError) as info:
        roles.parse_clearance("open,zz-secret,aa-secret")
    assert str(info.value) == "unknown security label 'aa-secret': choose from open, confidential, police-wpg, fiod/tax"


class PlaintextKeyring:
    """Stands for keyrings.alt's file backend: only its module and class name matter to the check
    (not a KeyringBackend subclass, so keyring's own registry never sees it)."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


def test_insecure_keyring_reasons_name_the_backend() -> None:
    assert keyring_store.insecure_reason(MemoryKeyring()) is None
    with patch.object(ChainerBackend, "backends", new_callable=PropertyMock, return_value=[]):
        assert keyring_store.insecure_reason(ChainerBackend()) == "no OS keyring is available"
    assert keyring_store.insecure_reason(PlaintextKeyring()) == (
        "the keyring backend keyrings.alt.file.PlaintextKeyring keeps secrets in plain text or not at all")


def test_recall_reads_the_entry_back_exactly() -> None:
    keyring_store.remember(PID, "alice", 3, b"\x01" * 32)
    got = keyring_store.recall(PID)
    assert got == keyring_store.Remembered("alice", 3, b"\x01" * 32, None)
    keyring.set_password(keyring_store.SERVICE, PID, json.dumps({"member": "alice", "generation": "4",
                                                                 "key": "02" * 32, "signing": 7}))
    assert keyring_store.recall(PID) == keyring_store.Remembered("alice", 4, b"\x02" * 32, None)


def test_plain_project_opens_as_the_user_named(tmp_path: Path) -> None:
    path = tmp_path / "demo.knp"
    project.create_plain_project(path, owner="anna").close()
    store = project.open_project(path, user="ben")
    assert store.member.name == "ben" and store.member.role == "owner"
    store.close()
    store = project.open_project(path)
    assert store.member.name == "anna"
    store.close()
    with pytest.raises(project.ProjectError, match=f"^{tmp_path / 'nope.knp'}: no such project file$"):
        project.open_project(tmp_path / "nope.knp")


def test_a_log_rewritten_since_this_computer_last_saw_it_is_reported(tmp_path: Path) -> None:
    """Same length, other last entry: the head this computer remembers no longer matches."""
    import sqlcipher3.dbapi2 as sqlite

    from graph.access import session
    from tests.access.conftest import make_project
    from tests.sandbox import OWNER_PW

    path = tmp_path / "p.knp"
    store = make_project(path)
    key = store.keys.label_keys["open"]
    store.close()  # remembers the head
    conn = sqlite.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("DROP TRIGGER audit_no_update")
    seq = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    conn.execute("UPDATE audit SET hash = ? WHERE seq = ?", ("f" * 64, seq))
    conn.close()
    store = session.unlock(path, "alice", OWNER_PW)
    assert store.warnings == [f"the audit log was rewritten since you last opened it (entry #{seq} is not the one "
                              "you saw)"]
    store.close()


def test_a_second_connection_with_the_data_key_is_audited_as_such(tmp_path: Path) -> None:
    from tests.access.conftest import make_project

    path = tmp_path / "p.knp"
    first = make_project(path)
    second = project.open_project(path, data_key=first.keys.data_key, signing_key=first.signer.key)
    assert second.member.name == "alice"
    second.close()
    hows = [json.loads(e.details).get("how") for e in first.audit_entries() if e.action == "open"]
    first.close()
    assert hows[-1] == "data key"


def _tampered(tmp_path: Path, name: str, sql: str) -> Path:
    """A project whose main file was changed with the data key (what a member could do), then closed."""
    import sqlcipher3.dbapi2 as sqlite

    from tests.access.conftest import make_project

    path = tmp_path / name
    store = make_project(path)
    key = store.keys.label_keys["open"]
    store.close()
    conn = sqlite.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute(sql)
    conn.close()
    return path


@pytest.mark.parametrize(("sql", "message"), [
    (f"DELETE FROM settings WHERE key = '{signing.MEMBERS_SIGNATURE}'",
     "the members table is not signed by an owner (altered outside Knooppunt?)"),
    ("UPDATE members SET signing_key = NULL", "the members table is signed by 'alice', who is not an owner in it"),
    (f"UPDATE settings SET value = '{{\"signer\": \"alice\"}}' WHERE key = '{signing.MEMBERS_SIGNATURE}'",
     "the members table's signature is damaged"),
    ("UPDATE members SET clearance = '[\"open\"]'",
     "the members table was changed outside Knooppunt (its owner signature does not match)"),
])
def test_a_members_table_changed_with_the_data_key_is_refused_saying_how(tmp_path: Path, sql: str,
                                                                          message: str) -> None:
    from graph.access import session
    from tests.sandbox import OWNER_PW

    path = _tampered(tmp_path, "p.knp", sql)
    with pytest.raises(project.ProjectError) as info:
        session.unlock(path, "alice", OWNER_PW)
    restore = "; an owner can put back the members table they last signed with `knooppunt members restore`"
    assert str(info.value) == f"{path}: {message}{restore}"
