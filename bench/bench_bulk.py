"""Bulk ingest benchmark (issue 18): end to end against the raw-SQLite floor. One command, prints figures.

    .venv/bin/python bench/bench_bulk.py                  # 1,000,000-row case CSVs, 100,000 KvK profiles, 1M base
    .venv/bin/python bench/bench_bulk.py --quick          # 100,000 rows, 10,000 profiles, 100k base
    .venv/bin/python bench/bench_bulk.py --quick --baseline /work/main   # + the same imports with another checkout

Cases: a wide case CSV (meldingen: ~5 entities + ~6 relations a row), a narrow one (betrokkenen:
3 + 2) and KvK Basisprofiel documents (the API's JSON shape, one a line), each imported with the
importer a user runs (`import_table_file` / `import_kvk_files`, what `knooppunt import` and the GUI
wizard call) into an empty project and into a copy of a project that already holds ~1M records
(`--base`; built first from a narrow CSV of other people, its own row is printed too).

Figures per case (each in its own process, so the memory peak is that import's):
- cpu s: the import process's CPU time (and its mapping child's) over the same span (user + system;
  on a shared machine it varies less with the load than wall time, so compare it between checkouts);
- records/s end to end: records the import wrote or merged (created + updated + unchanged, as the
  importer reports them) over the import's wall time, file reading and mapping included;
- floor: the same rows (what the import added to the project's tables and full-text index) put
  into a copy of the same starting project with plain `executemany` in one transaction, no Python
  mapping, no lookups (the statement time only; reading the rows back is not counted). The tables
  as stored: in format 3 the lean rows and the intern tables (said, srcs), not the views. The
  cheapest correct raw load, measured (CPU, 3 interleaved pairs, wide 100k rows): secondary indexes
  dropped and rebuilt at the end when the load is large next to the project (the store's rule,
  BULK_MIN/BULK_REBUILD: 8.0 s against 11.8 s kept up to date; the floor kept them before issue 18's
  ftsbulk work), and the full-text index one INSERT per entity in rid order (as the store writes it):
  the alternatives tried cost more (a TEMP table then one INSERT..SELECT in rid order +35%, one
  INSERT..SELECT over json_each per 50,000 +45%, FTS5 'automerge'=0 / 'hashsize' 64 MiB / 'pgsz'
  8000 within noise, an 'optimize' at the end +30%);
- ratio: end-to-end time / floor time (target <= 2); cpu rat: the same with CPU times (the import's
  process, the floor's statements), steadier on a shared machine;
- peak RSS of the import's process (VmHWM; Python, pandas and the store), plus its children's (a large KvK
  input or case table is mapped in a child process: importers.kvk_pipeline, importers.case_pipeline); the
  child's own peak in the last column;
- B/record: the growth of the project file over the records created (target <= 200).
`--baseline DIR` runs the empty-project imports once more with the code of DIR (a checkout of
another branch, e.g. main before this issue), for a same-machine, same-run comparison.
`--encrypted`: every project (the starting ones, the imports', the floor's) a SQLCipher file under one random key,
as a user's project is (SQLCipher keeps 80 bytes of each page and encrypts and decrypts every page it writes and
reads); the figures above are of plain files unless it is given.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FLOOR_CHUNK = 50_000
TARGETS = {"records_per_s": 100_000, "ratio": 2.0, "peak_mib": 600, "bytes_per_record": 200}
KEY_ENV = "KNP_BENCH_KEY"  # `--encrypted`: the projects' key (hex), which the phase processes inherit


def _key() -> bytes | None:
    hexed = os.environ.get(KEY_ENV)
    return bytes.fromhex(hexed) if hexed else None


def _code_path(argv: list[str]) -> None:
    """Phase processes import the code under test: this checkout, or --code DIR."""
    code = argv[argv.index("--code") + 1] if "--code" in argv else str(ROOT)
    sys.path.insert(0, code)


def _rss_mib() -> tuple[float, float]:
    """This process's peak RSS and its children's (the KvK or case mapping process), in MiB."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024, children
    return 0.0, children


