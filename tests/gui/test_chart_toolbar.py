"""The chart's tools stay on screen on a 1366x768 laptop in Dutch: the layout choice was behind ».

The main window is fitted to a laptop screen as `knooppunt gui` does; the chart's two tool bars
(edit: undo, expand, hide, remove, pin; view: layout, fit, link labels, legend) sit in one row when
the chart is wide enough and in two when it is not, so no tool falls into the overflow menu.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QBoxLayout, QDockWidget, QToolBar, QToolButton

from tests.gui.conftest import main_window

LAPTOP = QRect(0, 0, 1366, 768)


@pytest.fixture
def laptop_window(qtbot: Any, project: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from views import screen

    monkeypatch.setattr(screen, "available_geometry", lambda _w: LAPTOP)
    with main_window(qtbot, project, "nl") as win:
        yield win


def _hidden_tools(chart: Any) -> list[str]:
    """Tools a user cannot see without the » overflow button (or the button itself)."""
    QApplication.processEvents()
    hidden = []
    for bar in (chart.toolbar, chart.view_bar):
        more = bar.findChild(QToolButton, "qt_toolbar_ext_button")
        if more is not None and more.isVisible():
            hidden.append(f"» on {bar.objectName()}")
        hidden += [a.text() or a.toolTip() for a in bar.actions()
                   if not a.isSeparator() and not bar.widgetForAction(a).isVisible()]
    return hidden


def test_the_layout_choice_is_on_screen_on_a_laptop(laptop_window: Any) -> None:
    chart = laptop_window.chart
    assert laptop_window.width() <= 1366
    assert chart.width() < 700  # the docks beside it leave the chart about 530 px at 1366 wide
    assert chart.layout_box.isVisible() and chart.layout_box.currentText() == "Krachtgestuurd"
    assert chart.bars.direction() == QBoxLayout.Direction.TopToBottom  # a second row
    assert not _hidden_tools(chart)
    assert chart.layout_box.geometry().right() <= chart.view_bar.width()


def test_one_row_when_the_chart_is_wide_and_two_when_narrow(laptop_window: Any, qtbot: Any) -> None:
    chart = laptop_window.chart
    for dock in laptop_window.findChildren(QDockWidget):  # the chart alone: the whole window wide
        dock.hide()
    qtbot.waitUntil(lambda: chart.width() > 1200, timeout=3000)
    qtbot.waitUntil(lambda: chart.bars.direction() == QBoxLayout.Direction.LeftToRight, timeout=3000)
    assert not _hidden_tools(chart)
    assert chart.toolbar.geometry().top() == chart.view_bar.geometry().top()  # side by side: one row


def test_the_check_sees_a_tool_in_the_overflow(laptop_window: Any) -> None:
    """The check can fail: one bar holding every tool at the laptop width hides the layout choice."""
    chart = laptop_window.chart
    single = QToolBar(chart)
    for bar in (chart.toolbar, chart.view_bar):
        for action in bar.actions():
            single.addAction(action)
    single.setObjectName("single")
    single.setGeometry(0, 0, chart.width(), 30)
    single.show()
    QApplication.processEvents()
    more = single.findChild(QToolButton, "qt_toolbar_ext_button")
    assert more is not None and more.isVisible()
