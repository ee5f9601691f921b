"""An analyst who knows Analyst's Notebook, in Dutch at 1366x768 (ui8 review): each test goes through what
the analyst touches (a menu action, a button, a click, a key) and failed before its fix."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


@pytest.fixture
def dutch(qtbot: Any, project: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The workbench as `knooppunt gui` opens it in Dutch on a 1366x768 screen: the catalogue installed
    before the window is built, so the menus read Beeld, Bewerken (then English again)."""
    from PySide6.QtCore import QRect

    from tests.sandbox import OWNER, OWNER_PW
    from views import i18n, screen
    from views.main_window import MainWindow
    from views.project_session import Session

    monkeypatch.setattr(screen, "available_geometry", lambda _w: QRect(0, 0, 1366, 768))
    i18n.install(QApplication.instance(), "nl")
    win = MainWindow(Session.open(project, user=OWNER, passphrase=OWNER_PW), "nl", autolock_minutes=0)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if win.session is not None:
        win.chart.undo.setClean()
        win.record_editor.undo.setClean()
    win.close()
    i18n.install(QApplication.instance(), "en")


def _menu(win: Any, title: str) -> Any:
    return next(a.menu() for a in win.menuBar().actions() if a.menu() and a.text().replace("&", "") == title)


def _entry(win: Any, menu: str, text: str) -> Any:
    return next(a for a in _menu(win, menu).actions() if a.text() == text)


def _run(qtbot: Any, win: Any, key: str) -> Any:
    win.analysis_actions[key].trigger()
    panel = win.analysis_docks[-1].widget()
    qtbot.waitUntil(lambda: panel.task is None, timeout=30000)
    return panel


def _strawman_chart(qtbot: Any, win: Any, straw: str) -> None:
    win.chart.add_entities([straw])
    win.chart.expand(straw)
    win.chart.run_layout("force", wait=True)
    win.chart.act_fit.trigger()
    qtbot.wait(50)


def test_the_legend_is_compact_folds_on_its_title_hides_from_view_and_is_remembered(
        qtbot: Any, dutch: Any, planted: dict[str, Any], project: Any) -> None:
    """With a result pane open at 1366x768 the legend took half the chart and could be neither folded nor
    hidden from Beeld; Analyst's Notebook's legend is a small box the analyst folds away."""
    from tests.sandbox import OWNER, OWNER_PW
    from views.project_session import Session

    win = dutch
    _strawman_chart(qtbot, win, planted["strawman"])
    _run(qtbot, win, "centrality")  # a result pane under the chart
    win.chart.scene.flag(set(win.chart.scene.nodes))  # a sixth row: red flag
    win.chart.scene.legend_cache = None
    qtbot.wait(50)
    view = win.chart.view
    height = view.viewport().height()
    box = view.legend_box()
    assert height < 420, height  # the squeeze this is about: a result pane under the chart
    assert not box.isNull() and box.height() <= height * 0.3, (box, height)

    title = view.legend_title_box()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=title.center().toPoint())
    folded = view.legend_box()
    assert folded.height() < 30 and view.legend_folded
    assert _entry(win, "Beeld", "Legenda inklappen").isChecked()
    assert not win.chart.scene.selectedItems()  # the click folded the legend, it started no selection
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.legend_title_box().center().toPoint())
    assert view.legend_box() == box

    _entry(win, "Beeld", "Legenda").trigger()  # hidden from Beeld, as in Analyst's Notebook
    assert view.legend_box().isNull()
    _entry(win, "Beeld", "Legenda").trigger()
    _entry(win, "Beeld", "Legenda inklappen").trigger()
    assert view.legend_folded

    win.lock()  # the next chart, session or day: as the analyst left it
    win.attach(Session.open(project, user=OWNER, passphrase=OWNER_PW))
    assert win.chart.view.legend_folded and _entry(win, "Beeld", "Legenda inklappen").isChecked()
    _entry(win, "Beeld", "Legenda").trigger()
    win.lock()
    win.attach(Session.open(project, user=OWNER, passphrase=OWNER_PW))
    assert not win.chart.view.show_legend and not _entry(win, "Beeld", "Legenda").isChecked()
    QApplication.processEvents()


