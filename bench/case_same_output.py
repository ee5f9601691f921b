"""Whether two checkouts import case CSVs into the same project (issue 18: the case mapping's speed work must not
change one record). Not a benchmark: a check to run by hand before merging such work (kvk_same_output's twin).

    .venv/bin/python bench/case_same_output.py --base /work/main --rows 100000
    .venv/bin/python bench/case_same_output.py --base /work/main --kind narrow --data betrokkenen.csv

Without --data it writes the bench's narrow (`make_narrow_csv`, spec betrokkenen) and wide (`make_case_csv`, spec
meldingen) tables of --rows rows and imports each with each checkout (`import_table_file`, each in its own process:
a file of 4 MiB or more is mapped in a child, importers.case_pipeline). Then the import's result (counts, warnings)
and every row of entities, relations, statements, provenance and the full-text tables are compared
(`kvk_same_output.digest`: all but the time and user of the write).
Exit status 0 when the projects hold the same, 1 when not (the tables that differ are printed).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from kvk_same_output import TABLES, digest

ROOT = Path(__file__).resolve().parent.parent
SPECS = {"narrow": "betrokkenen", "wide": "meldingen"}

_IMPORT = """
import sys; sys.path.insert(0, sys.argv[1])
from pathlib import Path
from graph.stores.sqlite_store import SQLiteStore
from importers.case_import import import_table_file
from importers.spec import load_spec
store = SQLiteStore(Path(sys.argv[3]), create=True)
import dataclasses
spec = dataclasses.replace(load_spec(sys.argv[4]), received="2026-12-07")
r = import_table_file(store, Path(sys.argv[2]), spec)
store.close()
print(repr((r.rows, r.rejected, r.entities, r.relations, sorted(r.records_by_type.items()), r.warnings)))
"""


def imported(code: Path, data: Path, out: Path, spec: str) -> str:
    """The import's result (rows, counts, warnings) as text."""
    done = subprocess.run([sys.executable, "-P", "-c", _IMPORT, str(code), str(data), str(out), spec], check=True,
                          capture_output=True, text=True)
    return done.stdout


def same(base: Path, code: Path, data: Path, spec: str, tmp: Path) -> bool:
    a, b = tmp / f"base-{spec}.knp", tmp / f"code-{spec}.knp"
    ra, rb = imported(base, data, a, spec), imported(code, data, b, spec)
    da, db = digest(a), digest(b)
    da["result"], db["result"] = (1, ra), (1, rb)
    print(f"{data.name} ({spec})")
    for table in (*TABLES, "result"):
        print(f"  {table:24s} {da[table][0]:>9} {db[table][0]:>9}  {'same' if da[table] == db[table] else 'DIFFERENT'}")
    return da == db


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=Path, required=True, help="the other checkout (e.g. main)")
    ap.add_argument("--code", type=Path, default=ROOT, help="the checkout under test (default: this one)")
    ap.add_argument("--kind", choices=[*SPECS, "both"], default="both")
    ap.add_argument("--data", type=Path, help="a case CSV of --kind (default: the bench's tables)")
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    kinds = list(SPECS) if args.kind == "both" else [args.kind]
    if args.data is not None and len(kinds) != 1:
        ap.error("--data needs --kind narrow or wide")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            data = args.data
            if data is None:
                sys.path.insert(0, str(ROOT))
                from bench.bench_import import make_case_csv, make_narrow_csv

                data = Path(tmp, f"{kind}.csv")
                (make_narrow_csv if kind == "narrow" else make_case_csv)(data, args.rows)
            ok &= same(args.base, args.code, data, SPECS[kind], Path(tmp))
    print("the same records" if ok else "DIFFERENT records")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
