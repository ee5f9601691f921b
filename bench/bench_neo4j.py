"""Benchmark of the Neo4j store on your own server: upsert rows/s and neighbour-query latency.

    NEO4J_URI=bolt://localhost:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=... \\
        .venv/bin/python -m bench.bench_neo4j [--records 20000] [--batch 500,1000,5000] [--queries 200]

(or keep the password in the keyring: `knooppunt neo4j login --uri ... --user ...`).
For each batch size (rows per UNWIND statement) it creates a throw-away project, upserts
demo records (generation not timed), re-upserts them (the merge path: all unchanged), then
times 1- and 2-hop neighbourhoods, searches and subgraph fetches from random entities,
and drops the project. Without a configured server it says so and exits 0.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable

from graph.demo import DemoData, generate
from graph.stores import neo4j_store
from graph.stores.neo4j_connect import Neo4jConnectionError, check, driver, env_target, password_for


def _latency(label: str, fn: Callable[[], object], n: int) -> None:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"  {label:<28} median {statistics.median(times):7.2f} ms   p95 {p95:7.2f} ms   (n={n})")


def _measure(store: neo4j_store.Neo4jStore, data: DemoData, rng: random.Random, words: list[str],
             queries: int) -> None:
    for phase in ("create", "merge, unchanged"):
        t = time.perf_counter()
        store.upsert_entities([e.evolve(properties=dict(e.properties)) for e in data.entities])
        store.upsert_relations([r.evolve(properties=dict(r.properties)) for r in data.relations])
        took = time.perf_counter() - t
        print(f"  {'upsert (' + phase + ')':<28} {len(data) / took:9.0f} rows/s   ({took:.1f} s)")
    ids = [e.id for e in data.entities]
    _latency("neighbours depth 1", lambda: store.neighbours([rng.choice(ids)], 1), queries)
    _latency("neighbours depth 2", lambda: store.neighbours([rng.choice(ids)], 2), queries)
    _latency("search (name prefix)", lambda: store.search(rng.choice(words)[:4]), queries)
    _latency("subgraph of a 2-hop hood", lambda: store.subgraph(store.neighbours([rng.choice(ids)], 2)),
             max(1, queries // 4))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=20_000, help="demo records (entities + relations)")
    ap.add_argument("--batch", default="500,1000,5000", help="rows per UNWIND statement, comma-separated")
    ap.add_argument("--queries", type=int, default=200, help="queries per latency figure")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    target = env_target()
    if target is None:
        print("bench_neo4j: no Neo4j server configured: set NEO4J_URI and NEO4J_USER, and NEO4J_PASSWORD "
              "or a keyring entry (knooppunt neo4j login); nothing measured.")
        return 0
    uri, user = target
    database = os.environ.get("NEO4J_DATABASE")
    try:
        password = password_for(uri, user)
        info = check(uri, user, password, database)
    except Neo4jConnectionError as exc:
        print(f"bench_neo4j: {exc}", file=sys.stderr)
        return 2
    print(info.line())
    data = generate(args.records, args.seed)
    print(f"demo data: {len(data.entities)} entities, {len(data.relations)} relations")
    rng = random.Random(args.seed)
    words = [e.caption.split()[0] for e in rng.sample(data.entities, min(50, len(data.entities))) if e.caption]
    drv = driver(uri, user, password)
    try:
        for batch in (int(b) for b in args.batch.split(",")):
            store = neo4j_store.Neo4jStore(drv, f"bench-{uuid.uuid4().hex[:10]}", database=database, create=True,
                                           uri=uri, batch=batch)
            try:
                print(f"\nbatch {batch} rows per statement")
                _measure(store, data, rng, words, args.queries)
            finally:
                store.drop_project()
    finally:
        drv.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
