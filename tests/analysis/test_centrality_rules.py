"""Centrality rule by rule: the options, the bridging formula, the bound's wording, edge cases."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graph.analysis import centrality as c
from graph.analysis.projection import project
from graph.errors import KnooppuntError
from tests.analysis.test_centrality import as_store_graph, by_id


def test_bridging_is_betweenness_times_the_bridging_coefficient() -> None:
    """Two triangles joined through a bridge entity b: b's coefficient is (1/2) / (1/3 + 1/3)."""
    h = nx.Graph([(0, 1), (1, 2), (0, 2), (2, "b"), ("b", 3), (3, 4), (4, 5), (3, 5)])
    h.add_node("alone")
    g = as_store_graph(h)
    df = c.centrality(g, ["bridging"])
    assert list(df.columns).count("betweenness") == 1  # bridging brings betweenness along
    between, bridging = by_id(df, "betweenness"), by_id(df, "bridging")
    exact = nx.betweenness_centrality(h)
    assert between["b"] == pytest.approx(exact["b"])
    assert bridging["b"] == pytest.approx(exact["b"] * 0.5 / (2 / 3))
    assert bridging["2"] == pytest.approx(exact[2] * (1 / 3) / (1 / 2 + 1 / 2 + 1 / 2))
    assert bridging["alone"] == 0.0 and between["alone"] == 0.0
    coeff = c._bridging_coefficient(project(g))
    assert sorted(coeff)[-1] == pytest.approx(0.75)


def test_options_are_checked_with_messages() -> None:
    g = as_store_graph(nx.path_graph(4))
    with pytest.raises(KnooppuntError, match=r"^unknown method 'quick': auto, exact or sampled$"):
        c.centrality(g, method="quick")
    with pytest.raises(KnooppuntError, match=r"^epsilon \(0\) and delta \(0.1\) must lie between 0 and 1$"):
        c.centrality(g, epsilon=0)
    for eps, delta in ((1, 0.1), (0.1, 0), (0.1, 1)):
        with pytest.raises(KnooppuntError, match="must lie between 0 and 1"):
            c.centrality(g, epsilon=eps, delta=delta)
    with pytest.raises(KnooppuntError, match=r"^unknown engine 'gpu': igraph or networkx$"):
        c.centrality(g, engine="gpu")
    with pytest.raises(KnooppuntError, match=r"^unknown centrality measure\(s\) \['fame'\]; choose from degree, "):
        c.centrality(g, ["degree", "fame"])
    with pytest.raises(KnooppuntError, match=r"^cannot sort by 'closeness': not computed \(measures: degree\)$"):
        c.centrality(g, ["degree"], sort="closeness")


def test_default_order_and_ties() -> None:
    g = as_store_graph(nx.star_graph(3))
    assert list(c.centrality(g, ["degree", "closeness"])["id"]) == ["0", "1", "2", "3"]  # degree, then id
    df = c.centrality(g, ["closeness", "pagerank"])
    assert list(df["id"]) == ["0", "1", "2", "3"]  # the first measure asked
    assert list(c.centrality(g, ["degree"], sort="degree", top=1)["id"]) == ["0"]


def test_hoeffding_eps() -> None:
    assert c.hoeffding_eps(0) == math.inf
    assert c.hoeffding_eps(100) == pytest.approx(math.sqrt(math.log(2 / 0.05) / 200))
    assert c.hoeffding_eps(100, 0.1) == pytest.approx(math.sqrt(math.log(20) / 200))
    assert c.hoeffding_eps(1) == pytest.approx(math.sqrt(math.log(40) / 2))  # one pivot: a (loose) bound still


def test_settled_places_need_a_gap_of_more_than_two_epsilon() -> None:
    s = c.PathSample(n=10, pairs=100, vertex_diameter=5, epsilon=0.1, delta=0.1, seed=0)
    assert s.settled([0.9, 0.5, 0.29, 0.05]) == 3
    assert c.PathSample(10, 100, 5, 0.125, 0.1, 0).settled([0.75, 0.5, 0.0]) == 0  # exactly 2 eps apart: not settled
    assert s.settled([0.5]) == 0 and s.settled([]) == 0
    assert s.settled([0.1, 0.9, 0.5]) == 2  # ranked by value, not by position


def test_describe_in_words_both_languages() -> None:
    s = c.PathSample(n=12345, pairs=26691, vertex_diameter=9, epsilon=0.002, delta=0.1, seed=3)
    note, words = s.describe([0.02, 0.01, 0.0])
    assert note == ("sampled (Riondato-Kornaropoulos): 26,691 random shortest paths of 12,345 entities, vertex "
                    "diameter <= 9, seed 3; every value within +-0.0020 with probability 0.90 (highest value "
                    "0.0200); top 2 places settled")
    assert words["nl"].startswith("De tussenpositie (betweenness) is geschat uit 26.691 willekeurige kortste paden. "
                                  "Met 90% zekerheid "
                                  "wijkt elke waarde hoogstens 0,0020 af van de exacte waarde (10% van de hoogste "
                                  "waarde, 0,0200). De eerste 2 plaatsen")
    assert words["en"].startswith("Betweenness is estimated from 26,691 random shortest paths. With 90% certainty "
                                  "every value is within 0.0020 of the exact value (10% of the highest value, "
                                  "0.0200). The first 2 places")
    _, none = s.describe([0.0, 0.0])
    assert "Geen plaats in de ranglijst staat daarmee vast" in none["nl"] and "(- van de hoogste" in none["nl"]
    assert "No place in the ranking is certain" in none["en"]
    assert c._nl("26,691.5") == "26.691,5"


