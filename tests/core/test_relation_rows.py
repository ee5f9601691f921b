"""Issue 18: relations handed to the store as prepared columns (graph.prepared) store what Relation objects store.

The importer's bulk entry skips the store's second prepare, so these tests hold it to the
object path: same ids, properties, metadata, sources, statements and counts, the same refusals,
and nothing but rows the schema module made is accepted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.errors import NotFound, SchemaError, ValidationError
from graph.model import Entity, Provenance, Relation
from graph.prepared import RelationRows, relation_rows
from graph.stores import sqlite_store
from graph.stores.sqlite_store import SQLiteStore
from importers import case_import
from tests.core.test_bulk import _everything, _import, projects  # noqa: F401  (the fixture)

PEOPLE = [Entity(type="Person", properties={"name": n, "birth_date": "1980-01-0" + str(i + 1)},
                 provenance=Provenance(source="Tip", reference=f"t:{i}")) for i, n in enumerate(("Ann", "Bob", "Cor"))]
FIRM = Entity(type="Company", properties={"kvk_number": "12345678", "name": "Alfa B.V."})
# (type, source index, target index or "firm", props, valid_from, valid_to, reference)
SPECS: list[tuple[str, int, Any, dict[str, Any], str | None, str | None, str]] = [
    ("director_of", 0, "firm", {"role": " Bestuurder  ", "authority": "alleen"}, "01-02-2020", None, "m.csv:2"),
    ("director_of", 0, "firm", {"role": "Bestuurder"}, "2020-02-01", "2021-01-01", "m.csv:3"),  # same id: a merge
    ("associate_of", 2, 1, {}, None, None, "m.csv:4"),  # undirected: the ends are ordered
    ("associate_of", 1, 2, {}, None, None, "m.csv:5"),
    ("employed_by", 1, "firm", {"position": "kok"}, None, None, "m.csv:6"),
    ("family_of", 0, 1, {"relationship": ["broer", ""]}, None, None, "m.csv:7"),
]
META = {"source": "Meldpunt", "received": "03-04-2024", "reliability": "B", "credibility": "2"}


def _store(path: Path) -> SQLiteStore:
    store = SQLiteStore(path, create=True)
    store.upsert_entities([e.evolve() for e in (*PEOPLE, FIRM)])
    return store


def _ids(store: SQLiteStore) -> tuple[list[str], str]:
    people = sorted(store.iter_entities("Person"), key=lambda e: e.caption)
    (firm,) = store.iter_entities("Company")
    return [p.id for p in people], firm.id


def _columns(store: SQLiteStore, specs: list[Any] = SPECS) -> dict[str, list[Any]]:
    people, firm = _ids(store)
    cols: dict[str, list[Any]] = {k: [] for k in ("types", "src", "dst", "props", "refs", "labels", "vf", "vt")}
    for rtype, s, d, props, vf, vt, ref in specs:
        for k, v in zip(cols, (rtype, people[s], firm if d == "firm" else people[d], props, ref, "open", vf, vt),
                        strict=True):
            cols[k].append(v)
    return cols


def _rows(store: SQLiteStore, cols: dict[str, list[Any]], **meta: Any) -> RelationRows:
    return relation_rows(store.schema, cols["types"], cols["src"], cols["dst"], cols["props"], cols["refs"],
                         cols["labels"], valid_from=cols["vf"], valid_to=cols["vt"], **{**META, **meta})


def _objects(cols: dict[str, list[Any]]) -> list[Relation]:
    return [Relation(type=t, source_id=s, target_id=d, properties=dict(p), valid_from=vf, valid_to=vt,
                     provenance=Provenance(source=META["source"], reference=ref, received=META["received"]),
                     reliability=META["reliability"], credibility=META["credibility"], label=label)
            for t, s, d, p, ref, label, vf, vt in zip(*cols.values(), strict=True)]


def _stored(store: SQLiteStore) -> list[tuple[Any, ...]]:
    out = []
    for r in sorted(store.iter_relations(), key=lambda r: r.id):
        out.append((r.id, r.type, r.source_id, r.target_id, r.properties, r.valid_from, r.valid_to, r.label,
                    r.grading, r.provenance,
                    sorted((s.source, s.reference) for s in store.sources(r.id)),
                    sorted((s.prop, str(s.value), s.reference) for s in store.statements(r.id))))
    return out


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[SQLiteStore, SQLiteStore]]:
    a, b = _store(tmp_path / "objects.knp"), _store(tmp_path / "rows.knp")
    yield a, b
    a.close()
    b.close()


def _counts(stats: Any) -> tuple[int, int, int, int]:
    return stats.created, stats.updated, stats.unchanged, stats.sources_added


def test_rows_store_what_relation_objects_store(pair: tuple[SQLiteStore, SQLiteStore]) -> None:
    a, b = pair
    cols = _columns(a)
    by_objects = a.upsert_relations(_objects(cols))
    by_rows = b.upsert_relation_rows(_rows(b, cols))
    # 6 rows: 2 merges in the batch, each a second source of a new record (a provenance row, as across batches)
    assert _counts(by_rows) == _counts(by_objects) == (4, 0, 0, 2)
    assert sorted(by_rows.ids) == sorted(by_objects.ids)
    assert _stored(b) == _stored(a)
    (assoc,) = [r for r in b.iter_relations("associate_of")]
    assert assoc.source_id < assoc.target_id
    (director,) = [r for r in b.iter_relations("director_of")]
    assert director.properties["role"] == "Bestuurder" and director.valid_from == "2020-02-01"
    # the same columns again: every relation is stored already and goes through the merge
    again_objects = a.upsert_relations(_objects(cols))
    again_rows = b.upsert_relation_rows(_rows(b, cols))
    assert _counts(again_rows) == _counts(again_objects)
    assert _stored(b) == _stored(a)


def test_rows_into_a_stored_relation_add_a_source(pair: tuple[SQLiteStore, SQLiteStore]) -> None:
    a, b = pair
    cols = _columns(a, SPECS[4:5])
    a.upsert_relations(_objects(cols))
    b.upsert_relation_rows(_rows(b, cols))
    later = {**cols, "refs": ["n.csv:9"], "props": [{"position": "chef"}]}
    assert _counts(b.upsert_relation_rows(_rows(b, later))) == _counts(a.upsert_relations(_objects(later)))
    assert _stored(b) == _stored(a)
    (rel,) = b.iter_relations()
    assert rel.properties == {"position": "chef"} and len(b.sources(rel.id)) == 2


def test_only_rows_the_schema_made_are_taken(pair: tuple[SQLiteStore, SQLiteStore]) -> None:
    _, b = pair
    rows = _rows(b, _columns(b))
    with pytest.raises(TypeError, match="relation_rows"):
        RelationRows(**{f: getattr(rows, f) for f in RelationRows.__slots__ if f != "seal"}, seal=object())
    with pytest.raises(TypeError, match="RelationRows"):
        b.upsert_relation_rows(_objects(_columns(b)))  # type: ignore[arg-type]
    assert list(b.iter_relations()) == []


@pytest.mark.parametrize(("change", "error", "message"), [
    ({"types": ["no_such"]}, SchemaError, "unknown relation type"),
    ({"props": [{"colour": "rood"}]}, SchemaError, "unknown property 'colour'"),
    ({"vf": ["2021-01-01"], "vt": ["2020-01-01"]}, ValidationError, "valid_to 2020-01-01 is before"),
    ({"vf": ["morgen"]}, ValidationError, "morgen"),
    ({"labels": ["geheim"]}, ValidationError, "security label 'geheim'"),
])
def test_bad_columns_are_refused_naming_what(pair: tuple[SQLiteStore, SQLiteStore], change: dict[str, Any],
                                             error: type[Exception], message: str) -> None:
    _, b = pair
    cols = {**_columns(b, SPECS[4:5]), **change}
    with pytest.raises(error, match=message):
        _rows(b, cols)


def test_bad_grading_and_bad_ends_are_refused(pair: tuple[SQLiteStore, SQLiteStore]) -> None:
    _, b = pair
    cols = _columns(b, SPECS[4:5])
    with pytest.raises(ValidationError, match="reliability 'Z'"):
        _rows(b, cols, reliability="Z")
    missing = {**cols, "src": ["per-0000000000000001"]}
    with pytest.raises(NotFound, match="no entity 'per-0000000000000001'"):
        b.upsert_relation_rows(_rows(b, missing))
    wrong = {**cols, "types": ["ubo_of"], "src": cols["dst"], "dst": cols["src"], "props": [{}]}
    with pytest.raises(SchemaError, match="ubo_of cannot start at a Company"):
        b.upsert_relation_rows(_rows(b, wrong))
    assert list(b.iter_relations()) == []  # nothing half-written


def test_cli_import_goes_through_the_rows_entry_and_stores_what_objects_store(
        projects: tuple[Path, Path], capsys: pytest.CaptureFixture[str],  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    by_objects, by_rows = projects
    with monkeypatch.context() as m:
        m.setattr(case_import, "upsert_rows", lambda store, rows: store.upsert_relations(rows.records()))
        _import(capsys, by_objects)
    calls: list[int] = []
    entry = sqlite_store.SQLiteStore.upsert_relation_rows

    def counted(self: SQLiteStore, rows: RelationRows) -> Any:
        calls.append(len(rows))
        return entry(self, rows)

    monkeypatch.setattr(sqlite_store.SQLiteStore, "upsert_relation_rows", counted)
    _import(capsys, by_rows)
    assert calls and sum(calls) > 0
    assert _everything(by_rows) == _everything(by_objects)


def test_own_source_restating_word_for_word_is_unchanged_and_writes_nothing(tmp_path: Path) -> None:
    """A record a large file names again in a later chunk (same source, reference, values): no fold, no
    statements; any difference (here the grading) still goes through the merge."""
    with _store(tmp_path / "p.knp") as store:
        van = Entity(type="Vehicle", properties={"plate": "AB-12-CD"}, reliability="B",
                     provenance=Provenance(source="Meldpunt", reference="m.csv:2"))
        (van_id,) = store.upsert_entities([van.evolve()]).ids
        cols = _columns(store, SPECS[4:5])
        assert store.upsert_relation_rows(_rows(store, cols)).created == 1
        again = store.upsert_entities([van.evolve()])
        assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
        assert _counts(store.upsert_relation_rows(_rows(store, cols))) == (0, 0, 1, 0)
        assert store.conn.execute("SELECT count(*) FROM statements").fetchone()[0] == 0
        assert store.upsert_entities([van.evolve(reliability="A")]).updated == 1
        assert store.get_entity(van_id).reliability == "A"
        assert _counts(store.upsert_relation_rows(_rows(store, cols, credibility="1")))[1] == 1


def test_one_props_object_shared_by_rows_of_several_types(pair: tuple[SQLiteStore, SQLiteStore]) -> None:
    """An importer hands one dict to every row with the same values (a role): each type reads it by its own
    properties, and a list value is normalised as when every row had its own dict (rows as objects)."""
    a, b = pair
    shared: dict[str, Any] = {"role": " Bestuurder ", "relationship": ["zus", "broer", "zus"]}
    specs = [("director_of", 0, "firm", shared, None, None, "m.csv:8"),
             ("family_of", 1, 2, shared, None, None, "m.csv:9"),
             ("director_of", 1, "firm", shared, None, None, "m.csv:10")]
    with pytest.raises(SchemaError, match="unknown property 'relationship'"):
        _rows(b, _columns(b, specs))  # director_of has no `relationship`: refused as for one dict a row
    own = {"director_of": {"role": " Bestuurder "}, "family_of": {"relationship": ["zus", "broer", "zus"]}}
    specs = [(t, s, d, own[t], vf, vt, ref) for t, s, d, _, vf, vt, ref in specs]
    rows = _rows(b, {**_columns(b, specs), "props": [own["director_of"], own["family_of"], own["director_of"]]})
    assert rows.props_json == ['{"role":"Bestuurder"}', '{"relationship":"zus"}', '{"role":"Bestuurder"}']
    assert _counts(b.upsert_relation_rows(rows)) == _counts(a.upsert_relations(_objects(_columns(a, specs))))
    assert _stored(b) == _stored(a)


@pytest.mark.parametrize("types", [("associate_of", "family_of", "registered_at"), ("associate_of", "family_of"),
                                   ("involved_in", "associate_of")])
def test_columns_give_the_ids_ends_and_keys_of_prepare_relation(types: tuple[str, ...]) -> None:
    """Rows of several types at once (two undirected, with and without identity properties, an end that is no
    record id): the ends ordered, ids and end keys as `Schema.prepare_relation` and `parse_id` make them."""
    from graph.schema import default_schema, parse_id

    schema = default_schema()
    ends = ["per-00000000000000a1", "per-00000000000000b2", "adr-00000000000000c3", "cas-00000000000000d4", "not-an-id"]
    rows: list[tuple[str, str, str, dict[str, Any]]] = []
    for t in types:
        for s in ends:
            for d in ends:
                if s != d:
                    rows.append((t, s, d, {"role": "Verdachte"} if t == "involved_in" else {}))
    got = relation_rows(schema, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
                        [r[3] for r in rows], ["x.csv:1"] * len(rows), ["open"] * len(rows))
    for i, (t, s, d, props) in enumerate(rows):
        want = schema.prepare_relation(Relation(type=t, source_id=s, target_id=d, properties=dict(props)))
        assert (got.ids[i], got.src[i], got.dst[i]) == (want.id, want.source_id, want.target_id)
        for end, key in ((got.src[i], got.src_keys[i]), (got.dst[i], got.dst_keys[i])):
            assert key == (-1 if end == "not-an-id" else parse_id(end))
