"""Centrality equals networkx's reference implementation; sampling stays within its stated bound."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.analysis.centrality import centrality, hoeffding_eps
from graph.errors import KnooppuntError


def as_store_graph(h: nx.Graph) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n in h:
        g.add_node(str(n), type="Person", caption=f"P{n}")
    for u, v in h.edges():
        g.add_edge(str(u), str(v), key=f"r{u}-{v}", type="associate_of")
    return g


def by_id(df, column):
    return dict(zip(df["id"], df[column], strict=True))


def test_karate_betweenness_equals_networkx():
    karate = nx.karate_club_graph()
    ref = nx.betweenness_centrality(karate)
    got = by_id(centrality(as_store_graph(karate)), "betweenness")
    assert got["0"] == pytest.approx(ref[0], abs=1e-12)
    assert got["33"] == pytest.approx(ref[33], abs=1e-12)
    assert got["0"] == pytest.approx(0.43763528138528146)
    assert all(got[str(n)] == pytest.approx(ref[n], abs=1e-12) for n in karate)


def test_other_measures_equal_networkx_on_karate():
    karate = nx.karate_club_graph()
    df = centrality(as_store_graph(karate))
    closeness, eigen = nx.closeness_centrality(karate), nx.eigenvector_centrality(karate, max_iter=1000, tol=1e-10)
    for n in karate:
        assert by_id(df, "closeness")[str(n)] == pytest.approx(closeness[n], abs=1e-12)
        assert by_id(df, "eigenvector")[str(n)] == pytest.approx(eigen[n], abs=1e-6)
        assert by_id(df, "degree")[str(n)] == karate.degree(n)
    # PageRank by plain power iteration (networkx's own needs scipy)
    nodes, rank = list(karate), {n: 1 / 34 for n in karate}
    for _ in range(200):
        rank = {n: 0.15 / 34 + 0.85 * sum(rank[m] / karate.degree(m) for m in karate[n]) for n in nodes}
    assert all(by_id(df, "pagerank")[str(n)] == pytest.approx(rank[n], abs=1e-6) for n in nodes)
    assert df.iloc[0]["id"] == "0"  # ranked by betweenness
    assert df.attrs["method"]["betweenness"].startswith("exact")


def test_networkx_engine_agrees_with_igraph_on_disconnected_graph():
    h = nx.disjoint_union(nx.gnm_random_graph(60, 120, seed=3), nx.path_graph(7))
    g = as_store_graph(h)
    fast, ref = centrality(g), centrality(g, engine="networkx", measures=["betweenness", "closeness"])
    for column in ("betweenness", "closeness"):
        a, b = by_id(fast, column), by_id(ref, column)
        assert all(a[k] == pytest.approx(b[k], abs=1e-12) for k in a)


def test_parallel_relations_count_as_weighted_degree_not_degree():
    g = nx.MultiDiGraph()
    g.add_node("a", type="Person", caption="A")
    g.add_node("c", type="Company", caption="C")
    g.add_edge("a", "c", key="r1", type="director_of")
    g.add_edge("a", "c", key="r2", type="shareholder_of")
    df = centrality(g, ["degree", "relations"])
    assert by_id(df, "degree") == {"a": 1, "c": 1}
    assert by_id(df, "relations") == {"a": 2, "c": 2}


def test_sampled_betweenness_within_stated_bound_and_named():
    h = nx.barabasi_albert_graph(600, 2, seed=7)
    g = as_store_graph(h)
    exact = by_id(centrality(g, ["betweenness"]), "betweenness")
    df = centrality(g, ["betweenness", "closeness"], method="sampled", samples=150, seed=1)
    approx = by_id(df, "betweenness")
    eps = hoeffding_eps(150) * 600 / 599
    assert max(abs(approx[k] - exact[k]) for k in exact) <= eps
    assert "sampled" in df.attrs["method"]["betweenness"] and "150 random pivots" in df.attrs["method"]["betweenness"]
    # the estimate is informative, not just within a loose bound: the top hubs are found
    top_exact = sorted(exact, key=exact.get, reverse=True)[:5]
    assert set(top_exact[:3]) <= set(df["id"].head(8))
    close_exact = nx.closeness_centrality(h)
    closeness = by_id(df, "closeness")
    assert max(abs(closeness[str(n)] - close_exact[n]) / close_exact[n] for n in h) < 0.15


def test_auto_samples_only_above_exact_limit():
    g = as_store_graph(nx.gnm_random_graph(80, 200, seed=1))
    assert "exact" in centrality(g, ["betweenness"], exact_limit=100).attrs["method"]["betweenness"]
    assert "sampled" in centrality(g, ["betweenness"], exact_limit=50, samples=20).attrs["method"]["betweenness"]


def test_sampling_is_reproducible_by_seed():
    g = as_store_graph(nx.gnm_random_graph(200, 500, seed=2))
    a = centrality(g, ["betweenness"], method="sampled", samples=30, seed=5)
    b = centrality(g, ["betweenness"], method="sampled", samples=30, seed=5)
    assert a.equals(b)


def test_show_types_and_top_and_errors():
    g = as_store_graph(nx.path_graph(5))
    g.nodes["2"]["type"] = "Company"
    df = centrality(g, types=["Person"], top=2)
    assert list(df["type"]) == ["Person", "Person"] and "2" not in set(df["id"])
    with pytest.raises(KnooppuntError, match="unknown centrality measure"):
        centrality(g, ["influence"])
    assert centrality(nx.MultiDiGraph()).empty


def test_random_graphs_match_networkx_betweenness():
    rng = random.Random(11)
    for _ in range(3):
        h = nx.gnm_random_graph(rng.randint(5, 40), rng.randint(4, 80), seed=rng.randint(0, 999))
        got = by_id(centrality(as_store_graph(h), ["betweenness"]), "betweenness")
        ref = nx.betweenness_centrality(h)
        assert all(got[str(n)] == pytest.approx(ref[n], abs=1e-12) for n in h)
