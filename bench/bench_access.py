"""Benchmark of the access layer: KDF cost, unlock, encryption overhead, key rotation.

    .venv/bin/python -m bench.bench_access [--records 100000] [--kdf-runs 5] [--only-partitions] [--rounds 3]

Prints:
* Argon2id time per attempt with the default parameters (issue 3: >= 0.25 s);
* unlock time of a real project (KDF + HPKE + opening SQLCipher + audit entry);
* upsert and search speed unencrypted vs SQLCipher-encrypted on the same demo records,
  and the slowdown (target < 1.5x), plus the guarded store's own overhead;
* key rotation (removing a member re-keys the files of the labels they held);
* partitions (issue 11): the same records in today's single SQLCipher file (WAL, one key)
  vs one file per security label (rollback journal, files attached at the first read of
  records, TEMP views over them), the same session code on both sides, interleaved A/B:
  import, open (the store; and through the door with the key remembered in the keyring, what
  the analyst meets: each session closed after its time is taken; and again with the earlier
  sessions still open, where the one file's write-ahead log is already there and a commit
  syncs it once), open followed by the first search / type search (a type tab: Person) / full read,
  a search as the window does it (unlock+search+close: the `open` audit entry in a commit of its
  own) and as a `knooppunt` command does it (CLI search: that entry goes with the search's),
  search, type search, counts, neighbours, iter_entities, graph load; medians per round, the
  machine load, and the range of the ratio over `--rounds` rounds (target < 1.3x); and the SQL
  statements of one open+search (and open+type search) on each side (the store's and FTS5's
  own: a count the load does not change). The machine is shared: run it more than once and
  read the ranges.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import keyring

from graph import project
from graph.access import keyslots, localstate, session
from graph.demo import DemoData, generate
from graph.model import SECURITY_LABELS
from graph.stores import sqlite_store
from graph.stores.sqlite_store import SQLiteStore
from tests.sandbox import MemoryKeyring


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


@contextlib.contextmanager
def _one_file() -> Iterator[None]:
    """Today's layout for the A side: the same session code (key slots, signatures, audit), with the
    store as ONE SQLCipher file (WAL) under the `open` key holding every label."""
    def keys_of(path: Path, label_keys: Any, fresh: Any) -> tuple[dict[str, bytes], list[str]]:
        return {lab: k for lab, k in label_keys.items() if lab in SECURITY_LABELS}, []

    def connect(path: Path, label_keys: Any) -> SQLiteStore:
        return SQLiteStore(path, key=label_keys["open"])

    with mock.patch.object(session, "_partitions", lambda keys: None), \
            mock.patch.object(session, "_partition_keys", keys_of), mock.patch.object(session, "_connect", connect):
        yield


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} on {os.cpu_count()} cores"


def _ab(a: Callable[[], object], b: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Interleaved A/B: a and b in turn (the order swapped each time), median seconds of each."""
    ta: list[float] = []
    tb: list[float] = []
    for i in range(repeat):
        for fn, out in ((a, ta), (b, tb)) if i % 2 == 0 else ((b, tb), (a, ta)):
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
    return statistics.median(ta), statistics.median(tb)


