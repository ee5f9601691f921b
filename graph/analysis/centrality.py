"""Centrality: who holds the network together, per entity, as a sortable table.

Measures (undirected projection, parallel relations merged; see projection.py):
degree (distinct neighbours), relations (weighted degree: number of relations),
betweenness and closeness (networkx's normalisation, so values equal
`nx.betweenness_centrality` / `nx.closeness_centrality` on the same graph), eigenvector
(unit Euclidean norm, as networkx) and PageRank (damping 0.85), plus bridging
centrality (Hwang et al. 2006): betweenness times the bridging coefficient
(1/deg(v)) / sum(1/deg(u) for neighbours u), high for an entity that sits on many paths
*between* densely linked groups rather than inside one.

Betweenness and closeness are exact up to `exact_limit` entities. Above it they are
estimated from `samples` random pivot entities (Brandes-Pich / Eppstein-Wang): exact
shortest-path counts from each pivot, scaled up. The estimate is unbiased and the
stated bound is Hoeffding's: for each entity, with probability 1 - delta, normalised
betweenness is within +-eps and mean distance within +-eps * diameter, where
eps = sqrt(ln(2 / delta) / (2 * samples)). The bound is loose; the benchmark measures the
actual error against exact values. `DataFrame.attrs["method"]` names what was used.

What "top" means depends on scope: on a whole project, betweenness ranks brokers of the
largest component (most pairs of entities live there). To ask who links the groups
around a suspect, analyse the component containing that suspect
(`filters.component_containing`) or a selected subgraph; values are then normalised
within that scope. Note that the sole link between two groups shares its betweenness
with the group members at either end of it (they lie on the same paths and also broker
within their group), so betweenness alone ranks those neighbours level with or above
it; `bridging` tells the broker *between* groups apart from them.
"""

from __future__ import annotations

import math
import random
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from graph.analysis.projection import Projection, component_labels, node_frame, project
from graph.errors import KnooppuntError

MEASURES = ("degree", "relations", "betweenness", "bridging", "closeness", "eigenvector", "pagerank")
EXACT_LIMIT = 10_000  # exact betweenness + closeness take ~6 s each at 10k entities (bench)
SAMPLES = 256
DELTA = 0.05


def hoeffding_eps(samples: int, delta: float = DELTA) -> float:
    """Per-entity error bound of a mean of `samples` values in [0, 1], at confidence 1 - delta."""
    return math.sqrt(math.log(2 / delta) / (2 * samples)) if samples > 0 else math.inf


def centrality(g: nx.MultiDiGraph, measures: Iterable[str] = MEASURES, *, method: str = "auto",
               samples: int = SAMPLES, exact_limit: int = EXACT_LIMIT, seed: int = 0,
               engine: str = "igraph", sort: str | None = None, types: Iterable[str] | None = None,
               top: int | None = None) -> pd.DataFrame:
    """One row per entity with the requested measures, highest `sort` first.

    method: "auto" (exact up to exact_limit entities, else sampled), "exact" or "sampled";
    engine: "igraph" (C, default) or "networkx" (the reference implementation, slow; its
    closeness is always exact and its PageRank needs scipy);
    types: only list entities of these types (the measures still use the whole graph).
    """
    wanted = list(dict.fromkeys(measures))
    if "bridging" in wanted and "betweenness" not in wanted:
        wanted.insert(wanted.index("bridging"), "betweenness")
    unknown = set(wanted) - set(MEASURES)
    if unknown:
        raise KnooppuntError(f"unknown centrality measure(s) {sorted(unknown)}; choose from {', '.join(MEASURES)}")
    if method not in ("auto", "exact", "sampled"):
        raise KnooppuntError(f"unknown method {method!r}: auto, exact or sampled")
    if engine not in ("igraph", "networkx"):
        raise KnooppuntError(f"unknown engine {engine!r}: igraph or networkx")
    proj = project(g)
    n = proj.n
    sampled = method == "sampled" or (method == "auto" and n > exact_limit)
    k = min(samples, n)
    if sampled and k >= n:
        sampled = False
    df = node_frame(g, proj.ids)
    df["component"], df["component_size"] = component_labels(proj) if n else ([], [])
    methods: dict[str, str] = {}
    graph = proj.graph
    if "degree" in wanted:
        df["degree"] = graph.degree()
        methods["degree"] = "distinct neighbours"
    if "relations" in wanted:
        df["relations"] = [int(s) for s in graph.strength(weights="weight")] if n else []
        methods["relations"] = "weighted degree: number of relations (parallel relations counted)"
    eps = hoeffding_eps(k)
    if "betweenness" in wanted:
        if engine == "networkx":
            ref = nx.betweenness_centrality(_nx_simple(proj), k=k if sampled else None, seed=seed)
            df["betweenness"] = [ref[i] for i in range(n)]
        else:
            df["betweenness"] = _betweenness(proj, k if sampled else None, seed)
        df["bridging"] = [b * c for b, c in zip(df["betweenness"], _bridging_coefficient(proj), strict=True)]
        methods["bridging"] = "betweenness x bridging coefficient (Hwang et al. 2006)"
        methods["betweenness"] = (
            f"sampled ({engine}): {k} random pivots of {n}, seed {seed}; normalised value within "
            f"+-{eps * n / max(n - 1, 1):.3f} per entity with probability {1 - DELTA:.2f} (Hoeffding)"
            if sampled else f"exact ({engine}, Brandes), normalised as networkx")
    if "closeness" in wanted:
        if engine == "networkx":
            ref = nx.closeness_centrality(_nx_simple(proj))
            df["closeness"] = [ref[i] for i in range(n)]
            methods["closeness"] = "exact (networkx), Wasserman-Faust for disconnected graphs"
        else:
            values, note = _closeness(proj, k if sampled else None, seed)
            df["closeness"] = values
            methods["closeness"] = note
    if "eigenvector" in wanted:
        df["eigenvector"] = _eigenvector(proj, engine)
        methods["eigenvector"] = f"{engine}, unit Euclidean norm (as networkx)"
    if "pagerank" in wanted:
        if engine == "networkx":
            ref = nx.pagerank(_nx_simple(proj))
            df["pagerank"] = [ref[i] for i in range(n)]
        else:
            df["pagerank"] = graph.pagerank(directed=False, damping=0.85) if n else []
        methods["pagerank"] = f"{engine}, damping 0.85, undirected"
    order = sort or next((m for m in ("betweenness", "degree", *wanted) if m in wanted), None)
    if order is not None:
        if order not in df.columns:
            raise KnooppuntError(f"cannot sort by {order!r}: not computed (measures: {', '.join(wanted)})")
        df = df.sort_values([order, "id"], ascending=[False, True], kind="stable")
    if types:
        df = df[df["type"].isin(set(types))]
    if top is not None:
        df = df.head(top)
    df = df.reset_index(drop=True)
    df.attrs["method"] = methods
    df.attrs["entities"] = n
    df.attrs["links"] = graph.ecount()
    return df


