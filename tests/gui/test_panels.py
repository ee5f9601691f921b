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
