"""What a storage format 9 could save on a KvK import (issue 18), beyond formats 7 and 8. One command, prints figures.

    .venv/bin/python bench/bench_kvk_format7.py [--profiles 10000]

Imports generated Basisprofiel documents into a plain project (as bench_kvk_disk does), then applies
each idea to a copy of the file in SQL and Python, VACUUMs it and prints the bytes per record against
the vacuumed original -- each idea alone and all together. Nothing here is what the store writes;
it measures before anyone builds it. Format 7 built "keyless props" (props codec 2: -24 B/record here
before it, vacuumed), leaves a property that is the caption out of the props (-6) and keeps a reference's
number as an integer (-5: `graph.stores.lean.ref_column`). Format 8 (props codec 3) leaves out a text that stands in
the caption (an address's street, postcode and city; KvK 20k: entity props 68.8 -> 56.5 B/record). Format 9
built the relations' type codes and interned relation props (graph.stores.lean.TYPE_CODES; KvK 100k: 253.5 ->
240.8 B/record, bench_bulk): on a file today's store writes, those two ideas below measure what is left of them
(the entity types). Still open:
- type codes: entity and relation types (and a relation's end types) as small integers, not text;
- full-text detail=none: no word positions (a search is an AND of one-token prefixes, so it needs none);
  measured slower on FTS5 3.51: KvK 30k profiles, CPU, a 2-4+ letter prefix 19-39% and a word with a
  short one 114% longer (FTS5 reads a prefix's rows differently without positions);
- full-text prefix='': no one-letter prefix index (a one-letter search 2-7x as long, COMMON_DDL);
- relation props interned: a relation's props as the id of a row in a table of distinct props (KvK: every
  located_at holds {"kind": ...}, 16 bytes in codec 2 or 3);
- relation ends as rids: src and dst as their entities' rids (1-6 bytes) instead of their 8-byte keys, in the
  row and in both indexes (a relabelled entity gets a new rid: its relations would have to follow).
Measured on format 8, vacuumed, 2,000 profiles: type codes -17, detail=none -34, prefix='' -23, interned relation
props -5, ends as rids -9, codes+interned+rids -30. detail=none (and detail=column) also refuse a phrase query
("fts5: phrase queries are not supported (detail!=full)"): a dotted word ("b.v.", which the tokenizer splits into
a phrase) would have to become an AND of its letters, which finds more (a "b" and a "v" anywhere).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import sqlcipher3.dbapi2 as sqlite3  # plain files (no key); its SQLite reads contentless_delete

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
    names = sorted({t for (t,) in conn.execute("SELECT type FROM entity_rows UNION SELECT type FROM relation_rows "
                                                "UNION SELECT src_type FROM relation_rows UNION SELECT dst_type "
                                                "FROM relation_rows")})  # format 9: codes among them

    def case(col: str) -> str:
        return f"CASE {col}" + "".join(f" WHEN '{n}' THEN {i}" for i, n in enumerate(names)) + " END"

    _rebuild(conn, "entity_rows", {"type": case("type")})
    _rebuild(conn, "relation_rows", {c: case(c) for c in ("type", "src_type", "dst_type")})
    for sql in ("CREATE INDEX entities_type ON entity_rows(type)", "CREATE INDEX relations_src ON relation_rows(src)",
                "CREATE INDEX relations_dst ON relation_rows(dst)"):
        conn.execute(sql)


def _relation_indexes(conn: sqlite3.Connection) -> None:
    for sql in ("CREATE INDEX relations_src ON relation_rows(src)", "CREATE INDEX relations_dst ON relation_rows(dst)"):
        conn.execute(sql)


def interned_relation_props(conn: sqlite3.Connection) -> None:
    """A relation's props as the id of a row of a table of distinct props (many relations share theirs: a kind,
    a role), as `said` interns who said it when."""
    conn.execute("CREATE TABLE rprops_idea(id INTEGER PRIMARY KEY, props NOT NULL UNIQUE)")  # format 9 has rprops
    conn.execute("INSERT INTO rprops_idea(props) SELECT DISTINCT props FROM relation_rows")
    interned = "(SELECT p.id FROM rprops_idea p WHERE p.props = old_relation_rows.props)"
    _rebuild(conn, "relation_rows", {"props": interned})
    _relation_indexes(conn)


def relation_ends_as_rids(conn: sqlite3.Connection) -> None:
    """A relation's ends as their entities' rids (1-6 bytes) instead of their keys (an 8-byte hash), in its row
    and its two indexes."""
    rid = "(SELECT e.rid FROM entity_rows e WHERE e.key = old_relation_rows.{})"
    _rebuild(conn, "relation_rows", {"src": rid.format("src"), "dst": rid.format("dst")})
    _relation_indexes(conn)


def _fts(conn: sqlite3.Connection, options: str) -> None:
    """The full-text index made again with `options` instead of format 7's, from every entity's search text."""
    from graph.model import Entity
    from graph.schema import default_schema
    from graph.stores.lean import TYPE_OF_CODE
    from graph.stores.records import props_of

    schema = default_schema()
    texts = [(rid, schema.search_text(Entity(type=TYPE_OF_CODE.get(t, t), caption=c, properties=props_of(p, c))))
             for rid, t, c, p in conn.execute("SELECT rid, type, caption, props FROM entity_rows")]
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'entity_search'").fetchone()[0]
    conn.execute("DROP TABLE entity_search")
    conn.execute(re.sub(r",\s*prefix='1'\)", (", " + options if options else "") + ")", sql))
    conn.executemany("INSERT INTO entity_search(rowid, text) VALUES(?, ?)", texts)


def detail_none(conn: sqlite3.Connection) -> None:
    _fts(conn, "prefix='1', detail=none")


def no_prefix(conn: sqlite3.Connection) -> None:
    _fts(conn, "")


def no_prefix_detail_none(conn: sqlite3.Connection) -> None:
    _fts(conn, "detail=none")


IDEAS: dict[str, list[Callable[[sqlite3.Connection], None]]] = {
    "type codes": [type_codes], "full-text detail=none": [detail_none], "full-text prefix=''": [no_prefix],
    "all but prefix=''": [detail_none, type_codes], "all": [no_prefix_detail_none, type_codes],
    "relation props interned": [interned_relation_props], "relation ends as rids": [relation_ends_as_rids],
    "codes+interned+rids": [type_codes, interned_relation_props, relation_ends_as_rids]}


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
            print(f"{name:<24} {size / records:>7.1f} B/record ({(size - base) / records:+.1f})")


if __name__ == "__main__":
    main()