def test_small_and_edgeless_graphs() -> None:
    g = nx.MultiDiGraph()
    for n in "ab":
        g.add_node(n, type="Person", caption=n)
    df = c.centrality(g)
    assert list(df["betweenness"]) == [0.0, 0.0] and list(df["closeness"]) == [0.0, 0.0]
    assert list(df["eigenvector"]) == pytest.approx([1 / math.sqrt(2)] * 2)
    one = nx.MultiDiGraph()
    one.add_node("a", type="Person", caption="a")
    assert list(c.centrality(one, method="sampled")["betweenness"]) == [0.0]
    assert c.vertex_diameter_bound(project(g)) == 1
    values, sample = c.betweenness_rk(project(as_store_graph(nx.complete_graph(4))), 0.1, 0.1)
    assert values == [0.0] * 4 and sample.vertex_diameter == 3  # adjacent pairs: no inner entity


def test_networkx_engine_notes_and_sampled_pivots() -> None:
    g = as_store_graph(nx.path_graph(6))
    df = c.centrality(g, ["betweenness", "closeness", "eigenvector"], engine="networkx")
    assert df.attrs["method"]["betweenness"] == "exact (networkx, Brandes)"
    assert df.attrs["method"]["closeness"].startswith("exact (networkx)")
    assert df.attrs["method"]["eigenvector"] == "networkx, unit Euclidean norm (as networkx)"
    ig = c.centrality(g, ["betweenness", "closeness", "eigenvector"])
    for col in ("betweenness", "closeness", "eigenvector"):
        assert by_id(df, col) == pytest.approx(by_id(ig, col), abs=1e-6), col
    sampled = c.centrality(as_store_graph(nx.path_graph(30)), ["betweenness"], engine="networkx",
                           method="sampled", samples=10, seed=4)
    assert sampled.attrs["method"]["betweenness"] == (
        "sampled (networkx): 10 random pivots of 30, seed 4, no error bound")


def test_frame_attributes() -> None:
    g = as_store_graph(nx.path_graph(5))
    df = c.centrality(g, ["degree", "relations"])
    assert df.attrs["entities"] == 5 and df.attrs["links"] == 4 and df.attrs["explanation"] == {}
    assert df.attrs["method"] == {"degree": "distinct neighbours",
                                  "relations": "weighted degree: number of relations (parallel relations counted)"}
    assert list(df["component_size"]) == [5] * 5


def test_closeness_of_one_and_of_two_entities() -> None:
    """One entity: closeness 0 (no one to be close to), said to be exact in both languages; two linked
    entities: 1 each (networkx's value), through the general path."""
    one = nx.MultiDiGraph()
    one.add_node("a", type="Person", caption="a")
    df = c.centrality(one, ["closeness"])
    assert list(df["closeness"]) == [0.0]
    assert df.attrs["method_texts"]["closeness"] == {"nl": "exact (igraph)", "en": "exact (igraph)"}
    pair = c.centrality(as_store_graph(nx.path_graph(2)), ["closeness"])
    assert list(pair["closeness"]) == [1.0, 1.0] == list(nx.closeness_centrality(nx.path_graph(2)).values())
    assert pair.attrs["method_texts"]["closeness"] == {
        "nl": "exact (igraph), Wasserman-Faust voor niet-samenhangende netwerken",
        "en": "exact (igraph), Wasserman-Faust for disconnected graphs"}


def test_sampled_closeness_leaves_components_up_to_four_times_the_pivots_exact() -> None:
    """300 pivots: a component of exactly 4 x 300 = 1,200 entities (above 1,000) is still computed exactly,
    and the note names the limit that applied, in both languages."""
    h = nx.cycle_graph(1200)
    nx.add_path(h, range(1200, 1204))
    df = c.centrality(as_store_graph(h), ["closeness"], method="sampled", samples=300)
    eps = c.hoeffding_eps(300)
    eps_nl = f"{eps:.3f}".replace(".", ",")
    assert df.attrs["method_texts"]["closeness"] == {
        "nl": "componenten boven 1200 entiteiten als steekproef: elk 300 willekeurige spilpunten, startwaarde 0; "
              f"gemiddelde afstand binnen +-{eps_nl} x diameter met kans 0,95 (Hoeffding, Eppstein-Wang); "
              "kleinere componenten exact (igraph)",
        "en": "components over 1200 entities sampled: 300 random pivots each, seed 0; mean distance within "
              f"+-{eps:.3f} x diameter with probability 0.95 (Hoeffding, Eppstein-Wang); smaller components exact "
              "(igraph)"}
    exact = nx.closeness_centrality(h)
    assert by_id(df, "closeness") == pytest.approx({str(k): v for k, v in exact.items()}, rel=1e-9)


