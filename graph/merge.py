"""Merges of two entities the analyst confirmed are the same: an alias, applied when reading.

A merge never changes or deletes a record. It records "B is A" (`merge.aliases` in the
project's settings) and a small note of who merged what and why (`merge.<id>`). Every
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
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from graph.access.guarded import activity
from graph.errors import KnooppuntError, NotFound
from graph.model import Entity, Relation, now_iso
from graph.store import SourceRecord, Store
from graph.stores.records import node_attrs

if TYPE_CHECKING:
    import networkx as nx  # annotations only: opening a project must not load networkx (issue 10)

INDEX_KEY = "merge.index"
ALIASES_KEY = "merge.aliases"


def _index(store: Store) -> list[str]:
    return list(json.loads(store.get_setting(INDEX_KEY) or "[]"))


def raw_aliases(store: Store) -> dict[str, str]:
    """Every active alias, merged id -> kept id (whatever the caller may see)."""
    return dict(json.loads(store.get_setting(ALIASES_KEY) or "{}"))


def _raw(store: Store) -> Any:
    """The store below the alias view (a guarded store's caller-narrowed inner store)."""
    return getattr(store, "inner", store)


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
    keep = _raw(store).get_entity(keep_id)  # both must be visible to the merger
    drop = _raw(store).get_entity(drop_id)
    if keep.type != drop.type:
        raise KnooppuntError(f"cannot merge {keep.type} {keep_id} with {drop.type} {drop_id}: types differ")
    merge_id = f"mrg-{secrets.token_hex(8)}"
    with activity(store, "merge", merge_id=merge_id, kept=keep_id, merged=drop_id, type=keep.type,
                   kept_caption=keep.caption, merged_caption=drop.caption, reason=reason):
        note = {"id": merge_id, "at": now_iso(), "by": store.caller.user, "reason": reason,
                "kept": keep_id, "merged": drop_id}
        store.set_setting(f"merge.{merge_id}", json.dumps(note, ensure_ascii=False))
        store.set_setting(ALIASES_KEY, json.dumps({**raw_aliases(store), drop_id: keep_id}, sort_keys=True))
        store.set_setting(INDEX_KEY, json.dumps([*_index(store), merge_id]))
    return merge_id


def get_merge(store: Store, merge_id: str) -> dict[str, Any]:
    raw = store.get_setting(f"merge.{merge_id}")
    if raw is None:
        raise NotFound(f"no merge {merge_id!r} in the project (see `knooppunt resolve merges`)")
    m = dict(json.loads(raw))
    if "keep" in m and "kept" not in m:  # a merge note from before aliases (a full snapshot)
        m["kept"], m["merged"] = m["keep"]["id"], m["drop"]["id"]
    return m


def list_merges(store: Store) -> list[dict[str, Any]]:
    """The merges the caller may see both sides of, oldest first: id, when, by whom, ids, names, undone."""
    out = []
    for merge_id in _index(store):
        m = get_merge(store, merge_id)
        both = _raw(store).get_entities([m["kept"], m["merged"]])
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
    if len(_raw(store).get_entities([m["kept"], m["merged"]])) < 2:
        raise NotFound(f"no merge {merge_id!r} in the project (see `knooppunt resolve merges`)")
    with activity(store, "merge undo", merge_id=merge_id, kept=m["kept"], restored=m["merged"]):
        aliases = raw_aliases(store)
        aliases.pop(m["merged"], None)
        store.set_setting(ALIASES_KEY, json.dumps(aliases, sort_keys=True))
        m["undone_at"] = now_iso()
        m["undone_by"] = store.caller.user
        store.set_setting(f"merge.{merge_id}", json.dumps(m, ensure_ascii=False))
    return m


# -- reading through the aliases -------------------------------------------------------------------
def merged_properties(store: Any, keep: Entity, others: Iterable[Entity]) -> Entity:
    """Keep's values win; the others fill the gaps; multi values gather; their names become aliases."""
    specs = store.schema.entities[keep.type].properties
    props = dict(keep.properties)
    for other in others:
        for name, value in other.properties.items():
            if name in specs and specs[name].multi:
                props[name] = sorted(set(props.get(name, [])) | set(value), key=str)
            elif name not in props:
                props[name] = value
        if "aliases" in specs and other.caption and other.caption != keep.caption:
            props["aliases"] = sorted(set(props.get("aliases", [])) | {other.caption}, key=str)
    return keep.evolve(properties=props)


class AliasView:
    """The aliases as one caller sees them: only merges whose kept entity the caller may see."""

    def __init__(self, inner: Any):
        self.inner = inner
        raw = raw_aliases(inner)
        kept = inner.get_entities(sorted(set(raw.values()))) if raw else {}
        self.to_keep = {d: k for d, k in raw.items() if k in kept}
        self.merged: dict[str, list[str]] = {}
        for d, k in sorted(self.to_keep.items()):
            self.merged.setdefault(k, []).append(d)

    def __bool__(self) -> bool:
        return bool(self.to_keep)

    def canon(self, entity_id: str) -> str:
        return self.to_keep.get(entity_id, entity_id)

    def expand(self, ids: Iterable[str]) -> set[str]:
        """The ids and everything merged into them."""
        out = {self.canon(i) for i in ids}
        return out | {d for k in list(out) for d in self.merged.get(k, [])}

    def entity(self, e: Entity) -> Entity:
        drops = self.merged.get(e.id)
        if not drops:
            return e
        others = self.inner.get_entities(drops)
        return merged_properties(self.inner, e, [others[d] for d in drops if d in others])

    def entities(self, found: Iterable[Entity]) -> list[Entity]:
        """Merged-away entities become their kept entity (once), kept ones gather the others."""
        out: list[Entity] = []
        seen: set[str] = set()
        pending = []
        for e in found:
            cid = self.canon(e.id)
            if cid in seen:
                continue
            seen.add(cid)
            pending.append((cid, e))
        keeps = self.inner.get_entities([cid for cid, e in pending if cid != e.id])
        for cid, e in pending:
            base = e if cid == e.id else keeps.get(cid)
            if base is not None:
                out.append(self.entity(base))
        return out

    def relation(self, r: Relation) -> Relation | None:
        """The relation between kept entities; None for one between an entity and its own alias."""
        src, dst = self.canon(r.source_id), self.canon(r.target_id)
        if src == dst and r.source_id != r.target_id:
            return None
        if (src, dst) == (r.source_id, r.target_id):
            return r
        return r.evolve(source_id=src, target_id=dst)

    def relations(self, found: Iterable[Relation]) -> list[Relation]:
        out, seen = [], set()
        for r in found:
            mapped = self.relation(r)
            if mapped is not None and mapped.id not in seen:
                seen.add(mapped.id)
                out.append(mapped)
        return out

    def graph(self, g: nx.MultiDiGraph) -> nx.MultiDiGraph:
        """Contract merged nodes into their kept node; edges follow, edges between the two go."""
        present = [d for d in self.to_keep if d in g]
        if not present:
            return g
        for d in present:
            k = self.to_keep[d]
            if k not in g:
                keep = self.inner.get_entities([k]).get(k)
                if keep is None:
                    continue
                g.add_node(k, **node_attrs(self.entity(keep)))
            for u, v, key, data in list(g.edges(d, keys=True, data=True)) + list(g.in_edges(d, keys=True, data=True)):
                a, b = self.canon(u), self.canon(v)
                if a == b:
                    continue
                g.add_edge(a, b, key=key, **data)
            g.remove_node(d)
        for k in {self.to_keep[d] for d in present}:
            if k in g:
                keep = self.inner.get_entities([k]).get(k)
                if keep is not None:
                    g.nodes[k].update(node_attrs(self.entity(keep)))
        return g

    def sources(self, entity_id: str) -> list[SourceRecord]:
        out = list(self.inner.sources(entity_id))
        for d in self.merged.get(entity_id, []):
            out.extend(self.inner.sources(d))
        return out

