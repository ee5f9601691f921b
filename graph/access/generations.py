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
* an owner who keeps a put-back copy on purpose (a backup restored) signs a `label file accepted` entry
  (`ACCEPT_ACTION`, `GuardedStore.accept_label_file`): replaying the log, it sets the label's number to
  the accepted one and excuses the label's earlier findings. It counts only when `honoured`: an owner's
  entry with their valid signature, so a member cannot lower the number for themselves.

What it does not catch, plainly: a member holding the key can also set the counter in the old
copy to the current number (or change records and leave the counter), since the counter is
not signed -- only the number the log recorded is. Signing the counter would not help: a signature
over the number can be copied from the current file into the old copy; only one over the file's
contents would tell them apart (a hash of the whole file at every write).

At an open only the entries after this computer's remembered head are replayed, so each write record
among them is checked for its actor's signature (`signed_by_actor`): a raw entry in an owner's name,
put in the main file by anyone holding its key, does not raise a false alarm. Files a member holds no key for cannot be
read, so that member cannot check them (`audit verify` says so); a member who holds the key does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graph.access import localstate, roles, signing, untrusted
from graph.store import AuditEntry, entry_hash
from graph.stores.sqlite_store import GENERATIONS_ACTION

ACCEPT_ACTION = "label file accepted"  # an owner keeps a put-back copy: its number becomes the one expected
REMEMBERED = "file_generations"  # localstate: {"seq": last entry looked at, "of": {label: generation}}


def recorded_in(details: str) -> dict[str, int]:
    """The generations an entry's details record ({} when none or malformed: written by whoever could)."""
    try:
        data = untrusted.loads(details)
    except ValueError:
        return {}
    found = data.get("generations") if isinstance(data, dict) else None
    if not isinstance(found, dict):
        return {}
    return {str(k): v for k, v in found.items() if isinstance(v, int) and not isinstance(v, bool)}


def accepted_in(details: str) -> tuple[str, int, int] | None:
    """(label, accepted write, the recorded write it replaces) of an acceptance entry; None when malformed."""
    try:
        data = untrusted.loads(details)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    label, accepted, replaced = data.get("label"), data.get("accepted"), data.get("replaced")
    if not (isinstance(label, str) and all(isinstance(n, int) and not isinstance(n, bool)
                                           for n in (accepted, replaced))):
        return None
    return label, int(accepted), int(replaced)  # type: ignore[arg-type]


def honoured(conn: Any, project_id: str, entry: AuditEntry) -> bool:
    """An acceptance counts only when an owner signed it: its actor is an owner in the (owner-signed)
    members table, its hash matches its contents, and the actor's signature over it verifies. Anyone who
    can write the main file can add an entry; only an owner's signing key makes one that counts."""
    member = roles.get_member(conn, entry.actor)
    key = roles.signing_keys(conn).get(entry.actor)
    if member is None or member.role != "owner" or key is None or entry_hash(entry) != entry.hash:
        return False
    return signing.entry_signed_by(conn, project_id, entry.seq, entry.hash, entry.actor, key)


def key_holders(conn: Any, project_id: str) -> Callable[[str, str], bool]:
    """Whether a member holds, or held, a label's key: only their Knooppunt writes that label's file, so only
    their entries record its write numbers. A member signs entries as themselves, and one recording write 999
    of a file they cannot write raised a false "put back" alarm at every open (red team 3).

    The owner-signed members table (checked at every open) says who holds a key now; the `member add` and
    `member change` entries an owner signed, who held one before (a member since removed or narrowed wrote
    the file then). Those entries are few: their signatures are checked, the many write records' are not."""
    return _holders(conn, project_id)[0]


def _holders(conn: Any, project_id: str) -> tuple[Callable[[str, str], bool], dict[str, str]]:
    """`key_holders`, and every signing key (hex) a member has or had: the members table's, and those the owner-
    signed `member add` entries introduced (a member since removed signed their write records with it)."""
    clearance: dict[str, set[str]] = {m.name: set(m.clearance) for m in roles.list_members(conn)}
    keys: dict[str, str] = {}
    for row in conn.execute("SELECT seq, at, actor, action, details, prev_hash, hash FROM audit "
                            "WHERE action IN ('member add', 'member change')").fetchall():
        entry = AuditEntry(*row)
        try:
            data = untrusted.loads(entry.details)
        except ValueError:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("clearance"), list):
            continue
        if honoured(conn, project_id, entry):
            clearance.setdefault(str(data.get("member")), set()).update(str(x) for x in data["clearance"])
            if isinstance(data.get("signing_key"), str):
                keys[str(data.get("member"))] = data["signing_key"]
    keys.update(roles.signing_keys(conn))

    def holds(actor: str, label: str) -> bool:
        return label in clearance.get(actor, set())
    return holds, keys