def test_undo_and_redo_say_what_they_did_and_redo_reads_dutch(qtbot: Any, dutch: Any,
                                                              planted: dict[str, Any]) -> None:
    """Ctrl+Z took a step back without a word (the change may be off screen), and the redo entry read
    'Verbergen opnieuw'; Analyst's Notebook users see what was undone."""
    win, straw = dutch, planted["strawman"]
    _strawman_chart(qtbot, win, straw)
    win.chart.scene.nodes[straw].setSelected(True)
    win.chart.act_hide.trigger()
    undo, redo = _menu(win, "Bewerken").actions()[:2]
    assert undo.text() == "Verbergen ongedaan maken"
    undo.trigger()
    assert win.statusBar().currentMessage() == "Ongedaan gemaakt: Verbergen"
    assert not win.chart.scene.hidden_ids()
    assert redo.text() == "Verbergen opnieuw uitvoeren"
    assert redo.shortcut().toString() == "Ctrl+Y"  # the menu showed Ctrl+Shift+Z where F1 and ANB say Ctrl+Y
    win.chart.redo_btn.trigger()  # the chart's ↷ arrow: the same history, the same word
    assert win.statusBar().currentMessage() == "Opnieuw uitgevoerd: Verbergen"
    assert win.chart.scene.hidden_ids() == [straw]


def test_enter_in_the_search_field_puts_the_selected_or_first_result_on_the_chart(
        qtbot: Any, dutch: Any, planted: dict[str, Any]) -> None:
    """Enter in the search box showed the first result's details and put nothing on the chart; ANB's find
    puts a result on the chart with one key."""
    win = dutch
    straw = win.session.store.get_entity(planted["strawman"])
    next(a for a in _menu(win, "Project").actions() if a.text() == "Zoeken…").trigger()
    qtbot.keyClicks(win.search.field, straw.caption.split()[-1])  # a surname: more than one result
    qtbot.keyClick(win.search.field, Qt.Key.Key_Return)  # at once, before the search-while-typing ran
    results = win.search.results
    assert results.count() > 1
    first = results.item(0).data(Qt.ItemDataRole.UserRole)
    assert list(win.chart.scene.nodes) == [first]
    assert win.chart.scene.selected_ids() == [first]

    qtbot.keyClick(win.search.field, Qt.Key.Key_Down)  # a result chosen with the arrow keys goes instead
    qtbot.keyClick(results, Qt.Key.Key_Down)
    second = results.currentItem().data(Qt.ItemDataRole.UserRole)
    assert second != first
    qtbot.keyClick(results, Qt.Key.Key_Return)
    assert second in win.chart.scene.nodes and win.chart.scene.selected_ids() == [second]
    win.search.field.setFocus()
    qtbot.keyClick(win.search.field, Qt.Key.Key_Return)  # the selected result, not the first again
    assert win.chart.scene.selected_ids() == [second]
    assert "Enter" in results.item(0).toolTip()


def _click_row(qtbot: Any, panel: Any, row: int, ctrl: bool = False) -> None:
    """A click on a result row, as the analyst does (Ctrl adds it to the rows selected)."""
    table = panel.table
    table.scrollTo(panel.model.index(row, 0))
    rect = table.visualRect(panel.model.index(row, 1))
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_flag_in_red_acts_on_the_selected_rows_and_asks_for_them_when_none_is(
        qtbot: Any, dutch: Any) -> None:
    """'Rood markeren' with no row selected flagged every result (all 668 of a centrality on the chart)."""
    win = dutch
    panel = _run(qtbot, win, "centrality")
    panel.btn_add.click()  # the first 200 on the chart
    assert len(win.chart.scene.nodes) > 10
    panel.btn_flag.click()
    assert not [n for n, i in win.chart.scene.nodes.items() if i.flagged]
    assert win.statusBar().currentMessage().startswith("Selecteer eerst de rijen"), win.statusBar().currentMessage()
    _click_row(qtbot, panel, 0)
    _click_row(qtbot, panel, 2, ctrl=True)
    chosen = {panel.model.rows[0]["id"], panel.model.rows[2]["id"]}
    assert {panel.entity_of(r) for r in panel._selected_rows()} == chosen
    panel.btn_flag.click()
    assert {n for n, i in win.chart.scene.nodes.items() if i.flagged} == chosen
    assert win.statusBar().currentMessage().startswith("2 entiteiten op het schema rood gemarkeerd")


