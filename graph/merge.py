"""Reversible merges of two entities the analyst confirmed are the same (entity resolution).

A merge keeps one entity, gives it what the other knew (missing properties, extra names
as aliases, every relation re-pointed, every source) and deletes the other. Before it
touches anything it stores a snapshot of both entities and all their relations in the
project's settings (`merge.<id>`), so `undo_merge` can put both back as they were,
relations included. Both are audited (`merge`, `merge undo`).

Works through the `Store` protocol only, so it serves the SQLite and the Neo4j store.
What an undo cannot restore exactly: the created/updated timestamps of the restored
records (they get the time of the undo), and properties that later imports added to the
kept entity after the merge (relations added later are kept).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict
from typing import Any

from graph.access.guarded import activity
from graph.errors import KnooppuntError, NotFound
from graph.model import Entity, Provenance, Relation, now_iso
from graph.store import SourceRecord, Store

INDEX_KEY = "merge.index"


def _entity_dict(e: Entity) -> dict[str, Any]:
    return asdict(e)


def _entity_from(d: dict[str, Any]) -> Entity:
    d = dict(d)
    prov = d.pop("provenance")
    return Entity(**d, provenance=Provenance(**prov) if prov else None)


def _relation_from(d: dict[str, Any]) -> Relation:
    d = dict(d)
    prov = d.pop("provenance")
    return Relation(**d, provenance=Provenance(**prov) if prov else None)


def _index(store: Store) -> list[str]:
    return list(json.loads(store.get_setting(INDEX_KEY) or "[]"))


def _merged_properties(store: Store, keep: Entity, drop: Entity) -> dict[str, Any]:
    """Keep's values win; drop fills the gaps; multi values gather; drop's other name becomes an alias."""
    specs = store.schema.entities[keep.type].properties
    props = dict(keep.properties)
    for name, value in drop.properties.items():
        if specs[name].multi:
            props[name] = sorted(set(props.get(name, [])) | set(value), key=str)
        elif name not in props:
            props[name] = value
    if "aliases" in specs and drop.caption and drop.caption != keep.caption:
        props["aliases"] = sorted(set(props.get("aliases", [])) | {drop.caption}, key=str)
    return props


def _extra_sources(sources: list[SourceRecord]) -> list[SourceRecord]:
    return sources[1:]


def _with_source(record: Any, s: SourceRecord) -> Any:
    return record.evolve(provenance=Provenance(source=s.source, reference=s.reference, received=s.received),
                         reliability=s.reliability, credibility=s.credibility)


def merge_entities(store: Store, keep_id: str, drop_id: str, *, reason: str = "") -> str:
    """Merge `drop_id` into `keep_id`; returns the merge id for `undo_merge`."""
    if keep_id == drop_id:
        raise KnooppuntError(f"{keep_id}: cannot merge an entity with itself")
    keep = store.get_entity(keep_id)
    drop = store.get_entity(drop_id)
    if keep.type != drop.type:
        raise KnooppuntError(f"cannot merge {keep.type} {keep_id} with {drop.type} {drop_id}: types differ")
    merge_id = f"mrg-{secrets.token_hex(8)}"
    with activity(store, "merge", merge_id=merge_id, kept=keep_id, merged=drop_id, type=keep.type,
                   kept_caption=keep.caption, merged_caption=drop.caption, reason=reason):
        keep_rels = store.relations_of(keep_id)
        drop_rels = store.relations_of(drop_id)
        snapshot = {
            "id": merge_id, "at": now_iso(), "by": store.caller.user, "reason": reason,
            "keep": _entity_dict(keep), "drop": _entity_dict(drop),
            "keep_sources": [asdict(s) for s in store.sources(keep_id)],
            "drop_sources": [asdict(s) for s in store.sources(drop_id)],
            "keep_relations": [asdict(r) for r in keep_rels],
            "drop_relations": [asdict(r) for r in drop_rels],
        }
        before = {r.id for r in keep_rels}
        store.delete([drop_id])
        merged = keep.evolve(properties=_merged_properties(store, keep, drop), caption="")
        store.upsert_entities([merged])
        for s in [SourceRecord(**d) for d in snapshot["drop_sources"]]:  # type: ignore[arg-type]
            store.upsert_entities([_with_source(merged, s).evolve(properties={})])
        store.upsert_entities([merged])  # its own grading back on top
        moved = []
        for r in drop_rels:
            src = keep_id if r.source_id == drop_id else r.source_id
            dst = keep_id if r.target_id == drop_id else r.target_id
            if src == dst:
                continue  # a relation between the two (family_of): meaningless once they are one
            moved.append(r.evolve(id="", source_id=src, target_id=dst, created_by=None, created_at=None,
                                  updated_by=None, updated_at=None))
        stats = store.upsert_relations(moved)
        snapshot["created_relations"] = sorted(set(stats.ids) - before)
        store.set_setting(f"merge.{merge_id}", json.dumps(snapshot, ensure_ascii=False))
        store.set_setting(INDEX_KEY, json.dumps([*_index(store), merge_id]))
    return merge_id


def get_merge(store: Store, merge_id: str) -> dict[str, Any]:
    raw = store.get_setting(f"merge.{merge_id}")
    if raw is None:
        raise NotFound(f"no merge {merge_id!r} in the project (see `knooppunt resolve merges`)")
    return dict(json.loads(raw))


def list_merges(store: Store) -> list[dict[str, Any]]:
    """Every merge, oldest first: id, when, by whom, kept and merged ids and captions, undone."""
    out = []
    for merge_id in _index(store):
        m = get_merge(store, merge_id)
        out.append({"merge": merge_id, "at": m["at"], "by": m["by"], "kept": m["keep"]["id"],
                    "kept_name": m["keep"]["caption"], "merged": m["drop"]["id"],
                    "merged_name": m["drop"]["caption"], "undone": m.get("undone_at") or ""})
    return out


def _restore_entity(store: Store, entity: Entity, sources: list[dict[str, Any]]) -> None:
    entity = entity.evolve(created_by=None, created_at=None, updated_by=None, updated_at=None)
    store.upsert_entities([entity])
    for s in _extra_sources([SourceRecord(**d) for d in sources]):
        store.upsert_entities([_with_source(entity, s).evolve(properties={})])
    store.upsert_entities([entity])


def undo_merge(store: Store, merge_id: str) -> dict[str, Any]:
    """Put both entities and their relations back as they were before the merge."""
    m = get_merge(store, merge_id)
    if m.get("undone_at"):
        raise KnooppuntError(f"merge {merge_id} was already undone on {m['undone_at']}")
    keep = _entity_from(m["keep"])
    drop = _entity_from(m["drop"])
    with activity(store, "merge undo", merge_id=merge_id, kept=keep.id, restored=drop.id):
        original = {r["id"] for r in m["keep_relations"]} | {r["id"] for r in m["drop_relations"]}
        created = set(m.get("created_relations", []))
        try:
            later = [r for r in store.relations_of(keep.id) if r.id not in created and r.id not in original]
        except NotFound:
            later = []
        store.delete([keep.id, *created])
        _restore_entity(store, keep, m["keep_sources"])
        _restore_entity(store, drop, m["drop_sources"])
        rels = [_relation_from(d) for d in m["keep_relations"] + m["drop_relations"]]
        seen: set[str] = set()
        restore = []
        for r in rels + later:
            if r.id in seen:
                continue
            seen.add(r.id)
            restore.append(r.evolve(created_by=None, created_at=None, updated_by=None, updated_at=None))
        try:
            store.upsert_relations(restore)
        except NotFound as exc:
            raise KnooppuntError(f"merge {merge_id}: cannot restore a relation, an entity at its other end "
                                 f"was deleted since ({exc})") from None
        m["undone_at"] = now_iso()
        m["undone_by"] = store.caller.user
        store.set_setting(f"merge.{merge_id}", json.dumps(m, ensure_ascii=False))
    return m
