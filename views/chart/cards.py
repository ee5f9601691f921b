"""Where each link's card sits along its line: clear of other cards and of nodes with their captions.

A card in the middle of every line piles up around a hub (twelve "bestuurder van" cards on top
of each other and of the companies' names, as a 12-company straw man showed). Each card may
slide along its own line; the first spot that covers nothing placed yet wins, else the spot
that covers least. Only links whose ends moved since their card was placed (or new ones) are
placed again, so an expand on a 2,000-node chart places its few new cards, not all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from views.chart.items import EdgeItem, NodeItem

LIMIT = 400  # links shown; above it cards stay in the middle (placing 2,000 took seconds per expand, and a
# chart that size is read zoomed in on a part, where its cards rarely collide as around one hub)
SPOTS = (0.5, 0.44, 0.56, 0.38, 0.62, 0.32, 0.68, 0.26, 0.74, 0.2, 0.8)  # fractions along the line, middle first
CELL = 80.0
DISC_WEIGHT = 20_000.0  # a wholly hidden entity outweighs a card's area of hidden name or card
Box = tuple[float, float, float, float]  # left, top, right, bottom


class _Grid:
    """Rectangles bucketed by cell, for quick "how much does this cover" questions."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[Box]] = {}

    @staticmethod
    def _keys(box: Box) -> Iterable[tuple[int, int]]:
        for gx in range(int(box[0] // CELL), int(box[2] // CELL) + 1):
            for gy in range(int(box[1] // CELL), int(box[3] // CELL) + 1):
                yield gx, gy

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

    def _overlaps(self, box: Box) -> Iterator[tuple[Box, float]]:
        """(rectangle, overlapping area) for each rectangle here that overlaps box, once each."""
        left, top, right, bottom = box
        seen: set[int] = set()
        for key in self._keys(box):
            for other in self.cells.get(key, ()):
                w = min(right, other[2]) - max(left, other[0])
                h = min(bottom, other[3]) - max(top, other[1])
                if w > 0 and h > 0 and id(other) not in seen:
                    seen.add(id(other))
                    yield other, w * h

    def covered(self, box: Box) -> float:
        """How much of box the rectangles already here cover (0 when it is clear)."""
        return sum(area for _, area in self._overlaps(box))

    def hidden_share(self, box: Box) -> float:
        """Sum over the rectangles here of the square of how much of each box hides: half of two discs
        (both still recognisable) weighs less than the whole of one."""
        return sum((area / ((o[2] - o[0]) * (o[3] - o[1]))) ** 2 for o, area in self._overlaps(box))


def _box(edge: EdgeItem, t: float | None = None, margin: float = 0.0) -> Box:
    r = edge.card_rect(t)
    return r.left() - margin, r.top() - margin, r.right() + margin, r.bottom() + margin


def _ends(edge: EdgeItem) -> tuple[float, float, float, float]:
    a, b = edge.source.pos(), edge.target.pos()
    return a.x(), a.y(), b.x(), b.y()


def place(nodes: Iterable[NodeItem], edges: Iterable[EdgeItem], *, everything: bool = False) -> int:
    """Give each visible link whose ends moved (all with `everything`) the card spot that covers
    the least (nodes with their captions, other cards); returns how many were placed."""
    shown = [e for e in edges if e.isVisible()]
    if len(shown) > LIMIT:
        return 0
    names, placed, discs = _Grid(), _Grid(), _Grid()
    for node in nodes:
        if node.isVisible():
            # the disc and the caption under it, not their bounding box: beside the disc of a long name
            # that box is empty, and counting it pushed a short link's card onto the other end's disc
            r, p, radius = node.sceneBoundingRect(), node.pos(), node.radius
            half = node.caption_width() / 2 + 4
            names.add((p.x() - half, p.y() + radius, p.x() + half, r.bottom()))
            discs.add((p.x() - radius - 4, p.y() - radius - 4, p.x() + radius + 4, p.y() + radius + 4))
    stale = []
    for edge in shown:
        if everything or edge.placed_for != _ends(edge):
            stale.append(edge)
        else:
            placed.add(_box(edge))
    stale.sort(key=lambda e: (e.line_length(), e.relation_id))  # short links first: fewest spots to choose from
    for edge in stale:
        best_t, best_cover = 0.5, -1.0
        for t in SPOTS:
            box = _box(edge, t, 2.0)  # touching cards read as one
            # a hidden entity is worst (on a link shorter than its card, the least-covering spot was on top
            # of the person's disc), a hidden name is worse than a hidden date
            cover = DISC_WEIGHT * discs.hidden_share(box) + 2 * names.covered(box) + placed.covered(box)
            if best_cover < 0 or cover < best_cover:
                best_t, best_cover = t, cover
            if cover == 0:
                break
        edge.set_card_at(best_t)
        edge.placed_for = _ends(edge)
        placed.add(_box(edge))
    return len(stale)
