"""Benchmark of the access layer: KDF cost, unlock, encryption overhead, key rotation.

    .venv/bin/python -m bench.bench_access [--records 100000] [--kdf-runs 5]

Prints:
* Argon2id time per attempt with the default parameters (issue 3: >= 0.25 s);
* unlock time of a real project (KDF + HPKE + opening SQLCipher + audit entry);
* upsert and search speed unencrypted vs SQLCipher-encrypted on the same demo records,
  and the slowdown (target < 1.5x), plus the guarded store's own overhead;
* key rotation (removing a member re-keys the files of the labels they held);
* partitions (issue 11): the same records in today's single SQLCipher file (WAL, one key)
  vs one file per security label (rollback journal, TEMP views over the attached files):
  import, open, open followed by the first full read (where per-label files look for twins),
  search, graph load, neighbours, counts, and the ratio (target < 1.3x).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from graph.access import keyslots, session
from graph.demo import DemoData, generate
from graph.model import SECURITY_LABELS
from graph.stores.sqlite_store import SQLiteStore


def _upsert(store: object, data: DemoData) -> float:
    t = time.perf_counter()
    for start in range(0, len(data.entities), 5000):
        store.upsert_entities(data.entities[start:start + 5000])  # type: ignore[attr-defined]
    for start in range(0, len(data.relations), 5000):
        store.upsert_relations(data.relations[start:start + 5000])  # type: ignore[attr-defined]
    return time.perf_counter() - t


def _search_ms(store: object, queries: list[str]) -> float:
    ms = []
    for q in queries:
        t = time.perf_counter()
        store.search(q, limit=25)  # type: ignore[attr-defined]
        ms.append((time.perf_counter() - t) * 1000)
    return statistics.median(ms)


def _timed(fn: object, repeat: int = 5) -> float:
    """Median seconds of fn() over `repeat` runs."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _first_full_read(store: SQLiteStore) -> None:
    """Open, then the first full read: per-label files find twins there, not at open."""
    store.counts()
    store.close()


