"""A project as Knooppunt wrote it before partitions and signing (key file `knooppunt-keys/1`).

The old code path (git 8b4c7b8, graph/access/keyslots.py and session.py), reduced to what
writes the files: one SQLCipher file (WAL) under one data key holding every label, a
members table without signing keys, an unsigned hash-chained audit log, and a key file
whose slots hold an Argon2id-wrapped X25519 key and the data key sealed to it (HPKE).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from pathlib import Path

from cryptography.hazmat.primitives import hashes, hpke, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from graph.access import audit as audit_log
from graph.access.keyslots import KdfParams
from graph.model import Entity, Relation
from graph.store import Caller
from graph.stores.sqlite_store import SQLiteStore

FORMAT = "knooppunt-keys/1"
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
V1_MEMBERS_DDL = """CREATE TABLE IF NOT EXISTS members(
  name TEXT PRIMARY KEY, role TEXT NOT NULL, clearance TEXT NOT NULL, public_key BLOB NOT NULL,
  added_by TEXT, added_at TEXT, updated_at TEXT)"""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _slot(project: str, generation: int, member: str, passphrase: str, data_key: bytes,
          kdf: KdfParams) -> tuple[dict[str, object], bytes]:
    private = X25519PrivateKey.generate()
    salt, nonce = os.urandom(16), os.urandom(12)
    kek = kdf.derive(passphrase, salt)
    raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    aad = json.dumps([FORMAT, project, member, "private key"]).encode()
    info = json.dumps([FORMAT, project, member, generation, "data key"]).encode()
    public = private.public_key()
    slot = {"kdf": {"name": "argon2id", "memory_kib": kdf.memory_kib, "iterations": kdf.iterations,
                    "lanes": kdf.lanes, "salt": _b64(salt)},
            "private_key": _b64(nonce + AESGCM(kek).encrypt(nonce, raw, aad)),
            "sealed_key": _b64(_SUITE.encrypt(data_key, public, info=info))}
    return slot, public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def write_v1(path: Path, members: dict[str, tuple[str, list[str], str]], kdf: KdfParams,
             entities: list[Entity], relations: list[Relation]) -> bytes:
    """Write a v1 project; `members`: name -> (role, clearance, passphrase), the first is the creator.

    Returns the v1 data key (what every member held).
    """
    data_key, project, generation = os.urandom(32), "v1-project-0001", 1
    creator = next(iter(members))
    store = SQLiteStore(path, create=True, key=data_key, caller=Caller(user=creator))
    slots = {}
    with store.transaction():
        store.conn.execute(V1_MEMBERS_DDL)
        audit_log.install(store.conn)
        store.set_setting("name", "old case")
        store.set_setting("owner", creator)
        store.set_setting("access.project_id", project)
        store.audit("project create", name="old case", owner=creator)
        for name, (role, clearance, passphrase) in members.items():
            slots[name], public = _slot(project, generation, name, passphrase, data_key, kdf)
            store.conn.execute("INSERT INTO members(name, role, clearance, public_key, added_by, added_at) "
                               "VALUES(?,?,?,?,?,?)", (name, role, json.dumps(sorted(clearance)), public, creator,
                                                       "2026-01-05T10:00:00Z"))
            if name != creator:
                store.audit("member add", member=name, role=role)
        store.upsert_entities(entities)
        store.upsert_relations(relations)
        store.audit("import", entities=len(entities), relations=len(relations))
    store.close()
    body = {"format": FORMAT, "project": project, "generation": generation,
            "cipher": "SQLCipher 4 (AES-256, HMAC-SHA512 per page)", "slots": slots}
    subkey = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"knooppunt keyfile mac").derive(data_key)
    mac = hmac.new(subkey, json.dumps(body, sort_keys=True, separators=(",", ":")).encode(), hashlib.sha256)
    keys = path.with_name(path.name + ".keys")
    keys.write_text(json.dumps({**body, "mac": mac.hexdigest()}, indent=1, sort_keys=True), encoding="utf-8")
    os.chmod(keys, 0o600)
    os.chmod(path, 0o600)
    return data_key
