"""The network chart: expand, edit, undo, save and reopen, keyboard, node styling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

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
    from views.session import Session

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
