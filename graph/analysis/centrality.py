"""Centrality: who holds the network together, per entity, as a sortable table.

Measures (undirected projection, parallel relations merged; see projection.py):
degree (distinct neighbours), relations (weighted degree: number of relations),
betweenness and closeness (networkx's normalisation, so values equal
`nx.betweenness_centrality` / `nx.closeness_centrality` on the same graph), eigenvector
(unit Euclidean norm, as networkx) and PageRank (damping 0.85), plus bridging
centrality (Hwang et al. 2006): betweenness times the bridging coefficient
(1/deg(v)) / sum(1/deg(u) for neighbours u), high for an entity that sits on many paths
*between* densely linked groups rather than inside one.

Betweenness and closeness are exact up to `exact_limit` entities. Above it betweenness is
estimated by Riondato-Kornaropoulos path sampling (WSDM 2014): r random pairs of
entities, one shortest path between them chosen uniformly at random, and each entity's
share of those paths. With r = c/eps^2 (floor(log2(VD - 2)) + 1 + ln(1/delta)), where VD
is (an upper bound of) the vertex diameter, *every* entity's value is within +-eps of the
exact one at once, with probability 1 - delta -- a bound that is meant to be smaller than
the values it bounds (the default eps is 0.002 of networkx's normalisation, the top
brokers of a project graph score 0.01-0.1). The paths come from a balanced bidirectional
search (as in KADABRA), so a pair costs a few balls around its ends, not a whole search.
The method note also says which top places the bound settles (value more than 2 eps above
the next one) and `DataFrame.attrs["explanation"]` says it in words, Dutch and English.
Closeness above the limit is estimated from `samples` random pivot entities (Eppstein-Wang,
Hoeffding bound on the mean distance; at least MIN_PIVOTS of them: one pivot alone scores itself 0).
`DataFrame.attrs["method"]` names what was used.

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
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from graph.analysis.method import Texts, nl_number, set_method, t
from graph.analysis.projection import Projection, component_labels, node_frame, project
from graph.errors import KnooppuntError

MEASURES = ("degree", "relations", "betweenness", "bridging", "closeness", "eigenvector", "pagerank")
EXACT_LIMIT = 30_000  # exact betweenness costs ~n*m, path sampling ~r; they cross near 30k entities (bench)
SAMPLES = 256  # closeness pivots
# fewest closeness pivots: below it the Hoeffding margin is more than a quarter of the diameter
# (one pivot: 1.36 x the diameter), an estimate that says nothing, so a smaller count is raised to it
MIN_PIVOTS = 30
DELTA = 0.05  # closeness (Hoeffding)
EPSILON = 0.002  # betweenness: largest error of any entity's sampled value (networkx normalisation)
BETWEENNESS_DELTA = 0.1  # ... with probability 1 - BETWEENNESS_DELTA
RK_C = 0.5  # Riondato-Kornaropoulos' universal constant (their recommended value)


def hoeffding_eps(samples: int, delta: float = DELTA) -> float:
    """Per-entity error bound of a mean of `samples` values in [0, 1], at confidence 1 - delta."""
    return math.sqrt(math.log(2 / delta) / (2 * samples)) if samples > 0 else math.inf


def centrality(g: nx.MultiDiGraph, measures: Iterable[str] = MEASURES, *, method: str = "auto",
               samples: int = SAMPLES, exact_limit: int = EXACT_LIMIT, seed: int = 0,
               engine: str = "igraph", sort: str | None = None, types: Iterable[str] | None = None,
               top: int | None = None, epsilon: float = EPSILON,
               delta: float = BETWEENNESS_DELTA) -> pd.DataFrame:
    """One row per entity with the requested measures, highest `sort` first.

    method: "auto" (exact up to exact_limit entities, else sampled), "exact" or "sampled";
    engine: "igraph" (C, default) or "networkx" (the reference implementation, slow; its
    closeness is always exact and its PageRank needs scipy);
    types: only list entities of these types (the measures still use the whole graph);
    epsilon, delta: sampled betweenness is within +-epsilon for every entity with
    probability 1 - delta (Riondato-Kornaropoulos; the sample size follows from them).
    """
    wanted = _wanted_measures(measures)
    _check_options(method, epsilon, delta, engine)
    proj = project(g)
    n = proj.n
    # betweenness follows the method as asked; pivot sampling (networkx betweenness, closeness)
    # is pointless when there are no more entities than pivots
    between_sampled = method == "sampled" or (method == "auto" and n > exact_limit)
    k = min(samples, n)
    sampled = between_sampled and k < n
    df = node_frame(g, proj.ids)
    df["component"], df["component_size"] = component_labels(proj) if n else ([], [])
    methods: dict[str, Texts] = {}
    graph = proj.graph
    if "degree" in wanted:
        df["degree"] = graph.degree()
        methods["degree"] = t("verschillende buren", "distinct neighbours")
    if "relations" in wanted:
        df["relations"] = [int(s) for s in graph.strength(weights="weight")] if n else []
        methods["relations"] = t("gewogen graad: aantal relaties (parallelle relaties tellen mee)",
                                "weighted degree: number of relations (parallel relations counted)")
    explanation: dict[str, str] = {}
    if "betweenness" in wanted:
        df["betweenness"], methods["betweenness"], explanation = _betweenness_column(
            proj, engine, between_sampled=between_sampled, pivots=k if sampled else None, seed=seed,
            epsilon=epsilon, delta=delta)
        df["bridging"] = [b * c for b, c in zip(df["betweenness"], _bridging_coefficient(proj), strict=True)]
        methods["bridging"] = t("tussenpositie x brugcoëfficiënt (Hwang e.a. 2006)",
                               "betweenness x bridging coefficient (Hwang et al. 2006)")
    if "closeness" in wanted:
        df["closeness"], methods["closeness"] = _closeness_column(proj, engine, k if sampled else None, seed)
    if "eigenvector" in wanted:
        df["eigenvector"] = _eigenvector(proj, engine)
        methods["eigenvector"] = t(f"{engine}, euclidische norm 1 (zoals networkx)",
                                   f"{engine}, unit Euclidean norm (as networkx)")
    if "pagerank" in wanted:
        df["pagerank"] = _pagerank_column(proj, engine)
        methods["pagerank"] = t(f"{engine}, demping 0,85, ongericht", f"{engine}, damping 0.85, undirected")
    df = _ranked(df, sort, wanted, types, top)
    set_method(df, methods)
    df.attrs["explanation"] = explanation
    df.attrs["entities"] = n
    df.attrs["links"] = graph.ecount()
    return df


def _wanted_measures(measures: Iterable[str]) -> list[str]:
    """The measures in the order asked, once each; bridging needs betweenness, so it brings it along."""
    wanted = list(dict.fromkeys(measures))
    if "bridging" in wanted and "betweenness" not in wanted:
        wanted.insert(wanted.index("bridging"), "betweenness")
    unknown = set(wanted) - set(MEASURES)
    if unknown:
        raise KnooppuntError(f"unknown centrality measure(s) {sorted(unknown)}; choose from {', '.join(MEASURES)}")
    return wanted


def _check_options(method: str, epsilon: float, delta: float, engine: str) -> None:
    if method not in ("auto", "exact", "sampled"):
        raise KnooppuntError(f"unknown method {method!r}: auto, exact or sampled")
    if not 0 < epsilon < 1 or not 0 < delta < 1:
        raise KnooppuntError(f"epsilon ({epsilon}) and delta ({delta}) must lie between 0 and 1")
    if engine not in ("igraph", "networkx"):
        raise KnooppuntError(f"unknown engine {engine!r}: igraph or networkx")


def _betweenness_column(proj: Projection, engine: str, *, between_sampled: bool, pivots: int | None, seed: int,
                        epsilon: float, delta: float) -> tuple[Any, Texts, dict[str, str]]:
    """Betweenness values, the method note and (for a bounded estimate) the explanation.

    networkx samples `pivots` sources (no error bound); igraph is exact, or with
    `between_sampled` a Riondato-Kornaropoulos estimate with its +-epsilon guarantee.
    """
    n = proj.n
    if engine == "networkx":
        ref = nx.betweenness_centrality(_nx_simple(proj), k=pivots, seed=seed)
        texts = (t(f"steekproef (networkx): {pivots} willekeurige spilpunten van {n}, startwaarde {seed}, "
                  "geen foutmarge", f"sampled (networkx): {pivots} random pivots of {n}, seed {seed}, no error bound")
                if pivots is not None else t("exact (networkx, Brandes)", "exact (networkx, Brandes)"))
        return [ref[i] for i in range(n)], texts, {}
    if between_sampled and n >= 3:
        values, estimate = betweenness_rk(proj, epsilon, delta, seed)
        note, explanation = estimate.describe(values)
        return values, t(estimate.note_nl(values), note), explanation
    return _betweenness(proj), t("exact (igraph, Brandes), genormaliseerd zoals networkx",
                                 "exact (igraph, Brandes), normalised as networkx"), {}


def _closeness_column(proj: Projection, engine: str, pivots: int | None, seed: int) -> tuple[Any, Texts]:
    """Closeness values and the method note; networkx is always exact, igraph samples `pivots` if given."""
    if engine == "networkx":
        ref = nx.closeness_centrality(_nx_simple(proj))
        return [ref[i] for i in range(proj.n)], t("exact (networkx), Wasserman-Faust voor niet-samenhangende netwerken",
                                                  "exact (networkx), Wasserman-Faust for disconnected graphs")
    return _closeness(proj, pivots, seed)


def _pagerank_column(proj: Projection, engine: str) -> Any:
    if engine == "networkx":
        ref = nx.pagerank(_nx_simple(proj))
        return [ref[i] for i in range(proj.n)]
    return proj.graph.pagerank(directed=False, damping=0.85) if proj.n else []


def _ranked(df: pd.DataFrame, sort: str | None, wanted: list[str], types: Iterable[str] | None,
            top: int | None) -> pd.DataFrame:
    """Highest `sort` first (default betweenness, else degree, else the first measure), ties by id;
    then only the asked types and the `top` rows."""
    order = sort or next((m for m in ("betweenness", "degree", *wanted) if m in wanted), None)
    if order is not None:
        if order not in df.columns:
            raise KnooppuntError(f"cannot sort by {order!r}: not computed (measures: {', '.join(wanted)})")
        df = df.sort_values([order, "id"], ascending=[False, True], kind="stable")
    if types:
        df = df[df["type"].isin(set(types))]
    if top is not None:
        df = df.head(top)
    return df.reset_index(drop=True)


def _nx_simple(proj: Projection) -> nx.Graph:
    h = nx.Graph()
    h.add_nodes_from(range(proj.n))
    h.add_edges_from(proj.graph.get_edgelist())
    return h


def _betweenness(proj: Projection) -> list[float]:
    """Exact betweenness (igraph's Brandes), normalised as networkx."""
    n, graph = proj.n, proj.graph
    if n < 3:
        return [0.0] * n
    scale = 2.0 / ((n - 1) * (n - 2))
    return [b * scale for b in graph.betweenness(directed=False)]


@dataclass(frozen=True, slots=True)
class PathSample:
    """What a Riondato-Kornaropoulos estimate rests on, to state its guarantee."""

    n: int
    pairs: int  # r: sampled pairs of entities
    vertex_diameter: int  # upper bound used for r
    epsilon: float  # networkx normalisation
    delta: float
    seed: int

    def settled(self, values: Sequence[float]) -> int:
        """How many top places the bound settles: each of them exceeds the next value by more than 2 eps,
        so the exact values rank these entities in the same order, ahead of all others."""
        ranked = sorted(values, reverse=True)
        places = 0
        while places < len(ranked) - 1 and ranked[places] - ranked[places + 1] > 2 * self.epsilon:
            places += 1
        return places

    def note_nl(self, values: Sequence[float]) -> str:
        """The method note in Dutch (describe gives the English one)."""
        top = max(values, default=0.0)
        places = self.settled(values)
        return (f"steekproef (Riondato-Kornaropoulos): {_nl(f'{self.pairs:,}')} willekeurige kortste paden van "
                f"{_nl(f'{self.n:,}')} entiteiten, knoopdiameter <= {self.vertex_diameter}, startwaarde "
                f"{self.seed}; elke waarde binnen +-{_nl(f'{self.epsilon:.4f}')} met kans "
                f"{_nl(f'{1 - self.delta:.2f}')} (hoogste waarde {_nl(f'{top:.4f}')}); eerste {places} plaatsen "
                "staan vast")

    def describe(self, values: Sequence[float]) -> tuple[str, dict[str, str]]:
        """The method note (English, terse) and the explanation for an analyst (nl, en)."""
        top = max(values, default=0.0)
        places = self.settled(values)
        share = f"{self.epsilon / top:.0%}" if top > 0 else "-"
        conf = f"{1 - self.delta:.0%}"
        note = (f"sampled (Riondato-Kornaropoulos): {self.pairs:,} random shortest paths of {self.n:,} entities, "
                f"vertex diameter <= {self.vertex_diameter}, seed {self.seed}; every value within "
                f"+-{self.epsilon:.4f} with probability {1 - self.delta:.2f} (highest value {top:.4f}); "
                f"top {places} places settled")
        nl = (f"De tussenpositie (betweenness) is geschat uit {_nl(f'{self.pairs:,}')} willekeurige kortste "
              f"paden. Met {conf} zekerheid wijkt elke waarde hoogstens {_nl(f'{self.epsilon:.4f}')} af van de "
              f"exacte waarde "
              f"({share} van de hoogste waarde, {_nl(f'{top:.4f}')}). "
              + (f"De eerste {places} plaatsen van de ranglijst staan daarmee vast; daaronder kunnen entiteiten "
                 "met waarden dicht bij elkaar van plaats wisselen." if places else
                 "Geen plaats in de ranglijst staat daarmee vast: de hoogste waarden liggen dichter bij elkaar dan "
                 "de foutmarge; kies een kleinere foutmarge (--epsilon) of een exacte berekening."))
        en = (f"Betweenness is estimated from {self.pairs:,} random shortest paths. With {conf} certainty every "
              f"value is within {self.epsilon:.4f} of the exact value ({share} of the highest value, {top:.4f}). "
              + (f"The first {places} places of the ranking are therefore certain; further down, entities with "
                 "close values may swap places." if places else
                 "No place in the ranking is certain: the highest values lie closer together than the margin; "
                 "choose a smaller margin (--epsilon) or an exact computation."))
        return note, {"nl": nl, "en": en}


def _nl(number: str) -> str:
    """An English-formatted number in Dutch notation: 26,691.5 -> 26.691,5."""
    return number.translate(str.maketrans(",.", ".,"))


def rk_sample_size(vertex_diameter: int, epsilon: float, delta: float, c: float = RK_C) -> int:
    """Riondato-Kornaropoulos: r = c/eps^2 (floor(log2(VD - 2)) + 1 + ln(1/delta)) pairs."""
    if vertex_diameter < 3:
        return 0  # no shortest path has an inner entity: every betweenness is 0
    return math.ceil(c / epsilon ** 2 * (math.floor(math.log2(vertex_diameter - 2)) + 1 + math.log(1 / delta)))


def vertex_diameter_bound(proj: Projection) -> int:
    """An upper bound of the number of entities on any shortest path: 2 x eccentricity + 1 of one
    entity per connected component (the triangle inequality), the bound RK use for undirected graphs."""
    clusters = proj.graph.connected_components()
    reps = [members[0] for members in clusters if len(members) > 1]
    if not reps:
        return 1
    return int(2 * max(proj.graph.eccentricity(vertices=reps)) + 1)


def betweenness_rk(proj: Projection, epsilon: float = EPSILON, delta: float = BETWEENNESS_DELTA,
                   seed: int = 0) -> tuple[list[float], PathSample]:
    """networkx-normalised betweenness within +-epsilon for all entities, with probability 1 - delta.

    RK estimate the share of all ordered pairs' shortest paths through each entity, which is
    networkx's undirected normalisation times (n - 2) / n; eps is scaled accordingly.
    """
    n = proj.n
    scale = n / (n - 2)
    vd = vertex_diameter_bound(proj)
    r = rk_sample_size(vd, epsilon / scale, delta)
    estimate = PathSample(n, r, vd, epsilon, delta, seed)
    counts = [0] * n
    if r == 0:
        return [0.0] * n, estimate
    adj = proj.graph.get_adjlist()
    degree = [len(a) for a in adj]
    component = proj.graph.connected_components().membership
    rng = random.Random(seed)
    for _ in range(r):
        s = rng.randrange(n)
        t = rng.randrange(n - 1)
        t += t >= s
        if component[s] != component[t]:
            continue  # no path: the pair counts, with no entity on it
        for v in _random_shortest_path_inner(adj, degree, s, t, rng):
            counts[v] += 1
    return [c / r * scale for c in counts], estimate


def _random_shortest_path_inner(adj: list[list[int]], degree: list[int], s: int, t: int,
                                rng: random.Random) -> list[int]:
    """The inner entities of one shortest s-t path drawn uniformly among all of them ([] if none).

    Balanced bidirectional breadth-first search counting shortest paths (sigma) from both
    ends, always growing the side whose frontier has fewer links; the searches meet in one
    layer, every shortest path crosses it in exactly one entity w, chosen with weight
    sigma_s(w) sigma_t(w); the halves are then traced back with predecessors weighted by
    their path counts, which makes the whole path uniform.
    """
    if t in adj[s]:
        return []
    dist = ({s: 0}, {t: 0})
    sigma = ({s: 1}, {t: 1})
    frontier = [[s], [t]]
    weight = [degree[s], degree[t]]  # links leaving each frontier: the cost of growing it
    while weight[0] and weight[1]:
        side = 0 if weight[0] <= weight[1] else 1
        d, sg, other = dist[side], sigma[side], dist[1 - side]
        get = d.get
        layer: list[int] = []
        append = layer.append
        for u in frontier[side]:
            du, su = d[u] + 1, sg[u]
            for w in adj[u]:
                dw = get(w)
                if dw is None:
                    d[w] = du
                    sg[w] = su
                    append(w)
                elif dw == du:
                    sg[w] += su
        meet = [w for w in layer if w in other]
        if meet:
            # every node of `meet` has the same distance from the other end (the proof: a
            # shortest path of length L crosses both explored balls, which were disjoint before)
            weights = [sigma[0][w] * sigma[1][w] for w in meet]
            w = rng.choices(meet, weights=weights)[0]
            inner = [w] if w not in (s, t) else []
            for end in (0, 1):
                v = w
                dv, sv = dist[end], sigma[end]
                while dv[v] > 1:
                    before = dv[v] - 1
                    preds = [p for p in adj[v] if dv.get(p) == before]
                    v = rng.choices(preds, weights=[sv[p] for p in preds])[0]
                    inner.append(v)
            return inner
        frontier[side] = layer
        weight[side] = sum(map(degree.__getitem__, layer))
    return []


def _bridging_coefficient(proj: Projection) -> list[float]:
    """(1/deg(v)) / sum over neighbours u of 1/deg(u); 0 for isolated entities."""
    degree = proj.graph.degree()
    out = []
    for v, adj in enumerate(proj.graph.get_adjlist()):
        total = sum(1 / degree[u] for u in adj)
        out.append((1 / degree[v]) / total if total else 0.0)
    return out


def _closeness(proj: Projection, k: int | None, seed: int) -> tuple[list[float], Texts]:
    """networkx (Wasserman-Faust) closeness; with k, components much larger than k from k pivots
    (at least MIN_PIVOTS: fewer give a margin wider than the distances it bounds)."""
    n, graph = proj.n, proj.graph
    asked = k or 0
    k = max(k, MIN_PIVOTS) if k else k
    values = [0.0] * n
    if n < 2:
        return values, t("exact (igraph)", "exact (igraph)")
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
        return values, t("exact (igraph), Wasserman-Faust voor niet-samenhangende netwerken",
                         "exact (igraph), Wasserman-Faust for disconnected graphs")
    rng = random.Random(seed)
    for members in (list(m) for m in clusters if len(m) > limit):
        _estimate_component(graph, members, rng.sample(members, min(k, len(members))), n, values)
    eps = hoeffding_eps(k)
    raised_nl, raised_en = (f" (gevraagd {asked}, minder geeft geen bruikbare marge)",
                            f" (asked {asked}; fewer give no useful margin)") if asked < k else ("", "")
    return values, t(f"componenten boven {limit} entiteiten als steekproef: elk {k} willekeurige spilpunten"
                     f"{raised_nl}, startwaarde {seed}; gemiddelde afstand binnen +-{nl_number(f'{eps:.3f}')} x "
                     f"diameter met kans {nl_number(f'{1 - DELTA:.2f}')} (Hoeffding, Eppstein-Wang); kleinere "
                     "componenten exact (igraph)",
                     f"components over {limit} entities sampled: {k} random pivots each{raised_en}, seed {seed}; "
                     f"mean distance within +-{eps:.3f} x diameter with probability {1 - DELTA:.2f} (Hoeffding, "
                     "Eppstein-Wang); smaller components exact (igraph)")


def _estimate_component(graph: Any, members: list[int], pivots: list[int], n: int, values: list[float]) -> None:
    """Eppstein-Wang: an entity's sum of distances to all r members from its distances to the pivots,
    scaled by r / pivots (the pivots are a uniform sample of the r members)."""
    r = len(members)
    totals = np.zeros(r)
    for start in range(0, len(pivots), 16):
        totals += np.asarray(graph.distances(source=pivots[start:start + 16], target=members)).sum(axis=0)
    estimates = totals * r / len(pivots)
    for j, v in enumerate(members):
        values[v] = 0.0 if estimates[j] <= 0 else (r - 1) / estimates[j] * (r - 1) / (n - 1)


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
