"""What this computer remembers about the encrypted projects its user opened.

One small JSON file per project under the user's state directory
(`platformdirs.user_state_dir("knooppunt")/projects`, or KNOOPPUNT_STATE_DIR), named by a
hash of the project id, mode 600. It holds no secrets, only what a member's own machine
must not have to trust the project files for (issue 11, items 3 and 7):

* the audit head last seen (`seq`, `hash`): a log that is shorter, or whose entry at that
  position changed, is reported on the next open -- whoever holds the data key can rewrite
  the database, but not this file on every other member's computer;
* the owners and their signing keys last seen: a members table signed by anyone else is
  refused (trust on first use, then follow signed changes);
* the project's path: a plain (unencrypted) file found where an encrypted project was is
  refused instead of opened as a single-owner project.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

STATE_ENV = "KNOOPPUNT_STATE_DIR"


_PINNED = threading.local()


@contextlib.contextmanager
def pinned(where: Path) -> Iterator[None]:
    """Read and write `where` in the block (this thread): a session remembers in the state directory it
    was opened with, also when it closes later -- after KNOOPPUNT_STATE_DIR changed (each test sets its
    own: a window's session closed during the next test wrote its audit head there, and that test's copy
    of the same project was then reported as shortened and put back)."""
    previous = getattr(_PINNED, "where", None)
    _PINNED.where = where
    try:
        yield
    finally:
        _PINNED.where = previous


def state_dir() -> Path:
    where = getattr(_PINNED, "where", None)
    if where is not None:
        return Path(where)
    chosen = os.environ.get(STATE_ENV)
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_state_dir("knooppunt", appauthor=False))


def _file(project_id: str) -> Path:
    # The id comes from the (unauthenticated until unlocked) key file: never use it as a path.
    return state_dir() / "projects" / (hashlib.sha256(project_id.encode()).hexdigest()[:32] + ".json")


def load(project_id: str) -> dict[str, Any]:
    """What this computer remembers about the project ({} when nothing or unreadable)."""
    try:
        data = json.loads(_file(project_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("project") == project_id else {}


def update(project_id: str, **fields: Any) -> None:
    """Merge fields into the project's record (atomic, 600). A failure to write is not fatal:
    the project still opens, it is only less well watched."""
    before = load(project_id)
    data = {**before, **fields, "project": project_id}
    if data == before:
        return  # nothing new: no write
    path = _file(project_id)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, sort_keys=True)
        os.replace(tmp, path)


def encrypted_project_at(path: Path) -> str | None:
    """The id of an encrypted project this computer opened at `path`, if any."""
    target = str(path.resolve())
    folder = state_dir() / "projects"
    if not folder.is_dir():
        return None
    for f in folder.glob("*.json"):
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and target in data.get("paths", []):
            return str(data.get("project"))
    return None


def add_path(project_id: str, path: Path) -> None:
    paths = set(load(project_id).get("paths", []))
    target = str(path.resolve())
    if target not in paths:
        update(project_id, paths=sorted(paths | {target}))
