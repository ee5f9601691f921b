"""The chart legend: what each colour, shape, size and line style means on this chart.

Built from what the chart shows right now (types present, whether anything is restricted,
flagged, ended, sized or coloured by an analysis), as plain data so an export worker can
paint it; painted by the view over the chart and by every export (PNG/SVG/PDF, and as
HTML in the interactive page).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen

from views.chart.items import FLAG_RED, LINK_GREY, draw_padlock, link_pen
from views.icons import icon_path

if TYPE_CHECKING:
    from views.chart.scene import ChartScene


@dataclass(frozen=True)
class Entry:
    """One legend row: a symbol (`kind`) and its meaning."""

    kind: str  # "type", "current", "ended", "arrow", "restricted", "flag", "size", "colour"
    text: str
    color: str = ""
    icon: str = ""



def title() -> str:
    return QCoreApplication.translate("Legend", "Legend")


def entries(scene: ChartScene) -> list[Entry]:
    """The rows for what is visible on the chart (cached on the scene until its contents or styling change)."""
    if scene.legend_cache is not None:
        return list(scene.legend_cache)
    nodes = [i for i in scene.nodes.values() if i.isVisible()]
    edges = [e for e in scene.edges.values() if e.isVisible()]
    rows: list[Entry] = []
    for etype in sorted({i.etype for i in nodes}):
        spec = scene.schema.entities.get(etype)
        rows.append(Entry("type", spec.title(scene.lang) if spec else etype, spec.color if spec else "#888888",
                          spec.icon if spec else ""))
    if edges:
        rows.append(Entry("current", QCoreApplication.translate("Legend", "current relation")))
        if any(e.ended for e in edges):
            rows.append(Entry("ended", QCoreApplication.translate("Legend", "ended relation (dashed)")))
        if any(e.directed for e in edges):
            rows.append(Entry("arrow", QCoreApplication.translate("Legend", "direction (source → target)")))
    if any(i.security_label != "open" for i in nodes) or any(e.security_label != "open" for e in edges):
        rows.append(Entry("restricted", QCoreApplication.translate("Legend", "restricted label (see the marking)")))
    if any(i.flagged for i in nodes):
        rows.append(Entry("flag", QCoreApplication.translate("Legend", "red flag")))
    if any(i.size_factor != 1.0 for i in nodes):
        meaning = scene.size_meaning or QCoreApplication.translate("Legend", "analysis score")
        rows.append(Entry("size", QCoreApplication.translate("Legend", "size: %1").replace("%1", meaning)))
    if any(i.style_color is not None for i in nodes):
        meaning = scene.colour_meaning or QCoreApplication.translate("Legend", "analysis group")
        text = QCoreApplication.translate("Legend", "fill: %1 (type as ring)").replace("%1", meaning)
        rows.append(Entry("colour", text))
    scene.legend_cache = list(rows)
    return rows


def _font(pixels: float, bold: bool = False) -> QFont:
    font = QFont("Sans Serif")
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(bold)
    return font


ROW = 18  # pixels a row takes at scale 1.0


def title_text(folded: bool | None = None, count: int = 0) -> str:
    """The title; on the chart it carries a fold mark (▾ open, ▸ folded, with the number of rows folded away)."""
    if folded is None:
        return title()
    return f"▸ {title()} ({count})" if folded else f"▾ {title()}"


def _column_width(rows: list[Entry], scale: float) -> float:
    metrics = QFontMetricsF(_font(11 * scale))
    return max(metrics.horizontalAdvance(r.text) for r in rows) + 44 * scale


def head_height(scale: float = 1.0) -> float:
    """The title band: on the chart a click on it folds or unfolds the legend."""
    return QFontMetricsF(_font(12 * scale, True)).height() + 10 * scale


def size(rows: list[Entry], scale: float = 1.0, columns: int = 1, folded: bool | None = None) -> tuple[float, float]:
    """Width and height the legend needs at this scale (1.0 = 11 px text), its rows in `columns` side by side.

    On a laptop screen with a result pane open, one column of six rows took half the chart's height."""
    head = QFontMetricsF(_font(12 * scale, True))
    head_w = head.horizontalAdvance(title_text(folded, len(rows))) + 16 * scale
    if folded:
        return head_w, head.height() + 8 * scale
    columns = max(1, min(columns, len(rows)))
    per_column = -(-len(rows) // columns)
    width = max(columns * _column_width(rows, scale) - (columns - 1) * 10 * scale, head_w)
    return width, head_height(scale) + per_column * ROW * scale


def columns_for(rows: list[Entry], height: float, share: float = 0.25) -> int:
    """How many columns keep the legend within `share` of a chart `height` pixels high (one when it fits)."""
    room = max(ROW * 2, height * share - head_height())
    per_column = max(2, int(room // ROW))
    return max(1, -(-len(rows) // per_column))


def paint(painter: QPainter, top_left: QPointF, rows: list[Entry], scale: float = 1.0, columns: int = 1,
          folded: bool | None = None) -> QRectF:
    """Draw the legend box with its top-left corner at `top_left`; returns the box.

    `folded` None (exports) draws the plain title; True or False (the chart) draws the fold mark, and
    True only the title."""
    if not rows:
        return QRectF()
    w, h = size(rows, scale, columns, folded)
    box = QRectF(top_left.x(), top_left.y(), w, h)
    painter.save()
    painter.setPen(QPen(QColor("#9a9a9a"), 1))
    painter.setBrush(QColor(255, 255, 255, 235))
    painter.drawRoundedRect(box, 4 * scale, 4 * scale)
    head = _font(12 * scale, True)
    painter.setFont(head)
    painter.setPen(QColor("#202020"))
    head_h = QFontMetricsF(head).height()
    painter.drawText(QRectF(box.left() + 8 * scale, box.top() + 4 * scale, w, head_h),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title_text(folded, len(rows)))
    if folded:
        painter.restore()
        return box
    columns = max(1, min(columns, len(rows)))
    per_column = -(-len(rows) // columns)
    step = _column_width(rows, scale) - 10 * scale
    font = _font(11 * scale)
    for i, row in enumerate(rows):
        left = box.left() + (i // per_column) * step
        y = box.top() + head_h + 8 * scale + (i % per_column) * ROW * scale
        mid = QPointF(left + 18 * scale, y + 9 * scale)
        _symbol(painter, row, mid, scale)
        painter.setFont(font)
        painter.setPen(QColor("#202020"))
        painter.drawText(QRectF(left + 34 * scale, y, step, ROW * scale),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, row.text)
    painter.restore()
    return box


def _symbol(painter: QPainter, row: Entry, mid: QPointF, scale: float) -> None:
    r = 7 * scale
    left, right = QPointF(mid.x() - 11 * scale, mid.y()), QPointF(mid.x() + 11 * scale, mid.y())
    painter.setBrush(QBrush(Qt.BrushStyle.NoBrush))
    if row.kind == "type":
        fill = QColor(row.color)
        painter.setPen(QPen(fill.darker(150), 1))
        painter.setBrush(fill)
        painter.drawEllipse(mid, r, r)
        if row.icon:
            painter.save()
            painter.translate(mid)
            painter.scale(r * 0.62, r * 0.62)
            painter.setPen(QPen(QColor("white"), 0))
            painter.setBrush(QColor("white"))
            painter.drawPath(icon_path(row.icon))
            painter.restore()
    elif row.kind in ("current", "ended"):
        painter.setPen(link_pen(LINK_GREY, 1.6 * scale, row.kind == "ended"))
        painter.drawLine(left, right)
    elif row.kind == "arrow":
        painter.setPen(QPen(LINK_GREY, 1.6 * scale))
        painter.drawLine(left, right)
        painter.setBrush(LINK_GREY)
        painter.drawPolygon([right, QPointF(right.x() - 6 * scale, right.y() - 3.5 * scale),
                             QPointF(right.x() - 6 * scale, right.y() + 3.5 * scale)])
    elif row.kind == "restricted":
        draw_padlock(painter, mid, 8 * scale)
    elif row.kind == "flag":
        painter.setPen(QPen(QColor("#555555"), 1))
        painter.setBrush(QColor("#bbbbbb"))
        painter.drawEllipse(mid, r * 0.8, r * 0.8)
        painter.setPen(QPen(FLAG_RED, 2.5 * scale))
        painter.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        painter.drawEllipse(mid, r * 1.05, r * 1.05)
    elif row.kind == "size":
        painter.setPen(QPen(QColor("#555555"), 1))
        painter.setBrush(QColor("#bbbbbb"))
        painter.drawEllipse(QPointF(mid.x() - 6 * scale, mid.y() + 2 * scale), r * 0.45, r * 0.45)
        painter.drawEllipse(QPointF(mid.x() + 4 * scale, mid.y()), r * 0.9, r * 0.9)
    elif row.kind == "colour":
        for i, colour in enumerate(("#0072B2", "#E69F00", "#009E73")):
            painter.setPen(QPen(QColor(colour).darker(140), 1))
            painter.setBrush(QColor(colour))
            painter.drawEllipse(QPointF(mid.x() - 8 * scale + i * 8 * scale, mid.y()), r * 0.45, r * 0.45)


def html(rows: list[Entry]) -> str:
    """The legend as an HTML block for the interactive export (no scripts, inline styles only)."""
    import html as h

    symbols = {"current": "<span style='display:inline-block;width:22px;border-top:2px solid #6b6b6b'></span>",
               "ended": "<span style='display:inline-block;width:22px;border-top:2px dashed #6b6b6b'></span>",
               "arrow": "<span style='color:#6b6b6b'>⟶</span>", "restricted": "🔒",
               "flag": "<span style='display:inline-block;width:10px;height:10px;border-radius:50%;"
                       "border:3px solid #d00000;background:#bbb'></span>",
               "size": "<span style='font-size:9px'>●</span><span style='font-size:15px'>●</span>",
               "colour": "<span style='color:#0072B2'>●</span><span style='color:#E69F00'>●</span>"}
    items = []
    for row in rows:
        if row.kind == "type":
            symbol = (f"<span style='display:inline-block;width:13px;height:13px;border-radius:50%;"
                      f"background:{h.escape(row.color)}'></span>")
        else:
            symbol = symbols.get(row.kind, "")
        items.append(f"<div class='row'><span class='sym'>{symbol}</span>{h.escape(row.text)}</div>")
    return f"<div id='legend'><b>{h.escape(title())}</b>{''.join(items)}</div>"
