"""`members restore`: put back the members table an owner last signed, after a member rewrote it.

Every member holds the `open` key, so a member with a Python shell can rewrite the members
table (make themselves owner, widen a clearance, swap a public key). They cannot produce an
owner's signature over it, so every open then refuses the project. An owner repairs it with
their passphrase: the members table they last signed comes back, and what the attacker
changed is listed in a signed `members restore` audit entry.

Where the last signed table comes from, first that fits:
1. the project's `members_snapshots` table: every table an owner signed, as signed, newest
   first (so another owner's later change is kept). The attacker can delete rows there but
   not forge one;
2. this computer's own record (`localstate`): kept at every open and close where the table
   verified -- the attacker cannot reach it.
A table that verifies as it is, signed by a trusted owner, is left alone.
A snapshot counts only when its owner signature verifies with a key this owner trusts
(their own signing key, or an owner key this computer saw) and it lists the restoring
member as an owner with the key pair they just unlocked.

Key-file slots of names the restored table does not list are removed (an attacker holding
the `open` key can add a slot); the keys such a slot held must be replaced (`members rotate`),
which the restore says.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.access import localstate, session, signing, untrusted
from graph.access.keyslots import BASE_LABEL, MEMBERS_KEY, key_file, pending_file
from graph.errors import PermissionDenied, ProjectError
from graph.store import Caller
from graph.stores.sqlite_store import SQLiteStore


@dataclass(slots=True)
class Restored:
    """What `restore` changed back ('' source when the table was already as signed)."""

    source: str = ""
    changes: list[str] = field(default_factory=list)
    slots_removed: list[str] = field(default_factory=list)


def _diff(current: list[list[Any]], signed: list[list[Any]]) -> list[str]:
    now, then = {r[0]: r for r in current}, {r[0]: r for r in signed}
    fields = ("role", "clearance", "public key", "signing key")
    out = [f"{name}: added outside Knooppunt, removed" for name in sorted(set(now) - set(then))]
    out += [f"{name}: deleted outside Knooppunt, put back" for name in sorted(set(then) - set(now))]
    for name in sorted(set(now) & set(then)):
        for i, what in enumerate(fields, start=1):
            if now[name][i] != then[name][i]:
                out.append(f"{name}: {what} {_shown(now[name][i])} -> {_shown(then[name][i])}")
    return out


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(value)
    return str(value)[:16] if value else "none"


def _readable(conn: Any) -> list[list[Any]]:
    """The members table as it is now ([] when a rewrite left it unreadable)."""
    try:
        return signing.members_rows(conn)
    except (ValueError, TypeError):
        return []


def _migrated(conn: Any) -> int | str | None:
    try:
        return signing.migrated_entry(conn)
    except ProjectError:
        return "damaged"


def _candidates(conn: Any, project_id: str) -> list[tuple[str, Any]]:
    """Newest first: the project's signed copies (another owner's later change included), then this computer's."""
    found: list[tuple[str, Any]] = []
    for at, text in conn.execute("SELECT at, snapshot FROM members_snapshots ORDER BY seq DESC"):
        try:
            found.append((f"the project's copy signed {at}", untrusted.loads(text)))
        except ValueError:
            continue
    local = localstate.load(project_id).get("members_signed")
    if local is not None:
        found.append(("this computer's record", local))
    return found


def owners_by_the_log(store: SQLiteStore, project_id: str) -> dict[str, str]:
    """Owner name -> signing key as the signed audit log says: the creator (or migrating owner), then only
    owners added, promoted, demoted or removed in entries an owner signed. A member cannot sign as an owner,
    so rewriting the members table does not make them one here."""
    entries = store.audit_entries()
    report = signing.verify_signatures(store.conn, entries, project_id, {})
    keys: dict[str, str] = {}
    owners: dict[str, str] = {}
    for e in entries:
        if report.broken_seq is not None and e.seq >= report.broken_seq:
            break
        d = signing._details(e)
        if signing._introduces_keys(e, signing.migrated_entry(store.conn)):
            keys.update({e.actor: d["signing_key"], **signing._str_dict(d.get("signing_keys"))})
            owners[e.actor] = d["signing_key"]
            owners.update({n: keys[n] for n in d.get("owners", []) if isinstance(n, str) and n in keys})
        elif e.actor not in owners:
            continue
        elif e.action == "member add" and isinstance(d.get("signing_key"), str):
            keys[str(d.get("member"))] = d["signing_key"]
            if d.get("role") == "owner":
                owners[str(d.get("member"))] = d["signing_key"]
        elif e.action == "member change" and str(d.get("member")) in keys:
            if d.get("role") == "owner":
                owners[str(d.get("member"))] = keys[str(d.get("member"))]
            else:
                owners.pop(str(d.get("member")), None)
        elif e.action == "member remove":
            owners.pop(str(d.get("member")), None)
    return owners


def _trusted(store: SQLiteStore, project_id: str, member: str, signing_public: str) -> set[str]:
    """Owner signing keys to trust: by the signed audit log, and those this computer saw; the restorer among them."""
    trusted = {*localstate.load(project_id).get("owners", {}).values(),
               *owners_by_the_log(store, project_id).values()}
    if signing_public not in trusted:
        raise PermissionDenied(f"{member!r} is not an owner by the signed audit log nor by what this computer "
                               "saw: only an owner can restore the members table")
    return trusted


