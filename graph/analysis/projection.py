"""The undirected, simple projection that structural analyses run on, held as igraph.

Relations are typed and directed (a director *of* a company), but for "who is central",
"who links these groups" and "which cluster" the direction carries no flow, so the
measures run on the undirected graph with parallel relations merged into one link whose
weight is the number of relations. The projection is built once per analysis and handed
to python-igraph, whose C core makes betweenness, closeness and community detection
feasible on 100k-1M entity graphs (see bench/bench_analysis.py for the measurements).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import igraph as ig
import networkx as nx
import pandas as pd


@dataclass
class Projection:
    """Undirected simple graph over g's entities: vertex i is entity ids[i]."""

    ids: list[str]
    index: dict[str, int]
    graph: ig.Graph

    @property
    def n(self) -> int:
        return len(self.ids)


def project(g: nx.MultiDiGraph) -> Projection:
    """Merge parallel and opposite relations; drop self-loops; weight = number of relations."""
    ids = sorted(g)  # independent of the order a store returned rows in: same seed, same result
    index = {node: i for i, node in enumerate(ids)}
    pairs: dict[tuple[int, int], int] = {}
    for u, v in g.edges():
        a, b = index[u], index[v]
        if a == b:
            continue
        key = (a, b) if a < b else (b, a)
        pairs[key] = pairs.get(key, 0) + 1
    graph = ig.Graph(n=len(ids), edges=list(pairs))
    graph.es["weight"] = list(pairs.values())
    return Projection(ids, index, graph)


def node_frame(g: nx.MultiDiGraph, ids: list[str]) -> pd.DataFrame:
    """id, type and caption of the given entities: the first columns of every per-entity table."""
    nodes = g.nodes
    return pd.DataFrame({"id": ids, "type": [nodes[i].get("type") for i in ids],
                         "caption": [nodes[i].get("caption") for i in ids]})


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Run igraph's randomised algorithms on a private RNG: same seed, same result."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def component_labels(proj: Projection) -> tuple[list[int], list[int]]:
    """Per vertex: component number (1 = largest: analysts count from 1, in files too) and component size."""
    clusters = proj.graph.connected_components()
    sizes = clusters.sizes()
    order = sorted(range(len(sizes)), key=lambda c: -sizes[c])
    rank = {c: r for r, c in enumerate(order, start=1)}
    membership = clusters.membership
    return [rank[c] for c in membership], [sizes[c] for c in membership]


def as_list(values: Any) -> list[Any]:
    return list(values) if values is not None else []
