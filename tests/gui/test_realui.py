"""What an ANB analyst met in the realui review: each test goes through what the analyst touches (a key, a
menu action, a button) and failed before its fix."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from tests.gui.conftest import main_window
from views import i18n


def _settle(qtbot: Any, win: Any) -> None:
    """Wait for the browse table's sort after an import changed the project: closing the window under it
    left a failure dialog of a locked project behind."""
    qtbot.wait(300)  # the refresh the import's changes ask for starts from the event loop
    qtbot.waitUntil(lambda: getattr(win.browser.model, "_task", None) is None, timeout=30000)


def _one_kvk(win: Any) -> str:
    """A KvK number only one company of the demo has (a search for it finds one entity)."""
    seen: dict[str, int] = {}
    for e in win.session.store.iter_entities("Company"):
        kvk = e.properties.get("kvk_number")
        if kvk:
            seen[kvk] = seen.get(kvk, 0) + 1
    return next(k for k, n in seen.items() if n == 1)


def test_one_search_result_reads_singular_in_english_and_dutch(qtbot: Any, project: Any) -> None:
    """English had no plural catalogue, so Qt showed the source: "1 result(s)"; Dutch said "1 resultaat"."""
    app = QApplication.instance()
    i18n.install(app, "en")  # as `knooppunt gui --lang en` does
    with main_window(qtbot, project) as win:
        win.focus_search()
        qtbot.keyClicks(win.search.field, _one_kvk(win))
        qtbot.waitUntil(lambda: win.search.results.count() > 0, timeout=3000)
        assert win.search.results.count() == 1
        assert win.search.count.text() == "1 result"
    with main_window(qtbot, project, "nl") as win:
        win.focus_search()
        qtbot.keyClicks(win.search.field, _one_kvk(win))
        qtbot.waitUntil(lambda: win.search.results.count() > 0, timeout=3000)
        assert win.search.count.text() == "1 resultaat"


def test_browse_by_type_shows_no_type_column(qtbot: Any, project: Any) -> None:
    """Bladeren > Personen listed a Soort column saying "Persoon" on every row (the box above chose the type)
    and the name twice (Naam, then the name property Naam)."""
    from PySide6.QtCore import Qt

    with main_window(qtbot, project, "nl") as win:
        win.left_tabs.setCurrentWidget(win.browser)
        browser = win.browser
        for name in ("Person", "Company"):
            browser.type_box.setCurrentIndex(browser.type_box.findData(name))  # as a user picks the type
            model, table = browser.model, browser.table
            qtbot.waitUntil(lambda m=model: m.rowCount() > 0, timeout=5000)
            shown = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
                     if not table.isColumnHidden(c)]
            assert shown[0] == "Naam" and "Soort" not in shown, shown
            assert shown.count("Naam") == 1, shown  # the name property is the Naam column, not a second one


CSV = "KvK-nummer;Bedrijfsnaam\n12345678;Testbouw Noord B.V.\n"


def test_the_import_wizard_names_its_grading_boxes(qtbot: Any, project: Any, tmp_path: Any) -> None:
    """Importeren > Bestand importeren…: the grading row showed two bare boxes (A-F, 1-6) with no word beside
    either; which was the source's reliability and which the information's credibility was a guess."""
    from PySide6.QtWidgets import QLabel

    path = tmp_path / "bedrijven.csv"
    path.write_text(CSV, encoding="utf-8")
    with main_window(qtbot, project, "nl") as win:
        win.act_import.trigger()
        wizard = win._wizard
        qtbot.addWidget(wizard)
        wizard.file_page.path.setText(str(path))
        wizard.next()
        page = wizard.mapping_page
        assert wizard.currentPage() is page
        named = {label.buddy(): label.text() for label in page.findChildren(QLabel)
                 if label.buddy() is not None and label.isVisible()}
        assert named.get(page.reliability) == "Betrouwbaarheid bron (A–F)"
        assert named.get(page.credibility) == "Betrouwbaarheid informatie (1–6)"
        wizard.reject()


def test_a_lone_result_on_an_empty_chart_lands_in_the_middle(qtbot: Any, project: Any) -> None:
    """Analyse > Centraliteit, one row, 'Op schema zetten' on an empty chart (Ctrl+N after a chart that was
    zoomed and panned): the entity landed at the view's edge, in a corner, or out of sight. ANB puts a first
    entity in view, centred."""
    from PySide6.QtCore import QPoint

    with main_window(qtbot, project, "nl") as win:
        win.chart.act_fit.trigger()
        view = win.chart.view
        view.scale(3, 3)  # the chart before was zoomed in and panned away
        view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 3000)
        win.chart.undo.setClean()
        next(a for a in win.findChildren(type(win.chart.act_fit)) if a.shortcut().toString() == "Ctrl+N").trigger()
        assert not win.chart.scene.nodes
        win.analysis_actions["centrality"].trigger()
        panel = win.analysis_docks[-1].widget()
        qtbot.waitUntil(lambda: panel.task is None, timeout=30000)
        panel.table.selectRow(0)
        panel.btn_add.click()
        (node,) = win.chart.scene.nodes.values()
        middle = view.viewport().rect().center()
        at = view.mapFromScene(node.pos())
        assert (at - middle).manhattanLength() < 0.1 * view.viewport().width(), (at, middle)
        assert view.transform().m11() == 1.0  # the normal size, not the zoom of the chart before
        assert isinstance(at, QPoint)


def _import_through_types_dialog(qtbot: Any, win: Any, monkeypatch: Any, network: Any,
                                 answer: Any) -> tuple[Any, dict[str, Any]]:
    """Project > Importeren uit > GraphML of `network`, the types dialog answered by `answer(dialog, seen)`
    and its Import button clicked; (the import's report, what `answer` saw). Any other box fails the test."""
    from PySide6.QtWidgets import QDialogButtonBox

    from tests.gui.conftest import ModalAnswerer
    from views import file_dialogs
    from views.exchange_menu import ImportTypesDialog

    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(network))
    seen: dict[str, Any] = {}

    def choose(dialog: Any) -> None:
        if not isinstance(dialog, ImportTypesDialog):
            seen.setdefault("other", []).append(dialog.windowTitle())
            dialog.close()
            return
        answer(dialog, seen)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    with ModalAnswerer(choose), qtbot.waitSignal(win.exchange.finished, timeout=60000) as blocker:
        win.exchange.actions["import:graphml"].trigger()
    assert "other" not in seen, seen
    return blocker.args[0], seen


