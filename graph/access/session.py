"""Encrypted projects end to end: create, unlock, members, key rotation.

A project is two files: `name.knp` (the SQLCipher database: records, members, roles,
clearances, settings, audit log) and `name.knp.keys` (key slots, see `keyslots`). Only
an unlock with a member's passphrase -- or the data key remembered in the OS keyring --
opens the database; a failed unlock touches neither file (it is noted in the
`.unlock-failures` sidecar, see `audit`).

A plain (unencrypted) project file without a key file, as made by earlier versions or
directly with `SQLiteStore`, still opens: as a single-owner project with every right --
unless this computer has opened an encrypted project at that path before
(`localstate`): a plain file put in place of an encrypted project is refused.

Every open with a passphrase also unlocks the member's signing key (`signing`): the
members table must carry an owner's signature, every audit entry is signed by its actor,
and the audit head this computer saw last is compared with the log (shortened or
rewritten logs are reported in `GuardedStore.warnings` and in the log itself).
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3.dbapi2 as sqlite
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from graph.access import audit as audit_log
from graph.access import keyslots, localstate, roles, signing
from graph.access.guarded import GuardedStore
from graph.access.keyslots import (
    KdfParams,
    KeyFile,
    WrongPassphrase,
    key_file,
    new_data_key,
    new_key_file,
    pending_file,
)
from graph.access.roles import Member
from graph.errors import KnooppuntError, PermissionDenied, ProjectError
from graph.model import SECURITY_LABELS, now_iso
from graph.store import Caller
from graph.stores.sqlite_store import SQLiteStore


def _quiet_sqlcipher() -> None:
    """SQLCipher logs decryption failures to stderr; the CLI reports errors in one line itself."""
    conn = sqlite.connect(":memory:")
    with contextlib.suppress(sqlite.DatabaseError):  # older SQLCipher: no such pragma
        conn.execute("PRAGMA cipher_log_level = NONE")
    conn.close()


_quiet_sqlcipher()


@dataclass(slots=True)
class ProjectKeys:
    """What an unlocked session holds to manage members: the key file and the data key."""

    path: Path
    keyfile: KeyFile
    data_key: bytes

    @property
    def generation(self) -> int:
        return self.keyfile.generation


def is_encrypted(path: Path) -> bool:
    return key_file(path).exists() or pending_file(path).exists()


def slot_members(path: Path) -> list[str]:
    """Member names in the key file (readable before unlocking: they choose the slot)."""
    return sorted(KeyFile.load(key_file(path)).slots)


def project_id(path: Path) -> str:
    return KeyFile.load(key_file(path)).project_id


def _prepare(store: SQLiteStore) -> None:
    with store.transaction():
        roles.ensure_table(store.conn)
        audit_log.install(store.conn)
        signing.install(store.conn)


def create(path: Path, *, owner: str, passphrase: str, name: str | None = None,
           kdf: KdfParams | None = None) -> GuardedStore:
    """A new encrypted project with `owner` as its only member."""
    if path.exists() or key_file(path).exists():
        raise ProjectError(f"{path}: already exists")
    if not owner:
        raise KnooppuntError("a project needs an owner name (--owner)")
    path.parent.mkdir(parents=True, exist_ok=True)
    data_key = new_data_key()
    keys = new_key_file()
    public = keys.add_member(owner, passphrase, data_key, kdf or keyslots.DEFAULT_KDF)
    signing_key = keys.open_slot(owner, passphrase)[1]
    assert signing_key is not None  # add_member always makes one
    signer = signing.Signer(owner, signing_key, keys.project_id)
    store: SQLiteStore | None = None
    try:  # a failure anywhere (a full disk) removes every file, so a retry is not blocked
        store = SQLiteStore(path, create=True, key=data_key, caller=Caller(user=owner))
        store.audit_signer = signer
        _prepare(store)
        member = Member(owner, "owner", frozenset(SECURITY_LABELS), owner, now_iso())
        with store.transaction():
            roles.put_member(store.conn, member, public, signer.public)
            store.set_setting("name", name or path.stem)
            store.set_setting("owner", owner)
            store.set_setting("access.project_id", keys.project_id)
            store.audit("project create", name=name or path.stem, owner=owner, signing_key=signer.public.hex())
            signing.sign_members(store.conn, signer)
        keys.save(key_file(path), data_key)
        os.chmod(path, 0o600)
    except BaseException:
        if store is not None:
            with contextlib.suppress(Exception):
                store.close()
        for p in (path, key_file(path), path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
                  path.with_name(path.name + "-journal"), key_file(path).with_name(key_file(path).name + ".tmp")):
            with contextlib.suppress(OSError):
                p.unlink(missing_ok=True)
        raise
    guarded = GuardedStore(store, member)
    guarded.keys = ProjectKeys(path, keys, data_key)
    guarded.signer = signer
    _watch(guarded, keys.project_id, path)
    return guarded


def _watch(guarded: GuardedStore, project_id: str, path: Path) -> None:
    """Remember on this computer: the project is encrypted, its owners, and (now and at close) the audit head."""
    conn = guarded.inner.conn
    localstate.add_path(project_id, path)
    localstate.update(project_id, owners=signing.owners(conn))

    def remember_head(store: GuardedStore) -> None:
        row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        if row is not None:
            localstate.update(project_id, audit_head=[int(row[0]), str(row[1])])
    remember_head(guarded)
    guarded.on_close = remember_head


def local_head_problem(conn: object, project_id: str) -> str | None:
    """Compare the log with the head this computer saw last; a message when it is shorter or rewritten."""
    seen = localstate.load(project_id).get("audit_head")
    if not (isinstance(seen, list) and len(seen) == 2 and isinstance(seen[0], int)):
        return None
    seq, hash_ = seen
    last = conn.execute("SELECT max(seq) FROM audit").fetchone()[0] or 0  # type: ignore[attr-defined]
    if last < seq:
        return (f"the audit log is shorter than when you last opened it (it ended at entry #{seq}, "
                f"now at #{last}): entries were removed")
    row = conn.execute("SELECT hash FROM audit WHERE seq = ?", (seq,)).fetchone()  # type: ignore[attr-defined]
    if row is None or row[0] != hash_:
        return f"the audit log was rewritten since you last opened it (entry #{seq} is not the one you saw)"
    return None


def create_plain(path: Path, *, owner: str, name: str | None = None) -> GuardedStore:
    """An unencrypted project (synthetic demo data only): one owner, no key file."""
    if path.exists():
        raise ProjectError(f"{path}: already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    store = SQLiteStore(path, create=True, caller=Caller(user=owner))
    _prepare(store)
    with store.transaction():
        store.set_setting("name", name or path.stem)
        store.set_setting("owner", owner)
        store.audit("project create", name=name or path.stem, owner=owner, encrypted=False)
    return GuardedStore(store, Member(owner, "owner", frozenset(SECURITY_LABELS)))


def open_plain(path: Path, *, user: str | None = None) -> GuardedStore:
    """A legacy unencrypted project: one owner with every right -- never where an encrypted one was."""
    if localstate.encrypted_project_at(path) is not None:
        raise ProjectError(f"{path}: this computer opened an encrypted project here, but the file is now "
                           "unencrypted and its key file is gone; refusing to open it as a plain project "
                           "(restore the project and its .keys file from a backup)")
    store = SQLiteStore(path)
    _prepare(store)
    owner = store.get_setting("owner") or "owner"
    guarded = GuardedStore(store, Member(user or owner, "owner", frozenset(SECURITY_LABELS)))
    guarded.audit("open", encrypted=False)
    return guarded


def default_member(path: Path) -> str:
    members = slot_members(path)
    if len(members) == 1:
        return members[0]
    raise KnooppuntError(f"{path}: the project has {len(members)} members; say who you are with --as NAME "
                         f"or KNOOPPUNT_USER")


def unlock_key(path: Path, member: str, passphrase: str) -> tuple[KeyFile, bytes, Ed25519PrivateKey | None]:
    """The data key and signing key from a passphrase; a failure is logged to the sidecar and re-raised."""
    keys_path = key_file(path)
    if not path.exists():
        raise ProjectError(f"{path}: no such project file")
    keys = KeyFile.load(keys_path)
    try:
        data_key, signing_key = keys.open_slot(member, passphrase)
        return keys, data_key, signing_key
    except WrongPassphrase as exc:
        audit_log.log_failure(path, member, str(exc))
        raise WrongPassphrase(f"{path}: {exc}") from None


def open_with_key(path: Path, member: str, data_key: bytes, keys: KeyFile | None = None,
                  *, how: str = "passphrase", signing_key: Ed25519PrivateKey | None = None) -> GuardedStore:
    """Open the database with the data key and wrap it for `member`.

    Checks the members table's owner signature and the audit head this computer saw
    last. Without `signing_key` (a bare data key) the session's audit entries are unsigned,
    which `audit verify` reports.
    """
    keys = keys or KeyFile.load(key_file(path))
    store = _connect(path, keys, data_key)
    try:
        keys.check_mac(key_file(path), data_key)
        _prepare(store)
        if store.get_setting("access.project_id") not in (None, keys.project_id):
            raise ProjectError(f"{key_file(path)}: belongs to another project")
        known = localstate.load(keys.project_id)
        signed = bool(roles.signing_keys(store.conn)) or store.get_setting(signing.MEMBERS_SIGNATURE) is not None
        if signed:
            try:
                signing.check_members(store.conn, keys.project_id, known.get("owners") or None)
            except ProjectError as exc:
                raise ProjectError(f"{path}: {exc}") from None
        found = roles.get_member(store.conn, member)
        if found is None:
            raise PermissionDenied(f"{member!r} is not a member of {path}")
        warnings = [msg for msg in [local_head_problem(store.conn, keys.project_id)] if msg]
        signer = None
        if signing_key is not None:
            signer = signing.Signer(member, signing_key, keys.project_id)
            if roles.signing_keys(store.conn).get(member) != signer.public.hex():
                raise ProjectError(f"{path}: the signing key of {member!r} does not match the members table")
            store.audit_signer = signer
        guarded = GuardedStore(store, found)
        guarded.keys = ProjectKeys(path, keys, data_key)
        guarded.signer = signer
        guarded.warnings = warnings
        for warning in warnings:
            guarded.inner.audit("audit warning", warning=warning)
        audit_log.merge_failures(path, guarded.inner)
        guarded.audit("open", how=how, generation=keys.generation)
        _watch(guarded, keys.project_id, path)
    except BaseException:
        store.close()
        raise
    return guarded


def _connect(path: Path, keys: KeyFile, data_key: bytes) -> SQLiteStore:
    try:
        return SQLiteStore(path, key=data_key)
    except ProjectError:
        raise ProjectError(f"{path}: the key does not open the project file") from None


def unlock(path: Path, member: str, passphrase: str) -> GuardedStore:
    """Open an encrypted project with a member's passphrase (finishing an interrupted rotation)."""
    keys, data_key, signing_key = unlock_key(path, member, passphrase)
    pending = pending_file(path)
    try:
        store = open_with_key(path, member, data_key, keys, signing_key=signing_key)
    except ProjectError:
        if not pending.exists():
            raise
    else:
        pending.unlink(missing_ok=True)  # a rotation that failed before re-keying: nothing to finish
        return store
    # A rotation stopped between re-keying the database and replacing the key file.
    new_keys = KeyFile.load(pending)
    new_key, signing_key = new_keys.open_slot(member, passphrase)
    guarded = open_with_key(path, member, new_key, new_keys, how="passphrase, finished key rotation",
                            signing_key=signing_key)
    os.replace(pending, key_file(path))
    return guarded


