"""An unlocked project as the GUI holds it: the store, who is acting, and how to reopen it.

Worker threads (analyses, imports, exports) get their own connection through `reopen()`
so a long read never shares a cursor with the UI thread. Opening goes through
`workbench.project` (the access layer), whatever its current signature: the GUI passes a
passphrase only when the opener accepts one.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.model import SECURITY_LABELS
from graph.store import Store

Opener = Callable[[], Store]


def _call_with_supported(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call func with only the keyword arguments its signature accepts."""
    params = inspect.signature(func).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return func(*args, **kwargs)
    return func(*args, **{k: v for k, v in kwargs.items() if k in params and v is not None})


def opener_accepts_passphrase() -> bool:
    """True once the access layer's open_project takes a passphrase (encrypted projects)."""
    from workbench import project
    return "passphrase" in inspect.signature(project.open_project).parameters


def open_store(path: Path, *, user: str | None, passphrase: str | None) -> Store:
    from workbench import project
    return _call_with_supported(project.open_project, path, user=user or None, passphrase=passphrase)


def create_store(path: Path, *, name: str | None, owner: str | None, passphrase: str | None) -> Store:
    from workbench import project
    return _call_with_supported(project.create_project, path, name=name, owner=owner, passphrase=passphrase)


def remember_passphrase(path: Path, user: str | None, passphrase: str) -> bool:
    """Store the passphrase in the OS keyring through the access layer, when it offers that."""
    try:
        from graph import access  # type: ignore[attr-defined]
    except ImportError:
        return False
    for name in ("remember_passphrase", "remember"):
        func = getattr(access, name, None)
        if callable(func):
            _call_with_supported(func, path, user=user, passphrase=passphrase)
            return True
    return False


def remembered_passphrase(path: Path, user: str | None) -> str | None:
    try:
        from graph import access  # type: ignore[attr-defined]
    except ImportError:
        return None
    for name in ("remembered_passphrase", "recall_passphrase", "keyring_passphrase"):
        func = getattr(access, name, None)
        if callable(func):
            try:
                value = _call_with_supported(func, path, user=user)
            except Exception:  # a missing keyring backend is not an error: ask instead
                return None
            return value if isinstance(value, str) else None
    return None


@dataclass
class Session:
    path: Path
    store: Store
    user: str
    _passphrase: str | None = field(default=None, repr=False)

    @classmethod
    def open(cls, path: Path, *, user: str | None = None, passphrase: str | None = None) -> Session:
        store = open_store(path, user=user, passphrase=passphrase)
        return cls(path=path, store=store, user=store.caller.user, _passphrase=passphrase)

    def reopen(self) -> Store:
        """A second connection to the same project for a worker thread (close it when done)."""
        return open_store(self.path, user=self.user, passphrase=self._passphrase)

    @property
    def name(self) -> str:
        return self.store.get_setting("name") or self.path.stem

    def marking(self, labels: set[str] | None = None) -> str:
        """The classification marking exports carry: the project's, raised to the highest label shown."""
        levels = list(SECURITY_LABELS)
        chosen = self.store.get_setting("classification") or self.store.get_setting("access.classification") or "open"
        for label in labels or ():
            if label in levels and (chosen not in levels or levels.index(label) > levels.index(chosen)):
                chosen = label
        return chosen

    def lock(self) -> None:
        """Forget the passphrase and close the connection: the project must be unlocked again."""
        self._passphrase = None
        self.store.close()
