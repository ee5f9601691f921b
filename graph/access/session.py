"""Encrypted projects end to end: create, unlock, members, key rotation.

A project is two files: `name.knp` (the SQLCipher database: records, members, roles,
clearances, settings, audit log) and `name.knp.keys` (key slots, see `keyslots`). Only
an unlock with a member's passphrase -- or the data key remembered in the OS keyring --
opens the database; a failed unlock touches neither file (it is noted in the
`.unlock-failures` sidecar, see `audit`).

A plain (unencrypted) project file without a key file, as made by earlier versions or
directly with `SQLiteStore`, still opens: as a single-owner project with every right.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3.dbapi2 as sqlite

from graph.access import audit as audit_log
from graph.access import keyslots, roles
from graph.access import passphrase as passphrase_rule
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


def create(path: Path, *, owner: str, passphrase: str, name: str | None = None,
           kdf: KdfParams | None = None) -> GuardedStore:
    """A new encrypted project with `owner` as its only member."""
    if path.exists() or key_file(path).exists():
        raise ProjectError(f"{path}: already exists")
    if not owner:
        raise KnooppuntError("a project needs an owner name (--owner)")
    passphrase_rule.check(passphrase, (owner,))
    path.parent.mkdir(parents=True, exist_ok=True)
    data_key = new_data_key()
    keys = new_key_file()
    public = keys.add_member(owner, passphrase, data_key, kdf or keyslots.DEFAULT_KDF)
    store = SQLiteStore(path, create=True, key=data_key, caller=Caller(user=owner))
    try:
        _prepare(store)
        member = Member(owner, "owner", frozenset(SECURITY_LABELS), owner, now_iso())
        with store.transaction():
            roles.put_member(store.conn, member, public)
            store.set_setting("name", name or path.stem)
            store.set_setting("owner", owner)
            store.set_setting("access.project_id", keys.project_id)
            store.audit("project create", name=name or path.stem, owner=owner)
        keys.save(key_file(path), data_key)
        os.chmod(path, 0o600)
    except BaseException:
        store.close()
        for p in (path, key_file(path), path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            p.unlink(missing_ok=True)
        raise
    guarded = GuardedStore(store, member)
    guarded.keys = ProjectKeys(path, keys, data_key)
    return guarded


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
    """A legacy unencrypted project: one owner with every right."""
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


def unlock_key(path: Path, member: str, passphrase: str) -> tuple[KeyFile, bytes]:
    """The data key from a passphrase; a failure is logged to the sidecar and re-raised."""
    keys_path = key_file(path)
    if not path.exists():
        raise ProjectError(f"{path}: no such project file")
    keys = KeyFile.load(keys_path)
    try:
        return keys, keys.unlock(member, passphrase)
    except WrongPassphrase as exc:
        audit_log.log_failure(path, member, str(exc))
        raise WrongPassphrase(f"{path}: {exc}") from None


def open_with_key(path: Path, member: str, data_key: bytes, keys: KeyFile | None = None,
                  *, how: str = "passphrase") -> GuardedStore:
    """Open the database with the data key and wrap it for `member`."""
    keys = keys or KeyFile.load(key_file(path))
    store = _connect(path, keys, data_key)
    try:
        keys.check_mac(key_file(path), data_key)
        _prepare(store)
        if store.get_setting("access.project_id") not in (None, keys.project_id):
            raise ProjectError(f"{key_file(path)}: belongs to another project")
        found = roles.get_member(store.conn, member)
        if found is None:
            raise PermissionDenied(f"{member!r} is not a member of {path}")
        guarded = GuardedStore(store, found)
        guarded.keys = ProjectKeys(path, keys, data_key)
        audit_log.merge_failures(path, guarded.inner)
        guarded.audit("open", how=how, generation=keys.generation)
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
    keys, data_key = unlock_key(path, member, passphrase)
    pending = pending_file(path)
    try:
        store = open_with_key(path, member, data_key, keys)
    except ProjectError:
        if not pending.exists():
            raise
    else:
        pending.unlink(missing_ok=True)  # a rotation that failed before re-keying: nothing to finish
        return store
    # A rotation stopped between re-keying the database and replacing the key file.
    new_keys = KeyFile.load(pending)
    new_key = new_keys.unlock(member, passphrase)
    guarded = open_with_key(path, member, new_key, new_keys, how="passphrase, finished key rotation")
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
    passphrase_rule.check(passphrase, (name,))
    member = Member(name, role, frozenset(SECURITY_LABELS) if clearance is None else clearance,
                    store.member.name, now_iso())
    public = keys.keyfile.add_member(name, passphrase, keys.data_key, kdf or keyslots.DEFAULT_KDF)
    with store.inner.transaction():
        roles.put_member(store.inner.conn, member, public)
        store.audit("member add", member=name, role=role, clearance=sorted(member.clearance))
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
    passphrase_rule.check(new, (member,))
    store = unlock(path, member, old)
    try:
        keys = _keys_of(store)
        keys.keyfile.change_passphrase(member, old, new, kdf or keyslots.DEFAULT_KDF)
        keys.keyfile.save(key_file(path), keys.data_key)
        store.audit("passphrase change", member=member)
    finally:
        store.close()
