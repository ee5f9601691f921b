"""Chart layouts (no Qt): force-directed, hierarchical, circular, grouped by type; free-space placement.

The layouts themselves come from python-igraph's C implementations (already a dependency
for the analyses): Kamada–Kawai for small charts, Fruchterman–Reingold up to a few
thousand nodes and DrL beyond, each started from the current positions so a re-layout
keeps the analyst's mental map; Sugiyama for hierarchical. Those algorithms treat nodes
as points, so `remove_overlaps` then pushes apart every pair whose footprints (node plus
caption, `Size`) overlap: siblings end at least a caption's width apart. Positions are in
chart units; pinned nodes keep theirs.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping

import igraph
import networkx as nx
import numpy as np

Pos = dict[str, tuple[float, float]]
Size = tuple[float, float]  # footprint width and height of a node with its caption, chart units
LAYOUTS = ("force", "hierarchical", "circular", "grouped")
SPACING = 90.0  # chart units between neighbouring nodes
GAP = 12.0  # free space kept between two footprints
LARGE_CHART = 500  # above this, overlap removal is approximate (a time budget, see remove_overlaps)
FR_LIMIT = 6000  # Fruchterman–Reingold (grid variant in igraph) below, DrL above: DrL needs ~7 s for 2,000 nodes
DEFAULT_SIZE: Size = (90.0, 54.0)


def _scale(raw: Mapping[str, tuple[float, float]], n: int, spacing: float = SPACING) -> Pos:
    if not raw:
        return {}
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    target = spacing * max(1.0, math.sqrt(n)) * 1.6
    return {k: ((x - cx) / span * target, (y - cy) / span * target) for k, (x, y) in raw.items()}


def _simple(graph: nx.MultiDiGraph) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(graph.nodes)
    g.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    return g


def _igraph(graph: nx.MultiDiGraph | nx.Graph, nodes: list[str]) -> igraph.Graph:
    index = {n: i for i, n in enumerate(nodes)}
    edges = {tuple(sorted((index[u], index[v]))) for u, v in graph.edges() if u != v}
    return igraph.Graph(n=len(nodes), edges=sorted(edges))


def _mean_width(sizes: Mapping[str, Size] | None, nodes: list[str]) -> float:
    if not sizes or not nodes:
        return DEFAULT_SIZE[0]
    return sum(sizes.get(n, DEFAULT_SIZE)[0] for n in nodes) / len(nodes)


# -- overlap removal -------------------------------------------------------------------------------------
def remove_overlaps(pos: Pos, sizes: Mapping[str, Size] | None = None, *, fixed: set[str] | None = None,
                    gap: float = GAP, max_rounds: int = 40) -> Pos:
    """Push apart nodes whose footprints overlap, along the axis that needs the least movement.

    A spatial hash keeps each round linear in the number of nodes; fixed (pinned) nodes do
    not move, the other one of the pair moves the whole distance. Above LARGE_CHART nodes the
    chart is first spread uniformly to the area its footprints need and pushed for a few rounds
    only (a time budget: a 2,000-node chart must show in under 3 s), so a few overlaps may stay.
    """
    if len(pos) < 2:
        return dict(pos)
    sizes = sizes or {}
    fixed = fixed or set()
    out = {n: [x, y] for n, (x, y) in pos.items()}
    free_nodes = [n for n in out if n not in fixed]
    large = len(out) > LARGE_CHART
    if large and len(free_nodes) > 1:  # rounds cost ~35 ms per 1,000 nodes: spread first, then push a few
        max_rounds = min(max_rounds, 3)
        need = sum((sizes.get(n, DEFAULT_SIZE)[0] + gap) * (sizes.get(n, DEFAULT_SIZE)[1] + gap) for n in out) * 1.6
        xs = [out[n][0] for n in free_nodes]
        ys = [out[n][1] for n in free_nodes]
        area = max(max(xs) - min(xs), 1.0) * max(max(ys) - min(ys), 1.0)
        factor = math.sqrt(need / area)
        if factor > 1.0:
            mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
            for n in free_nodes:
                out[n] = [mx + (out[n][0] - mx) * factor, my + (out[n][1] - my) * factor]
    half = {n: ((sizes.get(n, DEFAULT_SIZE)[0] + gap) / 2, (sizes.get(n, DEFAULT_SIZE)[1] + gap) / 2) for n in out}
    cell = 2 * max(max(w for w, _ in half.values()), max(h for _, h in half.values()))
    names = list(out)
    for _ in range(max_rounds):
        grid: dict[tuple[int, int], list[str]] = defaultdict(list)
        for n in names:
            x, y = out[n]
            grid[(int(x // cell), int(y // cell))].append(n)
        moved = False
        for (gx, gy), members in grid.items():
            near = [m for dx, dy in ((1, -1), (1, 0), (1, 1), (0, 1)) for m in grid.get((gx + dx, gy + dy), ())]
            for i, a in enumerate(members):
                ax, ay = out[a]
                aw, ah = half[a]
                for b in members[i + 1:] + near:
                    bx, by = out[b]
                    bw, bh = half[b]
                    ox = aw + bw - abs(ax - bx)
                    oy = ah + bh - abs(ay - by)
                    if ox <= 0 or oy <= 0:
                        continue
                    a_fixed, b_fixed = a in fixed, b in fixed
                    if a_fixed and b_fixed:
                        continue
                    share_a = 0.0 if a_fixed else (1.0 if b_fixed else 0.5)
                    share_b = 1.0 - share_a
                    if ox < oy:  # cheaper sideways
                        sign = 1.0 if ax > bx or (ax == bx and a < b) else -1.0
                        out[a][0] += sign * ox * share_a
                        out[b][0] -= sign * ox * share_b
                    else:
                        sign = 1.0 if ay > by or (ay == by and a < b) else -1.0
                        out[a][1] += sign * oy * share_a
                        out[b][1] -= sign * oy * share_b
                    ax, ay = out[a]
                    moved = True
        if not moved:
            break
    return {n: (x, y) for n, (x, y) in out.items()}


def _procrustes(result: np.ndarray, seed: np.ndarray) -> np.ndarray:
    """Rotate, reflect and scale `result` onto `seed` (orthogonal Procrustes): the analyst's mental map."""
    a = result - result.mean(axis=0)
    b = seed - seed.mean(axis=0)
    norm = float((a * a).sum())
    if norm == 0.0:
        return b
    u, sigma, vt = np.linalg.svd(a.T @ b)
    rotation = u @ vt
    scale = float(sigma.sum()) / norm
    out: np.ndarray = a @ rotation * scale + seed.mean(axis=0)
    return out


