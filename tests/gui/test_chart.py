"""The network chart: expand, edit, undo, save and reopen, keyboard, node styling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import OWNER, OWNER_PW
from tests.gui.helpers import click_node
from views.chart.items import NodeItem


# -- chart -----------------------------------------------------------------------------------------------
def test_double_click_expands_and_chart_edits_undo(qtbot: Any, window: Any, planted: dict[str, Any],
                                                  shoot: Any) -> None:
    chart = window.chart
    store = window.session.store
    strawman = planted["strawman"]
    chart.add_entities([strawman])
    assert list(chart.scene.nodes) == [strawman]
    click_node(qtbot, window, strawman, double=True)
    expected = store.neighbours([strawman])
    assert set(chart.scene.nodes) == expected
    assert set(planted["strawman_companies"]) <= set(chart.scene.nodes)
    assert len(chart.scene.edges) == store.subgraph(expected).number_of_edges()
    edge = next(iter(chart.scene.edges.values()))
    assert store.schema.relations[edge.rtype].title("en") in edge.text  # link label: type and dates
    chart.undo.undo()
    assert list(chart.scene.nodes) == [strawman]
    chart.undo.redo()
    assert set(chart.scene.nodes) == expected
    company = planted["strawman_companies"][0]
    click_node(qtbot, window, company)
    assert chart.scene.selected_ids() == [company]
    assert window.detail.entity is not None and window.detail.entity.id == company  # selection shows details
    chart.hide_selected()
    assert not chart.scene.nodes[company].isVisible()
    chart.undo.undo()
    assert chart.scene.nodes[company].isVisible()
    chart.view.centre_on(company)
    chart.toggle_pin()
    pinned_at = chart.scene.nodes[company].pos()
    for name in ("hierarchical", "circular", "grouped", "force"):
        chart.run_layout(name, wait=True)
        assert chart.scene.nodes[company].pos() == pinned_at  # pinned entities keep their place
    moved = chart.scene.nodes[strawman].pos()
    chart.undo.undo()  # undo the force layout
    assert chart.scene.nodes[strawman].pos() != moved
    chart.scene.clearSelection()
    chart.run_layout("force", wait=True)
    chart.view.fit()
    shoot(window, "main_window_chart")


def test_chart_is_saved_in_the_project_and_reopened_as_it_was(qtbot: Any, window: Any, planted: dict[str, Any],
                                                               project: Path) -> None:
    from views.chart.storage import chart_names
    from views.main_window import MainWindow
    from views.project_session import Session

    chart = window.chart
    chart.add_entities(planted["family"])
    chart.scene.nodes[planted["family"][0]].setSelected(True)
    chart.toggle_pin()
    chart.scene.clearSelection()
    chart.scene.nodes[planted["family"][1]].setSelected(True)
    chart.hide_selected()
    chart.scene.size_by({planted["family"][2]: 10.0, planted["family"][3]: 1.0})
    state = chart.scene.snapshot()
    chart.save("Familie")
    assert "Familie" in chart_names(window.session.store)
    window.close()

    other = MainWindow(Session.open(project, user=OWNER, passphrase=OWNER_PW), "en", autolock_minutes=0)
    qtbot.addWidget(other)
    other.open_chart("Familie")
    again = other.chart.scene.snapshot()
    assert set(again.nodes) == set(state.nodes)
    assert set(again.edges) == set(state.edges)
    for node, info in state.nodes.items():
        assert (again.nodes[node]["x"], again.nodes[node]["y"]) == pytest.approx((info["x"], info["y"]), abs=0.1)
        assert again.nodes[node]["pinned"] == info["pinned"]
        assert again.nodes[node]["hidden"] == info["hidden"]
    assert other.chart.scene.nodes[planted["family"][2]].size_factor > 2
    assert "Familie" in other.windowTitle()
    other.close()

def test_keyboard_shortcuts_drive_the_chart(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    chart = window.chart
    chart.add_entities([planted["bridge"]])
    chart.view.setFocus()
    chart.scene.nodes[planted["bridge"]].setSelected(True)
    qtbot.keyClick(chart.view, Qt.Key.Key_E)
    n = len(chart.scene.nodes)
    assert n > 1
    chart.scene.clearSelection()
    chart.scene.nodes[planted["bridge"]].setSelected(True)
    qtbot.keyClick(chart.view, Qt.Key.Key_H)
    assert not chart.scene.nodes[planted["bridge"]].isVisible()
    qtbot.keyClick(chart.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert chart.scene.nodes[planted["bridge"]].isVisible()
    qtbot.keyClick(chart.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(chart.scene.nodes) == 1
    qtbot.keyClick(chart.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(chart.scene.nodes) == n
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.field.hasFocus()


def test_nodes_use_the_schema_colour_and_icon(window: Any, planted: dict[str, Any]) -> None:
    window.chart.add_entities([planted["hotspot_address"]])
    item: NodeItem = window.chart.scene.nodes[planted["hotspot_address"]]
    et = window.session.store.schema.entities["Address"]
    assert item.base_color.name() == QColor(et.color).name() and item.icon == et.icon


# -- briefing quality: labels, free space, layouts, links, legend -------------------------------------------
def _footprints_overlap(scene: Any) -> list[tuple[str, str]]:
    """Pairs of visible nodes whose node-plus-caption rectangles overlap."""
    items = [i for i in scene.nodes.values() if i.isVisible()]
    rects = [(i.entity_id, i.sceneBoundingRect().adjusted(2, 2, -2, -2)) for i in items]
    return [(a, b) for k, (a, ra) in enumerate(rects) for b, rb in rects[k + 1:] if ra.intersects(rb)]


def _forty_node_chart(window: Any, planted: dict[str, Any]) -> None:
    chart = window.chart
    for start in (planted["hotspot_address"], planted["strawman"], planted["bridge"]):
        if len(chart.scene.nodes) >= 40:
            break
        chart.add_entities([start])
        chart.expand(start)
    for node in sorted(chart.scene.nodes):
        if len(chart.scene.nodes) >= 40:
            break
        chart.expand(node)
    chart.run_layout("force", wait=True)
    chart.view.fit()
    QApplication.processEvents()


def test_forty_nodes_at_fit_keep_readable_captions_and_a_legend(qtbot: Any, window: Any, planted: dict[str, Any],
                                                                shoot: Any) -> None:
    from views.chart import legend
    from views.chart.items import CAPTION_LOD

    _forty_node_chart(window, planted)
    chart = window.chart
    assert len(chart.scene.nodes) >= 40
    assert _footprints_overlap(chart.scene) == []  # the layout kept every caption clear
    chart.view.viewport().repaint()
    zoom = chart.view.transform().m11()
    if zoom < CAPTION_LOD:  # too far out for the nodes' own captions: the view draws the important ones
        shown = chart.view.overlay_labels
        assert len(shown) >= 10, f"only {len(shown)} captions at zoom {zoom:.2f}"
        degree = {n: len(i.edges) for n, i in chart.scene.nodes.items()}
        assert degree[shown[0]] == max(degree.values())  # the hub's name first
    rows = legend.entries(chart.scene)
    kinds = {r.kind for r in rows}
    assert {"type", "current"} <= kinds
    assert {"Address", "Company"} <= {r.text for r in rows if r.kind == "type"}
    shoot(window, "chart_40_nodes_fit")


def test_expanding_places_neighbours_in_free_space(qtbot: Any, window: Any, planted: dict[str, Any],
                                                   shoot: Any) -> None:
    chart = window.chart
    hub = planted["hotspot_address"]
    chart.add_entities([hub])
    chart.expand(hub)
    first = dict(chart.scene.positions())
    assert _footprints_overlap(chart.scene) == []
    centre = first[hub]
    distances = sorted(((x - centre[0]) ** 2 + (y - centre[1]) ** 2) ** 0.5 for n, (x, y) in first.items() if n != hub)
    assert distances[-1] > distances[0] * 1.3  # rings by free space, not one tight ring
    chart.add_entities([planted["strawman"]])  # beside the chart, in free space
    assert chart.expand(planted["strawman"]) > 0
    assert _footprints_overlap(chart.scene) == []  # new ones went where nothing stood
    assert {n: chart.scene.positions()[n] for n in first} == first  # and nothing already there moved
    chart.view.centre_on(hub)
    shoot(window, "chart_expanded_hub")


@pytest.mark.parametrize("name", ["force", "hierarchical", "circular", "grouped"])
def test_every_layout_leaves_captions_clear(qtbot: Any, window: Any, planted: dict[str, Any], name: str) -> None:
    _forty_node_chart(window, planted)
    chart = window.chart
    pinned = sorted(chart.scene.nodes)[0]
    chart.scene.nodes[pinned].setSelected(False)
    chart.scene.set_pinned([pinned], True)
    where = chart.scene.positions()[pinned]
    chart.run_layout(name, wait=True)
    assert _footprints_overlap(chart.scene) == [], name
    assert chart.scene.positions()[pinned] == where  # pinned entities keep their place
    assert chart.scene.show_groups == (name == "grouped")


def test_grouped_layout_keeps_each_type_in_its_own_block(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    _forty_node_chart(window, planted)
    chart = window.chart
    chart.run_layout("grouped", wait=True)
    boxes: dict[str, Any] = {}
    for item in chart.scene.nodes.values():
        r = item.sceneBoundingRect()
        boxes[item.etype] = boxes[item.etype].united(r) if item.etype in boxes else r
    types = sorted(boxes)
    assert len(types) >= 2
    assert not [(a, b) for i, a in enumerate(types) for b in types[i + 1:] if boxes[a].intersects(boxes[b])]


def test_force_layout_starts_from_the_current_positions(window: Any, planted: dict[str, Any]) -> None:
    from views.chart import layouts

    _forty_node_chart(window, planted)
    graph = window.chart.scene.graph()
    start = window.chart.scene.positions()
    again = layouts.compute("force", graph, initial=start, sizes=window.chart.scene.footprints())
    moved = sorted(((again[n][0] - start[n][0]) ** 2 + (again[n][1] - start[n][1]) ** 2) ** 0.5 for n in start)
    span = max(abs(v) for p in start.values() for v in p)
    assert moved[len(moved) // 2] < span * 0.5  # a re-run keeps the mental map: most nodes stay near


def test_links_show_role_period_grading_and_ended_relations_dashed(qtbot: Any, window: Any,
                                                                     planted: dict[str, Any]) -> None:
    from PySide6.QtCore import Qt as QtCore_Qt

    from graph.model import Relation
    from views.chart import legend

    store = window.session.store
    a, b = planted["strawman"], sorted(store.neighbours([planted["strawman"]]))[0]
    stats = store.upsert_relations([
        Relation(type="associate_of", source_id=a, target_id=b, properties={"nature": "katvanger"},
                 valid_from="2019-03-01", valid_to="2021-06-30", reliability="B", credibility="2"),
        Relation(type="associate_of", source_id=a, target_id=b, properties={"nature": "zakenpartner"},
                 valid_from="2022-01-15", reliability="C", credibility="3")])
    window.chart.add_entities([a, b])
    edges = {e.relation_id: e for e in window.chart.scene.edges.values()}
    ended, current = edges[stats.ids[0]], edges[stats.ids[1]]
    assert ended.text == "associate of: katvanger (2019-03-01 – 2021-06-30 · B2)"
    assert ended.ended and not current.ended
    assert "Source grading: B2 (usually reliable, probably true)" in ended.toolTip()
    pair = [e for e in window.chart.scene.edges.values() if {e.source.entity_id, e.target.entity_id} == {a, b}]
    assert len({(round(e._mid.x()), round(e._mid.y())) for e in pair}) == len(pair)  # parallel links fan out
    assert "ended" in {r.kind for r in legend.entries(window.chart.scene)}
    # In Dutch the period reads dd-mm-jjjj.
    from views.chart.items import EdgeItem
    dutch = EdgeItem("x", ended.source, ended.target, ended.attrs, "relatie van", False, 0, "nl")
    assert dutch.text == "relatie van: katvanger (01-03-2019 – 30-06-2021 · B2)"
    dutch.detach()
    # Link labels are optional: the L action hides them everywhere.
    window.chart.act_link_labels.trigger()
    assert window.chart.scene.show_link_labels is False and not ended.show_label()
    window.chart.act_link_labels.trigger()
    assert ended.show_label()
    assert QtCore_Qt.PenStyle.DashLine  # dashed pen for ended (checked below on the pen itself)
    from views.chart.items import LINK_GREY, link_pen
    assert link_pen(LINK_GREY, 1, True).style() == QtCore_Qt.PenStyle.DashLine
    assert link_pen(LINK_GREY, 1, False).style() == QtCore_Qt.PenStyle.SolidLine


def test_red_means_one_thing_a_red_flag(window: Any, planted: dict[str, Any]) -> None:
    from views.chart import legend

    chart = window.chart
    chart.add_entities([planted["strawman"]])
    item = chart.scene.nodes[planted["strawman"]]
    fill = item.base_color.name()
    chart.scene.flag({planted["strawman"]})
    assert item.flagged and item.style_color is None and item.base_color.name() == fill  # a halo, type kept
    assert "flag" in {r.kind for r in legend.entries(chart.scene)}
    chart.scene.clear_style()
    assert not item.flagged


def test_long_names_wrap_onto_two_lines_instead_of_being_cut(qtbot: Any, window: Any) -> None:
    """"Jinthesteeg 71, 2824 AX Del…" lost the city: a long caption is wrapped between words, as ANB does."""
    from views.chart.items import CAPTION_CHARS, wrap_caption

    assert wrap_caption("Jinthesteeg 71, 2824 AX Delft") == "Jinthesteeg 71,\n2824 AX Delft"
    assert wrap_caption("Kort adres 1") == "Kort adres 1"
    store = window.session.store
    address = max(store.iter_entities("Address"), key=lambda e: len(e.caption or ""))
    assert len(address.caption) > CAPTION_CHARS, address.caption  # the demo has long addresses
    chart = window.chart
    window.browser.place.emit(address.id)  # double-click in the browser: onto the chart
    item = chart.scene.nodes[address.id]
    assert item.caption_lines() == 2 and "…" not in item.caption
    assert item.caption.replace("\n", " ") == " ".join(address.caption.split())
    short = NodeItem("x", {"caption": "Kort"}, "#888888", "")
    assert item.boundingRect().height() > short.boundingRect().height()  # layouts keep both lines clear
    assert all(len(line) <= CAPTION_CHARS for line in item.caption.split("\n"))
