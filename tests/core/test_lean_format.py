"""Issue 18, storage format 3 (graph.stores.lean): lean record rows read exactly as format 2's.

`data/format2.knp` was written by main's store before format 3 (format 2: every field as text
in the record's row); it opens, is upgraded in place and reads the same; new projects are lean;
every field survives the bulk path and the store's row writes (updates, moves, deletes) alike.
Format 4 (graph.stores.lean_writes) is format 3 without the INSTEAD OF triggers on the views.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graph.model import Entity, Provenance, Relation
from graph.stores import lean_writes
from graph.stores.lean import FORMAT, split_ref
from graph.stores.sqlite_store import SQLiteStore
from workbench.cli import main

FORMAT2 = Path(__file__).parent / "data" / "format2.knp"
KEY_LOOKUP = "EXPLAIN QUERY PLAN SELECT e.key, e.type, e.caption, e.source_ref, e.label FROM entities e WHERE e.key = ?"


def _tables(store: SQLiteStore) -> set[str]:
    return {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_format2_project_is_upgraded_on_open_and_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "oud.knp"
    shutil.copy(FORMAT2, path)
    with SQLiteStore(path) as store:
        assert store.format == FORMAT and store.lean == {"main"}
        assert {"entity_rows", "relation_rows", "said"} <= _tables(store)
        assert not {"entities", "relations"} & _tables(store)  # views now
        assert not store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name "
                                      "IN ('entities', 'relations', 'statements', 'provenance')").fetchall()
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == FORMAT
        (company,) = store.iter_entities("Company")
        assert company.properties["name"] == "Alfa B.V." and company.grading == "A1"
        assert [s.source for s in store.sources(company.id)] == ["KvK Handelsregister", "Tip"]
        assert sorted((s.value, s.source) for s in store.statements(company.id) if s.prop == "name") == [
            ("Alfa B.V.", "KvK Handelsregister"), ("Alfa Tip", "Tip")]
        jan = next(e for e in store.iter_entities("Person") if e.caption == "Jan de Vries")
        assert (jan.label, jan.valid_from, jan.grading) == ("confidential", "2019-01-01", "B2")
        assert jan.provenance == Provenance(source="Meldpunt", reference="meldingen.csv:2:person",
                                            received="2026-02-01")
        piet = next(e for e in store.iter_entities("Person") if e.caption == "Piet Jansen")
        assert piet.provenance is None and piet.grading == "--"
        (rel,) = store.iter_relations()
        assert rel.provenance == Provenance(source="Meldpunt", reference="meldingen.csv:2", received=None)
        assert rel.valid_from == "2020-01-01" and rel.source_id == jan.id
        assert [e.action for e in store.audit_entries()][-1] == "test"
        assert store.integrity_check() == "ok"
        store.upsert_entities([Entity(type="Person", properties={"name": "Piet Nieuw"},
                                      provenance=Provenance(source="Tip", reference="t2"))])
        assert store.search("piet nieuw")[0].caption == "Piet Nieuw"
        assert store.search("jan de")[0].id == jan.id  # the full-text index still finds the old rows
    with SQLiteStore(path) as again:  # opened a second time: nothing left to upgrade
        assert again.format == FORMAT and len(list(again.iter_entities())) == 4


def test_upgraded_project_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "oud.knp"
    shutil.copy(FORMAT2, path)
    assert main(["show", "com-6452bafc657c6393", "--project", str(path), "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert {s["source"] for s in shown["statements"]} == {"KvK Handelsregister", "Tip"}
    with SQLiteStore(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == FORMAT


def _records() -> list[Entity]:
    a = Entity(type="Company", properties={"kvk_number": "12345678", "name": "Alfa"},
               provenance=Provenance(source="KvK", reference="kvk.csv:7:x", received="2026-01-02"),
               reliability="A", credibility="1", valid_from="2020-01-01")
    b = Entity(type="Person", properties={"name": "Jan"}, label="police-wpg",
               provenance=Provenance(source="Tip", reference="", received=None))
    c = Entity(type="Person", properties={"name": "Kees"})
    return [a, b, c]


def test_every_field_survives_the_bulk_path_and_the_row_writes(tmp_path: Path) -> None:
    """Rows written straight into the lean tables (the bulk path) read the same after going out and back
    in through the store's row writes (the path of updates, moves and deletes); no view has a trigger."""
    with SQLiteStore(tmp_path / "p.knp", create=True) as store:
        ents = _records()
        store.upsert_entities(ents)
        rel = Relation(type="director_of", source_id=ents[1].id, target_id=ents[0].id, valid_to="2024-01-01",
                       provenance=Provenance(source="KvK", reference="a:b:c"))
        store.upsert_relations([rel])

        def everything() -> tuple[list[str], list[str]]:
            return sorted(map(repr, store.iter_entities())), sorted(map(repr, store.iter_relations()))

        before = everything()
        with store.transaction():
            cur = store.conn.cursor()
            for table, own in (("entities", "caption, props, identity"), ("relations", "props")):
                rows = store.conn.execute(f"SELECT {own}, source, source_ref, received, reliability, credibility, "
                                          "valid_from, valid_to, label, created_by, created_at, updated_by, "
                                          f"updated_at, key FROM {table}").fetchall()
                own_blank = ("x", "{}", None) if table == "entities" else ("{}",)
                blank = [(*own_blank, *[None] * 12, r[-1]) for r in rows]
                lean_writes.update_records(store, cur, "main", table, blank)
                assert everything() != before
                lean_writes.update_records(store, cur, "main", table, rows)
        assert everything() == before
        assert store.integrity_check() == "ok"
        assert not store.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger'").fetchall()
    shown = " ".join(before[0] + before[1])
    for part in ("reference='kvk.csv:7:x'", "reference=''", "label='police-wpg'", "reference='a:b:c'",
                 "valid_to='2024-01-01'", "received='2026-01-02'", "reliability='A', credibility='1'"):
        assert part in shown


