"""The chart's contents: which entities and relations are on it, where, and how styled.

The scene is the single truth for a chart: saving, exporting and undo all read and
write it through the snapshot functions here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from PySide6.QtCore import QCoreApplication, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene

from graph.formatting import format_date
from graph.schema import Schema
from views import names
from views.chart import cards
from views.chart.items import EdgeItem, NodeItem

# Colour-blind-safe qualitative palette (Okabe-Ito + Paul Tol) for communities; no reds: red
# means a red flag only.
COMMUNITY_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#117733", "#F0E442",
                     "#332288", "#44AA99", "#882255", "#999933", "#AA4499")


@dataclass
class Snapshot:
    """Nodes and edges as data, for undo and for saving."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> {attrs, x, y, pinned, hidden}
    edges: dict[str, tuple[str, str, dict[str, Any]]] = field(default_factory=dict)


class ChartScene(QGraphicsScene):
    moved = Signal(dict, dict)  # old positions, new positions (after a drag)
    changed_contents = Signal()

    def __init__(self, schema: Schema, lang: str = "nl", parent: Any = None):
        super().__init__(parent)
        self.schema = schema
        self.lang = lang
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[str, EdgeItem] = {}
        self._drag_start: dict[str, tuple[float, float]] = {}
        self.show_link_labels = True
        self.caption_scale = 1.0  # set by exports (views/chart/export.py capture)
        self.widest_footprint = 0.0  # the widest node-plus-caption on the chart (for free-space placement)
        self.generation = 0  # bumped on any change the view's zoomed-out captions depend on (their layout cache)
        self.legend_cache: list[Any] | None = None  # legend rows; None after any change that could alter them
        self._gradings: dict[str | None, str] = {}  # grading code -> its words, translated once per chart
        self.show_groups = False  # frames around each entity type (the "grouped by type" layout)
        self.size_meaning: str | None = None  # what node size shows, for the legend
        self.colour_meaning: str | None = None
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)  # items move a lot
        self.changed_contents.connect(self.update_importance)
        self.changed_contents.connect(self.place_link_cards)
        self._selection_order: list[str] = []  # as the analyst selected them: a new link goes first -> second
        self.selectionChanged.connect(self._track_selection_order)

    # -- building ------------------------------------------------------------------------------
    def add_graph(self, graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]]) -> Snapshot:
        """Add the graph's nodes and edges not yet on the chart; returns what was added."""
        added = Snapshot()
        for node, attrs in graph.nodes(data=True):
            if node in self.nodes:
                continue
            x, y = positions.get(node, (0.0, 0.0))
            added.nodes[node] = {"attrs": dict(attrs), "x": x, "y": y, "pinned": False, "hidden": False}
        for u, v, key, attrs in graph.edges(keys=True, data=True):
            ends_known = (u in self.nodes or u in added.nodes) and (v in self.nodes or v in added.nodes)
            if key not in self.edges and ends_known:
                added.edges[key] = (u, v, dict(attrs))
        self.apply(added)
        return added

    def apply(self, snap: Snapshot) -> None:
        """Put a snapshot's nodes and edges (back) on the chart."""
        for node, info in snap.nodes.items():
            if node in self.nodes:
                continue
            attrs = info["attrs"]
            et = self.schema.entities.get(attrs.get("type", ""))
            item = NodeItem(node, attrs, et.color if et else "#888888", et.icon if et else "")
            # name, type, marking and what a double-click does: not the internal id (per-6e9a18d3…)
            item.setToolTip(f"{attrs.get('caption') or node}\n{et.title(self.lang) if et else item.etype}"
                            f" · {names.security_label(item.security_label)}\n"
                            + QCoreApplication.translate("Chart", "Double-click: add its neighbours"))
            item.setPos(QPointF(info["x"], info["y"]))
            if info.get("pinned"):
                item.set_pinned(True)
            item.setVisible(not info.get("hidden"))
            self.addItem(item)
            self.nodes[node] = item
            self.widest_footprint = max(self.widest_footprint, item.footprint()[0])
        pair_count: dict[frozenset[str], int] = defaultdict(int)
        for edge in self.edges.values():
            pair_count[frozenset((edge.source.entity_id, edge.target.entity_id))] += 1
        for key, (u, v, attrs) in snap.edges.items():
            if key in self.edges or u not in self.nodes or v not in self.nodes:
                continue
            rt = self.schema.relations.get(attrs.get("type", ""))
            pair = frozenset((u, v))
            offset = pair_count[pair]
            pair_count[pair] += 1
            bend = (offset + 1) // 2 * (1 if offset % 2 else -1)
            title = rt.title(self.lang) if rt else attrs.get("type", "")
            edge = EdgeItem(key, self.nodes[u], self.nodes[v], attrs, title, rt.directed if rt else True, bend,
                            self.lang)
            edge.setToolTip(self._edge_tip(edge))
            edge.setVisible(self.nodes[u].isVisible() and self.nodes[v].isVisible())
            self.addItem(edge)
            self.edges[key] = edge
        self.changed_contents.emit()

    def _edge_tip(self, edge: EdgeItem) -> str:
        lines = [edge.title + (f": {edge.role}" if edge.role else "")]
        if edge.dates:
            lines.append(edge.dates + (" " + QCoreApplication.translate("Chart", "(ended)") if edge.ended else ""))
        code = edge.grading or None
        grading = self._gradings.get(code) or self._gradings.setdefault(code, names.grading(code))
        lines.append(QCoreApplication.translate("Chart", "Source grading: %1").replace("%1", grading))
        lines.append(names.security_label(edge.security_label))  # no internal id (rel-…): the details name it
        return "\n".join(lines)

    def update_importance(self) -> None:
        """Which captions stay when zoomed out: well-connected, large (high score) and flagged first."""
        self.legend_cache = None  # called after every change of contents or styling
        self.generation += 1
        for item in self.nodes.values():
            item.importance = len(item.edges) + 4.0 * (item.size_factor - 1.0) + (10.0 if item.flagged else 0.0)

    def place_link_cards(self) -> None:
        """Slide link cards along their lines off each other and off nodes (after contents or positions change)."""
        cards.place(self.nodes.values(), self.edges.values())

    def footprints(self) -> dict[str, tuple[float, float]]:
        """Each node's width and height with its caption, for the layouts' overlap removal."""
        return {n: i.footprint() for n, i in self.nodes.items()}

    def format_date(self, value: object) -> str:
        return format_date(value, self.lang)

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawBackground(painter, rect)
        if self.show_groups:
            self.draw_group_frames(painter)

    def group_frames(self) -> dict[str, QRectF]:
        """Each type's frame in scene coordinates (the "grouped by type" layout)."""
        boxes: dict[str, QRectF] = {}
        for item in self.nodes.values():
            if item.isVisible():
                r = item.sceneBoundingRect()
                boxes[item.etype] = boxes[item.etype].united(r) if item.etype in boxes else r
        return {etype: box.adjusted(-14, -30, 14, 10) for etype, box in boxes.items()}

    def draw_group_frames(self, painter: QPainter, titles: bool = True) -> None:
        """A tinted frame with the type's name around each type's nodes: grouping you can see."""
        boxes = self.group_frames()
        font = QFont("Sans Serif")
        font.setPixelSize(14)
        font.setBold(True)
        painter.save()
        painter.setFont(font)
        for etype, box in boxes.items():
            spec = self.schema.entities.get(etype)
            colour = QColor(spec.color if spec else "#888888")
            frame = box
            fill = QColor(colour)
            fill.setAlpha(28)
            painter.setPen(QPen(colour, 1.5))
            painter.setBrush(fill)
            painter.drawRoundedRect(frame, 10, 10)
            if not titles:
                continue
            painter.setPen(colour.darker(130))
            painter.drawText(frame.adjusted(10, 4, -10, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             spec.title(self.lang) if spec else etype)
        painter.restore()

    def snapshot(self, ids: set[str] | None = None) -> Snapshot:
        """The chart (or the given nodes with every edge touching them) as data."""
        snap = Snapshot()
        for node, item in self.nodes.items():
            if ids is None or node in ids:
                snap.nodes[node] = {"attrs": item.attrs, "x": item.pos().x(), "y": item.pos().y(),
                                    "pinned": item.pinned, "hidden": not item.isVisible()}
        for key, edge in self.edges.items():
            if ids is None or edge.source.entity_id in ids or edge.target.entity_id in ids:
                snap.edges[key] = (edge.source.entity_id, edge.target.entity_id, edge.attrs)
        return snap

    def remove(self, snap: Snapshot) -> None:
        for key in snap.edges:
            edge = self.edges.pop(key, None)
            if edge is not None:
                edge.detach()
                self.removeItem(edge)
        for node in snap.nodes:
            item = self.nodes.pop(node, None)
            if item is not None:
                for edge in list(item.edges):
                    self.edges.pop(edge.relation_id, None)
                    edge.detach()
                    self.removeItem(edge)
                self.removeItem(item)
        self.changed_contents.emit()

    def clear_chart(self) -> None:
        self.remove(self.snapshot())

    # -- reading ---------------------------------------------------------------------------------
    def graph(self, *, visible_only: bool = False) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        for node, item in self.nodes.items():
            if not visible_only or item.isVisible():
                g.add_node(node, **item.attrs)
        for key, edge in self.edges.items():
            if edge.source.entity_id in g and edge.target.entity_id in g:
                g.add_edge(edge.source.entity_id, edge.target.entity_id, key=key, **edge.attrs)
        return g

    def positions(self, ids: Any = None) -> dict[str, tuple[float, float]]:
        return {n: (i.pos().x(), i.pos().y()) for n, i in self.nodes.items() if ids is None or n in ids}

    def set_positions(self, pos: dict[str, tuple[float, float]]) -> None:
        for node, (x, y) in pos.items():
            item = self.nodes.get(node)
            if item is not None:
                item.setPos(QPointF(x, y))
        self.place_link_cards()

    def _track_selection_order(self) -> None:
        now = {i.entity_id for i in self.selectedItems() if isinstance(i, NodeItem)}
        kept = [n for n in self._selection_order if n in now]
        self._selection_order = kept + sorted(now.difference(kept))

    def selected_ids(self) -> list[str]:
        """The selected entities, first selected first: Ctrl+click A then B links A -> B, as in Analyst's Notebook
        (Qt's own order is arbitrary, so a new link could run from the company to the person)."""
        now = [i.entity_id for i in self.selectedItems() if isinstance(i, NodeItem)]
        order = {n: k for k, n in enumerate(self._selection_order)}
        return sorted(now, key=lambda n: order.get(n, len(order)))

    def pinned_positions(self) -> dict[str, tuple[float, float]]:
        return {n: (i.pos().x(), i.pos().y()) for n, i in self.nodes.items() if i.pinned}

    def security_labels(self) -> set[str]:
        return ({i.security_label for i in self.nodes.values() if i.isVisible()}
                | {e.security_label for e in self.edges.values() if e.isVisible()})

    # -- visibility, pinning -----------------------------------------------------------------------
    def set_hidden(self, ids: list[str], hidden: bool) -> None:
        for node in ids:
            item = self.nodes.get(node)
            if item is not None:
                item.setVisible(not hidden)
                if hidden:
                    item.setSelected(False)
        self.legend_cache = None
        for edge in self.edges.values():
            edge.setVisible(edge.source.isVisible() and edge.target.isVisible())
        self.place_link_cards()

    def hidden_ids(self) -> list[str]:
        return [n for n, i in self.nodes.items() if not i.isVisible()]

    def set_pinned(self, ids: list[str], pinned: bool) -> None:
        for node in ids:
            if node in self.nodes:
                self.nodes[node].set_pinned(pinned)

    # -- styling by analysis result ----------------------------------------------------------------
    def size_by(self, values: dict[str, float], meaning: str | None = None) -> None:
        """Scale nodes by a score (e.g. centrality): 0.8x to 2.5x the normal size; `meaning` goes in the legend."""
        if not values:
            return
        self.size_meaning = meaning
        lo, hi = min(values.values()), max(values.values())
        span = (hi - lo) or 1.0
        for node, item in self.nodes.items():
            v = values.get(node)
            item.set_size_factor(1.0 if v is None else 0.8 + 1.7 * (v - lo) / span)
        self.update_importance()

    def colour_by(self, groups: dict[str, Any], meaning: str | None = None) -> None:
        """Colour nodes by group (community number or any label); a colour string is used as is."""
        self.colour_meaning = meaning
        order = {g: i for i, g in enumerate(sorted({str(g) for g in groups.values()}))}
        for node, item in self.nodes.items():
            g = groups.get(node)
            if g is None:
                item.set_style_color(None)
            elif isinstance(g, str) and g.startswith("#"):
                item.set_style_color(QColor(g))
            else:
                item.set_style_color(QColor(COMMUNITY_COLOURS[order[str(g)] % len(COMMUNITY_COLOURS)]))
        self.legend_cache = None

    def flag(self, ids: set[str]) -> None:
        """Mark red flags with a red halo: the fill keeps showing the type or the analysis group."""
        for node, item in self.nodes.items():
            if node in ids:
                item.set_flagged(True)
        self.update_importance()

    def clear_style(self) -> None:
        for item in self.nodes.values():
            item.set_style_color(None)
            item.set_size_factor(1.0)
            item.set_flagged(False)
        self.size_meaning = self.colour_meaning = None
        self.update_importance()

    def style_state(self) -> dict[str, Any]:
        """Sizes, colours, flags and their legend meanings as data: an undo step keeps the styling before and after."""
        return {"size": {n: i.size_factor for n, i in self.nodes.items() if i.size_factor != 1.0},
                "colour": {n: i.style_color.name() for n, i in self.nodes.items() if i.style_color is not None},
                "flag": sorted(n for n, i in self.nodes.items() if i.flagged),
                "size_meaning": self.size_meaning, "colour_meaning": self.colour_meaning}

    def set_style_state(self, style: dict[str, Any]) -> None:
        """Put back styling kept by `style_state`; nodes it does not name get the plain look."""
        sizes, colours, flags = style.get("size", {}), style.get("colour", {}), set(style.get("flag", ()))
        for node, item in self.nodes.items():
            if item.size_factor != sizes.get(node, 1.0):
                item.set_size_factor(float(sizes.get(node, 1.0)))
            colour = colours.get(node)
            item.set_style_color(QColor(colour) if colour else None)
            item.set_flagged(node in flags)
        self.size_meaning, self.colour_meaning = style.get("size_meaning"), style.get("colour_meaning")
        self.update_importance()
        self.update()

    # -- drags (for undo) --------------------------------------------------------------------------
    def begin_move(self) -> None:
        self._drag_start = self.positions()

    def end_move(self) -> None:
        start, self._drag_start = self._drag_start, {}
        if not start:
            return
        now = self.positions(start.keys())
        moved = {n for n, p in now.items() if start.get(n) != p}
        if moved:
            self.place_link_cards()
            self.moved.emit({n: start[n] for n in moved}, {n: now[n] for n in moved})
