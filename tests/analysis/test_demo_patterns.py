"""On the demo data every planted pattern comes out on top of its analysis."""

from __future__ import annotations

from graph.analysis import addresses, centrality, clusters, directors, indicators
from graph.analysis.filters import component_containing


def test_hotspot_address_tops_shared_addresses(demo):
    data, g = demo
    df = addresses.shared_addresses(g)
    top = df.iloc[0]
    assert top["id"] == data.planted.hotspot_address
    assert top["companies"] == 28 and top["persons"] == 0
    assert set(top["occupant_ids"]) == set(data.planted.hotspot_companies)
    assert bool(top["virtual_office"])
    assert top["occupants"] > 2 * df.iloc[1]["occupants"]  # not a near tie with background addresses


def test_strawman_tops_director_load(demo):
    data, g = demo
    df = directors.director_load(g)
    top = df.iloc[0]
    assert top["id"] == data.planted.strawman
    assert top["directorships"] == 12 and top["risk_branch_companies"] == 9
    assert top["short_lived"] >= 6
    assert set(top["companies"]) == set(data.planted.strawman_companies)


def test_bridge_tops_betweenness_in_the_component_of_the_groups(demo):
    """Scope: the component holding group A (an analyst starts from a suspect, not the whole city).

    On the whole project the large background component dominates betweenness; within the
    component of the two groups the broker, who knows several people on each side, is first
    by plain betweenness and by bridging centrality.
    """
    data, g = demo
    planted = data.planted
    component = component_containing(g, planted.group_a[0])
    assert set(component) == {*planted.group_a, *planted.group_b, planted.bridge}
    by_betweenness = centrality.centrality(component, ["betweenness"])
    assert by_betweenness.iloc[0]["id"] == planted.bridge
    assert by_betweenness.iloc[0]["betweenness"] > 2 * by_betweenness.iloc[1]["betweenness"]
    # every one of the 15 x 15 pairs between the groups passes through it, of 31*30/2 pairs
    assert by_betweenness.iloc[0]["betweenness"] >= 225 / (30 * 29 / 2)
    df = centrality.centrality(component, sort="bridging")
    assert df.iloc[0]["id"] == planted.bridge
    assert df.iloc[0]["bridging"] > 1.2 * df.iloc[1]["bridging"]


def test_family_is_one_community(demo):
    data, g = demo
    planted = data.planted
    family = {*planted.family, *planted.family_addresses, *planted.family_vehicles}
    for method in ("leiden", "louvain"):
        df = clusters.communities(g, method=method, seed=1)
        found = set(df.loc[df["id"].isin(planted.family), "community"])
        assert len(found) == 1, method
        assert set(df.loc[df["community"] == found.pop(), "id"]) == family, method


def test_family_tops_shared_address_pairs(demo):
    data, g = demo
    df = addresses.shared_address_pairs(g)
    top = df.head(15)
    assert set(top["a_id"]) | set(top["b_id"]) == set(data.planted.family)
    assert (top["shared"] == 2).all() and (df["shared"].iloc[15:] < 2).all()
    assert data.planted.hotspot_address not in df.attrs["skipped_addresses"]


def test_planted_patterns_raise_flags_with_evidence(demo):
    data, g = demo
    planted = data.planted
    flags = indicators.red_flags(g, reference_date="2026-10-31")
    first = {key: group.iloc[0] for key, group in flags.groupby("indicator", sort=False)}
    assert first["crowded_address"]["entity_id"] == planted.hotspot_address
    assert first["strawman_director"]["entity_id"] == planted.strawman
    assert first["bridging_position"]["entity_id"] == planted.bridge
    assert first["bridging_position"]["value"] == 15
    straw = first["strawman_director"]
    assert set(planted.strawman_companies) <= set(straw["evidence"])
    # every piece of evidence is a record of the graph
    records = set(g) | {k for _, _, k in g.edges(keys=True)}
    for evidence in flags["evidence"]:
        assert evidence and set(evidence) <= records
    straw_flags = set(flags.loc[flags["entity_id"] == planted.strawman, "indicator"])
    assert straw_flags == {"strawman_director", "risk_branch_concentration"}
