"""Where each link's card sits along its line: clear of other cards and of nodes with their captions.

A card in the middle of every line piles up around a hub (twelve "bestuurder van" cards on top
of each other and of the companies' names, as a 12-company straw man showed). Each card may
slide along its own line; the first spot that covers nothing placed yet wins, else the spot
that covers least. Cheap enough to run after every expand, layout, drag and undo.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRectF

from views.chart.items import EdgeItem, NodeItem

SPOTS = (0.5, 0.44, 0.56, 0.38, 0.62, 0.32, 0.68, 0.26, 0.74, 0.2, 0.8)  # fractions along the line, middle first
CELL = 80.0


class _Grid:
    """Rectangles bucketed by cell, for quick "does this cover anything" questions."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[QRectF]] = {}

    def _keys(self, box: QRectF) -> Iterable[tuple[int, int]]:
        for gx in range(int(box.left() // CELL), int(box.right() // CELL) + 1):
            for gy in range(int(box.top() // CELL), int(box.bottom() // CELL) + 1):
                yield gx, gy

    def add(self, box: QRectF) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

    def covered(self, box: QRectF) -> float:
        """How much of box the rectangles already here cover (0 when it is clear)."""
        seen: set[int] = set()
        area = 0.0
        for key in self._keys(box):
            for other in self.cells.get(key, ()):
                if id(other) in seen or not box.intersects(other):
                    continue
                seen.add(id(other))
                common = box.intersected(other)
                area += common.width() * common.height()
        return area


def place(nodes: Iterable[NodeItem], edges: Iterable[EdgeItem]) -> None:
    """Give every visible link the card spot that covers the least (nodes, captions, other cards)."""
    names, placed = _Grid(), _Grid()
    for node in nodes:
        if node.isVisible():
            names.add(node.sceneBoundingRect())
    shown = sorted((e for e in edges if e.isVisible()), key=lambda e: (e.line_length(), e.relation_id))
    for edge in shown:  # short links first: they have the fewest spots to choose from
        best_t, best_cover = 0.5, -1.0
        for t in SPOTS:
            box = edge.card_rect(t).adjusted(-2, -2, 2, 2)  # touching cards read as one
            cover = 2 * names.covered(box) + placed.covered(box)  # a hidden name is worse than a hidden date
            if best_cover < 0 or cover < best_cover:
                best_t, best_cover = t, cover
            if cover == 0:
                break
        edge.set_card_at(best_t)
        placed.add(edge.card_rect(best_t))
