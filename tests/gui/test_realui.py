"""What an ANB analyst met in the realui review: each test goes through what the analyst touches (a key, a
menu action, a button) and failed before its fix."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from tests.gui.conftest import main_window
from views import i18n


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
