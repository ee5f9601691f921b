"""Chart items: an entity as a round node with its type glyph, a relation as a labelled link.

Painting drops detail when zoomed out (level of detail), which keeps a 2,000-node chart
smooth to pan and zoom without a web engine; below `CAPTION_LOD` the view draws the most
important captions itself at a readable size (views/chart/view.py).

Each meaning has its own visual channel (the legend, views/chart/legend.py, lists them):
fill colour = entity type (or an analysis group when coloured by one, the type then as a
ring); size = an analysis score; a red halo = a red flag; a black padlock = a restricted
security label; a dashed link = an ended relation; an arrow = direction.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from graph.formatting import format_date
from views.icons import icon_path

if TYPE_CHECKING:
    from views.chart.scene import ChartScene

# Shared instances: PySide6 6.12 mishandles None refcounts when a style enum is
# converted to QBrush/QPen on every paint call (crashes after a few thousand calls).
_NO_BRUSH = QBrush(Qt.BrushStyle.NoBrush)
_NO_PEN = QPen(Qt.PenStyle.NoPen)
NODE_RADIUS = 16.0
CAPTION_LOD = 0.95  # below this zoom (11 px captions under ~10 px) the view's overlay draws them
LINK_LABEL_LOD = 0.7


def _font(pixels: int) -> QFont:
    """Pixel-sized fonts: scene units, so text keeps its proportion at 300 dpi exports too."""
    font = QFont("Sans Serif")
    font.setPixelSize(pixels)
    return font


_CAPTION_FONT = _font(11)
_LINK_FONT = _font(9)
_CAPTION_METRICS = QFontMetricsF(_CAPTION_FONT)
_LINK_METRICS = QFontMetricsF(_LINK_FONT)
FLAG_RED = QColor("#d00000")  # red means one thing on the chart: a red flag
LINK_GREY = QColor("#6b6b6b")
SELECTED = QColor("#ffbf00")


def draw_padlock(painter: QPainter, centre: QPointF, size: float) -> None:
    """The restricted-label marker: a black padlock (shape, not colour, so red stays free)."""
    painter.save()
    painter.translate(centre)
    painter.setPen(QPen(QColor("white"), size * 0.12))
    painter.setBrush(QColor("#111111"))
    painter.drawRoundedRect(QRectF(-size * 0.6, -size * 0.55, size * 1.2, size * 1.25), size * 0.2, size * 0.2)
    painter.setPen(QPen(QColor("white"), size * 0.16))
    painter.setBrush(_NO_BRUSH)
    painter.drawArc(QRectF(-size * 0.32, -size * 0.45, size * 0.64, size * 0.6), 0, 180 * 16)
    painter.drawLine(QPointF(-size * 0.32, -size * 0.15), QPointF(-size * 0.32, size * 0.05))
    painter.drawLine(QPointF(size * 0.32, -size * 0.15), QPointF(size * 0.32, size * 0.05))
    painter.setPen(_NO_PEN)
    painter.setBrush(QColor("white"))
    painter.drawEllipse(QPointF(0, size * 0.3), size * 0.13, size * 0.13)
    painter.restore()


def link_pen(color: QColor, width: float, ended: bool) -> QPen:
    """Current relations solid, ended ones dashed (the legend shows both)."""
    pen = QPen(color, width)
    if ended:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def relation_ended(attrs: dict[str, Any], today: dt.date | None = None) -> bool:
    end = attrs.get("valid_to")
    if not end:
        return False
    try:
        return dt.date.fromisoformat(str(end)[:10]) < (today or dt.date.today())
    except ValueError:
        return False


CAPTION_CHARS = 28  # a caption line's length; longer captions wrap onto a second line


def _elide(text: str, limit: int = CAPTION_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def wrap_caption(text: str, limit: int = CAPTION_CHARS) -> str:
    """A long caption on two lines, broken between words as evenly as fits (as ANB does), not cut:
    "Jinthesteeg 71, 2824 AX Del…" lost the city. Only a caption too long for two lines is elided."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    breaks = [i for i, c in enumerate(text) if c == " " and i <= limit]
    if not breaks:
        return text[:limit] + "\n" + _elide(text[limit:], limit)
    fitting = [i for i in breaks if len(text) - i - 1 <= limit]
    at = min(fitting, key=lambda i: max(i, len(text) - i - 1)) if fitting else max(breaks)
    return text[:at] + "\n" + _elide(text[at + 1:], limit)


def caption_size(caption: str) -> tuple[float, int]:
    """Width of the widest line and the number of lines of a (wrapped) caption."""
    lines = caption.split("\n")
    return max(_CAPTION_METRICS.horizontalAdvance(line) for line in lines), len(lines)


def footprint_of(caption: str, size_factor: float = 1.0) -> tuple[float, float]:
    """A node's footprint (width, height with caption) before it is drawn: what layouts keep apart."""
    r = NODE_RADIUS * size_factor
    text_w, lines = caption_size(wrap_caption(caption))
    width = max(2 * r, text_w) + 8
    return width, 2 * r + 12 + _CAPTION_METRICS.height() * lines + 4


