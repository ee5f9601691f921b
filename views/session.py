"""An unlocked project as the GUI holds it: the guarded store, the member, and how to reopen it.

Opening goes through `workbench.project.open_project` (the access layer: encryption,
roles, audit). The GUI never lets the access layer fall back to a terminal prompt: an
encrypted project opens with the passphrase typed in the unlock dialog or with the key
remembered in the OS keyring, nothing else.

Worker threads (analyses, imports, sorting) get their own connection through `reopen()`
with the unlocked data key, so a long read or an import never shares a cursor or a
transaction with the UI thread. The passphrase itself is not kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import ProjectError
from graph.model import SECURITY_LABELS
from graph.store import Store


def is_encrypted(path: Path) -> bool:
    from graph.access import session as access
    return access.is_encrypted(path)


def members(path: Path) -> list[str]:
    from graph.access import session as access
    return access.slot_members(path) if access.is_encrypted(path) else []


def open_store(path: Path, *, user: str | None, passphrase: str | None) -> Any:
    from graph.access import keyring_store
    from graph.access import session as access
    from workbench.project import open_project

    if not path.exists():
        raise ProjectError(f"{path}: no such project file")
    if access.is_encrypted(path) and not passphrase:
        remembered = keyring_store.recall(access.project_id(path))
        if remembered is None or user not in (None, remembered.member):
            raise ProjectError(f"{path.name}: enter the passphrase")
        from workbench.project import _signing
        return access.open_with_key(path, remembered.member, remembered.data_key, how="keyring (GUI)",
                                    signing_key=_signing(remembered.signing_key))
    return open_project(path, user=user, passphrase=passphrase)


def create_store(path: Path, *, name: str | None, owner: str | None, passphrase: str) -> Any:
    from workbench.project import create_project
    if not passphrase:
        raise ProjectError("a new project needs a passphrase")
    return create_project(path, name=name, owner=owner, passphrase=passphrase)


def remember(store: Any) -> None:
    from workbench.project import remember as remember_key
    remember_key(store)


@dataclass
class Session:
    path: Path
    store: Any  # graph.access.guarded.GuardedStore (the Store protocol, role checks, audit)
    user: str
    _data_key: bytes | None = field(default=None, repr=False)
    _signing_key: Any = field(default=None, repr=False)
    _reader: Any = field(default=None, repr=False)

    @classmethod
    def open(cls, path: Path, *, user: str | None = None, passphrase: str | None = None) -> Session:
        store = open_store(path, user=user, passphrase=passphrase)
        keys = getattr(store, "keys", None)
        signer = getattr(store, "signer", None)
        return cls(path=path, store=store, user=store.caller.user, _data_key=keys.data_key if keys else None,
                   _signing_key=signer.key if signer is not None else None)

    def reopen(self) -> Store:
        """A second connection to the same project for a worker thread (close it when done)."""
        from workbench.project import open_project
        if self._data_key is None and is_encrypted(self.path):
            raise ProjectError(f"{self.path.name}: the project is locked")
        store: Store = open_project(self.path, user=self.user, data_key=self._data_key,
                                    signing_key=self._signing_key)
        return store

    def reader(self) -> Store:
        """A read-only connection for lazy tables (UI thread).

        A table that scrolls through a million records keeps a cursor open between
        fetches, which holds a read snapshot. On the main connection that snapshot would
        make the next audit write fail as soon as another connection (an import) commits;
        on its own connection it blocks nothing.
        """
        if self._reader is None:
            self._reader = self.reopen()
        reader: Store = self._reader
        return reader

    @property
    def name(self) -> str:
        return self.store.get_setting("name") or self.path.stem

    @property
    def role(self) -> str:
        member = getattr(self.store, "member", None)
        return str(member.role) if member is not None else "owner"

    def may(self, permission: str) -> bool:
        from graph.access.roles import ROLES
        return permission in ROLES.get(self.role, frozenset())

    def marking(self, labels: set[str] | None = None) -> str:
        """The label an export is marked with: the project's classification, raised to the highest shown."""
        levels = list(SECURITY_LABELS)
        chosen = self.store.get_setting("classification") or "open"
        for label in labels or ():
            if label in levels and (chosen not in levels or levels.index(label) > levels.index(chosen)):
                chosen = label
        return chosen

    def lock(self) -> None:
        """Forget the key and close the connection: the project must be unlocked again."""
        self._data_key = None
        self._signing_key = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        try:
            self.store.audit("lock", reason="idle or by hand")
        finally:
            self.store.close()
