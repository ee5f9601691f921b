"""Key slots: the sidecar file `<project>.knp.keys` that lets each member open the project.

The key hierarchy (clearance enforced by cryptography, issue 11):

* every **security label** has its own random 32-byte key; the records of a label live in
  their own SQLCipher file encrypted under it (`open` in `name.knp`, the others in
  `name.knp.<label>`, see `graph.stores.sqlite_store`). A member holds the keys of the
  labels of their clearance and no others;
* owners also hold the **members key**: it pins every member's public key (an HMAC in
  this file), so a member who swaps another member's public key in the members table
  (to be sealed the next keys) is caught at the next rotation;
* every member has an X25519 key pair. The private key -- the member's own secret, and
  the only thing "remember on this computer" stores -- is wrapped (AES-256-GCM) under a
  key derived from the member's passphrase with **Argon2id**;
* every member also has an Ed25519 **signing key** (audit entries, the members table),
  wrapped under the same passphrase-derived key in the slot fields `signing_key` /
  `signing_public` (its public half is also in the owner-signed members table);
* the member's label keys are **sealed** to their public key with HPKE (RFC 9180, X25519
  + HKDF-SHA256 + AES-256-GCM), bound to the project id, member name and generation.

Rotation and clearance changes therefore need only public keys: a new label key is
sealed to each remaining member cleared for it, and only the files of the labels that
changed are re-encrypted.

Format: a versioned JSON object; each slot is a dict of fields. Fields this module does
not know (e.g. a member's signing key) are kept as they are through load, rotation and
save, so other parts can add their own beside ours. The whole file carries an HMAC keyed
from the `open` label key (every member has it; checked after every unlock).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import uuid
from collections.abc import Iterable, Mapping
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

from graph.access import untrusted
from graph.errors import KnooppuntError, ProjectError
from graph.model import SECURITY_LABELS

FORMAT = "knooppunt-keys/2"
KEY_SUFFIX = ".keys"
PENDING_SUFFIX = ".keys.pending"
MEMBERS_KEY = "members"  # the owners' pinning key, beside the label keys in a slot
BASE_LABEL = "open"  # its key opens the main file; every member holds it
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
# Bounds on parameters read from a key file: a tampered file must not make an unlock hang for
# hours or exhaust memory (issue 11, item 7). Argon2 itself needs memory >= 8 KiB per lane.
KDF_LIMITS = {"memory_kib": (8, 4 * 1024 * 1024), "iterations": (1, 64), "lanes": (1, 16)}
SIGNING_FIELD, SIGNING_PUBLIC_FIELD = "signing_key", "signing_public"  # slot fields (kept in Slot.extra)
# Slots carried over from a key file v1 by `graph.access.migrate` (the member was not there to
# type a passphrase): the private key keeps the v1 wrapping (its AEAD data names the v1 format)
# and the signing key made at migration is sealed to the member's public key, until the member
# next changes their passphrase (then both are wrapped as any other slot's).
LEGACY_WRAP_FIELD, SEALED_SIGNING_FIELD = "private_key_format", "signing_key_sealed"


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


def new_label_keys(labels: tuple[str, ...] = SECURITY_LABELS) -> dict[str, bytes]:
    """A fresh key per label plus the members key: what a new project's owner holds."""
    return {**{label: new_data_key() for label in labels}, MEMBERS_KEY: new_data_key()}


def raw_private(private: X25519PrivateKey) -> bytes:
    return private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                 serialization.NoEncryption())


