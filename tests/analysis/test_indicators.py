"""Red flags: thresholds from the editable YAML, evidence per flag, cut pieces checked by brute force."""

from __future__ import annotations

import copy
import random

import networkx as nx
import pytest

from graph.analysis import indicators
from graph.analysis.projection import project
from graph.errors import KnooppuntError
from tests.analysis.conftest import build


@pytest.fixture
def crowded():
    nodes = {"H": ("Address", {"po_box": 12}), "P": ("Person", {})}
    nodes |= {f"c{i}": ("Company", {"name": f"c{i}", "risk_branches": ["hospitality"] if i < 4 else []})
              for i in range(12)}
    edges = [(f"c{i}", "H", "located_at", f"2025-0{1 + i % 9}-01", None) for i in range(12)]
    edges += [(f"c{i}", "H", "located_at", "2010-01-01", "2011-01-01") for i in range(2)]
    edges += [("P", f"c{i}", "director_of", "2020-01-01", None) for i in range(5)]
    return build(nodes, edges)


def test_thresholds_come_from_the_data_file(crowded):
    config = indicators.load_indicators()
    flags = indicators.red_flags(crowded, config=config, reference_date="2026-01-01", lang="en")
    address = flags[(flags["entity_id"] == "H") & (flags["indicator"] == "crowded_address")].iloc[0]
    assert address["value"] == 12 and address["threshold"] == 10
    assert "12 companies registered" in address["explanation"] and "PO box" in address["explanation"]
    assert set(address["evidence"]) >= {f"c{i}" for i in range(12)}
    stricter = copy.deepcopy(config)
    stricter["crowded_address"]["threshold"] = 13
    flags = indicators.red_flags(crowded, config=stricter, reference_date="2026-01-01")
    assert "crowded_address" not in set(flags["indicator"])


def test_strawman_needs_short_lived_or_risk_companies(crowded):
    config = indicators.load_indicators()
    flags = indicators.red_flags(crowded, config=config, indicators=["strawman_director"])
    assert list(flags["entity_id"]) == ["P"] and flags.iloc[0]["value"] == 5  # 4 of 5 in risk branches
    config["strawman_director"]["min_risk_branch"] = 5
    assert indicators.red_flags(crowded, config=config, indicators=["strawman_director"]).empty


def test_risk_concentration_and_recent_churn(crowded):
    flags = indicators.red_flags(crowded, reference_date="2026-01-01")
    risk = flags[flags["indicator"] == "risk_branch_concentration"].set_index("entity_id")
    assert risk.loc["P", "value"] == 0.8 and "H" not in risk.index  # 4 of 12 at H is not a concentration
    churn = flags[flags["indicator"] == "recent_churn"].set_index("entity_id")
    assert churn.loc["H", "value"] == 12  # the 2025 arrivals; 2010-2011 is outside the last 24 months
    earlier = indicators.red_flags(crowded, indicators=["recent_churn"], reference_date="2011-06-01")
    assert earlier.empty  # 2 arrivals + 2 departures < 6
    summary = indicators.flag_summary(flags)
    assert summary.iloc[0]["flags"] == len(summary.iloc[0]["indicators"])


def test_bad_indicator_files_are_named(tmp_path):
    bad = tmp_path / "flags.yaml"
    bad.write_text("indicators:\n  magic_score: {threshold: 1}\n", encoding="utf-8")
    with pytest.raises(KnooppuntError, match=r"flags.yaml: unknown indicator 'magic_score'"):
        indicators.load_indicators(bad)
    bad.write_text("indicators:\n  crowded_address: {threshold: many}\n", encoding="utf-8")
    with pytest.raises(KnooppuntError, match="numeric 'threshold'"):
        indicators.load_indicators(bad)
    bad.write_text("indicators: [", encoding="utf-8")
    with pytest.raises(KnooppuntError, match=r"flags\.yaml"):
        indicators.load_indicators(bad)


def test_cut_pieces_match_brute_force():
    rng = random.Random(4)
    for _ in range(6):
        h = nx.gnm_random_graph(rng.randint(8, 40), rng.randint(6, 50), seed=rng.randint(0, 10_000))
        g = build({str(n): ("Person", {}) for n in h}, [(str(u), str(v), "associate_of", None, None)
                                                         for u, v in h.edges()])
        proj = project(g)
        pieces = indicators.cut_pieces(proj)
        for node in h:
            rest = h.copy()
            rest.remove_node(node)
            comp_of = nx.node_connected_component(h, node)
            expected = sorted((len(c) for c in nx.connected_components(rest) if c & comp_of), reverse=True)
            got = [size for size, _ in pieces.get(proj.index[str(node)], [])]
            if len(expected) > 1:
                assert got == expected
            else:
                assert proj.index[str(node)] not in pieces
