""""Remember on this computer": the unlocked data key in the OS keyring, never in a file.

`knooppunt unlock --remember` stores, under service ``knooppunt`` and the project's id
(from the key file, so moving the project keeps the entry), the member's name, the key
generation and the data key. `knooppunt lock` deletes the entry. A remembered key that
no longer opens the project (the key was rotated) is dropped and the caller falls back
to a passphrase.

Tests point `keyring` at a backend confined to a temporary directory
(`keyring.set_keyring`); nothing here chooses a backend.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import keyring
import keyring.errors

from graph.errors import KnooppuntError

SERVICE = "knooppunt"


@dataclass(frozen=True, slots=True)
class Remembered:
    member: str
    generation: int
    data_key: bytes
    signing_key: bytes | None = None  # the member's own Ed25519 signing key (raw), so entries stay signed


def remember(project_id: str, member: str, generation: int, data_key: bytes,
             signing_key: bytes | None = None) -> None:
    entry = {"member": member, "generation": generation, "key": data_key.hex()}
    if signing_key is not None:
        entry["signing"] = signing_key.hex()
    value = json.dumps(entry)
    try:
        keyring.set_password(SERVICE, project_id, value)
    except keyring.errors.KeyringError as exc:
        raise KnooppuntError(f"cannot store the key in the OS keyring ({exc})") from None


def recall(project_id: str) -> Remembered | None:
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
    """Delete the entry; False when there was none."""
    try:
        keyring.delete_password(SERVICE, project_id)
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as exc:
        raise KnooppuntError(f"cannot reach the OS keyring ({exc})") from None
    return True