def test_sampled_closeness_on_a_ring_sums_to_the_exact_distances_whatever_the_pivots() -> None:
    """On a ring every entity is equally far from all others (r^2/4 in all, r even), so whichever pivots are
    drawn, the estimated distance sums of all entities add up to exactly r x r^2/4: a dropped or doubled pivot,
    or a wrong size in the correction, shows here, beyond the noise any single value may have."""
    r = 1200
    for seed in (0, 1):
        df = c.centrality(as_store_graph(nx.cycle_graph(r)), ["closeness"], method="sampled", samples=256,
                          seed=seed)
        assert df.attrs["method"]["closeness"].startswith("components over 1024 entities sampled: 256 random")
        estimated_sums = [(r - 1) / value for value in df["closeness"]]  # closeness = (r - 1) / sum (n = r)
        assert sum(estimated_sums) == pytest.approx(r * r * r / 4, rel=1e-12)
        assert min(estimated_sums) < r * r / 4 < max(estimated_sums)  # sampled, not exact


def test_sampled_closeness_is_reproducible_by_seed() -> None:
    g = as_store_graph(nx.cycle_graph(1100))
    runs = [list(c.centrality(g, ["closeness"], method="sampled", samples=256, seed=s)["closeness"])
            for s in (5, 5, 6)]
    assert runs[0] == runs[1] and runs[0] != runs[2]


def test_the_explanation_in_full_with_and_without_settled_places() -> None:
    s = c.PathSample(n=500, pairs=1000, vertex_diameter=9, epsilon=0.01, delta=0.1, seed=0)
    _, settled = s.describe([0.3, 0.1, 0.05])
    assert settled["nl"].endswith("De eerste 2 plaatsen van de ranglijst staan daarmee vast; daaronder kunnen "
                                  "entiteiten met waarden dicht bij elkaar van plaats wisselen.")
    assert settled["en"].endswith("The first 2 places of the ranking are therefore certain; further down, "
                                  "entities with close values may swap places.")
    _, none = s.describe([0.1, 0.095])
    assert none["nl"].endswith("Geen plaats in de ranglijst staat daarmee vast: de hoogste waarden liggen dichter "
                               "bij elkaar dan de foutmarge; kies een kleinere foutmarge (--epsilon) of een exacte "
                               "berekening.")
    assert none["en"].endswith("No place in the ranking is certain: the highest values lie closer together than "
                               "the margin; choose a smaller margin (--epsilon) or an exact computation.")
    note, empty = s.describe([])  # no entity: nothing to compare the margin with
    assert "(highest value 0.0000); top 0 places settled" in note
    assert "(- of the highest value, 0.0000)" in empty["en"]


def test_sampled_betweenness_of_entities_with_no_inner_path_is_zero() -> None:
    """Three entities and no relation (vertex diameter 1): no pair to sample, every value 0, said so."""
    g = nx.MultiDiGraph()
    for n in "abc":
        g.add_node(n, type="Person", caption=n)
    df = c.centrality(g, ["betweenness"], method="sampled", seed=3)
    assert list(df["betweenness"]) == [0.0, 0.0, 0.0]
    assert df.attrs["method"]["betweenness"].startswith("sampled (Riondato-Kornaropoulos): 0 random shortest paths "
                                                        "of 3 entities, vertex diameter <= 1, seed 3;")
    _, sample = c.betweenness_rk(project(g))
    assert sample.seed == 0 and sample.pairs == 0


def test_sampled_betweenness_of_a_disconnected_graph_within_the_bound() -> None:
    """Two separate groups: a pair drawn across them has no path and counts with no entity on it -- the
    sampling goes on (every value still within +-eps of the exact one)."""
    h = nx.disjoint_union(nx.path_graph(30), nx.path_graph(30))
    exact = nx.betweenness_centrality(h)
    proj = project(as_store_graph(h))
    values, sample = c.betweenness_rk(proj, 0.02, 0.1, seed=1)
    assert max(abs(value - exact[int(node)]) for node, value in zip(proj.ids, values, strict=True)) <= 0.02
    assert max(values) > 0.1  # the middle of each path, exact about 0.12
    assert sample.pairs == c.rk_sample_size(sample.vertex_diameter, 0.02 * 58 / 60, 0.1)


def test_the_vertex_diameter_bound_comes_from_the_first_entity_of_each_group() -> None:
    """2 x eccentricity + 1 of one entity per group of two or more: from a path's end 2 x 4 + 1; from a
    star's hub 2 x 1 + 1 (its true diameter, 3 entities, is within it); a pair alone: 3."""
    assert c.vertex_diameter_bound(project(as_store_graph(nx.path_graph(5)))) == 9
    assert c.vertex_diameter_bound(project(as_store_graph(nx.star_graph(4)))) == 3
    assert c.vertex_diameter_bound(project(as_store_graph(nx.path_graph(2)))) == 3
    assert c.rk_sample_size(5, 0.1, 0.1) == math.ceil(0.5 / 0.01 * (1 + 1 + math.log(10)))  # floor(log2 3) = 1