def test_the_import_dialog_takes_each_edges_type_from_an_attribute(qtbot: Any, project: Any,
                                                                   monkeypatch: Any) -> None:
    """Project > Importeren uit > GraphML of Padgett's marriages and business ties (edge attribute `relation`):
    the dialog offered one relation type for every edge. It now offers the attribute, a type per value."""
    from pathlib import Path

    network = Path(__file__).parents[1] / "exchange" / "data" / "real" / "networkx_3.6_padgett_relations.graphml"

    def answer(dialog: Any, seen: dict[str, Any]) -> None:
        dialog.node_box.setCurrentIndex(dialog.node_box.findData("Person"))
        dialog.from_box.setCurrentIndex(dialog.from_box.findData("relation"))
        seen["offered"] = [dialog.from_box.itemText(i) for i in range(dialog.from_box.count())]
        seen["values"] = sorted(dialog.value_boxes)
        dialog.value_boxes["Marital"].setCurrentIndex(dialog.value_boxes["Marital"].findData("family_of"))
        dialog.value_boxes["Business"].setCurrentIndex(dialog.value_boxes["Business"].findData("associate_of"))

    with main_window(qtbot, project, "nl") as win:
        before = win.session.store.counts()
        report, seen = _import_through_types_dialog(qtbot, win, monkeypatch, network, answer)
        assert seen["offered"] == ["één soort voor elke verbinding", "het verbindingskenmerk 'relation' (2 waarden)"]
        assert seen["values"] == ["Business", "Marital"]
        assert report.relations.get("new") == 20 and report.problems == [], report.problems
        after = win.session.store.counts()
        assert after["family_of"] - before.get("family_of", 0) == 11
        assert after["associate_of"] - before.get("associate_of", 0) == 9
        _settle(qtbot, win)


