"""Issue 18, storage format 9: a relation row holds its type and end types as codes and props a batch shares once.

Each is a byte where the name or the props took 7-15 (KvK 100k profiles: 253.5 -> 240.8 B/record, bench_bulk); a
read gives the names and props as before, whether a row was written coded or not (`graph.stores.lean._select`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.model import Entity, Provenance, Relation
from graph.stores import lean
from graph.stores.lean import TYPE_CODES
from graph.stores.records import props_text
from graph.stores.sqlite_store import SQLiteStore
from importers.kvk import import_kvk_files

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PEOPLE = [
    Entity(type="Person", properties={"name": n}, provenance=Provenance(source="Tip", reference=f"t:{i}"))
    for i, n in enumerate(("Ann", "Bob", "Cor"))
]
FIRM = Entity(type="Company", properties={"kvk_number": "12345678", "name": "Alfa B.V."})


def _relations(store: SQLiteStore) -> list[Relation]:
    ids = {e.caption: e.id for e in store.iter_entities()}
    firm = ids["Alfa B.V."]
    return [
        Relation(type="director_of", source_id=ids["Ann"], target_id=firm, properties={"role": "Bestuurder"}),
        Relation(type="director_of", source_id=ids["Bob"], target_id=firm, properties={"role": "Bestuurder"}),
        Relation(type="employed_by", source_id=ids["Cor"], target_id=firm, properties={"position": "kok"}),
        Relation(type="family_of", source_id=ids["Ann"], target_id=ids["Cor"]),
    ]


def _reads(store: SQLiteStore) -> tuple[Any, ...]:
    """What a reader sees of the relations: each one, by type and by end, the counts and the graph's edges."""

    def rel(r: Relation) -> tuple[Any, ...]:
        return r.id, r.type, r.source_id, r.target_id, json.dumps(r.properties, sort_keys=True), r.label

    firm = next(iter(store.iter_entities("Company"))).id
    edges = sorted(
        (u, v, d["type"], json.dumps(d["properties"], sort_keys=True)) for u, v, d in store.graph().edges(data=True)
    )
    return (
        sorted(map(rel, store.iter_relations())),
        sorted(map(rel, store.iter_relations("director_of"))),
        sorted(map(rel, store.relations_of(firm))),
        store.counts(),
        edges,
        sorted(store.neighbours([firm])),
    )


def _rows(store: SQLiteStore) -> list[tuple[Any, ...]]:
    return store.conn.execute("SELECT type, src_type, dst_type, props FROM relation_rows ORDER BY rid").fetchall()


def _project(path: Path) -> SQLiteStore:
    store = SQLiteStore(path, create=True)
    store.upsert_entities([e.evolve() for e in (*PEOPLE, FIRM)])
    store.upsert_relations(_relations(store))
    return store


def test_a_relation_row_holds_codes_and_shared_props_once_and_reads_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _project(tmp_path / "new.knp") as store:
        rows, coded = _rows(store), _reads(store)
        interned = store.conn.execute("SELECT props FROM rprops").fetchall()
    assert all(len(t) == len(s) == len(d) == 1 for t, s, d, _ in rows)  # 'director_of' in one byte, not 11
    assert [p for *_, p in rows][:2] == ["1", "1"] and [props_text(p) for (p,) in interned] == ['{"role":"Bestuurder"}']
    assert not str(rows[2][3]).isdigit() and not str(rows[3][3]).isdigit()  # said once: kept in its row
    monkeypatch.setattr(SQLiteStore, "_coded_relations", lambda self, name, rows: rows)  # rows as format 8 wrote them
    with _project(tmp_path / "old.knp") as store:
        assert {t for t, *_ in _rows(store)} == {"director_of", "employed_by", "family_of"}
        assert _reads(store) == coded


def test_the_kvk_bulk_path_stores_codes_and_every_type_has_one(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "kvk.knp", create=True) as store:
        import_kvk_files(store, sorted((EXAMPLES / "basisprofielen").glob("*.json")))
        rows = _rows(store)
        assert rows and all(len(t) == len(s) == len(d) == 1 for t, s, d, _ in rows)
        assert {r.type for r in store.iter_relations()} == {"located_at"}
    with SQLiteStore(tmp_path / "kvk.knp") as store:  # opened again: nothing to upgrade, the same reads
        assert {r.type for r in store.iter_relations()} == {"located_at"}
    from graph.schema import default_schema

    schema = default_schema()
    assert set(TYPE_CODES) == set(schema.entities) | set(schema.relations)  # a new type is stored by its name
    assert sorted(lean._RELATION_ORDER) == sorted(schema.relations)  # every code decoded, each in its column
    assert sorted(lean._ENTITY_ORDER) == sorted(schema.entities)