def bench_partitions(work: Path, data: DemoData, queries: list[str]) -> None:
    """Single file (today) vs one file per label, same records, same operations."""
    keys = {label: os.urandom(32) for label in SECURITY_LABELS}
    parts = {label: k for label, k in keys.items() if label != "open"}

    def single(create: bool = False) -> SQLiteStore:
        return SQLiteStore(work / "single.knp", create=create, key=keys["open"])

    def split(create: bool = False) -> SQLiteStore:
        return SQLiteStore(work / "split.knp", create=create, key=keys["open"], partitions=parts)

    labels: dict[str, int] = {}
    for r in [*data.entities, *data.relations]:
        labels[r.label] = labels.get(r.label, 0) + 1
    print(f"partitions          : labels in the data {labels}")
    rows = []
    for name, opener in (("single file", single), ("per label", split)):
        store = opener(True)
        imp = _upsert(store, data)
        store.close()
        opened = _timed(lambda o=opener: o().close())  # type: ignore[misc]
        first = _timed(lambda o=opener: _first_full_read(o()))  # type: ignore[misc]
        store = opener()
        q = _search_ms(store, queries) / 1000
        people = [e.id for e in data.entities if e.type == "Person"][:200]
        graph = _timed(lambda s=store: s.graph(), repeat=3)  # type: ignore[misc]
        hood = _timed(lambda s=store, p=people: s.neighbours(p, depth=2), repeat=5)  # type: ignore[misc]
        counts = _timed(lambda s=store: s.counts(), repeat=5)  # type: ignore[misc]
        scan = _timed(lambda s=store: sum(1 for _ in s.iter_entities()), repeat=3)  # type: ignore[misc]
        store.close()
        rows.append((name, imp, opened, first, q, graph, hood, counts, scan))
    heads = ("import", "open", "open+counts", "search", "graph()", "neighbours", "counts", "iter_entities")
    base = rows[0]
    for i, head in enumerate(heads, start=1):
        a, b = base[i], rows[1][i]
        print(f"  {head:<14}: single file {a * 1000:9.1f} ms | per label {b * 1000:9.1f} ms | "
              f"ratio {b / a:.2f}x [target < 1.3x]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--kdf-runs", type=int, default=5)
    ap.add_argument("--only-partitions", action="store_true", help="skip KDF, plain-vs-encrypted and rotation")
    args = ap.parse_args()
    if args.only_partitions:
        work = Path(tempfile.mkdtemp(prefix="knp-bench-access-"))
        data = generate(args.records, seed=3)
        rng = random.Random(5)
        people = [e for e in data.entities if e.type == "Person"]
        print(f"demo data           : {len(data.entities):,} entities, {len(data.relations):,} relations")
        bench_partitions(work, data, [p.properties["last_name"] for p in rng.sample(people, 40)]
                         + [p.caption for p in rng.sample(people, 40)])
        return
    kdf = keyslots.DEFAULT_KDF
    print(f"Argon2id parameters: memory {kdf.memory_kib // 1024} MiB, {kdf.iterations} passes, {kdf.lanes} lane(s)")
    times = []
    for _ in range(args.kdf_runs):
        t = time.perf_counter()
        kdf.derive("a passphrase to time", os.urandom(16))
        times.append(time.perf_counter() - t)
    print(f"KDF per attempt     : median {statistics.median(times):.3f} s, min {min(times):.3f} s "
          f"(n={args.kdf_runs})  [target >= 0.25 s]")

    work = Path(tempfile.mkdtemp(prefix="knp-bench-access-"))
    data = generate(args.records, seed=3)
    print(f"demo data           : {len(data.entities):,} entities, {len(data.relations):,} relations")
    rng = random.Random(5)
    people = [e for e in data.entities if e.type == "Person"]
    queries = [p.properties["last_name"] for p in rng.sample(people, 40)] + \
              [p.caption for p in rng.sample(people, 40)]

    plain = SQLiteStore(work / "plain.knp", create=True)
    plain_s = _upsert(plain, data)
    plain_q = _search_ms(plain, queries)
    plain.close()
    raw = SQLiteStore(work / "raw.knp", create=True, key=os.urandom(32))
    raw_s = _upsert(raw, data)
    raw_q = _search_ms(raw, queries)
    raw.close()
    guarded = session.create(work / "enc.knp", owner="alice", passphrase="alice's passphrase")
    session.add_member(guarded, "bob", role="analyst", passphrase="bob's passphrase")
    enc_s = _upsert(guarded, data)
    enc_q = _search_ms(guarded, queries)
    n = len(data)
    print(f"upsert unencrypted  : {n / plain_s:10,.0f} records/s ({plain_s:.1f} s)")
    print(f"upsert SQLCipher    : {n / raw_s:10,.0f} records/s ({raw_s:.1f} s)  slowdown {raw_s / plain_s:.2f}x "
          f"[target < 1.5x]")
    print(f"upsert guarded+enc  : {n / enc_s:10,.0f} records/s ({enc_s:.1f} s)  slowdown {enc_s / plain_s:.2f}x "
          f"(role checks, label checks, audit entries)")
    print(f"search unencrypted  : median {plain_q:.2f} ms")
    print(f"search SQLCipher    : median {raw_q:.2f} ms  slowdown {raw_q / plain_q:.2f}x [target < 1.5x]")
    print(f"search guarded+enc  : median {enc_q:.2f} ms (each search also appends an audit entry)")
    t = time.perf_counter()
    rotation = session.remove_member(guarded, "bob")
    total = time.perf_counter() - t
    size = (work / "enc.knp").stat().st_size / 2**20
    print(f"key rotation        : re-key {rotation:.2f} s, member removal total {total:.2f} s "
          f"({size:.0f} MiB main file, {n:,} records; every label file re-keyed: bob held every label)")
    guarded.close()
    t = time.perf_counter()
    session.unlock(work / "enc.knp", "alice", "alice's passphrase").close()
    print(f"unlock (passphrase) : {time.perf_counter() - t:.3f} s (KDF + HPKE + open + audit)")
    bench_partitions(work, data, queries)


if __name__ == "__main__":
    main()