def test_a_cluster_goes_on_the_chart_with_its_members(qtbot: Any, dutch: Any) -> None:
    """'Op schema zetten' was greyed out for Analyse > Clusters: a cluster has no entity column, its members
    are its evidence."""
    win = dutch
    panel = _run(qtbot, win, "clusters")
    assert panel.btn_add.isEnabled()
    row = panel.model.rows[0]
    members = [i for i in row["members"] if not i.startswith("rel-")]
    assert members
    panel.table.selectRow(0)
    win.chart.clear()
    panel.btn_add.click()
    assert set(members) <= set(win.chart.scene.nodes)
    message = win.statusBar().currentMessage()
    assert message.startswith(f"{len(set(win.chart.scene.nodes))} entiteiten op het schema gezet"), message
    from views.chart import legend
    view = win.chart.view  # four types and three kinds of link: the legend in columns, all of it on the chart
    assert len(legend.entries(win.chart.scene)) >= 6
    assert view.viewport().rect().contains(view.legend_box().toAlignedRect()), (view.legend_box(), view.width())


def test_result_tooltips_read_as_the_cells_do_in_dutch(qtbot: Any, dutch: Any) -> None:
    """Hovering a centrality score showed the raw float (0.08234567901234568); a cell of four decimals showed a
    tiny betweenness as 0 and its tooltip had it in Python's notation."""
    import re

    win = dutch
    panel = _run(qtbot, win, "centrality")
    model = panel.model
    tips = {}
    for c, column in enumerate(model.columns):
        for r in range(min(40, len(model.rows))):
            if isinstance(model.rows[r].get(column), float):
                tips[(r, column)] = model.data(model.index(r, c), Qt.ItemDataRole.ToolTipRole)
    assert tips
    raw = {k: t for k, t in tips.items() if "." in t or "e-" in t}
    assert not raw, raw
    long = {k: t for k, t in tips.items()
            if abs(model.rows[k[0]][k[1]]) < 1 and len(re.sub(r"^[-0,]*", "", t)) > 3}
    assert not long, long  # three significant digits
    ids = [c for c, name in enumerate(model.columns) if name in ("members", "id")]
    for c in ids:  # an id column's tooltip says what its cell says: names, not internal ids
        tip = model.data(model.index(0, c), Qt.ItemDataRole.ToolTipRole)
        assert tip == model.data(model.index(0, c), Qt.ItemDataRole.DisplayRole)


def test_the_briefing_preview_says_what_will_be_in_it_before_preview(qtbot: Any, dutch: Any,
                                                                     planted: dict[str, Any]) -> None:
    """Schema > Briefing maken…: the preview pane was an empty white box until Voorbeeld was pressed, with no
    word on what would be in it, or why it stayed empty."""
    win = dutch
    _entry(win, "Schema", "Briefing maken…").trigger()
    empty = win.briefing_window
    assert "geen schema" in empty.preview_label.text(), empty.preview_label.text()
    empty.close()

    _strawman_chart(qtbot, win, planted["strawman"])
    _entry(win, "Schema", "Briefing maken…").trigger()
    dialog = win.briefing_window
    said = dialog.preview_label.text()
    assert said.startswith("Wat er in de briefing komt:"), said
    assert "Het schema op het scherm" in said and "Samenvatting" in said and "Tijdlijn" in said
    assert dialog.audience.currentText() in said and "Voorbeeld" in said
    dialog.sections["timeline"].click()
    assert "Tijdlijn" not in dialog.preview_label.text()
    for box in dialog.sections.values():
        if box.isChecked():
            box.click()
    assert "Geen onderdeel aangevinkt" in dialog.preview_label.text()
    dialog.close()


