"""Keep stored display names (captions) and the search index in step with the schema.

A record's caption is stored with it (search, listings and exports read it without the
schema), so a change of a type's name rule (`caption:` in graph/schema.yaml) or of what
search indexes would leave existing projects showing and finding the old names. On open
the store compares a hash of those rules with the one it recorded per partition and, when
they differ, recomputes every caption and search-index row of that partition once.

What was recomputed is kept for the project door (`recomputed(store)`, graph/access/session.py),
which writes one audit entry for it once the member is known and their signing key is set: a
change to the project is never unaudited, also on a viewer's open.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING

from graph.model import Entity
from graph.stores.lean import entity_type_name
from graph.stores.records import props_column, props_of

if TYPE_CHECKING:
    from graph.schema import Schema
    from graph.stores.sqlite_store import SQLiteStore

SETTING = "schema.captions"  # + "." + partition schema name
PREFIX = SETTING + "."
_DONE: weakref.WeakKeyDictionary[SQLiteStore, list[dict[str, object]]] = weakref.WeakKeyDictionary()


# A schema is not changed once loaded: its hash is computed once per process (0.2 ms, per open otherwise).
_HASHES: weakref.WeakKeyDictionary[Schema, str] = weakref.WeakKeyDictionary()


def rules_hash(schema: Schema) -> str:
    """A hash of what decides captions and search text: per type its caption and searched properties."""
    known = _HASHES.get(schema)
    if known is None:
        known = _HASHES[schema] = _hash({name: [list(et.caption), list(et.search_properties)]
                                         for name, et in sorted(schema.entities.items())})
    return known


def wider_rules_hash(schema: Schema) -> str:
    """`rules_hash` of the same schema with every property of a searchable type searched (no `search: false`),
    which is what projects made before that attribute existed recorded.

    An index made under those rules holds every term the current rules index and more (a legal form, a
    risk branch): a search finds a record too many, never too few, so `refresh` leaves it as it is --
    rewriting a million records' index rows at an open to drop terms was not worth it (issue 18) -- and a
    record's row loses the extra terms when the record is written again.
    """
    return _hash({name: [list(et.caption), list(et.search_candidates)] for name, et in sorted(schema.entities.items())})


def _hash(rules: dict[str, list[list[str]]]) -> str:
    return hashlib.sha256(json.dumps(rules, sort_keys=True).encode()).hexdigest()[:16]


def refresh(store: SQLiteStore, stored: Mapping[str, str] | None = None) -> int:
    """Recompute captions and search rows of each held partition whose rules hash is stale; returns rows changed.

    A partition indexed under the rules before `search: false` (`wider_rules_hash`) is not stale.

    The open compares one stored string per partition (one read of the main file's settings, or
    `stored`: the settings the open read already, these among them);
    nothing of a label file is read unless its hash is stale. Each recomputed partition is noted
    (labels, names changed, previous and new rules hash) for the audit entry the door writes
    (`recomputed`).
    """
    wanted = rules_hash(store.schema)
    names = sorted(set(store.held.values()))
    if stored is None:
        stored = store.settings_like(PREFIX)
    changed = 0
    done: list[dict[str, object]] = []
    wider: str | None = None
    for name in names:
        key = f"{SETTING}.{name}"
        previous = stored.get(key)
        if previous == wanted:
            continue
        if previous is not None and previous == (wider := wider or wider_rules_hash(store.schema)):
            continue  # an index of more terms than the rules give (wider_rules_hash): kept
        with store.transaction():
            recomputed = _recompute(store, name)
            store.set_setting(key, wanted)
        changed += recomputed
        done.append({"labels": sorted(label for label, n in store.held.items() if n == name),
                     "names_changed": recomputed, "previous_rules": previous, "rules": wanted})
    if done:
        _DONE[store] = done
    return changed


def recomputed(store: SQLiteStore) -> list[dict[str, object]]:
    """What `refresh` recomputed when `store` was opened (taken once: the door audits it)."""
    return _DONE.pop(store, [])


def _recompute(store: SQLiteStore, name: str) -> int:
    schema, conn = store.schema, store.conn
    captions: list[tuple[str, str | bytes, int]] = []
    search: list[tuple[int, str]] = []
    rows = f"{name}.{store._rows(name, 'entities')}"  # rid, type, caption and props: a lean row's own columns
    for rid, stored_type, caption, props in conn.execute(f"SELECT rid, type, caption, props FROM {rows}"):
        type_name = entity_type_name(stored_type)  # a code in format 10
        et = schema.entities.get(type_name)
        if et is None:
            continue
        entity = Entity(id="", type=type_name, properties=props_of(props, caption))
        entity.caption = schema.caption(et, entity.properties) or caption
        if entity.caption != caption:  # the properties again too: they may hold the caption (props codec 2)
            captions.append((entity.caption, props_column(entity.properties, entity.caption), rid))
        search.append((rid, schema.search_text(entity)))
    conn.executemany(f"UPDATE {name}.{store._rows(name, 'entities')} SET caption = ?, props = ? WHERE rid = ?",
                     captions)
    conn.executemany(f"DELETE FROM {name}.entity_search WHERE rowid = ?", [(rid,) for rid, _ in search])
    conn.executemany(f"INSERT INTO {name}.entity_search(rowid, text) VALUES(?, ?)", search)
    return len(captions)
