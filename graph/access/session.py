"""Encrypted projects end to end: create, unlock, members, clearance, key rotation.

An encrypted project is a set of files (mode 600), see README "Storage":

* `name.knp` -- SQLCipher database under the `open` label key: `open` records, members,
  roles, clearances, settings, audit log;
* `name.knp.confidential`, `name.knp.police-wpg`, `name.knp.fiod-tax` -- one SQLCipher
  database per further label, each under its own key, ATTACHed when the member holds it;
* `name.knp.keys` -- key slots (see `keyslots`): per member, their wrapped private key and
  the keys of exactly their clearance sealed to them.

Only an unlock with a member's passphrase -- or that member's own secret remembered in
the OS keyring -- opens it; a failed unlock touches none of the files (it is noted in the
`.unlock-failures` sidecar, see `audit`). `ProjectKeys.data_key` is that secret (the
member's raw private key): what `open_with_key` takes, a worker connection reopens
with, and the keyring keeps. It opens only its own member's slot.

A plain (unencrypted) project file without a key file, as made by `create_plain` or
directly with `SQLiteStore`, still opens: as a single-owner project with every right --
unless this computer has opened an encrypted project at that path before
(`localstate`): a plain file put in place of an encrypted project is refused.

Every open with a passphrase also unlocks the member's signing key (`signing`; a
remembered session keeps it beside the secret in the keyring entry): the members table
must carry an owner's signature, every audit entry is signed by its actor, and the audit
head this computer saw last is compared with the log (shortened or rewritten logs are
reported in `GuardedStore.warnings` and in the log itself).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import sqlcipher3.dbapi2 as sqlite
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from graph.access import audit as audit_log
from graph.access import generations, keyslots, localstate, roles, row_digests, row_signatures, signing
from graph.access import passphrase as passphrase_rule
from graph.access.guarded import GuardedStore
from graph.access.keyslots import (
    BASE_LABEL,
    MEMBERS_KEY,
    KdfParams,
    KeyFile,
    WrongPassphrase,
    key_file,
    new_data_key,
    new_key_file,
    new_label_keys,
    pending_file,
)
from graph.access.roles import Member
from graph.errors import KnooppuntError, PermissionDenied, ProjectError
from graph.model import SECURITY_LABELS, now_iso
from graph.store import Caller
from graph.stores import captions, file_summary
from graph.stores.sqlite_store import SQLiteStore, partition_file


def _quiet_sqlcipher() -> None:
    """SQLCipher logs decryption failures to stderr; the CLI reports errors in one line itself."""
    conn = sqlite.connect(":memory:")
    with contextlib.suppress(sqlite.DatabaseError):  # older SQLCipher: no such pragma
        conn.execute("PRAGMA cipher_log_level = NONE")
    conn.close()


_quiet_sqlcipher()


@dataclass(slots=True)
class ProjectKeys:
    """What an unlocked session holds: the key file, the member's secret, the keys it opened."""

    path: Path
    keyfile: KeyFile
    data_key: bytes  # the member's own secret (raw X25519 private key): reopens, never another member
    label_keys: dict[str, bytes] = field(default_factory=dict)  # label (and "members") -> key

    @property
    def generation(self) -> int:
        return self.keyfile.generation


def project_files(path: Path) -> list[Path]:
    """Every file of a project that exists: database, partitions, key file(s), sidecars."""
    names = [partition_file(path, label) for label in SECURITY_LABELS]
    names += [file_summary.summary_file(partition_file(path, label)) for label in SECURITY_LABELS[1:]]
    names += [key_file(path), pending_file(path), audit_log.failures_file(path)]
    return [p for p in names if p.exists()]


def is_encrypted(path: Path) -> bool:
    return key_file(path).exists() or pending_file(path).exists()


def slot_members(path: Path) -> list[str]:
    """Member names in the key file (readable before unlocking: they choose the slot)."""
    return sorted(KeyFile.load(key_file(path)).slots)


