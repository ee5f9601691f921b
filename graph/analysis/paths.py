"""Paths: how is A connected to B, and what lies within k steps of an entity.

Paths ignore direction (a director *of* a company links the two either way) but every
hop reports the relations behind it with their direction, type, validity and id, so the
analyst can read the chain as evidence: "A -director_of-> X <-located_at- Y ...".
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import Any

import networkx as nx
import pandas as pd

from graph.analysis.filters import neighbours, require
from graph.analysis.method import set_method, t
from graph.errors import KnooppuntError
from graph.text import counted

HOP_COLUMNS = ["path", "step", "from_id", "from_caption", "from_type", "relation", "to_id", "to_caption",
               "to_type", "valid", "relations"]


def _undirected(g: nx.MultiDiGraph) -> nx.MultiGraph:
    return g.to_undirected(as_view=True)


def shortest_path(g: nx.MultiDiGraph, a: str, b: str) -> list[str] | None:
    """One shortest path from a to b (entity ids), or None when they are not connected."""
    require(g, a)
    require(g, b)
    try:
        return list(nx.bidirectional_shortest_path(_undirected(g), a, b))
    except nx.NetworkXNoPath:
        return None


def all_shortest_paths(g: nx.MultiDiGraph, a: str, b: str, *, max_paths: int = 100) -> list[list[str]]:
    """Every shortest path from a to b (at most max_paths), in a stable order."""
    require(g, a)
    require(g, b)
    try:
        paths = []
        for p in nx.all_shortest_paths(_undirected(g), a, b):
            paths.append(list(p))
            if len(paths) >= max_paths:
                break
    except nx.NetworkXNoPath:
        return []
    return sorted(paths)


def _distances_from(g: nx.MultiDiGraph, source: str, depth: int) -> dict[str, int]:
    dist = {source: 0}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        if dist[node] >= depth:
            continue
        for other in neighbours(g, node):
            if other not in dist:
                dist[other] = dist[node] + 1
                queue.append(other)
    return dist


def paths_up_to(g: nx.MultiDiGraph, a: str, b: str, k: int, *, max_paths: int = 1000) -> list[list[str]]:
    """Simple paths from a to b with at most k relations, shortest first (at most max_paths)."""
    require(g, a)
    require(g, b)
    if k < 1:
        raise KnooppuntError(f"path length must be at least 1, got {k}")
    to_b = _distances_from(g, b, k)  # prune: only step where b is still reachable in time
    if a not in to_b:
        return []
    found: list[list[str]] = []
    stack: list[tuple[str, list[str]]] = [(a, [a])]
    while stack and len(found) < max_paths:
        node, path = stack.pop()
        if node == b:
            found.append(path)
            continue
        left = k - (len(path) - 1)
        for other in sorted(neighbours(g, node), reverse=True):
            if other not in path and to_b.get(other, k + 1) <= left - 1:
                stack.append((other, [*path, other]))
    return sorted(found, key=lambda p: (len(p), p))


def hop(g: nx.MultiDiGraph, u: str, v: str) -> tuple[str, str, list[str]]:
    """The relations between u and v as text with direction, their validity, and their ids."""
    parts, valid, ids = [], [], []
    for src, dst, arrow in ((u, v, "{} →"), (v, u, "← {}")):
        for key, d in sorted(g._succ[src].get(dst, {}).items()):
            parts.append(arrow.format(d.get("type")))
            ids.append(key)
            if d.get("valid_from") or d.get("valid_to"):
                valid.append(f"{d.get('valid_from') or '…'}..{d.get('valid_to') or '…'}")
    return "; ".join(parts), "; ".join(valid), ids


def explain(g: nx.MultiDiGraph, paths: Iterable[list[str]]) -> pd.DataFrame:
    """One row per hop of each path: who, by which relation(s) in which direction, to whom."""
    nodes = g.nodes
    rows = []
    for number, path in enumerate(paths, start=1):
        for step, (u, v) in enumerate(pairwise(path), start=1):
            text, valid, ids = hop(g, u, v)
            rows.append({"path": number, "step": step, "from_id": u, "from_caption": nodes[u].get("caption"),
                         "from_type": nodes[u].get("type"), "relation": text, "to_id": v,
                         "to_caption": nodes[v].get("caption"), "to_type": nodes[v].get("type"),
                         "valid": valid, "relations": ids})
    return pd.DataFrame(rows, columns=HOP_COLUMNS)


def connection(g: nx.MultiDiGraph, a: str, b: str, *, k: int | None = None, all_paths: bool = True,
               max_paths: int = 100) -> pd.DataFrame:
    """How is a connected to b: hops of all shortest paths, or of every path up to k relations."""
    if k is not None:
        paths = paths_up_to(g, a, b, k, max_paths=max_paths)
        hops = "relatie" if k == 1 else "relaties"
        method = t(f"enkelvoudige paden van hoogstens {k} {hops} (hoogstens {max_paths})",
                   f"simple paths of at most {counted(k, 'relation', 'relations')} (at most {max_paths})")
    elif all_paths:
        paths = all_shortest_paths(g, a, b, max_paths=max_paths)
        method = t(f"alle kortste paden (hoogstens {max_paths})", f"all shortest paths (at most {max_paths})")
    else:
        one = shortest_path(g, a, b)
        paths = [one] if one else []
        method = t("één kortste pad", "one shortest path")
    df = explain(g, paths)
    set_method(df, {"paths": t(method["nl"] + ", richting genegeerd; elke stap noemt zijn relaties met richting",
                               method["en"] + ", direction ignored; each hop lists its relations with direction")})
    df.attrs["paths"] = len(paths)
    return df


NEIGHBOURHOOD_COLUMNS = ["id", "type", "caption", "distance", "via", "relation", "relations"]


def neighbourhood(g: nx.MultiDiGraph, node: str, depth: int = 1, *,
                  types: Iterable[str] | None = None) -> pd.DataFrame:
    """Entities within depth relations of node (itself at distance 0), nearest first."""
    require(g, node)
    wanted = set(types) if types else None
    nodes = g.nodes
    rows: list[dict[str, Any]] = []
    for other, dist, via in _bfs(g, node, depth):
        if wanted is not None and nodes[other].get("type") not in wanted and dist > 0:
            continue
        text, _, ids = hop(g, via, other) if via else ("", "", [])
        rows.append({"id": other, "type": nodes[other].get("type"), "caption": nodes[other].get("caption"),
                     "distance": dist, "via": via, "relation": text, "relations": ids})
    df = pd.DataFrame(rows, columns=NEIGHBOURHOOD_COLUMNS)
    return df.sort_values(["distance", "type", "id"], kind="stable").reset_index(drop=True)


def _bfs(g: nx.MultiDiGraph, node: str, depth: int) -> Iterator[tuple[str, int, str | None]]:
    seen = {node}
    queue: deque[tuple[str, int, str | None]] = deque([(node, 0, None)])
    while queue:
        current, dist, via = queue.popleft()
        yield current, dist, via
        if dist >= depth:
            continue
        for other in sorted(neighbours(g, current)):
            if other not in seen:
                seen.add(other)
                queue.append((other, dist + 1, current))
