"""Where a large case import's memory goes (issue 18: peak < 600 MiB for 1M rows). One command, prints figures.

    .venv/bin/python bench/bench_bulk_memory.py                    # 300,000-row wide case CSV
    .venv/bin/python bench/bench_bulk_memory.py --rows 1000000
    .venv/bin/python bench/bench_bulk_memory.py --trace            # + tracemalloc top allocations per chunk (slow)

Imports the wide case CSV (bench_import.make_case_csv, spec `meldingen`) into an empty project in
a child process and prints, per chunk, the resident memory (VmRSS) and its high-water mark
(VmHWM); then the same after the load (index rebuild and commit included), the sizes of the
importer's caches and the end-to-end rate. `--code DIR` runs another checkout's code.
Diagnostics of the child (`--child FILE`): KNP_MALLOCSTATS=1 prints pymalloc's arenas per chunk
to stderr (arenas held vs bytes in use: what long-lived cache entries pin), KNP_TRIM=1 calls
malloc_trim after each chunk.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _status(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _caches() -> dict[str, int]:
    from graph import schema
    from importers import addresses, names

    return {"parse_address": addresses.parse_address.cache_info().currsize,
            "name_forms": names.name_forms.cache_info().currsize,
            "schema._date_text": schema._date_text.cache_info().currsize}


def _sqlite_mib() -> tuple[float, float]:
    """SQLite's own heap (page cache, sorter, in-memory temp files): now and its high-water mark."""
    import ctypes

    import sqlcipher3._sqlite3 as ext

    lib = ctypes.CDLL(ext.__file__)  # the already loaded library: the same SQLite instance
    lib.sqlite3_memory_used.restype = lib.sqlite3_memory_highwater.restype = ctypes.c_int64
    return lib.sqlite3_memory_used() / 2**20, lib.sqlite3_memory_highwater(0) / 2**20


def child(data: Path, out: Path, trace: bool) -> dict[str, Any]:
    import tracemalloc

    from graph.stores.sqlite_store import SQLiteStore
    from importers.case_import import import_table_file
    from importers.spec import load_spec

    if trace:
        tracemalloc.start()
    store = SQLiteStore(out, create=True)
    chunks: list[dict[str, Any]] = []
    t0 = time.perf_counter()

    def progress(rows: int) -> None:
        row: dict[str, Any] = {"t": round(time.perf_counter() - t0, 1), "rss": round(_status("VmRSS")),
                               "hwm": round(_status("VmHWM")), "sql": [round(v) for v in _sqlite_mib()]}
        if trace:
            snap = tracemalloc.take_snapshot()
            now, peak = tracemalloc.get_traced_memory()
            row["py_mib"] = f"{now / 2**20:.0f} (peak in the chunk {peak / 2**20:.0f})"
            tracemalloc.reset_peak()
            row["top"] = [f"{s.size / 2**20:.1f} MiB {s.traceback[0].filename.split('/')[-1]}:{s.traceback[0].lineno}"
                          for s in snap.statistics("lineno")[:6]]
        chunks.append(row)
        if os.environ.get("KNP_MALLOCSTATS"):
            sys._debugmallocstats()  # to stderr: pymalloc arenas held vs bytes in use
        if os.environ.get("KNP_TRIM"):
            import ctypes

            ctypes.CDLL("libc.so.6").malloc_trim(0)

    result = import_table_file(store, data, load_spec("meldingen"), progress=progress)
    seconds = time.perf_counter() - t0
    store.close()
    import gc

    cycles = gc.collect()  # objects the paused collector left behind (cycles made during the import)
    return {"cycles": cycles, "rows": result.rows, "records": result.entities.total + result.relations.total,
            "seconds": seconds, "chunks": chunks, "end_rss": round(_status("VmRSS")),
            "end_sql": [round(v) for v in _sqlite_mib()], "peak_mib": round(_status("VmHWM")), "caches": _caches()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=300_000)
    ap.add_argument("--trace", action="store_true", help="tracemalloc top allocations per chunk (slower)")
    ap.add_argument("--csv", type=Path, help="reuse this generated CSV (made when missing)")
    ap.add_argument("--code", type=Path, help="the checkout whose code to run (default: this one)")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        sys.path.insert(0, str(args.code or ROOT))
        with tempfile.TemporaryDirectory(prefix="knp-mem-") as tmp:
            print(json.dumps(child(args.child, Path(tmp) / "p.knp", args.trace)))
        return
    sys.path.insert(0, str(ROOT))
    from bench.bench_import import make_case_csv

    with tempfile.TemporaryDirectory(prefix="knp-mem-") as tmp:
        data = args.csv or Path(tmp) / "meldingen.csv"
        if not data.exists():
            make_case_csv(data, args.rows)
        cmd = [sys.executable, __file__, "--child", str(data)] + (["--trace"] if args.trace else []) \
            + (["--code", str(args.code)] if args.code else [])
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode:
            raise SystemExit(done.stderr[-3000:])
        f = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{'chunk':>5} {'s':>7} {'RSS MiB':>8} {'HWM MiB':>8} {'SQLite MiB (peak)':>18}")
    for i, c in enumerate(f["chunks"], 1):
        py = f"  py {c['py_mib']} MiB" if "py_mib" in c else ""
        print(f"{i:>5} {c['t']:>7} {c['rss']:>8} {c['hwm']:>8} {c['sql'][0]:>8} ({c['sql'][1]}){py}")
        for line in c.get("top", []):
            print(f"{'':>14}{line}")
    print(f"after load (rebuild + commit): RSS {f['end_rss']} MiB, peak (VmHWM) {f['peak_mib']} MiB, "
          f"SQLite {f['end_sql'][0]} MiB (peak {f['end_sql'][1]})")
    print(f"caches: {f['caches']}; objects in cycles left after the import: {f['cycles']:,}")
    print(f"{f['rows']:,} rows, {f['records']:,} records in {f['seconds']:.1f} s = "
          f"{f['records'] / f['seconds']:,.0f} rec/s, {f['rows'] / f['seconds']:,.0f} rows/s")


if __name__ == "__main__":
    main()