def test_counts_and_periods_read_as_dutch(qtbot: Any, dutch: Any, planted: dict[str, Any],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """'1 bestand(en) geïmporteerd' after Importeren > KvK-gegevens, and a relation's period in 'Hoe hangen A en
    B samen' as '01-03-2019..…' where a Dutch reader writes 'vanaf 01-03-2019' or 'a t/m b'."""
    import re
    from pathlib import Path

    from views import file_dialogs

    win = dutch
    examples = Path(__file__).resolve().parents[2] / "examples" / "basisprofielen"
    one = sorted(str(p) for p in examples.glob("*.json"))[:1]
    monkeypatch.setattr(file_dialogs, "open_files", lambda *a, **k: one)
    _entry(win, "Importeren", win.act_import_kvk.text()).trigger()
    qtbot.waitUntil(lambda: getattr(win, "kvk_summary", None) is not None, timeout=30000)
    assert win.kvk_summary.text().startswith("1 bestand geïmporteerd: "), win.kvk_summary.text()
    win.kvk_summary.close()

    straw, company = planted["strawman"], planted["strawman_companies"][0]
    win.chart.add_entities([straw, company])
    for node in (straw, company):
        win.chart.scene.nodes[node].setSelected(True)
    panel = _run(qtbot, win, "connection")
    column = panel.model.columns.index("valid")
    shown = [panel.model.data(panel.model.index(r, column)) for r in range(len(panel.model.rows))]
    periods = [s for s in shown if s]
    assert periods, shown
    assert all(re.fullmatch(r"(vanaf \d{2}-\d{2}-\d{4}|\d{2}-\d{2}-\d{4} t/m \d{2}-\d{2}-\d{4}|t/m \d{2}-\d{2}-\d{4})"
                            r"(; .*)?", s) for s in periods), periods


def test_the_import_wizard_says_what_each_grade_means(qtbot: Any, dutch: Any) -> None:
    """Importeren > Bestand importeren…: the grading boxes offered A-F and 1-6 with no hint of what a grade
    means; the 6x6 grading's words are in their tooltips, in Dutch."""
    from pathlib import Path

    win = dutch
    _entry(win, "Importeren", win.act_import.text()).trigger()
    wizard = win._wizard
    wizard.file_page.path.setText(str(Path(__file__).resolve().parents[2] / "examples" / "meldingen.csv"))
    wizard.next()
    page = wizard.mapping_page
    tip = page.reliability.toolTip()
    assert tip.startswith("Betrouwbaarheid van de bron (A–F):"), tip
    assert "A  volledig betrouwbaar" in tip and "F  betrouwbaarheid onbekend" in tip
    tip = page.credibility.toolTip()
    assert tip.startswith("Juistheid van de informatie (1–6):")
    assert "1  bevestigd" in tip and "6  juistheid onbekend" in tip
    b = page.reliability.findText("B")
    assert page.reliability.itemData(b, Qt.ItemDataRole.ToolTipRole) == "B: meestal betrouwbaar"
    wizard.reject()


def test_the_legend_is_dragged_by_its_title_to_another_corner_and_stays_there(
        qtbot: Any, dutch: Any, planted: dict[str, Any], project: Any) -> None:
    """Analyst's Notebook's legend can be moved out of the way; ours sat fixed in the lower left, over the
    chart's lower nodes. Dragging its title puts it in the nearest corner; the fitted chart leaves that band free."""
    from tests.sandbox import OWNER, OWNER_PW
    from views.project_session import Session

    win = dutch
    _strawman_chart(qtbot, win, planted["strawman"])
    view = win.chart.view
    area = view.viewport().rect()
    start = view.legend_title_box().center().toPoint()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 11):  # towards the upper right, as a hand does
        qtbot.mouseMove(view.viewport(), start + (area.topRight() - start) * step / 10)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=area.topRight())
    box = view.legend_box()
    assert view.legend_corner == "top-right" and not view.legend_folded
    assert box.top() == 8 and abs(box.right() - (area.width() - 8)) < 1, (box, area)
    assert not win.chart.scene.selectedItems()
    win.chart.act_fit.trigger()  # Passend: no node under the legend at the top
    under = [n for n, i in win.chart.scene.nodes.items() if box.contains(view.mapFromScene(i.pos()).toPointF())]
    assert not under, under

    win.lock()
    win.attach(Session.open(project, user=OWNER, passphrase=OWNER_PW))
    assert win.chart.view.legend_corner == "top-right"


