"""The tamper-evident audit log: append-only guard, verification, failed-unlock log.

The store writes entries (`graph.store.AuditEntry`, hash-chained by `entry_hash`). Here:

* **append-only**: triggers refuse UPDATE and DELETE on the audit table, and every insert
  records the chain's head (`audit.head` = "seq:hash") in the settings table, so even
  removing the *last* entry is detected;
* **verify**: walks the chain and names the first broken entry -- a changed entry fails
  its own hash, a removed one leaves a gap in the sequence (or a head that does not match),
  a reordered one fails its hash (the sequence number is hashed) and its successor's link;
* **failed unlocks** cannot be written into a database that did not open. They go to a
  small JSON-lines sidecar `<project>.knp.unlock-failures` (hash-chained on its own, no
  secrets in it). Anyone who can write the folder can write that file, so its lines are
  *reports*, not facts: on the next successful open they become `unlock failure report`
  entries, marked unauthenticated, with the claimed member name as a detail and the
  opening member as actor and signer (`merge_failures`). `audit show` lists pending ones
  as "unverified".
  The project file and its key file are never touched by a failed unlock.

Someone holding the data key can rewrite the whole database, chain and head included.
What they cannot do is sign as another member (`signing`: every entry carries its actor's
Ed25519 signature) or change the head each member's own computer remembers
(`localstate`): a shortened or rewritten log is reported on that member's next open.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.model import now_iso
from graph.store import GENESIS_HASH, AuditEntry, entry_hash

FAILURES_SUFFIX = ".unlock-failures"

TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_head AFTER INSERT ON audit BEGIN "
    "INSERT INTO settings(key, value) VALUES('audit.head', NEW.seq || ':' || NEW.hash) "
    "ON CONFLICT(key) DO UPDATE SET value = excluded.value; END",
)


def install(conn: Any) -> None:
    """Put the append-only guard and the head record in place (idempotent)."""
    for sql in TRIGGERS:
        conn.execute(sql)
    conn.execute("INSERT INTO settings(key, value) SELECT 'audit.head', seq || ':' || hash FROM audit "
                 "ORDER BY seq DESC LIMIT 1 ON CONFLICT(key) DO NOTHING")


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of `verify`: ok, or the first broken entry and why."""

    ok: bool
    entries: int
    broken_seq: int | None = None
    reason: str = ""

    def message(self) -> str:
        if self.ok:
            return f"audit log intact: {self.entries} entries, chain and head match"
        return f"audit entry #{self.broken_seq}: {self.reason}"


def verify(entries: list[AuditEntry], head: str | None) -> Verdict:
    """Check the chain from the genesis hash to the recorded head; name the first break."""
    prev_hash, expected = GENESIS_HASH, 1
    for e in entries:
        if e.seq != expected:
            return Verdict(False, len(entries), expected,
                           f"missing (the log jumps from #{expected - 1} to #{e.seq})")
        if entry_hash(e) != e.hash:
            return Verdict(False, len(entries), e.seq, "changed or moved (its hash does not match its contents)")
        if e.prev_hash != prev_hash:
            return Verdict(False, len(entries), e.seq,
                           f"does not follow #{e.seq - 1} (an entry before it was changed, removed or reordered)")
        prev_hash, expected = e.hash, expected + 1
    last = f"{expected - 1}:{prev_hash}" if entries else None
    if head is None:
        if entries:
            return Verdict(False, len(entries), expected - 1, "the log's head record is missing")
        return Verdict(True, 0)
    if head != last:
        seq_text = head.split(":", 1)[0]
        head_seq = int(seq_text) if seq_text.isdigit() else expected
        if head_seq >= expected:
            return Verdict(False, len(entries), expected,
                           f"missing (the log ends at #{expected - 1} but its head records #{head_seq})")
        return Verdict(False, len(entries), head_seq, "the head record does not match the last entry")
    return Verdict(True, len(entries))


# -- what an entry may say about a record or side row ---------------------------------------------
# Fields named as they are; every other text of something labelled above `open` is given as its length.
PLAIN_FIELDS = frozenset({"id", "label", "type", "record_id", "meeting_id", "source_id", "target_id", "created_by",
                          "created_at", "updated_at", "valid_from", "valid_to", "status", "deadline", "date",
                          "position", "owner", "seen", "size"})