def project_id(path: Path) -> str:
    return KeyFile.load(key_file(path)).project_id


_PREPARED = ("members", "audit_no_update", "audit_no_delete", "audit_head", "audit_signatures",
             "audit_sig_no_update", "audit_sig_no_delete", "members_snapshots", "members_snapshots_no_update",
             row_signatures.TABLE)


def _prepare(store: SQLiteStore) -> None:
    """The access tables and the audit guard in place; a write transaction only when something is missing
    (a write transaction locks and commits every attached file: most of an open's time otherwise)."""
    conn = store.conn
    found = {r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE name IN (SELECT value FROM "
                                        "json_each(?))", (json.dumps(_PREPARED),))}
    if found == set(_PREPARED) and any(r[1] == "signing_key" for r in conn.execute("PRAGMA main.table_info(members)")) \
            and (store.get_setting("audit.head") is not None or not conn.execute("SELECT 1 FROM audit").fetchone()):
        return
    with store.transaction():
        roles.ensure_table(conn)
        audit_log.install(conn)
        signing.install(conn)
        row_signatures.install(conn)


def grants_for(member: Member, keys: Mapping[str, bytes]) -> dict[str, bytes]:
    """The keys a member's slot holds: their clearance's labels (always `open`), the members key for owners."""
    names = set(member.clearance) | {BASE_LABEL}
    if member.role == "owner":
        names.add(MEMBERS_KEY)
    missing = sorted(n for n in names if n not in keys)
    if missing:
        raise PermissionDenied(f"you hold no key for {', '.join(missing)}: only a member cleared for it "
                               f"can grant it")
    return {n: keys[n] for n in names}


def _partitions(keys: Mapping[str, bytes]) -> dict[str, bytes]:
    return {label: k for label, k in keys.items() if label in SECURITY_LABELS and label != BASE_LABEL}


def create(path: Path, *, owner: str, passphrase: str, name: str | None = None,
           kdf: KdfParams | None = None) -> GuardedStore:
    """A new encrypted project with `owner` as its only member (holding every label key)."""
    if any(p.exists() for p in [path, *project_files(path)]):
        raise ProjectError(f"{path}: already exists")
    if not owner:
        raise KnooppuntError("a project needs an owner name (--owner)")
    passphrase_rule.check(passphrase, (owner,))
    path.parent.mkdir(parents=True, exist_ok=True)
    label_keys = new_label_keys()
    keys = new_key_file()
    member = Member(owner, "owner", frozenset(SECURITY_LABELS), owner, now_iso())
    public, secret = keys.add_member_secret(owner, passphrase, grants_for(member, label_keys),
                                            kdf or keyslots.DEFAULT_KDF)
    keys.pin(label_keys[MEMBERS_KEY], owner, public)
    signing_key = keys.unlock_signing(owner, passphrase)[1]
    assert signing_key is not None  # add_member_secret always makes one
    signer = signing.Signer(owner, signing_key, keys.project_id)
    store: SQLiteStore | None = None
    try:  # a failure anywhere (a full disk) removes every file, so a retry is not blocked
        store = SQLiteStore(path, create=True, key=label_keys[BASE_LABEL], caller=Caller(user=owner),
                            partitions=_partitions(label_keys))
        store.audit_signer = signer
        _prepare(store)
        with store.transaction():
            roles.put_member(store.conn, member, public, signer.public)
            store.set_setting("name", name or path.stem)
            store.set_setting("owner", owner)
            store.set_setting("access.project_id", keys.project_id)
            store.audit("project create", name=name or path.stem, owner=owner, signing_key=signer.public.hex())
            store.set_setting(signing.ROWS_SIGNED, str(signing.LABEL_ROWS))  # its rows are signed from the start
            signing.sign_members(store.conn, signer)
        row_signatures.sign_present(store, row_signatures.attach(store, keys.project_id, []))
        keys.save(key_file(path), label_keys[BASE_LABEL])
    except BaseException:
        if store is not None:
            with contextlib.suppress(Exception):
                store.close()
        for p in [*project_files(path), path.with_name(path.name + "-journal"),
                  key_file(path).with_name(key_file(path).name + ".tmp")]:
            with contextlib.suppress(OSError):
                p.unlink(missing_ok=True)
        raise
    guarded = GuardedStore(store, member)
    guarded.keys = ProjectKeys(path, keys, secret, label_keys)
    guarded.signer = signer
    _watch(guarded, keys.project_id, path)
    return guarded


