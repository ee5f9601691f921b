"""Chart layouts (no Qt): force-directed, hierarchical, circular and grouped by entity type.

python-igraph's C layouts place 2,000 nodes in a fraction of a second (networkx's spring
layout needs scipy and is ~10x slower), so igraph is used when present; networkx covers
the rest. Positions come back in chart units, pinned nodes keep theirs.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping

import networkx as nx

Pos = dict[str, tuple[float, float]]
LAYOUTS = ("force", "hierarchical", "circular", "grouped")
SPACING = 90.0  # chart units between neighbouring nodes


def _scale(raw: Mapping[str, tuple[float, float]], n: int) -> Pos:
    if not raw:
        return {}
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    target = SPACING * max(1.0, math.sqrt(n)) * 1.6
    return {k: ((x - cx) / span * target, (y - cy) / span * target) for k, (x, y) in raw.items()}


def _simple(graph: nx.MultiDiGraph) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(graph.nodes)
    g.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    return g


def force_layout(graph: nx.MultiDiGraph, seed: int = 7, initial: Pos | None = None) -> Pos:
    nodes = list(graph.nodes)
    if not nodes:
        return {}
    try:
        import igraph
    except ImportError:
        igraph = None
    if igraph is not None:
        index = {n: i for i, n in enumerate(nodes)}
        edges = {(index[u], index[v]) for u, v in graph.edges() if u != v}
        ig = igraph.Graph(n=len(nodes), edges=sorted(edges))
        seed_pos = None
        if initial and all(n in initial for n in nodes):
            seed_pos = [list(initial[n]) for n in nodes]
        layout = ig.layout_fruchterman_reingold(seed=seed_pos, niter=500 if len(nodes) < 1000 else 300)
        return _scale({n: tuple(layout[i]) for n, i in index.items()}, len(nodes))
    raw = nx.spring_layout(_simple(graph), seed=seed, pos=initial or None)
    return _scale({n: (float(p[0]), float(p[1])) for n, p in raw.items()}, len(nodes))


def circular_layout(graph: nx.MultiDiGraph) -> Pos:
    nodes = sorted(graph.nodes, key=lambda n: (graph.nodes[n].get("type", ""), graph.nodes[n].get("caption", "")))
    n = len(nodes)
    radius = max(SPACING, SPACING * n / (2 * math.pi))
    return {node: (radius * math.cos(2 * math.pi * i / max(n, 1)), radius * math.sin(2 * math.pi * i / max(n, 1)))
            for i, node in enumerate(nodes)}


def hierarchical_layout(graph: nx.MultiDiGraph, roots: list[str] | None = None) -> Pos:
    """Layers by distance from the roots (default: the best-connected node of each component)."""
    simple = _simple(graph)
    pos: Pos = {}
    x_offset = 0.0
    for comp in sorted(nx.connected_components(simple), key=len, reverse=True):
        sub = simple.subgraph(comp)
        comp_roots = [r for r in (roots or []) if r in comp] or [max(sub.degree, key=lambda d: d[1])[0]]
        layers: dict[int, list[str]] = defaultdict(list)
        depth = nx.multi_source_dijkstra_path_length(sub, comp_roots)
        for node, d in depth.items():
            layers[int(d)].append(node)
        width = max(len(v) for v in layers.values())
        for d, members in layers.items():
            members.sort(key=lambda n: (graph.nodes[n].get("type", ""), graph.nodes[n].get("caption", "")))
            start = x_offset + (width - len(members)) * SPACING / 2
            for i, node in enumerate(members):
                pos[node] = (start + i * SPACING, d * SPACING * 1.6)
        x_offset += (width + 1) * SPACING
    cx = x_offset / 2
    return {n: (x - cx, y) for n, (x, y) in pos.items()}


def grouped_layout(graph: nx.MultiDiGraph) -> Pos:
    """One compact disc per entity type, the discs on a ring: who is what at a glance."""
    groups: dict[str, list[str]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        groups[data.get("type", "")].append(node)
    pos: Pos = {}
    keys = sorted(groups, key=lambda t: -len(groups[t]))
    radii = {t: SPACING * 0.6 * math.sqrt(len(groups[t])) for t in keys}
    ring = max(SPACING * 2, sum(2 * r + SPACING for r in radii.values()) / (2 * math.pi))
    for gi, t in enumerate(keys):
        angle = 2 * math.pi * gi / len(keys)
        cx, cy = (ring * math.cos(angle), ring * math.sin(angle)) if len(keys) > 1 else (0.0, 0.0)
        members = sorted(groups[t], key=lambda n: graph.nodes[n].get("caption", ""))
        for i, node in enumerate(members):  # sunflower spiral: even density, no overlap
            r = SPACING * 0.6 * math.sqrt(i + 0.5)
            theta = i * 2.399963
            pos[node] = (cx + r * math.cos(theta), cy + r * math.sin(theta))
    return pos


def ring_around(centre: tuple[float, float], new: list[str], occupied: int = 0) -> Pos:
    """Place new neighbours on a ring around the node they were expanded from (fast: no re-layout)."""
    n = len(new)
    radius = max(SPACING * 1.5, SPACING * n / (2 * math.pi))
    return {node: (centre[0] + radius * math.cos(2 * math.pi * i / max(n, 1) + occupied * 0.3),
                   centre[1] + radius * math.sin(2 * math.pi * i / max(n, 1) + occupied * 0.3))
            for i, node in enumerate(new)}


def compute(name: str, graph: nx.MultiDiGraph, *, pinned: Pos | None = None, initial: Pos | None = None,
            roots: list[str] | None = None) -> Pos:
    if name == "force":
        pos = force_layout(graph, initial=initial)
    elif name == "hierarchical":
        pos = hierarchical_layout(graph, roots)
    elif name == "circular":
        pos = circular_layout(graph)
    elif name == "grouped":
        pos = grouped_layout(graph)
    else:
        raise ValueError(f"unknown layout {name!r}; choose from {', '.join(LAYOUTS)}")
    pos.update(pinned or {})
    return pos
