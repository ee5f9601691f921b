"""Signatures: every audit entry by its acting member, the members table by an owner.

Each member has an Ed25519 key pair (slot fields `signing_key`/`signing_public` in `keyslots`, sealed under their
passphrase; the public half in the members table). Holding the data key lets a member
rewrite anything in the database, but not sign as someone else:

* **audit entries**: when an entry is appended, the acting member signs
  ``[project id, seq, entry hash]`` (the hash covers time, actor, action, details and the
  previous hash) into the append-only table `audit_signatures`. `verify_signatures`
  replays the log: the first entry (`project create`) introduces the owner's key, every
  signed `member add` the new member's; an entry that is unsigned, signed by another
  member, or whose signature does not verify is named. Together with the hash chain and
  the head each member's machine remembers (`localstate`), deleting, truncating,
  reordering or rewriting entries is reported.
* **members table** (names, roles, clearances, both public keys): signed by an owner
  after every change, checked on every open (`check_members`). A member who edits the
  table with the data key (to become owner, or to swap another member's key before a
  rotation) cannot produce an owner's signature; the project then refuses to open.
"""

from __future__ import annotations

import base64
import functools
import json
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from graph.access import untrusted
from graph.errors import ProjectError
from graph.model import now_iso
from graph.store import AuditEntry

MEMBERS_SIGNATURE = "access.members_signature"
MIGRATED = "access.migrated"  # {"from": "knooppunt-keys/1", "entry": seq of the `project migrate` entry}
ROWS_SIGNED = "access.rows_signed"  # "1": the main file's rows are signed, "2": the label files' too (row_signatures)
LABEL_ROWS = 2  # the level from which the rows of label files (and the settings that steer imports) are signed
VERSION = "access.members_version"  # counts the owners' signatures: an older signed table is told apart
DDL = (
    # Keyed by (seq, hash): after entries were removed, new entries reuse sequence numbers.
    "CREATE TABLE IF NOT EXISTS audit_signatures(seq INTEGER NOT NULL, hash TEXT NOT NULL, signer TEXT NOT NULL, "
    "signature BLOB NOT NULL, PRIMARY KEY(seq, hash)) WITHOUT ROWID",
    "CREATE TRIGGER IF NOT EXISTS audit_sig_no_update BEFORE UPDATE ON audit_signatures "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_sig_no_delete BEFORE DELETE ON audit_signatures "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    # Every members table an owner signed, as signed: what `members restore` can go back to.
    "CREATE TABLE IF NOT EXISTS members_snapshots(seq INTEGER PRIMARY KEY, at TEXT NOT NULL, signer TEXT NOT NULL, "
    "snapshot TEXT NOT NULL)",
    "CREATE TRIGGER IF NOT EXISTS members_snapshots_no_update BEFORE UPDATE ON members_snapshots "
    "BEGIN SELECT RAISE(ABORT, 'signed members tables are kept as they were'); END",
)


def install(conn: Any) -> None:
    for sql in DDL:
        conn.execute(sql)


def public_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def private_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                             serialization.NoEncryption())


def _entry_message(project_id: str, seq: int, entry_hash: str) -> bytes:
    return json.dumps(["knooppunt audit entry", project_id, seq, entry_hash]).encode()


@functools.lru_cache(maxsize=256)
def _public_key(public: bytes) -> Ed25519PublicKey:
    """A member's key, parsed once: a read of signed rows checks many signatures by the same few members."""
    return Ed25519PublicKey.from_public_bytes(public)


def _verifies(public: bytes, signature: bytes, message: bytes) -> bool:
    try:
        _public_key(bytes(public)).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(slots=True)
class Signer:
    """The acting member's signing key, called by the store for every audit entry it appends."""

    member: str
    key: Ed25519PrivateKey
    project_id: str

    def __call__(self, conn: Any, seq: int, actor: str, entry_hash: str) -> None:
        if actor != self.member:  # never sign in someone else's name; verify reports it unsigned
            return
        conn.execute("INSERT OR IGNORE INTO audit_signatures(seq, hash, signer, signature) VALUES(?,?,?,?)",
                     (seq, entry_hash, self.member, self.key.sign(_entry_message(self.project_id, seq, entry_hash))))

    @property
    def public(self) -> bytes:
        return public_bytes(self.key)


# -- the members table --------------------------------------------------------------------------
def members_rows(conn: Any) -> list[list[Any]]:
    """The members table as signed: name, role, clearance, public key, signing key (hex), by name."""
    rows = conn.execute("SELECT name, role, clearance, public_key, signing_key FROM members ORDER BY name")
    return [[r[0], r[1], _clearance(r[2]), bytes(r[3]).hex(), bytes(r[4]).hex() if r[4] else None]
            for r in rows]


def _clearance(text: str) -> list[Any]:
    """A member's clearance as signed; one that is not a list of labels (changed outside Knooppunt) stays as its
    text, so the owners' signature does not match it and the open is refused in one line."""
    try:
        value = untrusted.loads(text)
    except ValueError:
        return [text]
    return sorted(value) if isinstance(value, list) and all(isinstance(v, str) for v in value) else [text]


