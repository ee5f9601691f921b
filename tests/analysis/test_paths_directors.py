"""Paths read as evidence; director patterns and ownership chains on hand-built cases."""

from __future__ import annotations

import pytest

from graph.analysis import clusters, directors, paths
from graph.errors import KnooppuntError
from tests.analysis.conftest import build


@pytest.fixture
def chain():
    nodes = {"P": ("Person", {"name": "Piet"}), "C": ("Company", {"name": "Cie"}), "A": ("Address", {}),
             "Q": ("Person", {"name": "Quinten"}), "V": ("Vehicle", {}), "R": ("Person", {})}
    return build(nodes, [
        ("P", "C", "director_of", "2020-01-01", None),
        ("C", "A", "located_at", "2020-01-01", None),
        ("Q", "A", "registered_at", "2018-05-01", "2022-01-01"),
        ("Q", "V", "uses", None, None),
        ("R", "V", "uses", None, None),
        ("P", "R", "family_of", None, None),
    ])


def test_connection_lists_each_hop_with_relation_direction(chain):
    hops = paths.connection(chain, "P", "Q")
    assert hops.attrs["paths"] == 2
    first = hops[hops["path"] == 1]
    assert list(first["from_id"]) == ["P", "C", "A"] and list(first["to_id"]) == ["C", "A", "Q"]
    assert list(first["relation"]) == ["director_of →", "located_at →", "← registered_at"]
    assert list(first["valid"])[2] == "2018-05-01..2022-01-01"
    assert all(len(r) == 1 and r[0].startswith("rel-") for r in hops["relations"])
    one = paths.connection(chain, "Q", "P", all_paths=False)
    assert one.attrs["paths"] == 1 and len(one) == 3


def test_paths_up_to_k(chain):
    assert paths.paths_up_to(chain, "P", "Q", 2) == []
    assert paths.paths_up_to(chain, "P", "Q", 3) == [["P", "C", "A", "Q"], ["P", "R", "V", "Q"]]
    chain.add_edge("C", "V", key="extra", type="uses")
    assert paths.paths_up_to(chain, "P", "Q", 4) == [["P", "C", "A", "Q"], ["P", "C", "V", "Q"], ["P", "R", "V", "Q"]]
    found = paths.paths_up_to(chain, "P", "Q", 5)
    assert ["P", "R", "V", "C", "A", "Q"] in found and all(len(p) <= 6 for p in found)
    assert len(found) == len({tuple(p) for p in found})
    with pytest.raises(KnooppuntError):
        paths.paths_up_to(chain, "P", "Q", 0)


def test_neighbourhood_by_depth(chain):
    one = paths.neighbourhood(chain, "P", 1)
    assert list(one["id"]) == ["P", "C", "R"] and list(one["distance"]) == [0, 1, 1]
    two = paths.neighbourhood(chain, "P", 2)
    assert set(two["id"]) == {"P", "C", "R", "A", "V"}
    assert two.set_index("id").loc["A", "via"] == "C"
    assert set(paths.neighbourhood(chain, "P", 2, types=["Address"])["id"]) == {"P", "A"}


def company(name, registered, ended=None, branches=()):
    props = {"name": name, "registration_date": registered, "risk_branches": list(branches)}
    if ended:
        props["end_date"] = ended
    return ("Company", props)


def test_director_load_counts_short_lived_and_risk_branches():
    nodes = {"S": ("Person", {}), "N": ("Person", {}),
             "c1": company("c1", "2021-01-01", "2021-06-01", ["hospitality"]),
             "c2": company("c2", "2021-03-01", "2022-01-01", ["automotive"]),
             "c3": company("c3", "2015-01-01"),
             "c4": company("c4", "2019-01-01")}
    g = build(nodes, [("S", "c1", "director_of", "2021-01-01", "2021-06-01"),
                      ("S", "c2", "director_of", "2021-03-01", None),
                      ("S", "c3", "director_of", "2023-01-01", None),
                      ("N", "c4", "director_of", "2019-01-01", None)])
    df = directors.director_load(g).set_index("id")
    s = df.loc["S"]
    assert (s["directorships"], s["short_lived"], s["risk_branch_companies"], s["brief_tenures"]) == (3, 2, 2, 1)
    assert s["risk_branches"] == ["automotive", "hospitality"] and s["current"] == 1
    assert list(df.index) == ["S", "N"]


def test_director_churn_ranks_companies_changing_directors():
    nodes = {"a": ("Person", {}), "b": ("Person", {}), "c": ("Person", {}), "d": ("Person", {}),
             "busy": company("busy", "2018-01-01"), "calm": company("calm", "2018-01-01")}
    g = build(nodes, [("a", "busy", "director_of", "2018-01-01", "2019-01-01"),
                      ("b", "busy", "director_of", "2019-01-01", "2020-01-01"),
                      ("c", "busy", "director_of", "2020-01-01", None),
                      ("d", "calm", "director_of", "2018-01-05", None)])
    df = directors.director_churn(g)
    assert list(df["id"]) == ["busy", "calm"]
    busy = df.iloc[0]
    assert (busy["appointments"], busy["departures"], busy["changes"]) == (2, 2, 4)
    assert df.iloc[1]["changes"] == 0  # the founding director is not a change
    windowed = directors.director_churn(g, start="2019-06-01", end="2020-12-31").set_index("id")
    assert windowed.loc["busy", "changes"] == 2


def test_ownership_chains_and_cycles():
    nodes = {p: ("Company", {"name": p}) for p in ("H", "M", "O", "X", "Y", "Z")} | {"U": ("Person", {})}
    g = build(nodes, [("U", "H", "owner_of", None, None), ("H", "M", "owner_of", None, None),
                      ("M", "O", "shareholder_of", None, None),
                      ("X", "Y", "owner_of", None, None), ("Y", "Z", "owner_of", None, None),
                      ("Z", "X", "owner_of", None, None)])
    df = directors.ownership_chains(g)
    top = df.iloc[0]
    assert top["chain"] == ["H", "M", "O"] and top["length"] == 2 and top["top_owners"] == ["U"]
    assert not top["circular"] and top["captions"] == "H → M → O"
    cyc = df[df["circular"]]
    assert len(cyc) == 1 and set(cyc.iloc[0]["chain"]) == {"X", "Y", "Z"}
    assert directors.ownership_chains(g, min_length=3).empty


def test_cluster_bridges_name_the_linking_entities():
    nodes = {f"a{i}": ("Person", {}) for i in range(4)} | {f"b{i}": ("Person", {}) for i in range(4)}
    edges = [(f"a{i}", f"a{j}", "associate_of", None, None) for i in range(4) for j in range(i + 1, 4)]
    edges += [(f"b{i}", f"b{j}", "associate_of", None, None) for i in range(4) for j in range(i + 1, 4)]
    edges.append(("a0", "b0", "associate_of", None, None))
    g = build(nodes, edges)
    members = clusters.communities(g, seed=3)
    assert sorted(members["community"].unique()) == [1, 2]  # numbered from 1, as components are
    bridges = clusters.cluster_bridges(g, members)
    assert len(bridges) == 1 and bridges.iloc[0]["relations_between"] == 1
    assert {*bridges.iloc[0]["entities_a"], *bridges.iloc[0]["entities_b"]} == {"a0", "b0"}
    summary = clusters.cluster_summary(g, members)
    assert list(summary["size"]) == [4, 4] and list(summary["external_relations"]) == [1, 1]
    comps = clusters.communities(g, method="components")
    assert set(comps["community"]) == {1} and set(comps["component"]) == {1}
    with pytest.raises(KnooppuntError):
        clusters.communities(g, method="magic")