def _watch(guarded: GuardedStore, project_id: str, path: Path) -> None:
    """Remember on this computer: the project is encrypted, its owners, and (now and at close) the audit head."""
    conn = guarded.inner.conn
    localstate.add_path(project_id, path)
    where = localstate.state_dir()  # this computer's memory as the open found it, also at a later close
    guarded.machine_state = where

    def remember_head(store: GuardedStore, **fields: object) -> None:
        with localstate.pinned(where):
            _remember_head(**fields)

    def _remember_head(**fields: object) -> None:
        row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        if row is not None:
            fields["audit_head"] = [int(row[0]), str(row[1])]
        with contextlib.suppress(ProjectError):  # the members table as last signed, if it still verifies
            signing.check_members(conn, project_id, localstate.load(project_id).get("owners") or None)
            fields["members_signed"] = signing.snapshot(conn)
            seen = localstate.load(project_id).get("members_version")
            fields["members_version"] = max(signing.members_version(conn) or 0, seen if isinstance(seen, int) else 0)
        localstate.update(project_id, **fields)
        generations.remember(conn, project_id)  # the label files' write generations the log recorded
        row_digests.remember(conn, project_id)  # and what the signed rows of each file sum to
    remember_head(guarded, owners=signing.owners(conn))
    guarded.on_close = remember_head


def _watch_label_files(store: SQLiteStore, project_id: str, member: str) -> tuple[list[str], dict[str, int]]:
    """The session's warnings, to which each label file put back to an older copy is added when it is
    attached and checked (`generations`), and the generations the files must hold at least.

    The files are attached at the first read of records, or when the session's warnings are first asked
    for (`GuardedStore.warnings`: the command line and the workbench ask right after the open, so the
    warning comes with the open -- also of `members` or `audit`, which read no records -- at about 0.4 ms
    a label file; a worker's connection that never asks pays nothing). Each such warning also goes into
    the log, as the member, with the session's next entry or at close."""
    wanted, _ = generations.expected(store.conn, project_id)
    warnings: list[str] = []
    as_member = store.with_caller(Caller(user=member))

    def check(found: dict[str, int]) -> None:
        for message in generations.behind(found, wanted):
            if message not in warnings:
                warnings.append(message)
                as_member.audit_with_next("audit warning", warning=message)
    store.on_generations = check
    return warnings, wanted


def _check_label_files(store: SQLiteStore) -> None:
    """Attach the label files now, which checks their write generations (`_watch_label_files`). A file the
    key does not open is left to be refused at its first read, as before; inside a transaction they are
    attached already."""
    if not store.conn.in_transaction:
        with contextlib.suppress(ProjectError):
            store.conn.attach_deferred()


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
    _audit_recomputed(guarded, store)
    return guarded


CAPTIONS_REASON = ("the schema's name or search rules (graph/schema.yaml `caption`, searched properties) "
                   "changed since the project was last opened")


def _audit_recomputed(guarded: GuardedStore, store: SQLiteStore) -> None:
    """One audit entry for the names and search rows the store recomputed on open (graph/stores/captions.py):
    which labels' records, how many names changed, and why -- written as the opening member, signed
    like their other entries, whatever their role (the change follows from the schema, not from them)."""
    # a partition's first open (a new project) only fills in the hash: nothing a reader saw changed
    done = [d for d in captions.recomputed(store) if d["previous_rules"] is not None or d["names_changed"]]
    if done:
        guarded.audit("recompute captions", reason=CAPTIONS_REASON, partitions=done,
                      names_changed=sum(int(str(d["names_changed"])) for d in done))


