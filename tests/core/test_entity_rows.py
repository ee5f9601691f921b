"""Issue 18: entities handed to the store as prepared columns (graph.prepared_entities) store what Entity objects store.

The importer's bulk entry skips the store's second prepare, so these tests hold it to the
object path: same ids, properties, captions, search hits, metadata, sources, statements
and counts, the same refusals, and nothing but rows the schema module made is accepted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.errors import SchemaError, ValidationError
from graph.ids import keep_legacy_ids as keep_legacy_ids_of_objects
from graph.model import Entity, Provenance
from graph.prepared_entities import (
    EntityRows,
    entity_rows,
    entity_rows_of_columns,
    keep_legacy_ids,
    store_entity_rows,
)
from graph.schema import format_id, key_of
from graph.stores import sqlite_store
from graph.stores.sqlite_store import SQLiteStore
from graph.text import fold
from importers import case_import
from tests.core.test_bulk import _everything, _import, projects  # noqa: F401  (the fixture)

META = {"source": "Meldpunt", "received": "03-04-2024", "reliability": "B", "credibility": "2"}
# (type, properties, reference, label, valid_from, valid_to)
SPECS: list[tuple[str, dict[str, Any], str, str, str | None, str | None]] = [
    ("Company", {"kvk_number": "1234 5678", "name": "  Alfa  B.V. ", "trade_names": ["Alfa", "Alfa Bouw", ""],
                 # not indexed (search: false), and of an establishment only its name (search_pattern)
                 "legal_form": "Besloten Vennootschap", "risk_branches": ["hospitality"],
                 "establishments": ["000012345678 Snackbar Noord, ingeschreven 2020-01-02", "000012345679 Alfa"]},
     "m.csv:2:bedrijf", "open", "01-02-2020", None),
    ("Person", {"name": "Ann  de Vries", "birth_date": "12-07-1975"}, "m.csv:2:persoon", "open", None, None),
    ("Person", {"name": "Bøb Jansen-Strauß"}, "m.csv:3:persoon", "confidential", None, None),
    ("Address", {"postcode": "1234 ab", "house_number": "12", "street": "Dorpsstraat", "city": "Urk",
                 "full": "Dorpsstraat 12, 1234 AB Urk"}, "m.csv:2:adres", "open", None, None),
    ("Vehicle", {"plate": "ab-12-cd"}, "m.csv:3:auto", "open", None, "2024-01-01"),
    # the same company again in the batch, from another row: a second source of a new record
    ("Company", {"kvk_number": "12345678", "name": "Alfa B.V.", "trade_names": ["Alfa Holding"]},
     "m.csv:4:bedrijf", "open", None, None),
    ("Person", {}, "m.csv:5:persoon", "open", None, None),  # no name: the caption is the id
]


def _columns(specs: list[Any] = SPECS) -> dict[str, list[Any]]:
    cols: dict[str, list[Any]] = {k: [] for k in ("types", "props", "refs", "labels", "vf", "vt")}
    for spec in specs:
        for k, v in zip(cols, spec, strict=True):
            cols[k].append(v)
    return cols


def _rows(store: SQLiteStore, cols: dict[str, list[Any]], **meta: Any) -> EntityRows:
    return entity_rows(store.schema, cols["types"], cols["props"], cols["refs"], cols["labels"],
                       valid_from=cols["vf"], valid_to=cols["vt"], **{**META, **meta})


def _objects(cols: dict[str, list[Any]], **meta: Any) -> list[Entity]:
    m = {**META, **meta}
    return [Entity(type=t, properties=dict(p), valid_from=vf, valid_to=vt, label=label,
                   provenance=Provenance(source=m["source"], reference=ref, received=m["received"]),
                   reliability=m["reliability"], credibility=m["credibility"])
            for t, p, ref, label, vf, vt in zip(*cols.values(), strict=True)]


def _stored(store: SQLiteStore) -> list[tuple[Any, ...]]:
    out = []
    for e in sorted(store.iter_entities(), key=lambda e: e.id):
        out.append((e.id, e.type, e.caption, e.properties, e.valid_from, e.valid_to, e.label, e.grading,
                    e.provenance, e.created_by,
                    sorted((s.source, s.reference) for s in store.sources(e.id)),
                    sorted((s.prop, str(s.value), s.reference) for s in store.statements(e.id))))
    return out


def _hits(store: SQLiteStore) -> list[list[str]]:
    return [sorted(e.id for e in store.search(q)) for q in ("alfa", "de vries", "1234ab", "1234 AB", "ab12cd",
                                                             "dorpsstraat", "strauss", "bob", "12345678")]


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[SQLiteStore, SQLiteStore]]:
    a, b = SQLiteStore(tmp_path / "objects.knp", create=True), SQLiteStore(tmp_path / "rows.knp", create=True)
    yield a, b
    a.close()
    b.close()


def _counts(stats: Any) -> tuple[int, int, int, int]:
    return stats.created, stats.updated, stats.unchanged, stats.sources_added


def test_rows_store_what_entity_objects_store(pair: tuple[SQLiteStore, SQLiteStore]) -> None:
    a, b = pair
    cols = _columns()
    by_objects = a.upsert_entities(_objects(cols))
    rows = _rows(b, cols)
    by_rows = b.upsert_entity_rows(rows)
    # 7 rows: the company twice (a new record a second row names: one provenance row, as across batches)
    assert _counts(by_rows) == _counts(by_objects) == (6, 0, 0, 1)
    assert by_rows.ids == by_objects.ids == rows.ids  # in the order given
    assert _stored(b) == _stored(a)
    raw = "SELECT key, type, caption, props, ref, label FROM entity_rows ORDER BY key"
    assert b.conn.execute(raw).fetchall() == a.conn.execute(raw).fetchall()  # stored as objects store them
    assert any(isinstance(r[3], bytes) for r in b.conn.execute(raw))  # compressed properties too
    assert _hits(b) == _hits(a) and all(_hits(b)[:-1])
    firm = b.get_entity(rows.ids[0])
    assert firm.properties["trade_names"] == ["Alfa", "Alfa Bouw", "Alfa Holding"] and firm.caption == "Alfa B.V."
    assert b.get_entity(rows.ids[-1]).caption == rows.ids[-1]
    prepared = [b.schema.prepare_entity(e) for e in _objects(cols)]
    assert rows.search == [fold(b.schema.search_text(e)) for e in prepared]  # what the full-text index holds
    assert rows.search[0] == "alfa b v alfa bouw 12345678 snackbar noord"  # schema.yaml's search rules
    assert b.get_entity(rows.ids[2]).label == "confidential"
    # the same columns again: every entity is stored already and goes through the merge
    again_objects = a.upsert_entities(_objects(cols))
    again_rows = b.upsert_entity_rows(_rows(b, cols))
    assert _counts(again_rows) == _counts(again_objects)
    assert _stored(b) == _stored(a)
    assert a.counts() == b.counts()


def test_rows_into_stored_entities_add_sources_and_merge(pair: tuple[SQLiteStore, SQLiteStore]) -> None:
    a, b = pair
    cols = _columns(SPECS[:2])
    a.upsert_entities(_objects(cols))
    b.upsert_entity_rows(_rows(b, cols))
    later = {**cols, "refs": ["n.csv:9:bedrijf", "n.csv:9:persoon"],
             "props": [{"kvk_number": "12345678", "name": "Alfa Beheer B.V."}, {"name": "Ann de Vries",
                                                                             "birth_date": "1975-07-12"}]}
    meta = {"source": "Politie", "reliability": "A"}
    assert (_counts(b.upsert_entity_rows(_rows(b, later, **meta)))
            == _counts(a.upsert_entities(_objects(later, **meta))))
    assert _stored(b) == _stored(a)
    assert _hits(b) == _hits(a)
    firm = b.get_entity(_rows(b, cols).ids[0])
    assert len(b.sources(firm.id)) == 2 and len(b.statements(firm.id)) > 2


def test_only_rows_the_schema_made_are_taken(pair: tuple[SQLiteStore, SQLiteStore]) -> None:
    _, b = pair
    rows = _rows(b, _columns())
    with pytest.raises(TypeError, match="entity_rows"):
        EntityRows(**{f: getattr(rows, f) for f in EntityRows.__slots__ if f != "seal"}, seal=object())
    with pytest.raises(TypeError, match="EntityRows"):
        b.upsert_entity_rows(_objects(_columns()))  # type: ignore[arg-type]
    assert list(b.iter_entities()) == []


@pytest.mark.parametrize(("change", "error", "message"), [
    ({"types": ["Spaceship"]}, SchemaError, "unknown entity type"),
    ({"props": [{"name": "Ann", "colour": "rood"}]}, SchemaError, "Person m.csv:2:persoon: unknown property 'colour'"),
    ({"props": [{"name": "Ann", "birth_date": "gisteren"}]}, ValidationError, "gisteren"),
    ({"vf": ["2021-01-01"], "vt": ["2020-01-01"]}, ValidationError, "valid_to 2020-01-01 is before"),
    ({"vf": ["morgen"]}, ValidationError, "morgen"),
    ({"labels": ["geheim"]}, ValidationError, "security label 'geheim'"),
])
def test_bad_columns_are_refused_naming_what(change: dict[str, Any], error: type[Exception], message: str,
                                             pair: tuple[SQLiteStore, SQLiteStore]) -> None:
    _, b = pair
    cols = {**_columns(SPECS[1:2]), **change}
    with pytest.raises(error, match=message):
        _rows(b, cols)
    with pytest.raises(error):  # the object path refuses the same
        b.upsert_entities(_objects(cols))


def test_bad_grading_is_refused_and_a_refused_type_writes_nothing(pair: tuple[SQLiteStore, SQLiteStore]) -> None:
    a, b = pair
    cols = _columns(SPECS[1:2])
    with pytest.raises(ValidationError, match="reliability 'Z'"):
        _rows(b, cols, reliability="Z")
    with pytest.raises(ValidationError, match="credibility '9'"):
        _rows(b, cols, credibility="9")
    a.upsert_entities(_objects(_columns(SPECS[4:5])))  # a vehicle, whose id a Person row now claims
    (van,) = a.iter_entities()
    rows = _rows(a, _columns(SPECS[1:2]))
    forged = rows._with({**{n: getattr(rows, n) for n in ("captions", "props_json", "search", "refs", "labels",
                                                           "valid_from", "valid_to", "types")},
                         "ids": [van.id], "keys": [int(van.id[-16:], 16)]}, {})
    with pytest.raises(Exception, match="refusing to merge"):
        a.upsert_entity_rows(forged)
    assert [e.id for e in a.iter_entities()] == [van.id]


def test_legacy_ids_are_kept_as_for_objects(pair: tuple[SQLiteStore, SQLiteStore]) -> None:
    """A person stored under the old id rule (source + reference, no name) keeps that id when restated."""
    a, b = pair
    cols = _columns(SPECS[1:3])
    for store in pair:
        for spec in SPECS[1:3]:
            old = format_id("per", key_of(f"Person|src={META['source']}|ref={spec[2]}"))
            store.upsert_entities([Entity(id=old, type="Person", properties=dict(spec[1]),
                                          provenance=Provenance(source=META["source"], reference=spec[2]))])
    objects = _objects(cols)
    for e in objects:
        a.schema.prepare_entity(e)
    moved_objects = keep_legacy_ids_of_objects(a, objects)
    rows, moved_rows = keep_legacy_ids(b, _rows(b, cols))
    assert moved_rows == moved_objects and len(moved_rows) == 2
    assert rows.ids == [e.id for e in objects] and rows.ids == list(moved_rows.values())
    a.upsert_entities(objects)
    b.upsert_entity_rows(rows)
    assert _stored(b) == _stored(a) and len(_stored(b)) == 2


class _NoBulkStore:
    """A store without a bulk entry (as the Neo4j store): it gets canonical Entity objects."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[Entity], bool]] = []

    def upsert_entities(self, entities: list[Entity], *, canonical: bool = False) -> str:
        self.calls.append((list(entities), canonical))
        return "stats"


