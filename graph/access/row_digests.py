"""A signed row deleted, or its older signed copy put back, is noticed: per-file digests in the signed audit log.

A signature says who wrote a row, not that it is the latest: vera, holding the main file's key, can delete
alice's signed note with `sqlcipher3`, or put back its older signed version. So every write transaction that
changes signed rows (`row_signatures.SIGNED` tables, checked settings) records, in a signed audit entry of the
same transaction (`ACTION`), how it changed each file's *digest*: the number of its signed rows and the sum
(mod 2^128) of the first 16 bytes of their signatures -- a change, not a total, so a write never blesses what
someone changed by hand before it. The triggers that sign a row add its new signature and take away the one it
replaces or deletes (`RowCheck.add`, `RowCheck.drop`); the sum of the changes the log records, from the start
(`audit verify`) or from what this computer remembered (an open), is what each file must hold. A file whose
signed rows sum to anything else had a signed row deleted, changed back or added outside Knooppunt.

Signatures are Ed25519: a member cannot make another member's, so she cannot make the sum come out right
by adding rows of her own unless she signs them -- and rows she signs are hers, and named. A change counts only
from an entry whose actor's signature verifies and who holds, or held, the file's key (`generations`); a member
who deletes a row and records the change in her own signed entry is named by the log as its writer.
"""

from __future__ import annotations

import json
from typing import Any

from graph.access import generations, localstate, untrusted
from graph.store import AuditEntry

ACTION = "signed rows written"
REMEMBERED = "row_digests"  # localstate: {"seq": last entry replayed, "of": {label: [count, sum hex]}}
MOD = 1 << 128


def part(sig: bytes | None) -> int:
    return 0 if sig is None else int.from_bytes(bytes(sig)[:16], "big")


def changes_in(details: str) -> dict[str, tuple[int, int]]:
    """The changes an entry records ({} when none or malformed: written by whoever could)."""
    try:
        data = untrusted.loads(details)
    except ValueError:
        return {}
    rows = data.get("rows") if isinstance(data, dict) else None
    out: dict[str, tuple[int, int]] = {}
    if isinstance(rows, dict):
        for label, value in rows.items():
            if (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)
                    and isinstance(value[1], str)):
                try:
                    out[str(label)] = (value[0], int(value[1], 16) % MOD)
                except ValueError:
                    continue
    return out


def details(changes: dict[str, tuple[int, int]]) -> dict[str, Any]:
    return {"rows": {label: [c, format(s % MOD, "x")] for label, (c, s) in sorted(changes.items())}}


def add(total: dict[str, tuple[int, int]], changes: dict[str, tuple[int, int]]) -> None:
    for label, (c, s) in changes.items():
        c0, s0 = total.get(label, (0, 0))
        total[label] = (c0 + c, (s0 + s) % MOD)


def replay(conn: Any, project_id: str, seq: int, start: dict[str, tuple[int, int]]
           ) -> tuple[dict[str, tuple[int, int]], int]:
    """From `start`, the changes the entries after `seq` record (signed by an actor holding the file's key)."""
    out = dict(start)
    rows = conn.execute("SELECT seq, at, actor, action, details, prev_hash, hash FROM audit WHERE seq > ? AND "
                        "action = ? ORDER BY seq", (seq, ACTION)).fetchall()
    if rows:
        holds, keys = generations._holders(conn, project_id)
        for row in rows:
            entry = AuditEntry(*row)
            found = {label: ch for label, ch in changes_in(entry.details).items() if holds(entry.actor, label)}
            if found and generations.signed_by_actor(conn, project_id, entry, keys):
                add(out, found)
    last = conn.execute("SELECT max(seq) FROM audit").fetchone()[0] or 0
    return out, int(last)


def _remembered(project_id: str) -> tuple[dict[str, tuple[int, int]], int]:
    data = localstate.load(project_id).get(REMEMBERED)
    if not isinstance(data, dict) or not isinstance(data.get("seq"), int) or not isinstance(data.get("of"), dict):
        return {}, 0
    return changes_in(json.dumps({"rows": data["of"]})), int(data["seq"])


def expected(conn: Any, project_id: str, *, everything: bool = False) -> dict[str, tuple[int, int]]:
    """What each file's signed rows must sum to: this computer's memory and the log after it (`everything`:
    the whole log, as `audit verify` reads it)."""
    start, seq = ({}, 0) if everything else _remembered(project_id)
    return replay(conn, project_id, seq, start)[0]


def remember(conn: Any, project_id: str) -> None:
    """Keep what the log recorded, up to its last entry, on this computer (never what the files hold)."""
    start, seq = _remembered(project_id)
    now, last = replay(conn, project_id, seq, start)
    localstate.update(project_id, **{REMEMBERED: {"seq": last, "of": details(now)["rows"]}})


def actual(conn: Any, schema: str, tables: dict[str, str | None], sig_table: str) -> tuple[int, int]:
    """The digest of the signed rows one file holds now (rows with a signature; unsigned ones count as absent)."""
    present = {str(r[0]) for r in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")}
    if sig_table not in present:
        return 0, 0
    parts = [f"SELECT s.sig FROM {schema}.{t}__{schema} x JOIN {schema}.{sig_table} s ON s.tbl = '{t}' AND "
             "s.id = x.id" for t in tables if f"{t}__{schema}" in present]
    if schema == "main":
        parts.append(f"SELECT s.sig FROM main.settings x JOIN main.{sig_table} s ON s.tbl = 'settings' AND "
                     "s.id = x.key")
    count = total = 0
    for (sig,) in conn.execute(" UNION ALL ".join(parts)):
        count += 1
        total += part(sig)
    return count, total % MOD


def mismatch_message(label: str, holds: int, recorded: int) -> str:
    where = "the main file" if label == "open" else f"the file for label {label}"
    return (f"the signed rows of {where} are not what the signed audit log recorded (it holds {holds}, the log "
            f"recorded {recorded}): a signed row was deleted, changed back to an older copy or added outside "
            "Knooppunt; `knooppunt audit verify` checks the whole log")
