"""Benchmark of the Neo4j bulk path that needs no server: neo4j-admin CSV files and sealing.

    .venv/bin/python -m bench.bench_neo4j_bulk [--records 100000] [--share-labelled 0.3]

Generates demo records into an embedded project (not timed), a share of them labelled
above `open`, then prints, one run each:
- `admin-csv` writing: records/s, bytes per record, with and without sealing;
- the sealing layer alone: seal and open (records/s) and the blind index (tokens per record).
The transactional path (UNWIND batches against a server) is bench/bench_neo4j.py.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
from pathlib import Path

from graph.demo import generate
from graph.stores.neo4j_admin import write_admin_csv
from graph.stores.neo4j_seal import LabelSeal
from graph.stores.neo4j_store import entity_row
from graph.stores.sqlite_store import SQLiteStore

LABELS = ("confidential", "police-wpg", "fiod/tax")


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _project(records: int, share: float, seed: int, where: Path) -> SQLiteStore:
    data = generate(records, seed=seed)
    rng = random.Random(seed)
    for rec in (*data.entities, *data.relations):
        if rng.random() < share:
            rec.label = rng.choice(LABELS)
    keys = {label: os.urandom(32) for label in ("open", *LABELS)}
    from graph.access.session import _partitions  # the label files, as an encrypted project has them

    store = SQLiteStore(where / "bench.knp", create=True, key=keys["open"], partitions=_partitions(keys))
    with store.transaction():
        store.upsert_entities(data.entities)
        store.upsert_relations(data.relations)
    return store


def _csv(store: SQLiteStore, where: Path, seal: LabelSeal | None, views_only: bool = False) -> None:
    name = f"{'sealed' if seal else 'clear'}{', views only' if views_only else ''}"
    out = where / name.replace(", ", "-").replace(" ", "-")
    t = time.perf_counter()
    result = write_admin_csv(store, out, "bench", seal=seal, views_only=views_only)
    took = time.perf_counter() - t
    n = result.entities + result.relations
    size = sum(p.stat().st_size for p in out.iterdir())
    print(f"admin-csv {name}: {n:,} records in {took:.1f} s = {n / took:,.0f} records/s; "
          f"{size / n:,.0f} bytes/record; {len(result.files)} files")


def _seal_only(store: SQLiteStore, seal: LabelSeal) -> None:
    rows = [entity_row(store.schema, "bench", e, []) for e in store.iter_entities()]
    sealed_rows = [r for r in rows if r.get("label", "open") != "open"]
    t = time.perf_counter()
    boxed = [seal.seal_entity(r) for r in rows]
    took_seal = time.perf_counter() - t
    t = time.perf_counter()
    for b in boxed:
        seal.open_map(b)
    took_open = time.perf_counter() - t
    tokens = [len(b["search"].split()) for b in boxed if "sealed" in b]
    print(f"seal: {len(rows) / took_seal:,.0f} entities/s ({len(sealed_rows):,} of {len(rows):,} sealed); "
          f"open: {len(rows) / took_open:,.0f} entities/s; blind index "
          f"{sum(tokens) / max(1, len(tokens)):.0f} tokens per sealed entity")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--share-labelled", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="kn-bulk-") as tmp:
        where = Path(tmp)
        t = time.perf_counter()
        store = _project(args.records, args.share_labelled, args.seed, where)
        print(f"project of {args.records:,} demo records ({args.share_labelled:.0%} above open) built in "
              f"{time.perf_counter() - t:.1f} s (not timed below)")
        try:
            seal = LabelSeal({label: os.urandom(32) for label in LABELS}, "bench")
            _csv(store, where, None)
            _csv(store, where, seal)
            _csv(store, where, None, views_only=True)
            _csv(store, where, seal, views_only=True)
            _seal_only(store, seal)
        finally:
            store.close()
    print(f"peak RSS {rss_mib():,.0f} MiB")


if __name__ == "__main__":
    main()