def raw_public(public: X25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def checked_kdf(memory_kib: object, iterations: object, lanes: object) -> KdfParams:
    """KDF parameters from a key file, refused (one line) outside KDF_LIMITS."""
    values: dict[str, int] = {}
    for name, value in (("memory_kib", memory_kib), ("iterations", iterations), ("lanes", lanes)):
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ProjectError(f"key file: KDF parameter {name} is not a number ({value!r})")
        number = int(value)
        low, high = KDF_LIMITS[name]
        if not low <= number <= high:  # a tampered file must not hang or exhaust the machine
            raise ProjectError(f"key file: KDF parameter {name}={number} is outside {low}..{high} "
                               "(damaged or tampered key file)")
        values[name] = number
    if values["memory_kib"] < 8 * values["lanes"]:
        raise ProjectError(f"key file: KDF memory_kib={values['memory_kib']} is below 8 KiB per lane")
    return KdfParams(values["memory_kib"], values["iterations"], values["lanes"])


def _kdf_from(data: Mapping[str, Any]) -> KdfParams:
    if data.get("name") != "argon2id":
        raise ProjectError(f"unsupported key derivation {data.get('name')!r}")
    return checked_kdf(data["memory_kib"], data["iterations"], data["lanes"])


@dataclass(slots=True)
class Slot:
    """One member's way in: the wrapped private key, the public key, the sealed label keys.

    `extra` keeps fields added by other parts (e.g. a signing key) through every rewrite.
    """

    kdf: KdfParams
    salt: bytes
    wrapped_private: bytes  # nonce (12) + AES-GCM ciphertext of the raw X25519 private key
    public: bytes  # raw X25519 public key (the pin in `KeyFile.pins` vouches for it)
    sealed: dict[str, bytes]  # label (or "members") -> HPKE ciphertext of its key, one per key held
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {**self.extra,
                "kdf": {"name": "argon2id", "memory_kib": self.kdf.memory_kib, "iterations": self.kdf.iterations,
                        "lanes": self.kdf.lanes, "salt": _b64(self.salt)},
                "private_key": _b64(self.wrapped_private), "public_key": _b64(self.public),
                "sealed_keys": {name: _b64(ct) for name, ct in sorted(self.sealed.items())}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Slot:
        known = {"kdf", "private_key", "public_key", "sealed_keys"}
        return cls(_kdf_from(data["kdf"]), _unb64(data["kdf"]["salt"]), _unb64(data["private_key"]),
                   _unb64(data["public_key"]), {str(n): _unb64(ct) for n, ct in data["sealed_keys"].items()},
                   {k: v for k, v in data.items() if k not in known})

    @property
    def signing_public(self) -> bytes | None:
        """The member's raw Ed25519 public key (None for a slot made before signing keys)."""
        value = self.extra.get(SIGNING_PUBLIC_FIELD)
        return _unb64(value) if isinstance(value, str) else None


@dataclass(slots=True)
class KeyFile:
    """The parsed sidecar. `save()` writes it atomically with a fresh MAC."""

    project_id: str
    generation: int = 1
    slots: dict[str, Slot] = field(default_factory=dict)
    key_generations: dict[str, int] = field(default_factory=dict)  # label -> times its key was replaced + 1
    pins: dict[str, str] = field(default_factory=dict)  # member -> HMAC(members key, public key)
    mac: str = ""
    loaded: dict[str, Any] | None = None  # the file as read: the MAC is checked over exactly this
    extra: dict[str, Any] = field(default_factory=dict)  # top-level fields other parts added

    # -- (de)serialisation --------------------------------------------------------------------
    def _body(self) -> dict[str, Any]:
        return {**self.extra, "format": FORMAT, "project": self.project_id, "generation": self.generation,
                "cipher": "SQLCipher 4 (AES-256, HMAC-SHA512 per page), one file and key per security label",
                "slots": {name: slot.to_json() for name, slot in sorted(self.slots.items())},
                "key_generations": dict(sorted(self.key_generations.items())),
                "pins": dict(sorted(self.pins.items()))}

    def _mac_for(self, base_key: bytes, fields: dict[str, Any] | None = None) -> str:
        fields = self._body() if fields is None else {k: v for k, v in fields.items() if k != "mac"}
        body = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
        return hmac.new(_subkey(base_key, b"knooppunt keyfile mac"), body, hashlib.sha256).hexdigest()

    def save(self, path: Path, base_key: bytes) -> None:
        """Atomic replace (tmp, fsync, rename), mode 600; `base_key` is the `open` label key."""
        self.mac = self._mac_for(base_key)
        data = {**self._body(), "mac": self.mac}
        self.loaded = data
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            data = untrusted.loads(path.read_text(encoding="utf-8"))  # anyone who can write the folder wrote it
            if not isinstance(data, dict):
                raise ProjectError(f"{path}: not a Knooppunt key file")
            if data.get("format") == "knooppunt-keys/1":
                raise ProjectError(f"{path}: made by an earlier Knooppunt (one data key for every label, "
                                   f"unsigned members and audit log); an owner runs `knooppunt project migrate`")
            if data.get("format") != FORMAT:
                raise ProjectError(f"{path}: not a Knooppunt key file (format {data.get('format')!r})")
            known = {"format", "project", "generation", "cipher", "slots", "key_generations", "pins", "mac"}
            return cls(str(data["project"]), int(data["generation"]),
                       {str(n): Slot.from_json(s) for n, s in data["slots"].items()},
                       {str(n): int(g) for n, g in data["key_generations"].items()},
                       {str(n): str(p) for n, p in data.get("pins", {}).items()}, str(data.get("mac", "")),
                       data, {k: v for k, v in data.items() if k not in known})
        except FileNotFoundError:
            raise ProjectError(f"{path}: key file missing; the project cannot be unlocked without it") from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ProjectError(f"{path}: damaged key file ({exc.__class__.__name__}: {exc})") from None

    def check_mac(self, path: Path, base_key: bytes) -> None:
        """After an unlock: the file must be exactly as a key holder wrote it."""
        if not hmac.compare_digest(self.mac, self._mac_for(base_key, self.loaded)):
            raise ProjectError(f"{path}: key file was altered outside Knooppunt (MAC mismatch)")

    # -- slots ------------------------------------------------------------------------------
    def _aad(self, member: str, what: str) -> bytes:
        return json.dumps([FORMAT, self.project_id, member, what]).encode()

    def _info(self, member: str, name: str) -> bytes:
        return json.dumps([FORMAT, self.project_id, member, name, self.key_generations.get(name, 1)]).encode()

    def grant(self, member: str, name: str, key: bytes) -> None:
        """Seal one key (a label's, or the members key) to member: no passphrase needed."""
        slot = self.slots[member]
        self.key_generations.setdefault(name, 1)
        slot.sealed[name] = _SUITE.encrypt(key, X25519PublicKey.from_public_bytes(slot.public),
                                           info=self._info(member, name))

    def revoke(self, member: str, name: str) -> None:
        """Drop a sealed key from member's slot (the key itself must be rotated too: they may have kept it)."""
        self.slots[member].sealed.pop(name, None)

    def add_member(self, member: str, passphrase: str, keys: Mapping[str, bytes],
                   kdf: KdfParams = DEFAULT_KDF) -> bytes:
        """A new slot for member holding `keys` (their clearance); returns their raw public key."""
        return self.add_member_secret(member, passphrase, keys, kdf)[0]

    def add_member_secret(self, member: str, passphrase: str, keys: Mapping[str, bytes],
                          kdf: KdfParams = DEFAULT_KDF) -> tuple[bytes, bytes]:
        """Like `add_member`, also returning the new raw private key (the member's secret).

        The slot also gets a new Ed25519 signing key, wrapped under the same passphrase key.
        """
        if not passphrase:
            raise KnooppuntError(f"empty passphrase for member {member!r}")
        private = X25519PrivateKey.generate()
        salt, nonce = os.urandom(16), os.urandom(12)
        kek = kdf.derive(passphrase, salt)
        wrapped = nonce + AESGCM(kek).encrypt(nonce, raw_private(private), self._aad(member, "private key"))
        public = raw_public(private.public_key())
        self.slots[member] = Slot(kdf, salt, wrapped, public, {})
        self._wrap_signing_key(member, kek, Ed25519PrivateKey.generate())
        for name, key in keys.items():
            self.grant(member, name, key)
        return public, raw_private(private)

    def _wrap_signing_key(self, member: str, kek: bytes, signing: Ed25519PrivateKey) -> None:
        nonce = os.urandom(12)
        raw = signing.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                    serialization.NoEncryption())
        slot = self.slots[member]
        slot.extra[SIGNING_FIELD] = _b64(nonce + AESGCM(kek).encrypt(nonce, raw, self._aad(member, "signing key")))
        slot.extra[SIGNING_PUBLIC_FIELD] = _b64(signing.public_key().public_bytes(serialization.Encoding.Raw,
                                                                                  serialization.PublicFormat.Raw))

    def _unwrap_signing_key(self, member: str, kek: bytes, private: X25519PrivateKey) -> Ed25519PrivateKey | None:
        extra = self.slots[member].extra
        wrapped, sealed = extra.get(SIGNING_FIELD), extra.get(SEALED_SIGNING_FIELD)
        try:
            if isinstance(wrapped, str):
                blob = _unb64(wrapped)
                raw = AESGCM(kek).decrypt(blob[:12], blob[12:], self._aad(member, "signing key"))
            elif isinstance(sealed, str):  # made at a migration, sealed to this member's public key
                raw = _SUITE.decrypt(_unb64(sealed), private, info=self._aad(member, "signing key"))
            else:
                return None  # a slot made before signing keys
            return Ed25519PrivateKey.from_private_bytes(raw)
        except (InvalidTag, ValueError):
            raise WrongPassphrase(f"signing key of member {member!r} does not open (altered key file?)") from None

    def seal_signing_key(self, member: str, signing: Ed25519PrivateKey) -> None:
        """Give a member who is not here to type a passphrase a signing key, sealed to their public key."""
        slot = self.slots[member]
        raw = signing.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                    serialization.NoEncryption())
        slot.extra.pop(SIGNING_FIELD, None)
        slot.extra[SEALED_SIGNING_FIELD] = _b64(_SUITE.encrypt(raw, X25519PublicKey.from_public_bytes(slot.public),
                                                               info=self._aad(member, "signing key")))
        slot.extra[SIGNING_PUBLIC_FIELD] = _b64(signing.public_key().public_bytes(serialization.Encoding.Raw,
                                                                                  serialization.PublicFormat.Raw))

    def private_key(self, member: str, passphrase: str) -> X25519PrivateKey:
        return self._unwrap(member, passphrase)[0]

    def _unwrap(self, member: str, passphrase: str) -> tuple[X25519PrivateKey, bytes]:
        """The member's private key and the passphrase-derived key (one derivation)."""
        slot = self.slots.get(member)
        if slot is None:
            raise WrongPassphrase(f"{member!r} is not a member of this project")
        kek = slot.kdf.derive(passphrase, slot.salt)
        wrapping = slot.extra.get(LEGACY_WRAP_FIELD, FORMAT)  # a slot carried over from a v1 key file
        aad = json.dumps([str(wrapping), self.project_id, member, "private key"]).encode()
        try:
            raw = AESGCM(kek).decrypt(slot.wrapped_private[:12], slot.wrapped_private[12:], aad)
        except InvalidTag:
            raise WrongPassphrase(f"wrong passphrase for member {member!r}") from None
        return X25519PrivateKey.from_private_bytes(raw), kek

    def open_slot(self, member: str, secret: bytes) -> dict[str, bytes]:
        """The keys sealed to `member` ({label: key}, plus "members" for owners), opened with their secret.

        A secret of another member (a keyring entry with an edited name) does not open it.
        """
        slot = self.slots.get(member)
        if slot is None:
            raise WrongPassphrase(f"{member!r} is not a member of this project")
        try:
            private = X25519PrivateKey.from_private_bytes(secret)
        except ValueError:
            raise WrongPassphrase(f"the key for member {member!r} is not a member key") from None
        if not hmac.compare_digest(raw_public(private.public_key()), slot.public):
            raise WrongPassphrase(f"the key given is not the key of member {member!r}")
        keys = {}
        for name, sealed in slot.sealed.items():
            try:
                keys[name] = _SUITE.decrypt(sealed, private, info=self._info(member, name))
            except InvalidTag:
                raise WrongPassphrase(f"key slot of member {member!r} does not open "
                                      f"(altered key file?)") from None
        if BASE_LABEL not in keys:
            raise ProjectError(f"key slot of member {member!r} holds no key of the main file")
        return keys

    def unlock(self, member: str, passphrase: str) -> bytes:
        """The member's own secret (raw private key) from their passphrase, checked against their slot."""
        return self.unlock_signing(member, passphrase)[0]

    def unlock_signing(self, member: str, passphrase: str) -> tuple[bytes, Ed25519PrivateKey | None]:
        """The member's secret and their signing key (None for a slot made before signing keys),
        from one key derivation."""
        private, kek = self._unwrap(member, passphrase)
        secret = raw_private(private)
        self.open_slot(member, secret)
        return secret, self._unwrap_signing_key(member, kek, private)

    def change_passphrase(self, member: str, old: str, new: str, kdf: KdfParams = DEFAULT_KDF) -> None:
        private, old_kek = self._unwrap(member, old)
        signing = self._unwrap_signing_key(member, old_kek, private)
        salt, nonce = os.urandom(16), os.urandom(12)
        slot = self.slots[member]
        slot.extra.pop(LEGACY_WRAP_FIELD, None)  # wrapped as today's slots from now on
        slot.extra.pop(SEALED_SIGNING_FIELD, None)
        slot.kdf, slot.salt = kdf, salt
        kek = kdf.derive(new, salt)
        slot.wrapped_private = nonce + AESGCM(kek).encrypt(nonce, raw_private(private),
                                                           self._aad(member, "private key"))
        if signing is not None:
            self._wrap_signing_key(member, kek, signing)

    # -- pins ---------------------------------------------------------------------------------
    def _pin_value(self, members_key: bytes, member: str, public: bytes) -> str:
        body = json.dumps([FORMAT, self.project_id, member, public.hex()]).encode()
        return hmac.new(_subkey(members_key, b"knooppunt public key pin"), body, hashlib.sha256).hexdigest()

    def pin(self, members_key: bytes, member: str, public: bytes) -> None:
        self.pins[member] = self._pin_value(members_key, member, public)

    def pinned(self, members_key: bytes, member: str, public: bytes) -> bool:
        """Whether `public` carries the owners' pin for member."""
        pinned = self.pins.get(member)
        return pinned is not None and hmac.compare_digest(pinned, self._pin_value(members_key, member, public))

    def rotated(self, new_keys: Mapping[str, bytes], holders: Mapping[str, Iterable[str]],
                drop: Iterable[str] = (), publics: Mapping[str, bytes] | None = None) -> KeyFile:
        """The next generation: each key in `new_keys` replaced and sealed to its `holders` only.

        Sealed entries of keys that do not change are copied as they are (nothing else is
        re-sealed); the slots of members in `drop` go. New keys are sealed to `publics`
        (the pinned public keys the caller established) or else to the slots' own.
        """
        gone = set(drop)
        nxt = KeyFile(self.project_id, self.generation + 1, key_generations=dict(self.key_generations),
                      extra=dict(self.extra))
        for name in new_keys:
            nxt.key_generations[name] = self.key_generations.get(name, 1) + 1
        for member, old in sorted(self.slots.items()):
            if member in gone:
                continue
            public = (publics or {}).get(member, old.public)
            nxt.slots[member] = Slot(old.kdf, old.salt, old.wrapped_private, public,
                                     {n: ct for n, ct in old.sealed.items() if n not in new_keys}, dict(old.extra))
            if member in self.pins:
                nxt.pins[member] = self.pins[member]
        for name, key in new_keys.items():
            for member in holders.get(name, ()):
                if member in nxt.slots:
                    nxt.grant(member, name, key)
        return nxt


def new_key_file() -> KeyFile:
    return KeyFile(project_id=str(uuid.uuid4()))


def _subkey(key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(key)
