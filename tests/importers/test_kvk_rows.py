"""KvK column path (issue 18): documents mapped into columns (`KvkRows` -> `canonical_entity_rows`,
`relation_rows`) store the same project as the object path (Entity/Relation -> `upsert_entities`):
records, statements, sources, full-text entries and search, for real-shaped documents including the
awkward ones (no addresses, foreign ones, missing fields, addresses and companies named again)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import graph.stores.sqlite_store as sqlite_store
import importers.kvk as kvk
from bench.bench_import import make_kvk_jsonl
from graph.access import session
from graph.errors import SchemaError
from graph.prepared_entities import canonical_entity_rows
from graph.schema import default_schema
from graph.stores.sqlite_store import SQLiteStore
from importers.errors import ImportDataError
from importers.kvk import import_kvk_files
from importers.kvk_json import KvkRows, MapCache, _Where, iter_documents, records_from_document, rows_from_document
from tests.importers.test_kvk_bulk import _stored
from workbench.cli import main

DATA = Path(__file__).parent / "data"


def _awkward() -> list[dict[str, Any]]:
    """Basisprofielen built from the sample: each leaves out or repeats what a real extract does."""
    base = json.loads((DATA / "kvk_basisprofiel.json").read_text(encoding="utf-8"))
    docs = []
    bare = {"kvkNummer": "90000001", "statutaireNaam": "Zonder Adres B.V."}  # no _embedded, no addresses
    docs.append(bare)
    foreign = copy.deepcopy(base)  # only a foreign address (the sample's owner: shared with the sample)
    foreign["kvkNummer"] = "90000002"
    foreign["statutaireNaam"] = "Buitenland B.V."
    foreign["_embedded"]["hoofdvestiging"]["adressen"] = []
    foreign["_embedded"]["hoofdvestiging"]["vestigingsnummer"] = "900000000002"
    docs.append(foreign)
    missing = copy.deepcopy(base)  # no names, no SBI, no dates; the sample's visiting address again
    missing["kvkNummer"] = "90000003"
    for name in ("naam", "statutaireNaam", "handelsnamen", "sbiActiviteiten", "formeleRegistratiedatum",
                 "materieleRegistratie", "totaalWerkzamePersonen"):
        missing.pop(name)
    missing["_embedded"].pop("eigenaar")
    missing["_embedded"]["hoofdvestiging"]["vestigingsnummer"] = "900000000003"
    docs.append(missing)
    place = copy.deepcopy(missing)  # a city without postcode and number: a place, not an Address
    place["kvkNummer"] = "90000004"
    place["_embedded"]["hoofdvestiging"]["vestigingsnummer"] = "900000000004"
    place["_embedded"]["hoofdvestiging"]["adressen"] = [{"type": "bezoekadres", "plaats": "Almelo"}]
    docs.append(place)
    renamed = copy.deepcopy(base)  # the sample's company again, another name: an update
    renamed["statutaireNaam"] = "Dagobert Holding B.V."
    docs.append(renamed)
    return docs


def _data(tmp_path: Path) -> Path:
    """A folder: the sample files of every shape, generated profiles (a hub), the awkward ones, repeats."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for f in DATA.glob("kvk_*.json"):
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    make_kvk_jsonl(folder / "g.jsonl", 60)
    lines = (folder / "g.jsonl").read_text(encoding="utf-8").splitlines()
    awkward = [json.dumps(d, ensure_ascii=False) for d in _awkward()]
    (folder / "g.jsonl").write_text("\n".join(lines + awkward + lines[:12]) + "\n", encoding="utf-8")
    return folder


def _search_terms(path: Path) -> list[tuple[object, ...]]:
    """Every full-text entry as (record key, term, offset): the index compared, not its row numbers."""
    store = SQLiteStore(path)  # its SQLite reads the index (contentless_delete)
    try:
        store.conn.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, entity_search, 'instance')")
        return [tuple(r) for r in store.conn.execute(
            "SELECT e.key, t.term, t.offset FROM temp.terms t JOIN entity_rows e ON e.rid = t.doc ORDER BY 1, 3, 2")]
    finally:
        store.close()


