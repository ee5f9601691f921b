"""Charts saved in the project file: settings `chart.<name>` (JSON) plus an index `charts`.

Only ids, positions, pin/hidden flags and styling are stored; the records themselves are
read again from the store on opening, so a chart never shows stale or no-longer-visible
data (the caller's clearance applies at every opening). A chart that names records above
`open` is kept in the file of the highest label it names, out of the main file and its index
(`graph.access.labelled_settings`): a member not cleared for it does not see the chart or its name.
"""

from __future__ import annotations

import json
from typing import Any

from graph.access import labelled_settings
from graph.model import now_iso
from graph.store import Store

INDEX_KEY = "charts"
PREFIX = "chart."
FORMAT = 1


def _index(store: Store) -> list[str]:
    return list(json.loads(store.get_setting(INDEX_KEY) or "[]"))


def chart_names(store: Store) -> list[str]:
    """The charts the caller may open: the index's in their order, then those kept above `open`."""
    index = _index(store)
    if not labelled_settings.partitioned(store):
        return index
    present = {k[len(PREFIX):] for k in labelled_settings.like(store, PREFIX)}
    return [n for n in index if n in present] + sorted(present - set(index))


def save_chart(store: Store, name: str, state: dict[str, Any]) -> None:
    if not name.strip():
        raise ValueError("a chart needs a name")
    state = {"format": FORMAT, "saved_at": now_iso(), "saved_by": store.caller.user, **state}
    names = _index(store)
    with store.transaction():
        text = json.dumps(state, ensure_ascii=False, separators=(",", ":"))
        label = labelled_settings.put(store, PREFIX + name, text, shown=name)
        if label == "open" and name not in names:
            store.set_setting(INDEX_KEY, json.dumps([*names, name], ensure_ascii=False))
        elif label != "open" and name in names:  # moved to a label file: its name leaves the main file too
            store.set_setting(INDEX_KEY, json.dumps([n for n in names if n != name], ensure_ascii=False))


def load_chart(store: Store, name: str) -> dict[str, Any]:
    raw = labelled_settings.get(store, PREFIX + name)
    if not raw:
        raise KeyError(name)
    state: dict[str, Any] = json.loads(raw)
    return state


AUTOSAVE_PREFIX = "chart_autosave."  # + member: one slot each, outside the index of named charts


def save_autosave(store: Store, state: dict[str, Any], name: str | None) -> None:
    """Keep the open chart (named or not) so a crash, a lock or a quit without saving loses nothing."""
    state = {"format": FORMAT, "saved_at": now_iso(), "name": name, **state}
    labelled_settings.put(store, AUTOSAVE_PREFIX + store.caller.user,
                          json.dumps(state, ensure_ascii=False, separators=(",", ":")))


def load_autosave(store: Store) -> dict[str, Any] | None:
    raw = labelled_settings.get(store, AUTOSAVE_PREFIX + store.caller.user)
    if not raw:
        return None
    state: dict[str, Any] = json.loads(raw)
    return state


def clear_autosave(store: Store) -> None:
    if labelled_settings.get(store, AUTOSAVE_PREFIX + store.caller.user):
        labelled_settings.put(store, AUTOSAVE_PREFIX + store.caller.user, "")