def default_member(path: Path, keys: KeyFile | None = None) -> str:
    """The only member of a single-member project (`keys`: the key file when already loaded)."""
    members = sorted(keys.slots) if keys is not None else slot_members(path)
    if len(members) == 1:
        return members[0]
    raise KnooppuntError(f"{path}: the project has {len(members)} members; say who you are with --as NAME "
                         f"or KNOOPPUNT_USER")


def unlock_key(path: Path, member: str, passphrase: str,
               keys: KeyFile | None = None) -> tuple[KeyFile, bytes, Ed25519PrivateKey | None]:
    """The member's secret and signing key from a passphrase; a failure is logged to the sidecar and re-raised."""
    if not path.exists():
        raise ProjectError(f"{path}: no such project file")
    keys = keys or KeyFile.load(key_file(path))
    try:
        secret, signing_key = keys.unlock_signing(member, passphrase)
        return keys, secret, signing_key
    except WrongPassphrase as exc:
        audit_log.log_failure(path, member, str(exc))
        raise WrongPassphrase(f"{path}: {exc}") from None


def _fits(file: Path, key: bytes) -> bool:
    """Whether key opens a SQLCipher file (a raw key: no KDF, a page read)."""
    conn = sqlite.connect(str(file))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite.DatabaseError:
        return False
    finally:
        conn.close()


def _slot(path: Path, keys: KeyFile, member: str, secret: bytes) -> dict[str, bytes]:
    try:
        return keys.open_slot(member, secret)
    except WrongPassphrase as exc:
        raise ProjectError(f"{path}: {exc}") from None


