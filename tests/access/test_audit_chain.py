"""The audit chain and the failed-unlock log against an independent computation (issue 19 item 4).

The hashes here are computed by this file's own few lines (and one known vector), never by
`graph.store.entry_hash` or `audit._line_hash`: a test that recomputes with the code's own
function passes whatever that function does. Each verdict is compared whole (ok, entries,
broken entry, reason), so `audit verify` saying "intact" -- or naming the wrong entry --
where the log was cut is noticed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from graph.access import audit, session
from graph.access.keyslots import WrongPassphrase
from graph.store import GENESIS_HASH, AuditEntry
from tests.access.conftest import OWNER_PW, make_project
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match

# A known vector: sha256 of '[1,"2026-01-02T03:04:05+00:00","alice","open","{}","000...0"]' (64 zeros).
KNOWN_ENTRY = AuditEntry(1, "2026-01-02T03:04:05+00:00", "alice", "open", "{}", "0" * 64, "")


def _independent_hash(e: AuditEntry) -> str:
    """The documented payload, written out by hand: the six fields as a compact JSON array."""
    payload = "[" + ",".join([str(e.seq), *(json.dumps(v, ensure_ascii=False)
                                            for v in (e.at, e.actor, e.action, e.details, e.prev_hash))]) + "]"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _chain(n: int) -> list[AuditEntry]:
    out: list[AuditEntry] = []
    prev = "0" * 64
    for seq in range(1, n + 1):
        e = AuditEntry(seq, f"2026-01-0{seq}T00:00:00+00:00", "alice", "search", json.dumps({"q": seq}), prev, "")
        h = _independent_hash(e)
        out.append(AuditEntry(e.seq, e.at, e.actor, e.action, e.details, prev, h))
        prev = h
    return out


def _head(entries: list[AuditEntry]) -> str:
    return f"{entries[-1].seq}:{entries[-1].hash}"


def test_entry_hash_matches_the_known_vector_and_the_written_out_payload() -> None:
    from graph.store import entry_hash

    payload = '[1,"2026-01-02T03:04:05+00:00","alice","open","{}","' + "0" * 64 + '"]'
    expected = hashlib.sha256(payload.encode()).hexdigest()
    assert _independent_hash(KNOWN_ENTRY) == expected
    assert entry_hash(KNOWN_ENTRY) == expected
    assert GENESIS_HASH == "0" * 64


def test_an_intact_chain_and_an_empty_log_verify() -> None:
    entries = _chain(3)
    verdict = audit.verify(entries, _head(entries))
    assert verdict == audit.Verdict(True, 3)
    assert verdict.message() == "audit log intact: 3 entries, chain and head match"
    assert audit.verify([], None) == audit.Verdict(True, 0)


def test_a_missing_head_record_is_reported() -> None:
    """Someone who removes the head record must not get "intact" (the issue's missed mutation)."""
    entries = _chain(3)
    assert audit.verify(entries, None) == audit.Verdict(False, 3, 3, "the log's head record is missing")
    assert audit.verify(entries, None).message() == "audit entry #3: the log's head record is missing"


@pytest.mark.parametrize(("case", "expected"), [
    ("gap", (2, 2, "missing (the log jumps from #1 to #3)")),
    ("first gone", (2, 1, "missing (the log jumps from #0 to #2)")),
    ("changed", (3, 2, "changed or moved (its hash does not match its contents)")),
    ("rehashed", (3, 3, "does not follow #2 (an entry before it was changed, removed or reordered)")),
    ("last gone", (2, 3, "missing (the log ends at #2 but its head records #3)")),
    ("head far ahead", (3, 4, "missing (the log ends at #3 but its head records #10)")),
    ("head behind", (3, 2, "the head record does not match the last entry")),
    ("head other hash", (3, 3, "the head record does not match the last entry")),
    ("head with colons", (3, 4, "missing (the log ends at #3 but its head records #12)")),
    ("head garbage", (3, 4, "missing (the log ends at #3 but its head records #4)")),
])
def test_each_break_is_named_with_its_entry_and_reason(case: str, expected: tuple[int, int, str]) -> None:
    entries = _chain(3)
    head: str | None = _head(entries)
    if case == "gap":
        entries = [entries[0], entries[2]]
    elif case == "first gone":
        entries = entries[1:]
    elif case == "changed":
        e = entries[1]
        entries[1] = AuditEntry(e.seq, e.at, "mallory", e.action, e.details, e.prev_hash, e.hash)
    elif case == "rehashed":  # the forger recomputes the changed entry's own hash: its successor's link breaks
        e = entries[1]
        forged = AuditEntry(e.seq, e.at, e.actor, e.action, "{}", e.prev_hash, "")
        entries[1] = AuditEntry(e.seq, e.at, e.actor, e.action, "{}", e.prev_hash, _independent_hash(forged))
    elif case == "last gone":
        entries = entries[:2]
    elif case == "head far ahead":
        head = f"10:{entries[-1].hash}"
    elif case == "head behind":
        head = f"2:{entries[1].hash}"
    elif case == "head other hash":
        head = "3:" + "f" * 64
    elif case == "head with colons":
        head = "12:ab:cd"
    else:
        head = "x:y"
    n, broken, reason = expected
    verdict = audit.verify(entries, head)
    assert verdict == audit.Verdict(False, n, broken, reason)
    assert verdict.message() == f"audit entry #{broken}: {reason}"


def test_a_real_project_log_checks_out_with_the_independent_hash(tmp_path: Path) -> None:
    """What the store writes follows the documented chain: computed here, not by the store's function."""
    store = make_project(tmp_path / "p.knp")
    store.search("one")
    store.search("two")
    entries = store.inner.audit_entries()
    head = store.get_setting("audit.head")
    store.close()
    prev = GENESIS_HASH
    for seq, e in enumerate(entries, 1):
        assert (e.seq, e.prev_hash, e.hash) == (seq, prev, _independent_hash(e))
        prev = e.hash
    assert head == f"{len(entries)}:{prev}"


# -- the failed-unlock log ----------------------------------------------------------------------
def _line_hash(record: dict[str, object]) -> str:
    body = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _lines(project: Path) -> list[dict[str, object]]:
    return [json.loads(ln) for ln in audit.failures_file(project).read_text(encoding="utf-8").splitlines()]


def test_failed_unlocks_are_chained_lines_without_any_passphrase(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The passphrase tried -- nearly the right one -- and the right one appear in no file."""
    project = tmp_path / "p.knp"
    make_project(project).close()
    tried = OWNER_PW + "!"  # a typo of the real passphrase: the worst thing to leave lying around
    for _ in range(2):
        with pytest.raises(WrongPassphrase, match="wrong passphrase for member 'alice'"):
            session.unlock(project, "alice", tried)
    pw = tmp_path / "elsewhere.pw"
    pw.write_text(tried + "\n")
    assert main(["stats", "--project", str(project), "--passphrase-file", str(pw)]) == 2
    assert "wrong passphrase" in capsys.readouterr().err
    lines = _lines(project)
    assert len(lines) == 3
    prev = GENESIS_HASH
    for line in lines:
        assert set(line) == {"at", "member", "reason", "prev", "hash"}
        assert line["member"] == "alice" and "wrong passphrase for member 'alice'" in str(line["reason"])
        assert line["prev"] == prev and line["hash"] == _line_hash(line)
        assert str(line["at"])[:2] == "20"
        prev = str(line["hash"])
    for p in [*session.project_files(project), project]:
        data = p.read_bytes()
        assert tried.encode() not in data and OWNER_PW.encode() not in data, p
    assert audit.failures_intact(lines)


def _failed_twice(tmp_path: Path) -> Path:
    project = tmp_path / "p.knp"
    make_project(project).close()
    for _ in range(2):
        with pytest.raises(WrongPassphrase, match="wrong passphrase"):
            session.unlock(project, "alice", "not it")
    return project


def _reports(project: Path) -> list[dict[str, object]]:
    store = session.unlock(project, "alice", OWNER_PW)
    out = [json.loads(e.details) | {"actor": e.actor} for e in store.audit_entries()
           if e.action == "unlock failure report"]
    store.close()
    return out


def test_intact_failure_lines_are_merged_without_a_warning(tmp_path: Path) -> None:
    project = _failed_twice(tmp_path)
    lines = _lines(project)
    reports = _reports(project)
    assert [r["claimed_member"] for r in reports] == ["alice", "alice"]
    assert [r["attempted_at"] for r in reports] == [line["at"] for line in lines]
    assert all(r["unauthenticated"] is True and "warning" not in r and r["actor"] == "alice" for r in reports)
    assert all(r["reason"] == line["reason"] for r, line in zip(reports, lines, strict=True))
    assert not audit.failures_file(project).exists()


@pytest.mark.parametrize("tamper", ["reason", "drop first", "rehash first", "prev", "hash type"])
def test_a_tampered_failure_line_is_reported_as_altered(tmp_path: Path, tamper: str) -> None:
    """The issue's missed mutation: a changed unlock-failure record must not be reported intact."""
    project = _failed_twice(tmp_path)
    lines = _lines(project)
    if tamper == "reason":
        lines[0]["reason"] = "nothing happened"
    elif tamper == "drop first":
        lines = lines[1:]
    elif tamper == "rehash first":  # the forger recomputes its hash: the next line's link breaks
        lines[0]["member"] = "bob"
        lines[0]["hash"] = _line_hash(lines[0])
    elif tamper == "prev":
        lines[0]["prev"] = "1" * 64
        lines[0]["hash"] = _line_hash(lines[0])
    else:
        lines[1]["hash"] = ["not", "a", "hash"]
    assert not audit.failures_intact(lines)
    audit.failures_file(project).write_text("".join(json.dumps(line) + "\n" for line in lines))
    reports = _reports(project)
    assert len(reports) == len(lines)
    assert all(r["warning"] == "the failed-unlock log was altered before this open" for r in reports)


def test_failures_intact_on_hand_made_records() -> None:
    first = {"at": "t1", "member": "alice", "reason": "r", "prev": GENESIS_HASH}
    first["hash"] = _line_hash(first)
    second = {"at": "t2", "member": None, "reason": "r", "prev": first["hash"]}
    second["hash"] = _line_hash(second)
    assert audit.failures_intact([]) and audit.failures_intact([first, second])
    assert not audit.failures_intact([second])
    assert not audit.failures_intact([first, {**second, "prev": GENESIS_HASH}])
    assert not audit.failures_intact([{**first, "hash": None}])
    assert not audit.failures_intact([{"prev": GENESIS_HASH, "bad": {1, 2}, "hash": "x"}])  # not JSON-able


def test_unreadable_sidecars_become_records_and_never_fail(tmp_path: Path) -> None:
    project = tmp_path / "p.knp"
    assert audit.read_failures(project) == []
    sidecar = audit.failures_file(project)
    assert sidecar.name == "p.knp.unlock-failures"
    sidecar.write_bytes(b'{"member": "alice"}\nnot json at all, and a much longer line than forty characters\n[1]\n')
    records = audit.read_failures(project)
    assert records[0] == {"member": "alice"}
    assert records[1] == {"at": None, "member": None, "prev": "", "hash": "",
                          "reason": "unreadable line 'not json at all, and a much longer line '"}
    assert records[2]["reason"] == "unreadable line '[1]'"
    sidecar.unlink()
    sidecar.mkdir()  # a directory where the file should be: an OSError, reported as a record
    [record] = audit.read_failures(project)
    assert record == {"at": None, "member": None, "reason": "failed-unlock log unreadable (Is a directory)",
                      "prev": "", "hash": ""}


def test_report_text_is_short_printable_text() -> None:
    assert audit.report_text(None) is None
    assert audit.report_text("alice") == "alice"
    assert audit.report_text({"é": 1}) == '{"é": 1}'
    assert audit.report_text(42) == "42"
    assert audit.report_text("a\x1b[31mb\nc") == "a?[31mb?c"
    assert audit.report_text("x" * 500) == "x" * 200


def test_a_flooded_sidecar_is_summarised(tmp_path: Path) -> None:
    project = tmp_path / "p.knp"
    make_project(project).close()
    lines = "".join(json.dumps({"member": "m", "reason": str(i)}) + "\n" for i in range(audit.MAX_FAILURE_LINES + 2))
    audit.failures_file(project).write_text(lines)
    reports = _reports(project)
    assert audit.MAX_FAILURE_LINES == 1000
    assert len(reports) == 1001
    assert reports[999]["reason"] == "999"
    assert reports[-1] == {"unauthenticated": True, "omitted": 2, "actor": "alice",
                           "warning": "the failed-unlock log held more lines than are kept"}


def test_install_puts_the_guard_and_head_in_place_idempotently(tmp_path: Path) -> None:
    store = make_project(tmp_path / "p.knp")
    conn = store.inner.conn
    last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    conn.execute("DELETE FROM settings WHERE key = 'audit.head'")
    audit.install(conn)
    audit.install(conn)
    assert store.get_setting("audit.head") == f"{last[0]}:{last[1]}"
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"audit_no_update", "audit_no_delete", "audit_head"} <= triggers
    store.close()


def test_an_emptied_log_with_a_forged_genesis_head_is_not_intact() -> None:
    assert audit.verify([], "0:" + GENESIS_HASH) == audit.Verdict(False, 0, 0, "the head record does not match "
                                                                                "the last entry")
    assert audit.verify([], "2:" + GENESIS_HASH) == audit.Verdict(
        False, 0, 1, "missing (the log ends at #0 but its head records #2)")


def test_a_failure_line_with_a_non_ascii_name_is_utf8_and_hashed_as_written(tmp_path: Path) -> None:
    """The line hash covers the text as written (UTF-8, not \\u escapes): checked by this file's own hash."""
    project = tmp_path / "p.knp"
    make_project(project).close()
    with pytest.raises(WrongPassphrase, match="'zoë' is not a member"):
        session.unlock(project, "zoë", "whatever")
    raw = audit.failures_file(project).read_bytes()
    assert '"member": "zoë"'.encode() in raw
    [line] = _lines(project)
    assert line["hash"] == _line_hash(line) and audit.failures_intact([line])


def test_merge_counts_lines_and_a_directory_in_place_of_the_sidecar_does_not_block_the_open(tmp_path: Path) -> None:
    project = tmp_path / "p.knp"
    store = make_project(project)
    assert audit.merge_failures(project, store.inner) == 0
    audit.failures_file(project).write_text('{"member": "x"}\n{"member": "y"}\n')
    assert audit.merge_failures(project, store.inner) == 2
    store.close()
    audit.failures_file(project).mkdir()  # whoever can write the folder can do this
    *merged, report = _reports(project)  # the open works, and says what it found
    assert [r["claimed_member"] for r in merged] == ["x", "y"]
    assert report["reason"] == "failed-unlock log unreadable (Is a directory)"
    assert report["warning"] == "the failed-unlock log was altered before this open"
