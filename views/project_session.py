"""An unlocked project as the GUI holds it: the guarded store, the member, and how to reopen it.

Opening goes through the project door, `graph.project.open_project` (encryption, roles,
audit). The GUI never lets it fall back to a terminal prompt: an encrypted project opens
with the passphrase typed in the unlock dialog or with the key remembered in the OS
keyring, nothing else -- its passphrase source only sends the analyst to the dialog.

The store is typed as `ProjectStore`: the GUI uses what a guarded store declares, nothing
behind it. Worker threads (analyses, imports, sorting) get their own connection through
`reopen()` with the unlocked data key (and the member's signing key, so their audit
entries stay signed), so a long read or an import never shares a cursor
or a transaction with the UI thread. The passphrase itself is not kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from graph import project
from graph.access.guarded import ProjectStore
from graph.access.roles import ROLES
from graph.errors import ProjectError
from graph.exchange.common import highest_labels


def _to_the_dialog(path: Path) -> project.PassphraseSource:
    """The GUI's passphrase source: no prompt outside the unlock dialog, which asks itself."""
    def ask(prompt: str) -> str:
        raise ProjectError(f"{path.name}: enter the passphrase")
    return ask


@dataclass
class Session:
    path: Path
    store: ProjectStore
    user: str
    _data_key: bytes | None = field(default=None, repr=False)
    _signing_key: Ed25519PrivateKey | None = field(default=None, repr=False)  # worker entries stay signed
    _reader: ProjectStore | None = field(default=None, repr=False)

    @classmethod
    def open(cls, path: Path, *, user: str | None = None,
             passphrase: str | project.PassphraseSource | None = None) -> Session:
        """Unlock with the typed passphrase, or else the key remembered in the OS keyring.

        The app shell may pass a `PassphraseSource` instead (its --passphrase-file and
        KNOOPPUNT_PASSPHRASE, asked after the keyring); without one the dialog must ask.
        """
        store = project.open_project(path, user=user, passphrase=passphrase or _to_the_dialog(path),
                                     keyring_how="keyring (GUI)")
        keys = store.keys
        signer = store.signer
        return cls(path=path, store=store, user=store.caller.user, _data_key=keys.data_key if keys else None,
                   _signing_key=signer.key if signer is not None else None)

    def reopen(self) -> ProjectStore:
        """A second connection to the same project for a worker thread (close it when done)."""
        if self._data_key is None and project.is_encrypted(self.path):
            raise ProjectError(f"{self.path.name}: the project is locked")
        return project.open_project(self.path, user=self.user, data_key=self._data_key,
                                    signing_key=self._signing_key)

    def reader(self) -> ProjectStore:
        """A read-only connection for lazy tables (UI thread).

        A table that scrolls through a million records keeps a cursor open between
        fetches, which holds a read snapshot. On the main connection that snapshot would
        make the next audit write fail as soon as another connection (an import) commits;
        on its own connection it blocks nothing.
        """
        if self._reader is None:
            self._reader = self.reopen()
        return self._reader

    @property
    def name(self) -> str:
        return self.store.get_setting("name") or self.path.stem

    @property
    def role(self) -> str:
        return self.store.member.role

    def may(self, permission: str) -> bool:
        return permission in ROLES.get(self.role, frozenset())

    def marking(self, labels: set[str] | None = None) -> str:
        """The label(s) an export is marked with, joined by `+`: the project's classification, raised to the
        highest shown (police and tax data both, when both are shown)."""
        return "+".join(highest_labels([self.store.get_setting("classification") or "open", *(labels or ())]))

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
