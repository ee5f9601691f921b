"""What a storage format 7 could save on a KvK import (issue 18). One command, prints figures.

    .venv/bin/python bench/bench_kvk_format7.py [--profiles 10000]

Imports generated Basisprofiel documents into a plain project (as bench_kvk_disk does), then applies
each idea to a copy of the file in SQL and Python, VACUUMs it and prints the bytes per record against
the vacuumed original -- each idea alone and all together. Nothing here is what the store writes;
it measures before anyone builds it:
- type codes: entity and relation types (and a relation's end types) as small integers, not text;
- keyless props: a record's property values without their key names (the key set interned per file,
  one byte in the row), compressed with props codec 1's dictionary when shorter;
- caption derivable: no caption stored when the schema's caption rule gives it from the properties
  (search ranks hits by caption: it would have to decompress the props of every candidate).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_VIEWS = ("entities", "relations", "statements", "provenance")  # a single-file project keeps its views


def _size(path: Path) -> int:
    conn = sqlite3.connect(path)
    conn.execute("VACUUM")
    pages = conn.execute("PRAGMA page_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    return int(pages)


def _rebuild(conn: sqlite3.Connection, table: str, exprs: dict[str, str]) -> None:
    """`table` made again with the columns of `exprs` INTEGER and filled through those expressions."""
    cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    for col in exprs:
        sql = sql.replace(f"{col} TEXT NOT NULL", f"{col} INTEGER NOT NULL")
    conn.execute(f"ALTER TABLE {table} RENAME TO old_{table}")
    conn.execute(sql)
    conn.execute(f"INSERT INTO {table} SELECT {', '.join(exprs.get(c, c) for c in cols)} FROM old_{table} ORDER BY rid")
    conn.execute(f"DROP TABLE old_{table}")


def type_codes(conn: sqlite3.Connection) -> None:
    names = sorted({t for (t,) in conn.execute("SELECT type FROM entity_rows UNION SELECT type FROM relation_rows")})

    def case(col: str) -> str:
        return f"CASE {col}" + "".join(f" WHEN '{n}' THEN {i}" for i, n in enumerate(names)) + " END"

    _rebuild(conn, "entity_rows", {"type": case("type")})
    _rebuild(conn, "relation_rows", {c: case(c) for c in ("type", "src_type", "dst_type")})
    for sql in ("CREATE INDEX entities_type ON entity_rows(type)", "CREATE INDEX relations_src ON relation_rows(src)",
                "CREATE INDEX relations_dst ON relation_rows(dst)"):
        conn.execute(sql)


def keyless_props(conn: sqlite3.Connection) -> None:
    from graph.stores.records import _codec, canonical_json, props_text

    compress = _codec(1)[0].compress
    keysets: dict[tuple[str, ...], int] = {}
    for table in ("entity_rows", "relation_rows"):
        out = []
        for rid, stored in conn.execute(f"SELECT rid, props FROM {table}").fetchall():
            props = json.loads(props_text(stored))
            k = keysets.setdefault(tuple(props), len(keysets))
            values = canonical_json(list(props.values())).encode()
            packed = compress(values)
            head = bytes([k]) if k < 128 else bytes([0x80 | (k >> 8), k & 0xFF])
            out.append((head + min(packed, values, key=len), rid))
        conn.executemany(f"UPDATE {table} SET props = ? WHERE rid = ?", out)


def derivable_caption(conn: sqlite3.Connection) -> None:
    from graph.schema import default_schema
    from graph.stores.records import props_of

    schema = default_schema()
    rows = conn.execute("SELECT rid, type, caption, props FROM entity_rows").fetchall()
    conn.executemany("UPDATE entity_rows SET caption = '' WHERE rid = ?",
                     [(rid,) for rid, t, caption, stored in rows
                      if schema.caption(schema.entities[t], props_of(stored)) == caption])


IDEAS: dict[str, list[Callable[[sqlite3.Connection], None]]] = {
    "type codes": [type_codes], "keyless props": [keyless_props], "caption derivable": [derivable_caption],
    "all three": [derivable_caption, type_codes, keyless_props]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--profiles", type=int, default=10_000)
    args = ap.parse_args()
    from bench.bench_import import make_kvk_jsonl
    from graph.stores.sqlite_store import SQLiteStore
    from importers.kvk import import_kvk_files

    with tempfile.TemporaryDirectory(prefix="knp-kvk7-") as tmp:
        data, path, copy = Path(tmp, "kvk.jsonl"), Path(tmp, "kvk.knp"), Path(tmp, "copy.knp")
        make_kvk_jsonl(data, args.profiles)
        store = SQLiteStore(path, create=True)
        (result,) = import_kvk_files(store, [data])
        store.close()
        records = result.entities.created + result.relations.created
        conn = sqlite3.connect(path)
        for view in _VIEWS:
            conn.execute(f"DROP VIEW IF EXISTS {view}")
        conn.commit()
        conn.close()
        base = _size(path)
        print(f"{args.profiles:,} profiles -> {records:,} records; vacuumed: {base / records:.1f} B/record")
        for name, steps in IDEAS.items():
            shutil.copy(path, copy)
            conn = sqlite3.connect(copy)
            for step in steps:
                step(conn)
            conn.commit()
            conn.close()
            size = _size(copy)
            print(f"{name:<20} {size / records:>7.1f} B/record ({(size - base) / records:+.1f})")


if __name__ == "__main__":
    main()