def _cpu_s() -> float:
    """This process's CPU time and its ended children's (user + system; the KvK mapping process is one): a
    figure that depends less on the machine's load than wall time."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _start(target: Path | None, out: Path) -> None:
    """The project an import or a floor run starts from: a copy of `target`, or a new empty one."""
    from graph.stores.sqlite_store import SQLiteStore

    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)
    if target is None:
        SQLiteStore(out, create=True, key=_key()).close()
    else:
        shutil.copy(target, out)


# -- phases (each in its own process) --------------------------------------------------------------------------
def phase_import(kind: str, data: Path, target: Path | None, out: Path) -> dict[str, Any]:
    from graph.stores.sqlite_store import SQLiteStore

    _start(target, out)
    before = out.stat().st_size
    store = SQLiteStore(out, key=_key())
    t, cpu = time.perf_counter(), _cpu_s()
    if kind == "kvk":
        from importers.kvk import import_kvk_files

        (result,) = import_kvk_files(store, [data])
    else:
        from importers.case_import import import_table_file
        from importers.spec import load_spec

        result = import_table_file(store, data, load_spec("meldingen" if kind == "wide" else "betrokkenen"))
    seconds, cpu = time.perf_counter() - t, _cpu_s() - cpu
    rebuilt = getattr(store, "bulk_rebuilt", 0)
    store.close()
    e, r = result.entities, result.relations
    created = e.created + r.created
    return {"rows": result.rows, "records": e.total + r.total, "created": created, "seconds": seconds,
            "cpu_s": cpu, "peak_mib": sum(_rss_mib()), "child_mib": _rss_mib()[1],
            "file_mib": out.stat().st_size / 2**20,
            "bytes_per_record": (out.stat().st_size - before) / max(created, 1), "rebuilt": rebuilt}


def phase_floor(result: Path, target: Path | None, out: Path) -> dict[str, Any]:
    """Plain executemany of the rows the import added, into the same starting project."""
    from graph.model import Entity
    from graph.schema import default_schema
    from graph.stores.lean import TYPE_OF_CODE  # an entity row's type code (format 10)
    from graph.stores.records import props_of
    from graph.stores.sqlite_store import connect
    from graph.text import fold

    _start(target, out)
    src, dst = connect(result, _key()), connect(out, _key())
    schema = default_schema()
    lean = bool(dst.execute("SELECT 1 FROM sqlite_master WHERE name = 'entity_rows'").fetchone())
    tables = ({"entities": "entity_rows", "relations": "relation_rows", "statements": "statement_rows",
               "provenance": "provenance_rows"} if lean else {})
    first = {t: dst.execute(f"SELECT coalesce(max(rid), 0) FROM {tables.get(t, t)}").fetchone()[0]
             for t in ("entities", "relations")}
    fts = [(rid, fold(schema.search_text(Entity(type=TYPE_OF_CODE.get(t, t), caption=c, properties=props_of(p, c)))))
           for rid, t, c, p in src.execute("SELECT rid, type, caption, props FROM entities WHERE rid > ?",
                                           (first["entities"],))]
    seconds, cpu, rows = 0.0, 0.0, 0
    added = len(fts) + src.execute("SELECT count(*) FROM relations WHERE rid > ?", (first["relations"],)).fetchone()[0]
    dst.execute("BEGIN IMMEDIATE")
    t, c = time.perf_counter(), _cpu_s()
    rebuild = _drop_indexes(dst, added, sum(first.values()))
    seconds, cpu = seconds + time.perf_counter() - t, cpu + _cpu_s() - c
    # the tables as stored (format 3: the lean rows and `said`, not the views that read them)
    work: list[tuple[str, str, tuple[Any, ...]]] = [
        (tables.get(t, t), f"SELECT * FROM {tables.get(t, t)} WHERE rid > ?", (first[t],))
        for t in ("entities", "relations")]
    work += [(tables.get(t, t), f"SELECT * FROM {tables.get(t, t)}", ())
             for t in ("statements", "provenance", *(("said", "srcs") if lean else ()))]
    for table, select, args in work:
        cur = src.execute(select, args)
        width = len(cur.description)
        insert = f"INSERT OR REPLACE INTO {table} VALUES({','.join('?' * width)})"
        while chunk := cur.fetchmany(FLOOR_CHUNK):
            t, c = time.perf_counter(), _cpu_s()
            dst.executemany(insert, chunk)
            seconds, cpu = seconds + time.perf_counter() - t, cpu + _cpu_s() - c
            rows += len(chunk) if table in ("entities", "relations", "entity_rows", "relation_rows") else 0
    for start in range(0, len(fts), FLOOR_CHUNK):
        t, c = time.perf_counter(), _cpu_s()
        dst.executemany("INSERT INTO entity_search(rowid, text) VALUES(?, ?)", fts[start:start + FLOOR_CHUNK])
        seconds, cpu = seconds + time.perf_counter() - t, cpu + _cpu_s() - c
    t, c = time.perf_counter(), _cpu_s()
    for sql in rebuild:
        dst.execute(sql)
    dst.execute("COMMIT")
    seconds, cpu = seconds + time.perf_counter() - t, cpu + _cpu_s() - c
    src.close()
    dst.close()
    out.unlink()
    return {"floor_seconds": seconds, "floor_cpu_s": cpu, "floor_rows": rows}


def _drop_indexes(dst: Any, added: int, held: int) -> list[str]:
    """The cheapest way to keep the secondary indexes for this load: dropped now and rebuilt at its end when
    it is large next to what the project holds (the store's rule, BULK_MIN/BULK_REBUILD), else kept up to date.
    Returns the statements that rebuild them."""
    from graph.stores.sqlite_store import BULK_MIN, BULK_REBUILD

    if added < BULK_MIN or added < held * BULK_REBUILD:
        return []
    found = dst.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name "
                        "IN ('entities', 'relations', 'entity_rows', 'relation_rows')").fetchall()
    for name, _ in found:
        dst.execute(f"DROP INDEX {name}")
    return [sql for _, sql in found]


def _run(args: list[str], code: Path | None = None) -> dict[str, Any]:
    cmd = [sys.executable, __file__, *args] + (["--code", str(code)] if code else [])
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(args[:2])}: failed\n{done.stderr[-3000:]}")
    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def _generate(folder: Path, rows: int, profiles: int, base_records: int) -> dict[str, Path]:
    sys.path.insert(0, str(ROOT))
    from bench.bench_import import make_case_csv, make_kvk_jsonl, make_narrow_csv

    files = {"wide": folder / "meldingen.csv", "narrow": folder / "betrokkenen.csv", "kvk": folder / "kvk.jsonl",
             "base": folder / "basis.csv"}
    make_case_csv(files["wide"], rows)
    make_narrow_csv(files["narrow"], rows)
    make_kvk_jsonl(files["kvk"], profiles)
    make_narrow_csv(files["base"], int(base_records / 1.9), seed=99)  # ~1.9 records a narrow row
    return files


def _line(name: str, f: dict[str, Any]) -> str:
    rate = f["records"] / f["seconds"]
    floor = ""
    if "floor_seconds" in f:
        floor = (f"{f['floor_rows'] / f['floor_seconds']:>10,.0f} {f['seconds'] / f['floor_seconds']:>6.1f}x "
                 f"{f['cpu_s'] / f['floor_cpu_s']:>6.1f}x")
    else:
        floor = f"{'':>10} {'':>7} {'':>7}"
    cpu = f"{f['cpu_s']:>7.1f}"
    return (f"{name:<20} {f['rows']:>10,} {f['records']:>10,} {f['seconds']:>7.1f} {cpu} {rate:>10,.0f} {floor} "
            f"{f['peak_mib']:>6,.0f} MiB {f['bytes_per_record']:>6,.0f} {f.get('child_mib', 0):>9,.0f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows of each case CSV")
    ap.add_argument("--profiles", type=int, default=100_000, help="KvK profiles")
    ap.add_argument("--base", type=int, default=1_000_000, help="records already in the project of the second run")
    ap.add_argument("--quick", action="store_true", help="100,000 rows, 10,000 profiles, a 100,000-record base")
    ap.add_argument("--baseline", type=Path, help="also import into empty projects with the code of this checkout")
    ap.add_argument("--encrypted", action="store_true", help="encrypted projects (SQLCipher), as a user's are")
    ap.add_argument("--phase", choices=["import", "floor"], help=argparse.SUPPRESS)
    ap.add_argument("--kind", help=argparse.SUPPRESS)
    ap.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--target", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase == "import":
        print(json.dumps(phase_import(args.kind, args.data, args.target, args.out)))
        return
    if args.phase == "floor":
        print(json.dumps(phase_floor(args.data, args.target, args.out)))
        return
    if args.quick:
        args.rows, args.profiles, args.base = 100_000, 10_000, 100_000
    if args.encrypted:
        os.environ[KEY_ENV] = os.urandom(32).hex()
    with tempfile.TemporaryDirectory(prefix="knp-bulk-") as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        files = _generate(folder, args.rows, args.profiles, args.base)
        print(f"generated: wide CSV {args.rows:,} rows ({files['wide'].stat().st_size / 2**20:.0f} MiB), narrow CSV "
              f"{args.rows:,} rows ({files['narrow'].stat().st_size / 2**20:.0f} MiB), {args.profiles:,} KvK "
              f"profiles ({files['kvk'].stat().st_size / 2**20:.0f} MiB), base CSV in {time.perf_counter() - t:.0f} s")
        print("projects: " + ("encrypted (SQLCipher)" if args.encrypted else "plain files (--encrypted: as a user's)"))
        print(f"{'case':<20} {'rows':>10} {'records':>10} {'seconds':>7} {'cpu s':>7} {'records/s':>10} "
              f"{'floor r/s':>10} {'ratio':>7} {'cpu rat':>7} {'peak RSS':>10} {'B/rec':>6} {'child MiB':>9}")
        base = folder / "base.knp"
        f = _run(["--phase", "import", "--kind", "narrow", "--data", str(files["base"]), "--out", str(base)])
        print(_line("base (narrow)", f))
        for into, target in (("empty", None), (f"{f['created'] / 1e6:.2f}M", base)):
            for kind in ("wide", "narrow", "kvk"):
                out = folder / f"{kind}-{into}.knp"
                extra = ["--target", str(target)] if target else []
                f = _run(["--phase", "import", "--kind", kind, "--data", str(files[kind]), "--out", str(out), *extra])
                f.update(_run(["--phase", "floor", "--data", str(out), "--out", str(folder / "floor.knp"), *extra]))
                print(_line(f"{kind} -> {into}", f), flush=True)
                out.unlink()
        if args.baseline:
            for kind in ("wide", "narrow", "kvk"):
                out = folder / f"{kind}-baseline.knp"
                f = _run(["--phase", "import", "--kind", kind, "--data", str(files[kind]), "--out", str(out)],
                         code=args.baseline)
                print(_line(f"{kind} -> empty [{args.baseline.name}]", f), flush=True)
                out.unlink()
        print(f"targets: >= {TARGETS['records_per_s']:,} records/s, ratio <= {TARGETS['ratio']}x, peak < "
              f"{TARGETS['peak_mib']} MiB, <= {TARGETS['bytes_per_record']} B/record")


if __name__ == "__main__":
    _code_path(sys.argv)
    main()