def test_a_store_without_a_bulk_entry_gets_canonical_entities(pair: tuple[SQLiteStore, SQLiteStore]) -> None:
    a, _ = pair
    rows = _rows(a, _columns())
    other = _NoBulkStore()
    assert store_entity_rows(other, rows) == "stats"
    ((got, canonical),) = other.calls
    assert canonical is True
    expected = _objects(_columns())
    for e in expected:
        a.schema.prepare_entity(e)
    assert [(e.id, e.caption, e.properties, e.valid_from, e.valid_to, e.label, e.provenance) for e in got] == [
        (e.id, e.caption, e.properties, e.valid_from, e.valid_to, e.label, e.provenance) for e in expected]


def test_cli_import_goes_through_the_rows_entry_and_stores_what_objects_store(
        projects: tuple[Path, Path], capsys: pytest.CaptureFixture[str],  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    by_objects, by_rows = projects
    with monkeypatch.context() as m:
        m.setattr(case_import, "store_entity_rows", lambda store, rows: store.upsert_entities(rows.records()))
        _import(capsys, by_objects)
    calls: list[int] = []
    entry = sqlite_store.SQLiteStore.upsert_entity_rows

    def counted(self: SQLiteStore, rows: EntityRows) -> Any:
        calls.append(len(rows))
        return entry(self, rows)

    monkeypatch.setattr(sqlite_store.SQLiteStore, "upsert_entity_rows", counted)
    _import(capsys, by_rows)
    assert calls and sum(calls) > 0
    assert _everything(by_rows) == _everything(by_objects)


_FIELDS = ("ids", "keys", "types", "captions", "props_json", "search", "refs", "labels", "valid_from", "valid_to",
           "legacy", "source", "received", "reliability", "credibility")


def _by_columns(store: SQLiteStore, specs: list[Any], **meta: Any) -> list[EntityRows]:
    """entity_rows_of_columns per type of `specs`: property columns, None where a row has no value."""
    out = []
    for t in dict.fromkeys(s[0] for s in specs):
        mine = [s for s in specs if s[0] == t]
        names = list(dict.fromkeys(n for s in mine for n in s[1]))
        cols = {n: [tuple(v) if isinstance(v := s[1].get(n), list) else v for s in mine] for n in names}
        out.append(entity_rows_of_columns(store.schema, t, cols, [s[2] for s in mine], [s[3] for s in mine],
                                          valid_from=[s[4] for s in mine], valid_to=[s[5] for s in mine],
                                          **{**META, **meta}))
    return out


def test_columns_make_the_rows_entity_rows_makes(pair: tuple[SQLiteStore, SQLiteStore]) -> None:
    """The column entry (the case importer's) gives what entity_rows gives for the same entities, row for row:
    values repeated across rows (normalised once), texts that normalise alike, multi values as tuples."""
    _, b = pair
    specs = [*SPECS, ("Person", {"name": "ann de  vries", "birth_date": "1975-07-12"}, "m.csv:6:persoon", "open",
                      None, None),
             ("Company", {"kvk_number": "87654321", "name": "Beta", "trade_names": ["Beta", "Alfa"]},
              "m.csv:7:bedrijf", "open", None, None),
             *[("Address", {"postcode": "1234AB", "house_number": n, "city": "Urk"}, f"m.csv:{8 + i}:adres", "open",
                None, None) for i, n in enumerate((12, 12, 14, "14"))],  # numbers as address parsing gives them
             ("Vehicle", {"plate": "AB12CD"}, "m.csv:12:auto", "open", None, None)]
    for rows in _by_columns(b, specs):
        mine = [s for s in specs if s[0] == rows.types[0]]
        want = _rows(b, _columns(mine))
        got = {f: getattr(rows, f) for f in _FIELDS if f not in ("ids", "keys")}
        assert got == {f: getattr(want, f) for f in _FIELDS if f not in ("ids", "keys")}
        named = [i for i, s in enumerate(mine) if s[1]]  # a row of no identity nor name gets a random id
        assert [rows.ids[i] for i in named] == [want.ids[i] for i in named]
    assert _by_columns(b, [])  == []


@pytest.mark.parametrize(("column", "values", "error", "message"), [
    ("colour", ["rood"], SchemaError, "Person m.csv:2:persoon: unknown property 'colour'"),
    ("birth_date", ["gisteren"], ValidationError, "gisteren"),
])
def test_bad_columns_are_refused_by_the_column_entry(column: str, values: list[Any], error: type[Exception],
                                                     message: str, pair: tuple[SQLiteStore, SQLiteStore]) -> None:
    _, b = pair
    with pytest.raises(error, match=message):
        entity_rows_of_columns(b.schema, "Person", {"name": ["Ann"], column: values}, ["m.csv:2:persoon"], ["open"],
                               **META)
    with pytest.raises(ValueError, match="different lengths"):
        entity_rows_of_columns(b.schema, "Person", {"name": ["Ann", "Bob"]}, ["m.csv:2:persoon"], ["open"], **META)
    assert len(entity_rows_of_columns(b.schema, "Person", {"colour": [None]}, ["r"], ["open"], **META)) == 1
