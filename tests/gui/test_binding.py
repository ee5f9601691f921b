"""The Qt binding itself: a release that corrupts Python's reference counts must not ship.

PySide6 6.12.0 on Python < 3.12 drops a reference to None on every call of a method that
returns void; a chart of a few thousand items then kills the process ("none_dealloc").
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QImage, QPainter


def test_void_calls_keep_none_alive(qapp: object) -> None:
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(1000):
        painter.setPen(QColor("red"))
        obj.setObjectName("x")
    after = sys.getrefcount(None)
    painter.end()
    assert after - before > -50, f"None lost {before - after} references in 2,000 void calls"
