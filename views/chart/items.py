"""Chart items: an entity as a round node with its type glyph, a relation as a labelled link.

Painting drops detail when zoomed out (level of detail), which keeps a 2,000-node chart
smooth to pan and zoom without a web engine.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from views.icons import icon_path

if TYPE_CHECKING:
    from views.chart.scene import ChartScene

# Shared instances: PySide6 6.12 mishandles None refcounts when a style enum is
# converted to QBrush/QPen on every paint call (crashes after a few thousand calls).
_NO_BRUSH = QBrush(Qt.BrushStyle.NoBrush)
_NO_PEN = QPen(Qt.PenStyle.NoPen)
NODE_RADIUS = 16.0


def _font(pixels: int) -> QFont:
    """Pixel-sized fonts: scene units, so text keeps its proportion at 300 dpi exports too."""
    font = QFont("Sans Serif")
    font.setPixelSize(pixels)
    return font


_CAPTION_FONT = _font(11)
_LINK_FONT = _font(9)
_CAPTION_METRICS = QFontMetricsF(_CAPTION_FONT)
_RESTRICTED = QColor("#b00020")


def _elide(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class NodeItem(QGraphicsItem):
    """One entity on the chart; movable, selectable, pinnable; restyled by analysis results."""

    def __init__(self, entity_id: str, attrs: dict[str, Any], color: str, icon: str):
        super().__init__()
        self.entity_id = entity_id
        self.attrs = attrs
        self.etype: str = attrs.get("type", "")
        self.caption: str = _elide(attrs.get("caption") or entity_id)
        self.security_label: str = attrs.get("label", "open")
        self.base_color = QColor(color)
        self.style_color: QColor | None = None
        self.icon = icon
        self.pinned = False
        self.size_factor = 1.0
        self.edges: list[EdgeItem] = []
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsMovable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setZValue(2)
        self.setToolTip(f"{attrs.get('caption') or entity_id}\n{self.etype} · {entity_id}\n{self.security_label}")
        self._update_bounds()

    @property
    def radius(self) -> float:
        return NODE_RADIUS * self.size_factor

    def _update_bounds(self) -> None:
        r = self.radius
        width = max(2 * r, _CAPTION_METRICS.horizontalAdvance(self.caption)) + 8
        self._bounds = QRectF(-width / 2, -r - 4, width, 2 * r + 8 + _CAPTION_METRICS.height() + 4)

    def set_size_factor(self, factor: float) -> None:
        self.prepareGeometryChange()
        self.size_factor = factor
        self._update_bounds()
        for edge in self.edges:
            edge.adjust()

    def set_style_color(self, color: QColor | None) -> None:
        self.style_color = color
        self.update()

    def set_pinned(self, pinned: bool) -> None:
        self.pinned = pinned
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, not pinned)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), self.radius, self.radius)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        r = self.radius
        fill = self.style_color or self.base_color
        selected = self.isSelected()
        painter.setPen(QPen(QColor("#ffbf00") if selected else fill.darker(150), 4 if selected else 1.2))
        painter.setBrush(QBrush(fill))
        painter.drawEllipse(QPointF(0, 0), r, r)
        if lod < 0.35:
            return
        if self.style_color is not None:  # keep the type visible under an analysis colour
            painter.setPen(QPen(self.base_color, 3))
            painter.setBrush(_NO_BRUSH)
            painter.drawEllipse(QPointF(0, 0), r - 2.5, r - 2.5)
        painter.save()
        painter.scale(r * 0.62, r * 0.62)
        painter.setPen(QPen(QColor("white"), 0))
        painter.setBrush(QColor("white"))
        painter.drawPath(icon_path(self.icon))
        painter.restore()
        if self.security_label != "open":
            painter.setPen(_NO_PEN)
            painter.setBrush(_RESTRICTED)
            painter.drawRect(QRectF(r * 0.45, -r, r * 0.55, r * 0.55))
        if self.pinned:
            painter.setPen(QPen(QColor("#333333"), 1.5))
            painter.setBrush(QColor("#ffffff"))
            painter.drawEllipse(QPointF(-r * 0.75, -r * 0.75), 4, 4)
        if lod < 0.6:
            return
        painter.setFont(_CAPTION_FONT)
        painter.setPen(QColor("#202020"))
        text_rect = QRectF(self._bounds.left(), r + 2, self._bounds.width(), _CAPTION_METRICS.height() + 2)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.caption)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.adjust()
        return super().itemChange(change, value)

    def mousePressEvent(self, event: Any) -> None:
        scene: ChartScene | None = self.scene()  # type: ignore[assignment]
        if scene is not None:
            scene.begin_move()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: Any) -> None:
        super().mouseReleaseEvent(event)
        scene: ChartScene | None = self.scene()  # type: ignore[assignment]
        if scene is not None:
            scene.end_move()


class EdgeItem(QGraphicsItem):
    """One relation: a line (curved when several link the same pair) with type and dates."""

    def __init__(self, relation_id: str, source: NodeItem, target: NodeItem, attrs: dict[str, Any],
                 title: str, directed: bool, offset: int = 0):
        super().__init__()
        self.relation_id = relation_id
        self.source = source
        self.target = target
        self.attrs = attrs
        self.rtype: str = attrs.get("type", "")
        self.directed = directed
        self.offset = offset
        dates = ""
        if attrs.get("valid_from") or attrs.get("valid_to"):
            dates = f" ({attrs.get('valid_from') or '…'} – {attrs.get('valid_to') or '…'})"
        self.text = title + dates
        self.security_label: str = attrs.get("label", "open")
        self.setZValue(1)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setToolTip(f"{self.text}\n{relation_id} · {attrs.get('grading', '')} · {self.security_label}")
        source.edges.append(self)
        target.edges.append(self)
        self._path = QPainterPath()
        self._mid = QPointF()
        self.adjust()

    def adjust(self) -> None:
        self.prepareGeometryChange()
        a, b = self.source.pos(), self.target.pos()
        line = QLineF(a, b)
        path = QPainterPath(a)
        if self.offset and line.length() > 0:
            normal = line.normalVector().unitVector()
            bend = 18.0 * self.offset
            ctrl = line.center() + QPointF(normal.dx() * bend * 2, normal.dy() * bend * 2)
            path.quadTo(ctrl, b)
            self._mid = path.pointAtPercent(0.5)
        else:
            path.lineTo(b)
            self._mid = line.pointAt(0.45)
        self._path = path
        self._bounds = path.boundingRect().adjusted(-60, -20, 60, 20)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        from PySide6.QtGui import QPainterPathStroker
        stroker = QPainterPathStroker()
        stroker.setWidth(6)
        return stroker.createStroke(self._path)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        color = QColor("#ffbf00") if self.isSelected() else QColor("#7a7a7a")
        if self.security_label != "open":
            color = _RESTRICTED if not self.isSelected() else color
        painter.setPen(QPen(color, 2.5 if self.isSelected() else 1.2))
        painter.setBrush(_NO_BRUSH)
        painter.drawPath(self._path)
        if lod < 0.35:
            return
        if self.directed:
            self._draw_arrow(painter, color)
        if lod < 0.7:
            return
        painter.setFont(_LINK_FONT)
        painter.setPen(QColor("#404040"))
        painter.save()
        painter.translate(self._mid)
        angle = math.degrees(math.atan2(self.target.y() - self.source.y(), self.target.x() - self.source.x()))
        if angle > 90 or angle < -90:  # keep the text upright
            angle += 180
        painter.rotate(angle)
        painter.drawText(QRectF(-100, -12, 200, 11), Qt.AlignmentFlag.AlignCenter, self.text)
        painter.restore()

    def _draw_arrow(self, painter: QPainter, color: QColor) -> None:
        end = self._path.pointAtPercent(1.0)
        near = self._path.pointAtPercent(0.9)
        angle = math.atan2(end.y() - near.y(), end.x() - near.x())
        tip = end - QPointF(math.cos(angle) * self.target.radius, math.sin(angle) * self.target.radius)
        size = 8.0
        left = tip - QPointF(math.cos(angle - 0.4) * size, math.sin(angle - 0.4) * size)
        right = tip - QPointF(math.cos(angle + 0.4) * size, math.sin(angle + 0.4) * size)
        painter.setBrush(color)
        painter.drawPolygon(QPolygonF([tip, left, right]))

    def detach(self) -> None:
        for node in (self.source, self.target):
            if self in node.edges:
                node.edges.remove(self)