def _nx_simple(proj: Projection) -> nx.Graph:
    h = nx.Graph()
    h.add_nodes_from(range(proj.n))
    h.add_edges_from(proj.graph.get_edgelist())
    return h


def _betweenness(proj: Projection, k: int | None, seed: int) -> list[float]:
    """networkx-normalised betweenness; from k random pivots when k is given."""
    n, graph = proj.n, proj.graph
    if n < 3:
        return [0.0] * n
    scale = 2.0 / ((n - 1) * (n - 2))
    if k is None:
        raw = graph.betweenness(directed=False)
    else:
        pivots = random.Random(seed).sample(range(n), k)
        # igraph counts each source-target pair once for undirected graphs; scaling the
        # pivots' share up to all n sources gives an unbiased estimate of the full sum.
        raw = [b * n / k for b in graph.betweenness(directed=False, sources=pivots)]
    return [b * scale for b in raw]


def _bridging_coefficient(proj: Projection) -> list[float]:
    """(1/deg(v)) / sum over neighbours u of 1/deg(u); 0 for isolated entities."""
    degree = proj.graph.degree()
    out = []
    for v, adj in enumerate(proj.graph.get_adjlist()):
        total = sum(1 / degree[u] for u in adj)
        out.append((1 / degree[v]) / total if total else 0.0)
    return out


def _closeness(proj: Projection, k: int | None, seed: int) -> tuple[list[float], str]:
    """networkx (Wasserman-Faust) closeness; with k, components much larger than k from k pivots."""
    n, graph = proj.n, proj.graph
    values = [0.0] * n
    if n < 2:
        return values, "exact (igraph)"
    clusters = graph.connected_components()
    # sampled: only components much larger than the pivot count are worth sampling; the
    # many small ones are exact and cheap (cost grows with the square of their size)
    limit = max(4 * k, 1000) if k else n
    small = [v for members in clusters if len(members) <= limit for v in members]
    membership = clusters.membership
    comp_sizes = clusters.sizes()
    if small:
        for v, c in zip(small, graph.closeness(vertices=small), strict=True):
            r = comp_sizes[membership[v]]
            values[v] = 0.0 if c != c or r < 2 else c * (r - 1) / (n - 1)  # c != c: NaN for isolates
    if not k:
        return values, "exact (igraph), Wasserman-Faust for disconnected graphs"
    rng = random.Random(seed)
    big = [list(members) for members in clusters if len(members) > limit]
    for members in big:
        r = len(members)
        pivots = rng.sample(members, min(k, r))
        totals = np.zeros(r)
        for start in range(0, len(pivots), 16):
            totals += np.asarray(graph.distances(source=pivots[start:start + 16], target=members)).sum(axis=0)
        estimates = totals * r / len(pivots)  # estimated sum of distances to all r members
        for j, v in enumerate(members):
            values[v] = 0.0 if estimates[j] <= 0 else (r - 1) / estimates[j] * (r - 1) / (n - 1)
    eps = hoeffding_eps(k)
    return values, (f"components over {limit} entities sampled: {k} random pivots each, seed {seed}; mean "
                    f"distance within +-{eps:.3f} x diameter with probability {1 - DELTA:.2f} (Hoeffding, "
                    "Eppstein-Wang); smaller components exact (igraph)")


def _eigenvector(proj: Projection, engine: str) -> Sequence[Any]:
    n = proj.n
    if n == 0:
        return []
    if proj.graph.ecount() == 0:
        return [1 / math.sqrt(n)] * n
    if engine == "networkx":
        ref = nx.eigenvector_centrality(_nx_simple(proj), max_iter=1000, tol=1e-8)
        return [ref[i] for i in range(n)]
    with warnings.catch_warnings():  # igraph warns on disconnected graphs; networkx behaves the same
        warnings.simplefilter("ignore", RuntimeWarning)
        values = proj.graph.eigenvector_centrality(scale=True)
    norm = math.sqrt(sum(x * x for x in values)) or 1.0
    return [x / norm for x in values]
