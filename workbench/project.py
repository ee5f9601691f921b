"""Opening and creating projects: the one place that turns a path into a store.

Every front end (CLI, GUI, scripts) goes through here, so the access rules that the
project carries (encryption, members, audit) apply whichever door is used.
"""

from __future__ import annotations

import os
from pathlib import Path

from graph.errors import ProjectError
from graph.store import Caller
from graph.stores.sqlite_store import SQLiteStore

PROJECT_SUFFIX = ".knp"


def project_path(path: str | os.PathLike[str] | None) -> Path:
    """The project named by --project or KNOOPPUNT_PROJECT; ProjectError when neither is set."""
    chosen = path or os.environ.get("KNOOPPUNT_PROJECT")
    if not chosen:
        raise ProjectError("no project given: use --project PATH or set KNOOPPUNT_PROJECT")
    return Path(chosen).expanduser()


def create_project(path: Path, *, name: str | None = None, owner: str | None = None) -> SQLiteStore:
    if path.exists():
        raise ProjectError(f"{path}: already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    store = SQLiteStore(path, create=True, caller=Caller(user=owner or "owner"))
    with store.transaction():
        store.set_setting("name", name or path.stem)
        store.set_setting("owner", owner or "owner")
    return store


def open_project(path: Path, *, user: str | None = None) -> SQLiteStore:
    store = SQLiteStore(path)
    owner = store.get_setting("owner") or "owner"
    return store.with_caller(Caller(user=user or owner))
