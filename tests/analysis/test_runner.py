"""run(): the caller's graph, narrowed by a Scope, analysed and audited once."""

from __future__ import annotations

import json

import pytest

from graph.analysis.runner import ANALYSES, Scope, run
from graph.errors import KnooppuntError, NotFound
from graph.model import Entity, Provenance, Relation
from graph.store import Caller
from graph.stores.sqlite_store import SQLiteStore


def person(name: str, label: str = "open") -> Entity:
    return Entity(type="Person", properties={"name": name}, label=label,
                  provenance=Provenance(source="t", reference=name))


@pytest.fixture
def store(tmp_path):
    s = SQLiteStore(tmp_path / "r.knp", create=True)
    a, b, c, secret = person("Anna"), person("Bram"), person("Cas"), person("Geheim", "fiod/tax")
    s.upsert_entities([a, b, c, secret])
    s.upsert_relations([Relation(type="associate_of", source_id=a.id, target_id=b.id, valid_from="2020-01-01",
                                 valid_to="2020-12-31"),
                        Relation(type="associate_of", source_id=b.id, target_id=secret.id),
                        Relation(type="associate_of", source_id=secret.id, target_id=c.id)])
    s.ids = {"a": a.id, "b": b.id, "c": c.id, "secret": secret.id}  # type: ignore[attr-defined]
    yield s
    s.close()


def test_run_narrows_analyses_and_audits(store):
    ids = store.ids
    df = run(store, "centrality", Scope(start="2021-01-01"), measures=["degree"], top=2)
    assert df["id"].iloc[0] == ids["secret"] and list(df["degree"]) == [2, 1]  # a lost its 2020 link
    entry = [e for e in store.audit_entries() if e.action == "analyse"][-1]
    details = json.loads(entry.details)
    assert details["analysis"] == "centrality" and details["start"] == "2021-01-01" and details["top"] == 2
    whole = run(store, "centrality", Scope(), measures=["degree"]).set_index("id")["degree"]
    assert whole[ids["a"]] == 1 and whole[ids["b"]] == 2
    hops = run(store, "connection", Scope(), a=ids["a"], b=ids["c"])
    assert hops.attrs["paths"] == 1 and ids["secret"] in set(hops["to_id"])


def test_run_respects_the_callers_clearance(store):
    ids = store.ids
    seen = store.with_caller(Caller(user="analist", clearance=frozenset({"open"})))
    assert run(seen, "connection", Scope(), a=ids["a"], b=ids["c"]).empty
    degree = run(seen, "centrality", Scope(), measures=["degree"]).set_index("id")["degree"]
    assert ids["secret"] not in degree.index and degree[ids["b"]] == 1 and degree[ids["c"]] == 0
    with pytest.raises(NotFound):
        run(seen, "neighbourhood", Scope(component=ids["secret"]), node=ids["secret"])
    members = run(seen, "cluster_members", Scope(), method="components", member_of=ids["a"])
    assert set(members["id"]) == {ids["a"], ids["b"]}


def test_registry_and_errors(store):
    assert {"centrality", "addresses", "directors", "connection", "clusters", "flags"} <= set(ANALYSES)
    assert all(a.titles.get("nl") and a.titles.get("en") for a in ANALYSES.values())
    with pytest.raises(KnooppuntError, match="unknown analysis"):
        run(store, "astrology")
