"""Benchmark of the embedded store: upsert throughput, search and neighbour latency.

    .venv/bin/python -m bench.bench_store [--records 1000000] [--key]

Generates demo records (not timed), upserts them into a new project file in batches of
5,000 (timed), then times searches by name and identifier and 2-hop neighbourhoods.
Prints figures; --key measures an encrypted (SQLCipher) project instead.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from graph.demo import generate
from graph.stores.sqlite_store import SQLiteStore


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_ms(fn: Callable[[], object], repeat: int = 1) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--key", action="store_true", help="encrypt the project (SQLCipher)")
    ap.add_argument("--dir", default=None, help="where to put the project file (default: a temp dir)")
    args = ap.parse_args()

    t = time.perf_counter()
    data = generate(args.records, seed=args.seed)
    gen_s = time.perf_counter() - t
    print(f"generated {len(data):,} records ({len(data.entities):,} entities, {len(data.relations):,} relations)"
          f" in {gen_s:.1f} s; RSS after generating {rss_mib():.0f} MiB")

    workdir = Path(args.dir or tempfile.mkdtemp(prefix="knp-bench-"))
    path = workdir / "bench.knp"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = SQLiteStore(path, create=True, key=os.urandom(32) if args.key else None)

    t = time.perf_counter()
    for start in range(0, len(data.entities), 5000):
        store.upsert_entities(data.entities[start:start + 5000])
    ent_s = time.perf_counter() - t
    t = time.perf_counter()
    for start in range(0, len(data.relations), 5000):
        store.upsert_relations(data.relations[start:start + 5000])
    rel_s = time.perf_counter() - t
    total = len(data)
    print(f"upsert entities : {len(data.entities) / ent_s:>10,.0f} records/s ({ent_s:.1f} s)")
    print(f"upsert relations: {len(data.relations) / rel_s:>10,.0f} records/s ({rel_s:.1f} s)")
    print(f"upsert overall  : {total / (ent_s + rel_s):>10,.0f} records/s ({ent_s + rel_s:.1f} s for {total:,})"
          f"  [target >= 200,000]")
    print(f"peak RSS        : {rss_mib():,.0f} MiB (process, incl. the generated records in memory)")
    print(f"file size       : {path.stat().st_size / 2**20:,.0f} MiB"
          f"{' (encrypted)' if args.key else ''}")

    sample = data.entities[:100_000]
    t = time.perf_counter()
    again = store.upsert_entities(sample)
    print(f"re-upsert {len(sample):,} unchanged entities: {len(sample) / (time.perf_counter() - t):,.0f} records/s "
          f"(created {again.created}, updated {again.updated})")

    rng = random.Random(7)
    people = [e for e in data.entities[: 200_000] if e.type == "Person"]
    names = [p.properties["last_name"] for p in rng.sample(people, 50)]
    firsts = [p.caption for p in rng.sample(people, 50)]
    companies = [e for e in data.entities if e.type == "Company"]
    kvks = [c.properties["kvk_number"] for c in rng.sample(companies, 50)]
    prefixes = [n[:3] for n in names]
    for label, queries in (("search last name", names), ("search full name", firsts),
                           ("search 3-letter prefix", prefixes), ("search KvK number", kvks)):
        ms = [timed_ms(partial(store.search, q, limit=25))[0] for q in queries]
        print(f"{label:<24}: median {statistics.median(ms):6.1f} ms, p95 {sorted(ms)[int(len(ms) * .95)]:6.1f} ms,"
              f" max {max(ms):6.1f} ms  [target < 50 ms]")
    seeds = [p.id for p in rng.sample(people, 30)]
    ms = [timed_ms(partial(store.neighbours, [s], 2))[0] for s in seeds]
    print(f"{'neighbours depth 2':<24}: median {statistics.median(ms):6.1f} ms, max {max(ms):6.1f} ms")
    ms = [timed_ms(partial(lambda x: store.subgraph(store.neighbours([x], 2)), s))[0] for s in seeds]
    print(f"{'subgraph depth 2':<24}: median {statistics.median(ms):6.1f} ms, max {max(ms):6.1f} ms")
    store.close()


if __name__ == "__main__":
    main()
