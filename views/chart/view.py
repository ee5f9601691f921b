"""The chart viewport: zoom with the wheel, pan with the middle button or Space+drag,
rubber-band multi-select with the left button, double-click a node to expand it.

Zoomed out (below CAPTION_LOD, e.g. a 40-node chart at "fit") the nodes stop drawing their
captions and the view draws them instead, at a readable screen size: most important first
(links, analysis score, red flags), each only where it overlaps no caption already drawn,
so labels thin out by importance and never all disappear. Below LINK_LABEL_LOD the links' own
labels (type, role, period, grading) would be a few pixels high: the view draws them too, at a small
readable size, where a label covers no node, caption or other label (a chart of a dozen companies at
"fit" shows what ties them, as Analyst's Notebook does). The legend is drawn on top.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QLineF, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPen, QRegion, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QToolTip

from views.chart import legend
from views.chart.items import CAPTION_LOD, LINK_LABEL_LOD, NodeItem
from views.chart.scene import ChartScene

OVERLAY_FONT_PX = 11
LINK_FONT_PX = 10  # the links' labels drawn by the view: a size smaller than the names, as on the chart
LEGEND_MIN_SCALE = 0.8  # the legend drawn this much smaller at most, so its columns fit a narrow chart
LEGEND_MAX_SHARE = 0.4  # of the chart's height: a taller legend shows folded until the analyst unfolds it
MAX_OVERLAY_LABELS = 160  # captions drawn at most per paint (the most important ones; more would not be read)
LINK_LABEL_DELAY_MS = 120  # the links' labels are placed once the zoom or pan has paused this long
MAX_LINK_OVERLAY_EDGES = 150  # links on the chart above which the zoomed-out view draws no link labels (no room)


def _crosses(box: QRectF, a: QPointF, b: QPointF) -> bool:
    """Whether the segment a-b passes through box (Liang-Barsky clipping)."""
    t0, t1 = 0.0, 1.0
    dx, dy = b.x() - a.x(), b.y() - a.y()
    for p, q in ((-dx, a.x() - box.left()), (dx, box.right() - a.x()), (-dy, a.y() - box.top()),
                 (dy, box.bottom() - a.y())):
        if p == 0:
            if q < 0:
                return False
        else:
            r = q / p
            if p < 0:
                t0 = max(t0, r)
            else:
                t1 = min(t1, r)
            if t0 > t1:
                return False
    return True


class _Boxes:
    """Boxes already drawn in the overlay (names, nodes, labels), bucketed by 40-pixel cells: whether a new one
    is free of them is asked for each spot tried."""

    CELL = 40.0

    def __init__(self) -> None:
        self.grid: dict[tuple[int, int], list[QRectF]] = {}

    def _cells(self, box: QRectF) -> list[tuple[int, int]]:
        c = self.CELL
        return [(gx, gy) for gx in range(int(box.left() // c), int(box.right() // c) + 1)
                for gy in range(int(box.top() // c), int(box.bottom() // c) + 1)]

    def add(self, box: QRectF) -> None:
        for cell in self._cells(box):
            self.grid.setdefault(cell, []).append(box)

    def free(self, box: QRectF, own: QRectF | None) -> bool:
        """Whether box overlaps none of them (but `own`: a node's caption may touch its own disc)."""
        return not any(o is not own and box.intersects(o) for cell in self._cells(box) for o in self.grid.get(cell, ()))


class _Segments:
    """The links' lines in viewport pixels, bucketed by the 64-pixel cells their bounds cover: which cross a
    box is asked once per label spot, and a chart of 400 links would otherwise test every line each time."""

    CELL = 64.0

    def __init__(self, ends: dict[str, tuple[QPointF, QPointF]]):
        self.ends = ends
        self.grid: dict[tuple[int, int], list[str]] = {}
        for key, (a, b) in ends.items():
            for cell in self._cells(min(a.x(), b.x()), min(a.y(), b.y()), max(a.x(), b.x()), max(a.y(), b.y())):
                self.grid.setdefault(cell, []).append(key)

    def _cells(self, x0: float, y0: float, x1: float, y1: float) -> list[tuple[int, int]]:
        c = self.CELL
        return [(gx, gy) for gx in range(int(x0 // c), int(x1 // c) + 1)
                for gy in range(int(y0 // c), int(y1 // c) + 1)]

    def crossed(self, box: QRectF, own: str) -> bool:
        """Whether a line other than `own` passes through box."""
        seen = {own}
        for cell in self._cells(box.left(), box.top(), box.right(), box.bottom()):
            for key in self.grid.get(cell, ()):
                if key not in seen:
                    seen.add(key)
                    if _crosses(box, *self.ends[key]):
                        return True
        return False


def _covers(region: QRegion, rect: QRect) -> bool:
    """Whether region holds all of rect (QRegion.contains(QRect) only says they overlap)."""
    return QRegion(rect).subtracted(region).isEmpty()


class ChartView(QGraphicsView):
    expand_requested = Signal(str)
    context_requested = Signal(object, object)  # global pos, entity id or None
    legend_folded_changed = Signal(bool)  # a click on the legend's title folded or unfolded it
    legend_moved = Signal(str)  # the legend's title dragged to another corner ("top-right", ...)

    def __init__(self, scene: ChartScene, parent: Any = None):
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        # Only changed regions are repainted (a full repaint of a 2,000-node chart on every expand cost
        # ~150 ms). The legend and the zoomed-out captions are drawn in viewport pixels over the scene, so a
        # partial repaint would clip them and a pan would blit a scrolled copy (half a legend, or two, in a
        # real window): each paint compares the overlay with the last one and asks for the parts that changed
        # outside the painted region (and the legend whole); scrolling repaints the viewport whole.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setBackgroundBrush(Qt.GlobalColor.white)
        self._panning: QPointF | None = None
        self._hand = False  # the pointing hand shown over the legend's title
        # A fixed, roomy scroll area: the scene's own rect only grows (old layouts stretch it), which would
        # pin a fitted chart to one edge instead of centring it.
        self.setSceneRect(QRectF(-1e5, -1e5, 2e5, 2e5))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # pan: middle button, Space+drag
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.show_legend = True
        self.legend_folded = False  # only its title, "▸ Legenda (6)": a click on the title unfolds it
        self.legend_unfolded_by_hand = False  # unfolded by a click although it takes much of a small chart
        self.legend_corner = "bottom-left"  # where the legend sits; its title dragged moves it to another corner
        self._legend_press: QPointF | None = None  # the title pressed: a click folds, a drag moves
        self._legend_at: QPointF | None = None  # the legend's top left while it is dragged
        self._legend_drag_from = QPointF()  # and where the drag started
        self._fit_when_shown = False
        # Shown whole by Fit (F) and not zoomed or panned since: a resize (the Parameters… form of an analysis
        # dock taking room) fits again, so the lower nodes do not slip out of view or under the legend.
        self.fitted = False
        self.overlay_labels: list[str] = []  # ids whose captions the overlay drew last (tests, screenshots)
        self.overlay_boxes: dict[str, QRectF] = {}  # and where, in viewport pixels
        self.overlay_links: dict[str, QRectF] = {}  # links whose labels the overlay drew last, and where
        self.hint_shown = False  # the empty chart's "how to start" line, as last painted
        self.group_titles: dict[str, QRectF] = {}  # type frames' names drawn at screen size (zoomed out)
        self._overlay_font = QFont("Sans Serif")
        self._overlay_font.setPixelSize(OVERLAY_FONT_PX)
        self._overlay_metrics = QFontMetricsF(self._overlay_font)
        self._link_font = QFont("Sans Serif")
        self._link_font.setPixelSize(LINK_FONT_PX)
        self._link_metrics = QFontMetricsF(self._link_font)
        self._link_layout: dict[str, tuple[QRectF, int]] = {}
        self._link_widths: dict[str, float] = {}
        self._link_room: tuple[_Boxes, QRectF, int] | None = None  # what the captions left, for the links' labels
        self._link_timer = QTimer(self)
        self._link_timer.setSingleShot(True)
        self._link_timer.setInterval(LINK_LABEL_DELAY_MS)
        self._link_timer.timeout.connect(self._place_link_labels)
        self._exposed = QRegion()  # the region the current paint event covers (viewport pixels)
        self._caption_key: tuple[Any, ...] | None = None  # what the caption layout below was computed for
        self._caption_layout: dict[str, QRectF] = {}
        self._painted: dict[str, QRectF] = {}  # overlay boxes (captions, legend, titles) as last painted
        self._frames: dict[str, QRectF] = {}  # type frames as last painted (scene coordinates)

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawBackground(painter, rect)  # the view's white brush replaces the scene's background...
        scene: ChartScene = self.scene()  # type: ignore[assignment]
        if scene.show_groups:  # ...so the type frames are drawn here too (exports use the scene's)
            scene.draw_group_frames(painter, titles=self.transform().m11() >= CAPTION_LOD)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._exposed = QRegion(event.region())
        super().paintEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self.viewport().update()  # a scrolled copy would move the legend and the captions with the chart

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawForeground(painter, rect)
        scene: ChartScene = self.scene()  # type: ignore[assignment]
        lod = self.transform().m11()
        painter.save()
        painter.resetTransform()  # viewport pixels from here on
        exposed = self._exposed if not self._exposed.isEmpty() else QRegion(self.viewport().rect())
        boxes: dict[str, QRectF] = {}
        self.group_titles = {}
        if scene.show_groups:
            self._check_frames(scene)
            if lod < CAPTION_LOD:
                self._draw_group_titles(painter, scene)
                boxes.update({f"title:{k}": v for k, v in self.group_titles.items()})
        captions = self._place_captions(scene, lod) if lod < CAPTION_LOD else {}
        self.overlay_labels = list(captions)
        self.overlay_boxes = dict(captions)
        self._paint_captions(painter, scene, captions, exposed.boundingRect())
        boxes.update(captions)
        links = self._link_layout if captions and lod < LINK_LABEL_LOD and scene.show_link_labels else {}
        self.overlay_links = {k: box for k, (box, _) in links.items()}
        self._paint_link_labels(painter, scene, links, exposed.boundingRect())
        boxes.update({f"link:{k}": v for k, v in self.overlay_links.items()})
        hint = not scene.nodes
        if hint != self.hint_shown:
            self.viewport().update()
        self.hint_shown = hint
        if self.hint_shown:  # a fresh project opened on a blank white area that said nothing
            painter.setPen(QColor("#707070"))
            painter.setFont(self._overlay_font)
            painter.drawText(QRectF(self.viewport().rect()).adjusted(40, 40, -40, -40),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_hint())
        if self.show_legend:
            rows = legend.entries(scene)
            if rows:
                columns, scale, folded = self.legend_layout(rows)
                box = legend.paint(painter, self.legend_box().topLeft(), rows, scale, columns, folded)
                boxes[f"legend:{hash(tuple(rows))}:{columns}:{scale}:{folded}"] = box
                if not _covers(exposed, box.toAlignedRect()):  # never leave a legend cut by a partial repaint
                    self.viewport().update(box.toAlignedRect().adjusted(-1, -1, 1, 1))
        painter.restore()
        self._update_changed(boxes, exposed)

    def _update_changed(self, boxes: dict[str, QRectF], exposed: QRegion) -> None:
        """Ask for a repaint of overlay boxes that appeared, moved or went away outside this paint's region."""
        old, self._painted = self._painted, boxes
        for key in old.keys() | boxes.keys():
            before, after = old.get(key), boxes.get(key)
            if before == after:
                continue
            for r in (before, after):
                if r is not None:
                    aligned = r.toAlignedRect().adjusted(-1, -1, 1, 1)
                    if not _covers(exposed, aligned):
                        self.viewport().update(aligned)

    def _check_frames(self, scene: ChartScene) -> None:
        """The type frames enclose their nodes: one node moved redraws a frame elsewhere, so repaint it whole."""
        frames = scene.group_frames()
        if frames != self._frames:
            self._frames = frames
            self.viewport().update()

    def _draw_group_titles(self, painter: QPainter, scene: ChartScene) -> None:
        """Zoomed out, the type frames' names shrank with the chart to a few pixels: draw them at screen size."""
        font = QFont(self._overlay_font)
        font.setBold(True)
        painter.setFont(font)
        for etype, frame in scene.group_frames().items():
            spec = scene.schema.entities.get(etype)
            title = spec.title(scene.lang) if spec else etype
            corner = self.mapFromScene(frame.topLeft())
            box = QRectF(corner.x() + 6, corner.y() + 3, QFontMetricsF(font).horizontalAdvance(title) + 8,
                         QFontMetricsF(font).height() + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 200))
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(QColor(spec.color if spec else "#888888").darker(130))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, title)
            self.group_titles[etype] = box

    def empty_hint(self) -> str:
        return self.tr("The chart is empty. Find a person, company or address (Ctrl+F) and double-click it "
                       "to put it here; double-click an entity on the chart to add its neighbours.")

    def _place_captions(self, scene: ChartScene, lod: float) -> dict[str, QRectF]:
        """Where the zoomed-out captions go, in viewport pixels (kept while chart, zoom and scroll stay)."""
        t = self.viewportTransform()
        key = (scene.generation, t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy(), self.viewport().width(),
               self.viewport().height(), scene.show_link_labels)
        if key != self._caption_key:
            self._link_layout = {}
            self._caption_key, self._caption_layout = key, self._layout_captions(scene, lod)
            if scene.show_link_labels and lod < LINK_LABEL_LOD:
                self._link_timer.start()  # once zooming and panning pause: a layout per frame would slow them
        return self._caption_layout

    def _place_link_labels(self) -> None:
        scene: ChartScene = self.scene()  # type: ignore[assignment]
        if self._link_room is None or not scene.show_link_labels:
            return
        taken, inside, budget = self._link_room
        self._link_room = None
        self._link_layout = self._layout_link_labels(scene, inside, budget, taken.add, taken.free)
        if self._link_layout:
            self.viewport().update()

    def _layout_captions(self, scene: ChartScene, lod: float) -> dict[str, QRectF]:
        """Most important captions first, each only where it covers neither a caption nor a node already there."""
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        candidates = [i for i in scene.nodes.values() if i.isVisible() and visible.contains(i.pos())]
        candidates.sort(key=lambda i: (-i.importance, i.caption))
        budget = max(30, min(MAX_OVERLAY_LABELS, int(self.viewport().width() * self.viewport().height() / 6000)))
        candidates = candidates[: budget * 2]  # those further down would find no room anyway: keep paints fast
        taken = _Boxes()
        occupy, free = taken.add, taken.free
        discs = {}
        for item in candidates:  # the nodes themselves are obstacles too
            c = self.mapFromScene(item.pos())
            r = item.radius * lod + 1
            discs[item.entity_id] = disc = QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)
            occupy(disc)
        line_h = self._overlay_metrics.height()
        inside = QRectF(self.viewport().rect())  # a name half off the chart is a cut name
        placed: dict[str, QRectF] = {}
        for item in candidates:
            if len(placed) >= budget:
                break
            centre = self.mapFromScene(item.pos())
            w = item.caption_width() + 6  # the overlay font is the caption font's size: measured once per node
            h = line_h * item.caption_lines() + 2
            r = item.radius * lod
            spots = (QRectF(centre.x() - w / 2, centre.y() + r + 2, w, h),  # below, above, right, left
                     QRectF(centre.x() - w / 2, centre.y() - r - h - 2, w, h),
                     QRectF(centre.x() + r + 3, centre.y() - h / 2, w, h),
                     QRectF(centre.x() - r - 3 - w, centre.y() - h / 2, w, h))
            box = next((b for b in spots if inside.contains(b) and free(b.adjusted(3, 2, -3, -2),
                                                                        discs[item.entity_id])), None)
            if box is None:
                if placed:
                    continue
                box = spots[0]  # the most important name is always shown, even where nodes crowd it
            occupy(box)
            placed[item.entity_id] = box
        self._link_room = (taken, inside, budget - len(placed))
        return placed

    def _layout_link_labels(self, scene: ChartScene, inside: QRectF, budget: int, occupy: Any,
                            free: Any) -> dict[str, tuple[QRectF, int]]:
        """Where the links' labels go, after the captions: the selected nodes' links first, then the longest
        on screen (the most room). Each sits on its own line, at its middle or further out towards the end
        with fewer links (a star's middles crowd round its hub), whole or -- where only that fits -- its
        first line (what the link is); clear of nodes, names, other labels and other links' lines (a label
        that another line crosses reads as that line's). Value: (box, how many of its lines are drawn)."""
        if len(scene.edges) > MAX_LINK_OVERLAY_EDGES:
            return {}
        line_h = self._link_metrics.height()
        ends: dict[str, tuple[QPointF, QPointF]] = {}
        for key, edge in scene.edges.items():
            if edge.isVisible() and edge.source.isVisible() and edge.target.isVisible():
                ends[key] = (QPointF(self.mapFromScene(edge.source.pos())),
                             QPointF(self.mapFromScene(edge.target.pos())))
        candidates: list[tuple[bool, float, str, list[tuple[QRectF, int]]]] = []
        for key, (a, b) in ends.items():
            edge = scene.edges[key]
            length = QLineF(a, b).length()
            if not edge.lines or length < 60:
                continue
            outward = len(edge.source.edges) >= len(edge.target.edges)  # towards the end with fewer links
            options = []
            for n in sorted({len(edge.lines), 1}, reverse=True):
                w = self._link_width(edge.lines[:n]) + 8
                h = line_h * n + 2
                if length < w * 0.5 + 20:  # a label longer than its line would read as another link's
                    continue
                for t in (0.5, 0.6, 0.7, 0.4):  # along the straight line (a fanned-out arc is near enough)
                    t = t if outward else 1 - t
                    x, y = a.x() + (b.x() - a.x()) * t, a.y() + (b.y() - a.y()) * t
                    box = QRectF(x - w / 2, y - h / 2, w, h)
                    if inside.contains(box):
                        options.append((box, n))
            if options:
                selected = edge.source.isSelected() or edge.target.isSelected() or edge.isSelected()
                candidates.append((not selected, -length, key, options))
        candidates.sort(key=lambda c: c[:3])
        lines = _Segments(ends)
        placed: dict[str, tuple[QRectF, int]] = {}
        for _, _, key, options in candidates:
            if len(placed) >= max(0, budget):
                break
            spot = next(((box, n) for box, n in options if free(box.adjusted(1, 1, -1, -1), None) and
                         not lines.crossed(box.adjusted(2, 2, -2, -2), key)), None)
            if spot is not None:
                occupy(spot[0])
                placed[key] = spot
        return placed

    def _link_width(self, lines: list[str]) -> float:
        """The widest of a label's lines in the link font (measured once per text: a layout asks for it on
        every zoom and pan)."""
        widths = self._link_widths
        for text in lines:
            if text not in widths:
                widths[text] = self._link_metrics.horizontalAdvance(text)
        return max(widths[text] for text in lines)

    def _paint_link_labels(self, painter: QPainter, scene: ChartScene, links: dict[str, tuple[QRectF, int]],
                           exposed: QRect) -> None:
        painter.setFont(self._link_font)
        area = QRectF(exposed)
        for key, (box, n) in links.items():
            edge = scene.edges.get(key)
            if edge is None or not area.intersects(box):
                continue
            painter.setPen(QPen(QColor("#d0d0d0"), 0.6))
            painter.setBrush(QColor(255, 255, 255, 225))
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(QColor("#303030"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "\n".join(edge.lines[:n]))

    def _paint_captions(self, painter: QPainter, scene: ChartScene, captions: dict[str, QRectF],
                        exposed: QRect) -> None:
        painter.setFont(self._overlay_font)
        area = QRectF(exposed)
        for entity_id, box in captions.items():
            if not area.intersects(box):
                continue
            painter.setPen(QPen(QColor(255, 255, 255, 0)))
            painter.setBrush(QColor(255, 255, 255, 200))
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(QColor("#202020"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, scene.nodes[entity_id].caption)

    def node_at(self, pos: Any) -> NodeItem | None:
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def wheelEvent(self, event: QWheelEvent) -> None:
        factor = 1.2 ** (event.angleDelta().y() / 120)
        self.zoom(factor)

    def zoom(self, factor: float) -> None:
        self.fitted = False
        current = self.transform().m11()
        if 0.02 < current * factor < 8:
            self.scale(factor, factor)

    def fit(self) -> None:
        """Show the whole chart ("Passend"), above the legend's band so the legend hides nothing.

        Not shown yet (a chart restored while the window is built), the viewport is a stub of 100 x 30
        pixels: fitting to it zoomed so far out that the restored chart looked empty. Then the fit
        waits until the view is shown at its real size."""
        if not self.isVisible():
            self._fit_when_shown = True
            return
        self._fit_when_shown = False
        rect = self.scene().itemsBoundingRect()
        if rect.isNull():
            return
        self.fitInView(rect.adjusted(-30, -30, 30, 30), Qt.AspectRatioMode.KeepAspectRatio)
        box = self.legend_box()
        height = self.viewport().height()
        if not box.isNull() and height > 200:
            band = box.height() + 16
            factor = max(0.5, (height - band) / height)
            self.scale(factor, factor)
            self.centerOn(rect.center().x(), rect.center().y() + self._band_side() * band / 2 / self.transform().m11())
        self._room_for_captions()
        self.fitted = True

    def _band_side(self) -> int:
        """1 when the legend's band is under the chart, -1 when it is above it (the legend moved to the top)."""
        return -1 if self.legend_corner.startswith("top") else 1

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.fitted and self.isVisible():
            self.fit()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._fit_when_shown:
            QTimer.singleShot(0, self._fit_if_pending)  # after the window's layout has sized the viewport

    def _fit_if_pending(self) -> None:
        if self._fit_when_shown and self.isVisible():
            self.fit()

    def caption_extent(self) -> tuple[float, float]:
        """Left and right viewport x of the visible nodes' captions as the zoomed-out overlay draws them."""
        items = [i for i in self.scene().nodes.values() if i.isVisible()]  # type: ignore[attr-defined]
        if not items:
            return 0.0, 0.0
        xs = [(self.mapFromScene(i.pos()).x(), max(i.caption_width() / 2 + 3, i.radius)) for i in items]
        return min(x - half for x, half in xs), max(x + half for x, half in xs)

    def _room_for_captions(self) -> None:
        """Zoomed out, captions are drawn at screen size and stick out past the nodes' own bounds:
        "Passend" cut the name of an entity at the chart's edge. Zoom out until the widest fit."""
        for _ in range(4):
            if self.transform().m11() >= CAPTION_LOD:
                return
            left, right = self.caption_extent()
            room = self.viewport().width() - 16
            if left >= 8 and right <= room + 8:
                return
            middle = self.mapToScene(self.viewport().rect().center())
            centre_x = self.mapToScene(int((left + right) / 2), 0).x()
            self.scale(min(1.0, room / (right - left)) * 0.97, min(1.0, room / (right - left)) * 0.97)
            self.centerOn(centre_x, middle.y())

    def legend_layout(self, rows: list[legend.Entry]) -> tuple[int, float, bool]:
        """Columns, scale and fold of the legend on this chart.

        Rows go side by side when one column would take more than a quarter of the chart's height; the
        columns must fit the chart's width (three ran past its right edge), drawn up to a fifth smaller
        before one column goes. A legend that still takes more than 40% of the chart's height (eleven rows
        after an analysis styled the chart, one column on a 500-pixel chart) shows folded, "▸ Legenda (11)",
        until the analyst unfolds it with a click on its title."""
        height, room = self.viewport().height(), self.viewport().width() - 16
        columns, scale = legend.columns_for(rows, height), 1.0
        while columns > 1:
            width = legend.size(rows, 1.0, columns)[0]
            if width <= room:
                break
            scale = min(1.0, room / width)  # text sizes round to whole pixels: measured, not assumed
            while scale >= LEGEND_MIN_SCALE and legend.size(rows, scale, columns)[0] > room:
                scale -= 0.02
            if scale >= LEGEND_MIN_SCALE:
                break
            columns, scale = columns - 1, 1.0
        folded = self.legend_folded or (not self.legend_unfolded_by_hand and height > 0
                                        and legend.size(rows, scale, columns)[1] > height * LEGEND_MAX_SHARE)
        return columns, scale, folded

    def legend_shows_folded(self) -> bool:
        rows = legend.entries(self.scene()) if self.show_legend else []  # type: ignore[arg-type]
        return bool(rows) and self.legend_layout(rows)[2]

    def legend_box(self) -> QRectF:
        """Where the legend is drawn over the chart, in viewport pixels (empty when it is off or has no rows)."""
        rows = legend.entries(self.scene()) if self.show_legend else []  # type: ignore[arg-type]
        if not rows:
            return QRectF()
        columns, scale, folded = self.legend_layout(rows)
        w, h = legend.size(rows, scale, columns, folded)
        if self._legend_at is not None:  # being dragged: where the mouse has it
            return QRectF(self._legend_at.x(), self._legend_at.y(), w, h)
        x = 8 if self.legend_corner.endswith("left") else self.viewport().width() - w - 8
        y = 8 if self.legend_corner.startswith("top") else self.viewport().height() - h - 8
        return QRectF(x, y, w, h)

    def set_legend_corner(self, corner: str) -> None:
        """Put the legend in a corner of the chart: top-left, top-right, bottom-left or bottom-right."""
        if corner not in ("top-left", "top-right", "bottom-left", "bottom-right"):
            corner = "bottom-left"
        if corner != self.legend_corner:
            self.legend_corner = corner
            self.legend_moved.emit(corner)
            self.viewport().update()
            if self.fitted:  # the band the chart keeps free moves with it
                self.fit()

    def legend_title_box(self) -> QRectF:
        """The legend's title band, where a click folds or unfolds it (empty when no legend is shown)."""
        box = self.legend_box()
        return QRectF() if box.isNull() else QRectF(box.left(), box.top(), box.width(),
                                                    min(box.height(), legend.head_height()))

    def set_legend_folded(self, folded: bool) -> None:
        """Fold or unfold (by the menu or a click on the title); unfolded by hand, a tall legend shows whole."""
        was = self.legend_shows_folded()
        self.legend_unfolded_by_hand = not folded
        if folded != self.legend_folded:
            self.legend_folded = folded
            self.legend_folded_changed.emit(folded)
        if was != self.legend_shows_folded():
            self.viewport().update()
            if self.fitted:  # unfolded over a fitted chart, it would cover the lower nodes
                self.fit()

    def bring_into_view(self, ids: list[str]) -> None:
        """Show what an expand added: pan as little as needed, zoom out only when it is larger than the view.
        New neighbours used to land off screen, and the analyst had to find them; then under the legend,
        which is drawn over the lower left of the chart: what is shown must also clear the legend."""
        scene: ChartScene = self.scene()  # type: ignore[assignment]
        items = [scene.nodes[i] for i in ids if i in scene.nodes and scene.nodes[i].isVisible()]
        if not items or not self.isVisible():
            return
        self.fitted = False
        rect = QRectF()
        for item in items:
            rect = rect.united(item.sceneBoundingRect())
        shown = self.mapToScene(self.viewport().rect()).boundingRect()
        box = self.legend_box()
        legend_px = box.toAlignedRect()
        covered = not box.isNull() and any(
            self.mapFromScene(item.sceneBoundingRect()).boundingRect().intersects(legend_px) for item in items)
        if shown.contains(rect) and not covered:
            return
        band = box.height() + 16 if not box.isNull() and self.viewport().height() > 200 else 0.0
        room = band / self.transform().m11()  # room under it (or above it) for the legend
        below = rect.adjusted(0, 0, 0, room) if self._band_side() > 0 else rect.adjusted(0, -room, 0, 0)
        if below.width() <= shown.width() * 0.95 and below.height() <= shown.height() * 0.95:
            self.ensureVisible(below, 10, 10)
            return
        self.fitInView(rect.adjusted(-30, -30, 30, 30), Qt.AspectRatioMode.KeepAspectRatio)
        if band:  # as Fit does: the chart above the legend's band
            height = self.viewport().height()
            factor = max(0.5, (height - band) / height)
            self.scale(factor, factor)
            self.centerOn(rect.center().x(), rect.center().y() + self._band_side() * band / 2 / self.transform().m11())
        self._room_for_captions()

    def show_first(self, ids: list[str]) -> None:
        """The first entities on an empty chart, as ANB puts them: at the normal size, centred in the view.
        The view kept the zoom and scroll of the chart before (Ctrl+N, everything deleted), and an analysis
        result put there landed at the view's edge, in a corner or out of sight. Too many for the view: fitted."""
        scene: ChartScene = self.scene()  # type: ignore[assignment]
        items = [scene.nodes[i] for i in ids if i in scene.nodes]
        if not items:
            return
        rect = QRectF()
        for item in items:
            rect = rect.united(item.sceneBoundingRect())
        self.fitted = False
        self.resetTransform()
        if rect.width() > self.viewport().width() * 0.9 or rect.height() > self.viewport().height() * 0.9:
            self.fit()
            return
        self.centerOn(items[0] if len(items) == 1 else rect.center())

    def centerOn(self, *args: Any) -> None:
        """Centring on a node means its disc, not the middle of disc plus caption (callers pass the item)."""
        if len(args) == 1 and isinstance(args[0], NodeItem):
            super().centerOn(args[0].pos())
            return
        super().centerOn(*args)

    def centre_on(self, entity_id: str) -> None:
        scene: ChartScene = self.scene()  # type: ignore[assignment]
        item = scene.nodes.get(entity_id)
        if item is None:
            return
        scene.clearSelection()
        item.setVisible(True)
        item.setSelected(True)
        self.fitted = False
        if self.transform().m11() < 0.7:
            self.resetTransform()
        self.centerOn(item.pos())  # the node itself, not the middle of node plus caption

    def viewportEvent(self, event: Any) -> bool:
        """Hovering the legend's title says what a click and a drag do (nothing showed it could be touched)."""
        if event.type() == QEvent.Type.ToolTip and self.legend_title_box().contains(QPointF(event.pos())):
            QToolTip.showText(event.globalPos(), self.legend_tip(), self.viewport())
            return True
        return super().viewportEvent(event)

    def legend_tip(self) -> str:
        return self.tr("Legend: a click on its title folds or unfolds it, a drag moves it to another corner; "
                       "View > Legend hides it")

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        node = self.node_at(event.position().toPoint())
        if node is not None:
            self.expand_requested.emit(node.entity_id)
            return
        super().mouseDoubleClickEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if (event.button() == Qt.MouseButton.LeftButton
                and self.legend_title_box().contains(event.position())):  # as Analyst's Notebook's legend: a
            self._legend_press = event.position()  # click on the title folds it, a drag moves it (on release)
            event.accept()
            return
        if event.button() == Qt.MouseButton.MiddleButton:
            self._panning = event.position()
            self.fitted = False
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._legend_press is not None:
            delta = event.position() - self._legend_press
            if self._legend_at is not None or abs(delta.x()) + abs(delta.y()) > 6:
                if self._legend_at is None:
                    self._legend_at = self.legend_box().topLeft()
                    self._legend_drag_from = self._legend_at
                self._legend_at = self._legend_drag_from + delta
                self.viewport().update()
            return
        if self._panning is not None:
            delta = event.position() - self._panning
            self._panning = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(delta.y()))
            return
        over_title = not event.buttons() and self.legend_title_box().contains(event.position())
        if over_title != self._hand:  # a hand over the legend's title: it can be clicked
            self._hand = over_title
            if over_title:
                self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
            else:
                self.viewport().unsetCursor()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._legend_press is not None:
            self._legend_press = None
            if self._legend_at is None:
                self.set_legend_folded(not self.legend_shows_folded())
                return
            centre = self.legend_box().center()
            self._legend_at = None
            area = self.viewport().rect()
            self.set_legend_corner(("top" if centre.y() < area.height() / 2 else "bottom") + "-"
                                   + ("left" if centre.x() < area.width() / 2 else "right"))
            self.viewport().update()
            return
        if self._panning is not None:
            self._panning = None
            self.unsetCursor()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
            self.fitted = False
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
            return
        super().keyReleaseEvent(event)

    def contextMenuEvent(self, event: Any) -> None:
        node = self.node_at(event.pos())
        if node is not None and not node.isSelected():
            self.scene().clearSelection()
            node.setSelected(True)
        self.context_requested.emit(event.globalPos(), node.entity_id if node else None)
