"""Key slots: the sidecar file `<project>.knp.keys` that lets each member open the project.

LUKS-style, with one twist so that a removed member can be locked out without knowing
the other members' passphrases:

* every project has a random 32-byte **data key**; SQLCipher encrypts every page with it;
* every member has an X25519 key pair. The private key is wrapped (AES-256-GCM) under a
  key derived from the member's passphrase with **Argon2id** (parameters stored per slot,
  default >= 0.25 s per attempt on the reference machine, see `bench/bench_access.py`);
* the data key is **sealed** to each member's public key with HPKE (RFC 9180, X25519 +
  HKDF-SHA256 + AES-256-GCM, from `cryptography`).

Rotating the data key therefore only needs the members' *public* keys, which live inside
the encrypted database (members table), never trusted from this file. A removed member
keeps only their own private key and the old data key: neither opens the new generation.

The sidecar holds no names of records and no roles; it is integrity-protected by an
HMAC keyed from the data key (checked after every unlock), and every wrapped value is
bound (AEAD associated data / HPKE info) to the project id, the member name and the key
generation, so slots cannot be swapped between members or replayed from an older file.
Member names are visible in it (they pick the slot before anything is decrypted).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hpke, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from graph.errors import KnooppuntError, ProjectError

FORMAT = "knooppunt-keys/1"
KEY_SUFFIX = ".keys"
PENDING_SUFFIX = ".keys.pending"
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


class WrongPassphrase(KnooppuntError):
    """The passphrase does not open the member's slot (or the slot was altered)."""


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost. The default takes about 0.35 s per attempt on the 2-core reference machine."""

    memory_kib: int = 131072
    iterations: int = 4
    lanes: int = 1

    def derive(self, passphrase: str, salt: bytes) -> bytes:
        return Argon2id(salt=salt, length=32, iterations=self.iterations, lanes=self.lanes,
                        memory_cost=self.memory_kib).derive(passphrase.encode("utf-8"))


DEFAULT_KDF = KdfParams()
# Bounds on parameters read from a key file: a tampered file must not make an unlock hang for
# hours or exhaust memory (issue 11, item 7). 4 GiB, 64 passes and 16 lanes are far above any
# sensible cost; Argon2 itself needs memory >= 8 KiB per lane.
KDF_LIMITS = {"memory_kib": (8, 4 * 1024 * 1024), "iterations": (1, 64), "lanes": (1, 16)}


def checked_kdf(memory_kib: object, iterations: object, lanes: object) -> KdfParams:
    """KDF parameters from a key file, refused (one line) outside KDF_LIMITS."""
    values: dict[str, int] = {}
    for name, value in (("memory_kib", memory_kib), ("iterations", iterations), ("lanes", lanes)):
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ProjectError(f"key file: KDF parameter {name} is not a number ({value!r})")
        number = int(value)
        low, high = KDF_LIMITS[name]
        if not low <= number <= high:
            raise ProjectError(f"key file: KDF parameter {name}={number} is outside {low}..{high} "
                               "(damaged or tampered key file)")
        values[name] = number
    if values["memory_kib"] < 8 * values["lanes"]:
        raise ProjectError(f"key file: KDF memory_kib={values['memory_kib']} is below 8 KiB per lane")
    return KdfParams(values["memory_kib"], values["iterations"], values["lanes"])


def key_file(project: Path) -> Path:
    return project.with_name(project.name + KEY_SUFFIX)


def pending_file(project: Path) -> Path:
    return project.with_name(project.name + PENDING_SUFFIX)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def new_data_key() -> bytes:
    return os.urandom(32)


@dataclass(slots=True)
class Slot:
    """One member's way in: their wrapped private key and the data key sealed to them."""

    kdf: KdfParams
    salt: bytes
    wrapped_private: bytes  # nonce (12) + AES-GCM ciphertext of the raw X25519 private key
    sealed_key: bytes  # HPKE ciphertext of the data key
    # The member's Ed25519 signing key (audit entries, the members table), wrapped under the same
    # passphrase-derived key; its public half is also kept in the (signed) members table.
    wrapped_signing: bytes | None = None  # nonce (12) + AES-GCM ciphertext of the raw Ed25519 private key
    signing_public: bytes | None = None

    def to_json(self) -> dict[str, Any]:
        out = {"kdf": {"name": "argon2id", "memory_kib": self.kdf.memory_kib, "iterations": self.kdf.iterations,
                       "lanes": self.kdf.lanes, "salt": _b64(self.salt)},
               "private_key": _b64(self.wrapped_private), "sealed_key": _b64(self.sealed_key)}
        if self.wrapped_signing is not None and self.signing_public is not None:
            out["signing_key"] = _b64(self.wrapped_signing)
            out["signing_public"] = _b64(self.signing_public)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Slot:
        k = data["kdf"]
        if k.get("name") != "argon2id":
            raise ProjectError(f"unsupported key derivation {k.get('name')!r}")
        signing = data.get("signing_key")
        public = data.get("signing_public")
        return cls(checked_kdf(k["memory_kib"], k["iterations"], k["lanes"]), _unb64(k["salt"]),
                   _unb64(data["private_key"]), _unb64(data["sealed_key"]),
                   _unb64(signing) if signing else None, _unb64(public) if public else None)