def test_hovering_an_entity_or_a_link_shows_no_internal_id(qtbot: Any, dutch: Any, planted: dict[str, Any]) -> None:
    """Hovering Chloé on the chart showed 'Persoon · per-6e9a18d315ac6692', a link its 'rel-…' id."""
    import re

    from PySide6.QtWidgets import QToolTip

    win = dutch
    _strawman_chart(qtbot, win, planted["strawman"])
    view = win.chart.view
    item = win.chart.scene.nodes[planted["strawman"]]
    pos = view.mapFromScene(item.pos())
    qtbot.mouseMove(view.viewport(), pos)
    QApplication.sendEvent(view.viewport(), _tooltip_event(view.viewport(), pos))
    shown = QToolTip.text()
    assert shown == item.toolTip() and shown.startswith(item.caption), shown
    assert "Persoon" in shown and "Dubbelklik" in shown
    raw = re.compile(r"\b[a-z]{2,4}-[0-9a-f]{8,}\b")
    tips = [i.toolTip() for i in win.chart.scene.nodes.values()] + [e.toolTip() for e in win.chart.scene.edges.values()]
    assert not [t for t in tips if raw.search(t)], [t for t in tips if raw.search(t)][:3]
    QToolTip.hideText()


def _tooltip_event(widget: Any, pos: Any) -> Any:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    return QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos))


def test_the_browse_tables_show_dates_as_dd_mm_jjjj_and_no_internal_id(qtbot: Any, dutch: Any) -> None:
    """Vinden > Bladeren > Personen: Geboortedatum read 2001-05-23 beside 'Geldig vanaf' 06-10-2021, and a column
    of internal ids (per-0fb0f04136fe3f4e) took the room of the properties."""
    import re

    win = dutch
    win.left_tabs.setCurrentWidget(win.browser)
    browser = win.browser
    browser.type_box.setCurrentIndex(browser.type_box.findData("Person"))
    model, table = browser.model, browser.table
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=5000)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    births = [model.data(model.index(r, headers.index("Geboortedatum"))) for r in range(min(50, model.rowCount()))]
    births = [b for b in births if b]
    assert births and all(re.fullmatch(r"\d{2}-\d{2}-\d{4}", b) for b in births), births[:5]
    shown = [c for c in range(model.columnCount()) if not table.isColumnHidden(c)]
    cells = [str(model.data(model.index(0, c))) for c in shown]
    assert not [c for c in cells if re.fullmatch(r"[a-z]{2,4}-[0-9a-f]{8,}", c)], cells
    column = headers.index("Geboortedatum")  # sorted by date, not by day of the month
    qtbot.mouseClick(table.horizontalHeader().viewport(), Qt.MouseButton.LeftButton,
                     pos=table.horizontalHeader().rect().topLeft() + _header_x(table, column))
    qtbot.waitUntil(lambda: model._task is None, timeout=10000)
    dated = [model.data(model.index(r, column)) for r in range(model.rowCount())]
    iso = [f"{d[6:]}-{d[3:5]}-{d[:2]}" for d in dated if d]
    assert iso == sorted(iso) or iso == sorted(iso, reverse=True)


def _header_x(table: Any, column: int) -> Any:
    from PySide6.QtCore import QPoint
    header = table.horizontalHeader()
    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)


