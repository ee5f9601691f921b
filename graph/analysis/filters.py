"""Narrowing a project graph before analysis: entity/relation types, time window, scope.

Analyses take the networkx MultiDiGraph that `Store.graph()`/`Store.subgraph()` return
for the caller, so records the caller may not see never reach them. These filters only
narrow that graph further: by type, by a time window (a relation counts when its validity
overlaps the window; open ends mean "always"), to the connected component around an
entity, or to a selected set of entities.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from graph import identifiers
from graph.errors import KnooppuntError, NotFound


def iso_day(value: Any) -> str | None:
    """The ISO day of a date, an ISO date(time) string or a Dutch dd-mm-jjjj date; None stays None."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return identifiers.date(value)
    text = str(value).strip()
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":  # stored values: ISO, maybe with a time
        try:
            return dt.date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            pass
    return identifiers.date(text)


def overlaps(valid_from: Any, valid_to: Any, start: Any, end: Any) -> bool:
    """Whether the validity [valid_from, valid_to] overlaps the window [start, end]; None is open."""
    return _overlaps(iso_day(valid_from), iso_day(valid_to), iso_day(start), iso_day(end))


def fast_day(value: Any) -> str | None:
    """iso_day with a fast path for the stored form (yyyy-mm-dd): it runs once per relation."""
    if value is None or (type(value) is str and len(value) == 10 and value[4] == "-"):
        return value
    return iso_day(value)


def _overlaps(valid_from: Any, valid_to: Any, start: str | None, end: str | None) -> bool:
    vf, vt = fast_day(valid_from), fast_day(valid_to)
    if end is not None and vf is not None and vf > end:
        return False
    return not (start is not None and vt is not None and vt < start)


def filter_graph(g: nx.MultiDiGraph, *, entity_types: Iterable[str] | None = None,
                 relation_types: Iterable[str] | None = None, start: Any = None,
                 end: Any = None) -> nx.MultiDiGraph:
    """A copy of g with only these entity types, relation types and relations valid in [start, end].

    Entities are kept even when the window drops all their relations (they are still part
    of the project; they simply have no links in that period).
    """
    s, e = iso_day(start), iso_day(end)
    if s and e and s > e:
        raise KnooppuntError(f"time window starts after it ends: {s} > {e}")
    etypes = set(entity_types) if entity_types else None
    rtypes = set(relation_types) if relation_types else None
    if etypes is None and rtypes is None and s is None and e is None:
        return g
    out = nx.MultiDiGraph()
    out.graph.update(g.graph)
    out.add_nodes_from((n, d) for n, d in g.nodes(data=True) if etypes is None or d.get("type") in etypes)
    out.add_edges_from(
        (u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True)
        if u in out and v in out and (rtypes is None or d.get("type") in rtypes)
        and ((s is None and e is None) or _overlaps(d.get("valid_from"), d.get("valid_to"), s, e)))
    out.graph["window"] = (s, e)
    return out


def neighbours(g: nx.MultiDiGraph, node: str) -> Iterator[str]:
    """Neighbours in either direction, each once: analyses read relations both ways."""
    seen = set()
    for other in (*g._succ[node], *g._pred[node]):
        if other not in seen and other != node:
            seen.add(other)
            yield other


def require(g: nx.MultiDiGraph, node: str) -> None:
    if node not in g:
        raise NotFound(f"{node}: no such entity in the analysed graph (unknown, filtered out or not visible)")


def component_containing(g: nx.MultiDiGraph, node: str) -> nx.MultiDiGraph:
    """The connected component (ignoring direction) around node, as a subgraph copy."""
    require(g, node)
    seen = {node}
    queue = deque([node])
    while queue:
        for other in neighbours(g, queue.popleft()):
            if other not in seen:
                seen.add(other)
                queue.append(other)
    return g.subgraph(seen).copy()


def restrict(g: nx.MultiDiGraph, ids: Iterable[str]) -> nx.MultiDiGraph:
    """The selected entities and the relations among them (ids not in g are an error)."""
    keep = list(dict.fromkeys(ids))
    for node in keep:
        require(g, node)
    return g.subgraph(keep).copy()