def _ab_open(a: Callable[[], Any], b: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Interleaved A/B of an open alone: each session is closed after its time is taken, so every
    open meets the project as the analyst does when no other window or command has it open."""
    ta: list[float] = []
    tb: list[float] = []
    for i in range(repeat):
        for fn, out in ((a, ta), (b, tb)) if i % 2 == 0 else ((b, tb), (a, ta)):
            t = time.perf_counter()
            opened = fn()
            out.append(time.perf_counter() - t)
            opened.close()
    return statistics.median(ta), statistics.median(tb)


_Layout = Callable[[], contextlib.AbstractContextManager[None]]


@dataclass
class _Side:
    """One side of the A/B: a project made through the session (as `project create`), its keys."""

    path: Path
    keys: dict[str, bytes]
    layout: _Layout

    def store(self) -> SQLiteStore:
        parts = {lab: k for lab, k in self.keys.items() if lab in SECURITY_LABELS and lab != "open"}
        partitioned = self.layout is contextlib.nullcontext
        return SQLiteStore(self.path, key=self.keys["open"], partitions=parts if partitioned else None)

    def unlock(self) -> object:
        """What the analyst meets: open through the door with the key remembered in the keyring."""
        with self.layout():
            return project.open_project(self.path, keyring_how="keyring (bench)")

    def command(self) -> object:
        """As a `knooppunt` command opens it (workbench.context.open_store): the `open` audit entry
        goes with the command's own entry or the close, in one commit."""
        with self.layout():
            return project.open_project(self.path, keyring_how="keyring (bench)", open_entry_with_next=True)


def _make(path: Path, layout: _Layout, data: DemoData) -> tuple[_Side, float]:
    """Create the project, import the records through the guarded store, remember the key."""
    with layout():
        guarded = session.create(path, owner="alice", passphrase="alice's passphrase", kdf=_BENCH_KDF)
        t = time.perf_counter()
        with guarded.activity("import", source="bench"):
            _upsert(guarded, data)
        imported = time.perf_counter() - t
        project.remember(guarded)
        assert guarded.keys is not None
        keys = dict(guarded.keys.label_keys)
        guarded.close()
    return _Side(path, keys, layout), imported


_BENCH_KDF = keyslots.KdfParams(memory_kib=1024, iterations=1, lanes=1)  # unlocks here come from the keyring


def _round(a: _Side, b: _Side, queries: list[str], people: list[str], quick: bool) -> list[tuple[str, float, float]]:
    """One round of every operation, each interleaved A/B; (name, a seconds, b seconds)."""
    n = 10 if quick else 40
    rows = []

    def closed(open_: Callable[[], Any], then: Callable[[Any], object] | None = None) -> Callable[[], None]:
        def run() -> None:
            s = open_()
            if then is not None:
                then(s)
            s.close()
        return run

    rows.append(("open (store)", *_ab(closed(a.store), closed(b.store), n)))
    rows.append(("open+search (store)", *_ab(closed(a.store, lambda s: s.search(queries[0])),
                                             closed(b.store, lambda s: s.search(queries[0])), n)))
    rows.append(("open+type search (store)", *_ab(closed(a.store, lambda s: s.search(queries[0], types=["Person"])),
                                                  closed(b.store, lambda s: s.search(queries[0], types=["Person"])),
                                                  n)))
    rows.append(("open+counts (store)", *_ab(closed(a.store, lambda s: s.counts()),
                                             closed(b.store, lambda s: s.counts()), max(4, n // 4))))
    ua, ub = a.unlock(), b.unlock()  # warm the remembered-key path once (imports, keyring)
    ua.close()  # type: ignore[attr-defined]
    ub.close()  # type: ignore[attr-defined]
    rows.append(("unlock (keyring)", *_ab_open(a.unlock, b.unlock, n)))
    opened: dict[str, list[Any]] = {"a": [], "b": []}
    rows.append(("unlock (others open)", *_ab(lambda: opened["a"].append(a.unlock()),
                                              lambda: opened["b"].append(b.unlock()), n)))
    for s in [*opened["a"], *opened["b"]]:
        s.close()
    rows.append(("unlock+close (keyring)", *_ab(closed(a.unlock), closed(b.unlock), n)))
    rows.append(("unlock+search+close", *_ab(closed(a.unlock, lambda s: s.search(queries[1])),
                                             closed(b.unlock, lambda s: s.search(queries[1])), n)))
    rows.append(("CLI search (door)", *_ab(closed(a.command, lambda s: s.search(queries[1])),
                                           closed(b.command, lambda s: s.search(queries[1])), n)))
    sa, sb = a.store(), b.store()
    sa.search(queries[0])
    sb.search(queries[0])  # first search paid above; here the steady state
    per_query = [_ab(lambda q=q: sa.search(q, limit=25), lambda q=q: sb.search(q, limit=25), 3)  # type: ignore[misc]
                 for q in queries]
    rows.append(("search", statistics.median(x for x, _ in per_query), statistics.median(y for _, y in per_query)))
    per_query = [_ab(lambda q=q: sa.search(q, types=["Person"]), lambda q=q: sb.search(q, types=["Person"]), 3)  # type: ignore[misc]
                 for q in queries]
    rows.append(("type search", statistics.median(x for x, _ in per_query), statistics.median(y for _, y in per_query)))
    rows.append(("counts", *_ab(sa.counts, sb.counts, 5)))
    rows.append(("neighbours", *_ab(lambda: sa.neighbours(people, depth=2), lambda: sb.neighbours(people, depth=2), 5)))
    if not quick:
        rows.append(("iter_entities", *_ab(lambda: sum(1 for _ in sa.iter_entities()),
                                           lambda: sum(1 for _ in sb.iter_entities()), 3)))
        rows.append(("graph()", *_ab(sa.graph, sb.graph, 2)))
    sa.close()
    sb.close()
    return rows


def _statements(side: _Side, query: str, types: list[str] | None = None) -> tuple[int, int]:
    """SQL statements one open+search+close runs after connecting: the store's, and FTS5's own (SQLite's
    trace). A count the machine's load does not change, beside the timings that it does."""
    seen: list[str] = []
    real = sqlite_store.connect

    def traced(*args: Any, **kwargs: Any) -> sqlite_store._Connection:
        conn = real(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    with mock.patch.object(sqlite_store, "connect", traced):
        store = side.store()
        store.search(query, types=types)
        store.close()
    inner = sum(1 for statement in seen if statement.startswith("--"))
    return len(seen) - inner, inner


def bench_partitions(work: Path, data: DemoData, queries: list[str], rounds: int = 3, quick: bool = False,
                     imports: int = 2) -> None:
    """Today's one file vs one file per label: the same records, the same session code, interleaved A/B.

    Both projects are made through the session (key slots, signed members, audit) and
    filled through the guarded store; A keeps every label in one WAL file under the `open`
    key (today), B a file per label under its own key (rollback journal, attached at the
    first read of records). "store" lines open the SQLiteStore directly; "unlock" lines go
    through the door with the key remembered in the keyring, as `knooppunt` and the GUI do
    (key slot, members signature, audit head, the signed `open` audit entry and its commit).
    """
    os.environ.setdefault(localstate.STATE_ENV, str(work / "state"))  # this computer's memory of projects
    keyring.set_keyring(MemoryKeyring())
    labels: dict[str, int] = {}
    for r in [*data.entities, *data.relations]:
        labels[r.label] = labels.get(r.label, 0) + 1
    print(f"partitions          : labels in the data {labels}; {_load()}")
    times: dict[str, list[float]] = {"a": [], "b": []}
    imports = max(1, imports)
    for i in range(imports):  # interleaved: one file, per label, per label, one file, ...
        for side, layout in (("a", _one_file), ("b", contextlib.nullcontext))[::1 if i % 2 == 0 else -1]:
            made, seconds = _make(work / f"{side}{i}.knp", layout, data)
            times[side].append(seconds)
            if side == "a":
                a = made
            else:
                b = made
    import_a, import_b = statistics.median(times["a"]), statistics.median(times["b"])
    print(f"  {'import (guarded)':<24}: one file {import_a:9.2f} s  | per label {import_b:9.2f} s  | "
          f"ratio {import_b / import_a:.2f}x [target < 1.3x] (median of {imports}; {_load()})")
    people = [e.id for e in data.entities if e.type == "Person"][:200]
    (sa, ia), (sb, ib) = _statements(a, queries[0]), _statements(b, queries[0])
    print(f"  {'statements open+search':<24}: one file {sa} (+{ia} FTS5's own) | per label {sb} (+{ib} FTS5's own)")
    (sa, ia), (sb, ib) = _statements(a, queries[0], ["Person"]), _statements(b, queries[0], ["Person"])
    print(f"  {'... open+type search':<24}: one file {sa} (+{ia} FTS5's own) | per label {sb} (+{ib} FTS5's own)")
    ratios: dict[str, list[float]] = {}
    for n in range(rounds):
        print(f"  round {n + 1}/{rounds} ({_load()}), medians:")
        for name, ta, tb in _round(a, b, queries, people, quick):
            ratios.setdefault(name, []).append(tb / ta)
            print(f"  {name:<24}: one file {ta * 1000:9.2f} ms | per label {tb * 1000:9.2f} ms | "
                  f"ratio {tb / ta:.2f}x")
    print(f"  ratio per label / one file over {rounds} rounds (min-max) [target < 1.3x], {_load()}:")
    for name, values in ratios.items():
        print(f"  {name:<24}: {min(values):.2f}x - {max(values):.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--kdf-runs", type=int, default=5)
    ap.add_argument("--only-partitions", action="store_true", help="skip KDF, plain-vs-encrypted and rotation")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of the interleaved partition A/B (ranges)")
    ap.add_argument("--imports", type=int, default=2, help="imports per side, interleaved (median)")
    ap.add_argument("--quick", action="store_true", help="fewer repeats, no graph()/iter_entities (a smoke run)")
    args = ap.parse_args()
    if args.only_partitions:
        work = Path(tempfile.mkdtemp(prefix="knp-bench-access-"))
        data = generate(args.records, seed=3)
        rng = random.Random(5)
        people = [e for e in data.entities if e.type == "Person"]
        print(f"demo data           : {len(data.entities):,} entities, {len(data.relations):,} relations")
        bench_partitions(work, data, [p.properties["last_name"] for p in rng.sample(people, 40)]
                         + [p.caption for p in rng.sample(people, 40)], args.rounds, args.quick, args.imports)
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
    bench_partitions(work, data, queries, args.rounds, args.quick, args.imports)


if __name__ == "__main__":
    main()