def test_a_signals_and_a_measures_list_values_read_as_their_labels(qtbot: Any, dutch: Any) -> None:
    """A Melding in Details read 'Kanaal: mma', 'Status: in_behandeling'; a maatregel 'Soort: bibob_weigering'
    (the VIK registers show Meld Misdaad Anoniem, in behandeling, Bibob-weigering)."""
    from PySide6.QtWidgets import QLabel

    from graph.vik import lists

    win = dutch
    store = win.session.store
    shown = {}
    for etype in ("Signal", "Measure"):
        record = next(e for e in store.iter_entities(etype) if e.get("status") or e.get("channel")
                      or etype == "Measure")
        win.chart.add_entities([record.id])  # on the chart and clicked, as the analyst does
        win.chart.scene.clearSelection()
        win.chart.scene.nodes[record.id].setSelected(True)
        texts = [w.text() for w in win.detail.findChildren(QLabel) if w.text()]
        shown[etype] = (record, texts)
    signal, texts = shown["Signal"]
    for name, kind in (("channel", "signal_sources"), ("status", "signal_status")):
        if signal.get(name):
            assert lists.label(kind, signal.get(name)) in texts and signal.get(name) not in texts, texts
    measure, texts = shown["Measure"]
    assert lists.label("measure_types", measure.get("kind")) in texts and measure.get("kind") not in texts, texts


def test_sources_and_grading_names_relations_and_says_what_a_grade_means(qtbot: Any, dutch: Any) -> None:
    """Bewerken > Bronnen en waardering…: a source's relations were listed as 'Relatie rel-4f0c…', and its
    grading 'A1 ×558' had no hint of what A1 means."""
    import re

    win = dutch
    _entry(win, "Bewerken", "Bronnen en waardering…").trigger()
    view = win.record_editor.sources_view
    row = next(i for i in range(view.table.rowCount()) if int(view.table.item(i, 3).text()) > 0)  # has relations
    assert "betrouwbaar" in view.table.item(row, 1).toolTip(), view.table.item(row, 1).toolTip()
    view.table.selectRow(row)
    texts = [view.supported.item(i).text() for i in range(view.supported.count())]
    relations = [t for t in texts if "→" in t]
    assert relations, texts[-3:]
    assert not [t for t in texts if re.search(r"\b[a-z]{2,4}-[0-9a-f]{8,}\b", t)], texts[-3:]
    view.close()


def test_add_to_chart_in_the_details_selects_it_and_brings_it_into_view(qtbot: Any, dutch: Any,
                                                                        planted: dict[str, Any]) -> None:
    """Details > 'Op schema zetten' put the entity wherever the view's far side happened to be, unselected: after
    panning, the analyst could not see what the button did."""
    win = dutch
    _strawman_chart(qtbot, win, planted["strawman"])
    view = win.chart.view
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 3000)  # panned away
    other = planted["hotspot_address"]
    assert other not in win.chart.scene.nodes
    win.show_entity(other)
    win.detail.btn_add.click()
    assert win.chart.scene.selected_ids() == [other]
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(win.chart.scene.nodes[other].pos())


def test_a_long_legend_after_styling_does_not_take_the_chart(qtbot: Any, dutch: Any) -> None:
    """Centraliteit, Op schema zetten, Grootte naar score, Kleur naar groep, Rood markeren: eleven legend rows in one
    column covered two thirds of a 500-pixel chart and Passend squeezed the chart into the strip above it."""
    from views.chart import legend

    win = dutch
    panel = _run(qtbot, win, "centrality")
    panel.btn_add.click()
    panel.btn_size.click()
    panel.btn_colour.click()
    _click_row(qtbot, panel, 0)
    panel.btn_flag.click()
    win.chart.act_fit.trigger()
    view = win.chart.view
    rows = legend.entries(win.chart.scene)
    assert len(rows) >= 9
    height = view.viewport().height()
    box = view.legend_box()
    assert box.height() <= height * 0.4, (box, height)
    assert view.viewport().rect().contains(box.toAlignedRect())
    if view.legend_shows_folded():  # folded by itself: a click on its title shows it whole, on the chart
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.legend_title_box().center().toPoint())
        assert not view.legend_shows_folded()
        assert view.viewport().rect().contains(view.legend_box().toAlignedRect())
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.legend_title_box().center().toPoint())
        assert view.legend_shows_folded()


