"""Vector glyphs per entity type (schema.yaml `icon`), drawn with QPainterPath.

Vector paths scale to print resolution in PNG/SVG/PDF exports and need no font or image
files; each path lives in a unit box [-1, 1] and is cached.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF


def _poly(*pts: tuple[float, float]) -> QPolygonF:
    return QPolygonF([QPointF(x, y) for x, y in pts])


def _draw_person(p: QPainterPath) -> None:
    p.addEllipse(QPointF(0, -0.38), 0.3, 0.3)
    p.moveTo(-0.6, 0.7)
    p.cubicTo(-0.6, 0.0, 0.6, 0.0, 0.6, 0.7)
    p.closeSubpath()


def _draw_company(p: QPainterPath) -> None:
    p.addRect(QRectF(-0.55, -0.7, 1.1, 1.4))
    for row in range(3):
        for col in range(2):
            p.addRect(QRectF(-0.35 + col * 0.45, -0.5 + row * 0.4, 0.25, 0.22))


def _draw_address(p: QPainterPath) -> None:
    p.addPolygon(_poly((-0.7, -0.05), (0, -0.7), (0.7, -0.05)))
    p.closeSubpath()
    p.addRect(QRectF(-0.5, -0.05, 1.0, 0.75))
    p.addRect(QRectF(-0.12, 0.3, 0.24, 0.4))


def _draw_vehicle(p: QPainterPath) -> None:
    p.addRoundedRect(QRectF(-0.75, -0.1, 1.5, 0.5), 0.1, 0.1)
    p.addPolygon(_poly((-0.45, -0.1), (-0.25, -0.45), (0.3, -0.45), (0.5, -0.1)))
    p.closeSubpath()
    p.addEllipse(QPointF(-0.4, 0.45), 0.16, 0.16)
    p.addEllipse(QPointF(0.4, 0.45), 0.16, 0.16)


def _draw_phone(p: QPainterPath) -> None:
    p.addRoundedRect(QRectF(-0.35, -0.7, 0.7, 1.4), 0.12, 0.12)
    p.addRect(QRectF(-0.25, -0.55, 0.5, 0.9))


def _draw_email(p: QPainterPath) -> None:
    p.addRect(QRectF(-0.7, -0.45, 1.4, 0.9))
    p.moveTo(-0.7, -0.45)
    p.lineTo(0, 0.1)
    p.lineTo(0.7, -0.45)


def _draw_bank(p: QPainterPath) -> None:
    p.addPolygon(_poly((-0.75, -0.3), (0, -0.75), (0.75, -0.3)))
    p.closeSubpath()
    for x in (-0.5, -0.12, 0.26):
        p.addRect(QRectF(x, -0.2, 0.22, 0.7))
    p.addRect(QRectF(-0.75, 0.55, 1.5, 0.15))


def _draw_case(p: QPainterPath) -> None:
    p.addPolygon(_poly((-0.7, -0.5), (-0.2, -0.5), (-0.1, -0.35), (0.7, -0.35), (0.7, 0.6), (-0.7, 0.6)))
    p.closeSubpath()


def _draw_signal(p: QPainterPath) -> None:
    p.addPolygon(_poly((0, -0.75), (0.75, 0.6), (-0.75, 0.6)))
    p.closeSubpath()
    p.addRect(QRectF(-0.06, -0.3, 0.12, 0.5))
    p.addRect(QRectF(-0.06, 0.32, 0.12, 0.12))


def _draw_measure(p: QPainterPath) -> None:
    p.moveTo(0, -0.75)
    p.lineTo(0.6, -0.5)
    p.cubicTo(0.6, 0.2, 0.3, 0.55, 0, 0.75)
    p.cubicTo(-0.3, 0.55, -0.6, 0.2, -0.6, -0.5)
    p.closeSubpath()


def _draw_document(p: QPainterPath) -> None:
    p.addPolygon(_poly((-0.5, -0.7), (0.25, -0.7), (0.5, -0.45), (0.5, 0.7), (-0.5, 0.7)))
    p.closeSubpath()
    for y in (-0.25, 0.0, 0.25):
        p.addRect(QRectF(-0.3, y, 0.6, 0.06))


def _draw_event(p: QPainterPath) -> None:
    """A calendar sheet: a meeting or event."""
    p.addRect(QRectF(-0.65, -0.5, 1.3, 1.2))
    p.addRect(QRectF(-0.55, -0.2, 1.1, 0.8))
    for x in (-0.35, 0.25):
        p.addRect(QRectF(x, -0.75, 0.1, 0.4))
    p.addRect(QRectF(-0.35, 0.0, 0.3, 0.22))


def _draw_fallback(p: QPainterPath) -> None:
    p.addEllipse(QPointF(0, 0), 0.5, 0.5)


# One drawer per schema.yaml `icon` name; a table rather than an if-chain so adding a
# glyph is one function and one entry. Unknown names get the plain circle.
_DRAWERS: dict[str, Callable[[QPainterPath], None]] = {
    "person": _draw_person,
    "company": _draw_company,
    "address": _draw_address,
    "vehicle": _draw_vehicle,
    "phone": _draw_phone,
    "email": _draw_email,
    "bank": _draw_bank,
    "case": _draw_case,
    "signal": _draw_signal,
    "measure": _draw_measure,
    "document": _draw_document,
    "event": _draw_event,
}


@cache
def icon_path(name: str) -> QPainterPath:
    """The glyph for schema icon `name` in the unit box; unknown names get a circle."""
    p = QPainterPath()
    _DRAWERS.get(name, _draw_fallback)(p)
    p.setFillRule(Qt.FillRule.OddEvenFill)
    return p


def type_icon(name: str, color: str, size: int = 20) -> QIcon:
    """A small toolbar/list icon: the glyph in white on the type's colour."""
    pix = QPixmap(size, size)
    pix.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(color).darker(130), 1))
    painter.setBrush(QColor(color))
    painter.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1))
    painter.translate(size / 2, size / 2)
    painter.scale(size * 0.3, size * 0.3)
    painter.setPen(QPen(QColor("white"), 0))
    painter.setBrush(QColor("white"))
    painter.drawPath(icon_path(name))
    painter.end()
    return QIcon(pix)