def test_what_an_import_could_not_keep_reads_dutch(qtbot: Any, project: Any, monkeypatch: Any) -> None:
    """Project > Importeren uit > FollowTheMoney in Dutch: the warning's details listed 'FtM property ...
    has no Passport property; left out' in English; a phone read with its holder's country was counted as an
    item that could not be imported."""
    from pathlib import Path

    from views import file_dialogs

    data = Path(__file__).parents[1] / "exchange" / "data" / "real" / "opensanctions_legal_entities.ftm.json"
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(data))
    with main_window(qtbot, project, "nl") as win:
        with qtbot.waitSignal(win.exchange.finished, timeout=60000) as blocker:
            win.exchange.actions["import:ftm"].trigger()
        report = blocker.args[0]
        box = win.exchange.problems_box
        details = box.detailedText()
        assert box.text() == f"{len(report.problems)} items konden niet worden geïmporteerd."
        assert "heeft geen eigenschap van Passport; weggelaten" in details
        assert "gelezen met het land van de houder" in details  # said, not counted among the losses
        assert "left out" not in details and "has no" not in details
        assert not any("holder's country" in p for p in report.problems)
        box.close()
        _settle(qtbot, win)


def test_an_import_of_one_record_says_one_in_the_singular(qtbot: Any, project: Any, monkeypatch: Any,
                                                          tmp_path: Any) -> None:
    """Importeren uit > FollowTheMoney of one person said '1 entiteiten en 0 relaties nieuw of samengevoegd'."""
    from views import file_dialogs

    one = tmp_path / "een.ftm.json"
    one.write_text('{"id": "x1", "schema": "Person", "properties": {"name": ["Ria Visser"]}}\n', encoding="utf-8")
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(one))
    with main_window(qtbot, project, "nl") as win:
        with qtbot.waitSignal(win.exchange.finished, timeout=60000):
            win.exchange.actions["import:ftm"].trigger()
        said = win.statusBar().currentMessage()  # (an alert about the new person may follow)
        assert said.startswith("een.ftm.json: 1 entiteit en 0 relaties nieuw of samengevoegd"), said
        _settle(qtbot, win)
    with main_window(qtbot, project, "en") as win:
        with qtbot.waitSignal(win.exchange.finished, timeout=60000):
            win.exchange.actions["import:ftm"].trigger()
        said = win.statusBar().currentMessage()
        assert said.startswith("een.ftm.json: 0 entities and 0 relations new or merged, 1 already in the project "
                               "unchanged"), said
        _settle(qtbot, win)


def test_a_two_mode_graphml_gives_each_node_its_type_from_an_attribute(qtbot: Any, project: Any, tmp_path: Any,
                                                                      monkeypatch: Any) -> None:
    """Project > Importeren uit > GraphML of Davis's Southern Women as networkx writes it (`bipartite` 0/1,
    undirected edges written event first): the dialog offered one type for every node, so the 14 events came in
    as persons. It now offers the node attribute, a type per value, and each edge runs from person to event."""
    from tests.networks import davis_graphml

    def answer(dialog: Any, seen: dict[str, Any]) -> None:
        dialog.node_from_box.setCurrentIndex(dialog.node_from_box.findData("bipartite"))
        seen["offered"] = [dialog.node_from_box.itemText(i) for i in range(dialog.node_from_box.count())]
        seen["values"] = {v: b.currentData() for v, b in dialog.node_value_boxes.items()}
        dialog.node_value_boxes["1"].setCurrentIndex(dialog.node_value_boxes["1"].findData("Event"))
        dialog.edge_box.setCurrentIndex(dialog.edge_box.findData("attended"))

    with main_window(qtbot, project, "nl") as win:
        report, seen = _import_through_types_dialog(qtbot, win, monkeypatch, davis_graphml(tmp_path / "davis.graphml"),
                                                    answer)
        assert seen["offered"] == ["één soort voor elke knoop", "het knoopkenmerk 'bipartite' (2 waarden)"]
        assert seen["values"] == {"0": "Person", "1": "Person"}  # the nodes' type until the analyst says
        assert report.problems == [] and report.relations.get("new") == 89, report.problems
        store = win.session.store
        events = {e.id for e in store.iter_entities("Event")}
        attended = list(store.iter_relations("attended"))
        assert len(events) == 14 and len(attended) == 89 and all(r.target_id in events for r in attended)
        _settle(qtbot, win)
