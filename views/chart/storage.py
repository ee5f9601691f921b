"""Charts saved in the project file: settings `chart.<name>` (JSON) plus an index `charts`.

Only ids, positions, pin/hidden flags and styling are stored; the records themselves are
read again from the store on opening, so a chart never shows stale or no-longer-visible
data (the caller's clearance applies at every opening).
"""

from __future__ import annotations

import json
from typing import Any

from graph.model import now_iso
from graph.store import Store

INDEX_KEY = "charts"
PREFIX = "chart."
FORMAT = 1


def chart_names(store: Store) -> list[str]:
    return list(json.loads(store.get_setting(INDEX_KEY) or "[]"))


def save_chart(store: Store, name: str, state: dict[str, Any]) -> None:
    if not name.strip():
        raise ValueError("a chart needs a name")
    state = {"format": FORMAT, "saved_at": now_iso(), "saved_by": store.caller.user, **state}
    names = chart_names(store)
    with store.transaction():
        store.set_setting(PREFIX + name, json.dumps(state, ensure_ascii=False, separators=(",", ":")))
        if name not in names:
            store.set_setting(INDEX_KEY, json.dumps([*names, name], ensure_ascii=False))


def load_chart(store: Store, name: str) -> dict[str, Any]:
    raw = store.get_setting(PREFIX + name)
    if raw is None:
        raise KeyError(name)
    state: dict[str, Any] = json.loads(raw)
    return state


AUTOSAVE_PREFIX = "chart_autosave."  # + member: one slot each, outside the index of named charts


def save_autosave(store: Store, state: dict[str, Any], name: str | None) -> None:
    """Keep the open chart (named or not) so a crash, a lock or a quit without saving loses nothing."""
    state = {"format": FORMAT, "saved_at": now_iso(), "name": name, **state}
    store.set_setting(AUTOSAVE_PREFIX + store.caller.user, json.dumps(state, ensure_ascii=False,
                                                                      separators=(",", ":")))


def load_autosave(store: Store) -> dict[str, Any] | None:
    raw = store.get_setting(AUTOSAVE_PREFIX + store.caller.user)
    if not raw:
        return None
    state: dict[str, Any] = json.loads(raw)
    return state


def clear_autosave(store: Store) -> None:
    if store.get_setting(AUTOSAVE_PREFIX + store.caller.user):
        store.set_setting(AUTOSAVE_PREFIX + store.caller.user, "")
