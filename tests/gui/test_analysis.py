"""Analyses from the menu: off the UI thread, cancel, evidence, styling the chart."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx
import pytest
from PySide6.QtCore import Qt


# -- analysis ---------------------------------------------------------------------------------------------
def _degree_spec() -> Any:
    from views.analysis_panel import AnalysisSpec, normalise_rows

    def run(store: Any, progress: Any, selection: Any = None) -> list[dict[str, Any]]:
        g = store.graph()
        progress(1, 2)
        ranks = nx.degree_centrality(nx.Graph(g))
        return normalise_rows(sorted(ranks.items(), key=lambda kv: -kv[1])[:100], g)

    return AnalysisSpec("degree", {"en": "Degree centrality"}, {"en": "Most connected"}, run)


def test_analysis_panel_runs_off_the_ui_thread_and_a_click_selects_on_the_chart(qtbot: Any, window: Any,
                                                                                 planted: dict[str, Any],
                                                                                 shoot: Any) -> None:
    panel = window.run_analysis(_degree_spec())
    qtbot.waitUntil(lambda: panel.task is None, timeout=20000)
    assert panel.model.rowCount() == 100
    top = panel.model.rows[0]
    assert top["score"] == max(r["score"] for r in panel.model.rows)
    assert planted["hotspot_address"] in {r["id"] for r in panel.model.rows}  # 28 companies at one address
    panel.table.sortByColumn(panel.model.columns.index("score"), Qt.SortOrder.AscendingOrder)
    assert panel.model.rows[0]["score"] <= panel.model.rows[-1]["score"]
    panel.table.sortByColumn(panel.model.columns.index("score"), Qt.SortOrder.DescendingOrder)
    rect = panel.table.visualRect(panel.model.index(0, 0))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    chart = window.chart
    assert chart.scene.selected_ids() == [top["id"]]
    centre = chart.view.mapToScene(chart.view.viewport().rect().center())
    node = chart.scene.nodes[top["id"]].pos()
    assert abs(centre.x() - node.x()) < 5 and abs(centre.y() - node.y()) < 5
    panel.table.clearSelection()
    added = panel.add_to_chart()  # nothing selected: the first rows
    assert added > 0 and len(chart.scene.nodes) == 100
    panel.size_by_score()
    assert chart.scene.nodes[top["id"]].size_factor == pytest.approx(2.5)
    chart.view.fit()
    shoot(window, "main_window_analysis")


def test_analysis_can_be_cancelled(qtbot: Any, window: Any) -> None:
    import threading

    from views.analysis_panel import AnalysisSpec

    gate = threading.Event()

    def slow(store: Any, progress: Any, selection: Any = None) -> list[dict[str, Any]]:
        gate.wait(5)
        progress(1, 2)  # raises Cancelled once Cancel was pressed
        return []

    panel = window.run_analysis(AnalysisSpec("slow", {"en": "Slow"}, {}, slow))
    qtbot.mouseClick(panel.cancel_btn, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: panel.task is None, timeout=5000)
    assert panel.info.text() == "Cancelled"


def test_analysis_menu_runs_the_red_flags_and_evidence_opens_the_records(qtbot: Any, window: Any,
                                                                        planted: dict[str, Any], shoot: Any) -> None:
    from views.analysis_panel import catalogue

    assert set(window.analysis_actions) == {s.key for s in catalogue()}
    window.analysis_actions["red_flags"].trigger()
    dock = window.analysis_docks[-1]
    panel = dock.widget()
    qtbot.waitUntil(lambda: panel.task is None, timeout=20000)
    rows = panel.model.rows
    audited = [json.loads(e.details) for e in window.session.store.audit_entries() if e.action == "analyse"]
    assert audited and audited[-1]["analysis"] == "red_flags" and audited[-1]["rows"] == len(rows)
    flagged = {(r["entity_id"], r["indicator"]) for r in rows}
    assert (planted["strawman"], "strawman_director") in flagged
    assert (planted["hotspot_address"], "crowded_address") in flagged
    row = next(i for i, r in enumerate(rows) if (r["entity_id"], r["indicator"]) == (planted["strawman"],
                                                                                        "strawman_director"))
    panel.table.selectRow(row)
    opened = panel.open_evidence()
    assert opened[0] == planted["strawman"]
    assert set(planted["strawman_companies"]) & set(opened)  # the directorships behind the flag
    assert set(opened) <= set(window.chart.scene.nodes)
    assert set(window.chart.scene.selected_ids()) == set(opened)
    assert window.detail.entity is not None and window.detail.entity.id == planted["strawman"]
    window.chart.view.fit()
    shoot(window, "main_window_red_flags")


def test_communities_colour_and_centrality_size_the_chart(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    chart = window.chart
    chart.add_entities(planted["family"] + planted["group_a"][:5])
    window.analysis_actions["communities"].trigger()
    communities = window.analysis_docks[-1].widget()
    qtbot.waitUntil(lambda: communities.task is None, timeout=20000)
    communities.colour_by_group()
    groups = {r["id"]: r["community"] for r in communities.rows}
    colours = {n: i.style_color.name() for n, i in chart.scene.nodes.items() if i.style_color is not None}
    assert set(colours) == set(chart.scene.nodes)
    family = planted["family"]
    same = [n for n in family if groups[n] == groups[family[0]]]
    assert len({colours[n] for n in same}) == 1  # one community, one colour
    window.analysis_actions["centrality"].trigger()
    central = window.analysis_docks[-1].widget()
    qtbot.waitUntil(lambda: central.task is None, timeout=20000)
    central.size_by_score()
    sizes = [i.size_factor for i in chart.scene.nodes.values()]
    assert max(sizes) > min(sizes)


def test_paths_need_two_selected_entities(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    chart = window.chart
    a, b = planted["group_a"][0], planted["group_b"][0]
    window.analysis_actions["paths"].trigger()
    refused = window.analysis_docks[-1].widget()
    assert "2" in refused.info.text() and refused.task is None
    chart.add_entities([a, b])
    for n in (a, b):
        chart.scene.nodes[n].setSelected(True)
    window.analysis_actions["paths"].trigger()
    panel = window.analysis_docks[-1].widget()
    qtbot.waitUntil(lambda: panel.task is None, timeout=20000)
    ends = {r["from_id"] for r in panel.rows} | {r["to_id"] for r in panel.rows}
    assert {a, b, planted["bridge"]} <= ends  # the bridge: the only way from group A to group B
