"""Merges of two entities the analyst confirmed are the same: an alias, applied when reading.

A merge never changes or deletes a record. It records "B is A" (`merge.aliases` in the
project's settings) and a small note of who merged what and why (`merge.<id>`); both are kept
in the file of the higher label of A and B (`graph.access.labelled_settings`). Every
read through the guarded store (`graph.access.guarded.GuardedStore`) applies the aliases
for its caller with `AliasView`: B's relations appear on A (whatever their label: they
follow the merge in every partition, seen by whoever may see them), B's names become
A's aliases, B's properties fill A's gaps, B's sources are listed with A's, and B itself
is no longer listed. Undo removes the alias: everything is back exactly as it was,
relations the merger could not see included -- there was nothing to restore.

An alias applies for a caller only when they may see A (the kept entity); someone who may
see B but not A keeps seeing B as it is. Lists of merges are filtered the same way: a merge
is listed only to callers who may see both entities. Both actions are audited (`merge`,
`merge undo`).

Works through the `Store` protocol only, so it serves the SQLite and the Neo4j store.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from graph.access import labelled_settings
from graph.access.aliases import (
    ALIASES_KEY,
    LABELLED_KEY,
    AliasView,
    alias_settings,
    merged_properties,
    raw_aliases,
    unaliased,
)
from graph.access.audit import masked
from graph.access.guarded import activity
from graph.errors import KnooppuntError, NotFound
from graph.model import now_iso
from graph.store import Store
from graph.stores.records import label_rank

INDEX_KEY = "merge.index"
__all__ = ["ALIASES_KEY", "AliasView", "get_merge", "list_merges", "merge_entities", "merged_properties",
           "raw_aliases", "undo_merge"]


def _index(store: Store) -> list[str]:
    """The merge ids, oldest first; an index changed outside Knooppunt into something else (a member holding the
    `open` key can write the main file) lists what it still names, rather than end every list in a traceback."""
    try:
        value = json.loads(store.get_setting(INDEX_KEY) or "[]")
    except ValueError:
        return []
    return [m for m in value if isinstance(m, str)] if isinstance(value, list) else []


def merge_entities(store: Store, keep_id: str, drop_id: str, *, reason: str = "") -> str:
    """Record that `drop_id` is `keep_id`; returns the merge id for `undo_merge`. Changes no record."""
    if keep_id == drop_id:
        raise KnooppuntError(f"{keep_id}: cannot merge an entity with itself")
    aliases = raw_aliases(store)
    for entity_id in (keep_id, drop_id):
        if entity_id in aliases:
            raise KnooppuntError(f"{entity_id} was already merged into {aliases[entity_id]}; merge with that one")
    if any(kept == drop_id for kept in aliases.values()):
        raise KnooppuntError(f"{drop_id} has entities merged into it; keep it and merge the other into it")
    keep = unaliased(store).get_entity(keep_id)  # both must be visible to the merger
    drop = unaliased(store).get_entity(drop_id)
    if keep.type != drop.type:
        raise KnooppuntError(f"cannot merge {keep.type} {keep_id} with {drop.type} {drop_id}: types differ")
    merge_id = f"mrg-{secrets.token_hex(8)}"
    top = max(keep.label, drop.label, key=label_rank)
    with activity(store, "merge", merge_id=merge_id, kept=keep_id, merged=drop_id, type=keep.type,
                   kept_caption=masked(keep.label, keep.caption), merged_caption=masked(drop.label, drop.caption),
                   reason=masked(top, reason)):
        # the note is a setting of the main file, readable with the `open` key: a reason about records above
        # `open` is kept as its length only, like in the audit entry
        note = {"id": merge_id, "at": now_iso(), "by": store.caller.user, "reason": masked(top, reason),
                "kept": keep_id, "merged": drop_id}
        labelled_settings.put(store, f"merge.{merge_id}", json.dumps(note, ensure_ascii=False))
        _write_aliases(store, {**raw_aliases(store), drop_id: keep_id})
        store.set_setting(INDEX_KEY, json.dumps([*_index(store), merge_id]))
    return merge_id


def _write_aliases(store: Store, aliases: dict[str, str]) -> None:
    """The aliases the caller sees, each in the share of the higher label of its two records (an alias
    whose records the caller's files do not hold stays where it was)."""
    shares = alias_settings(store)
    labels = labelled_settings.labels_of(store, [*aliases, *aliases.values()])
    out: dict[str, dict[str, str]] = {key: {} for key in shares}
    for drop, keep in aliases.items():
        if drop in labels or keep in labels:
            top = max(labels.get(drop, "open"), labels.get(keep, "open"), key=label_rank)
            key = labelled_settings.per_label(ALIASES_KEY, top)
        else:
            key = next((k for k, share in shares.items() if drop in share), ALIASES_KEY)
        out.setdefault(key, {})[drop] = keep
    for key, share in out.items():
        if share != shares.get(key):
            labelled_settings.put(store, key, json.dumps(share, sort_keys=True))
    if any(key != ALIASES_KEY for key in out):
        store.set_setting(LABELLED_KEY, str(int(store.get_setting(LABELLED_KEY) or "0") + 1))


def get_merge(store: Store, merge_id: str) -> dict[str, Any]:
    raw = labelled_settings.get(store, f"merge.{merge_id}")
    if not raw:
        raise NotFound(f"no merge {merge_id!r} in the project (see `knooppunt resolve merges`)")
    m = dict(json.loads(raw))
    if "keep" in m and "kept" not in m:  # a merge note from before aliases (a full snapshot)
        m["kept"], m["merged"] = m["keep"]["id"], m["drop"]["id"]
    return m


def list_merges(store: Store) -> list[dict[str, Any]]:
    """The merges the caller may see both sides of, oldest first: id, when, by whom, ids, names, undone."""
    out = []
    for merge_id in _index(store):
        try:
            m = get_merge(store, merge_id)
        except NotFound:
            continue  # kept in the file of a label the caller does not hold
        both = unaliased(store).get_entities([m["kept"], m["merged"]])
        if len(both) < 2:
            continue  # one side is above the caller's clearance: the merge is not theirs to see
        out.append({"merge": merge_id, "at": m["at"], "by": m["by"], "kept": m["kept"],
                    "kept_name": both[m["kept"]].caption, "merged": m["merged"],
                    "merged_name": both[m["merged"]].caption, "undone": m.get("undone_at") or ""})
    return out


def undo_merge(store: Store, merge_id: str) -> dict[str, Any]:
    """Remove the alias: both entities, and every relation of either, are seen as before the merge."""
    m = get_merge(store, merge_id)
    if m.get("undone_at"):
        raise KnooppuntError(f"merge {merge_id} was already undone on {m['undone_at']}")
    if len(unaliased(store).get_entities([m["kept"], m["merged"]])) < 2:
        raise NotFound(f"no merge {merge_id!r} in the project (see `knooppunt resolve merges`)")
    with activity(store, "merge undo", merge_id=merge_id, kept=m["kept"], restored=m["merged"]):
        aliases = raw_aliases(store)
        aliases.pop(m["merged"], None)
        _write_aliases(store, aliases)
        m["undone_at"] = now_iso()
        m["undone_by"] = store.caller.user
        labelled_settings.put(store, f"merge.{merge_id}", json.dumps(m, ensure_ascii=False))
    return m