def test_said_is_shared_and_a_rolled_back_said_row_is_not_reused(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "p.knp", create=True) as store:
        people = [Entity(type="Person", properties={"name": f"P {i}"},
                         provenance=Provenance(source="Meldpunt", reference=f"m.csv:{i}", received="2026-01-01"))
                  for i in range(50)]
        store.upsert_entities(people)
        assert store.conn.execute("SELECT count(*) FROM said").fetchone()[0] == 1  # fifty rows, one said
        with pytest.raises(RuntimeError), store.transaction():
            store.upsert_entities([Entity(type="Person", properties={"name": "X"},
                                          provenance=Provenance(source="Nieuw", reference="n"))])
            raise RuntimeError("undo")
        store.upsert_entities([Entity(type="Person", properties={"name": "Y"},
                                      provenance=Provenance(source="Nieuw", reference="n"))])
        (y,) = [e for e in store.iter_entities() if e.caption == "Y"]
        assert y.provenance is not None and y.provenance.source == "Nieuw"


def test_relabelled_records_move_through_the_views(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "p.knp", create=True) as store:
        ents = _records()
        store.upsert_entities(ents)
        store.upsert_entities([Entity(type="Company", properties={"kvk_number": "12345678", "name": "Alfa Nieuw"},
                                      provenance=Provenance(source="KvK", reference="kvk.csv:7:x"),
                                      label="confidential")])
        company = store.get_entity(ents[0].id)
        assert (company.label, company.valid_from) == ("confidential", "2020-01-01")
        assert company.provenance is not None and company.provenance.reference == "kvk.csv:7:x"
        assert store.conn.execute("SELECT label FROM entity_rows WHERE key = ?",
                                  (int(ents[0].id[4:], 16),)).fetchone()[0] == 1  # its number, not its text
        assert store.delete([ents[2].id]) == 1
        assert store.conn.execute("SELECT count(*) FROM entity_rows").fetchone()[0] == 2


