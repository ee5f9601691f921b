"""Issue 18, storage format 10: an entity row holds its type as its TYPE_CODES character (`Company` in 1 byte, in the
row and in the `entities_type` index, instead of 7).

A read names it (`graph.stores.lean.entity_type_name`), a type filter asks for the name and the code
(`entity_type_values`) so that the index still answers it, a format-9 file's rows keep their names and read and are
found the same way, and a type the codes do not know (added to the schema later) is stored by its name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from graph.model import Entity, Provenance, Relation
from graph.schema import Schema
from graph.stores import lean
from graph.stores.lean import FORMAT, TYPE_CODE, entity_type_values
from graph.stores.sqlite_store import _ENTITY_SELECT, SQLiteStore
from workbench.cli import main
from workbench.output import read_json_rows

pytestmark = pytest.mark.usefixtures("english_cli")


def _people(*names: str) -> list[Entity]:
    return [Entity(type="Person", properties={"name": n}, provenance=Provenance(source="Tip", reference=f"t:{n}"))
            for n in names]


def _firm(name: str, number: str) -> Entity:
    return Entity(type="Company", properties={"kvk_number": number, "name": name})


def _fill(store: SQLiteStore, people: tuple[str, ...], firm: Entity) -> None:
    """People and a firm, one of them its director: the one-record write path."""
    store.upsert_entities([*_people(*people), firm])
    ids = {e.caption: e.id for e in store.iter_entities()}
    store.upsert_relations([Relation(type="director_of", source_id=ids[people[0]], target_id=ids[firm.caption])])


def _stored_types(store: SQLiteStore) -> list[str]:
    return [t for (t,) in store.conn.execute("SELECT type FROM entity_rows ORDER BY rid")]


def _reads(store: SQLiteStore) -> dict[str, Any]:
    """What a reader sees of entity types: listings and filters, search, counts, graph, neighbours, summaries."""
    firm = next(e for e in store.iter_entities("Company") if e.caption == "Alfa B.V.")
    return {
        "all": sorted((e.type, e.caption, e.id[:2]) for e in store.iter_entities()),
        "people": sorted(e.caption for e in store.iter_entities("Person")),
        "search": sorted((e.type, e.caption) for e in store.search("a", types=["Person", "Company"])),
        "counts": store.counts(),
        "graph": sorted((d["type"], n) for n, d in store.graph(entity_types=["Person"]).nodes(data=True)),
        "neighbours": sorted(store.neighbours([firm.id])),
        "got": store.get_entity(firm.id).type,
        "relation_ends": sorted((r.source_id[:2], r.target_id[:2]) for r in store.relations_of(firm.id)),
        "old": sorted(t for _, kind, t, _, _ in store.delivered_before("9999-12-31") if kind == "entity"),
    }


def test_a_new_file_stores_codes_and_reads_names_through_the_store_and_the_cli(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.knp"
    with SQLiteStore(path, create=True) as store:
        _fill(store, ("Ann", "Bas"), _firm("Alfa B.V.", "12345678"))
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == FORMAT == 10
        assert _stored_types(store) == [TYPE_CODE["Person"]] * 2 + [TYPE_CODE["Company"]]
        reads = _reads(store)
    assert reads["all"] == [("Company", "Alfa B.V.", "co"), ("Person", "Ann", "pe"), ("Person", "Bas", "pe")]
    assert reads["people"] == ["Ann", "Bas"] and reads["got"] == "Company"
    assert reads["counts"] == {"Company": 1, "Person": 2, "director_of": 1}
    assert [t for t, _ in reads["graph"]] == ["Person", "Person"] and reads["old"] == ["Company", "Person", "Person"]
    assert reads["relation_ends"] == [("pe", "co")] and all(i.startswith(("pe", "co")) for i in reads["neighbours"])
    capsys.readouterr()
    assert main(["search", "ann", "--type", "Person", "--project", str(path), "--format", "json"]) == 0
    hits = read_json_rows(capsys.readouterr().out)
    assert [(h["type"], h["name"]) for h in hits] == [("Person", "Ann")]
    assert main(["stats", "--project", str(path), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "Company" in out and "Person" in out and TYPE_CODE["Person"] + "," not in out


def _plan(store: SQLiteStore, sql: str, params: tuple[Any, ...]) -> str:
    return " / ".join(str(row[-1]) for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql, params))


def test_a_type_filter_is_answered_by_the_entities_type_index(tmp_path: Path) -> None:
    """The type tabs and `iter_entities(type)` read one type of a large file: through the index, not a scan, on the
    file's own view (a single-file project), the SELECT a label file is read through, and the rows."""
    with SQLiteStore(tmp_path / "p.knp", create=True) as store:
        _fill(store, ("Ann", "Bas"), _firm("Alfa B.V.", "12345678"))
        where, params = store._type_filter("e", ["Person"], "entity")
        sub = f"({lean.lean_select('entities', 'main')})"
        for sql in (_ENTITY_SELECT + " WHERE 1" + where,
                    _ENTITY_SELECT.replace("FROM entities e", f"FROM {sub} e") + " WHERE 1" + where,
                    "SELECT count(*) FROM entity_rows e WHERE 1" + where):
            assert "INDEX entities_type" in _plan(store, sql, params), sql
        values = entity_type_values(["Person"])
        probe = "SELECT EXISTS(SELECT 1 FROM main.entity_rows WHERE type IN (?, ?))"  # `_holding`'s probe
        assert "INDEX entities_type" in _plan(store, probe, tuple(values))
        assert sorted(e.caption for e in store.iter_entities("Person")) == ["Ann", "Bas"]


