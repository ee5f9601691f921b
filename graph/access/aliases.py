"""Merges as aliases, applied when reading: "B is A" is a project setting, one per label.

The aliases of merges whose records are above `open` are kept in the file of the higher label
(`merge.aliases@police-wpg`, `graph.access.labelled_settings`): in the main file their ids would
give the records' KvK numbers or BSNs away to a member who tries them all. The main file keeps
`open`'s (`merge.aliases`) and a count of the writes to the others (`merge.aliases.labelled`). The count
tells a session that the labelled shares changed (another process merged); it never tells a reader of a
partitioned project to skip them: it is in the main file, which every member can write, and a member holding
only the `open` key who emptied it would make the owner see the police merges as undone (red team 3). So
the first read of a session looks in the label files once (`GuardedStore._aliases`); a one-file or Neo4j
project, where every setting is in the one file anyway, still skips them while the count is empty.

`graph.merge` records and removes aliases; `GuardedStore` reads every entity, relation,
neighbourhood and graph through `AliasView`, built over the caller-narrowed store below the
guard -- so a caller sees a merge only when they may see the kept entity, and records the
merger could not see follow the merge without being written. Kept here, in the access
package, because it reads the store behind the guard.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from graph.model import SECURITY_LABELS, Entity, Relation
from graph.store import SourceRecord, Store
from graph.stores.records import label_rank, node_attrs

if TYPE_CHECKING:
    import networkx as nx  # annotations only: opening a project must not load networkx (issue 10)

ALIASES_KEY = "merge.aliases"
LABELLED_KEY = "merge.aliases.labelled"  # one read of the main file finds both (`main_marks`)


def main_marks(store: Store) -> tuple[str, str]:
    """The main file's aliases and count of labelled alias writes, in one statement where the store can."""
    like = getattr(store, "settings_like", None)
    found = like(ALIASES_KEY) if like is not None else {k: store.get_setting(k) for k in (ALIASES_KEY, LABELLED_KEY)}
    return found.get(ALIASES_KEY) or "{}", found.get(LABELLED_KEY) or ""


def alias_settings(store: Store) -> dict[str, dict[str, str]]:
    """Each share of the aliases the caller's files hold, by setting key."""
    return {k: share for k, (_, share) in _shares(store).items()}


def _shares(store: Store) -> dict[str, tuple[str, dict[str, str]]]:
    """Each share by setting key, with the label of the file it was read from."""
    from graph.access import labelled_settings
    if not labelled_settings.partitioned(store) and not (store.get_setting(LABELLED_KEY) or "").strip():
        raw = store.get_setting(ALIASES_KEY)
        return {ALIASES_KEY: (SECURITY_LABELS[0], _parsed(raw))} if raw else {}
    return {k: (label, _parsed(v)) for k, (label, v) in labelled_settings.shares(store, ALIASES_KEY).items()}


def _parsed(raw: str) -> dict[str, str]:
    """A share as merged id -> kept id. One changed outside Knooppunt into anything else (a member holding the
    `open` key can write the main file) counts as empty: every read of the project would end in a traceback."""
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {d: k for d, k in value.items() if isinstance(d, str) and isinstance(k, str)}


def raw_aliases(store: Store) -> dict[str, str]:
    """Every active alias, merged id -> kept id (whatever the caller may see of the files they hold).

    An alias counts only from a file whose label is at least that of both its records: Knooppunt writes it to
    the file of the higher (`graph.merge`), so one naming a `police-wpg` record found in the main file was put
    there by hand -- by a member holding only the `open` key, to hide a police record inside an open one for
    those who see both. (The main file of a project made before such aliases were kept apart, 2026-12-07, held
    them all: there, it still counts; `made_before_labelled_settings`.)
    """
    from graph.access import labelled_settings
    shares = _shares(store)
    named = {i for _, share in shares.values() for pair in share.items() for i in pair}
    labels = labelled_settings.labels_of(store, named) if named else {}
    earlier: dict[str, bool] = {}
    out: dict[str, str] = {}
    for where, share in shares.values():
        for drop, keep in share.items():
            top = max(labels.get(drop, where), labels.get(keep, where), key=label_rank)
            if label_rank(top) > label_rank(where):
                if where != SECURITY_LABELS[0]:
                    continue
                if top not in earlier:
                    earlier[top] = labelled_settings.made_before_labelled_settings(store, top)
                if not earlier[top]:
                    continue
            out[drop] = keep
    return out


def unaliased(store: Store) -> Any:
    """The store below the alias view (a guarded store's caller-narrowed inner store)."""
    return getattr(store, "inner", store)


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
        found = self.inner.get_entities(drops)
        others = [found[d] for d in drops if d in found]
        merged = merged_properties(self.inner, e, others)
        # the values of a higher-labelled entity keep its label: shown (and exported, or saved by an edit)
        # under the kept entity's lower label they would reach members and audiences not cleared for them
        top = max([e.label, *(o.label for o in others)], key=label_rank)
        return merged if top == e.label else merged.evolve(label=top)

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