def test_a_key_lookup_through_the_view_uses_the_key_index(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "p.knp", create=True) as store:
        plan = " ".join(str(r[-1]) for r in store.conn.execute(KEY_LOOKUP, (1,)))
        assert "SCAN" not in plan and "(key=?)" in plan and "SEARCH d USING INTEGER PRIMARY KEY" in plan
        only_key = " ".join(str(r[-1]) for r in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT e.type, e.label FROM entities e WHERE e.key = ?", (1,)))
        assert "(key=?)" in only_key and "SEARCH d" not in only_key  # no said column needed: no join


def test_split_ref_keeps_every_reference() -> None:
    for ref in (None, "", "a", "a:", ":a", "file.csv:12", "f:1:person", "één:twee"):
        base, rest = split_ref(ref)
        assert (None if rest is None else base + rest) == ref


def test_relations_see_the_entities_of_their_own_transaction_as_they_now_are(tmp_path: Path) -> None:
    """The ends a transaction wrote are remembered for its relations; a delete or a rollback forgets them."""
    from graph.errors import NotFound

    with SQLiteStore(tmp_path / "p.knp", create=True) as store:
        a, b, c = _records()
        with store.transaction():
            store.upsert_entities([a, b, c])
            store.upsert_entities([Entity(type="Person", properties={"name": "Kees"}, label="confidential")])
            store.upsert_relations([Relation(type="family_of", source_id=b.id, target_id=c.id)])
            store.delete([c.id])
            with pytest.raises(NotFound, match="no entity"):
                store.upsert_relations([Relation(type="director_of", source_id=c.id, target_id=a.id)])
        with pytest.raises(RuntimeError), store.transaction():
            store.upsert_entities([Entity(type="Person", properties={"name": "Weg"})])
            raise RuntimeError("undo")
        gone = Entity(type="Person", properties={"name": "Weg"})
        store.schema.prepare_entity(gone)
        with pytest.raises(NotFound, match="no entity"):
            store.upsert_relations([Relation(type="family_of", source_id=gone.id, target_id=a.id)])


def test_statements_and_sources_survive_the_row_writes(tmp_path: Path) -> None:
    """Statements and extra sources (interned source + reference base and said) read the same after going out
    and back in through the store's row writes; an INSERT OR REPLACE never gives a shared said row a new id,
    and one statement deleted by what it says is the only one gone."""
    with SQLiteStore(tmp_path / "p.knp", create=True) as store:
        a = _records()[0]
        store.upsert_entities([a])
        store.upsert_entities([Entity(type="Company", properties={"kvk_number": "12345678", "name": "Alfa Tip"},
                                      provenance=Provenance(source="Tip", reference="tips.csv:3",
                                                            received="2026-03-01"),
                                      reliability="C", credibility="3", label="confidential")])
        before = (store.statements(a.id), store.sources(a.id))
        assert [s.source for s in before[1]] == ["KvK", "Tip"] and before[1][1].reference == "tips.csv:3"
        assert store.conn.execute("SELECT count(*) FROM srcs").fetchone()[0] >= 2
        said_ids = store.conn.execute("SELECT id, received FROM said ORDER BY id").fetchall()
        key = int(a.id[4:], 16)
        with store.transaction():
            for table, cols in lean_writes.CLAIM_COLS.items():
                rows = store.conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
                lean_writes.delete_rows(store, "main", table, [key])
                assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
                lean_writes.insert_claims(store, store.conn, "main", table, rows, "INSERT OR REPLACE")
        assert (store.statements(a.id), store.sources(a.id)) == before
        assert store.conn.execute("SELECT id, received FROM said ORDER BY id").fetchall() == said_ids
        tip = next(s for s in before[0] if s.source == "Tip" and s.prop == "name")
        with store.transaction():
            lean_writes.delete_statement(store, store.conn, "main", key,
                                         ("name", json.dumps(tip.value), "Tip", "tips.csv:3"))
        after = store.statements(a.id)
        assert tip not in after and len(after) == len(before[0]) - 1
        assert store.integrity_check() == "ok"
