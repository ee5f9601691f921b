"""An analyst who knows Analyst's Notebook, in Dutch at 1366x768, on their own data (ui6 review): each test
goes through what the analyst touches (a button, a menu action, the CLI) and failed before its fix."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.test_ui5_analyst import laptop  # noqa: F401  # fixture
from tests.gui.test_ux_round2 import EXAMPLES, _button, _mapping_page
from views import file_dialogs


def _ticked(page: Any) -> set[tuple[str, str, str]]:
    items = [page.relations.item(i) for i in range(page.relations.count())]
    return {tuple(json.loads(i.data(Qt.ItemDataRole.UserRole))) for i in items
            if i.checkState() == Qt.CheckState.Checked}


def _targets(page: Any) -> dict[str, str]:
    return {page._column(i): page.mapping.cellWidget(i, 2).currentData() for i in range(page.mapping.rowCount())}


def test_a_loaded_spec_shows_its_mapping_and_ticks_its_relations(qtbot: Any, window: Any,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading meldingen.yaml left the Relaties list unticked and the table on its guesses (Omschrijving onto
    the Casus), while the YAML beside them said otherwise."""
    _wizard, page = _mapping_page(qtbot, window)
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(EXAMPLES / "meldingen.yaml"))
    qtbot.mouseClick(_button(page, "Load spec…"), Qt.MouseButton.LeftButton)
    loaded = (EXAMPLES / "meldingen.yaml").read_text(encoding="utf-8")
    assert page.spec_text.toPlainText() == loaded  # shown, not regenerated from the widgets
    targets = _targets(page)
    assert targets["Omschrijving"] == "Signal.summary" and targets["Adres"] == "Address.address"
    assert targets["Rol"] == "@relprop.role" and targets["Functie"] == ""
    assert _ticked(page) == {("registered_at", "Person", "Address"), ("involved_in", "Person", "Signal"),
                             ("mentions", "Signal", "Company"), ("mentions", "Signal", "Address"),
                             ("located_at", "Company", "Address"), ("part_of", "Signal", "Case"),
                             ("director_of", "Person", "Company"), ("owner_of", "Person", "Company"),
                             ("shareholder_of", "Person", "Company"), ("employed_by", "Person", "Company")}


ID = re.compile(r"\b[a-z]{2,4}-[0-9a-f]{8,}\b")


def test_the_details_subtitle_names_the_type_not_the_internal_id(nl_window: Any, planted: dict[str, Any]) -> None:
    """Clicking an entity on the chart showed "Persoon · per-6e9a18d315ac6692" under its name."""
    chart, straw = nl_window.chart, planted["strawman"]
    chart.add_entities([straw])
    chart.expand(straw)
    chart.scene.nodes[straw].setSelected(True)
    assert nl_window.detail.subtitle.text() == "Persoon"
    chart.scene.clearSelection()
    edge = next(iter(chart.scene.edges.values()))
    edge.setSelected(True)  # a link: its ends by name
    subtitle = nl_window.detail.subtitle.text()
    assert " → " in subtitle and not ID.search(subtitle), subtitle


def test_the_audit_log_names_the_records_an_analyst_looked_at(nl_window: Any, planted: dict[str, Any]) -> None:
    """Project › Auditlog showed `bekeken — id: per-6e9a18d315ac6692`; the analyst asks whom they looked at."""
    straw = planted["strawman"]
    nl_window.show_entity(straw)
    caption = nl_window.session.store.get_entities([straw])[straw].caption
    nl_window.act_audit_log.trigger()
    QApplication.processEvents()
    table = nl_window.audit_dialog.table
    viewed = next(table.item(r, 4).text() for r in range(table.rowCount()) if table.item(r, 3).text() == "bekeken")
    assert viewed == f"record: {caption} (Persoon)"
    entries = len(nl_window.session.store.audit_entries())
    nl_window.act_audit_log.trigger()  # naming them is no view of its own: the log does not grow by reading it
    QApplication.processEvents()
    assert len(nl_window.session.store.audit_entries()) == entries


def test_parameters_keep_a_whole_chart_whole(qtbot: Any, planted: dict[str, Any], laptop: Any) -> None:  # noqa: F811
    """Parameters… took its height from the chart, which stayed at its zoom: the lower nodes went out of view
    or under the legend, and the analyst pressed F again."""
    from PySide6.QtCore import QRectF

    from tests.gui.test_ui5_analyst import _settle
    from views.chart import legend

    win, straw = laptop, planted["strawman"]
    win.chart.add_entities([straw])
    win.chart.expand(straw)
    win.chart.run_layout("force", wait=True)
    win.analysis_actions["centrality"].trigger()
    _settle(qtbot, win)
    win.chart.act_fit.trigger()
    view = win.chart.view
    before = view.viewport().height()
    qtbot.mouseClick(_button(win.analysis_docks[-1].widget(), "Parameters…"), Qt.MouseButton.LeftButton)
    _settle(qtbot, win)
    assert view.viewport().height() < before  # the form took room from the chart
    w, h = legend.size(legend.entries(win.chart.scene))
    box = QRectF(8, view.viewport().height() - h - 8, w, h)
    hidden = [i for i, item in win.chart.scene.nodes.items() if box.contains(view.mapFromScene(item.pos()).toPointF())
              or not view.viewport().rect().contains(view.mapFromScene(item.pos()))]
    assert not hidden, hidden

    def shown() -> tuple[float, float, float]:
        centre = view.mapToScene(view.viewport().rect().center())
        return view.transform().m11(), centre.x(), centre.y()

    after = shown()
    win.chart.act_fit.trigger()  # as "Passend" (F) shows it in the smaller room: nothing left to press
    assert after == pytest.approx(shown(), abs=1.0)


def test_the_audit_log_says_a_hidden_text_in_dutch(nl_window: Any) -> None:
    """A search that found a confidential record is logged as the query's length (red team: the main file is
    readable to every member); the Dutch audit log showed it as `zoekvraag: <8 characters, confidential>`."""
    from graph.model import Entity, Provenance
    store = nl_window.session.store
    store.upsert_entities([Entity(type="Person", properties={"name": "Karel Geheim"}, label="confidential",
                                  provenance=Provenance(source="test", reference="T-1"))])
    assert store.search("Karel Geheim")
    nl_window.act_audit_log.trigger()
    QApplication.processEvents()
    table = nl_window.audit_dialog.table
    query = next(table.item(r, 4).text() for r in range(table.rowCount()) if table.item(r, 3).text() == "zoekopdracht")
    assert query.startswith("zoekvraag: <12 tekens, Vertrouwelijk>"), query