def _import(tmp_path: Path, data: Path, name: str, columns: bool, monkeypatch: pytest.MonkeyPatch,
            documents: int = 5000, records: int = 5000) -> tuple[Path, Any]:
    monkeypatch.setattr(kvk, "COLUMNS", columns)
    monkeypatch.setattr(kvk, "BATCH_DOCUMENTS", documents)
    monkeypatch.setattr(sqlite_store, "BATCH", records)
    path = tmp_path / f"{name}.knp"
    store = SQLiteStore(path, create=True)
    (result,) = import_kvk_files(store, [data], received="2026-01-02")
    found = {q: [e.id for e in store.search(q)] for q in ("Dagobert", "7607AB", "7607 AB", "Brussel", "Buitenland",
                                                          "56101", "Zonder", "Onderneming 7", "Almelo")}
    store.close()
    return path, (result.rows, result.entities, result.relations, sorted(result.records_by_type.items()),
                  result.warnings, found)


@pytest.mark.parametrize(("documents", "records"), [(5000, 5000), (7, 10)])
def test_the_column_path_stores_what_the_object_path_stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            documents: int, records: int) -> None:
    data = _data(tmp_path)
    objects, by_objects = _import(tmp_path, data, "objects", False, monkeypatch, documents, records)
    columns, by_columns = _import(tmp_path, data, "columns", True, monkeypatch, documents, records)
    assert by_columns == by_objects
    stored, expected = _stored(columns), _stored(objects)
    assert stored.keys() == expected.keys()
    for table in expected:
        assert stored[table] == expected[table], table
    assert _search_terms(columns) == _search_terms(objects)
    # the awkward documents are in it: a company without addresses, a place, the update, the shared address
    assert by_columns[1].updated or any("Dagobert Holding" in c for c in by_columns[1].conflicts)
    assert by_columns[0] == sum(1 for f in data.iterdir() for _ in iter_documents(f)) > 77
    captions = {r[2] for r in stored["entities"]}
    assert {"Zonder Adres B.V.", "Buitenland B.V.", "Rue de la Loi 16, 1000 Brussel, België"} <= captions
    assert stored["statements"] and stored["provenance"]


def test_the_mapper_columns_are_the_records(tmp_path: Path) -> None:
    """Each column row is the object path's record: id, type, caption, canonical JSON, reference, validity."""
    schema = default_schema()
    data = _data(tmp_path)
    meta = {"source": "KvK Handelsregister", "reliability": "A", "credibility": "1", "label": "open",
            "received": "2026-01-02"}
    objects = {**meta, "cache": MapCache(schema)}
    columns = {**meta, "cache": MapCache(schema)}
    out = KvkRows()
    expected = []
    for file in sorted(data.iterdir()):
        for row, doc in iter_documents(file):
            recs = records_from_document(doc, schema, _Where(file, row), objects)
            rows_from_document(doc, schema, _Where(file, row), columns, out)
            expected += [(e.id, e.type, e.caption, e.properties, e.provenance.reference if e.provenance else None,
                          e.valid_from, e.valid_to) for e in recs.entities]
    got = [(i, t, c, json.loads(p), r, vf, vt) for i, t, c, p, r, vf, vt in zip(
        out.ids, out.types, out.captions, out.props_json, out.refs, out.valid_from, out.valid_to, strict=True)]
    assert got == expected
    assert len(out.rel_src) == len(out.rel_dst) > 50


def test_canonical_rows_refuse_an_id_of_another_type() -> None:
    schema = default_schema()
    with pytest.raises(SchemaError, match="add-0000000000000001: a add-id, not a Company"):
        canonical_entity_rows(schema, ["Company"], ["add-0000000000000001"], ["x"], ["{}"], ["x"], [None],
                              ["open"], valid_from=[None], valid_to=[None])
    with pytest.raises(ValueError, match="different lengths"):
        canonical_entity_rows(schema, ["Company"], [], [], [], [], [], [], valid_from=[], valid_to=[])


