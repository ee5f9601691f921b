"""Benchmark of graph/analysis: time and memory of each analysis on synthetic project graphs.

One command, prints figures:

    .venv/bin/python bench/bench_analysis.py                 # 10k accuracy, 100k and 1M nodes, 1M companies
    .venv/bin/python bench/bench_analysis.py --nodes 100000  # one scale only
    .venv/bin/python bench/bench_analysis.py --quick         # 20k nodes, 100k companies: a smoke run

The synthetic graph has the shape of a Knooppunt project (persons, companies, addresses,
vehicles; registrations, directorships with some straw men, crowded addresses, ownership,
employment, associates) with about three relations per entity, built directly as the
networkx MultiDiGraph a store returns (same node and edge attributes).

Betweenness is compared in the same run with python-igraph's exact computation on the
same graph. Exact betweenness is one shortest-path pass per source entity, so its time is
linear in the number of sources: on graphs where the full run would take tens of minutes
(100k+ entities) it is timed over a random subset of sources and scaled to all n, and the
output says so. On the 10k-entity sample it is run in full and the sampled estimate's
error is measured against it.

Memory is the peak growth of the process's resident set (sampled every 20 ms) during the
analysis, so it includes igraph's C allocations. Time is wall-clock and CPU time of this
process: on a shared machine CPU time is the fairer figure (every analysis is single-threaded).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.analysis import addresses, centrality, clusters, directors, indicators, paths
from graph.analysis.filters import filter_graph
from graph.analysis.projection import project

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
RISK = [["hospitality"], ["automotive"], ["room_rental"], ["beauty_care"], ["drugs_related"]]


def rss() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * PAGE
    except OSError:  # not Linux: report what resource says (peak, not current)
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def release() -> None:
    """Collect garbage and hand freed heap back to the OS, so RSS growth is this analysis' own."""
    gc.collect()
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class Peak:
    """Peak RSS growth during a block, sampled in a background thread."""

    def __enter__(self) -> Peak:
        release()
        self.base = self.peak = rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _watch(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss())

    @property
    def mb(self) -> float:
        return (self.peak - self.base) / 2**20


def measure(label: str, func: Callable[[], Any], note: Callable[[Any], str] | None = None) -> tuple[Any, float]:
    with Peak() as peak:
        start, cpu = time.perf_counter(), time.process_time()
        result = func()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    rows = len(result) if hasattr(result, "__len__") else ""
    extra = note(result) if note else ""
    print(f"  {label:<44} {seconds:9.2f} s {cpu:9.2f} s  {peak.mb:8.0f} MB  {rows!s:>9}  {extra}", flush=True)
    return result, seconds


def days(rng: random.Random, count: int) -> list[str]:
    start = dt.date(2005, 1, 1)
    return [(start + dt.timedelta(days=rng.randrange(7600))).isoformat() for _ in range(count)]


