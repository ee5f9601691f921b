""""Remember on this computer": the member's own secret in the OS keyring, never in a file.

`knooppunt unlock --remember` stores, under service ``knooppunt`` and the project's id
(from the key file, so moving the project keeps the entry), the member's name, the key
generation and the member's **own secret** (their raw private key, `ProjectKeys.data_key`)
-- never a label key. The secret opens only that member's slot, so editing the name in
the entry opens nothing (another member's slot is sealed to another key pair). A key
rotation does not change a member's secret; removal does make it useless. `knooppunt
lock` deletes the entry; an entry that no longer opens the project is dropped and the
caller falls back to a passphrase.

Only a keyring that keeps secrets encrypted by the OS is used: plain-text and "alt"
backends (`keyrings.alt`), the fail/null backends, and a chainer that includes any of
them are refused with one line (`InsecureKeyring`). Tests register their own in-memory
backend (`tests.sandbox.MemoryKeyring`); nothing here chooses a backend.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import keyring
import keyring.errors
from keyring.backends.chainer import ChainerBackend

from graph.errors import KnooppuntError

SERVICE = "knooppunt"


# Backends that keep secrets in plain text or not at all (module prefixes).
INSECURE_MODULES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")
NO_KEYRING_MODULES = ("keyring.backends.fail", "keyring.backends.null")  # no keyring: nothing kept


class InsecureKeyring(KnooppuntError):
    """The keyring backend would keep the secret in plain text (or not at all)."""


@dataclass(frozen=True, slots=True)
class Remembered:
    member: str
    generation: int
    data_key: bytes  # the member's own secret (see module docstring), not a label key
    signing_key: bytes | None = None  # the member's own Ed25519 signing key (raw), so entries stay signed


def _backends(ring: Any) -> list[Any]:
    """The backends a secret may end up in: a chainer falls through to each of its own."""
    if isinstance(ring, ChainerBackend):
        return list(ring.backends)
    return [ring]


def insecure_reason(ring: Any | None = None) -> str | None:
    """Why the (current) keyring backend may not hold a secret; None when it may."""
    ring = keyring.get_keyring() if ring is None else ring
    backends = _backends(ring)
    if not backends:
        return "no OS keyring is available"
    for backend in backends:
        module = type(backend).__module__
        if module.startswith(INSECURE_MODULES):
            return (f"the keyring backend {module}.{type(backend).__name__} keeps secrets in plain text "
                    f"or not at all")
    return None


def remember(project_id: str, member: str, generation: int, data_key: bytes,
             signing_key: bytes | None = None) -> None:
    """Keep member's own secret (`ProjectKeys.data_key`) and their own signing key, in one entry;
    refused on an insecure backend."""
    reason = insecure_reason()
    if reason is not None:
        raise InsecureKeyring(f"not remembering the key: {reason}; unlock with your passphrase instead")
    entry = {"member": member, "generation": generation, "key": data_key.hex()}
    if signing_key is not None:
        entry["signing"] = signing_key.hex()
    value = json.dumps(entry)
    try:
        keyring.set_password(SERVICE, project_id, value)
    except keyring.errors.KeyringError as exc:
        raise KnooppuntError(f"cannot store the key in the OS keyring ({exc})") from None


def recall(project_id: str) -> Remembered | None:
    if insecure_reason() is not None:  # never read a secret back from a plain-text store either
        return None
    try:
        value = keyring.get_password(SERVICE, project_id)
    except keyring.errors.KeyringError:
        return None
    if not value:
        return None
    try:
        data = json.loads(value)
        signing = data.get("signing")
        return Remembered(str(data["member"]), int(data["generation"]), bytes.fromhex(data["key"]),
                          bytes.fromhex(signing) if isinstance(signing, str) else None)
    except (ValueError, KeyError, TypeError):
        return None


def forget(project_id: str) -> bool:
    """Delete the entry; False when there was none -- also when this computer has no keyring at
    all (nothing can have been remembered there: `lock` has nothing to forget, not an error)."""
    ring = keyring.get_keyring()
    if all(type(b).__module__.startswith(NO_KEYRING_MODULES) for b in _backends(ring)):
        return False
    try:
        keyring.delete_password(SERVICE, project_id)
    except (keyring.errors.PasswordDeleteError, keyring.errors.NoKeyringError):
        return False
    except keyring.errors.KeyringError as exc:
        raise KnooppuntError(f"cannot reach the OS keyring ({exc})") from None
    return True