def open_with_key(path: Path, member: str, data_key: bytes, keys: KeyFile | None = None,
                  *, how: str = "passphrase", signing_key: Ed25519PrivateKey | None = None,
                  open_entry_with_next: bool = False) -> GuardedStore:
    """Open the project as `member` with their own secret (`ProjectKeys.data_key`, the keyring's).

    Checks the members table's owner signature and the audit head this computer saw
    last. Without `signing_key` (a bare secret) the session's audit entries are unsigned,
    which `audit verify` reports.

    The secret opens only that member's slot, so it yields only their clearance's label
    keys. An interrupted key rotation (a `.keys.pending` file) is finished here when this
    member holds every key it replaced; otherwise each file opens with whichever of the
    member's old and new keys fits.

    `open_entry_with_next`: the `open` audit entry is written with the session's next entry,
    write or close (`SQLiteStore.audit_with_next`; the command line, which closes at once),
    not in a commit of its own.
    """
    if not path.exists():
        raise ProjectError(f"{path}: no such project file")
    keys = keys or KeyFile.load(key_file(path))
    label_keys = _slot(path, keys, member, data_key)
    keys.check_mac(key_file(path), label_keys[BASE_LABEL])
    pending: KeyFile | None = None
    fresh: dict[str, bytes] = {}
    if pending_file(path).exists():
        pending = KeyFile.load(pending_file(path))
        with contextlib.suppress(WrongPassphrase, ProjectError):
            fresh = pending.open_slot(member, data_key)
    chosen, stale = _partition_keys(path, label_keys, fresh)
    store = _connect(path, chosen)
    try:
        warnings, wanted = _watch_label_files(store, keys.project_id, member)
        _prepare(store)
        if store.get_setting("access.project_id") not in (None, keys.project_id):
            raise ProjectError(f"{key_file(path)}: belongs to another project")
        if pending is not None and fresh:
            changed = {n for n, g in pending.key_generations.items() if keys.key_generations.get(n) != g}
            if changed <= set(fresh):  # this member can finish the rotation
                for label in stale:
                    store.rekey(fresh[label], label)
                pending.check_mac(pending_file(path), fresh[BASE_LABEL])
                os.replace(pending_file(path), key_file(path))
                keys, label_keys, how = pending, fresh, how + ", finished key rotation"
        found = _checked_member(path, store, keys, member)
        head_problems = [msg for msg in [local_head_problem(store.conn, keys.project_id)] if msg]
        warnings += head_problems
        signer = None
        if signing_key is not None:
            signer = signing.Signer(member, signing_key, keys.project_id)
            if roles.signing_keys(store.conn).get(member) != signer.public.hex():
                raise ProjectError(f"{path}: the signing key of {member!r} does not match the members table")
            store.audit_signer = signer
        check = row_signatures.attach(store, keys.project_id, warnings)  # before GuardedStore copies the store
        if signer is not None and found.role == "owner" and (level := row_signatures.due(store, check)):
            # an earlier Knooppunt's rows: signed once, as carried over, by the owner (their entries are theirs)
            row_signatures.carry_over(store.with_caller(Caller(user=member)), check,
                                      functools.partial(_prepare_side_tables, store), level)
        check.check_digests(["open"])  # a signed row of the main file deleted or put back (row_digests)
        if unsigned := row_signatures.unsigned_at_open(store.conn):
            warnings.append(row_signatures.unsigned_message(unsigned))
        held = frozenset(chosen)
        guarded = GuardedStore(store, Member(found.name, found.role, found.clearance & held,
                                             found.added_by, found.added_at))
        guarded.keys = ProjectKeys(path, keys, data_key, label_keys)
        guarded.signer = signer
        guarded.warnings = warnings
        if any(wanted.get(label) for label in store.labels_held()):
            guarded.check_files = functools.partial(_check_label_files, store)
        for warning in head_problems:
            guarded.inner.audit("audit warning", warning=warning)
        audit_log.merge_failures(path, guarded.inner)
        if open_entry_with_next:
            guarded.inner.audit_with_next("open", how=how, generation=keys.generation)  # as the member
        else:
            guarded.audit("open", how=how, generation=keys.generation)
        _audit_recomputed(guarded, store)
        _watch(guarded, keys.project_id, path)
    except BaseException:
        store.close()
        raise
    return guarded


def _prepare_side_tables(store: SQLiteStore) -> None:
    """The notes, documents and VIK tables in every held file (`row_signatures.carry_over`)."""
    from graph.access import side_tables
    from graph.attachments import DDL as ATTACHMENTS_DDL
    from graph.vik.tables import DDL as VIK_DDL
    for ddl in (ATTACHMENTS_DDL, VIK_DDL):
        side_tables.prepare(store, ddl)


def _partition_keys(path: Path, label_keys: Mapping[str, bytes],
                    fresh: Mapping[str, bytes]) -> tuple[dict[str, bytes], list[str]]:
    """The key that opens each label's file, and the labels still on a key a pending rotation replaced.

    `fresh`: the member's keys in an interrupted rotation's pending key file (empty when none).
    """
    chosen: dict[str, bytes] = {}
    stale: list[str] = []
    for label, key in label_keys.items():
        if label not in SECURITY_LABELS:
            continue
        file = partition_file(path, label)
        if not file.exists():
            raise ProjectError(f"{file}: the partition of label {label!r} is missing")
        new = fresh.get(label)
        if new is None or new == key:  # no rotation pending for it: attaching the file checks the key
            chosen[label] = key
        elif _fits(file, new):
            chosen[label] = new
        elif _fits(file, key):
            chosen[label] = key
            if new is not None and new != key:
                stale.append(label)
        else:
            raise ProjectError(f"{file}: the key does not open the project file (label {label!r})")
    return chosen, stale


