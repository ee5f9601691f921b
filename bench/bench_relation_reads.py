"""Reads of relations on a KvK project, this checkout against another one (issue 18, storage format 9). One command.

    .venv/bin/python bench/bench_relation_reads.py --baseline ../main --profiles 30000 [--pairs 3]

Format 9 stores a relation's type, end types and shared props as codes that every read decodes in SQL
(`graph.stores.lean._select`). Each side imports the same generated Basisprofiel documents with its own code into
a plain project (so each reads the format it writes), then times, in its own process, interleaved A/B/A/B...:
relations_of for 500 companies, iter_relations (every relation), graph() (every record), neighbours (depth 2 of
200 companies), counts() and a search of a name with a number. Figures: median CPU ms (process time) and wall ms
per operation and the spread (min-max) over the pairs; B/record of each side's file.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _timed(fn: Any) -> tuple[float, float]:
    c, t = time.process_time(), time.perf_counter()
    fn()
    return (time.process_time() - c) * 1000, (time.perf_counter() - t) * 1000


def phase_import(data: Path, out: Path) -> dict[str, Any]:
    from graph.stores.sqlite_store import SQLiteStore
    from importers.kvk import import_kvk_files

    with SQLiteStore(out, create=True) as store:
        (result,) = import_kvk_files(store, [data])
    created = result.entities.created + result.relations.created
    return {"bytes_per_record": out.stat().st_size / created}


def phase_read(path: Path) -> dict[str, Any]:
    from graph.stores.sqlite_store import SQLiteStore

    out: dict[str, Any] = {}
    with SQLiteStore(path) as store:
        firms = [e.id for e in store.iter_entities("Company")]
        store.graph()  # warm the page cache and the statements once
        ops = {
            "relations_of x500": lambda: [store.relations_of(i) for i in firms[:500]],
            "iter_relations": lambda: sum(1 for _ in store.iter_relations()),
            "graph()": store.graph,
            "neighbours x200": lambda: store.neighbours(firms[:200], depth=2),
            "counts": store.counts,
            "search": lambda: [store.search(q, limit=25) for q in ("onderneming 12", "kerkstraat 4")],
        }
        for name, fn in ops.items():
            out[name] = _timed(fn)
    return out


def _run(code: Path, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, *args],
        cwd=code,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"},
    )
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", type=Path, help="the other checkout (side A)")
    ap.add_argument("--profiles", type=int, default=30_000)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--phase", choices=["import", "read"], help=argparse.SUPPRESS)
    ap.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase == "import":
        print(json.dumps(phase_import(args.data, args.file)))
        return
    if args.phase == "read":
        print(json.dumps(phase_read(args.file)))
        return
    if args.baseline is None:
        raise SystemExit("--baseline DIR: the checkout to compare with")
    sys.path.insert(0, str(ROOT))
    from bench.bench_import import make_kvk_jsonl

    sides = {"A": args.baseline.resolve(), "B": ROOT}
    with tempfile.TemporaryDirectory(prefix="knp-relreads-") as tmp:
        data = Path(tmp, "kvk.jsonl")
        make_kvk_jsonl(data, args.profiles)
        files = {side: Path(tmp, f"{side}.knp") for side in sides}
        sizes = {
            side: _run(code, "--phase", "import", "--data", str(data), "--file", str(files[side]))
            for side, code in sides.items()
        }
        runs: dict[str, list[dict[str, Any]]] = {"A": [], "B": []}
        for i in range(args.pairs):
            for side in ("A", "B") if i % 2 == 0 else ("B", "A"):
                runs[side].append(_run(sides[side], "--phase", "read", "--file", str(files[side])))
    print(
        f"{args.profiles:,} KvK profiles; B/record: A {sizes['A']['bytes_per_record']:.1f}, "
        f"B {sizes['B']['bytes_per_record']:.1f}; {args.pairs} interleaved pairs, median (min-max)"
    )
    print(f"{'operation':<20} {'A cpu ms':>22} {'B cpu ms':>22} {'B/A cpu':>8} {'A wall ms':>22} {'B wall ms':>22}")
    for op in runs["A"][0]:
        cols = []
        for k in (0, 1):
            for side in ("A", "B"):
                v = [r[op][k] for r in runs[side]]
                cols.append(f"{statistics.median(v):9.1f} ({min(v):.1f}-{max(v):.1f})")
            if k == 0:
                a, b = (statistics.median(r[op][0] for r in runs[s]) for s in ("A", "B"))
                cols.append(f"{b / a:8.2f}")
        print(f"{op:<20} " + " ".join(f"{c:>22}" if len(c) > 8 else c for c in cols))


if __name__ == "__main__":
    main()