# -- members --------------------------------------------------------------------------------------
def _keys_of(store: GuardedStore) -> ProjectKeys:
    keys: ProjectKeys | None = getattr(store, "keys", None)
    if keys is None:
        raise ProjectError("this project is not encrypted: it has no members to manage")
    return keys


def add_member(store: GuardedStore, name: str, *, role: str, passphrase: str,
               clearance: frozenset[str] | None = None, kdf: KdfParams | None = None) -> Member:
    """A new member with their own passphrase (a new key slot)."""
    roles.check(store, "members")
    keys = _keys_of(store)
    role = roles.parse_role(role)
    if not name or name in keys.keyfile.slots or roles.get_member(store.inner.conn, name):
        raise KnooppuntError(f"member {name!r} already exists" if name else "a member needs a name")
    member = Member(name, role, frozenset({"open"}) if clearance is None else clearance,
                    store.member.name, now_iso())
    public = keys.keyfile.add_member(name, passphrase, keys.data_key, kdf or keyslots.DEFAULT_KDF)
    signing_public = keys.keyfile.slots[name].signing_public
    with store.inner.transaction():
        roles.put_member(store.inner.conn, member, public, signing_public)
        store.audit("member add", member=name, role=role, clearance=sorted(member.clearance),
                    signing_key=signing_public.hex() if signing_public else None)
        signing.sign_members(store.inner.conn, store.signer)
        keys.keyfile.save(key_file(keys.path), keys.data_key)
    return member


