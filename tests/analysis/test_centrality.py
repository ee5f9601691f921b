"""Centrality equals networkx's reference implementation; sampling stays within its stated bound."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from graph.analysis.centrality import betweenness_rk, centrality, rk_sample_size, vertex_diameter_bound
from graph.analysis.projection import project
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


def test_sampled_betweenness_within_stated_bound_in_seeded_runs():
    """Riondato-Kornaropoulos: every entity within +-eps of exact at once, in (nearly) every run,
    and eps is well below the largest value it bounds (the old Hoeffding bound was 5x above it)."""
    h = nx.barabasi_albert_graph(300, 2, seed=7)
    g = as_store_graph(h)
    exact = by_id(centrality(g, ["betweenness"]), "betweenness")
    eps = 0.02
    assert eps < max(exact.values()) / 5
    misses, errors = 0, []
    for seed in range(8):
        df = centrality(g, ["betweenness"], method="sampled", epsilon=eps, delta=0.1, seed=seed)
        approx = by_id(df, "betweenness")
        error = max(abs(approx[k] - exact[k]) for k in exact)
        errors.append(error)
        misses += error > eps
        # the estimate is informative: the exact top 3 are among the first 6
        top_exact = sorted(exact, key=exact.get, reverse=True)[:3]
        assert set(top_exact) <= set(df["id"].head(6))
    assert misses <= 1, errors
    assert max(errors) > eps / 20  # it is a sample, not the exact computation under another name
    note = df.attrs["method"]["betweenness"]
    assert note.startswith("sampled (Riondato-Kornaropoulos)") and "within +-0.0200 with probability 0.90" in note


def test_sample_size_follows_the_vertex_diameter():
    # r = c/eps^2 (floor(log2(VD - 2)) + 1 + ln(1/delta)), c = 0.5
    assert rk_sample_size(10, 0.05, 0.1) == math.ceil(0.5 / 0.0025 * (3 + 1 + math.log(10)))
    assert rk_sample_size(2, 0.05, 0.1) == 0  # no inner entity on any shortest path
    path = as_store_graph(nx.path_graph(7))  # 7 entities on the one longest shortest path
    proj = project(path)
    assert 7 <= vertex_diameter_bound(proj) <= 13
    values, sample = betweenness_rk(proj, 0.05, 0.1, seed=3)
    exact = nx.betweenness_centrality(nx.path_graph(7))
    assert sample.pairs == rk_sample_size(sample.vertex_diameter, 0.05 * 5 / 7, 0.1)
    assert max(abs(values[i] - exact[i]) for i in range(7)) <= 0.05


def test_explanation_says_what_the_margin_means_in_both_languages():
    g = as_store_graph(nx.star_graph(40))  # one hub on every path: the top place is certain
    df = centrality(g, ["betweenness"], method="sampled", epsilon=0.05, seed=1)
    assert df["id"][0] == "0" and df["betweenness"][0] == pytest.approx(1.0, abs=0.05)
    nl, en = df.attrs["explanation"]["nl"], df.attrs["explanation"]["en"]
    assert "Met 90% zekerheid wijkt elke waarde hoogstens 0,0500 af" in nl
    assert "De eerste 1 plaatsen van de ranglijst staan daarmee vast" in nl
    assert "With 90% certainty every value is within 0.0500" in en and "first 1 places" in en


def test_auto_samples_only_above_exact_limit():
    g = as_store_graph(nx.gnm_random_graph(80, 200, seed=1))
    assert "exact" in centrality(g, ["betweenness"], exact_limit=100).attrs["method"]["betweenness"]
    assert "sampled" in centrality(g, ["betweenness"], exact_limit=50, epsilon=0.05).attrs["method"]["betweenness"]


def test_sampled_closeness_close_to_exact():
    h = nx.barabasi_albert_graph(600, 2, seed=7)
    df = centrality(as_store_graph(h), ["closeness"], method="sampled", samples=150, seed=1)
    closeness = by_id(df, "closeness")
    close_exact = nx.closeness_centrality(h)
    assert max(abs(closeness[str(n)] - close_exact[n]) / close_exact[n] for n in h) < 0.15


def test_sampling_is_reproducible_by_seed():
    g = as_store_graph(nx.gnm_random_graph(200, 500, seed=2))
    a = centrality(g, ["betweenness"], method="sampled", epsilon=0.05, seed=5)
    b = centrality(g, ["betweenness"], method="sampled", epsilon=0.05, seed=5)
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


def test_one_shortest_path_is_drawn_uniformly_among_all() -> None:
    """s-a-m-t, s-b-m-t and s-c-d-t: m lies on 2 of the 3 shortest paths, every other inner entity on 1.
    Weighting the meeting entities equally (not by path counts) would put m on half of the draws."""
    from collections import Counter

    from graph.analysis.centrality import _random_shortest_path_inner

    names = ["s", "a", "b", "c", "m", "d", "t", "x"]
    edges = [("s", "a"), ("s", "b"), ("s", "c"), ("a", "m"), ("b", "m"), ("c", "d"), ("m", "t"), ("d", "t"),
             ("t", "x")]
    adj: list[list[int]] = [[] for _ in names]
    for u, v in edges:
        adj[names.index(u)].append(names.index(v))
        adj[names.index(v)].append(names.index(u))
    degree = [len(a) for a in adj]
    rng = random.Random(4)
    draws = 6000
    seen: Counter[str] = Counter()
    for _ in range(draws):
        inner = _random_shortest_path_inner(adj, degree, names.index("s"), names.index("t"), rng)
        assert len(inner) == 2
        seen.update(names[v] for v in inner)
    assert abs(seen["m"] / draws - 2 / 3) < 0.03
    for one in "abcd":
        assert abs(seen[one] / draws - 1 / 3) < 0.03
    assert _random_shortest_path_inner(adj, degree, names.index("s"), names.index("x"), rng)  # one side longer


def test_sampled_closeness_estimates_a_component_above_the_limit() -> None:
    """A component of 1,500 entities (above the exact limit of max(4 x pivots, 1,000)) beside a small one:
    the pivot estimate must be scaled up to all members (r / pivots) and by the Wasserman-Faust factor
    (r - 1) / (n - 1); without either factor every value is off by far more than 10%."""
    h = nx.disjoint_union(nx.barabasi_albert_graph(1500, 2, seed=3), nx.path_graph(300))
    g = as_store_graph(h)
    df = centrality(g, ["closeness"], method="sampled", samples=64, seed=2)
    note = df.attrs["method"]["closeness"]
    assert note.startswith("components over 1000 entities sampled: 64 random pivots")
    exact = by_id(centrality(g, ["closeness"], method="exact"), "closeness")
    got = by_id(df, "closeness")
    big = [str(n) for n in range(1500)]
    assert max(abs(got[k] - exact[k]) / exact[k] for k in big) < 0.1
    assert all(got[k] == pytest.approx(exact[k], abs=1e-12) for k in exact if k not in big)  # small: exact


@pytest.mark.parametrize("samples", [1, 2, 5])
def test_sampled_closeness_with_too_few_pivots_still_estimates(samples: int) -> None:
    """A handful of pivots (one, in the worst case) on a component above the limit: fewer than MIN_PIVOTS
    are raised to MIN_PIVOTS (their Hoeffding margin would exceed the diameter; a lone pivot scored itself 0
    and its neighbours near 1), said in the method note; no entity of a connected component scores 0 and
    every value stays near networkx's."""
    from graph.analysis.centrality import MIN_PIVOTS

    h = nx.barabasi_albert_graph(1500, 2, seed=3)
    df = centrality(as_store_graph(h), ["closeness"], method="sampled", samples=samples, seed=0)
    got = by_id(df, "closeness")
    exact = nx.closeness_centrality(h)
    assert min(got.values()) > 0
    assert max(abs(got[str(n)] - exact[n]) / exact[n] for n in h) < 0.2
    note = df.attrs["method"]["closeness"]
    assert f"{MIN_PIVOTS} random pivots each" in note and f"asked {samples}" in note


def test_sampled_closeness_of_a_small_graph_is_networkx_exact_even_with_one_pivot() -> None:
    karate = nx.karate_club_graph()
    df = centrality(as_store_graph(karate), ["closeness"], method="sampled", samples=1)
    got, exact = by_id(df, "closeness"), nx.closeness_centrality(karate)
    assert all(got[str(n)] == pytest.approx(exact[n], abs=1e-12) for n in karate)
    assert df.attrs["method"]["closeness"].endswith("exact (igraph)")