# -- layouts ------------------------------------------------------------------------------------------------
def force_layout(graph: nx.MultiDiGraph, seed: int = 7, initial: Pos | None = None,
                 sizes: Mapping[str, Size] | None = None) -> Pos:
    """Kamada–Kawai (< 100 nodes), Fruchterman–Reingold (< FR_LIMIT) or DrL, seeded with `initial`."""
    nodes = list(graph.nodes)
    if not nodes:
        return {}
    ig = _igraph(graph, nodes)
    seeded = bool(initial) and all(n in initial for n in nodes)  # type: ignore[operator]
    spacing = max(SPACING, _mean_width(sizes, nodes) * 0.9)
    seed_pos = None
    cx = cy = 0.0
    if seeded:
        assert initial is not None
        cx = sum(initial[n][0] for n in nodes) / len(nodes)
        cy = sum(initial[n][1] for n in nodes) / len(nodes)
        rng = np.random.default_rng(seed)  # a little jitter: rows from the hierarchical layout are not a start
        seed_pos = [[(initial[n][0] - cx) / spacing + float(rng.uniform(-0.4, 0.4)),  # a spring layout can leave
                     (initial[n][1] - cy) / spacing + float(rng.uniform(-0.4, 0.4))] for n in nodes]
    if seeded and len(nodes) < FR_LIMIT:  # FR refines a given picture; KK from a given start can stay degenerate
        layout = ig.layout_fruchterman_reingold(seed=seed_pos, niter=300)
    elif len(nodes) < 100:
        layout = ig.layout_kamada_kawai(seed=seed_pos, maxiter=50 * len(nodes))
    elif len(nodes) < FR_LIMIT:
        layout = ig.layout_fruchterman_reingold(seed=seed_pos, niter=300 if seed_pos or len(nodes) > 1000 else 500)
    else:
        layout = ig.layout_drl(seed=seed_pos)
    if seeded:  # a re-run refines the picture, it does not start over (nor mirror it: KK may)
        assert seed_pos is not None
        aligned = _procrustes(np.asarray(layout.coords, dtype=float), np.asarray(seed_pos, dtype=float))
        return {n: (cx + aligned[i][0] * spacing, cy + aligned[i][1] * spacing) for i, n in enumerate(nodes)}
    return _scale({n: (layout[i][0], layout[i][1]) for i, n in enumerate(nodes)}, len(nodes), spacing)