def _checked_member(path: Path, store: SQLiteStore, keys: KeyFile, member: str) -> Member:
    """The member's row, after the members table's owner signature and their public key are checked."""
    known = localstate.load(keys.project_id)
    signed = bool(roles.signing_keys(store.conn)) or store.get_setting(signing.MEMBERS_SIGNATURE) is not None
    if signed:
        try:
            signing.check_members(store.conn, keys.project_id, known.get("owners") or None)
        except ProjectError as exc:
            raise ProjectError(f"{path}: {exc}; an owner can put back the members table they last signed "
                               "with `knooppunt members restore`") from None
        version, seen = signing.members_version(store.conn) or 0, known.get("members_version")
        if isinstance(seen, int) and version < seen:
            raise ProjectError(f"{path}: the members table is an older signed version ({version}) than this "
                               f"computer last saw ({seen}): it was put back outside Knooppunt; an owner can "
                               "restore the latest with `knooppunt members restore`")
    found = roles.get_member(store.conn, member)
    if found is None:
        raise PermissionDenied(f"{member!r} is not a member of {path}")
    if roles.public_keys(store.conn).get(member) != keys.slots[member].public:
        raise ProjectError(f"{path}: the public key of member {member!r} in the members table was altered; "
                           f"ask an owner to check the members")
    return found


def _connect(path: Path, label_keys: Mapping[str, bytes]) -> SQLiteStore:
    try:
        return SQLiteStore(path, key=label_keys[BASE_LABEL], partitions=_partitions(label_keys))
    except ProjectError as exc:
        raise ProjectError(f"{path}: the key does not open the project file ({exc})") from None


def unlock(path: Path, member: str, passphrase: str, keys: KeyFile | None = None, *,
           open_entry_with_next: bool = False) -> GuardedStore:
    """Open an encrypted project with a member's passphrase (finishing an interrupted rotation).

    `keys`: the key file when the caller already loaded it (the project door reads it once).
    `open_entry_with_next`: see `open_with_key`.
    """
    keys, secret, signing_key = unlock_key(path, member, passphrase, keys)
    return open_with_key(path, member, secret, keys, signing_key=signing_key,
                         open_entry_with_next=open_entry_with_next)


# -- members --------------------------------------------------------------------------------------
def _keys_of(store: GuardedStore) -> ProjectKeys:
    keys = store.keys
    if keys is None:
        raise ProjectError("this project is not encrypted: it has no members to manage")
    return keys


def add_member(store: GuardedStore, name: str, *, role: str, passphrase: str,
               clearance: frozenset[str] | None = None, kdf: KdfParams | None = None) -> Member:
    """A new member with their own passphrase: a slot holding only their clearance's keys."""
    roles.check(store, "members")
    keys = _keys_of(store)
    role = roles.parse_role(role)
    if not name or name in keys.keyfile.slots or roles.get_member(store.inner.conn, name):
        raise KnooppuntError(f"member {name!r} already exists" if name else "a member needs a name")
    passphrase_rule.check(passphrase, (name,))
    member = Member(name, role, (frozenset() if clearance is None else clearance) | {BASE_LABEL},
                    store.member.name, now_iso())
    grants = grants_for(member, keys.label_keys)
    if store.signer is None:
        signing.sign_members(store.inner.conn, None)  # refuses: only an owner with their signing key
    public = keys.keyfile.add_member(name, passphrase, grants, kdf or keyslots.DEFAULT_KDF)
    keys.keyfile.pin(keys.label_keys[MEMBERS_KEY], name, public)
    signing_public = keys.keyfile.slots[name].signing_public
    with store.inner.transaction():
        roles.put_member(store.inner.conn, member, public, signing_public)
        store.audit("member add", member=name, role=role, clearance=sorted(member.clearance),
                    signing_key=signing_public.hex() if signing_public else None)
        signing.sign_members(store.inner.conn, store.signer)
        keys.keyfile.save(key_file(keys.path), keys.label_keys[BASE_LABEL])
    return member


