"""What the chart looks like in a real window: found by using the workbench under Xvfb (uxreview).

Offscreen `grab()` repaints the whole widget, so these tests watch the paint events a window
really gets: a partial repaint or a scrolled copy of the viewport leaves the legend, which is
drawn in viewport pixels, half drawn or twice on screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, QRectF
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import OWNER, OWNER_PW
from tests.gui.helpers import click_node
from views.chart import legend


class PaintSpy(QObject):
    """The rectangles the viewport was asked to repaint."""

    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.region().boundingRect())  # type: ignore[attr-defined]
        return False


def _legend_rect(chart: Any) -> QRect:
    box = chart.view.legend_box()  # lower left, as drawn (columns and fold as the view chose them)
    return QRect(int(box.left()), int(box.top()), int(box.width()), int(box.height()))


def _repainted(spy: PaintSpy, rect: QRect) -> bool:
    return any(r.contains(rect) for r in spy.rects)


def test_the_legend_is_repainted_whole_when_a_node_moves_or_the_chart_pans(qtbot: Any, window: Any,
                                                                          planted: dict[str, Any]) -> None:
    chart = window.chart
    hub = planted["hotspot_address"]
    chart.add_entities([hub])
    click_node(qtbot, window, hub, double=True)  # expand as a user does
    chart.act_fit.trigger()
    qtbot.wait(50)
    spy = PaintSpy()
    chart.view.viewport().installEventFilter(spy)
    far = max(chart.scene.nodes.values(), key=lambda i: chart.view.mapFromScene(i.pos()).x())  # away from the legend
    far.setPos(far.pos().x() + 5, far.pos().y())
    qtbot.wait(50)
    assert spy.rects, "no repaint after a move"
    assert _repainted(spy, _legend_rect(chart)), "a node moved: the legend was not repainted with it"
    spy.rects.clear()
    bar = chart.view.horizontalScrollBar()
    bar.setValue(bar.value() + 40)  # a pan (middle button or Space+drag scrolls the same bars)
    QApplication.processEvents()
    qtbot.wait(50)
    assert _repainted(spy, _legend_rect(chart)), "after a pan the legend is a scrolled copy, not repainted"
    assert chart.view.viewport().rect().contains(QPoint(8, 8))


def test_the_export_file_dialog_is_dutch(qtbot: Any, nl_window: Any) -> None:
    """Qt's Dutch catalogue lacks "&Look in:" and "Files of &type:"; ours fills them in."""
    from PySide6.QtCore import QFileInfo
    from PySide6.QtGui import QAbstractFileIconProvider
    from PySide6.QtWidgets import QFileDialog, QLabel

    nl_window.act_export.trigger()
    dialog = nl_window.export_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    labels = [label.text().replace("&", "") for label in dialog.findChildren(QLabel) if label.text()]
    assert "Zoeken in:" in labels and "Bestandstype:" in labels, labels
    assert not {"Look in:", "Files of type:"} & set(labels)
    assert QAbstractFileIconProvider().type(QFileInfo(str(Path.home()))) == "Map"
    dialog.reject()


def _overlapping_cards(chart: Any) -> list[tuple[str, str]]:
    shown = [e for e in chart.scene.edges.values() if e.isVisible()]
    rects = [(e.relation_id, e.card_rect()) for e in shown]
    return [(a, b) for k, (a, ra) in enumerate(rects) for b, rb in rects[k + 1:] if ra.intersects(rb)]


def _cards_over_captions(chart: Any) -> list[tuple[str, str]]:
    out = []
    for edge in (e for e in chart.scene.edges.values() if e.isVisible()):
        card = edge.card_rect()
        out += [(edge.relation_id, n) for n, item in chart.scene.nodes.items()
                if item.isVisible() and card.intersects(item.sceneBoundingRect())]
    return out


