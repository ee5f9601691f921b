"""KvK bulk path (issue 18): what a load stores does not depend on how it is cut into batches, a hub
record's statements are not read back for every batch, and the mapper's records need no second
preparation by the store."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path

import pytest

import graph.stores.sqlite_store as sqlite_store
import importers.kvk as kvk
from bench.bench_import import make_kvk_jsonl
from graph.access import session
from graph.schema import default_schema
from graph.stores.sqlite_store import SQLiteStore
from importers.kvk import import_kvk_files
from importers.kvk_json import MapCache, _Where, iter_documents, records_from_document
from workbench.cli import main

DATA = Path(__file__).parent / "data"
# (documents per batch the importer hands over, records per store batch): one batch, cuts that split a
# repeated document from its first copy, and cuts smaller than a document's records.
CUTS = ((10_000, 5000), (7, 10), (40, 3))


def _kvk_file(tmp_path: Path, profiles: int = 120) -> Path:
    """Generated Basisprofiel documents (every tenth names one owner's address: a hub), then the first 30
    again at the end (a later chunk) and documents 5-7 right after themselves (the same chunk)."""
    base = tmp_path / "base.jsonl"
    make_kvk_jsonl(base, profiles)
    lines = base.read_text(encoding="utf-8").splitlines()
    out = tmp_path / "kvk.jsonl"
    out.write_text("\n".join(lines[:8] + lines[5:8] + lines[8:] + lines[:30]) + "\n", encoding="utf-8")
    return out


def _stored(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """What a plain project holds, without the times (added/created/updated at differ run to run)."""
    conn = sqlite3.connect(path)
    try:
        return {
            "statements": conn.execute(
                "SELECT s.record_id, s.prop, s.value, k.source, k.ref_base || s.ref, d.received, d.reliability, "
                "d.credibility, s.label FROM statement_rows s JOIN srcs k ON k.id = s.src "
                "JOIN said d ON d.id = s.said ORDER BY 1, 2, 3, 4, 5").fetchall(),
            "provenance": conn.execute(
                "SELECT p.record_id, k.source, k.ref_base || p.ref, d.received, d.reliability, d.credibility "
                "FROM provenance_rows p JOIN srcs k ON k.id = p.src JOIN said d ON d.id = p.said "
                "ORDER BY 1, 2, 3").fetchall(),
            "entities": conn.execute("SELECT e.key, e.type, e.caption, e.props, d.source, d.ref_base || e.ref, "
                                     "d.received, e.valid_from, e.valid_to, e.label FROM entity_rows e "
                                     "JOIN said d ON d.id = e.said ORDER BY e.key").fetchall(),
            # the props a row holds, or (format 9) those of the rprops row it names: which rows share theirs
            # through rprops depends on how the load was cut in batches
            "relations": conn.execute("SELECT r.key, r.src, r.dst, CASE WHEN r.props < '{' THEN (SELECT p.props "
                                      "FROM rprops p WHERE p.id = r.props) ELSE r.props END, d.source, "
                                      "d.ref_base || r.ref, "
                                      "r.label FROM relation_rows r JOIN said d ON d.id = r.said "
                                      "ORDER BY r.key").fetchall(),
        }
    finally:
        conn.close()


def _cut(monkeypatch: pytest.MonkeyPatch, documents: int, records: int) -> None:
    monkeypatch.setattr(kvk, "BATCH_DOCUMENTS", documents)
    monkeypatch.setattr(sqlite_store, "BATCH", records)


def test_what_is_stored_does_not_depend_on_the_batch_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _kvk_file(tmp_path)
    runs = []
    for documents, records in CUTS:
        _cut(monkeypatch, documents, records)
        path = tmp_path / f"p{documents}-{records}.knp"
        store = SQLiteStore(path, create=True)
        (result,) = import_kvk_files(store, [data], received="2026-01-02")
        store.close()
        assert result.rows == 153
        runs.append((_stored(path), path.stat().st_size, result.entities.sources_added))
    first, size, added = runs[0]
    hub = max({r[0] for r in first["statements"]}, key=lambda k: sum(r[0] == k for r in first["statements"]))
    # The owner's address, named by 12 documents: every one stays reportable, whatever the cut.
    assert len({r[4] for r in first["statements"] if r[0] == hub}) == 12
    assert len([r for r in first["provenance"] if r[0] == hub]) == 11 == added
    # A document repeated (in the same batch or a later one) is one source: its records keep their
    # statements implicit in their own row, as when it came once.
    assert {r[0] for r in first["statements"]} == {hub}
    for stored, other_size, other_added in runs[1:]:
        for table in stored:
            assert stored[table] == first[table], table
        assert other_added == added
        # a page either way: rows of a batch may reach the store in another order from run to run (Python's
        # string hashing is seeded per process; PYTHONHASHSEED=6 gives 200,704 B against 196,608 B)
        assert abs(other_size - size) <= max(0.01 * size, 2 * 4096)


def test_cli_import_stores_the_same_whatever_the_batch_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """`knooppunt import kvk`: the hub's sources as the analyst sees them, one batch or many."""
    data = _kvk_file(tmp_path)
    seen = []
    for documents, records in CUTS[:2]:
        _cut(monkeypatch, documents, records)
        path = tmp_path / f"cli{documents}.knp"
        session.create_plain(path, owner="anna").close()
        assert main(["import", "kvk", str(data), "--project", str(path)]) == 0, \
            capsys.readouterr().err
        store = SQLiteStore(path)
        hub = next(e for e in store.iter_entities("Address") if e.properties.get("country") == "BE")
        seen.append(([(s.source, s.reference, s.received) for s in store.sources(hub.id)],
                     [(s.prop, s.value, s.reference) for s in store.statements(hub.id)], _stored(path)))
        store.close()
    assert len(seen[0][0]) == 12
    assert seen[0] == seen[1]


def test_a_hub_is_not_read_back_for_every_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "k.jsonl"
    make_kvk_jsonl(data, 1200)  # 120 documents name the owner's address: 840 statements
    _cut(monkeypatch, 20, 5000)  # 60 batches
    store = SQLiteStore(tmp_path / "p.knp", create=True)
    reads: list[str] = []
    store.conn.set_trace_callback(lambda sql: reads.append(sql) if "FROM statements WHERE record_id" in sql else None)
    import_kvk_files(store, [data])
    store.conn.set_trace_callback(None)
    hub = next(e for e in store.iter_entities("Address") if e.properties.get("country") == "BE")
    assert len(store.sources(hub.id)) == 120
    store.close()
    assert len(reads) < 15  # until the hub holds MEMO_MIN statements; one a batch (60+) without the memo


def _documents() -> list[tuple[Path, int, object]]:
    files = sorted(DATA.glob("kvk_*.json"))
    return [(f, row, doc) for f in files for row, doc in iter_documents(f)]


def test_the_mappers_records_are_canonical(tmp_path: Path) -> None:
    """What `upsert_entities(canonical=True)` relies on: the store's preparation would change nothing."""
    schema = default_schema()
    generated = tmp_path / "g.jsonl"
    make_kvk_jsonl(generated, 200)
    docs = _documents() + [(generated, row, doc) for row, doc in iter_documents(generated)]
    meta = {"source": "KvK Handelsregister", "reliability": "A", "credibility": "1", "label": "open",
            "received": "2026-01-02", "cache": MapCache(schema)}
    checked = 0
    for path, row, doc in docs:
        recs = records_from_document(doc, schema, _Where(path, row), meta)
        for entity in recs.entities:
            again = schema.prepare_entity(copy.deepcopy(entity))
            assert again == entity, (path.name, row, entity.id)
            checked += 1
        # what the importer hands to keep_legacy_ids: every record without identity, nothing else
        assert [id(e) for e in recs.keyless] == [
            id(e) for e in recs.entities if schema.identity_key(schema.entities[e.type], e.properties) is None]
    assert checked > 400


def test_canonical_entities_need_their_id(store: SQLiteStore) -> None:
    from graph.errors import ValidationError
    from graph.model import Entity

    with pytest.raises(ValidationError, match="comes with its id"):
        store.upsert_entities([Entity(type="Company", properties={"kvk_number": "12345678"})], canonical=True)
    made = default_schema().prepare_entity(Entity(type="Company", properties={"kvk_number": "12345678"}))
    assert store.upsert_entities([made], canonical=True).created == 1
    assert json.loads(json.dumps(store.get_entity(made.id).properties)) == {"kvk_number": "12345678"}
