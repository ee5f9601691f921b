"""Issue 19 item 1: every source keeps its own word (statements); the view follows declared rules.

The CLI test works on a real partitioned SQLCipher project: the KvK extract is open, the case
file confidential, and each source's statements must sit in the file of their own label.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.access import keyslots, session
from graph.model import Entity, Provenance
from graph.schema import Schema, default_schema
from graph.store import Caller
from graph.stores.lean import lean_select
from graph.stores.sqlite_store import SQLiteStore, connect
from tests.sandbox import cli_project
from workbench.cli import main

DATA = Path(__file__).parent.parent / "importers" / "data"
KVK = DATA / "kvk_basisprofiel_toevoeging.json"
CASE, CASE_SPEC = DATA / "casus_adressen.csv", DATA / "casus_adressen.yaml"
FAST_KDF = keyslots.KdfParams(memory_kib=1024, iterations=1, lanes=1)
PW = "anna: correct horse battery"
DONALD = default_schema().prepare_entity(Entity(type="Company", properties={"kvk_number": "69599076"})).id


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from cli_project(tmp_path, monkeypatch, PW)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _state(capsys: pytest.CaptureFixture[str], p: str) -> tuple[object, object, object]:
    stats = json.loads(_run(capsys, "stats", "--project", p, "--format", "json"))
    shown = json.loads(_run(capsys, "show", DONALD, "--project", p, "--format", "json"))
    return stats, shown, _run(capsys, "show", DONALD, "--project", p)


def test_alternating_kvk_and_case_imports_change_nothing_after_the_first_round(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = str(project)
    states = []
    for _ in range(5):
        _run(capsys, "import", "kvk", str(KVK), "--project", p)
        _run(capsys, "import", "case", str(CASE), "--spec", str(CASE_SPEC), "--project", p)
        states.append(_state(capsys, p))
    assert all(s == states[0] for s in states[1:])  # stats, the entity's view, updated_at: all stable
    _, shown, text = states[0]
    assert isinstance(shown, dict)
    entity = shown["entity"]
    assert entity["label"] == "open" and entity["properties"]["name"] == "Test BV Donald"
    assert f"{entity['reliability']}{entity['credibility']}" == "A1"  # the KvK's, not the case file's B2
    said = {(s["source"], s["prop"], s["label"], s["reliability"] + s["credibility"]) for s in shown["statements"]}
    assert ("KvK Handelsregister", "name", "open", "A1") in said
    assert ("KvK Handelsregister", "kvk_number", "open", "A1") in said
    assert ("Casusregistratie RIEC", "kvk_number", "confidential", "B2") in said
    assert [(s["source"], s["reliability"] + s["credibility"]) for s in shown["sources"]] == [
        ("KvK Handelsregister", "A1"), ("Casusregistratie RIEC", "B2")]
    assert isinstance(text, str)
    assert "Test BV Donald  [KvK Handelsregister A1, ontvangen" in text
    assert "[Casusregistratie RIEC B2, vertrouwelijk, ontvangen" in text  # the label by its Dutch name

    # Each source's statements live in the file of their own label; the company's row stays open.
    store = session.unlock(project, "anna", PW)
    try:
        conn = store.inner.conn
        key = int(DONALD.split("-")[1], 16)
        def rows(table: str, name: str) -> str:  # a label file keeps no views (format 6)
            return f"({lean_select(table, name)})"

        main_sources = {r[0] for r in conn.execute(f"SELECT source FROM {rows('statements', 'main')} "
                                                   "WHERE record_id = ?", (key,))}
        secret = {r[0] for r in conn.execute(f"SELECT source FROM {rows('statements', 'p_confidential')} "
                                             "WHERE record_id = ?", (key,))}
        assert main_sources == {"KvK Handelsregister"} and secret == {"Casusregistratie RIEC"}
        assert conn.execute("SELECT count(*) FROM main.entity_rows WHERE key = ?", (key,)).fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM p_confidential.entity_rows WHERE key = ?", (key,)).fetchone()[0] == 0
        # A shared address: each source's grading stays its own, the view the best one.
        for address in store.iter_entities("Address"):
            gradings = {s.source: s.reliability + s.credibility for s in store.sources(address.id)}
            if len(gradings) == 2:
                assert gradings == {"KvK Handelsregister": "A1", "Casusregistratie RIEC": "B2"}
                assert address.grading == "A1" and address.label == "open"
                break
        else:
            pytest.fail("no address named by both sources")
    finally:
        store.close()


def _company(name: str, source: str, ref: str, grading: str, received: str, **props: object) -> Entity:
    return Entity(type="Company", properties={"kvk_number": "12345678", "name": name, **props},
                  provenance=Provenance(source=source, reference=ref, received=received),
                  reliability=grading[0], credibility=grading[1])


def test_the_view_follows_the_rules_in_any_order(tmp_path: Path) -> None:
    kvk = _company("Alfa B.V.", "KvK Handelsregister", "12345678", "B2", "2026-01-01", legal_form="BV")
    tip = _company("Alfa Witwas", "Tip", "t1", "A1", "2026-02-01", legal_form="Eenmanszaak", employees=3,
                   trade_names=["Alfa"])
    older = _company("Alfa Oud", "Politie", "p1", "A1", "2025-01-01", employees=9, trade_names=["Alfa Oud"])
    views = []
    for i, order in enumerate(([kvk, tip, older], [older, tip, kvk], [tip, kvk, older])):
        with SQLiteStore(tmp_path / f"{i}.knp", create=True) as store:
            for rec in order:
                store.upsert_entities([rec.evolve(id="", properties=dict(rec.properties))])
            (e,) = store.iter_entities("Company")
            views.append((e.properties, e.grading))
            statements = store.statements(e.id)
    props, grading = views[0]
    assert all(v == views[0] for v in views)
    assert props["name"] == "Alfa B.V." and props["legal_form"] == "BV"  # the KvK decides, though graded lower
    assert props["employees"] == 3  # best grading, then the most recent delivery
    assert props["trade_names"] == ["Alfa", "Alfa Oud"]  # multi: every source's values
    assert grading == "A1"
    names = {(s.value, s.source, s.grading) for s in statements if s.prop == "name"}
    assert names == {("Alfa B.V.", "KvK Handelsregister", "B2"), ("Alfa Witwas", "Tip", "A1"),
                     ("Alfa Oud", "Politie", "A1")}


def test_a_source_replaces_its_own_value_not_another_sources(store: SQLiteStore) -> None:
    store.upsert_entities([_company("Alfa B.V.", "KvK Handelsregister", "12345678", "A1", "2026-01-01")])
    store.upsert_entities([_company("Alfa Tip", "Tip", "t1", "C3", "2026-01-02", legal_form="BV")])
    store.upsert_entities([_company("Alfa Holding B.V.", "KvK Handelsregister", "12345678", "A1", "2026-03-01")])
    (e,) = store.iter_entities("Company")
    assert e.properties["name"] == "Alfa Holding B.V."
    assert sorted((s.value, s.source) for s in store.statements(e.id) if s.prop == "name") == [
        ("Alfa Holding B.V.", "KvK Handelsregister"), ("Alfa Tip", "Tip")]


def test_restricted_claims_stay_out_of_the_open_view_and_of_lower_clearance(store: SQLiteStore) -> None:
    store.upsert_entities([_company("Alfa B.V.", "KvK Handelsregister", "12345678", "A1", "2026-01-01")])
    secret = _company("Alfa B.V.", "Tip", "t1", "A1", "2026-01-02", employees=40)
    stats = store.upsert_entities([secret.evolve(label="confidential")])
    assert stats.unchanged == 1 and stats.sources_added == 1
    (e,) = store.iter_entities("Company")
    assert e.label == "open" and "employees" not in e.properties  # a claim above the record's label
    assert ("employees", 40, "confidential") in {(s.prop, s.value, s.label) for s in store.statements(e.id)}
    public = store.with_caller(Caller(user="open", clearance=frozenset({"open"})))
    assert "employees" not in {s.prop for s in public.statements(e.id)}
    assert [s.source for s in public.sources(e.id)] == ["KvK Handelsregister"]


def test_authorities_are_checked_against_the_schema() -> None:
    from graph.errors import SchemaError

    data = json.loads(json.dumps({"entities": {"Company": {"properties": {"name": {"type": "name"}}}},
                                  "relations": {}, "authorities": {"KvK": {"Company": ["nmae"]}}}))
    with pytest.raises(SchemaError, match="authorities: KvK: Company has no property 'nmae'"):
        Schema(data)
    assert default_schema().authoritative("KvK Handelsregister", "Company", "name")
    assert not default_schema().authoritative("KvK Handelsregister", "Company", "trade_names")


def test_a_project_from_before_statements_gets_them_from_its_stored_values(tmp_path: Path) -> None:
    path = tmp_path / "oud.knp"
    shutil.copy(Path(__file__).parent / "data" / "format2.knp", path)  # the layout of formats 1-2 (one table)
    conn = connect(path)
    conn.execute("PRAGMA user_version = 1")  # format 1: opened as it is
    conn.close()
    with SQLiteStore(path) as store:
        store.delete([e.id for e in store.iter_entities()])
        store.upsert_entities([_company("Alfa B.V.", "KvK Handelsregister", "12345678", "A1", "2026-01-01")])
        store.conn.execute("DROP TABLE statements")  # as a file made before issue 19 (format 1)
    with SQLiteStore(path) as store:
        (e,) = store.iter_entities("Company")
        assert store.statements(e.id) == [] and [s.source for s in store.sources(e.id)] == ["KvK Handelsregister"]
        store.upsert_entities([_company("Alfa Tip", "Tip", "t1", "C3", "2026-01-02")])
        (after,) = store.iter_entities("Company")
        assert after.properties["name"] == "Alfa B.V." and after.grading == "A1"
        assert sorted((s.value, s.source, s.grading) for s in store.statements(e.id) if s.prop == "name") == [
            ("Alfa B.V.", "KvK Handelsregister", "A1"), ("Alfa Tip", "Tip", "C3")]