def _held(member: Member) -> set[str]:
    return set(grants_for(member, dict.fromkeys([*SECURITY_LABELS, MEMBERS_KEY], b"")))


def set_role(store: GuardedStore, name: str, *, role: str | None = None,
             clearance: frozenset[str] | None = None) -> Member:
    """Change a member's role or clearance: keys granted are sealed to them, keys taken are rotated."""
    roles.check(store, "members")
    keys = _keys_of(store)
    conn = store.inner.conn
    old = roles.get_member(conn, name)
    if old is None:
        raise KnooppuntError(f"no member {name!r} in the project")
    new = Member(name, roles.parse_role(role) if role else old.role,
                 (old.clearance if clearance is None else clearance) | {BASE_LABEL}, old.added_by, old.added_at)
    gained, lost = _held(new) - _held(old), _held(old) - _held(new)
    grants = grants_for(new, keys.label_keys) if gained else {}
    _check_can_rotate(store, lost)  # before anything changes
    with store.inner.transaction():
        if old.role == "owner" and new.role != "owner":
            _keep_an_owner(conn, name)
        roles.put_member(conn, new)
        signing.sign_members(conn, store.signer)
        store.audit("member change", member=name, role=new.role, clearance=sorted(new.clearance),
                    previous_role=old.role, previous_clearance=sorted(old.clearance))
        for label in sorted(gained):
            keys.keyfile.grant(name, label, grants[label])
        if gained:
            keys.keyfile.save(key_file(keys.path), keys.label_keys[BASE_LABEL])
    if lost:  # they may have kept the keys they lose: replace those keys
        rotate(store, lost)
    return new


def _keep_an_owner(conn: object, leaving: str) -> None:
    owners = [m.name for m in roles.list_members(conn) if m.role == "owner" and m.name != leaving]
    if not owners:
        raise KnooppuntError(f"{leaving!r} is the last owner; make another member owner first")


def remove_member(store: GuardedStore, name: str) -> float:
    """Remove the member's slot and replace every key they held; returns the seconds the re-keys took."""
    roles.check(store, "members")
    keys = _keys_of(store)
    conn = store.inner.conn
    leaving = roles.get_member(conn, name)
    if leaving is None and name not in keys.keyfile.slots:
        raise KnooppuntError(f"no member {name!r} in the project")
    if name == store.member.name:
        raise KnooppuntError("you cannot remove yourself; another owner can")
    held = _held(leaving) if leaving is not None else set(keys.keyfile.slots[name].sealed)
    _check_can_rotate(store, held)
    with store.inner.transaction():
        _keep_an_owner(conn, name)
        roles.delete_member(conn, name)
        signing.sign_members(conn, store.signer)
        store.audit("member remove", member=name, rotation=f"generation {keys.generation + 1}")
    return rotate(store, held, drop=[name])


def _check_can_rotate(store: GuardedStore, names: Iterable[str]) -> None:
    keys = _keys_of(store)
    missing = sorted(n for n in names if n not in keys.label_keys)
    if missing:
        raise PermissionDenied(f"replacing the key of {', '.join(missing)} needs a member who holds it "
                               f"(an owner cleared for it)")