def test_link_cards_around_a_hub_move_off_each_other_and_off_names(qtbot: Any, window: Any,
                                                                   planted: dict[str, Any]) -> None:
    """The straw man's dozen "bestuurder van" cards used to pile up in the middle of their lines."""
    chart = window.chart
    strawman = planted["strawman"]
    chart.add_entities([strawman])
    click_node(qtbot, window, strawman, double=True)
    edges = list(chart.scene.edges.values())
    assert len(edges) >= 10
    placed = (len(_overlapping_cards(chart)), len(_cards_over_captions(chart)))
    assert placed[0] <= len(edges) // 5
    where = {e.relation_id: e.card_t for e in edges}
    for edge in edges:
        edge.set_card_at(0.5)  # every card in the middle, as before
    middle = (len(_overlapping_cards(chart)), len(_cards_over_captions(chart)))
    assert sum(placed) < sum(middle) and placed[0] < middle[0], (placed, middle)
    chart.run_layout("circular", wait=True)  # a layout places them again, and so does its undo
    assert {e.relation_id: e.card_t for e in edges} != {e.relation_id: 0.5 for e in edges}
    chart.act_undo.trigger()
    assert {e.relation_id: e.card_t for e in edges} == where


def test_fit_leaves_room_for_the_names_at_the_edges(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    """Zoomed out, names are drawn at screen size: "Passend" used to cut the one at the right edge."""
    chart = window.chart
    strawman = planted["strawman"]
    chart.add_entities([strawman])
    chart.expand(strawman)
    longest = max(window.session.store.search("B.V.", limit=50), key=lambda e: len(e.caption or ""))
    chart.add_entities([longest.id])
    right_most = max(i.pos().x() for i in chart.scene.nodes.values())
    chart.scene.set_positions({longest.id: (right_most + 250, chart.scene.nodes[strawman].pos().y())})
    window.resize(1300, 900)
    qtbot.wait(50)
    chart.act_fit.trigger()
    qtbot.wait(50)
    from views.chart.items import CAPTION_LOD
    assert chart.view.transform().m11() < CAPTION_LOD  # zoomed out: the view draws the names
    left, right = chart.view.caption_extent()
    assert left >= 0 and right <= chart.view.viewport().width(), (left, right, chart.view.viewport().width())
    chart.view.viewport().repaint()
    inside = QRectF(chart.view.viewport().rect())
    assert longest.id in chart.view.overlay_labels  # its name is drawn...
    assert all(inside.contains(box) for box in chart.view.overlay_boxes.values())  # ...and no name is cut


def _detail_row(window: Any, label: str) -> str:
    from PySide6.QtWidgets import QFormLayout, QLabel

    form = window.detail.meta
    for row in range(form.rowCount()):
        name = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        value = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if name is not None and isinstance(name.widget(), QLabel) and name.widget().text() == label:
            return str(value.widget().text())
    raise AssertionError(f"no row {label!r}")


def test_the_details_say_a_period_in_words(qtbot: Any, nl_window: Any, planted: dict[str, Any]) -> None:
    """An unknown period showed as "… – …"; a company registered on a date as "05-06-2021 – …"."""
    import re

    store = nl_window.session.store
    person = store.get_entity(planted["strawman"])
    assert not person.valid_from and not person.valid_to
    nl_window.search.field.setText(person.caption)
    nl_window.search.run()
    nl_window.search.activated.emit(person.id)  # what a click on the result does
    assert _detail_row(nl_window, "Geldig:") == "onbekend"
    company = next(store.get_entity(c) for c in planted["strawman_companies"]
                   if store.get_entity(c).valid_from and not store.get_entity(c).valid_to)
    nl_window.show_entity(company.id)
    assert re.fullmatch(r"vanaf \d\d-\d\d-\d{4}", _detail_row(nl_window, "Geldig:"))


def test_the_unsaved_chart_of_the_last_session_is_fitted_when_the_window_shows(
        qtbot: Any, planted: dict[str, Any], project: Path) -> None:
    """It came back fitted to the 100 x 30 stub of a viewport not yet shown: so small it looked empty."""
    from PySide6.QtWidgets import QMessageBox

    from tests.gui.conftest import ModalAnswerer
    from views.chart.storage import load_autosave
    from views.main_window import MainWindow
    from views.project_session import Session

    window = MainWindow(Session.open(project, user=OWNER, passphrase=OWNER_PW), "en", autolock_minutes=0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    strawman = planted["strawman"]
    window.chart.add_entities([strawman])
    window.chart.expand(strawman)
    window.autosave_timer.setInterval(50)
    window.chart.run_layout("circular", wait=True)
    qtbot.waitUntil(lambda: load_autosave(window.session.store) is not None, timeout=5000)
    window.lock()
    window.close()
    QApplication.processEvents()

    again = MainWindow(Session.open(project, user=OWNER, passphrase=OWNER_PW), "en", autolock_minutes=0)
    qtbot.addWidget(again)
    again.resize(1400, 900)
    again.show()
    qtbot.waitExposed(again)
    qtbot.wait(100)
    view = again.chart.view
    inside = QRectF(view.viewport().rect())
    where = [view.mapFromScene(i.pos()).toPointF() for i in again.chart.scene.nodes.values()]
    assert len(where) > 10 and all(inside.contains(p) for p in where)
    spread = max(p.x() for p in where) - min(p.x() for p in where)
    assert spread > view.viewport().width() / 3, f"the chart spans {spread} of {view.viewport().width()} pixels"
    with ModalAnswerer(lambda box: box.button(QMessageBox.StandardButton.Discard).click()):
        again.close()
        qtbot.waitUntil(lambda: not again.isVisible(), timeout=5000)


def test_the_exported_legend_covers_no_part_of_the_chart(qtbot: Any, window: Any, planted: dict[str, Any],
                                                          tmp_path: Path) -> None:
    """On the PDF the legend lay over the chart's bottom left and hid the start of a company's name."""
    from PySide6.QtGui import QImage

    from views.chart.export import A4_LANDSCAPE_PX, capture, place_on_page

    chart = window.chart
    chart.add_entities([planted["strawman"]])
    chart.expand(planted["strawman"])
    rows = legend.entries(chart.scene)
    _, source = capture(chart.scene)
    w, h = A4_LANDSCAPE_PX
    band = max(h * 0.05, 24.0)
    page = QRectF(0, band, w, h - 2 * band)
    size = legend.size(rows, band / 40)
    drawn, at = place_on_page(page, source, size, band * 0.3)
    box = QRectF(at.x(), at.y(), *size)
    assert page.contains(drawn) and page.contains(box)
    assert not drawn.intersects(box)
    assert drawn.width() > page.width() * 0.5 or drawn.height() > page.height() * 0.5  # still printed large
    target = tmp_path / "schema.png"
    with qtbot.waitSignal(window.exported, timeout=30000) as done:
        window.export_chart(target)  # what the export dialog's "Opslaan" calls
    assert done.args[0]["format"] == "png"
    image = QImage(str(target))
    assert (image.width(), image.height()) == (w, h)


def test_help_lists_every_chart_shortcut(qtbot: Any, window: Any) -> None:
    """Ctrl+A and L worked but Help > Keyboard shortcuts did not say so."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QMessageBox

    from tests.gui.conftest import ModalAnswerer
    from tests.gui.test_main_window import _menu_actions

    shown: list[str] = []

    def read(box: Any) -> None:
        if isinstance(box, QMessageBox):
            shown.append(box.text())
            box.accept()

    with ModalAnswerer(read):
        _menu_actions(window)["&Help/Keyboard shortcuts"].trigger()
    assert shown
    chart = window.chart
    keys = [a.shortcut().toString(QKeySequence.SequenceFormat.NativeText) for a in chart.actions()
            if not a.shortcut().isEmpty()]
    assert {"Ctrl+A", "L", "Del", "E", "H"} <= set(keys)
    text = shown[0]
    missing = [k for k in keys if f"<b>{k}" not in text and f" {k}</b>" not in text and f"/ {k}" not in text]
    assert missing == [], missing


def test_the_relation_timeline_labels_keep_their_start(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    """Right-aligned and too long, "director of Rek Techniek B.V." showed as "irector of Rek Techniek"."""
    window.show_entity(planted["strawman"])
    timeline = window.detail.timeline
    assert timeline.items
    timeline.grab()  # paint it
    from PySide6.QtGui import QFont, QFontMetrics

    font = QFont(timeline.font())
    font.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))  # as the timeline paints
    metrics = QFontMetrics(font)
    assert len(timeline.drawn_labels) == len(timeline.items)
    for (text, *_), label in zip(timeline.items, timeline.drawn_labels, strict=True):
        assert label == text or (label.endswith("…") and text.startswith(label[:-1]))
    assert all(metrics.horizontalAdvance(label) <= 144 for label in timeline.drawn_labels)
    assert any(label.endswith("…") for label in timeline.drawn_labels)  # the long ones were shortened at the end


def test_expanding_brings_the_new_neighbours_into_view(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    """After a double-click the straw man's companies lay partly off screen."""
    chart = window.chart
    strawman = planted["strawman"]
    window.resize(1200, 800)
    chart.add_entities([strawman])
    chart.view.resetTransform()
    chart.view.centre_on(strawman)
    click_node(qtbot, window, strawman, double=True)
    qtbot.wait(50)
    view = chart.view
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    added = [i for n, i in chart.scene.nodes.items() if n != strawman]
    assert len(added) >= 10
    outside = [i.entity_id for i in added if not shown.contains(i.pos())]
    assert outside == []


def test_clicking_a_link_shows_its_details(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    """Link properties as in Analyst's Notebook: a clicked link left the panel on the last entity."""
    from PySide6.QtCore import Qt

    chart = window.chart
    strawman = planted["strawman"]
    chart.add_entities([strawman])
    chart.expand(strawman)
    chart.view.resetTransform()
    edge = max(chart.scene.edges.values(), key=lambda e: e.line_length())
    chart.view.centerOn(edge._point_at(0.5))
    chart.scene.clearSelection()
    QApplication.processEvents()
    at = chart.view.mapFromScene(edge._point_at(0.5))
    qtbot.mouseClick(chart.view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert chart.scene.selectedItems() == [edge]
    store = window.session.store
    relation = store.get_relation(edge.relation_id)
    detail = window.detail
    assert detail.title.text() == store.schema.relations[relation.type].title("en")
    ends = store.get_entities({relation.source_id, relation.target_id})
    assert all(e.caption in detail.subtitle.text() for e in ends.values())
    assert detail.entity is None  # nothing to edit or expand as if it were an entity
    assert not detail.btn_expand.isEnabled()
    assert _detail_row(window, "Valid:") == detail.validity(relation.valid_from, relation.valid_to)
    assert detail.sources.rowCount() >= 1


def test_a_path_search_that_finds_nothing_says_why(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    """"How A connects to B: 0 results" left the analyst guessing whether it failed."""
    from graph.analysis.catalogue import CATALOGUE

    chart = window.chart
    a, b = planted["strawman"], planted["hotspot_address"]
    chart.add_entities([a, b])
    chart.scene.clearSelection()
    for node in (a, b):
        chart.scene.nodes[node].setSelected(True)
    panel = window.run_analysis(CATALOGUE["connection"], {"k": 1})  # as Analysis > How A connects to B does
    qtbot.waitUntil(lambda: panel.task is None, timeout=30000)
    assert panel.rows == []
    assert panel.info.text() == ("How A connects to B: no path of at most 1 relation between the two entities "
                                 "(Parameters… to look further)")


def test_search_results_tell_namesakes_apart(qtbot: Any, nl_window: Any, planted: dict[str, Any]) -> None:
    """Persons of one name differ by date of birth, companies by KvK number, in the result list itself."""
    import re

    store = nl_window.session.store
    person = store.get_entity(planted["strawman"])
    nl_window.focus_search()
    nl_window.search.field.setText(person.caption)
    nl_window.search.run()
    texts = [nl_window.search.results.item(i).text() for i in range(nl_window.search.results.count())]
    mine = next(t for t in texts if t.startswith(person.caption + "  ·  Persoon"))
    assert mine.endswith("  ·  " + re.sub(r"(\d{4})-(\d\d)-(\d\d)", r"\3-\2-\1", str(person.properties["birth_date"])))
    company = store.get_entity(planted["strawman_companies"][0])
    nl_window.search.field.setText(company.caption)
    nl_window.search.run()
    texts = [nl_window.search.results.item(i).text() for i in range(nl_window.search.results.count())]
    assert any(t.endswith("  ·  " + str(company.properties["kvk_number"])) for t in texts), texts


def test_without_a_safe_keyring_the_unlock_dialog_does_not_offer_to_remember(qtbot: Any, project: Path) -> None:
    """On a computer without one, ticking "remember" unlocked and then said, in English, that it would not."""
    import keyring
    from keyring.backends import fail

    from views.dialogs import UnlockDialog

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        dialog = UnlockDialog(project, user=OWNER)
        qtbot.addWidget(dialog)
        assert not dialog.remember.isEnabled()
        assert "keyring" in dialog.remember.toolTip()
    finally:
        keyring.set_keyring(before)
    dialog = UnlockDialog(project, user=OWNER)  # with one, it is offered
    qtbot.addWidget(dialog)
    assert dialog.remember.isEnabled()


def test_an_empty_chart_says_how_to_start(qtbot: Any, nl_window: Any, planted: dict[str, Any]) -> None:
    chart = nl_window.chart
    chart.view.viewport().repaint()
    assert chart.view.hint_shown and chart.view.empty_hint().startswith("Het schema is leeg")
    chart.add_entities([planted["strawman"]])
    chart.view.viewport().repaint()
    assert not chart.view.hint_shown
    chart.act_select_all.trigger()
    chart.act_remove.trigger()  # Delete: empty again
    chart.view.viewport().repaint()
    assert chart.view.hint_shown


def test_type_frames_keep_readable_names_when_zoomed_out(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    """"Grouped by type" at "Passend": the frames' names shrank with the chart to a few pixels."""
    from views.chart.items import CAPTION_LOD

    chart = window.chart
    for start in (planted["hotspot_address"], planted["strawman"]):
        chart.add_entities([start])
        chart.expand(start)
    chart.layout_box.setCurrentIndex(chart.layout_box.findData("grouped"))
    chart.run_layout("grouped", wait=True)
    chart.act_fit.trigger()
    chart.view.viewport().repaint()
    assert chart.view.transform().m11() < CAPTION_LOD
    types = {i.etype for i in chart.scene.nodes.values()}
    assert set(chart.view.group_titles) == types
    assert all(box.height() >= 12 for box in chart.view.group_titles.values())
    inside = QRectF(chart.view.viewport().rect())
    assert all(inside.intersects(box) for box in chart.view.group_titles.values())


def test_hierarchical_layout_wraps_a_wide_layer(qtbot: Any, window: Any, planted: dict[str, Any]) -> None:
    """A hub's 28 companies in one row: a chart twenty times wider than high, unreadable at "Passend"."""
    chart = window.chart
    hub = planted["hotspot_address"]
    chart.add_entities([hub])
    chart.expand(hub)
    chart.layout_box.setCurrentIndex(chart.layout_box.findData("hierarchical"))
    chart.run_layout("hierarchical", wait=True)
    xs = [p[0] for p in chart.scene.positions().values()]
    ys = [p[1] for p in chart.scene.positions().values()]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert width < 5 * height, (width, height)
    assert min(ys) == chart.scene.positions()[hub][1]  # the hub still on top
    rows = sorted(set(ys))
    assert len(rows) >= 3


def test_the_html_export_puts_names_on_a_card(qtbot: Any, window: Any, planted: dict[str, Any],
                                              tmp_path: Path) -> None:
    """In the HTML page a link's text crossed a company's name, both unreadable."""
    import json
    import re

    window.chart.add_entities([planted["strawman"]])
    window.chart.expand(planted["strawman"])
    target = tmp_path / "schema.html"
    with qtbot.waitSignal(window.exported, timeout=30000):
        window.export_chart(target)
    page = target.read_text(encoding="utf-8")
    found = re.search(r"^const data = (\{.*\});$", page, flags=re.M)
    assert found, "no chart data in the page"
    options = json.loads(found.group(1).replace("<\\/", "</"))["options"]
    assert options["nodes"]["font"]["background"].startswith("rgba(255,255,255")
    assert options["edges"]["font"]["background"] == "white"


def test_compiling_the_translations_replaces_the_file_instead_of_rewriting_it(tmp_path: Path) -> None:
    """setup.sh compiles the .qm on every run.sh; a workbench still open maps the old one and crashed
    (segfault in QTranslator) when it was rewritten in place."""
    import os
    import shutil

    from views.i18n_tools import QM, release

    target = tmp_path / "knooppunt_nl.qm"
    shutil.copy(QM, target)
    held = os.open(target, os.O_RDONLY)  # what the running workbench holds
    try:
        before = os.fstat(held).st_ino
        release(target)
        assert os.stat(target).st_ino != before  # a new file took the name...
        assert os.fstat(held).st_size == QM.stat().st_size  # ...the open one is untouched
    finally:
        os.close(held)
    assert target.read_bytes() == QM.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["knooppunt_nl.qm"]  # no temporary file left


def test_link_cards_are_left_in_the_middle_on_a_large_chart(qtbot: Any, window: Any, planted: dict[str, Any],
                                                            monkeypatch: Any) -> None:
    """Placing every card of a 2,000-node chart took seconds per expand: above the limit they stay put,
    and below it only links whose ends moved are placed again."""
    from views.chart import cards

    chart = window.chart
    chart.add_entities([planted["strawman"]])
    chart.expand(planted["strawman"])
    edges = list(chart.scene.edges.values())
    assert cards.place(chart.scene.nodes.values(), edges) == 0  # nothing moved since the expand placed them
    assert cards.place(chart.scene.nodes.values(), edges, everything=True) == len(edges)
    monkeypatch.setattr(cards, "LIMIT", len(edges) - 1)
    assert cards.place(chart.scene.nodes.values(), edges, everything=True) == 0


def test_a_change_repaints_part_of_the_chart_and_moved_names_whole(qtbot: Any, window: Any,
                                                                   planted: dict[str, Any]) -> None:
    """A full repaint of a 2,000-node chart on every change made an expand take 250 ms: only changed
    regions are repainted, but a zoomed-out name (drawn in viewport pixels) that moves is repainted
    whole where it was and where it is, so no half name or stale copy stays on screen."""
    from views.chart.items import CAPTION_LOD

    chart = window.chart
    hub = planted["hotspot_address"]
    chart.add_entities([hub])
    click_node(qtbot, window, hub, double=True)
    loner = next(e.id for e in window.session.store.iter_entities("Person")
                 if not window.session.store.neighbours([e.id], 1) & set(chart.scene.nodes))
    chart.add_entities([loner])  # no links: its move repaints only its own small rectangle
    chart.act_fit.trigger()
    qtbot.wait(50)
    view = chart.view
    assert view.transform().m11() < CAPTION_LOD and loner in view.overlay_boxes  # the view draws the names
    node = chart.scene.nodes[loner]
    assert not node.edges
    before = view.overlay_boxes[node.entity_id].toAlignedRect()
    spy = PaintSpy()
    view.viewport().installEventFilter(spy)
    node.setPos(node.pos().x() - 40 / view.transform().m11(), node.pos().y())  # 40 pixels left
    qtbot.wait(100)
    after = view.overlay_boxes[node.entity_id].toAlignedRect()
    assert after != before
    whole = view.viewport().rect()
    assert spy.rects and min(r.width() * r.height() for r in spy.rects) < whole.width() * whole.height() / 2
    assert _repainted(spy, before) and _repainted(spy, after), (before, after, spy.rects)
    assert _repainted(spy, _legend_rect(chart))


def test_zoomed_out_the_view_says_what_ties_the_straw_man_to_his_companies(qtbot: Any, window: Any,
                                                                         planted: dict[str, Any]) -> None:
    """At "fit" a dozen companies round a straw man are zoomed below the links' own label size: the chart
    showed lines and no word of what they are although "Link labels" was on. The view now draws labels at a
    readable size, each on its own line and crossed by no other, never over a name or another label; off
    with the toggle."""
    from views.chart.items import LINK_LABEL_LOD
    from views.chart.view import _crosses

    chart = window.chart
    strawman = planted["strawman"]
    chart.add_entities([strawman])
    click_node(qtbot, window, strawman, double=True)
    window.resize(1600, 1000)
    qtbot.wait(50)
    chart.act_fit.trigger()
    view = chart.view
    view.zoom(0.6 / view.transform().m11())  # as "fit" zooms a dozen links on a laptop's chart area
    view.centerOn(chart.scene.nodes[strawman])
    assert view.transform().m11() < LINK_LABEL_LOD
    view.viewport().repaint()
    assert view.overlay_links == {}  # placed once the zoom pauses (a layout per frame would slow panning)
    qtbot.waitUntil(lambda: bool(view.overlay_links), timeout=2000)
    links = dict(view.overlay_links)
    assert len(links) >= 2, links
    ends = {k: (QPointF(view.mapFromScene(e.source.pos())), QPointF(view.mapFromScene(e.target.pos())))
            for k, e in chart.scene.edges.items()}
    names = list(view.overlay_boxes.values())
    for key, box in links.items():
        assert _crosses(box, *ends[key])  # on its own line...
        assert not any(_crosses(box.adjusted(2, 2, -2, -2), *ab) for k, ab in ends.items() if k != key)  # ...only
        assert not any(box.adjusted(1, 1, -1, -1).intersects(n) for n in names)
        assert not any(box.adjusted(1, 1, -1, -1).intersects(o) for k, o in links.items() if k != key)
    chart.act_link_labels.trigger()  # off
    view.viewport().repaint()
    assert view.overlay_links == {} and view.overlay_boxes
