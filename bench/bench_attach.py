"""What attaching one label file costs, per storage format (issue 11, formats 4 and 6).

    .venv/bin/python -m bench.bench_attach [--repeat 300]

A partitioned project attaches each label file the member holds at the first read of records,
and SQLite parses the file's whole schema then (ATTACH reads it). The same label file (the
`confidential` file of the committed format-3 fixture, tests/access/data) in four layouts,
interleaved:
* format 3: record views with INSTEAD OF triggers (as main wrote it before format 4);
* format 5: the record views, no triggers (formats 4 and 5 have the same schema);
* format 6: no views; the read names the view's SELECT as a subquery (`lean_select`), as the store does;
* format 6 with TEMP views: the four views defined as TEMP views over it after the attach (the
  other way to keep views out of the file).
Prints per file the schema objects and their text (bytes of sqlite_master.sql: all, triggers,
views) and the median ms of ATTACH + the store's checks (journal mode, application id, format) +
a first read of an entity (format-2 columns) + DETACH, over `--repeat` rounds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import sqlcipher3.dbapi2 as sqlite

from graph.access import keyslots, session
from graph.access.localstate import STATE_ENV
from graph.stores.lean import drop_views_sql, lean_select, record_views
from tests.sandbox import FAST_KDF, OWNER, OWNER_PW, copy_project, memory_keyring

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "access" / "data" / "format3.knp"
LABEL = "confidential"
VIEWS = ("entities", "relations", "statements", "provenance")
READ = "SELECT e.type, e.caption, e.source, e.source_ref, e.label FROM {src} e WHERE e.key = 1"
F3, F5, F6, F6_TEMP = "format 3 (triggers)", "format 5 (views)", "format 6 (no views)", "format 6, TEMP views"


def _files(work: Path) -> tuple[dict[str, Path], bytes]:
    """The four layouts of one label file, and its key."""
    old = copy_project(FIXTURE, work / "f3.knp")
    new = copy_project(FIXTURE, work / "f6.knp")
    keyslots.DEFAULT_KDF = FAST_KDF
    with memory_keyring():
        store = session.unlock(new, OWNER, OWNER_PW)
        assert store.keys is not None
        key = store.keys.label_keys[LABEL]
        store.search("alfa")  # attaches (and so upgrades) every label file
        store.close()
    label_file = f".{LABEL}"
    f6 = Path(str(new) + label_file)
    f5 = work / "f5.knp.confidential"
    shutil.copy(f6, f5)
    conn = _attach(sqlite.connect(":memory:", isolation_level=None), f5, key)
    conn.execute("BEGIN")
    for sql in drop_views_sql("p") + record_views("p", coded=False):  # format 5's views
        conn.execute(sql)
    conn.execute("PRAGMA p.user_version = 5")
    conn.execute("COMMIT")
    conn.close()
    return {F3: Path(str(old) + label_file), F5: f5, F6: f6, F6_TEMP: f6}, key


def _attach(conn: sqlite.Connection, file: Path, key: bytes) -> sqlite.Connection:
    conn.execute(f"ATTACH DATABASE ? AS p KEY \"x'{key.hex()}'\"", (str(file),))
    return conn


def _schema(conn: sqlite.Connection) -> tuple[int, int, int, int]:
    rows = conn.execute("SELECT type, length(sql) FROM p.sqlite_master").fetchall()
    size = {kind: sum(n or 0 for t, n in rows if t == kind) for kind in ("trigger", "view")}
    return len(rows), sum(n or 0 for _, n in rows), size["trigger"], size["view"]


def _once(conn: sqlite.Connection, file: Path, key: bytes, layout: str) -> float:
    t = time.perf_counter()
    _attach(conn, file, key)
    conn.execute("PRAGMA p.journal_mode = DELETE").fetchone()  # what the store checks at every attach
    conn.execute("PRAGMA p.application_id").fetchone()
    conn.execute("PRAGMA p.user_version").fetchone()
    if layout == F6_TEMP:
        for view in VIEWS:
            conn.execute(f"CREATE TEMP VIEW p_{view} AS {lean_select(view, 'p', False)}")
        src = "temp.p_entities"
    else:
        src = f"({lean_select('entities', 'p', False)})" if layout == F6 else "p.entities"
    conn.execute(READ.format(src=src)).fetchall()
    if layout == F6_TEMP:
        for view in VIEWS:
            conn.execute(f"DROP VIEW temp.p_{view}")
    conn.execute("DETACH DATABASE p")
    return (time.perf_counter() - t) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=300)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ[STATE_ENV] = str(Path(tmp) / "state")  # this computer's memory of projects: not the user's
        files, key = _files(Path(tmp))
        conn = sqlite.connect(":memory:", isolation_level=None)
        times: dict[str, list[float]] = {name: [] for name in files}
        for name, file in files.items():
            _attach(conn, file, key)
            objects, total, triggers, views = _schema(conn)
            conn.execute("DETACH DATABASE p")
            print(f"{name:22}: {objects:2} schema objects, {total:6,} B (triggers {triggers:6,} B, views {views:5,} B)")
        for _ in range(args.repeat):  # interleaved: the machine's load falls on every layout alike
            for name, file in files.items():
                times[name].append(_once(conn, file, key, name))
        load = os.getloadavg()
        for name, ms in times.items():
            print(f"{name:22}: attach + checks + first read + detach {statistics.median(ms):.3f} ms "
                  f"(median of {args.repeat}; p10 {statistics.quantiles(ms, n=10)[0]:.3f} ms)")
        print(f"load {load[0]:.1f}/{load[1]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
