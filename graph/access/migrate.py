"""`project migrate`: a project made before partitions and signing, brought to today's layout.

An earlier Knooppunt (key file `knooppunt-keys/1`) kept every record in one SQLCipher file
(WAL) under one data key that every member held, an unsigned members table and an audit
log hash-chained but unsigned. Opening such a project today is refused with a one-line
message naming this command. The migration, by an owner with their passphrase:

1. opens the v1 key file (Argon2id with the slot's own, bounded parameters; the v1 MAC);
2. writes the partitioned layout beside the old files (`name.knp.migrating*`): fresh label
   keys, each record in the file of its label (a relation at the highest label of itself
   and its ends), every other table of the old file copied as it is, the audit log copied
   entry for entry (the hash chain continues over it);
3. writes a v2 key file: the owner gets a new key pair and signing key under their
   passphrase; every other member keeps their own key pair (the v1 wrapping of their
   private key is kept, so their passphrase still opens it) and gets exactly their
   clearance's label keys sealed to it, and a new signing key sealed to it too. Every
   public key is pinned by the owner;
4. signs the members table and appends a signed `project migrate` entry; the entries
   before it are the *unsigned history*: `audit verify` counts them as such, and the
   owners' members signature covers where that history ends;
5. swaps the files (the old ones kept as `.v1` until the new ones are in place, then
   removed). An interrupted migration is finished or restarted by running it again.

What it cannot undo: every v1 member held the one data key. Copies of the old file made
before the migration still open with it; only records written afterwards are out of reach
of a member without their label key.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlite
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from graph.access import audit as audit_log
from graph.access import keyslots, roles, session, signing, untrusted
from graph.access.keyslots import (
    BASE_LABEL,
    LEGACY_WRAP_FIELD,
    MEMBERS_KEY,
    KdfParams,
    KeyFile,
    Slot,
    WrongPassphrase,
    checked_kdf,
    key_file,
    new_label_keys,
)
from graph.access.roles import Member
from graph.errors import KnooppuntError, PermissionDenied, ProjectError
from graph.model import SECURITY_LABELS, Entity, now_iso
from graph.schema import default_schema, format_id, type_prefix
from graph.store import Caller
from graph.stores.lean import entity_type_name
from graph.stores.lean_writes import CLAIM_COLS, insert_claims
from graph.stores.records import META_FIELDS, props_of
from graph.stores.sqlite_store import (
    APPLICATION_ID,
    RID_SHIFT,
    SIDE_TABLES_NATIVE,
    SQLiteStore,
    label_rank,
    partition_file,
    schema_of,
)

LEGACY_FORMAT = "knooppunt-keys/1"
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
MIGRATING = ".migrating"  # the new files are written as name.knp.migrating (+ partitions, keys)
BACKUP = ".v1"  # the old files while the new ones move in
RECORD_TABLES = ("entities", "relations", "provenance", "statements")
# The own columns of a record row after its rid, as the store's `_insert_records` takes them (then META_FIELDS).
_COPIED = {"entities": "key, type, caption, props, identity",
           "relations": "key, type, src, dst, src_type, dst_type, props"}


@dataclass(slots=True)
class Migration:
    """What a migration did, for the CLI and the audit entry."""

    path: Path
    resumed: bool = False  # an interrupted migration's new files were put in place
    members: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # in the key file or the table, not both
    records: dict[str, int] = field(default_factory=dict)  # label -> entities + relations
    unsigned_history: int = 0
    history_intact: bool = True


# -- the v1 key file -----------------------------------------------------------------------------
def legacy_keys(path: Path) -> dict[str, Any] | None:
    """The v1 key file of the project as JSON, or None when the project is not in the v1 format."""
    try:
        data = untrusted.loads(key_file(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == LEGACY_FORMAT else None


def _legacy_unlock(data: dict[str, Any], member: str, passphrase: str) -> bytes:
    """The v1 data key from a member's passphrase (the v1 slot: X25519 wrapped under Argon2id, HPKE)."""
    try:
        project, generation, slot = str(data["project"]), int(data["generation"]), data["slots"].get(member)
        if slot is None:
            raise WrongPassphrase(f"{member!r} is not a member of this project")
        k = slot["kdf"]
        kdf = checked_kdf(k["memory_kib"], k["iterations"], k["lanes"])
        kek = kdf.derive(passphrase, keyslots._unb64(k["salt"]))
        wrapped = keyslots._unb64(slot["private_key"])
        aad = json.dumps([LEGACY_FORMAT, project, member, "private key"]).encode()
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
        try:
            private = X25519PrivateKey.from_private_bytes(AESGCM(kek).decrypt(wrapped[:12], wrapped[12:], aad))
        except InvalidTag:
            raise WrongPassphrase(f"wrong passphrase for member {member!r}") from None
        info = json.dumps([LEGACY_FORMAT, project, member, generation, "data key"]).encode()
        try:
            data_key = _SUITE.decrypt(keyslots._unb64(slot["sealed_key"]), private, info=info)
        except InvalidTag:
            raise WrongPassphrase(f"key slot of member {member!r} does not open (altered key file?)") from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, KnooppuntError):
            raise
        raise ProjectError(f"damaged v1 key file ({exc.__class__.__name__}: {exc})") from None
    body = json.dumps({k: v for k, v in data.items() if k != "mac"}, sort_keys=True, separators=(",", ":")).encode()
    mac = hmac.new(keyslots._subkey(data_key, b"knooppunt keyfile mac"), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(mac, str(data.get("mac", ""))):
        raise ProjectError("the v1 key file was altered outside Knooppunt (MAC mismatch)")
    return data_key


# -- file names ------------------------------------------------------------------------------------
def _backup(file: Path) -> Path:
    return file.with_name(file.name + BACKUP)


def _staged(path: Path) -> Path:
    return path.with_name(path.name + MIGRATING)


def _new_files(path: Path) -> list[tuple[Path, Path]]:
    """(staged, final) for every file of the new layout; the key file last (it makes the project v2)."""
    staged = _staged(path)
    pairs = [(partition_file(staged, label), partition_file(path, label)) for label in SECURITY_LABELS[1:]]
    return [*pairs, (staged, path), (key_file(staged), key_file(path))]


def _sidecars(file: Path) -> list[Path]:
    return [file.with_name(file.name + s) for s in ("-wal", "-shm", "-journal")]


def _clear_staged(path: Path) -> None:
    for staged, _final in _new_files(path):
        for p in [staged, *_sidecars(staged), staged.with_name(staged.name + ".tmp")]:
            p.unlink(missing_ok=True)


# -- the migration ---------------------------------------------------------------------------------
def migrate(path: Path, member: str, passphrase: str, kdf: KdfParams | None = None) -> Migration:
    """Migrate the v1 project at `path` as owner `member` (see the module docstring)."""
    if key_file(_staged(path)).exists():  # a previous run wrote everything: only the swap was left
        _swap(path)
        return Migration(path, resumed=True)
    _drop_backups(path)  # a swap that ended while removing the old files
    data = legacy_keys(path)
    if data is None:
        raise KnooppuntError(f"{path}: nothing to migrate (not made by an earlier Knooppunt)")
    if not path.exists():
        raise ProjectError(f"{path}: no such project file")
    try:
        data_key = _legacy_unlock(data, member, passphrase)
    except WrongPassphrase as exc:
        audit_log.log_failure(path, member, str(exc))
        raise WrongPassphrase(f"{path}: {exc}") from None
    _clear_staged(path)
    try:
        result = _write_new(path, data, data_key, member, passphrase, kdf or keyslots.DEFAULT_KDF)
    except BaseException:
        _clear_staged(path)
        raise
    _swap(path)
    return result


def _swap(path: Path) -> None:
    """Old files aside (.v1), new files in (the key file last), old files gone; each step safe to repeat."""
    staged = _staged(path)
    if staged.exists() and path.exists() and not _backup(path).exists():  # the new main file is not in yet
        os.replace(path, _backup(path))
    if key_file(path).exists() and not _backup(key_file(path)).exists():
        os.replace(key_file(path), _backup(key_file(path)))
    for file in _sidecars(path):
        file.unlink(missing_ok=True)  # the old file was closed cleanly (its WAL checkpointed); the new has none
    for new, final in _new_files(path):
        if new.exists():
            os.replace(new, final)
    _drop_backups(path)


def _drop_backups(path: Path) -> None:
    for file in (path, key_file(path)):
        backup = _backup(file)
        for p in [backup, *_sidecars(backup)]:
            p.unlink(missing_ok=True)


def _old_members(conn: Any) -> dict[str, tuple[Member, bytes]]:
    rows = conn.execute("SELECT name, role, clearance, public_key, added_by, added_at FROM legacy.members")
    out = {}
    for name, role, clearance, public, added_by, added_at in rows:
        labels = frozenset(json.loads(clearance)) & set(SECURITY_LABELS) | {BASE_LABEL}
        out[str(name)] = (Member(str(name), roles.parse_role(str(role)), labels, added_by, added_at), bytes(public))
    return out


def _write_new(path: Path, data: dict[str, Any], data_key: bytes, owner: str, passphrase: str,
               kdf: KdfParams) -> Migration:
    staged = _staged(path)
    label_keys = new_label_keys()
    result = Migration(path)
    store = SQLiteStore(staged, create=True, key=label_keys[BASE_LABEL], caller=Caller(user=owner),
                        partitions={k: v for k, v in label_keys.items() if k in SECURITY_LABELS[1:]})
    try:
        conn = store.conn
        conn.execute(f"ATTACH DATABASE ? AS legacy KEY \"x'{data_key.hex()}'\"", (str(path),))
        try:
            app_id = conn.execute("PRAGMA legacy.application_id").fetchone()[0]
        except sqlite.DatabaseError:
            raise ProjectError(f"{path}: the v1 data key does not open the project file") from None
        if app_id != APPLICATION_ID:
            raise ProjectError(f"{path}: not a Knooppunt project")
        members = _old_members(conn)
        me = members.get(owner)
        if me is None or me[0].role != "owner":
            raise PermissionDenied(f"only an owner can migrate the project; {owner!r} is not one in {path}")
        keys = _new_key_file(data, members, owner, passphrase, label_keys, kdf, result)
        signing_key = keys.unlock_signing(owner, passphrase)[1]
        assert signing_key is not None
        with store.transaction():
            _copy_records(store, result)
            _copy_tables(conn)
            for label in SECURITY_LABELS[1:]:  # the old notes and registers are in the main file: moved from
                conn.execute(f"DROP TABLE IF EXISTS {schema_of(label)}.{SIDE_TABLES_NATIVE}")  # there when opened
        conn.execute("DETACH DATABASE legacy")
        session._prepare(store)
        _sign_in(store, keys, signing_key, owner, result)
        keys.save(key_file(staged), label_keys[BASE_LABEL])
    finally:
        store.close()
    return result


def _new_key_file(data: dict[str, Any], members: Mapping[str, tuple[Member, bytes]], owner: str, passphrase: str,
                  label_keys: dict[str, bytes], kdf: KdfParams, result: Migration) -> KeyFile:
    keys = KeyFile(project_id=str(data["project"]), generation=int(data["generation"]) + 1)
    slots = data["slots"]
    for name in sorted(set(slots) | set(members)):
        if name not in slots or name not in members:
            result.dropped.append(name)
            continue
        member, public = members[name]
        grants = session.grants_for(member, label_keys)
        if name == owner:
            public = keys.add_member_secret(owner, passphrase, grants, kdf)[0]
        else:
            k = slots[name]["kdf"]
            keys.slots[name] = Slot(checked_kdf(k["memory_kib"], k["iterations"], k["lanes"]),
                                    keyslots._unb64(k["salt"]), keyslots._unb64(slots[name]["private_key"]),
                                    public, {}, {LEGACY_WRAP_FIELD: LEGACY_FORMAT})
            for label, key in grants.items():
                keys.grant(name, label, key)
            keys.seal_signing_key(name, Ed25519PrivateKey.generate())
        keys.pin(label_keys[MEMBERS_KEY], name, public)
        result.members.append(name)
    return keys


def _partition_of(ranks: Mapping[int, int], label: str, *ends: int) -> str:
    rank = max([label_rank(label), *(ranks.get(e, 0) for e in ends)])
    if rank >= len(SECURITY_LABELS):
        raise ProjectError(f"a record carries an unknown security label {label!r}")
    return SECURITY_LABELS[rank]


def _copy_records(store: SQLiteStore, result: Migration) -> None:
    """Each record into its label's file (rids offset per partition), its sources and statements with it."""
    conn = store.conn
    ranks = {int(k): label_rank(str(lab)) for k, lab in conn.execute("SELECT key, label FROM legacy.entities")}
    home: dict[int, str] = {}
    groups: dict[tuple[str, str], list[int]] = {}
    for key, label in conn.execute("SELECT key, label FROM legacy.entities"):
        home[int(key)] = _partition_of(ranks, str(label))
        groups.setdefault(("entities", home[int(key)]), []).append(int(key))
    for key, label, src, dst in conn.execute("SELECT key, label, src, dst FROM legacy.relations"):
        home[int(key)] = _partition_of(ranks, str(label), int(src), int(dst))
        groups.setdefault(("relations", home[int(key)]), []).append(int(key))
    for (table, label), keys in groups.items():
        base = label_rank(label) << RID_SHIFT
        rows = conn.execute(f"SELECT rid + ?, {_COPIED[table]}, {', '.join(META_FIELDS)} FROM legacy.{table} "
                            "WHERE key IN (SELECT value FROM json_each(?))", (base, json.dumps(keys)))
        while chunk := rows.fetchmany(5000):  # the store writes the rows of its format (lean: said interned)
            store._insert_records(conn, schema_of(label), table, chunk)
        result.records[label] = result.records.get(label, 0) + len(keys)
    _copy_by_record(store, "provenance", home, None)
    _copy_by_record(store, "statements", home, "label")
    _index(store)


def _copy_by_record(store: SQLiteStore, table: str, home: Mapping[int, str], own_label: str | None) -> None:
    """Rows about a record go with it; a statement goes higher when its own label is higher."""
    conn = store.conn
    if not conn.execute("SELECT 1 FROM legacy.sqlite_master WHERE name = ?", (table,)).fetchone():
        return
    cols = list(CLAIM_COLS[table])
    at, own = cols.index("record_id"), cols.index(own_label) if own_label else None
    groups: dict[str, list[Any]] = {}
    for row in conn.execute(f"SELECT {', '.join(cols)} FROM legacy.{table}"):
        label = home.get(int(row[at]), BASE_LABEL)
        if own is not None and label_rank(str(row[own])) > label_rank(label):
            label = _partition_of({}, str(row[own]))
        groups.setdefault(label, []).append(row)
    for label, rows in groups.items():
        insert_claims(store, conn, schema_of(label), table, rows)


def _index(store: SQLiteStore) -> None:
    """The full-text index of each partition, from its entities (what an upsert would have indexed)."""
    schema = store.schema or default_schema()
    for label in SECURITY_LABELS:
        name = schema_of(label)
        rows = []
        for rid, etype, key, caption, props in store.conn.execute(
                f"SELECT rid, type, key, caption, props FROM {name}.{store._rows(name, 'entities')}"):
            etype = entity_type_name(etype)  # a code in format 10
            if etype not in schema.entities:
                continue
            entity = Entity(id=format_id(type_prefix(etype), key), type=etype, caption=caption,
                            properties=props_of(props, caption))
            rows.append((rid, schema.search_text(entity)))
        store.conn.executemany(f"INSERT INTO {name}.entity_search(rowid, text) VALUES(?, ?)", rows)


_SKIP = {"entities", "relations", "provenance", "statements", "settings", "audit", "audit_signatures",
         "entity_rows", "relation_rows", "statement_rows", "provenance_rows", "said", "srcs",  # format 3
         "rprops"}  # format 9: the copied relations intern their props in the new files


def _copy_tables(conn: Any) -> None:
    """Every other table of the old file (members, notes, documents, registers...) as it is; then settings and
    the audit log (its chain continues over the copied entries)."""
    for name, sql in conn.execute("SELECT name, sql FROM legacy.sqlite_master WHERE type = 'table' AND sql IS NOT NULL "
                                  "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'entity_search%'").fetchall():
        if name in _SKIP or str(sql).upper().startswith("CREATE VIRTUAL"):
            continue
        if not conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = ?", (name,)).fetchone():
            conn.execute(str(sql))  # an unqualified CREATE TABLE makes it in main
        conn.execute(f"INSERT INTO main.{name} SELECT * FROM legacy.{name}")
    for (sql,) in conn.execute("SELECT sql FROM legacy.sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                               "AND tbl_name NOT IN ('entities', 'relations', 'provenance', 'statements', "
                               "'entity_rows', 'relation_rows', 'statement_rows', 'provenance_rows', 'said', 'srcs', "
                               "'rprops')"
                               ).fetchall():
        conn.execute(str(sql).replace("INDEX ", "INDEX IF NOT EXISTS ", 1))
    conn.execute("INSERT OR REPLACE INTO main.settings(key, value) SELECT key, value FROM legacy.settings "
                 "WHERE key NOT LIKE 'storage.%'")
    conn.execute("INSERT INTO main.audit(seq, at, actor, action, details, prev_hash, hash) "
                 "SELECT seq, at, actor, action, details, prev_hash, hash FROM legacy.audit ORDER BY seq")


def _sign_in(store: SQLiteStore, keys: KeyFile, signing_key: Ed25519PrivateKey, owner: str,
             result: Migration) -> None:
    """Members' keys into the table, the signed `project migrate` entry, the owner's members signature."""
    conn = store.conn
    signer = signing.Signer(owner, signing_key, keys.project_id)
    entries = store.audit_entries()
    verdict = audit_log.verify(entries, store.get_setting("audit.head"))
    result.unsigned_history, result.history_intact = len(entries), verdict.ok
    boundary = entries[-1].seq + 1 if entries else 1
    store.audit_signer = signer
    with store.transaction():
        for name in result.dropped:
            roles.delete_member(conn, name)
        for name, slot in keys.slots.items():
            conn.execute("UPDATE members SET public_key = ?, signing_key = ? WHERE name = ?",
                         (slot.public, slot.signing_public, name))
        conn.execute("INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                     "excluded.value", (signing.MIGRATED, json.dumps({"from": LEGACY_FORMAT,
                                                                       "entry": boundary})))
        store.set_setting("access.project_id", keys.project_id)
        store.audit("project migrate", signing_key=signer.public.hex(), **{
            "from": LEGACY_FORMAT, "to": keyslots.FORMAT, "at": now_iso(),
            "unsigned_history": len(entries), "history_chain": verdict.message(),
            "signing_keys": {n: s.signing_public.hex() for n, s in keys.slots.items()
                             if s.signing_public is not None and n != owner},
            "members": result.members, "dropped": result.dropped, "records": result.records,
            "owners": sorted(r[0] for r in conn.execute("SELECT name FROM members WHERE role = 'owner'"))})
        signing.sign_members(conn, signer)


def cleanup_staged(path: Path) -> None:
    """Remove what an interrupted migration left under the staged names (the old files stay)."""
    with contextlib.suppress(OSError):
        _clear_staged(path)