def migrated_entry(conn: Any) -> int | None:
    """The seq of the `project migrate` entry of a project made by an earlier Knooppunt (None: not migrated).

    Entries before it are the unsigned history; the owners' signature over the members table
    covers this number, so it cannot be moved to excuse later unsigned entries.
    """
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (MIGRATED,)).fetchone()
    if row is None:
        return None
    try:
        return int(untrusted.loads(row[0])["entry"])
    except (ValueError, KeyError, TypeError):
        raise ProjectError("the project's migration record is damaged") from None


def members_version(conn: Any) -> int | None:
    """How many times owners signed the members table (None: signed before versions were counted)."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (VERSION,)).fetchone()
    if row is None:
        return None
    try:
        return int(row[0])
    except (ValueError, TypeError):
        raise ProjectError("the members table's version is damaged") from None


def members_payload(project_id: str, table: list[list[Any]], migrated: int | None,
                    version: int | None = None, rows_signed: int = 0) -> bytes:
    body: list[Any] = ["knooppunt members", project_id, table]
    if migrated is not None:
        body.append({"unsigned_before": migrated})
    if version is not None:
        body.append({"version": version})
    if rows_signed:  # the main file's rows are signed and checked (`row_signatures`): the mark cannot be removed
        body.append({"rows_signed": True if rows_signed == 1 else rows_signed})  # (1 as signed before level 2)
    return json.dumps(body, separators=(",", ":")).encode()


def rows_signed(conn: Any) -> bool:
    return rows_level(conn) > 0


def rows_level(conn: Any) -> int:
    """0: rows unsigned (an earlier Knooppunt's project); 1: the main file's rows signed; 2 (`LABEL_ROWS`): the
    label files' rows and the settings that steer imports and retention too."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (ROWS_SIGNED,)).fetchone()
    return {"1": 1, "2": LABEL_ROWS}.get(row[0] if row else "", 0)


def level_of(value: Any) -> int:
    """The level a kept snapshot's `rows_signed` says (True: 1, as written before level 2)."""
    if value is True:
        return 1
    return value if isinstance(value, int) and not isinstance(value, bool) and value in (1, LABEL_ROWS) else 0


def _members_payload(conn: Any, project_id: str) -> bytes:
    return members_payload(project_id, members_rows(conn), migrated_entry(conn), members_version(conn),
                           rows_level(conn))


def entry_signed_by(conn: Any, project_id: str, seq: int, entry_hash: str, member: str, key_hex: str) -> bool:
    """Whether audit entry `seq` (with this hash) carries `member`'s signature, verified with their key."""
    row = conn.execute("SELECT signature FROM audit_signatures WHERE seq = ? AND hash = ? AND signer = ?",
                       (seq, entry_hash, member)).fetchone()
    try:
        public = bytes.fromhex(key_hex)
    except ValueError:
        return False
    return row is not None and _verifies(public, bytes(row[0]), _entry_message(project_id, seq, entry_hash))


def verifies(public: bytes, signature: bytes, message: bytes) -> bool:
    """Whether `signature` by the Ed25519 key `public` fits `message`."""
    return _verifies(public, signature, message)


def sign_members(conn: Any, signer: Signer | None) -> None:
    """Sign the members table as it is now (an owner, inside the transaction that changed it)."""
    if signer is None:
        raise ProjectError("the members table can only be changed by an owner whose signing key is unlocked "
                           "(open the project with your passphrase)")
    conn.execute("INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                 "excluded.value", (VERSION, str((members_version(conn) or 0) + 1)))
    signature = signer.key.sign(_members_payload(conn, signer.project_id))
    value = json.dumps({"signer": signer.member, "signature": base64.b64encode(signature).decode()})
    conn.execute("INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                 "excluded.value", (MEMBERS_SIGNATURE, value))
    conn.execute("INSERT INTO members_snapshots(at, signer, snapshot) VALUES(?, ?, ?)",
                 (now_iso(), signer.member, json.dumps(snapshot(conn))))


def snapshot(conn: Any) -> dict[str, Any]:
    """The members table with its owner signature, as kept to restore it (on each computer, in the project)."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (MEMBERS_SIGNATURE,)).fetchone()
    signed = untrusted.loads(row[0]) if row else {}
    out = {"table": members_rows(conn), "migrated": migrated_entry(conn), "version": members_version(conn),
           "signer": signed.get("signer"), "signature": signed.get("signature")}
    if level := rows_level(conn):
        out["rows_signed"] = True if level == 1 else level
    return out


def snapshot_signer(data: Any, project_id: str, trusted: set[str]) -> str | None:
    """The owner whose valid signature a kept snapshot carries, when their key is in `trusted`; else None."""
    try:
        table, signer = data["table"], str(data["signer"])
        signature = base64.b64decode(str(data["signature"]), validate=True)
        migrated, version = data.get("migrated"), data.get("version")
        rows = {r[0]: r for r in table}
        key = rows[signer][4] if rows.get(signer) and rows[signer][1] == "owner" else None
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    if key is None or key not in trusted:
        return None
    payload = members_payload(project_id, table, migrated if isinstance(migrated, int) else None,
                              version if isinstance(version, int) else None, level_of(data.get("rows_signed")))
    return signer if _verifies(bytes.fromhex(key), signature, payload) else None


def owners(conn: Any) -> dict[str, str]:
    """Owner name -> signing public key (hex), as the members table says."""
    return {r[0]: bytes(r[1]).hex() for r in conn.execute(
        "SELECT name, signing_key FROM members WHERE role = 'owner' AND signing_key IS NOT NULL")}


def check_members(conn: Any, project_id: str, known_owners: dict[str, str] | None) -> str:
    """Raise ProjectError unless the members table carries a valid owner's signature; returns the signer.

    `known_owners` (from this computer's memory) pins who may sign: an owner's key this
    computer has not seen as an owner's is refused.
    """
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (MEMBERS_SIGNATURE,)).fetchone()
    if row is None:
        raise ProjectError("the members table is not signed by an owner (altered outside Knooppunt?)")
    try:
        data = untrusted.loads(row[0])
        signer, signature = str(data["signer"]), base64.b64decode(data["signature"], validate=True)
    except (ValueError, KeyError, TypeError):
        raise ProjectError("the members table's signature is damaged") from None
    key = owners(conn).get(signer)
    if key is None:
        raise ProjectError(f"the members table is signed by {signer!r}, who is not an owner in it")
    if not _verifies(bytes.fromhex(key), signature, _members_payload(conn, project_id)):
        raise ProjectError("the members table was changed outside Knooppunt (its owner signature does not match)")
    if known_owners and key not in known_owners.values():
        raise ProjectError(f"the members table is signed by {signer!r}, who was not an owner when this computer "
                           "last opened the project (altered members table?)")
    return signer


# -- verifying the log --------------------------------------------------------------------------
@dataclass(slots=True)
class SignatureReport:
    """Who signed how many entries, and the first entry whose signature is missing or wrong."""

    signed_by: dict[str, int] = field(default_factory=dict)
    broken_seq: int | None = None
    reason: str = ""
    unsigned_history: int = 0  # entries made by an earlier Knooppunt before the migration (never signed)

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_signatures(conn: Any, entries: list[AuditEntry], project_id: str,
                      members_keys: dict[str, str]) -> SignatureReport:
    """Check every entry's signature, replaying who held which key (see the module docstring)."""
    sigs = {(r[0], r[1]): (r[2], bytes(r[3]))
            for r in conn.execute("SELECT seq, hash, signer, signature FROM audit_signatures")}
    keys: dict[str, str] = {}
    report = SignatureReport()
    migrated = migrated_entry(conn)
    for e in entries:
        if migrated is not None and e.seq < migrated:
            report.unsigned_history += 1  # made by an earlier Knooppunt: kept, marked, never signed
            continue
        details = _details(e)
        if _introduces_keys(e, migrated):
            found = {e.actor: details["signing_key"], **_str_dict(details.get("signing_keys"))}
            if e.actor in members_keys and members_keys[e.actor] != found[e.actor]:
                report.broken_seq, report.reason = e.seq, "the project's first owner key differs from the members table"
                return report
            keys.update(found)
        problem = _signature_problem(e, sigs.get((e.seq, e.hash)), keys, project_id)
        if problem:
            report.broken_seq, report.reason = e.seq, problem
            return report
        report.signed_by[e.actor] = report.signed_by.get(e.actor, 0) + 1
        if e.action == "member add" and isinstance(details.get("signing_key"), str):
            keys[str(details.get("member"))] = details["signing_key"]
    return report


def _details(e: AuditEntry) -> dict[str, Any]:
    try:
        parsed = untrusted.loads(e.details)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _str_dict(value: Any) -> dict[str, str]:
    return {str(k): v for k, v in value.items() if isinstance(v, str)} if isinstance(value, dict) else {}


def _introduces_keys(e: AuditEntry, migrated: int | None) -> bool:
    """The entry that starts the signed chain: `project create` (#1), or `project migrate` (after the old history)."""
    if not isinstance(_details(e).get("signing_key"), str):
        return False
    if migrated is None:
        return e.seq == 1 and e.action == "project create"
    return e.seq == migrated and e.action == "project migrate"


def _signature_problem(e: AuditEntry, found: tuple[str, bytes] | None, keys: dict[str, str],
                       project_id: str) -> str:
    if found is None:
        return f"not signed (claims to be by {e.actor!r})"
    signer, signature = found
    if signer != e.actor:
        return f"signed by {signer!r} but names {e.actor!r} as actor"
    key = keys.get(signer)
    if key is None or not _verifies(bytes.fromhex(key), signature, _entry_message(project_id, e.seq, e.hash)):
        return f"the signature of {signer!r} does not match the entry"
    return ""