def set_role(store: GuardedStore, name: str, *, role: str | None = None,
             clearance: frozenset[str] | None = None) -> Member:
    roles.check(store, "members")
    conn = store.inner.conn
    old = roles.get_member(conn, name)
    if old is None:
        raise KnooppuntError(f"no member {name!r} in the project")
    new = Member(name, roles.parse_role(role) if role else old.role,
                 old.clearance if clearance is None else clearance, old.added_by, old.added_at)
    with store.inner.transaction():
        if old.role == "owner" and new.role != "owner":
            _keep_an_owner(conn, name)
        roles.put_member(conn, new)
        signing.sign_members(conn, store.signer)
        store.audit("member change", member=name, role=new.role, clearance=sorted(new.clearance),
                    previous_role=old.role, previous_clearance=sorted(old.clearance))
    return new


def _keep_an_owner(conn: object, leaving: str) -> None:
    owners = [m.name for m in roles.list_members(conn) if m.role == "owner" and m.name != leaving]
    if not owners:
        raise KnooppuntError(f"{leaving!r} is the last owner; make another member owner first")


def remove_member(store: GuardedStore, name: str) -> float:
    """Remove the member's slot and rotate the data key; returns the seconds the re-key took."""
    roles.check(store, "members")
    keys = _keys_of(store)
    conn = store.inner.conn
    if roles.get_member(conn, name) is None and name not in keys.keyfile.slots:
        raise KnooppuntError(f"no member {name!r} in the project")
    if name == store.member.name:
        raise KnooppuntError("you cannot remove yourself; another owner can")
    with store.inner.transaction():
        _keep_an_owner(conn, name)
        roles.delete_member(conn, name)
        signing.sign_members(conn, store.signer)
        store.audit("member remove", member=name, rotation=f"generation {keys.generation + 1}")
    return rotate(store)


