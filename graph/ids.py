"""Records in existing projects keep their ids when the id rule changed.

An identity-less record's id was once made from source + reference alone, so two persons
in one KvK extract became one record. The name is now part of that key
(`Schema.fallback_key`). A record stored under the old key must still be found when the
same source restates it: before an upsert, an entity whose old id holds a record with the
same name takes that id, and relations that point at it follow.

Works through the `Store` protocol (`get_entities`), so for every backend; one lookup per
batch, only for records without identity.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from graph.errors import NotFound
from graph.model import Entity, Relation
from graph.schema import Schema, name_key
from graph.store import Store


def _same_name(store: Store, stored: Entity, incoming: Entity) -> bool:
    """The stored record is the one the source named: its name now, or the name this source gave it
    (a record renamed by hand since is still found by the source that named it)."""
    et = store.schema.entities[incoming.type]
    wanted = name_key(store.schema.caption(et, incoming.properties))
    if stored.type != incoming.type:
        return False
    if name_key(stored.caption) == wanted:
        return True
    p = incoming.provenance
    said = [s for s in store.statements(stored.id) if p is not None and (s.source, s.reference or "") == (
        p.source, p.reference or "") and s.prop in et.caption]
    return any(name_key(str(s.value)) == wanted for s in said)


def keep_legacy_ids(store: Store, entities: Sequence[Entity], relations: Iterable[Relation] = ()) -> dict[str, str]:
    """Give entities the old-rule id their record already has; returns {new id: old id}.

    Entities must have their ids (`Schema.prepare_entity`); relations' ends are rewritten
    in place, and a relation whose id came from those ends gets it made again.
    """
    schema = store.schema
    legacy: dict[str, list[Entity]] = {}
    for e in entities:
        old = schema.legacy_entity_id(schema.entities[e.type], e) if e.id else None
        if old is not None and old != e.id:
            legacy.setdefault(old, []).append(e)
    if not legacy:
        return {}
    try:
        found = store.get_entities(legacy)
    except NotFound:
        found = {}
    moved: dict[str, str] = {}
    for old, group in legacy.items():
        stored = found.get(old)
        for e in group:
            if stored is not None and _same_name(store, stored, e):
                moved[e.id] = old
                e.id = old
    if moved:
        _follow(schema, moved, relations)
    return moved


def _follow(schema: Schema, moved: dict[str, str], relations: Iterable[Relation]) -> None:
    for r in relations:
        src, dst = moved.get(r.source_id, r.source_id), moved.get(r.target_id, r.target_id)
        if (src, dst) == (r.source_id, r.target_id):
            continue
        derived = bool(r.id) and r.id == schema.relation_id(schema.relation_type(r.type), r)
        r.source_id, r.target_id = src, dst
        if derived or not r.id:
            r.id = ""