def test_a_bad_document_names_file_line_and_field_and_writes_nothing(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    good = json.loads((DATA / "kvk_basisprofiel.json").read_text(encoding="utf-8"))
    bad = copy.deepcopy(good)
    bad["kvkNummer"] = "90000009"
    bad["_embedded"]["hoofdvestiging"]["adressen"][0]["huisnummer"] = "twaalf"
    data = tmp_path / "k.jsonl"
    data.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    store = SQLiteStore(tmp_path / "p.knp", create=True)
    with pytest.raises(ImportDataError) as err:
        import_kvk_files(store, [data])
    assert err.value.row == 2 and "adressen[0].huisnummer" in str(err.value.field)
    assert not any(store.counts().values())
    store.close()
    project = tmp_path / "cli.knp"
    session.create_plain(project, owner="anna").close()
    assert main(["import", "kvk", str(data), "--project", str(project)]) == 2
    message = capsys.readouterr().err
    assert "k.jsonl" in message and "2" in message and "huisnummer" in message


def test_props_json_is_the_canonical_json() -> None:
    """orjson's text where it is used, the standard encoder's elsewhere: the same text for every value."""
    from graph.stores.records import canonical_json, props_json

    odd = [chr(c) for c in (*range(0, 0x80), 0x7f, 0xa0, 0xe9, 0x2028, 0x2029, 0xfeff, 0x1f600)]
    values: list[Any] = [*odd, "".join(odd), 0, -1, 2**63 - 1, -(2**63), True, False, ["b", "a", "é"], [],
                         2**64, 1.5, 1e16, float("1e-7"), [1, "a"], "\ud800", ["\udfff"], {"nested": 1}]
    for value in values:
        props = {"z": value, "a": "x", "é": value, "\t": 1}
        assert props_json(props) == canonical_json(props), repr(value)
    assert props_json({}) == canonical_json({}) == "{}"


@pytest.mark.parametrize("adres", [
    {"straatnaam": "  hoofdstr.  ", "huisnummer": "12", "huisletter": "a", "huisnummerToevoeging": " bis ",
     "postcode": "7607ab", "plaats": "ALMELO", "geoData": {"nummerAanduidingId": " 0141 200 "}},
    {"straatnaam": "KERKSTRAAT", "huisnummer": 101, "aanduidingBijHuisnummer": "t/o", "postcode": "1234 AB",
     "plaats": "den haag"},
    {"straatnaam": "Burg.\u00a0Jansenlaan", "huisnummer": 3.0, "huisnummerToevoeging": "-2 hoog",
     "plaats": "Alphen a/d Rijn"},
    {"postbusnummer": "123", "postcode": "7600AA", "plaats": "almelo"},
    {"straatnaam": "Laan", "huisnummer": 8, "huisnummerToevoeging": "t/m 12", "postcode": "2511 CV",
     "plaats": "'s-Gravenhage"},
])
def test_dutch_address_parts_come_out_canonical(adres: dict[str, Any]) -> None:
    """The address mapper skips the schema's normalisers for Dutch parts: they would change nothing."""
    from importers.kvk_json import _address_props

    schema = default_schema()
    props, canonical = _address_props(adres, _Where(Path("a.json"), 1), "adres")
    assert canonical and props
    assert schema.normalise_properties(schema.entities["Address"].properties, props, "Address") == props


def test_a_full_cache_keeps_its_newest_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bounded (memory stays flat) but not cleared: the addresses the last documents named are still known."""
    from importers import kvk_json

    monkeypatch.setattr(kvk_json, "CACHE_ENTRIES", 10)
    schema = default_schema()
    meta: dict[str, Any] = {"source": "KvK", "reliability": "A", "credibility": "1", "label": "open",
                            "received": "2026-01-02"}
    data = tmp_path / "g.jsonl"
    make_kvk_jsonl(data, 40)  # 40 distinct visiting addresses, one shared owner's address
    out = KvkRows()
    for row, doc in iter_documents(data):
        rows_from_document(doc, schema, _Where(data, row), meta, out)
    cache: MapCache = meta["cache"]
    assert 5 <= len(cache.addresses) <= 10
    last = out.ids[-2] if out.types[-1] == "Company" else out.ids[-1]
    assert any(found[3] == last for found in cache.addresses.values() if found[0] == "address")
    assert kvk_json._trimmed(dict.fromkeys(range(10)), 10) == dict.fromkeys(range(5, 10))
