"""Issue 18: a load into empty partitions looks up only the keys it wrote itself (graph.stores.fresh).

The same CSV imported with the memory on and off must give the same project, record for
record; with it on, batches whose keys the load never wrote issue no lookup at all.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.bench_import import make_case_csv
from graph.access import keyslots, session
from graph.model import Entity, Provenance
from graph.stores import fresh, sqlite_store
from graph.stores.fresh import FreshKeys, KeySet
from graph.stores.sqlite_store import SQLiteStore
from importers.case_import import import_table_file
from importers.spec import load_spec
from tests.sandbox import as_anna
from workbench.cli import main

FAST_KDF = keyslots.KdfParams(memory_kib=1024, iterations=1, lanes=1)
PW = "anna: correct horse battery"
LOOKUP = ("WHERE e.key IN", "WHERE r.key IN", "FROM relations WHERE key IN", "FROM entities WHERE key IN")


def test_keyset_answers_across_folds() -> None:
    keys = KeySet(recent_max=7)
    rng = random.Random(18)
    added = set()
    for _ in range(40):
        batch = [rng.randrange(-2**62, 2**62) for _ in range(rng.randrange(1, 20))]
        keys.add_many(batch)
        added.update(batch)
    assert len(keys.runs) >= 2 and len(keys) == len(added)
    probe = [*rng.sample(sorted(added), 50), *(rng.randrange(-2**62, 2**62) for _ in range(50))]
    assert keys.present(probe) == added & set(probe)
    assert keys.present([]) == set()


def test_inactive_memory_keeps_every_key_a_candidate() -> None:
    memory = FreshKeys()
    memory.wrote("entities", [1, 2])  # not active: not remembered
    assert memory.maybe_stored("entities", [1, 2, 3]) == [1, 2, 3]
    memory.start()
    memory.wrote("entities", [1, 2])
    assert sorted(memory.maybe_stored("entities", [1, 2, 3])) == [1, 2]
    assert memory.maybe_stored("relations", [1, 2, 3]) == []
    memory.clear()
    assert memory.maybe_stored("relations", [4]) == [4]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many batches and folds from a small file: rows naming a record again land in later batches."""
    monkeypatch.setattr(sqlite_store, "BATCH", 97)
    monkeypatch.setattr(fresh, "RECENT_MAX", 150)


def _everything(store: SQLiteStore) -> tuple[object, ...]:
    ents = sorted((e.id, e.type, e.caption, json.dumps(e.properties, sort_keys=True), e.label, e.provenance)
                  for e in store.iter_entities())
    rels = sorted((r.id, r.source_id, r.target_id, json.dumps(r.properties, sort_keys=True), r.provenance)
                  for r in store.iter_relations())
    claims = store.conn.execute("SELECT count(*) FROM statements").fetchone()[0]
    extra = store.conn.execute("SELECT count(*) FROM provenance").fetchone()[0]
    return ents, rels, claims, extra, [e.id for e in store.search("straat", limit=50)]


def _import(path: Path, csv: Path, said: list[str]) -> tuple[object, ...]:
    """The file imported twice in one load, then a record of it changed: the second import and the change
    meet records only this load wrote."""
    with SQLiteStore(path, create=True) as store:
        store.conn.set_trace_callback(said.append)
        with store.bulk_load():
            first = import_table_file(store, csv, load_spec("meldingen"))
            said.append("-- first import done")
            again = import_table_file(store, csv, load_spec("meldingen"))
            company = next(store.iter_entities("Company"))
            changed = store.upsert_entities([Entity(type="Company", properties={
                "kvk_number": company.properties["kvk_number"], "website": "https://example.nl"},
                provenance=Provenance(source="Tip", reference="t1"))])
        store.conn.set_trace_callback(None)
        assert first.entities.created and first.relations.created
        assert again.entities.created == again.relations.created == 0
        assert again.entities.total == first.entities.total
        assert changed.updated == 1
        return (first.entities.created, first.relations.created, _everything(store))


def test_a_load_into_an_empty_project_equals_one_with_every_key_looked_up(
        tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch) -> None:
    csv = tmp_path / "meldingen.csv"
    make_case_csv(csv, 1_500)  # people, addresses and companies named by several rows
    known: list[str] = []
    with_memory = _import(tmp_path / "a.knp", csv, known)
    monkeypatch.setattr(SQLiteStore, "_stored_records", lambda self: 10**15)
    every: list[str] = []
    looked_up = _import(tmp_path / "b.knp", csv, every)
    assert with_memory == looked_up
    lookups = [sum(1 for sql in said[:said.index("-- first import done")] if any(m in sql for m in LOOKUP))
               for said in (known, every)]
    assert lookups[1] > 50 and lookups[0] < lookups[1] / 2, lookups


def _second_import(path: Path, base: Path, csv: Path) -> tuple[object, ...]:
    with SQLiteStore(path, create=True) as store:
        import_table_file(store, base, load_spec("meldingen"))
        said: list[str] = []
        store.conn.set_trace_callback(said.append)
        result = import_table_file(store, csv, load_spec("meldingen"))
        store.conn.set_trace_callback(None)
        lookups = sum(1 for sql in said if any(m in sql for m in LOOKUP))
        return result.entities.created, result.relations.created, result.entities.total, _everything(store), lookups


def test_a_load_into_a_small_project_reads_its_keys_once_and_merges_what_it_holds(
        tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Records stored before the load (fewer than KEYS_READ_PER_RECORD x its size) are found and merged."""
    base, csv = tmp_path / "eerder.csv", tmp_path / "meldingen.csv"
    make_case_csv(base, 300, seed=2)
    make_case_csv(csv, 600)  # other rows, partly naming the same addresses and companies
    read = _second_import(tmp_path / "a.knp", base, csv)
    monkeypatch.setattr(SQLiteStore, "_stored_records", lambda self: 10**15)
    every = _second_import(tmp_path / "b.knp", base, csv)
    assert read[:4] == every[:4]
    assert read[2] > read[0]  # some of the file's entities were stored already: merged, not created
    assert every[4] > 20 and read[4] < every[4] / 2, (read[4], every[4])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An encrypted, partitioned project as the CLI makes it."""
    with as_anna(monkeypatch, PW):
        path = tmp_path / "zaak.knp"
        session.create(path, owner="anna", passphrase=PW, name="zaak", kdf=FAST_KDF).close()
        yield path


def test_cli_import_into_an_empty_partitioned_project_merges_repeated_rows(
        project: Path, tmp_path: Path, small_batches: None, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "meldingen.csv"
    make_case_csv(csv, 600)
    with SQLiteStore(tmp_path / "plain.knp", create=True) as plain:  # a store that looks every key up
        plain.upsert_entities([Entity(type="Person", properties={"name": "Iemand Anders"},
                                      provenance=Provenance(source="Tip", reference="t1"))])
        import_table_file(plain, csv, load_spec("meldingen"))
        expected = {t: n - (t == "Person") for t, n in plain.counts().items()}
    code = main(["import", "case", str(csv), "--spec", "meldingen", "--project", str(project)])
    assert code == 0, capsys.readouterr().err
    store = session.unlock(project, "anna", PW)
    try:
        assert store.counts() == expected
        assert store.integrity_check() == "ok"
    finally:
        store.close()
