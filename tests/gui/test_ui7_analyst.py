"""An analyst who knows Analyst's Notebook, in Dutch at 1366x768 (ui7 review): each test goes through what
the analyst touches (a button, a menu action, a shortcut) and failed before its fix."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QApplication

from tests.gui.test_ui5_analyst import laptop  # noqa: F401  # fixture
from views.analysis_panel import MAX_ADD


@pytest.fixture
def dutch(laptop: Any) -> Iterator[Any]:  # noqa: F811
    """The laptop window with the Dutch catalogue installed, as `knooppunt gui` has it (then English again)."""
    from views import i18n
    i18n.install(QApplication.instance(), "nl")
    yield laptop
    i18n.install(QApplication.instance(), "en")


def _run(qtbot: Any, win: Any, key: str) -> Any:
    win.analysis_actions[key].trigger()
    panel = win.analysis_docks[-1].widget()
    qtbot.waitUntil(lambda: panel.task is None, timeout=30000)
    return panel


def _legend_box(view: Any) -> QRectF:
    """The legend as the view draws it: lower left, 8 pixels from the edges (views/chart/view.py drawForeground)."""
    box: QRectF = view.legend_box()
    return box


def _styling(win: Any) -> tuple[set[str], dict[str, float]]:
    nodes = win.chart.scene.nodes
    return ({n for n, i in nodes.items() if i.flagged},
            {n: i.size_factor for n, i in nodes.items() if i.size_factor != 1.0})


def test_flag_and_size_from_an_analysis_are_each_one_ctrl_z(qtbot: Any, nl_window: Any) -> None:
    """'Rood markeren' on every result (Ctrl+A in the table); Ctrl+Z then took back the step before it (the
    results put on the chart) and left all the red flags, and the button said nothing."""
    win = nl_window
    panel = _run(qtbot, win, "addresses")
    panel.btn_add.click()
    on_chart = set(win.chart.scene.nodes)
    assert on_chart
    assert _styling(win) == (set(), {})

    panel.table.selectAll()  # Ctrl+A: every result (with none selected the button says to select first)
    panel.btn_flag.click()
    flagged, _ = _styling(win)
    assert flagged and flagged <= on_chart
    assert "rood" in win.statusBar().currentMessage() and "Ctrl+Z" in win.statusBar().currentMessage()
    assert win.history.act_undo.text() == "Rood markeren ongedaan maken"
    panel.btn_size.click()
    _, sized = _styling(win)
    assert sized

    win.history.act_undo.trigger()  # the sizes go, the flags stay
    assert _styling(win) == (flagged, {})
    win.history.act_undo.trigger()  # the flags go, the results stay on the chart
    assert _styling(win) == (set(), {})
    assert set(win.chart.scene.nodes) == on_chart
    win.history.act_redo.trigger()
    win.history.act_redo.trigger()
    assert _styling(win) == (flagged, sized)

    win.chart.act_clear_style.trigger()  # Schema > Opmaak wissen: undoable too
    assert _styling(win) == (set(), {})
    win.history.act_undo.trigger()
    assert _styling(win) == (flagged, sized)


def test_add_to_chart_says_what_it_added_and_shows_it(qtbot: Any, dutch: Any) -> None:
    """'Op schema zetten' put 200 results beside the chart, out of view, without a word in the status line."""
    win = dutch
    panel = _run(qtbot, win, "centrality")
    assert win.statusBar().currentMessage().startswith("Centraliteit: ")  # after long work the line says so
    first = panel.model.rows[0]["id"]
    win.chart.add_entities([first])
    panel.btn_add.click()
    qtbot.wait(50)
    message = win.statusBar().currentMessage()
    assert message.startswith(f"{MAX_ADD - 1} entiteiten op het schema gezet") and message.endswith(": 1"), message
    view = win.chart.view
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    outside = [n for n, i in win.chart.scene.nodes.items() if not shown.contains(i.pos())]
    assert not outside, f"{len(outside)} of {len(win.chart.scene.nodes)} added entities out of view"


def test_hide_says_how_to_bring_it_back(nl_window: Any, planted: dict[str, Any]) -> None:
    """H made entities vanish without a word; 'Verborgen tonen' (Shift+H) had no tooltip of its own."""
    chart = nl_window.chart
    chart.add_entities([planted["strawman"]])
    chart.expand(planted["strawman"])
    chart.scene.nodes[planted["strawman"]].setSelected(True)
    chart.act_hide.trigger()
    assert chart.scene.hidden_ids() == [planted["strawman"]]
    message = nl_window.statusBar().currentMessage()
    assert message.startswith("1 entiteit verborgen (1 in totaal)") and "Shift+H" in message, message
    assert "Shift+H" in chart.act_show.toolTip() and chart.act_show.toolTip() != chart.act_show.text()
    chart.act_show.trigger()
    assert not chart.scene.hidden_ids()
    assert "weer getoond" in nl_window.statusBar().currentMessage()


def test_expand_puts_no_new_neighbour_under_the_legend(qtbot: Any, laptop: Any,  # noqa: F811
                                                       planted: dict[str, Any]) -> None:
    """Double-click on an entity low on the chart: its neighbours were drawn under the legend box."""
    win = laptop
    chart, straw = win.chart, planted["strawman"]
    qtbot.wait(50)
    chart.add_entities([straw])
    view = chart.view
    box = _legend_box(view)
    # the entity just above the legend's right end, as after placing it and panning a little
    spot = QPointF(box.right() - 20, box.top() - 40)
    node = chart.scene.nodes[straw].pos()
    view.centerOn(node + (view.mapToScene(view.viewport().rect().center()) - view.mapToScene(spot.toPoint())))
    chart.scene.nodes[straw].setSelected(True)
    chart.act_expand.trigger()
    assert len(chart.scene.nodes) > 5
    box = _legend_box(view).toAlignedRect()
    under = [n for n, i in chart.scene.nodes.items()
             if view.mapFromScene(i.sceneBoundingRect()).boundingRect().intersects(box)]
    assert not under, f"{len(under)} entities under the legend"


def test_the_audit_log_names_an_exports_marking_in_dutch(qtbot: Any, nl_window: Any, planted: dict[str, Any],
                                                         tmp_path: Any) -> None:
    """Project › Auditlog showed an export as '…; rubricering: confidential' in the Dutch window."""
    win = nl_window
    win.chart.add_entities([planted["strawman"]])
    win.chart.expand(planted["strawman"])
    with qtbot.waitSignal(win.exported, timeout=30000):
        win.export_chart(tmp_path / "schema.png")
    win.act_audit_log.trigger()
    QApplication.processEvents()
    table = win.audit_dialog.table
    export = next(table.item(r, 4).text() for r in range(table.rowCount()) if table.item(r, 3).text() == "export")
    marking = export.split("rubricering: ")[1]
    assert marking in ("Open", "Vertrouwelijk", "Politie (WPG)", "Vertrouwelijk+Politie (WPG)"), export


RAW_ID = re.compile(r"\b[a-z]{2,4}-[0-9a-f]{8,}\b")


def _visible_cells(panel: Any, rows: int = 20) -> dict[str, list[str]]:
    model, table = panel.model, panel.table
    return {model.headers[c]: [model.data(model.index(r, c)) for r in range(min(rows, model.rowCount()))]
            for c in range(model.columnCount()) if not table.isColumnHidden(c)}


def test_analysis_results_name_records_instead_of_internal_ids(qtbot: Any, nl_window: Any,
                                                               planted: dict[str, Any]) -> None:
    """Analyse › Clusters listed its members as 'add-0acffe1c83106e8f; add-1de…' and 'Hoe hangen A en B samen'
    showed the columns Van (id), Naar (id) and Relaties full of internal ids."""
    win = nl_window
    panel = _run(qtbot, win, "clusters")
    cells = _visible_cells(panel)
    assert "Leden" in cells
    assert not [c for column in cells.values() for c in column if RAW_ID.search(c)], cells["Leden"][:2]
    first = panel.model.rows[0]["members"][0]
    assert win.session.store.get_entities([first])[first].caption in cells["Leden"][0]
    panel.btn_evidence.setEnabled(True)
    panel.table.selectRow(0)
    panel.btn_evidence.click()  # the members still go on the chart by their ids
    assert first in win.chart.scene.nodes

    win.chart.add_entities([planted["strawman"]])
    win.chart.expand(planted["strawman"])
    win.chart.scene.clearSelection()
    ends = [planted["strawman"], next(n for n in win.chart.scene.nodes if n != planted["strawman"])]
    for node in ends:
        win.chart.scene.nodes[node].setSelected(True)
    path = _run(qtbot, win, "connection")
    cells = _visible_cells(path)
    assert {"Van", "Naar", "Relatie"} <= set(cells)
    assert not [c for column in cells.values() for c in column if RAW_ID.search(c)], cells


def test_the_first_search_result_on_an_empty_chart_lands_in_its_middle(qtbot: Any, dutch: Any) -> None:
    """Search, double-click the result: the first entity on the chart sat in a corner of the view (over the
    legend's corner at 1366x768), and its tooltip in the results was its internal id."""
    win = dutch
    qtbot.wait(50)
    win.focus_search()
    qtbot.keyClicks(win.search.field, "witte")
    qtbot.waitUntil(lambda: win.search.results.count() > 0, timeout=5000)
    item = win.search.results.item(0)
    assert not RAW_ID.search(item.toolTip()) and "schema" in item.toolTip(), item.toolTip()
    rect = win.search.results.visualItemRect(item)
    qtbot.mouseClick(win.search.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(win.search.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(win.chart.scene.nodes) == 1
    view = win.chart.view
    node = view.mapFromScene(next(iter(win.chart.scene.nodes.values())).pos())
    middle = view.viewport().rect().center()
    assert abs(node.x() - middle.x()) <= 2 and abs(node.y() - middle.y()) <= 2, (node, middle)


def test_a_matrix_warning_names_relations_as_the_wizard_lists_them(qtbot: Any, nl_window: Any) -> None:
    """Importeren › Bestand importeren… on CAVIAR phase 1 (a matrix whose two halves differ): the dry run's
    warning said 'associate_of is ongericht … (bijv. contacted)', codes the 'Een band is' list never shows."""
    from tests.gui.test_network_wizard import REAL, _to_mapping

    wizard, page = _to_mapping(qtbot, nl_window, REAL / "caviar_phase1.csv")
    assert page.is_network() and page.tie_type.currentText() == "relatie van"
    wizard.next()  # the dry run
    qtbot.waitUntil(lambda: wizard.dry_page.done, timeout=20000)
    warnings = wizard.dry_page.warnings.toPlainText()
    assert "‘relatie van’ is ongericht" in warnings and "‘had contact met’" in warnings, warnings
    assert "associate_of" not in warnings and "contacted" not in warnings
    wizard.reject()


def test_the_status_line_says_what_an_import_brought(qtbot: Any, nl_window: Any) -> None:
    """After Voltooien the status line read only 'Import voltooid': how many new records, it did not say."""
    from tests.gui.test_network_wizard import REAL, _import, _to_mapping

    wizard, _page = _to_mapping(qtbot, nl_window, REAL / "caviar_phase1.csv")
    result = _import(qtbot, wizard)
    wizard.accept()
    message = nl_window.statusBar().currentMessage()
    assert message.startswith(f"Import voltooid: {result.entities.created} nieuwe en {result.entities.updated} "
                              f"samengevoegde entiteiten, {result.relations.created} nieuwe"), message