def _chosen(store: SQLiteStore, project_id: str, member: str, signing_public: str, public: bytes,
            trusted: set[str]) -> tuple[str, Any]:
    conn = store.conn
    found = _candidates(conn, project_id)
    found.sort(key=lambda c: -_version(c[1]))  # the latest signed version first (stable: newest copy first)
    for source, data in found:
        if signing.snapshot_signer(data, project_id, trusted) is None:
            continue
        me = next((r for r in data["table"] if r[0] == member), None)
        if me and me[1] == "owner" and me[4] == signing_public and me[3] == public.hex():
            return source, data
    raise ProjectError("no members table signed by an owner you trust is kept on this computer or in the "
                       "project; restore the project from a backup")


def restore(path: Path, member: str, passphrase: str) -> Restored:
    """Put back the last members table an owner signed (see the module docstring); `member` must be its owner."""
    if pending_file(path).exists():
        raise ProjectError(f"{path}: a key rotation is unfinished; open the project once to finish it first")
    keys, secret, signing_key = session.unlock_key(path, member, passphrase)
    if signing_key is None:
        raise PermissionDenied(f"{member!r} has no signing key: only an owner with one can restore the members")
    label_keys = keys.open_slot(member, secret)
    keys.check_mac(key_file(path), label_keys[BASE_LABEL])
    chosen, _stale = session._partition_keys(path, label_keys, {})
    store = SQLiteStore(path, key=chosen[BASE_LABEL], caller=Caller(user=member),
                        partitions={k: v for k, v in chosen.items() if k != BASE_LABEL})
    try:
        session._prepare(store)
        conn = store.conn
        signer = signing.Signer(member, signing_key, keys.project_id)
        trusted = _trusted(store, keys.project_id, member, signer.public.hex())
        source, data = _chosen(store, keys.project_id, member, signer.public.hex(), keys.slots[member].public,
                               trusted)
        latest = max(_version(data), _seen_version(keys.project_id))
        try:
            now = signing.snapshot(conn)
            if signing.snapshot_signer(now, keys.project_id, trusted) is not None and _version(now) >= latest:
                return Restored()  # as a trusted owner signed it, and no older version (perhaps changed by another)
        except (ProjectError, ValueError, TypeError):
            pass  # unreadable: restore
        current = _readable(conn)
        result = Restored(changes=_diff(current, data["table"]))
        if _current_version(conn) < latest:
            result.changes.append(f"an older signed members table (version {_current_version(conn)}) had been put "
                                  f"back; version {latest} was the latest")
        if current == data["table"] and _migrated(conn) == data.get("migrated"):
            result.changes.append("the signature was changed or removed")
        result.source = source
        result.slots_removed = sorted(set(keys.slots) - {r[0] for r in data["table"]})
        _put_back(store, data, signer, result, max(latest, _current_version(conn)))
        if result.slots_removed:
            for name in result.slots_removed:
                del keys.slots[name]
                keys.pins.pop(name, None)
            if MEMBERS_KEY in label_keys:
                for row in data["table"]:
                    if row[0] in keys.slots:
                        keys.pin(label_keys[MEMBERS_KEY], row[0], bytes.fromhex(row[3]))
            keys.save(key_file(path), label_keys[BASE_LABEL])
    finally:
        store.close()
    return result


def _version(data: Any) -> int:
    value = data.get("version") if isinstance(data, dict) else None
    return value if isinstance(value, int) else 0


def _seen_version(project_id: str) -> int:
    seen = localstate.load(project_id).get("members_version")
    return seen if isinstance(seen, int) else 0


def _current_version(conn: Any) -> int:
    try:
        return signing.members_version(conn) or 0
    except ProjectError:
        return 0


def _put_back(store: SQLiteStore, data: Any, signer: signing.Signer, result: Restored, above: int) -> None:
    """The signed rows back, signed again as a version above every one seen (so every computer accepts it)."""
    conn = store.conn
    before = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT name, added_by, added_at FROM members")}
    store.audit_signer = signer
    with store.transaction():
        conn.execute("DELETE FROM members")
        for name, role, clearance, public, signing_public in data["table"]:
            added_by, added_at = before.get(name, (None, None))
            conn.execute("INSERT INTO members(name, role, clearance, public_key, added_by, added_at, updated_at, "
                         "signing_key) VALUES(?,?,?,?,?,?,?,?)",
                         (name, role, json.dumps(sorted(clearance)), bytes.fromhex(public), added_by, added_at,
                          None, bytes.fromhex(signing_public) if signing_public else None))
        migrated = data.get("migrated")
        if migrated is None:
            conn.execute("DELETE FROM settings WHERE key = ?", (signing.MIGRATED,))
        elif _migrated(conn) != migrated:
            conn.execute("INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                         "excluded.value", (signing.MIGRATED, json.dumps({"from": "knooppunt-keys/1",
                                                                           "entry": migrated})))
        if (level := signing.level_of(data.get("rows_signed"))) > signing.rows_level(conn):  # the row checks back
            conn.execute("INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                         "excluded.value", (signing.ROWS_SIGNED, str(level)))
        store.audit("members restore", source=result.source, changes=result.changes,
                    slots_removed=result.slots_removed)
        store.set_setting(signing.VERSION, str(above))
        signing.sign_members(conn, signer)