@dataclass(slots=True)
class KeyFile:
    """The parsed sidecar. `save()` writes it atomically with a fresh MAC."""

    project_id: str
    generation: int = 1
    slots: dict[str, Slot] = field(default_factory=dict)
    mac: str = ""
    loaded: dict[str, Any] | None = None  # the file as read: the MAC is checked over exactly this

    # -- (de)serialisation --------------------------------------------------------------------
    def _body(self) -> dict[str, Any]:
        return {"format": FORMAT, "project": self.project_id, "generation": self.generation,
                "cipher": "SQLCipher 4 (AES-256, HMAC-SHA512 per page)",
                "slots": {name: slot.to_json() for name, slot in sorted(self.slots.items())}}

    def _mac_for(self, data_key: bytes, fields: dict[str, Any] | None = None) -> str:
        fields = self._body() if fields is None else {k: v for k, v in fields.items() if k != "mac"}
        body = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
        return hmac.new(_subkey(data_key, b"knooppunt keyfile mac"), body, hashlib.sha256).hexdigest()

    def save(self, path: Path, data_key: bytes) -> None:
        self.mac = self._mac_for(data_key)
        data = {**self._body(), "mac": self.mac}
        self.loaded = data
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ProjectError(f"{path}: not a Knooppunt key file (format {data.get('format')!r})")
            return cls(str(data["project"]), int(data["generation"]),
                       {str(n): Slot.from_json(s) for n, s in data["slots"].items()}, str(data.get("mac", "")),
                       data)
        except FileNotFoundError:
            raise ProjectError(f"{path}: key file missing; the project cannot be unlocked without it") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise ProjectError(f"{path}: damaged key file ({exc.__class__.__name__}: {exc})") from None

    def check_mac(self, path: Path, data_key: bytes) -> None:
        """After an unlock: the file must be exactly as a key holder wrote it."""
        if not hmac.compare_digest(self.mac, self._mac_for(data_key, self.loaded)):
            raise ProjectError(f"{path}: key file was altered outside Knooppunt (MAC mismatch)")

    # -- slots ------------------------------------------------------------------------------
    def _aad(self, member: str, what: str) -> bytes:
        return json.dumps([FORMAT, self.project_id, member, what]).encode()

    def _info(self, member: str) -> bytes:
        return json.dumps([FORMAT, self.project_id, member, self.generation, "data key"]).encode()

    def add_member(self, member: str, passphrase: str, data_key: bytes, kdf: KdfParams = DEFAULT_KDF) -> bytes:
        """A new slot for member; returns their raw public key (to keep inside the database)."""
        if not passphrase:
            raise KnooppuntError(f"empty passphrase for member {member!r}")
        private = X25519PrivateKey.generate()
        salt = os.urandom(16)
        kek = kdf.derive(passphrase, salt)
        nonce = os.urandom(12)
        raw_private = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                            serialization.NoEncryption())
        wrapped = nonce + AESGCM(kek).encrypt(nonce, raw_private, self._aad(member, "private key"))
        public = private.public_key()
        self.slots[member] = Slot(kdf, salt, wrapped, _SUITE.encrypt(data_key, public, info=self._info(member)))
        self._new_signing_key(member, kek)
        return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    def _new_signing_key(self, member: str, kek: bytes, signing: Ed25519PrivateKey | None = None) -> None:
        signing = signing or Ed25519PrivateKey.generate()
        nonce = os.urandom(12)
        raw = signing.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                    serialization.NoEncryption())
        slot = self.slots[member]
        slot.wrapped_signing = nonce + AESGCM(kek).encrypt(nonce, raw, self._aad(member, "signing key"))
        slot.signing_public = signing.public_key().public_bytes(serialization.Encoding.Raw,
                                                                serialization.PublicFormat.Raw)

    def open_slot(self, member: str, passphrase: str) -> tuple[bytes, Ed25519PrivateKey | None]:
        """The data key and the member's signing key (None for a slot made before signing keys),
        from one key derivation."""
        slot = self.slots.get(member)
        if slot is None:
            raise WrongPassphrase(f"{member!r} is not a member of this project")
        kek = slot.kdf.derive(passphrase, slot.salt)
        data_key = self._data_key(member, self._unwrap_private(member, kek))
        signing = None
        if slot.wrapped_signing is not None:
            try:
                raw = AESGCM(kek).decrypt(slot.wrapped_signing[:12], slot.wrapped_signing[12:],
                                          self._aad(member, "signing key"))
            except InvalidTag:
                raise WrongPassphrase(f"signing key of member {member!r} does not open (altered key file?)") from None
            signing = Ed25519PrivateKey.from_private_bytes(raw)
        return data_key, signing

    def _unwrap_private(self, member: str, kek: bytes) -> X25519PrivateKey:
        slot = self.slots[member]
        try:
            raw = AESGCM(kek).decrypt(slot.wrapped_private[:12], slot.wrapped_private[12:],
                                      self._aad(member, "private key"))
        except InvalidTag:
            raise WrongPassphrase(f"wrong passphrase for member {member!r}") from None
        return X25519PrivateKey.from_private_bytes(raw)

    def _data_key(self, member: str, private: X25519PrivateKey) -> bytes:
        try:
            return _SUITE.decrypt(self.slots[member].sealed_key, private, info=self._info(member))
        except InvalidTag:
            raise WrongPassphrase(f"key slot of member {member!r} does not open (altered key file?)") from None

    def private_key(self, member: str, passphrase: str) -> X25519PrivateKey:
        slot = self.slots.get(member)
        if slot is None:
            raise WrongPassphrase(f"{member!r} is not a member of this project")
        kek = slot.kdf.derive(passphrase, slot.salt)
        try:
            raw = AESGCM(kek).decrypt(slot.wrapped_private[:12], slot.wrapped_private[12:],
                                      self._aad(member, "private key"))
        except InvalidTag:
            raise WrongPassphrase(f"wrong passphrase for member {member!r}") from None
        return X25519PrivateKey.from_private_bytes(raw)

    def unlock(self, member: str, passphrase: str) -> bytes:
        """The data key, from member's passphrase; WrongPassphrase when it does not fit."""
        private = self.private_key(member, passphrase)
        try:
            return _SUITE.decrypt(self.slots[member].sealed_key, private, info=self._info(member))
        except InvalidTag:
            raise WrongPassphrase(f"key slot of member {member!r} does not open (altered key file?)") from None

    def change_passphrase(self, member: str, old: str, new: str, kdf: KdfParams = DEFAULT_KDF) -> None:
        private = self.private_key(member, old)
        signing = self.open_slot(member, old)[1]
        salt, nonce = os.urandom(16), os.urandom(12)
        raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                    serialization.NoEncryption())
        slot = self.slots[member]
        slot.kdf, slot.salt = kdf, salt
        kek = kdf.derive(new, salt)
        slot.wrapped_private = nonce + AESGCM(kek).encrypt(nonce, raw, self._aad(member, "private key"))
        if signing is not None:
            self._new_signing_key(member, kek, signing)

    def rotated(self, new_key: bytes, public_keys: dict[str, bytes]) -> KeyFile:
        """The next generation: the new data key sealed to each remaining member's public key.

        public_keys come from the encrypted database, not from this file; slots of members
        missing from it are dropped.
        """
        nxt = KeyFile(self.project_id, self.generation + 1)
        for member, public in sorted(public_keys.items()):
            old = self.slots.get(member)
            if old is None:
                continue
            pub = X25519PublicKey.from_public_bytes(public)
            nxt.slots[member] = Slot(old.kdf, old.salt, old.wrapped_private,
                                     _SUITE.encrypt(new_key, pub, info=nxt._info(member)),
                                     old.wrapped_signing, old.signing_public)
        return nxt


def new_key_file() -> KeyFile:
    return KeyFile(project_id=str(uuid.uuid4()))


def _subkey(data_key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(data_key)
