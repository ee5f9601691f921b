"""How each link of the HTML export bends, so that its text lands clear of other texts, icons and names.

vis-network writes a link's text at the middle of its line: around a busy address or between a
person and a company joined five times the texts lay on top of each other. It cannot move a text
along the line, but a curved link (smooth `curvedCW`/`curvedCCW`, a roundness per link) carries
its text sideways. So each link gets the first bend, straight first, whose text covers nothing
placed yet (else the one covering least: an icon weighs most, then a name); links joining the same
two entities never share a bend, so they fan out even with texts off. Texts are sized as vis draws
them (its 9 px link font, measured in Chromium: tests/gui/test_export_html_labels.py).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from typing import Any

from views.chart.cards import Box, _Grid

LINK_CHAR, LINK_LINE = 4.9, 9.0  # px a character and a line of vis-network's 9 px link text
NAME_CHAR, NAME_LINE, NAME_GAP = 6.3, 11.0, 9.5  # its 11 px entity names, that far under the icon
# A bend up to 0.5 carries the text sideways (a rounder one loops round the chart); a negative one, which
# vis-network draws as a line kinked near its start, slides the text towards the start (to a quarter).
ROUNDNESS = (0.1, 0.2, 0.3, 0.4, 0.5, -0.2, -0.4, -0.6, -0.8)
FANNED = (0.65, 0.8, 1.0)  # also for links joining the same two entities: they fan out like the chart's
ICON_WEIGHT = 10_000.0  # a pixel of an icon under a text outweighs any overlap of texts: icons stay whole
STRAIGHT: dict[str, Any] = {"enabled": False}
LIMIT = 3000  # links; above it every link keeps the middle of a straight line (parallel ones still fan out)


def via(kind: str, roundness: float, a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """The control point vis-network 9.1 puts on a curvedCW/curvedCCW link from a to b (its own formula)."""
    dx, dy = b[0] - a[0], a[1] - b[1]
    length = math.hypot(dx, dy)
    sign = 1.0 if kind == "curvedCW" else -1.0
    angle = (math.atan2(dy, dx) + (0.5 * sign * roundness + 0.5) * math.pi) % (2 * math.pi)
    reach = (0.5 * roundness + 0.5) * length
    return a[0] + reach * math.sin(angle), a[1] + reach * math.cos(angle)


def label_centre(smooth: dict[str, Any], a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """Where vis-network writes the text: the middle of the straight line or of the quadratic curve."""
    if not smooth.get("enabled"):
        return (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    c = via(smooth["type"], smooth["roundness"], a, b)
    return 0.25 * a[0] + 0.5 * c[0] + 0.25 * b[0], 0.25 * a[1] + 0.5 * c[1] + 0.25 * b[1]


def _text_size(text: str, char: float, line: float) -> tuple[float, float]:
    lines = text.split("\n") if text else []
    return (max((len(t) for t in lines), default=0) * char + 2, len(lines) * line + 2) if lines else (12.0, 6.0)


def _box(centre: tuple[float, float], size: tuple[float, float], margin: float = 0.0) -> Box:
    w, h = size[0] / 2 + margin, size[1] / 2 + margin
    return centre[0] - w, centre[1] - h, centre[0] + w, centre[1] + h


def _candidates(roundnesses: Iterable[float]) -> list[dict[str, Any]]:
    """Straight first, then the bends in the order they move the text from the middle (on a unit line)."""
    bent = [{"enabled": True, "type": kind, "roundness": roundness}
            for roundness in roundnesses for kind in ("curvedCW", "curvedCCW")]
    bent.sort(key=lambda smooth: math.dist(label_centre(smooth, (0, 0), (1, 0)), (0.5, 0)))
    return [STRAIGHT, *bent]


def _obstacles(nodes: Iterable[dict[str, Any]]) -> tuple[_Grid, _Grid]:
    """The icons and the names under them, as vis-network draws them."""
    discs, names = _Grid(), _Grid()
    for n in nodes:
        x, y, r = n["x"], n["y"], n["size"]
        discs.add((x - r - 2, y - r - 2, x + r + 2, y + r + 2))
        w, h = _text_size(n["label"], NAME_CHAR, NAME_LINE)
        names.add((x - w / 2, y + r + NAME_GAP, x + w / 2, y + r + NAME_GAP + h))
    return discs, names


def bends(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], *, show_labels: bool = True) -> dict[str, Any]:
    """edge id -> vis-network `smooth` options: where its text covers least, never the bend of a twin."""
    at = {n["id"]: (float(n["x"]), float(n["y"])) for n in nodes}
    discs, names = _obstacles(nodes)
    placed = _Grid()
    taken: dict[frozenset[str], list[tuple[float, float]]] = {}
    out: dict[str, Any] = {}
    single, fanned = _candidates(ROUNDNESS), _candidates(ROUNDNESS + FANNED)
    links = Counter(frozenset((e["from"], e["to"])) for e in edges)
    order = sorted(edges, key=lambda e: (math.dist(at[e["from"]], at[e["to"]]), str(e["id"])))
    for edge in order:
        a, b = at[edge["from"]], at[edge["to"]]
        pair = frozenset((edge["from"], edge["to"]))
        twins = taken.setdefault(pair, [])
        if a == b:  # a link to itself: vis draws a loop
            out[edge["id"]] = STRAIGHT
            continue
        size = _text_size(edge["label"] if show_labels else "", LINK_CHAR, LINK_LINE)
        best, best_cover = STRAIGHT, -1.0
        candidates = fanned if links[pair] > 1 else single if len(edges) <= LIMIT else single[:1]
        for smooth in candidates:
            centre = label_centre(smooth, a, b)
            if any(math.dist(centre, t) < 3 for t in twins):
                continue  # the same curve as a link already drawn between these two
            box = _box(centre, size, 2.0)
            cover = ICON_WEIGHT * discs.covered(box) + 2 * names.covered(box) + placed.covered(box)
            if best_cover < 0 or cover < best_cover:
                best, best_cover = smooth, cover
            if cover == 0:
                break
        centre = label_centre(best, a, b)
        twins.append(centre)
        placed.add(_box(centre, size))
        out[edge["id"]] = best
    return out
