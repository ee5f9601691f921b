"""Time windows change results as expected; hidden records never influence an analysis."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis import addresses, centrality, paths
from graph.analysis.filters import component_containing, filter_graph, overlaps, restrict
from graph.errors import KnooppuntError, NotFound
from graph.model import Entity, Provenance, Relation
from graph.store import Caller
from graph.stores.sqlite_store import SQLiteStore
from tests.analysis.conftest import build


@pytest.fixture
def timeline() -> nx.MultiDiGraph:
    nodes = {"A": ("Person", {}), "B": ("Person", {}), "X": ("Person", {}), "C1": ("Company", {}),
             "C2": ("Company", {}), "H": ("Address", {})}
    return build(nodes, [
        ("A", "C1", "director_of", "2015-01-01", "2017-12-31"),
        ("A", "C2", "director_of", "2020-01-01", None),
        ("B", "C2", "director_of", "2021-06-01", None),
        ("X", "C1", "director_of", "2016-01-01", "2016-12-31"),
        ("A", "H", "registered_at", "2010-01-01", "2019-12-31"),
        ("B", "H", "registered_at", "2019-06-01", None),
    ])


def degrees(g):
    df = centrality.centrality(g, ["degree"])
    return dict(zip(df["id"], df["degree"], strict=True))


def test_overlap_treats_open_ends_as_always():
    assert overlaps(None, None, "2020-01-01", "2020-12-31")
    assert overlaps("2019-01-01", None, "2020-01-01", None)
    assert overlaps("2019-01-01", "2020-01-01", "2020-01-01", "2020-12-31")  # touching counts
    assert not overlaps("2021-01-01", None, None, "2020-12-31")
    assert not overlaps(None, "2019-12-31", "2020-01-01", None)
    assert not overlaps("31-12-2019", None, None, "30-12-2019")  # Dutch dates as the conventions allow
    with pytest.raises(KnooppuntError, match="not a valid date"):
        overlaps("2020-13-45", None, "2020-01-01", None)


def test_time_window_changes_degree_and_paths(timeline):
    assert degrees(timeline) == {"A": 3, "B": 2, "X": 1, "C1": 2, "C2": 2, "H": 2}
    in_2016 = filter_graph(timeline, start="2016-06-01", end="2016-06-30")
    assert degrees(in_2016) == {"A": 2, "B": 0, "X": 1, "C1": 2, "C2": 0, "H": 1}
    assert paths.shortest_path(in_2016, "A", "B") is None
    since_2022 = filter_graph(timeline, start="2022-01-01")
    assert degrees(since_2022) == {"A": 1, "B": 2, "X": 0, "C1": 0, "C2": 2, "H": 1}
    assert paths.shortest_path(since_2022, "A", "B") == ["A", "C2", "B"]
    # over all time A and B also share the address: two shortest paths
    assert paths.all_shortest_paths(timeline, "A", "B") == [["A", "C2", "B"], ["A", "H", "B"]]
    # betweenness follows: C1 brokers A and X only while both directed it
    between = centrality.centrality(in_2016, ["betweenness"]).set_index("id")["betweenness"]
    assert between["C1"] > 0 and between["C2"] == 0
    with pytest.raises(KnooppuntError, match="starts after it ends"):
        filter_graph(timeline, start="2020-01-01", end="2019-01-01")


def test_time_window_on_shared_addresses(timeline):
    whole = addresses.shared_addresses(timeline).set_index("id")
    assert whole.loc["H", "occupants"] == 2
    assert whole.loc["H", "max_concurrent"] == 2 and whole.loc["H", "max_concurrent_on"] == "2019-06-01"
    in_2016 = addresses.shared_addresses(filter_graph(timeline, start="2016-01-01", end="2016-12-31"))
    assert in_2016.empty  # only A lived there in 2016
    churn = addresses.shared_addresses(timeline, start="2019-01-01", end="2019-12-31").set_index("id")
    assert (churn.loc["H", "arrivals"], churn.loc["H", "departures"], churn.loc["H", "churn"]) == (1, 1, 2)
    pairs = addresses.co_occupants(timeline, "H")
    assert list(pairs[["a_id", "b_id", "from", "to", "days"]].iloc[0]) == ["A", "B", "2019-06-01", "2019-12-31", 214]


def test_type_filters_and_scopes(timeline):
    persons_companies = filter_graph(timeline, entity_types=["Person", "Company"])
    assert "H" not in persons_companies and paths.shortest_path(persons_companies, "A", "B") == ["A", "C2", "B"]
    directors_only = filter_graph(timeline, relation_types=["registered_at"])
    assert degrees(directors_only)["C1"] == 0
    assert set(component_containing(filter_graph(timeline, end="2016-12-31"), "X")) == {"A", "X", "C1", "H"}
    assert set(restrict(timeline, ["A", "H"]).edges()) == {("A", "H")}
    with pytest.raises(NotFound):
        component_containing(timeline, "nobody")


def _person(name: str, label: str = "open") -> Entity:
    return Entity(type="Person", properties={"name": name}, label=label,
                  provenance=Provenance(source="test", reference=name))


def test_hidden_records_do_not_affect_degree_or_paths(tmp_path):
    store = SQLiteStore(tmp_path / "p.knp", create=True)
    a, b, c, hidden = _person("Anna"), _person("Bram"), _person("Cas"), _person("Heimelijk", label="police-wpg")
    store.upsert_entities([a, b, c, hidden])
    store.upsert_relations([
        Relation(type="associate_of", source_id=a.id, target_id=hidden.id),
        Relation(type="associate_of", source_id=hidden.id, target_id=b.id),
        Relation(type="associate_of", source_id=a.id, target_id=c.id),
        Relation(type="associate_of", source_id=c.id, target_id=b.id, label="confidential"),
    ])
    full = store.graph()
    assert degrees(full)[a.id] == 2 and paths.shortest_path(full, a.id, b.id) is not None
    open_only = store.with_caller(Caller(user="analist", clearance=frozenset({"open"}))).graph()
    assert hidden.id not in open_only
    assert degrees(open_only) == {a.id: 1, b.id: 0, c.id: 1}
    assert paths.shortest_path(open_only, a.id, b.id) is None
    assert paths.connection(open_only, a.id, b.id).empty
    with pytest.raises(NotFound):
        paths.neighbourhood(open_only, hidden.id)
    store.close()


def test_vectorised_shared_addresses_match_the_per_address_reference():
    """shared_addresses (numpy sweep) agrees with occupancies() + max_concurrent() address by address."""
    import random

    rng = random.Random(5)
    nodes = {f"a{i}": ("Address", {}) for i in range(12)}
    nodes |= {f"p{i}": ("Person", {}) for i in range(30)} | {f"c{i}": ("Company", {}) for i in range(30)}
    edges = []
    for _ in range(160):
        who = rng.choice([f"p{rng.randrange(30)}", f"c{rng.randrange(30)}"])
        kind = "registered_at" if who.startswith("p") else "located_at"
        f = rng.choice([None, f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"])
        t = rng.choice([None, f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-2{rng.randint(0, 8)}"])
        if f and t and t < f:
            f, t = t, f
        edges.append((who, f"a{rng.randrange(12)}", kind, f, t))
    g = build(nodes, edges)
    df = addresses.shared_addresses(g, start="2015-01-01", end="2019-12-31").set_index("id")
    assert len(df) >= 8
    for address, row in df.iterrows():
        occ = addresses.occupancies(g, address)
        spans = [sp for ss in occ.values() for sp in ss]
        assert row["occupants"] == len(occ) and sorted(row["occupant_ids"]) == sorted(occ)
        assert (row["max_concurrent"], row["max_concurrent_on"]) == addresses.max_concurrent(occ)
        assert row["arrivals"] == sum(1 for f, _, _ in spans if f and "2015-01-01" <= f <= "2019-12-31")
        assert row["departures"] == sum(1 for _, t, _ in spans if t and "2015-01-01" <= t <= "2019-12-31")
        assert row["current"] == sum(1 for ss in occ.values() if any(t is None for _, t, _ in ss))
        assert sorted(row["relations"]) == sorted(k for _, _, k in spans)
    assert set(df.index) == {a for a in nodes if a.startswith("a") and len(addresses.occupancies(g, a)) >= 2}
