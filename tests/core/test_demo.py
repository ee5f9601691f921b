from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest

from graph.demo import generate
from graph.identifiers import kvk_check_ok
from graph.risk import branches_for
from graph.stores.sqlite_store import SQLiteStore


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    data = generate(4000, seed=7)
    s = SQLiteStore(tmp_path_factory.mktemp("demo") / "demo.knp", create=True)
    s.upsert_entities(data.entities)
    s.upsert_relations(data.relations)
    yield s, data
    s.close()


def test_same_seed_same_data() -> None:
    a, b, c = generate(800, seed=3), generate(800, seed=3), generate(800, seed=4)
    assert [(e.id, e.properties) for e in a.entities] == [(e.id, e.properties) for e in b.entities]
    assert [r.id for r in a.relations] == [r.id for r in b.relations]
    assert a.planted == b.planted
    assert [e.id for e in a.entities] != [e.id for e in c.entities]


def test_size_is_roughly_what_was_asked() -> None:
    for size in (1000, 10_000):
        n = len(generate(size, seed=1))
        assert 0.8 * size <= n <= 1.2 * size, (size, n)


def test_records_look_dutch_and_valid(demo_store) -> None:
    store, data = demo_store
    companies = list(store.iter_entities("Company"))
    assert companies and all(kvk_check_ok(c.properties["kvk_number"]) for c in companies)
    addresses = list(store.iter_entities("Address"))
    assert all(a.properties["postcode"][:4].isdigit() and a.properties["postcode"][4] == " " for a in addresses)
    assert all(e.provenance and e.reliability and e.credibility for e in data.entities)
    assert {e.label for e in data.entities} >= {"open", "confidential", "fiod/tax"}


def test_planted_hotspot_address(demo_store) -> None:
    store, data = demo_store
    p = data.planted
    located = Counter(r.target_id for r in store.iter_relations("located_at"))
    (top, n), (_, second) = located.most_common(2)
    assert top == p.hotspot_address and n >= 25
    assert second < 10


def test_planted_strawman(demo_store) -> None:
    store, data = demo_store
    p = data.planted
    directorships = Counter(r.source_id for r in store.iter_relations("director_of"))
    (top, n), (_, second) = directorships.most_common(2)
    assert top == p.strawman and n == 12 and second <= 5
    companies = store.get_entities(p.strawman_companies).values()
    risky = [c for c in companies if branches_for(c.properties["sbi_codes"])]
    assert len(risky) >= 9
    assert sum(1 for c in companies if "end_date" in c.properties) >= 6


def test_planted_family_shares_addresses_and_vehicles(demo_store) -> None:
    store, data = demo_store
    p = data.planted
    g = store.subgraph([*p.family, *p.family_addresses, *p.family_vehicles])
    for addr in p.family_addresses:
        assert len({u for u, _, k in g.in_edges(addr, data="type") if k == "registered_at"}) >= 3
    for car in p.family_vehicles:
        assert len({u for u, _, k in g.in_edges(car, data="type") if k == "uses"}) >= 2
    fam = nx.Graph(g.subgraph(p.family))
    assert nx.is_connected(fam)


def test_planted_bridge_is_the_only_link(demo_store) -> None:
    store, data = demo_store
    p = data.planted
    g = nx.Graph(store.graph().to_undirected())
    a, b = p.group_a[0], p.group_b[0]
    assert nx.has_path(g, a, b)
    g.remove_node(p.bridge)
    assert not nx.has_path(g, a, b)