def masked(label: str, value: Any) -> Any:
    """What an audit entry may say of something labelled `label`.

    The audit log is in the main file, under the `open` key every member holds: a name, a
    property value, a note's text or a file name of a record labelled higher would be readable
    there with `sqlcipher3` by a member not cleared for it. So above `open` every text (but the
    fields in PLAIN_FIELDS: ids, types, dates) becomes `<N characters, LABEL>`; numbers stay.
    """
    if label == "open":
        return value
    if isinstance(value, dict):
        return {k: v if k in PLAIN_FIELDS and not isinstance(v, dict | list) else masked(label, v)
                for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [masked(label, v) for v in value]
    if isinstance(value, str) and value:
        return f"<{len(value)} characters, {label}>"
    return value


def readable_details(store: Any, details: str) -> str:
    """An entry's details as the reader may read them: the ids of records above `open`, sealed under their
    label's key (graph.stores.sealed_ids), read back where the reader holds that key."""
    unseal = getattr(store, "unseal_ids", None)
    return details if unseal is None else str(unseal(details))


# -- failed unlocks: a sidecar with its own chain -------------------------------------------------
def failures_file(project: Path) -> Path:
    return project.with_name(project.name + FAILURES_SUFFIX)


def _line_hash(record: dict[str, Any]) -> str:
    body = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def log_failure(project: Path, member: str | None, reason: str) -> None:
    """Append a failed unlock to the sidecar (never the passphrase)."""
    path = failures_file(project)
    existing = read_failures(project)
    last = existing[-1].get("hash") if existing else GENESIS_HASH
    prev = last if isinstance(last, str) else ""  # a line without one (written by hand): the chain shows it
    record: dict[str, Any] = {"at": now_iso(), "member": member, "reason": reason, "prev": prev}
    record["hash"] = _line_hash(record)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


MAX_FAILURE_LINES = 1000  # a flooded sidecar is summarised, not merged line by line
MAX_FAILURE_BYTES = 1 << 20  # read of it at most (a real failed unlock is one line of ~300 bytes)
_FIELD_MAX = 200


def report_text(value: Any) -> str | None:
    """A sidecar field as short printable text (the file is written by whoever could write it)."""
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text[:_FIELD_MAX]


def read_failures(project: Path) -> list[dict[str, Any]]:
    """The sidecar's lines as records; a line that is not a JSON object becomes an 'unreadable' record.

    Never raises on content: a malformed or hostile line cannot make an open fail.
    """
    path = failures_file(project)
    try:
        with open(path, "rb") as fh:  # at most MAX_FAILURE_BYTES: a file of gigabytes would make every open hang
            raw = fh.read(MAX_FAILURE_BYTES + 1)
    except FileNotFoundError:
        return []
    except OSError as exc:
        return [{"at": None, "member": None, "reason": f"failed-unlock log unreadable ({exc.strerror})",
                 "prev": "", "hash": ""}]
    cut = len(raw) > MAX_FAILURE_BYTES
    if cut:
        raw = raw[:raw.rfind(b"\n", 0, MAX_FAILURE_BYTES) + 1]
    out: list[dict[str, Any]] = []
    for line in raw.decode("utf-8", errors="replace").splitlines():
        try:
            data = json.loads(line)
        except (ValueError, RecursionError):  # RecursionError: a line of 200,000 '[' (red team 3)
            data = None
        if not isinstance(data, dict):
            out.append({"at": None, "member": None, "reason": f"unreadable line {report_text(line[:40])!r}", "prev": "",
                        "hash": ""})
            continue
        out.append(data)
    if cut:
        out.append({"at": None, "member": None, "prev": "", "hash": "",
                    "reason": f"the failed-unlock log is larger than {MAX_FAILURE_BYTES} bytes: the rest was not read"})
    return out


def failures_intact(records: list[dict[str, Any]]) -> bool:
    prev = GENESIS_HASH
    for r in records:
        try:
            if r.get("prev") != prev or _line_hash(r) != r.get("hash"):
                return False
        except (TypeError, ValueError):
            return False
        prev = r["hash"]
    return True


def merge_failures(project: Path, store: Any) -> int:
    """Move pending failed unlocks into the encrypted audit log; returns how many.

    The sidecar is written by whoever fails to unlock, so it proves nothing: each line
    becomes an `unlock failure report` entry whose actor is the member who opened now (and
    signs it), with the name the line *claims* under `claimed_member` and
    `unauthenticated: true`. A forged line cannot put an entry in another member's name,
    and a malformed one cannot break the open.
    """
    records = read_failures(project)
    if not records:
        return 0
    intact = failures_intact(records)
    shown = records[:MAX_FAILURE_LINES]
    with store.transaction(main_only=True):
        for r in shown:
            store.audit("unlock failure report", claimed_member=report_text(r.get("member")),
                        reason=report_text(r.get("reason")), attempted_at=report_text(r.get("at")),
                        unauthenticated=True,
                        **({} if intact else {"warning": "the failed-unlock log was altered before this open"}))
        if len(records) > len(shown):
            store.audit("unlock failure report", unauthenticated=True, omitted=len(records) - len(shown),
                        warning="the failed-unlock log held more lines than are kept")
    # Gone already (another open merged it), or not a file this member may remove (a directory put in
    # its place): the open goes on -- what could not be read was reported above, and is again next time.
    with contextlib.suppress(OSError):
        failures_file(project).unlink()
    return len(records)