def rotate(store: GuardedStore) -> float:
    """A fresh data key: re-key the database, re-seal the key to the remaining members.

    Crash-safe order: the next key file is written as `.keys.pending` first, then the
    database is re-keyed, then the pending file replaces the old one. An unlock that
    finds the database re-keyed but the old key file in place finishes the job.
    """
    roles.check(store, "members")
    keys = _keys_of(store)
    new_key = new_data_key()
    nxt = keys.keyfile.rotated(new_key, roles.public_keys(store.inner.conn))
    pending = pending_file(keys.path)
    nxt.save(pending, new_key)
    started = time.perf_counter()
    store.inner.rekey(new_key)
    elapsed = time.perf_counter() - started
    os.replace(pending, key_file(keys.path))
    keys.keyfile, keys.data_key = nxt, new_key
    store.audit("key rotation", generation=nxt.generation, members=sorted(nxt.slots), seconds=round(elapsed, 3))
    return elapsed


def change_passphrase(path: Path, member: str, old: str, new: str, kdf: KdfParams | None = None) -> None:
    """Re-wrap one member's slot under a new passphrase (the data key stays)."""
    store = unlock(path, member, old)
    try:
        keys = _keys_of(store)
        keys.keyfile.change_passphrase(member, old, new, kdf or keyslots.DEFAULT_KDF)
        keys.keyfile.save(key_file(path), keys.data_key)
        store.audit("passphrase change", member=member)
    finally:
        store.close()
