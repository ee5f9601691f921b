"""Analysis panels, offscreen over a real encrypted demo project: the catalogue's analyses from the menu.

Every analysis of `graph.analysis.catalogue` runs from the GUI panel and from the CLI with the
same key and leaves the same audit entry; the panel's headers, form and chart actions come
from the catalogue's declarations.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSpinBox

from graph.analysis.catalogue import CATALOGUE
from tests.gui.conftest import OWNER, OWNER_PW
from workbench.output import read_json_rows


def _analyse_entries(store: Any) -> list[dict[str, Any]]:
    return [json.loads(e.details) for e in store.audit_entries() if e.action == "analyse"]


def _run(qtbot: Any, window: Any, key: str) -> Any:
    window.analysis_actions[key].trigger()
    panel = window.analysis_docks[-1].widget()
    qtbot.waitUntil(lambda: panel.task is None, timeout=30000)
    return panel


def test_analysis_panel_runs_off_the_ui_thread_and_a_click_selects_on_the_chart(qtbot: Any, window: Any,
                                                                                 planted: dict[str, Any],
                                                                                 shoot: Any) -> None:
    panel = window.run_analysis(CATALOGUE["centrality"])
    assert panel.task is not None  # running in the background
    qtbot.waitUntil(lambda: panel.task is None, timeout=20000)
    rows = panel.model.rows
    assert len(rows) > 100
    top = rows[0]
    assert top["betweenness"] == max(r["betweenness"] for r in rows)
    column = panel.model.columns.index("betweenness")
    assert panel.model.headerData(column, Qt.Orientation.Horizontal) == "Betweenness"  # the catalogue's name
    panel.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    assert panel.model.rows[0]["betweenness"] <= panel.model.rows[-1]["betweenness"]
    panel.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    rect = panel.table.visualRect(panel.model.index(0, 0))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    chart = window.chart
    assert chart.scene.selected_ids() == [top["id"]]
    centre = chart.view.mapToScene(chart.view.viewport().rect().center())
    node = chart.scene.nodes[top["id"]].pos()
    assert abs(centre.x() - node.x()) < 5 and abs(centre.y() - node.y()) < 5
    panel.table.clearSelection()
    added = panel.add_to_chart()  # nothing selected: the first rows
    assert added > 0 and len(chart.scene.nodes) == 200
    panel.size_by_score()
    assert chart.scene.nodes[top["id"]].size_factor == pytest.approx(2.5)
    chart.view.fit()
    shoot(window, "main_window_analysis")


def test_analysis_can_be_cancelled(qtbot: Any, window: Any) -> None:
    before = len(_analyse_entries(window.session.store))
    panel = window.run_analysis(CATALOGUE["centrality"])
    qtbot.mouseClick(panel.cancel_btn, Qt.MouseButton.LeftButton)  # before the graph is even loaded
    qtbot.waitUntil(lambda: panel.task is None, timeout=20000)
    assert panel.info.text() == "Cancelled"
    assert len(_analyse_entries(window.session.store)) == before  # a cancelled analysis is not audited


def test_analysis_menu_runs_the_red_flags_and_evidence_opens_the_records(qtbot: Any, window: Any,
                                                                        planted: dict[str, Any], shoot: Any) -> None:
    assert set(window.analysis_actions) == set(CATALOGUE)
    panel = _run(qtbot, window, "flags")
    rows = panel.model.rows
    audited = _analyse_entries(window.session.store)
    assert audited and audited[-1]["analysis"] == "flags" and audited[-1]["rows"] == len(rows)
    assert audited[-1]["lang"] == "en"  # the interface language fills the flags' language
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
    shoot(window, "analysis_red_flags_en")  # docs/screenshots: tools/screenshots.py (Dutch, real window)


def test_communities_colour_and_centrality_size_the_chart(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    chart = window.chart
    chart.add_entities(planted["family"] + planted["group_a"][:5])
    communities = _run(qtbot, window, "cluster_members")
    communities.colour_by_group()
    groups = {r["id"]: r["community"] for r in communities.rows}
    colours = {n: i.style_color.name() for n, i in chart.scene.nodes.items() if i.style_color is not None}
    assert set(colours) == set(chart.scene.nodes)
    family = planted["family"]
    same = [n for n in family if groups[n] == groups[family[0]]]
    assert len({colours[n] for n in same}) == 1  # one community, one colour
    central = _run(qtbot, window, "centrality")
    central.size_by_score()
    sizes = [i.size_factor for i in chart.scene.nodes.values()]
    assert max(sizes) > min(sizes)


def test_paths_need_two_selected_entities(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    chart = window.chart
    a, b = planted["group_a"][0], planted["group_b"][0]
    window.analysis_actions["connection"].trigger()
    refused = window.analysis_docks[-1].widget()
    assert "2" in refused.info.text() and refused.task is None
    chart.add_entities([a, b])
    for n in (a, b):
        chart.scene.nodes[n].setSelected(True)
    panel = _run(qtbot, window, "connection")
    ends = {r["from_id"] for r in panel.rows} | {r["to_id"] for r in panel.rows}
    assert {a, b, planted["bridge"]} <= ends  # the bridge: the only way from group A to group B


def test_the_form_comes_from_the_catalogue_and_its_values_are_run(qtbot: Any, window: Any) -> None:
    panel = _run(qtbot, window, "directors")
    spec = CATALOGUE["directors"]
    assert set(panel.form.fields) == {p.name for p in spec.params}
    field = panel.form.fields["min_directorships"]
    assert isinstance(field, QSpinBox) and field.minimum() == 1 and field.value() == 1
    assert field.toolTip() == spec.param("min_directorships").help("en")
    assert min(r["directorships"] for r in panel.rows) == 1
    everyone = len(panel.rows)
    field.setValue(5)
    qtbot.mouseClick(panel.btn_run, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.task is None, timeout=20000)
    assert 0 < len(panel.rows) < everyone and min(r["directorships"] for r in panel.rows) >= 5
    assert _analyse_entries(window.session.store)[-1]["min_directorships"] == 5


def test_dutch_headers_and_numbers(qtbot: Any, project: Path) -> None:
    from views.main_window import MainWindow
    from views.project_session import Session

    win = MainWindow(Session.open(project, user=OWNER, passphrase=OWNER_PW), "nl", autolock_minutes=0)
    qtbot.addWidget(win)
    panel = _run(qtbot, win, "director_churn")
    model = panel.model
    column = model.columns.index("changes_per_year")
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Wisselingen per jaar"
    shown = [model.data(model.index(r, column)) for r in range(model.rowCount())]
    assert any("," in s for s in shown) and not any("." in s or "e-" in s for s in shown)
    date_column = model.columns.index("registered")
    assert model.data(model.index(0, date_column))[2] == "-"  # dd-mm-jjjj
    assert panel.info.toolTip().startswith("methode wisselingen: benoemingen meer dan")  # the method, in Dutch
    panel = _run(qtbot, win, "cluster_members")
    types = {panel.model.data(panel.model.index(r, panel.model.columns.index("type")))
             for r in range(panel.model.rowCount())}
    assert {"Persoon", "Onderneming"} <= types and not types & {"Person", "Company"}
    assert {r["type"] for r in panel.rows} >= {"Person", "Company"}  # the rows keep the codes
    assert "methode groepen: leiden" in panel.info.toolTip() and "resolution" not in panel.info.toolTip()
    win.analysis_actions["flag_summary"].trigger()  # the menu's action, as an analyst chooses it
    panel = win.analysis_docks[-1].widget()
    qtbot.waitUntil(lambda: panel.task is None, timeout=30000)
    column = panel.model.columns.index("indicators")
    shown = " ".join(panel.model.data(panel.model.index(r, column)) for r in range(panel.model.rowCount()))
    assert "Veel bedrijven op één adres" in shown and "Mogelijke katvanger (stroman)" in shown
    assert "crowded_address" not in shown and "strawman_director" not in shown
    assert any("crowded_address" in r["indicators"] for r in panel.rows)  # the rows keep the codes
    win.close()


def _selection_for(key: str, planted: dict[str, Any]) -> list[str]:
    return {"co_occupants": [planted["hotspot_address"]], "neighbourhood": [planted["strawman"]],
            "connection": [planted["group_a"][0], planted["group_b"][0]]}.get(key, [])


def _cli_args(key: str, selection: list[str]) -> list[str]:
    verbs = {"centrality": ["centrality"], "addresses": ["addresses"], "address_pairs": ["addresses", "--pairs"],
             "co_attendance": ["events"],
             "co_occupants": ["addresses", "--address", *selection], "directors": ["directors"],
             "director_churn": ["directors", "--view", "churn"],
             "ownership_chains": ["directors", "--view", "chains"], "connection": ["path", *selection],
             "neighbourhood": ["path", *selection], "clusters": ["clusters"],
             "cluster_members": ["clusters", "--view", "members"],
             "cluster_bridges": ["clusters", "--view", "bridges"], "flags": ["flags"],
             "flag_summary": ["flags", "--summary"]}
    return ["analyse", *verbs[key]]


def test_every_analysis_runs_from_the_cli_and_the_gui_with_the_same_audit_entry(
        qtbot: Any, window: Any, project: Path, planted: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from views.analysis_panel import MAX_ROWS
    from workbench.cli import cli

    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", OWNER_PW)
    runner = CliRunner()
    store = window.session.store
    for key, spec in CATALOGUE.items():
        selection = _selection_for(key, planted)
        assert len(selection) == spec.needs_selection, key
        window.chart.scene.clearSelection()
        if selection:
            window.chart.add_entities(selection)
            for n in selection:
                window.chart.scene.nodes[n].setSelected(True)
            selection = window.chart.scene.selected_ids()  # the order the panel reads them in
        panel = _run(qtbot, window, key)
        assert panel.info.text().startswith(spec.title("en")), (key, panel.info.text())
        gui = _analyse_entries(store)[-1]
        assert gui["analysis"] == key and gui["rows"] == len(panel.rows)
        result = runner.invoke(cli, [*_cli_args(key, selection), "--project", str(project), "--as", OWNER,
                                     "--lang", "en", "--top", str(MAX_ROWS), "--format", "json"])
        assert result.exit_code == 0, (key, result.output)
        assert len(read_json_rows(result.stdout)) == len(panel.rows), key
        assert _analyse_entries(store)[-1] == gui, key


def test_centrality_components_are_counted_from_one(qtbot: Any, window: Any) -> None:
    """Analysts count from 1: the largest component is 1, in the panel as on the command line."""
    panel = _run(qtbot, window, "centrality")
    column = panel.model.columns.index("component")
    shown = {panel.model.data(panel.model.index(i, column)) for i in range(panel.model.rowCount())}
    assert min(r["component"] for r in panel.model.rows) == 1 and "1" in shown and "0" not in shown
