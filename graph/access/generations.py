"""A label file put back to an older copy is noticed: write generations in the signed audit log.

The records of a label live in their own SQLCipher file, which no signature covers: a member
holding that label's key could put back an older copy of the file (from before records were
added, changed or deleted). So every write transaction that changes a label file advances a
counter kept *in* that file, and records the new number in an audit entry of the same
transaction (`label files written`, signed by the acting member; `SQLiteStore._advance_generations`).
SQLite commits the file and the entry together (one super-journal), so the log never records
a number the file did not reach.

A file holding a lower number than the log last recorded for it went back in time:

* at open (`expected` / `behind`): the numbers this computer remembered (`localstate`, with the
  audit head, so a shortened log cannot lower them) and those recorded in entries after that
  head; a file behind them is a warning on the command line, in the workbench and in the log;
* `audit verify` (`check_log`, and `behind` over the whole log): fails on a file behind the log
  and on a log whose numbers for a file do not rise (an older copy put back, then written to).

What it does not catch, plainly: a member holding the key can also set the counter in the old
copy to the current number (or change records and leave the counter), since the counter is
not signed -- only the number the log recorded is. Files a member holds no key for cannot be
read, so that member cannot check them (`audit verify` says so); a member who holds the key does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from graph.access import localstate
from graph.store import AuditEntry
from graph.stores.sqlite_store import GENERATIONS_ACTION

REMEMBERED = "file_generations"  # localstate: {"seq": last entry looked at, "of": {label: generation}}


def recorded_in(details: str) -> dict[str, int]:
    """The generations an entry's details record ({} when none or malformed: written by whoever could)."""
    try:
        data = json.loads(details)
    except ValueError:
        return {}
    found = data.get("generations") if isinstance(data, dict) else None
    if not isinstance(found, dict):
        return {}
    return {str(k): v for k, v in found.items() if isinstance(v, int) and not isinstance(v, bool)}


def _recorded_after(conn: Any, seq: int) -> tuple[dict[str, int], int]:
    """The highest generation per label recorded by entries after `seq`, and the last entry's seq."""
    out: dict[str, int] = {}
    for (details,) in conn.execute("SELECT details FROM audit WHERE seq > ? AND action = ?", (seq, GENERATIONS_ACTION)):
        for label, gen in recorded_in(details).items():
            out[label] = max(out.get(label, 0), gen)
    last = conn.execute("SELECT max(seq) FROM audit").fetchone()[0] or 0
    return out, int(last)


def merged(*parts: Mapping[str, int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for part in parts:
        for label, gen in part.items():
            out[label] = max(out.get(label, 0), gen)
    return out


def _remembered(project_id: str) -> tuple[dict[str, int], int]:
    data = localstate.load(project_id).get(REMEMBERED)
    if not isinstance(data, dict) or not isinstance(data.get("seq"), int) or not isinstance(data.get("of"), dict):
        return {}, 0
    return {str(k): v for k, v in data["of"].items() if isinstance(v, int)}, int(data["seq"])


def expected(conn: Any, project_id: str) -> tuple[dict[str, int], int]:
    """What each label file must hold at least: this computer's memory and the log after it; and the last seq."""
    known, seq = _remembered(project_id)
    later, last = _recorded_after(conn, seq)
    return merged(known, later), last


def remember(conn: Any, project_id: str) -> None:
    """Keep on this computer what the log recorded up to its last entry: a log shortened or rewritten
    later cannot lower it. (Only the log's numbers: a counter raised inside a file proves nothing.)"""
    now, last = expected(conn, project_id)
    localstate.update(project_id, **{REMEMBERED: {"seq": last, "of": now}})


def put_back_message(label: str, holds: int, recorded: int) -> str:
    return (f"the file for label {label} was put back to an older copy (it holds write {holds}, the signed audit "
            f"log recorded write {recorded}): what was written to it since is missing; put the latest copy back "
            "from a backup")


def behind(found: Mapping[str, int], wanted: Mapping[str, int]) -> list[str]:
    """A message per label file whose generation is lower than the one wanted (labels in `found` only)."""
    return [put_back_message(label, found[label], wanted[label]) for label in sorted(found)
            if found[label] < wanted.get(label, 0)]


def check_log(entries: Iterable[AuditEntry]) -> tuple[dict[str, int], list[str]]:
    """Replay the log: the last generation recorded per label, and a message per entry whose number for a
    file does not rise above the one recorded before it (the file went back, then was written to)."""
    last: dict[str, int] = {}
    problems: list[str] = []
    for e in entries:
        if e.action != GENERATIONS_ACTION:
            continue
        for label, gen in recorded_in(e.details).items():
            if gen <= last.get(label, 0):
                problems.append(f"audit entry #{e.seq}: the file for label {label} was written at write {gen} "
                                f"after write {last[label]} had been recorded: it was put back to an older copy "
                                "in between")
            last[label] = max(last.get(label, 0), gen)
    return last, problems


def not_checked(held: Iterable[str], recorded: Mapping[str, int]) -> list[str]:
    """The label files the log records writes to that this member holds no key for: not checked."""
    mine = set(held)
    return [label for label in sorted(recorded) if label not in mine]