def test_one_of_a_thing_is_counted_in_the_singular(qtbot: Any, dutch: Any) -> None:
    """E on an entity with one new neighbour said '1 entiteiten toegevoegd'; an analysis that needs one selected
    entity said 'Selecteer eerst precies 1 entiteiten op het schema'."""
    win = dutch
    store = win.session.store
    lone = next(e.id for t in ("PhoneNumber", "Vehicle", "BankAccount") for e in store.iter_entities(t)
                if len(store.neighbours([e.id], 1) - {e.id}) == 1)
    win.chart.add_entities([lone])
    win.chart.scene.nodes[lone].setSelected(True)
    win.chart.act_expand.trigger()
    assert win.statusBar().currentMessage() == "1 entiteit toegevoegd", win.statusBar().currentMessage()
    win.chart.scene.clearSelection()
    panel = _run(qtbot, win, "neighbourhood")
    assert panel.info.text() == "Selecteer eerst precies 1 entiteit op het schema", panel.info.text()


def test_hovering_the_legends_title_says_it_folds_and_moves(qtbot: Any, dutch: Any, planted: dict[str, Any]) -> None:
    """Nothing on the chart told the analyst the legend could be folded or moved."""
    from PySide6.QtWidgets import QToolTip

    win = dutch
    _strawman_chart(qtbot, win, planted["strawman"])
    view = win.chart.view
    pos = view.legend_title_box().center().toPoint()
    qtbot.mouseMove(view.viewport(), pos)
    QApplication.sendEvent(view.viewport(), _tooltip_event(view.viewport(), pos))
    assert "klik op de titel" in QToolTip.text() and "sleep" in QToolTip.text(), QToolTip.text()
    QToolTip.hideText()


def test_arrow_keys_through_the_results_select_on_the_chart(qtbot: Any, dutch: Any) -> None:
    """A click on a result row selected its entity on the chart; the arrow keys moved through the rows and the
    chart did not follow (Analyst's Notebook's lists select as you go)."""
    win = dutch
    panel = _run(qtbot, win, "centrality")
    panel.btn_add.click()
    steps = win.chart.undo.count()
    _click_row(qtbot, panel, 0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    second = panel.model.rows[1]["id"]
    assert win.chart.scene.selected_ids() == [second]
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    assert win.chart.scene.selected_ids() == [panel.model.rows[2]["id"]]
    assert win.chart.undo.count() == steps  # nothing added: no undo steps from key presses


def test_enter_in_the_browse_tab_puts_a_row_on_the_chart(qtbot: Any, dutch: Any, planted: dict[str, Any]) -> None:
    """Vinden > Bladeren: only a double-click put a record on the chart; Enter did nothing in the filter or
    on a row, where Find takes Enter since this round."""
    win = dutch
    straw = win.session.store.get_entity(planted["strawman"])
    win.left_tabs.setCurrentWidget(win.browser)
    browser = win.browser
    browser.type_box.setCurrentIndex(browser.type_box.findData("Person"))
    qtbot.keyClicks(browser.filter, straw.caption.split()[-1])  # QTest types ASCII only (no é)
    qtbot.keyClick(browser.filter, Qt.Key.Key_Return)  # filters at once and goes into the rows
    assert browser.table.hasFocus() or browser.table.currentIndex().row() == 0
    first = browser.model.entity_id(0)
    qtbot.keyClick(browser.table, Qt.Key.Key_Return)
    assert first in win.chart.scene.nodes and win.chart.scene.selected_ids() == [first]
    assert straw.id in {browser.model.entity_id(r) for r in range(browser.model.rowCount())}
