"""The audit log: what is recorded, append-only guard, and tamper detection by `audit verify`."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlite
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.access import audit, retention, session
from graph.model import Entity, Provenance
from graph.store import AuditEntry, entry_hash
from tests.access.conftest import FAST_KDF, OWNER_PW, make_project
from tests.sandbox import copy_project
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match

N = 12  # entries in the log the property test tampers with


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """An encrypted project whose audit log has exactly N entries."""
    path = tmp_path_factory.mktemp("audit") / "log.knp"
    store = make_project(path)
    while len(store.inner.audit_entries()) < N:
        store.search(f"query {len(store.inner.audit_entries())}")
    key = store.keys.label_keys["open"]  # the main file's key: every member holds it
    store.inner.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path, key


def _raw(path: Path, key: bytes) -> sqlite.Connection:
    """What an attacker holding the data key would do: open the file directly, drop the guard."""
    conn = sqlite.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DROP TRIGGER audit_head")
    return conn


def _verdict(conn: sqlite.Connection) -> audit.Verdict:
    entries = [AuditEntry(*r) for r in conn.execute(
        "SELECT seq, at, actor, action, details, prev_hash, hash FROM audit ORDER BY seq")]
    head = conn.execute("SELECT value FROM settings WHERE key = 'audit.head'").fetchone()
    return audit.verify(entries, head[0] if head else None)


def test_intact_log_verifies(audited: tuple[Path, bytes], tmp_path: Path) -> None:
    path, key = audited
    shutil.copy(path, tmp_path / "intact.knp")
    conn = _raw(tmp_path / "intact.knp", key)
    verdict = _verdict(conn)
    assert verdict.ok and verdict.entries == N
    conn.close()


tamper = st.one_of(
    st.tuples(st.just("change"), st.integers(1, N), st.sampled_from(["at", "actor", "action", "details"])),
    st.tuples(st.just("rehash"), st.integers(1, N), st.just("details")),
    st.tuples(st.just("delete"), st.integers(1, N), st.just("")),
    st.tuples(st.just("swap"), st.integers(1, N - 1), st.integers(1, N - 1).map(str)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(op=tamper)
def test_any_single_change_delete_or_reorder_is_named(audited: tuple[Path, bytes], tmp_path: Path,
                                                       op: tuple[str, int, str]) -> None:
    path, key = audited
    copy = Path(tempfile.mkdtemp(dir=tmp_path)) / "copy.knp"  # one per example: no stale WAL
    shutil.copy(path, copy)
    conn = _raw(copy, key)
    kind, k, arg = op
    if kind == "change":
        conn.execute(f"UPDATE audit SET {arg} = {arg} || 'x' WHERE seq = ?", (k,))
        expected = k
    elif kind == "rehash":  # the attacker also recomputes the changed entry's own hash
        row = conn.execute("SELECT seq, at, actor, action, details, prev_hash, hash FROM audit WHERE seq = ?",
                           (k,)).fetchone()
        forged = AuditEntry(seq=row[0], at=row[1], actor=row[2], action=row[3],
                            details=json.dumps({"query": "nothing to see"}), prev_hash=row[5], hash="")
        conn.execute("UPDATE audit SET details = ?, hash = ? WHERE seq = ?", (forged.details, entry_hash(forged), k))
        expected = k + 1 if k < N else N  # the next entry's link breaks, or the head no longer matches
    elif kind == "delete":
        conn.execute("DELETE FROM audit WHERE seq = ?", (k,))
        expected = k
    else:  # move entry k to a later position j (renumbering the ones in between)
        j = k + 1 + int(arg) % (N - k)
        conn.execute("UPDATE audit SET seq = -1 WHERE seq = ?", (k,))
        for s in range(k + 1, j + 1):
            conn.execute("UPDATE audit SET seq = ? WHERE seq = ?", (s - 1, s))
        conn.execute("UPDATE audit SET seq = ? WHERE seq = -1", (j,))
        expected = k
    verdict = _verdict(conn)
    conn.close()
    assert not verdict.ok
    assert verdict.broken_seq == expected, (op, verdict)
    assert f"#{expected}" in verdict.message()


def test_audit_table_is_append_only(tmp_path: Path) -> None:
    store = make_project(tmp_path / "p.knp")
    with pytest.raises(sqlite.DatabaseError, match="append-only"):
        store.inner.conn.execute("DELETE FROM audit WHERE seq = 1")
    with pytest.raises(sqlite.DatabaseError, match="append-only"):
        store.inner.conn.execute("UPDATE audit SET actor = 'mallory'")
    store.close()


def test_cli_verify_exit_1_names_first_broken_entry(audited: tuple[Path, bytes], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path, key = audited
    copy = tmp_path / "cli.knp"
    copy_project(path, copy)
    pw = tmp_path / "pw"
    pw.write_text(OWNER_PW)
    assert main(["audit", "verify", "--project", str(copy), "--passphrase-file", str(pw)]) == 0
    assert "intact" in capsys.readouterr().out
    conn = _raw(copy, key)
    conn.execute("DELETE FROM audit WHERE seq = 5")
    for sql in audit.TRIGGERS:  # an attacker may even put the guard back
        conn.execute(sql)
    conn.close()
    assert main(["audit", "verify", "--project", str(copy), "--passphrase-file", str(pw)]) == 1
    err = capsys.readouterr().err
    assert "audit entry #5: missing" in err and err.count("\n") == 1


def test_every_required_action_is_audited(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "acts.knp"
    store = make_project(path)
    person = Entity(type="Person", properties={"name": "Piet Audit"},
                    provenance=Provenance(source="brp", reference="1", received="2001-01-01"))
    with store.activity("import", source="brp.csv"):
        store.upsert_entities([person])
    store.upsert_entities([person.evolve(properties={"name": "Piet Audit", "birth_date": "1970-01-01"})])
    store.search("piet")
    store.get_entity(person.id)
    store.record_export("piet.csv", 1)
    session.add_member(store, "bob", role="viewer", passphrase="bob's passphrase", kdf=FAST_KDF)
    session.set_role(store, "bob", role="analyst")
    store.delete([person.id])
    retention.set_retention(store, 30)
    store.upsert_entities([person])
    retention.purge(store)
    session.remove_member(store, "bob")
    store.close()
    with pytest.raises(Exception, match="wrong passphrase"):
        session.unlock(path, "alice", "wrong")
    store = session.unlock(path, "alice", OWNER_PW)
    entries = store.audit_entries()
    by_action = {e.action: json.loads(e.details) for e in entries}
    for action in ("project create", "open", "unlock failure report", "search", "view", "import", "edit", "delete",
                   "export", "member add", "member change", "member remove", "key rotation", "purge", "setting"):
        assert action in by_action, action
    assert by_action["search"]["query"] == "piet"
    assert by_action["view"]["id"] == person.id
    assert by_action["import"]["source"] == "brp.csv" and by_action["import"]["created"] == 1
    assert by_action["purge"]["ids"] == [person.id]
    assert all(e.actor == "alice" for e in entries)
    assert audit.verify(entries, store.get_setting("audit.head")).ok
    store.close()
    pw = tmp_path / "pw"
    pw.write_text(OWNER_PW)
    assert main(["audit", "show", "--project", str(path), "--passphrase-file", str(pw), "--action", "search"]) == 0
    out = capsys.readouterr().out
    assert 'query="piet"' in out
    # times as people read them in a Dutch table (dd-mm-jjjj hh:mm); files and --format keep ISO for scripts
    [search] = [e for e in entries if e.action == "search"]
    day, time = f"{search.at[8:10]}-{search.at[5:7]}-{search.at[:4]}", search.at[11:16]
    assert search.at in out  # English: ISO
    assert main(["audit", "show", "--project", str(path), "--passphrase-file", str(pw), "--action", "search",
                 "--lang", "nl"]) == 0
    dutch = capsys.readouterr().out
    assert f"{day} {time}" in dutch and search.at not in dutch and "tijdstip" in dutch
    assert main(["audit", "show", "--project", str(path), "--passphrase-file", str(pw), "--action", "search",
                 "--format", "csv"]) == 0
    assert search.at in capsys.readouterr().out


def test_a_large_import_is_one_entry_with_counts_and_the_first_ids(tmp_path, demo_data) -> None:
    store = make_project(tmp_path / "big.knp", demo_data)
    [entry] = [e for e in store.audit_entries() if e.action == "import"]
    details = json.loads(entry.details)
    assert details["created"] > 1900  # one entry for the whole import, not one per batch
    assert details["ids_total"] == details["created"] + details["updated"] + details["unchanged"]
    assert len(details["ids"]) == 200 and details["ids"][0] == demo_data.entities[0].id
    store.close()