def signing_keys(conn: Any, project_id: str) -> dict[str, str]:
    """Every member's signing key (hex), of members now and since removed (`_holders`)."""
    return _holders(conn, project_id)[1]


def signed_by_actor(conn: Any, project_id: str, entry: AuditEntry, keys: Mapping[str, str]) -> bool:
    """Whether an entry's hash matches its contents and its actor's signature over it verifies: a raw entry
    put in the main file in someone's name (anyone holding the `open` key can add one) does not."""
    key = keys.get(entry.actor)
    return (key is not None and entry_hash(entry) == entry.hash
            and signing.entry_signed_by(conn, project_id, entry.seq, entry.hash, entry.actor, key))


def _replay(conn: Any, project_id: str, seq: int, start: Mapping[str, int]) -> tuple[dict[str, int], int]:
    """From `start`, the entries after `seq` in order: a recorded write raises a label's number, an
    owner's acceptance sets it to the accepted one. Returns the numbers and the last entry's seq."""
    out = dict(start)
    rows = conn.execute("SELECT seq, at, actor, action, details, prev_hash, hash FROM audit WHERE seq > ? "
                        "AND action IN (?, ?) ORDER BY seq", (seq, GENERATIONS_ACTION, ACCEPT_ACTION)).fetchall()
    if not rows:
        return out, int(conn.execute("SELECT max(seq) FROM audit").fetchone()[0] or 0)
    holds, keys = _holders(conn, project_id)
    for row in rows:
        entry = AuditEntry(*row)
        if entry.action == GENERATIONS_ACTION:
            found = {label: gen for label, gen in recorded_in(entry.details).items() if holds(entry.actor, label)}
            # only the entries after this computer's remembered head: one signature check per write since
            if found and signed_by_actor(conn, project_id, entry, keys):
                for label, gen in found.items():
                    out[label] = max(out.get(label, 0), gen)
        elif (acc := accepted_in(entry.details)) is not None and honoured(conn, project_id, entry):
            out[acc[0]] = acc[1]
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
    """What each label file must hold at least: this computer's memory, then the log after it (an owner's
    acceptance after it lowers a number to the accepted one); and the last seq."""
    known, seq = _remembered(project_id)
    return _replay(conn, project_id, seq, known)


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


@dataclass(frozen=True, slots=True)
class Acceptance:
    """An owner's signed word that a label file put back is the copy kept (`knooppunt audit accept-label`)."""

    seq: int
    at: str
    actor: str
    label: str
    accepted: int  # the write the file held, kept from then on
    replaced: int  # the write the log had recorded: what was written between them is lost
    reason: str


def check_log(entries: Iterable[AuditEntry], honour: Callable[[AuditEntry], bool] = lambda e: False,
              holds: Callable[[str, str], bool] = lambda actor, label: True
              ) -> tuple[dict[str, int], list[tuple[str, str]], list[Acceptance]]:
    """Replay the log: the last generation recorded per label, (label, message) per entry whose number for
    a file does not rise above the one recorded before it (the file went back, then was written to), and
    the acceptances. An acceptance that `honour`s (an owner signed it) sets the label's number to the
    accepted one and excuses the label's earlier findings; one that does not is itself a finding."""
    last: dict[str, int] = {}
    problems: list[tuple[str, str]] = []
    accepted: list[Acceptance] = []
    for e in entries:
        if e.action == ACCEPT_ACTION:
            acc = accepted_in(e.details)
            if acc is None or not honour(e):
                problems.append(("", f"audit entry #{e.seq}: an acceptance of a put-back label file by {e.actor} "
                                     "is not honoured: only one signed by an owner counts"))
                continue
            problems = [p for p in problems if p[0] != acc[0]]
            last[acc[0]] = acc[1]
            reason = untrusted.loads(e.details).get("reason")
            accepted.append(Acceptance(e.seq, e.at, e.actor, acc[0], acc[1], acc[2], str(reason or "")))
            continue
        if e.action != GENERATIONS_ACTION:
            continue
        for label, gen in recorded_in(e.details).items():
            if not holds(e.actor, label):  # not a writer of that file (`key_holders`)
                problems.append((label, f"audit entry #{e.seq}: {e.actor} recorded a write to the file for label "
                                        f"{label}, for which they hold no key: not counted"))
                continue
            if gen <= last.get(label, 0):
                problems.append((label, f"audit entry #{e.seq}: the file for label {label} was written at write "
                                        f"{gen} after write {last[label]} had been recorded: it was put back to an "
                                        "older copy in between"))
            last[label] = max(last.get(label, 0), gen)
    return last, problems, accepted


def not_checked(held: Iterable[str], recorded: Mapping[str, int]) -> list[str]:
    """The label files the log records writes to that this member holds no key for: not checked."""
    mine = set(held)
    return [label for label in sorted(recorded) if label not in mine]