def synthetic(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """About n entities and 3n relations shaped like a project (see the module docstring)."""
    rng = random.Random(seed)
    pool = days(rng, 5000)
    n_addr, n_pers, n_comp = n // 4, n * 2 // 5, n * 3 // 10
    n_veh = n - n_addr - n_pers - n_comp
    addr = [f"add-{i:016x}" for i in range(n_addr)]
    pers = [f"per-{i:016x}" for i in range(n_pers)]
    comp = [f"com-{i:016x}" for i in range(n_comp)]
    veh = [f"veh-{i:016x}" for i in range(n_veh)]
    g = nx.MultiDiGraph()
    g.add_nodes_from((a, {"type": "Address", "caption": f"Straat {i}", "label": "open",
                          "properties": {"postcode": f"{1000 + i % 9000} AB", "po_box": i if i % 997 == 0 else None},
                          "valid_from": None, "valid_to": None}) for i, a in enumerate(addr))
    g.add_nodes_from((p, {"type": "Person", "caption": f"Persoon {i}", "label": "open", "properties": {},
                          "valid_from": None, "valid_to": None}) for i, p in enumerate(pers))
    comp_nodes = []
    for i, c in enumerate(comp):
        reg = rng.choice(pool)
        end = None
        if rng.random() < 0.3:
            end = (dt.date.fromisoformat(reg) + dt.timedelta(days=rng.randrange(60, 3000))).isoformat()
        props = {"registration_date": reg, "risk_branches": rng.choice(RISK) if rng.random() < 0.2 else []}
        if end:
            props["end_date"] = end
        comp_nodes.append((c, {"type": "Company", "caption": f"Bedrijf {i}", "label": "open", "properties": props,
                               "valid_from": reg, "valid_to": end}))
    g.add_nodes_from(comp_nodes)
    g.add_nodes_from((v, {"type": "Vehicle", "caption": f"Voertuig {i}", "label": "open", "properties": {},
                          "valid_from": None, "valid_to": None}) for i, v in enumerate(veh))
    edges: list[tuple[str, str, str, dict[str, Any]]] = []

    def rel(u: str, v: str, kind: str, start: str | None = None, end: str | None = None) -> None:
        edges.append((u, v, f"rel-{len(edges):016x}", {"type": kind, "label": "open", "properties": {},
                                                        "valid_from": start, "valid_to": end, "grading": "A1"}))

    hot = addr[: max(1, n_addr // 100)]
    straw = pers[: max(1, n_pers // 200)]
    for p in pers:
        rel(p, rng.choice(addr), "registered_at", rng.choice(pool))
        if rng.random() < 0.2:
            a, b = sorted((rng.choice(pool), rng.choice(pool)))
            rel(p, rng.choice(addr), "registered_at", a, b)
    for c, data in comp_nodes:
        reg, end = data["valid_from"], data["valid_to"]
        rel(c, rng.choice(hot) if rng.random() < 0.1 else rng.choice(addr), "located_at", reg, end)
        for _ in range(rng.choice((1, 1, 2))):
            rel(rng.choice(straw) if rng.random() < 0.05 else rng.choice(pers), c, "director_of", reg,
                rng.choice(pool) if rng.random() < 0.2 else end)
        if rng.random() < 0.1:
            rel(rng.choice(comp), c, "owner_of")
    for v in veh:
        for _ in range(rng.choice((1, 2))):
            rel(rng.choice(pers), v, "uses", rng.choice(pool))
    for _ in range(n * 3 // 10):
        rel(rng.choice(pers), rng.choice(comp), "employed_by", rng.choice(pool))
    while len(edges) < 3 * n:
        i = rng.randrange(n_pers)
        j = (i + rng.randint(1, 200)) % n_pers  # associates cluster by neighbourhood: community structure
        rel(pers[i], pers[j], "associate_of")
    g.add_edges_from(edges)
    return g


def companies_at_addresses(n_companies: int, seed: int = 2) -> nx.MultiDiGraph:
    """n_companies companies located at about n/3 addresses, a long tail of crowded ones."""
    rng = random.Random(seed)
    pool = days(rng, 5000)
    n_addr = n_companies // 3
    g = nx.MultiDiGraph()
    g.add_nodes_from((f"add-{i:016x}", {"type": "Address", "caption": f"Straat {i}", "label": "open",
                                        "properties": {}, "valid_from": None, "valid_to": None})
                     for i in range(n_addr))
    g.add_nodes_from((f"com-{i:016x}", {"type": "Company", "caption": f"Bedrijf {i}", "label": "open",
                                        "properties": {}, "valid_from": None, "valid_to": None})
                     for i in range(n_companies))
    edges = []
    for i in range(n_companies):
        a = int(n_addr * rng.random() ** 2)  # skewed: low numbers host many companies
        start = rng.choice(pool)
        end = rng.choice(pool) if rng.random() < 0.3 else None
        if end is not None and end < start:
            start, end = end, start
        edges.append((f"com-{i:016x}", f"add-{a:016x}", f"rel-{i:016x}",
                      {"type": "located_at", "label": "open", "properties": {}, "valid_from": start,
                       "valid_to": end, "grading": "A1"}))
    g.add_edges_from(edges)
    return g


def igraph_exact_seconds(g: nx.MultiDiGraph, max_sources: int | None, seed: int,
                         budget: float = 20.0) -> tuple[float, str]:
    """Time of igraph's exact betweenness on g: in full, or over up to max_sources sources
    (batches of 25 until `budget` seconds) scaled by n / sources."""
    proj = project(g)
    n = proj.n
    if max_sources is None or max_sources >= n:
        start = time.perf_counter()
        proj.graph.betweenness(directed=False)
        return time.perf_counter() - start, "measured in full"
    sources = random.Random(seed).sample(range(n), max_sources)
    used, seconds = 0, 0.0
    while used < max_sources and seconds < budget:
        batch = sources[used:used + 25]
        start = time.perf_counter()
        proj.graph.betweenness(directed=False, sources=batch)
        seconds += time.perf_counter() - start
        used += len(batch)
    return seconds * n / used, f"timed over {used} of {n:,} sources ({seconds:.1f} s), scaled x{n / used:,.0f}"


def accuracy(n: int, samples: int, seed: int) -> dict[str, Any]:
    """Sampled vs exact betweenness on an n-entity graph: error and time, igraph exact in full."""
    print(f"\n== accuracy of sampled betweenness on a {n:,}-entity sample (exact: igraph, in full)", flush=True)
    g = synthetic(n, seed)
    print(f"  graph: {g.number_of_nodes():,} entities, {g.number_of_edges():,} relations")
    exact, t_exact = measure("betweenness exact (igraph)",
                             lambda: centrality.centrality(g, ["betweenness"], method="exact"))
    e = dict(zip(exact["id"], exact["betweenness"], strict=True))
    top_e = list(exact["id"].head(20))
    largest = max(e.values())
    print(f"  exact: largest normalised betweenness {largest:.2e}, mean {sum(e.values()) / n:.2e}")
    for eps in (0.01, centrality.EPSILON):
        approx, t_approx = measure(f"betweenness sampled (RK, eps {eps})",
                                   lambda eps=eps: centrality.centrality(g, ["betweenness"], method="sampled",
                                                                         epsilon=eps, seed=seed))
        a = dict(zip(approx["id"], approx["betweenness"], strict=True))
        errors = [abs(a[x] - e[x]) for x in e]
        top_a = list(approx["id"].head(20))
        rank = top_a.index(top_e[0]) + 1 if top_e[0] in top_a else ">20"
        note = approx.attrs["method"]["betweenness"]
        certainty = 1 - centrality.BETWEENNESS_DELTA
        print(f"    eps {eps}: max abs error {max(errors):.2e} (bound +-{eps} at {certainty:.0%}, "
              f"{eps / largest:.0%} of the largest value), mean abs error {sum(errors) / n:.2e}; "
              f"top-20 overlap {len(set(top_e) & set(top_a))}/20, exact top-1 ranked {rank}; "
              f"time {t_approx:.2f} s = {t_approx / t_exact:.3f} x igraph exact\n      {note}")
    return {"n": n, "t_exact": t_exact}


def scale(n: int, samples: int, seed: int, exact_sources: int | None, with_networkx: bool,
          with_louvain: bool) -> dict[str, Any]:
    print(f"\n== {n:,} entities (about {3 * n:,} relations)", flush=True)
    g, _ = measure("build synthetic graph (networkx)", lambda: synthetic(n, seed))
    print(f"  graph: {g.number_of_nodes():,} entities, {g.number_of_edges():,} relations")
    print(f"  {'analysis':<44} {'wall':>11} {'CPU':>11}  {'peak RSS':>11}  {'rows':>9}  note")
    measure("projection to igraph (shared by analyses)", lambda: project(g), lambda p: f"{p.graph.ecount():,} links")
    measure("filter: time window 2015..2018", lambda: filter_graph(g, start="2015-01-01", end="2018-12-31"),
            lambda h: f"{h.number_of_edges():,} relations kept")
    measure("centrality: degree, relations, pagerank, eigenvector",
            lambda: centrality.centrality(g, ["degree", "relations", "pagerank", "eigenvector"]))
    _, t_between = measure(f"centrality: betweenness+bridging, RK eps {centrality.EPSILON}",
                           lambda: centrality.centrality(g, ["bridging"], method="sampled", seed=seed),
                           lambda df: df.attrs["method"]["betweenness"].split(": ", 1)[1])
    measure(f"centrality: closeness, sampled {samples}",
            lambda: centrality.centrality(g, ["closeness"], method="sampled", samples=samples, seed=seed))
    t_exact, how = igraph_exact_seconds(g, exact_sources, seed)
    print(f"  {'betweenness exact (igraph)':<44} {t_exact:9.2f} s {'':>11}  {'':>11}  {'':>9}  {how}")
    if with_networkx:
        k = 8
        nx_graph = nx.Graph()
        proj = project(g)
        nx_graph.add_nodes_from(range(proj.n))
        nx_graph.add_edges_from(proj.graph.get_edgelist())
        _, t_nx = measure(f"networkx betweenness, {k} pivots (reference)",
                          lambda: nx.betweenness_centrality(nx_graph, k=k, seed=seed))
        print(f"  {'':<44} networkx for {samples} pivots would take ~{t_nx * samples / k:.0f} s")
        del nx_graph
    measure("addresses: shared addresses", lambda: addresses.shared_addresses(g))
    measure("addresses: shared-address pairs", lambda: addresses.shared_address_pairs(g))
    measure("directors: director load", lambda: directors.director_load(g))
    measure("directors: director churn", lambda: directors.director_churn(g))
    measure("directors: ownership chains", lambda: directors.ownership_chains(g))
    rng = random.Random(seed)
    persons = [x for x in list(g)[: n // 2] if x.startswith("per-")]
    a, b = rng.choice(persons), rng.choice(persons)
    ring = paths.neighbourhood(g, a, 3)
    near = sorted(ring.loc[ring["distance"] == 3, "id"])
    c = rng.choice(near) if near else b
    measure("paths: all shortest paths (2 random persons)", lambda: paths.connection(g, a, b),
            lambda df: f"{df.attrs['paths']} paths")
    measure("paths: paths up to 4 (entities 3 apart)", lambda: paths.connection(g, a, c, k=4),
            lambda df: f"{df.attrs['paths']} paths")
    measure("paths: 2-hop neighbourhood", lambda: paths.neighbourhood(g, a, 2))
    measure("clusters: components", lambda: clusters.communities(g, method="components"))
    measure("clusters: communities (leiden)", lambda: clusters.communities(g, seed=seed),
            lambda df: f"modularity {df.attrs['method']['modularity']}, "
                       f"{df['community'].nunique():,} communities")
    if with_louvain:
        measure("clusters: communities (louvain, networkx)", lambda: clusters.communities(g, method="louvain"),
                lambda df: f"{df['community'].nunique():,} communities")
    measure("flags: all indicators", lambda: indicators.red_flags(g, reference_date="2026-01-01"),
            lambda df: ", ".join(f"{k} {v}" for k, v in df["indicator"].value_counts().items()))
    ratio = t_between / t_exact
    print(f"  sampled betweenness {t_between:.1f} s vs igraph exact {t_exact:.1f} s: ratio {ratio:.3f} "
          f"(target <= 2)")
    return {"n": n, "t_between": t_between, "t_exact": t_exact}


def address_target(n_companies: int, seed: int) -> float:
    print(f"\n== shared addresses over {n_companies:,} companies", flush=True)
    g, _ = measure("build synthetic graph (networkx)", lambda: companies_at_addresses(n_companies, seed))
    print(f"  graph: {g.number_of_nodes():,} entities, {g.number_of_edges():,} relations")
    _, seconds = measure("addresses: shared addresses", lambda: addresses.shared_addresses(g),
                          lambda d: f"top address {d.iloc[0]['occupants']} companies")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"  target < 5 s: {'met' if seconds < 5 else 'MISSED'} ({seconds:.2f} s wall; load average {load:.1f} "
          f"on {os.cpu_count()} cores)")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="*", default=[100_000, 1_000_000], help="graph sizes")
    parser.add_argument("--companies", type=int, default=1_000_000, help="companies for the addresses target")
    parser.add_argument("--sample-nodes", type=int, default=10_000, help="size of the exact-vs-sampled check")
    parser.add_argument("--samples", type=int, default=centrality.SAMPLES, help="pivots for sampled measures")
    parser.add_argument("--exact-sources", type=int, default=500,
                        help="above 20k entities, time igraph exact betweenness over this many sources")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="small smoke run: 20k entities, 100k companies")
    args = parser.parse_args()
    if args.quick:
        args.nodes, args.companies, args.sample_nodes = [20_000], 100_000, 3_000
    import igraph
    print(f"bench_analysis: python {sys.version.split()[0]}, networkx {nx.__version__}, "
          f"python-igraph {igraph.__version__}, {os.cpu_count()} cores")
    started = time.perf_counter()
    results = []
    if args.sample_nodes:
        results.append(accuracy(args.sample_nodes, args.samples, args.seed))
    for n in args.nodes:
        results.append(scale(n, args.samples, args.seed, args.exact_sources if n > 20_000 else None,
                             with_networkx=n <= 200_000, with_louvain=n <= 20_000))
    if args.companies:
        address_target(args.companies, args.seed)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
