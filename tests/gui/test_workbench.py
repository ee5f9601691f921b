"""The workbench end to end, offscreen: unlock, search, details, chart, analysis, import, export."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import OWNER, OWNER_PW
from views.chart.items import NodeItem


def _click_node(qtbot: Any, window: Any, entity_id: str, double: bool = False) -> None:
    view = window.chart.view
    view.centre_on(entity_id)
    QApplication.processEvents()
    pos = view.mapFromScene(window.chart.scene.nodes[entity_id].pos())
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    else:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


# -- start: unlock, lock ----------------------------------------------------------------------------
def test_unlock_dialog_refuses_a_wrong_passphrase_and_remembers_on_request(qtbot: Any, project: Path,
                                                                           shoot: Any) -> None:
    from views.dialogs import UnlockDialog, recent_projects
    from views.project_session import Session

    dialog = UnlockDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.user.findText(OWNER) >= 0  # members are offered from the key file
    dialog.user.setCurrentText(OWNER)
    qtbot.keyClicks(dialog.passphrase, "wrong passphrase")
    assert not dialog.try_unlock()
    assert dialog.session is None
    assert dialog.message.text()  # says why
    shoot(dialog, "unlock_dialog")
    dialog.passphrase.setText(OWNER_PW)
    dialog.remember.setChecked(True)
    assert dialog.try_unlock()
    assert dialog.session is not None and dialog.session.user == OWNER
    assert dialog.passphrase.text() == ""  # not left in the widget
    assert str(project) in recent_projects()
    dialog.session.lock()
    again = Session.open(project)  # no passphrase: the key remembered in the keyring opens it
    assert again.user == OWNER
    again.lock()


def test_project_chooser_lists_recent_projects(qtbot: Any, project: Path, shoot: Any) -> None:
    from views.dialogs import ProjectChooser, add_recent

    add_recent(project)
    add_recent(project.with_name("gone.knp"))
    chooser = ProjectChooser()
    qtbot.addWidget(chooser)
    texts = [chooser.recent.item(i).toolTip() for i in range(chooser.recent.count())]
    assert texts[:2] == [str(project.with_name("gone.knp")), str(project)]
    assert not chooser.recent.item(0).flags() & Qt.ItemFlag.ItemIsEnabled  # missing file
    chooser.show()
    shoot(chooser, "project_chooser")


def test_idle_time_locks_the_project_and_unlocking_restores_the_chart(qtbot: Any, window: Any,
                                                                       planted: dict[str, Any], project: Path) -> None:
    from views.project_session import Session

    window.chart.add_entities([planted["hotspot_address"]])
    window.chart.expand(planted["hotspot_address"])
    before = window.chart.scene.positions()
    store = window.session.store
    window.idle.set_minutes(0.002)  # ~120 ms without input
    qtbot.waitUntil(lambda: window.session is None, timeout=3000)
    assert window.centralWidget() is window.locked_label
    with pytest.raises(Exception):  # noqa: B017 - the connection is closed
        store.counts()
    window.idle.set_minutes(0)  # else, on a busy machine, it locks again before the checks below
    window.attach(Session.open(project, user=OWNER, passphrase=OWNER_PW))
    after = window.chart.scene.positions()
    assert set(after) == set(before)
    assert all(after[n] == pytest.approx(before[n], abs=0.1) for n in before)


# -- search, details, browser ---------------------------------------------------------------------------
def test_search_as_you_type_and_open_an_entity(qtbot: Any, window: Any, planted: dict[str, Any], shoot: Any) -> None:
    store = window.session.store
    hotspot = store.get_entity(planted["hotspot_address"])
    window.focus_search()
    qtbot.keyClicks(window.search.field, hotspot.caption.split(",")[0])
    qtbot.waitUntil(lambda: window.search.results.count() > 0, timeout=2000)
    ids = [window.search.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.search.results.count())]
    assert hotspot.id in ids
    row = ids.index(hotspot.id)
    item = window.search.results.item(row)
    qtbot.mouseClick(window.search.results.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.search.results.visualItemRect(item).center())
    detail = window.detail
    assert detail.entity is not None and detail.entity.id == hotspot.id
    assert detail.title.text() == hotspot.caption
    assert detail.relations.rowCount() == len(store.relations_of(hotspot.id)) >= 28
    assert detail.sources.rowCount() >= 1  # provenance
    assert len(detail.timeline.items) >= 28  # located_at relations are dated
    assert any(e.action == "search" for e in store.audit_entries())
    shoot(window, "main_window_search")


def test_browser_fetches_rows_lazily_and_filters(qtbot: Any, window: Any) -> None:
    from views.models import BATCH

    browser = window.browser
    browser.type_box.setCurrentIndex(browser.type_box.findData("Person"))
    model = browser.model
    total = window.session.store.counts()["Person"]
    assert total > BATCH
    QApplication.processEvents()
    assert 0 < model.rowCount() < total  # only what the view needed
    assert model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == total
    first = model.rows[0][0]
    browser.filter.setText(first.split()[0])
    qtbot.waitUntil(lambda: model.filter_text != "", timeout=2000)
    assert 0 < model.rowCount() <= total
    browser.filter.clear()
    qtbot.waitUntil(lambda: model.filter_text == "", timeout=2000)


def test_browser_filter_says_how_many_it_leaves_out(qtbot: Any, window: Any, monkeypatch: Any) -> None:
    """A filter with more matches than it shows says "first N of M" (never cuts silently)."""
    from views import models

    browser = window.browser
    browser.type_box.setCurrentIndex(browser.type_box.findData("Person"))
    store = window.session.store
    words = [w for row in browser.model.rows[:50] for w in str(row[0]).split()]
    word = max(words, key=lambda w: len(store.search(w, types=["Person"], limit=500)))
    matches = len(store.search(word, types=["Person"], limit=500))
    assert 3 < matches < 500
    monkeypatch.setattr(models, "FILTER_LIMIT", 3)
    browser.filter.setText(word)
    qtbot.waitUntil(lambda: browser.model.filter_text == word, timeout=2000)
    assert browser.model.rowCount() == 3
    text = browser.status.text()
    assert text.startswith(("First 3 of ", "Eerste 3 van ")) and f" {matches} " in text, text
    monkeypatch.setattr(models, "COUNT_CAP", matches - 1)  # too many to count: "of more than"
    browser.filter.setText(word + " ")
    qtbot.waitUntil(lambda: browser.status.text() != text, timeout=2000)
    assert f"{matches - 1}" in browser.status.text() and ("more than" in browser.status.text()
                                                        or "meer dan" in browser.status.text())
    browser.filter.setText(word[:0])
    qtbot.waitUntil(lambda: browser.status.text() == "", timeout=2000)


def test_browser_sorts_a_partly_loaded_type_in_a_worker(qtbot: Any, window: Any) -> None:
    browser = window.browser
    browser.type_box.setCurrentIndex(browser.type_box.findData("Person"))
    model = browser.model
    total = window.session.store.counts()["Person"]
    assert model.canFetchMore()
    browser._sort(0)
    qtbot.waitUntil(lambda: model.rowCount() == total, timeout=5000)
    names = [r[0].casefold() for r in model.rows]
    assert names == sorted(names)


# -- chart -----------------------------------------------------------------------------------------------
def test_double_click_expands_and_chart_edits_undo(qtbot: Any, window: Any, planted: dict[str, Any],
                                                  shoot: Any) -> None:
    chart = window.chart
    store = window.session.store
    strawman = planted["strawman"]
    chart.add_entities([strawman])
    assert list(chart.scene.nodes) == [strawman]
    _click_node(qtbot, window, strawman, double=True)
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
    _click_node(qtbot, window, company)
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


# -- import -----------------------------------------------------------------------------------------------
CSV = """KvK-nummer;Bedrijfsnaam;Adres;Naam;Datum aanvang
12345678;Testbouw Noord B.V.;Hoofdstraat 12, 7607 AB Almelo;Jan Jansen;01-02-2020
87654321;Testtrans Oost B.V.;Wierdensestraat 3, 7607 GH Almelo;Jan Jansen;15-03-2021
12345678;Testbouw Noord B.V.;Hoofdstraat 12, 7607 AB Almelo;Piet Pietersen;01-06-2022
"""


def _wizard_to_mapping(qtbot: Any, window: Any, csv_path: Path) -> Any:
    wizard = window.import_wizard()
    qtbot.addWidget(wizard)
    wizard.file_page.path.setText(str(csv_path))
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page, wizard.file_page.error.text()
    page = wizard.mapping_page
    assert page.preview.rowCount() == 3 and page.preview.columnCount() == 5
    page.set_mapping("KvK-nummer", "Company.kvk_number")  # guessed already; explicit for clarity
    page.set_mapping("Naam", "Person.name")
    assert {k: v for k, v in page.mapped().items() if k != "@relations"} == {
        "Company": {"kvk_number": "KvK-nummer", "name": "Bedrijfsnaam"}, "Address": {"address": "Adres"},
        "Person": {"name": "Naam"}}
    assert page.set_relation("director_of", "Person", "Company")
    assert page.set_relation("located_at", "Company", "Address")
    assert page.mapped()["@relations"] == {"valid_from": "Datum aanvang"}  # guessed: dates every relation
    assert "valid_from: Datum aanvang" in page.spec_text.toPlainText()
    page.set_mapping("Datum aanvang", "")  # here: undated
    page.source.setText("KvK-uittreksel test")
    return wizard


def test_import_a_csv_through_the_wizard(qtbot: Any, window: Any, tmp_path: Path, shoot: Any) -> None:
    csv_path = tmp_path / "bedrijven.csv"
    csv_path.write_text(CSV, encoding="cp1252")
    store = window.session.store
    before = store.counts()
    wizard = _wizard_to_mapping(qtbot, window, csv_path)
    shoot(wizard, "import_wizard_mapping")
    wizard.next()  # dry run
    dry = wizard.dry_page
    qtbot.waitUntil(lambda: dry.done, timeout=20000)
    assert dry.result is not None, dry.status.text()
    assert dry.result.entities.created == 2 + 2 + 2  # companies, addresses, persons
    assert dry.result.relations.created == 3 + 2
    assert store.counts() == before  # a dry run writes nothing
    shoot(wizard, "import_wizard_dry_run")
    with qtbot.waitSignal(wizard.imported, timeout=20000):
        wizard.next()
    assert wizard.import_page.result.entities.created == 6
    hits = store.search("Testbouw Noord")
    assert [h.properties["kvk_number"] for h in hits] == ["12345678"]
    assert hits[0].provenance is not None and hits[0].provenance.source == "KvK-uittreksel test"
    assert {r.type for r in store.relations_of(hits[0].id)} == {"director_of", "located_at"}
    spec_file = tmp_path / "kvk.yaml"
    assert wizard.save_spec(spec_file)
    assert "director_of" in spec_file.read_text(encoding="utf-8")
    assert "kvk" in wizard.saved_specs()
    again = _wizard_to_mapping(qtbot, window, csv_path)  # next delivery: reuse the saved spec
    again.mapping_page.spec_text.clear()
    again.mapping_page.load_saved("kvk")
    assert again.mapping_page.spec_text.toPlainText() == spec_file.read_text(encoding="utf-8")


def test_cancelled_import_leaves_the_project_untouched(qtbot: Any, window: Any, tmp_path: Path) -> None:
    csv_path = tmp_path / "bedrijven.csv"
    csv_path.write_text(CSV, encoding="utf-8")
    store = window.session.store
    before = store.counts()
    wizard = _wizard_to_mapping(qtbot, window, csv_path)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.dry_page.done, timeout=20000)
    page = wizard.import_page
    page.initializePage = lambda: None  # start by hand, to cancel before the first chunk is committed
    wizard.next()
    task = page.start()
    task.cancel()
    qtbot.waitUntil(lambda: page.done, timeout=20000)
    assert page.result is None
    assert "nothing was written" in page.status.text()
    assert store.counts() == before


# -- export -----------------------------------------------------------------------------------------------
def _chart_with_hotspot(window: Any, planted: dict[str, Any]) -> None:
    window.chart.add_entities([planted["hotspot_address"]])
    window.chart.expand(planted["hotspot_address"])
    window.chart.run_layout("force", wait=True)


def test_export_png_svg_pdf_at_print_resolution_with_marking_and_audit(qtbot: Any, window: Any, planted: dict[str, Any],
                                                                       tmp_path: Path) -> None:
    _chart_with_hotspot(window, planted)
    store = window.session.store
    for fmt in ("png", "svg", "pdf"):
        with qtbot.waitSignal(window.exported, timeout=20000) as done:
            window.export_chart(tmp_path / f"chart.{fmt}")  # written by a worker
        assert done.args[0]["count"] == 29
    image = QImage(str(tmp_path / "chart.png"))
    assert (image.width(), image.height()) == (3508, 2480)  # A4 at 300 dpi
    assert round(image.dotsPerMeterX() * 0.0254) == 300
    red = QColor("#b00020").rgb()
    top_band = {image.pixel(x, y) for x in range(1200, 2300, 2) for y in range(10, 110, 2)}
    assert red in top_band  # the classification marking
    orange = QColor(store.schema.entities["Company"].color)
    columns = {x // 1170 for x in range(0, 3508, 9) for y in range(200, 2300, 9)
               if QColor(image.pixel(x, y)).name() == orange.name()}
    assert columns == {0, 1, 2}  # companies all around the address: the whole chart fits the page
    assert "CLASSIFICATION: OPEN" in (tmp_path / "chart.svg").read_text(encoding="utf-8")
    assert (tmp_path / "chart.pdf").read_bytes().startswith(b"%PDF")
    exports = [json.loads(e.details) for e in store.audit_entries() if e.action == "export"]
    assert [e["format"] for e in exports] == ["png", "svg", "pdf"]


def test_export_carries_the_highest_label_shown(qtbot: Any, window: Any, tmp_path: Path) -> None:
    from graph.model import Entity

    store = window.session.store
    stats = store.upsert_entities([Entity(type="Person", properties={"name": "Vertrouwelijke Persoon"},
                                          label="confidential")])
    window.chart.add_entities(stats.ids)
    with qtbot.waitSignal(window.exported, timeout=20000) as done:
        window.export_chart(tmp_path / "chart.svg")
    assert done.args[0]["marking"] == "confidential"
    assert "CLASSIFICATION: CONFIDENTIAL" in (tmp_path / "chart.svg").read_text(encoding="utf-8")


def _need_chromium() -> None:
    from tests.gui.chromium import chromium_binary
    if chromium_binary() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is not installed (apt-get install -y chromium)")
        pytest.skip("chromium is not installed; CI installs it")


def test_exported_html_opens_in_chromium_offline_and_shows_the_nodes(qtbot: Any, window: Any, planted: dict[str, Any],
                                                                      tmp_path: Path, screenshot_dir: Path) -> None:
    _need_chromium()
    from tests.gui.chromium import outside_requests, visit

    _chart_with_hotspot(window, planted)
    target = tmp_path / "chart.html"
    with qtbot.waitSignal(window.exported, timeout=20000) as done:
        window.export_chart(target)
    assert done.args[0]["format"] == "html"
    page = target.read_text(encoding="utf-8")
    assert "CLASSIFICATION: OPEN" in page
    result = visit(target.as_uri(), wait_js="document.body.dataset.rendered")
    assert result.requests and result.requests[0] == target.as_uri()
    assert outside_requests(result.requests) == []
    assert result.rendered == "29"  # vis-network drew all nodes
    (screenshot_dir / "export_html_chromium.png").write_bytes(result.screenshot)
    shot = QImage.fromData(result.screenshot)
    orange = QColor(window.session.store.schema.entities["Company"].color).name()
    assert sum(QColor(shot.pixel(x, y)).name() == orange for x in range(0, shot.width(), 3)
               for y in range(0, shot.height(), 3)) > 50  # the company nodes are on screen


def test_the_offline_check_catches_a_page_that_reaches_out(tmp_path: Path) -> None:
    _need_chromium()
    from tests.gui.chromium import outside_requests, visit

    page = tmp_path / "cdn.html"
    page.write_text('<html><body><script src="http://127.0.0.1:9/vis-network.min.js"></script>'
                    '<script>document.body.dataset.rendered = "1"</script></body></html>', encoding="utf-8")
    result = visit(page.as_uri(), wait_js="document.body.dataset.rendered")
    assert outside_requests(result.requests) == ["http://127.0.0.1:9/vis-network.min.js"]


# -- language and shortcuts --------------------------------------------------------------------------------
def test_every_interface_string_has_a_dutch_translation() -> None:
    from views.i18n_tools import QM, TS, unfinished

    assert unfinished() == []
    assert QM.exists() and QM.stat().st_mtime >= TS.stat().st_mtime - 1  # compiled after the last edit


def test_dutch_is_the_default_language(qtbot: Any, project: Path, planted: dict[str, Any], shoot: Any) -> None:
    from views import i18n
    from views.main_window import MainWindow
    from views.project_session import Session

    app = QApplication.instance()
    assert i18n.chosen_language() == "nl"
    assert i18n.install(app) == "nl"
    try:
        win = MainWindow(Session.open(project, user=OWNER, passphrase=OWNER_PW), autolock_minutes=0)
        qtbot.addWidget(win)
        menus = [a.text() for a in win.menuBar().actions()]
        assert "&Analyse" in menus and "&Bestand" not in menus
        assert win.search.field.placeholderText().startswith("Zoek")
        assert win.chart.act_expand.text() == "Uitbreiden"
        win.show()
        qtbot.waitExposed(win)
        win.search.field.setText("Jinthesteeg")
        win.search.run()
        win.show_entity(planted["hotspot_address"])
        win.chart.add_entities([planted["hotspot_address"]])
        win.chart.expand(planted["hotspot_address"])
        win.chart.run_layout("force", wait=True)
        win.chart.view.fit()
        shoot(win, "main_window_nl")
        win.close()
    finally:
        i18n.install(app, "en")


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


def test_knooppunt_gui_opens_the_main_window_unlocked_by_a_passphrase_file(qtbot: Any, project: Path,
                                                                            tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer

    from views.main_window import MainWindow
    from workbench.cli import main

    secret = tmp_path / "passphrase.txt"
    secret.write_text(OWNER_PW + "\n", encoding="utf-8")
    titles: list[str] = []

    def close_window() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                titles.append(widget.windowTitle())
                widget.close()
        QApplication.quit()

    QTimer.singleShot(500, close_window)
    code = main(["gui", "--project", str(project), "--passphrase-file", str(secret), "--lang", "en"])
    assert code == 0
    assert titles and titles[0].startswith("Knooppunt — Demo Almelo") and OWNER in titles[0]


def test_a_viewer_may_look_but_not_import_export_or_save_charts(qtbot: Any, project: Path,
                                                               planted: dict[str, Any]) -> None:
    from graph.access import session as access
    from views.chart.storage import chart_names
    from views.main_window import MainWindow
    from views.project_session import Session

    owner = access.unlock(project, OWNER, OWNER_PW)
    access.add_member(owner, "bob", role="viewer", passphrase="bob: tuin vol tulpen")
    owner.close()
    win = MainWindow(Session.open(project, user="bob", passphrase="bob: tuin vol tulpen"), "en", autolock_minutes=0)
    qtbot.addWidget(win)
    assert not win.act_export.isEnabled() and not win.act_import.isEnabled()
    win.chart.add_entities([planted["bridge"]])  # reading is allowed
    win.chart.chart_name = "Mag niet"
    assert not win.save_chart()  # refused by the access layer, reported without blocking
    assert "Mag niet" not in chart_names(win.session.store)
    win.chart.undo.setClean()
    win.close()
