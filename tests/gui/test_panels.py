"""The search, browser and details panels."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


# -- search, details, browser ---------------------------------------------------------------------------
def _type_the_hotspot(qtbot: Any, window: Any, planted: dict[str, Any]) -> tuple[Any, Any]:
    """Type the planted hotspot's street in the search field: the hotspot and its result item."""
    hotspot = window.session.store.get_entity(planted["hotspot_address"])
    window.focus_search()
    qtbot.keyClicks(window.search.field, hotspot.caption.split(",")[0])
    qtbot.waitUntil(lambda: window.search.results.count() > 0, timeout=2000)
    ids = [window.search.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.search.results.count())]
    assert hotspot.id in ids
    return hotspot, window.search.results.item(ids.index(hotspot.id))


def test_search_as_you_type_and_open_an_entity(qtbot: Any, window: Any, planted: dict[str, Any], shoot: Any) -> None:
    store = window.session.store
    hotspot, item = _type_the_hotspot(qtbot, window, planted)
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


def test_double_click_on_a_search_result_puts_it_on_the_chart(qtbot: Any, window: Any,
                                                              planted: dict[str, Any]) -> None:
    """As in Analyst's Notebook: a single click shows details, a double click charts the item."""
    hotspot, item = _type_the_hotspot(qtbot, window, planted)
    centre = window.search.results.visualItemRect(item).center()
    qtbot.mouseClick(window.search.results.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert hotspot.id not in window.chart.scene.nodes  # a click only shows it
    qtbot.mouseDClick(window.search.results.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert hotspot.id in window.chart.scene.nodes
    assert window.detail.entity is not None and window.detail.entity.id == hotspot.id


def test_browser_fetches_rows_lazily_and_filters(qtbot: Any, window: Any) -> None:
    """The model reads rows as the table needs them (the browser then sorts them by name in a worker)."""
    from views.models import BATCH, EntityTableModel

    browser = window.browser
    model = EntityTableModel(window.session.store, "Person", "en", None, browser)
    browser.model.release()
    browser.model = model
    browser.table.setModel(model)
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


def test_browser_sorts_a_partly_loaded_type_in_a_worker(qtbot: Any, window: Any) -> None:
    from views.models import EntityTableModel, name_key

    browser = window.browser
    model = EntityTableModel(window.session.store, "Person", "en", window.session.reopen, browser)
    QApplication.processEvents()
    total = window.session.store.counts()["Person"]
    assert model.canFetchMore()
    model.sort(0)
    qtbot.waitUntil(lambda: model.rowCount() == total, timeout=5000)
    names = [name_key(r[0]) for r in model.rows]
    assert names == sorted(names)
    browser.type_box.setCurrentIndex(browser.type_box.findData("Person"))  # the browser: by name already
    qtbot.waitUntil(lambda: browser.model.rowCount() == total, timeout=5000)
    browser._sort(0)  # a second click on Naam: descending
    qtbot.waitUntil(lambda: browser.model.rowCount() == total and browser.model._task is None, timeout=5000)
    assert [name_key(r[0]) for r in browser.model.rows] == sorted(names, reverse=True)


def test_browser_lists_by_name_ignoring_case_and_accents_with_the_type(qtbot: Any, window: Any) -> None:
    """The Bladeren tab listed records in storage order, with only Naam and Id in view."""
    from views.models import ID_COLUMN, name_key

    assert name_key("Émile") < name_key("Erik") < name_key("fenna") and name_key("Çelik") < name_key("Dam")
    browser = window.browser
    browser.type_box.setCurrentIndex(browser.type_box.findData("Person"))  # as a user picks the type
    model = browser.model
    total = window.session.store.counts()["Person"]
    qtbot.waitUntil(lambda: model.rowCount() == total and not model.canFetchMore(), timeout=10000)
    names = [str(r[0]) for r in model.rows]
    assert [name_key(n) for n in names] == sorted(name_key(n) for n in names)
    assert names != sorted(names), "the demo's names should differ in case or accents somewhere"
    title = window.session.store.schema.entities["Person"].title("en")
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Type"
    assert model.data(model.index(0, 1)) == title
    first = model.index(0, 0)
    with qtbot.waitSignal(browser.place, timeout=1000) as placed:
        browser.table.doubleClicked.emit(first)
    assert placed.args == [model.rows[0][ID_COLUMN]]


def test_the_empty_search_says_what_to_type_in_dutch(qtbot: Any, nl_window: Any) -> None:
    """An empty field and a search without hits each say what to try (Project > Zoeken…, Ctrl+F), in Dutch."""
    find = next(a for m in nl_window.menuBar().actions() if m.menu() for a in m.menu().actions()
                if a.text() == "Zoeken…")
    find.trigger()
    panel = nl_window.search
    assert panel.field.hasFocus() or QApplication.focusWidget() is panel.field
    assert panel.count.text().startswith("Typ een naam, KvK-nummer, postcode")
    qtbot.keyClicks(panel.field, "qqxzzy")
    qtbot.waitUntil(lambda: panel.count.text().startswith("Geen resultaten"), timeout=3000)
    assert "“qqxzzy”" in panel.count.text() and panel.results.count() == 0
    panel.field.clear()
    qtbot.waitUntil(lambda: panel.count.text().startswith("Typ een naam"), timeout=3000)


def test_a_sort_that_ends_after_its_table_went_does_nothing(qtbot: Any, window: Any) -> None:
    """The browser switched type (or the window closed) while a sort ran in a worker: its end reset a
    deleted model ('EntityTableModel already deleted' at a test's teardown, now and then)."""
    import shiboken6

    from views.models import EntityTableModel
    from views.operations import _LIVE

    model = EntityTableModel(window.session.store, "Person", "en", window.session.reopen, window.browser)
    QApplication.processEvents()
    assert model.canFetchMore()
    model.sort(0)
    assert model._task is not None
    shiboken6.delete(model)
    qtbot.waitUntil(lambda: not _LIVE, timeout=10000)  # the worker ended and its callback ran
    QApplication.processEvents()