class NodeItem(QGraphicsItem):
    """One entity on the chart; movable, selectable, pinnable; restyled by analysis results."""

    def __init__(self, entity_id: str, attrs: dict[str, Any], color: str, icon: str):
        super().__init__()
        self.entity_id = entity_id
        self.attrs = attrs
        self.etype: str = attrs.get("type", "")
        self.caption: str = wrap_caption(attrs.get("caption") or entity_id)
        self.security_label: str = attrs.get("label", "open")
        self.base_color = QColor(color)
        self.style_color: QColor | None = None
        self.icon = icon
        self.pinned = False
        self.size_factor = 1.0
        self.flagged = False
        self.importance = 0.0  # set by the scene (degree, score): which captions survive zooming out
        self.edges: list[EdgeItem] = []
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsMovable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setZValue(2)
        self._update_bounds()

    @property
    def radius(self) -> float:
        return NODE_RADIUS * self.size_factor

    def _update_bounds(self) -> None:
        r = self.radius
        if not hasattr(self, "_caption_w"):
            self._caption_w, self._lines = caption_size(self.caption)
        width = max(2 * r, self._caption_w) + 8
        self._bounds = QRectF(-width / 2, -r - 8, width, 2 * r + 12 + _CAPTION_METRICS.height() * self._lines + 4)

    def set_caption(self, caption: str) -> None:
        """A new name (records merged): wrapped and measured again."""
        self.prepareGeometryChange()
        self.caption = wrap_caption(caption)
        self._caption_w, self._lines = caption_size(self.caption)
        self._update_bounds()
        self._changed()

    def footprint(self) -> tuple[float, float]:
        """Width and height of node plus caption: what a layout must keep apart."""
        return self._bounds.width(), self._bounds.height()

    def caption_width(self) -> float:
        return float(self._caption_w)

    def caption_lines(self) -> int:
        return self._lines

    def set_flagged(self, flagged: bool) -> None:
        self.flagged = flagged
        self.update()

    def set_size_factor(self, factor: float) -> None:
        self.prepareGeometryChange()
        self.size_factor = factor
        self._update_bounds()
        for edge in self.edges:
            edge.adjust()
        self._changed()

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
        if self.flagged:
            painter.setPen(QPen(FLAG_RED, 4))
            painter.setBrush(_NO_BRUSH)
            painter.drawEllipse(QPointF(0, 0), r + 4, r + 4)
        painter.setPen(QPen(SELECTED if selected else fill.darker(150), 4 if selected else 1.2))
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
            draw_padlock(painter, QPointF(r * 0.8, -r * 0.75), max(6.0, r * 0.42))
        if self.pinned:
            painter.setPen(QPen(QColor("#333333"), 1.5))
            painter.setBrush(QColor("#ffffff"))
            painter.drawEllipse(QPointF(-r * 0.75, -r * 0.75), 4, 4)
        if lod < CAPTION_LOD:
            return
        scale = float(getattr(self.scene(), "caption_scale", 1.0))  # > 1 while an export of a wide chart records
        painter.setFont(_CAPTION_FONT if scale == 1.0 else _font(round(11 * scale)))
        painter.setPen(QColor("#202020"))
        width = self._bounds.width() * scale
        text_rect = QRectF(-width / 2, r + 2, width, (_CAPTION_METRICS.height() * self._lines + 2) * scale)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.caption)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.adjust()
            self._changed()
        elif change == QGraphicsItem.GraphicsItemChange.ItemVisibleHasChanged:
            self._changed()
        return super().itemChange(change, value)

    def _changed(self) -> None:
        """Tell the scene its zoomed-out captions need placing again."""
        scene = self.scene()
        if scene is not None and hasattr(scene, "generation"):
            scene.generation += 1

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
    """One relation: a line (parallel links fan out as curves), dashed once ended, with a horizontal label.

    The label says what the link is and how sure: type, role (bestuurder, katvanger...),
    period in the interface's date format, and the source grading (B2).
    """

    def __init__(self, relation_id: str, source: NodeItem, target: NodeItem, attrs: dict[str, Any],
                 title: str, directed: bool, offset: int = 0, lang: str = "nl"):
        super().__init__()
        self.relation_id = relation_id
        self.source = source
        self.target = target
        self.attrs = attrs
        self.rtype: str = attrs.get("type", "")
        self.directed = directed
        self.offset = offset
        self.title = title
        props = attrs.get("properties") or {}
        role = props.get("role") or props.get("position") or props.get("relationship") or props.get("nature")
        self.role: str = str(role) if role and str(role).lower() not in title.lower() else ""
        self.ended = relation_ended(attrs)
        dates = ""
        if attrs.get("valid_from") or attrs.get("valid_to"):
            start = format_date(attrs.get("valid_from"), lang) or "…"
            dates = f"{start} – {format_date(attrs.get('valid_to'), lang) or '…'}"
        self.dates = dates
        grading = str(attrs.get("grading") or "")
        self.grading = "" if set(grading) <= {"-"} else grading  # "--": not graded, said in the tooltip
        first = title + (f": {self.role}" if self.role else "")
        second = " · ".join(p for p in (dates, self.grading) if p)
        self.text = first + (f" ({second})" if second else "")
        self.lines = [first] + ([second] if second else [])
        self.security_label: str = attrs.get("label", "open")
        self.setZValue(1)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        source.edges.append(self)
        target.edges.append(self)
        self._path = QPainterPath()
        self._mid = QPointF()
        self.card_t = 0.5  # where the card sits along the line (views/chart/cards.py moves it off others)
        self.placed_for: tuple[float, float, float, float] | None = None  # the ends' positions it was placed for
        # Estimated (9 px font, ~5.6 px a character): measuring every label costs ~40 ms per 1,000 links.
        self._label_size = (max(len(t) for t in self.lines) * 5.6 + 8, _LINK_METRICS.height() * len(self.lines) + 4)
        self.adjust()

    def show_label(self) -> bool:
        scene = self.scene()
        return bool(getattr(scene, "show_link_labels", True))

    def adjust(self) -> None:
        self.prepareGeometryChange()
        a, b = self.source.pos(), self.target.pos()
        line = QLineF(a, b)
        path = QPainterPath(a)
        if self.offset and line.length() > 0:
            normal = line.normalVector().unitVector()
            bend = 22.0 * self.offset  # fan out: each parallel link its own arc, on the same side whichever
            if self.source.entity_id > self.target.entity_id:  # way it points
                bend = -bend
            ctrl = line.center() + QPointF(normal.dx() * bend * 2, normal.dy() * bend * 2)
            path.quadTo(ctrl, b)
        else:
            path.lineTo(b)
        self._path = path
        self._mid = self._point_at(self.card_t)
        w, h = self._label_size
        label = QRectF(self._mid.x() - w / 2, self._mid.y() - h / 2, w, h)
        self._bounds = path.boundingRect().united(label).adjusted(-10, -10, 10, 10)

    def _point_at(self, t: float) -> QPointF:
        if self.offset and self._path.elementCount() > 2:
            return self._path.pointAtPercent(t)
        a, b = self.source.pos(), self.target.pos()  # straight: pointAtPercent is slow
        return QPointF(a.x() + (b.x() - a.x()) * t, a.y() + (b.y() - a.y()) * t)

    def line_length(self) -> float:
        return QLineF(self.source.pos(), self.target.pos()).length()

    def card_rect(self, t: float | None = None) -> QRectF:
        """The card's rectangle in scene coordinates, where it is or at fraction t of the line."""
        centre = self._mid if t is None else self._point_at(t)
        w, h = self._label_size
        return QRectF(centre.x() - w / 2, centre.y() - h / 2, w, h)

    def set_card_at(self, t: float) -> None:
        if t != self.card_t:
            self.card_t = t
            self.adjust()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        from PySide6.QtGui import QPainterPathStroker
        stroker = QPainterPathStroker()
        stroker.setWidth(6)
        return stroker.createStroke(self._path)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        color = SELECTED if self.isSelected() else LINK_GREY
        painter.setPen(link_pen(color, 2.5 if self.isSelected() else 1.3, self.ended))
        painter.setBrush(_NO_BRUSH)
        painter.drawPath(self._path)
        if lod < 0.35:
            return
        if self.directed:
            self._draw_arrow(painter, color)
        if self.security_label != "open":
            draw_padlock(painter, self._path.pointAtPercent(0.3), 5.0)
        if lod < LINK_LABEL_LOD or not self.show_label():
            return
        card = self.card_rect()  # horizontal, on a white card: readable across other lines
        painter.setPen(QPen(QColor("#d0d0d0"), 0.6))
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRoundedRect(card, 3, 3)
        painter.setFont(_LINK_FONT)
        painter.setPen(QColor("#303030"))
        painter.drawText(card, Qt.AlignmentFlag.AlignCenter, "\n".join(self.lines))

    def _draw_arrow(self, painter: QPainter, color: QColor) -> None:
        end = self._path.pointAtPercent(1.0)
        near = self._path.pointAtPercent(0.95)
        angle = math.atan2(end.y() - near.y(), end.x() - near.x())
        tip = end - QPointF(math.cos(angle) * (self.target.radius + 1), math.sin(angle) * (self.target.radius + 1))
        size = 7.0
        left = tip - QPointF(math.cos(angle - 0.38) * size, math.sin(angle - 0.38) * size)
        right = tip - QPointF(math.cos(angle + 0.38) * size, math.sin(angle + 0.38) * size)
        painter.setPen(QPen(color, 1))
        painter.setBrush(color)
        painter.drawPolygon(QPolygonF([tip, left, right]))

    def detach(self) -> None:
        for node in (self.source, self.target):
            if self in node.edges:
                node.edges.remove(self)