def circular_layout(graph: nx.MultiDiGraph, sizes: Mapping[str, Size] | None = None) -> Pos:
    nodes = sorted(graph.nodes, key=lambda n: (graph.nodes[n].get("type", ""), graph.nodes[n].get("caption", "")))
    n = len(nodes)
    step = max(SPACING, _mean_width(sizes, nodes) * 0.8)
    radius = max(step, step * n / (2 * math.pi))
    return {node: (radius * math.cos(2 * math.pi * i / max(n, 1)), radius * math.sin(2 * math.pi * i / max(n, 1)))
            for i, node in enumerate(nodes)}


def hierarchical_layout(graph: nx.MultiDiGraph, roots: list[str] | None = None,
                        sizes: Mapping[str, Size] | None = None) -> Pos:
    """Sugiyama (igraph): layers by distance from the roots (default: the best-connected node of each
    component), crossings reduced within layers; then siblings spaced by their captions' width."""
    sizes = sizes or {}
    simple = _simple(graph)
    pos: Pos = {}
    x_offset = 0.0
    row = max((sizes.get(n, DEFAULT_SIZE)[1] for n in simple), default=DEFAULT_SIZE[1]) + 2 * SPACING * 0.6
    for comp in sorted(nx.connected_components(simple), key=len, reverse=True):
        sub = simple.subgraph(comp)
        comp_roots = [r for r in (roots or []) if r in comp] or [max(sub.degree, key=lambda d: (d[1], d[0]))[0]]
        depth = {n: int(d) for n, d in nx.multi_source_dijkstra_path_length(sub, comp_roots).items()}
        nodes = sorted(comp, key=lambda n: (depth[n], graph.nodes[n].get("type", ""), str(n)))
        index = {n: i for i, n in enumerate(nodes)}
        edges = []
        for u, v in sub.edges():
            if depth[u] == depth[v]:
                continue  # same-layer links do not order layers
            a, b = (u, v) if depth[u] < depth[v] else (v, u)
            edges.append((index[a], index[b]))
        ig = igraph.Graph(n=len(nodes), edges=edges, directed=True)
        lay = ig.layout_sugiyama(layers=[depth[n] for n in nodes], maxiter=100)
        layers: dict[int, list[tuple[float, str]]] = defaultdict(list)
        for n in nodes:
            layers[depth[n]].append((lay[index[n]][0], n))
        unit = _mean_width(sizes, nodes) + GAP
        comp_pos: Pos = {}
        per_row = max(8, int(1.6 * math.sqrt(len(nodes))))
        y = 0.0
        for d in sorted(layers):
            members = sorted(layers[d])
            # a hub's 28 companies in one row made a chart 20 times wider than high, unreadable at
            # "Passend": a wide layer wraps onto rows of its own, each centred under the layer
            centre = sum(ideal for ideal, _ in members) / len(members) * unit if len(members) > per_row else None
            for k in range(0, len(members), per_row):
                for n, x in _pack_row(members[k:k + per_row], sizes, unit, centre).items():
                    comp_pos[n] = (x, y)
                y += row
        left = min(x - sizes.get(n, DEFAULT_SIZE)[0] / 2 for n, (x, _) in comp_pos.items())
        right = max(x + sizes.get(n, DEFAULT_SIZE)[0] / 2 for n, (x, _) in comp_pos.items())
        for n, (x, y) in comp_pos.items():
            pos[n] = (x - left + x_offset, y)
        x_offset += right - left + SPACING
    cx = x_offset / 2
    return {n: (x - cx, y) for n, (x, y) in pos.items()}


