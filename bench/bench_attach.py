"""What attaching one label file costs, per storage format (issue 11, format 4).

    .venv/bin/python -m bench.bench_attach [--repeat 300]

A partitioned project attaches each label file the member holds at the first read of records,
and SQLite parses the file's whole schema then. The same label file (the `confidential` file of
the committed format-3 fixture, tests/access/data) in three layouts, interleaved:
* format 3: record views with INSTEAD OF triggers (as main wrote it);
* format 4: the same file upgraded by the store (views, no triggers);
* format 4 with TEMP views instead: the file without its views, and the four views defined as
  TEMP views over it after the attach (the alternative to views kept in the file).
Prints the schema text per file (bytes of sqlite_master.sql: all, triggers, views) and the
median ms of ATTACH + a first read through the entity view + DETACH, over `--repeat` rounds.
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
from graph.stores.lean import _claim_view, _view
from tests.sandbox import FAST_KDF, OWNER, OWNER_PW, copy_project, memory_keyring

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "access" / "data" / "format3.knp"
LABEL = "confidential"
_LEAN_TABLES = ("entity_rows", "relation_rows", "statement_rows", "provenance_rows", "said", "srcs")


def _files(work: Path) -> tuple[dict[str, Path], bytes]:
    """The three layouts of one label file, and its key."""
    old = copy_project(FIXTURE, work / "f3.knp")
    new = copy_project(FIXTURE, work / "f4.knp")
    keyslots.DEFAULT_KDF = FAST_KDF
    with memory_keyring():
        store = session.unlock(new, OWNER, OWNER_PW)
        key = store.keys.label_keys[LABEL]
        store.search("alfa")  # attaches (and so upgrades) every label file
        store.close()
    label_file = f".{LABEL}"
    temp = work / "f4-temp.knp.confidential"
    shutil.copy(str(new) + label_file, temp)
    conn = _attach(sqlite.connect(":memory:"), temp, key)
    conn.execute("BEGIN")
    for view in ("entities", "relations", "statements", "provenance"):
        conn.execute(f"DROP VIEW p.{view}")
    conn.execute("COMMIT")
    conn.close()
    return {"format 3 (triggers)": Path(str(old) + label_file), "format 4 (views)": Path(str(new) + label_file),
            "format 4, TEMP views": temp}, key


def _attach(conn: sqlite.Connection, file: Path, key: bytes) -> sqlite.Connection:
    conn.execute(f"ATTACH DATABASE ? AS p KEY \"x'{key.hex()}'\"", (str(file),))
    return conn


def _temp_views() -> list[str]:
    """The record views as TEMP views over schema p (their tables named with it)."""
    out = []
    for sql in [_view("entities", ("rid", "key", "type", "caption", "props"), "temp"),
                _view("relations", ("rid", "key", "type", "src", "dst", "src_type", "dst_type", "props"), "temp"),
                _claim_view("statements", "temp"), _claim_view("provenance", "temp")]:
        for table in _LEAN_TABLES:
            sql = sql.replace(f"FROM {table} ", f"FROM p.{table} ").replace(f"JOIN {table} ", f"JOIN p.{table} ")
        out.append(sql.replace("VIEW IF NOT EXISTS temp.", "VIEW temp.p_"))
    return out


def _schema_bytes(conn: sqlite.Connection) -> tuple[int, int, int]:
    rows = conn.execute("SELECT type, length(sql) FROM p.sqlite_master WHERE sql IS NOT NULL").fetchall()
    return (sum(n for _, n in rows), sum(n for t, n in rows if t == "trigger"), sum(n for t, n in rows if t == "view"))


def _once(conn: sqlite.Connection, file: Path, key: bytes, temp: bool) -> float:
    t = time.perf_counter()
    _attach(conn, file, key)
    if temp:
        for sql in _temp_views():
            conn.execute(sql)
        conn.execute("SELECT type FROM temp.p_entities WHERE key = 1").fetchall()
    else:
        conn.execute("SELECT type FROM p.entities WHERE key = 1").fetchall()
    if temp:
        for view in ("entities", "relations", "statements", "provenance"):
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
            total, triggers, views = _schema_bytes(conn)
            conn.execute("DETACH DATABASE p")
            print(f"{name:22}: schema {total:6,} B (triggers {triggers:6,} B, views {views:5,} B)")
        for _ in range(args.repeat):  # interleaved: the machine's load falls on every layout alike
            for name, file in files.items():
                times[name].append(_once(conn, file, key, "TEMP" in name))
        load = os.getloadavg()
        for name, ms in times.items():
            print(f"{name:22}: attach + first read + detach {statistics.median(ms):.3f} ms "
                  f"(median of {args.repeat}; p10 {statistics.quantiles(ms, n=10)[0]:.3f} ms)")
        print(f"load {load[0]:.1f}/{load[1]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
