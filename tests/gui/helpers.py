"""Helpers shared by the GUI tests."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def click_node(qtbot: Any, window: Any, entity_id: str, double: bool = False) -> None:
    view = window.chart.view
    view.centre_on(entity_id)
    QApplication.processEvents()
    pos = view.mapFromScene(window.chart.scene.nodes[entity_id].pos())
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    else:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