def rotate(store: GuardedStore, names: Iterable[str] | None = None, *, drop: Iterable[str] = ()) -> float:
    """Fresh keys for `names` (default: every key this owner holds): re-key only those files.

    Each new key is sealed to the remaining members entitled to it, to the public key in
    their slot -- which must carry the owners' pin, so a public key swapped into the
    members table or the key file by a member is refused, never sealed to. Crash-safe
    order: the next key file is written as `.keys.pending`, then the files are re-keyed one
    by one, then the pending file replaces the old one; an open that finds a pending file
    finishes the job (see `open_with_key`). Returns the seconds the re-keys took.
    """
    roles.check(store, "members")
    keys = _keys_of(store)
    names = set(keys.label_keys) if names is None else set(names)
    _check_can_rotate(store, names)
    conn = store.inner.conn
    gone = set(drop)
    members = {m.name: m for m in roles.list_members(conn) if m.name not in gone}
    publics = _pinned_publics(store, members)
    new_keys = {n: new_data_key() for n in sorted(names)}
    # A new key goes to members whose slot holds the old one and whose entry still grants it:
    # the members table alone is not trusted (a member holding the open key can edit their own
    # clearance there), so it can only take keys away, never add them.
    slots = keys.keyfile.slots
    holders = {n: [m.name for m in members.values()
                   if n in _held(m) and m.name in publics and n in slots[m.name].sealed] for n in new_keys}
    nxt = keys.keyfile.rotated(new_keys, holders, drop=[*gone, *(n for n in keys.keyfile.slots if n not in members)],
                               publics=publics)
    label_keys = {**keys.label_keys, **new_keys}
    if MEMBERS_KEY in new_keys:  # re-pin every remaining member under the new members key
        nxt.pins = {}
        for member, slot in nxt.slots.items():
            nxt.pin(label_keys[MEMBERS_KEY], member, slot.public)
    nxt.save(pending_file(keys.path), label_keys[BASE_LABEL])
    started = time.perf_counter()
    for label in SECURITY_LABELS:
        if label in new_keys:
            store.inner.rekey(new_keys[label], label)
    elapsed = time.perf_counter() - started
    os.replace(pending_file(keys.path), key_file(keys.path))
    keys.keyfile, keys.label_keys = nxt, label_keys
    store.audit("key rotation", generation=nxt.generation, keys=sorted(new_keys), members=sorted(nxt.slots),
                seconds=round(elapsed, 3))
    return elapsed


def _pinned_publics(store: GuardedStore, members: Mapping[str, Member]) -> dict[str, bytes]:
    """Each remaining member's public key as the owners pinned it.

    A member with the `open` key can rewrite the members table and re-MAC the key file, so
    neither is trusted alone: the key sealed to is the one carrying the owners' pin (an
    HMAC under the members key, which only owners hold). A swapped copy is detected, put
    back and audited. A member with no pinned copy left gets no new key (whoever swapped
    it in would): they are locked out until an owner removes and re-adds them, and the
    audit log says so.
    """
    keys = _keys_of(store)
    members_key = keys.label_keys[MEMBERS_KEY]
    conn = store.inner.conn
    table = roles.public_keys(conn)
    out = {}
    for name in sorted(members):
        slot = keys.keyfile.slots.get(name)
        candidates = [p for p in (slot.public if slot else None, table.get(name)) if p is not None]
        good = next((p for p in candidates if keys.keyfile.pinned(members_key, name, p)), None)
        if good is None or slot is None:
            store.audit("member key tampering", member=name, where="members table and key file",
                        outcome="no pinned key left: new keys withheld; remove and re-add the member")
            continue
        for where, value in (("members table", table.get(name)), ("key file", slot.public)):
            if value != good:
                store.audit("member key tampering", member=name, where=where, outcome="restored the pinned key")
        if table.get(name) != good:
            with store.inner.transaction():
                conn.execute("UPDATE members SET public_key = ? WHERE name = ?", (good, name))
                signing.sign_members(conn, store.signer)
        out[name] = good
    return out


def change_passphrase(path: Path, member: str, old: str, new: str, kdf: KdfParams | None = None) -> None:
    """Re-wrap one member's private key under a new passphrase (no key changes)."""
    passphrase_rule.check(new, (member,))
    store = unlock(path, member, old)
    try:
        keys = _keys_of(store)
        keys.keyfile.change_passphrase(member, old, new, kdf or keyslots.DEFAULT_KDF)
        keys.keyfile.save(key_file(path), keys.label_keys[BASE_LABEL])
        store.audit("passphrase change", member=member)
    finally:
        store.close()
