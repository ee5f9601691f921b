"""The label keys of a sealed shared project, kept on the server in key slots only members can open.

A sealed Neo4j project (graph.stores.neo4j_seal) has one random key per security label, as an
embedded project has. They are kept the same way (graph.access.keyslots: each member's slot,
wrapped under Argon2id of their passphrase, holds the keys of their clearance, sealed with
HPKE to their own key pair), in the project's setting `keys`, so every member's computer
finds them on the server. The server holds only sealed keys; the key file's MAC is keyed from
the `open` label key, which never leaves the members' computers either, so a slot swapped or
altered on the server is refused at the next unlock.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from graph.access.keyslots import BASE_LABEL, KdfParams, KeyFile, new_key_file, new_label_keys
from graph.errors import KnooppuntError, ProjectError
from graph.model import SECURITY_LABELS
from graph.stores.neo4j_seal import FORMAT, LabelSeal

KEYS_SETTING = "keys"
SEALED_SETTING = "sealed"


class Settings(Protocol):
    """What this module needs of a store: its settings (the Neo4j store, or a test's dict)."""

    def get_setting(self, key: str, default: str | None = None) -> str | None: ...

    def set_setting(self, key: str, value: str) -> None: ...


def is_sealed(store: Settings) -> bool:
    return store.get_setting(SEALED_SETTING) == FORMAT


def _text(keyfile: KeyFile, open_key: bytes) -> str:
    """The key file as the text the setting holds (KeyFile.save's format and MAC, written privately)."""
    with tempfile.TemporaryDirectory(prefix="kn-keys-") as tmp:
        path = Path(tmp) / "keys"
        keyfile.save(path, open_key)
        return path.read_text(encoding="utf-8")


def _keyfile(store: Settings, where: str) -> KeyFile:
    text = store.get_setting(KEYS_SETTING)
    if not text:
        raise ProjectError(f"{where}: a sealed project without its key slots (setting {KEYS_SETTING!r} missing)")
    with tempfile.TemporaryDirectory(prefix="kn-keys-") as tmp:
        path = Path(tmp) / "keys"
        path.write_text(text, encoding="utf-8")
        try:
            return KeyFile.load(path)
        except ProjectError as exc:
            raise ProjectError(f"{where}: {str(exc).split(': ', 1)[-1]}") from None


def new_keys() -> dict[str, bytes]:
    """Fresh label keys for a new sealed project (the same generator as embedded projects)."""
    return new_label_keys()


def init_keys(store: Settings, owner: str, passphrase: str, *, keys: dict[str, bytes] | None = None,
              kdf: KdfParams | None = None) -> dict[str, bytes]:
    """Seal a new project: label keys (given, or new), the owner's slot holding all of them."""
    if store.get_setting(KEYS_SETTING):
        raise ProjectError("the project already has key slots")
    keys = keys or new_keys()
    keyfile = new_key_file()
    if kdf is None:
        keyfile.add_member_secret(owner, passphrase, keys)
    else:
        keyfile.add_member_secret(owner, passphrase, keys, kdf)
    store.set_setting(KEYS_SETTING, _text(keyfile, keys[BASE_LABEL]))
    store.set_setting(SEALED_SETTING, FORMAT)
    return keys


def slots_text(owner: str, passphrase: str, keys: dict[str, bytes], kdf: KdfParams | None = None) -> str:
    """The `keys` setting of a project that does not exist yet (files for neo4j-admin)."""
    held: dict[str, str] = {}

    class _Hold:
        def get_setting(self, key: str, default: str | None = None) -> str | None:
            return held.get(key, default)

        def set_setting(self, key: str, value: str) -> None:
            held[key] = value

    init_keys(_Hold(), owner, passphrase, keys=keys, kdf=kdf)
    return held[KEYS_SETTING]


def unlock(store: Settings, member: str, passphrase: str, where: str = "the shared project") -> dict[str, bytes]:
    """The label keys in `member`'s slot (their clearance only); WrongPassphrase or ProjectError otherwise."""
    keyfile = _keyfile(store, where)
    secret = keyfile.unlock(member, passphrase)
    keys = keyfile.open_slot(member, secret)
    keyfile.check_mac(Path(where), keys[BASE_LABEL])
    return {label: key for label, key in keys.items() if label in SECURITY_LABELS}


def add_member(store: Settings, keys: dict[str, bytes], member: str, passphrase: str, clearance: Iterable[str],
               *, kdf: KdfParams | None = None, where: str = "the shared project") -> None:
    """A slot for a new member holding the keys of `clearance` (plus `open`), from a member who holds them."""
    keyfile = _keyfile(store, where)
    keyfile.check_mac(Path(where), keys[BASE_LABEL])
    if member in keyfile.slots:
        raise KnooppuntError(f"{member!r} already has a key slot in {where}")
    wanted = set(clearance) | {BASE_LABEL}
    missing = sorted(wanted - set(keys))
    if missing:
        raise KnooppuntError(f"cannot grant {', '.join(missing)}: you do not hold that key")
    granted = {label: keys[label] for label in wanted}
    if kdf is None:
        keyfile.add_member_secret(member, passphrase, granted)
    else:
        keyfile.add_member_secret(member, passphrase, granted, kdf)
    store.set_setting(KEYS_SETTING, _text(keyfile, keys[BASE_LABEL]))


def seal_for(keys: dict[str, bytes], project: str) -> LabelSeal:
    return LabelSeal(keys, project)