def test_a_format_9_file_upgrades_by_its_number_and_reads_and_finds_old_and_new_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.knp"
    with monkeypatch.context() as m:  # entity rows as format 9 wrote them: by name
        m.setattr(SQLiteStore, "_stored_types", lambda self, name, types: types)
        with SQLiteStore(path, create=True) as store:
            _fill(store, ("Ann", "Bas"), _firm("Alfa B.V.", "12345678"))
            store.conn.execute("PRAGMA user_version = 9")
    with SQLiteStore(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == FORMAT
        assert _stored_types(store) == ["Person", "Person", "Company"]  # the upgrade leaves every row as it was
        _fill(store, ("Cor", "Dirk"), _firm("Bravo B.V.", "87654321"))
        assert _stored_types(store)[3:] == [TYPE_CODE["Person"]] * 2 + [TYPE_CODE["Company"]]
        mixed = _reads(store)
    fresh = tmp_path / "fresh.knp"
    with SQLiteStore(fresh, create=True) as store:
        _fill(store, ("Ann", "Bas"), _firm("Alfa B.V.", "12345678"))
        _fill(store, ("Cor", "Dirk"), _firm("Bravo B.V.", "87654321"))
        assert mixed == _reads(store)
    assert mixed["people"] == ["Ann", "Bas", "Cor", "Dirk"]  # names and codes, found by one filter
    assert mixed["counts"] == {"Company": 2, "Person": 4, "director_of": 2}  # a name and a code add up
    with SQLiteStore(path) as store:  # a restated entity of an old row is unchanged, not a second record
        stats = store.upsert_entities(_people("Ann"))
        assert (stats.created, stats.unchanged) == (0, 1)


def _schema_with_a_vessel() -> Schema:
    """The packaged schema and a type it may gain one day, which TYPE_CODES (frozen with format 9) does not know."""
    data = yaml.safe_load((Path(lean.__file__).parents[1] / "schema.yaml").read_text(encoding="utf-8"))
    data["entities"]["Vessel"] = {"caption": ["name"], "identity": ["name"],
                                  "properties": {"name": {"type": "name"}}}
    return Schema(data)


def test_a_type_outside_the_codes_stays_its_name_and_its_filter_finds_it(tmp_path: Path) -> None:
    schema = _schema_with_a_vessel()
    assert "Vessel" not in TYPE_CODE
    with SQLiteStore(tmp_path / "p.knp", create=True, schema=schema) as store:
        store.upsert_entities([Entity(type="Vessel", properties={"name": "Zeemeeuw"}), *_people("Ann")])
        assert _stored_types(store) == ["Vessel", TYPE_CODE["Person"]]
        assert [e.caption for e in store.iter_entities("Vessel")] == ["Zeemeeuw"]
        assert [e.type for e in store.search("zeemeeuw", types=["Vessel"])] == ["Vessel"]
        assert store.counts() == {"Person": 1, "Vessel": 1}


def test_the_bulk_path_stores_codes_and_lists_by_type(tmp_path: Path) -> None:
    """A KvK import writes its entities as prepared rows (`upsert_entity_rows`), coded like the one-record path."""
    from importers.kvk import import_kvk_files

    examples = Path(__file__).resolve().parents[2] / "examples" / "basisprofielen"
    with SQLiteStore(tmp_path / "kvk.knp", create=True) as store:
        import_kvk_files(store, sorted(examples.glob("*.json")))
        stored = _stored_types(store)
        companies = [e.type for e in store.iter_entities("Company")]
    assert stored and set(stored) <= {TYPE_CODE["Company"], TYPE_CODE["Address"], TYPE_CODE["Person"]}
    assert companies and set(companies) == {"Company"} and len(companies) == stored.count(TYPE_CODE["Company"])