def _pack_row(members: list[tuple[float, str]], sizes: Mapping[str, Size], unit: float,
              centre: float | None = None) -> dict[str, float]:
    """x of each node of one row: near its Sugiyama place (or side by side around `centre`, for the
    rows of a wrapped layer), never closer than the captions allow."""
    xs: list[float] = []
    for i, (ideal, n) in enumerate(members):
        x = ideal * unit if centre is None else 0.0
        if i:
            prev = members[i - 1][1]
            need = (sizes.get(prev, DEFAULT_SIZE)[0] + sizes.get(n, DEFAULT_SIZE)[0]) / 2 + GAP
            x = max(x, xs[-1] + need)
        xs.append(x)
    wanted = sum(ideal * unit for ideal, _ in members) / len(members) if centre is None else centre
    shift = wanted - sum(xs) / len(xs)
    return {n: x + shift for x, (_, n) in zip(xs, members, strict=True)}


def grouped_layout(graph: nx.MultiDiGraph, sizes: Mapping[str, Size] | None = None,
                   initial: Pos | None = None) -> Pos:
    """One block per entity type (its members laid out by their own links), blocks packed in rows
    with a wide gutter so the frames the chart draws around each type stay apart."""
    groups: dict[str, list[str]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        groups[data.get("type", "")].append(node)
    blocks: list[tuple[float, float, str, Pos]] = []
    for t, members in groups.items():
        sub = graph.subgraph(members)
        if len(members) == 1:
            local: Pos = {members[0]: (0.0, 0.0)}
        elif sub.number_of_edges() == 0:  # sunflower spiral: even density
            step = max(SPACING * 0.6, _mean_width(sizes, members) * 0.6)
            local = {n: (step * math.sqrt(i + 0.5) * math.cos(i * 2.399963),
                         step * math.sqrt(i + 0.5) * math.sin(i * 2.399963))
                     for i, n in enumerate(sorted(members, key=lambda n: graph.nodes[n].get("caption", "")))}
        else:
            local = force_layout(sub, initial=initial, sizes=sizes)
        local = remove_overlaps(local, sizes)
        xs = [x for x, _ in local.values()]
        ys = [y for _, y in local.values()]
        w = max(xs) - min(xs) + _mean_width(sizes, members)
        h = max(ys) - min(ys) + DEFAULT_SIZE[1]
        local = {n: (x - min(xs), y - min(ys)) for n, (x, y) in local.items()}
        blocks.append((h, w, t, local))
    blocks.sort(key=lambda b: (-b[0], b[2]))
    total = sum(w * h for h, w, _, _ in blocks)
    row_width = max(max((w for _, w, _, _ in blocks), default=0.0), math.sqrt(total) * 1.5)
    gutter = SPACING * 1.2
    pos: Pos = {}
    x = y = row_h = 0.0
    for h, w, _, local in blocks:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + gutter, 0.0
        for n, (lx, ly) in local.items():
            pos[n] = (x + lx, y + ly)
        x += w + gutter
        row_h = max(row_h, h)
    if not pos:
        return pos
    cx = (max(p[0] for p in pos.values()) + min(p[0] for p in pos.values())) / 2
    cy = (max(p[1] for p in pos.values()) + min(p[1] for p in pos.values())) / 2
    return {n: (px - cx, py - cy) for n, (px, py) in pos.items()}


# -- placing new nodes ---------------------------------------------------------------------------------------
def place_in_free_space(centre: tuple[float, float], new: list[str], occupied: Mapping[str, tuple[float, float]],
                        sizes: Mapping[str, Size] | None = None, *, away_from: tuple[float, float] | None = None,
                        widest: float = 0.0) -> Pos:
    """Put new neighbours around `centre` where nothing stands yet, nearest rings first.

    Candidate spots lie on rings of growing radius, spaced by a footprint; a spot is taken only
    when no node on the chart (or placed before it) is within a footprint. Spots facing away from
    `away_from` (the rest of the chart) come first, so an expansion grows outwards. `widest` is
    the widest footprint already on the chart (sizes need only cover the new nodes).
    """
    sizes = sizes or {}
    if not new:
        return {}
    widest = max(widest, max((sizes.get(n, DEFAULT_SIZE)[0] for n in new), default=DEFAULT_SIZE[0]))
    w = max(min(widest, 240.0), SPACING) + GAP  # the widest caption decides: no two captions overlap
    h = max(max((sizes.get(n, DEFAULT_SIZE)[1] for n in new), default=DEFAULT_SIZE[1]), SPACING * 0.6) + GAP
    cell = max(w, h)
    grid: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)

    def key(x: float, y: float) -> tuple[int, int]:
        return math.floor(x / cell), math.floor(y / cell)

    for x, y in occupied.values():
        grid[key(x, y)].append((x, y))

    def free(x: float, y: float) -> bool:
        kx, ky = key(x, y)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for ox, oy in grid.get((kx + dx, ky + dy), ()):
                    if abs(ox - x) < w and abs(oy - y) < h:
                        return False
        return True

    cx, cy = centre
    base = math.atan2(cy - away_from[1], cx - away_from[0]) if away_from and away_from != centre else 0.0
    placed: Pos = {}
    todo = list(new)
    radius = max(1.8 * SPACING, w * 1.2)
    rings = 0
    while todo and rings < 200:
        count = max(6, int(2 * math.pi * radius / w))
        phase = (rings * 0.618034 % 1.0) * 2 * math.pi / count  # stagger rings: no spoke a link runs through
        angles = [base + phase + 2 * math.pi * i / count for i in range(count)]
        angles.sort(key=lambda a: abs(math.remainder(a - base, 2 * math.pi)))
        for a in angles:
            if not todo:
                break
            x, y = cx + radius * math.cos(a), cy + radius * math.sin(a)
            if free(x, y):
                node = todo.pop(0)
                placed[node] = (x, y)
                grid[key(x, y)].append((x, y))
        radius += h * 1.1
        rings += 1
    for node in todo:  # a packed chart: beyond the last ring (never on top of anything)
        placed[node] = (cx + radius, cy + h * len(placed))
    return placed


def compute(name: str, graph: nx.MultiDiGraph, *, pinned: Pos | None = None, initial: Pos | None = None,
            roots: list[str] | None = None, sizes: Mapping[str, Size] | None = None) -> Pos:
    """Lay out a chart; every layout ends with overlap removal by footprint (node plus caption)."""
    if name == "force":
        pos = force_layout(graph, initial=initial, sizes=sizes)
    elif name == "hierarchical":
        pos = hierarchical_layout(graph, roots, sizes)
    elif name == "circular":
        pos = circular_layout(graph, sizes)
    elif name == "grouped":
        pos = grouped_layout(graph, sizes, initial)
    else:
        raise ValueError(f"unknown layout {name!r}; choose from {', '.join(LAYOUTS)}")
    pos.update(pinned or {})
    if name != "hierarchical":  # Sugiyama spaced its layers already; pushing would break the rows
        pos = remove_overlaps(pos, sizes, fixed=set(pinned or ()))
    return pos
