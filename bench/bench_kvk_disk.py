"""Where a KvK record's bytes go on disk (issue 18). One command, prints figures.

    .venv/bin/python bench/bench_kvk_disk.py [--profiles 10000]

Imports generated Basisprofiel documents (bench_import.make_kvk_jsonl: every tenth names one
owner's foreign address, a hub) into a plain project the way `knooppunt import kvk` does, then
reads the file's pages per table and index with SQLite's `dbstat` (the standard library's SQLite
has it; SQLCipher's build does not, and a plain project is the same file unencrypted). Besides the
bytes per record of each object it prints what parts of them repeat something stored elsewhere:
the JSON key names in `props` (which props codec 2, storage format 7, does not store), a caption that is
also a property (which codec 2 leaves out of the props), how the rows' props are stored, and what the full-text index's
prefix indexes cost, measured by indexing the same search texts with and without, what each searched property
adds to the full-text index (the index rebuilt without that property's values: is long descriptive text
indexed for every record?), what each property the schema leaves out of the index (`search: false`, and
an establishment's "<number> <name>, ingeschreven <date>" whole instead of its name, `search_pattern`) would
add to it, and how long the store's search takes on the imported project for each kind of query an analyst
types (median of 5).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GROUPS = {"entity_rows": "records", "relation_rows": "records", "statement_rows": "statements + sources",
          "provenance_rows": "statements + sources", "said": "statements + sources", "srcs": "statements + sources"}


def _group(name: str) -> str:
    if name.startswith("entity_search"):
        return "full-text index"
    if name in GROUPS:
        return GROUPS[name]
    return "indexes" if name.startswith(("sqlite_autoindex", "entities_", "relations_")) else "other"


def _fts_bytes(texts: list[tuple[int, str]], prefix: str, folder: Path) -> int:
    """Bytes a contentless FTS5 table like the project's takes for these texts (SQLCipher's SQLite: the
    project's options need 3.43+): the pages in use of a file that holds nothing else, its index merged
    into one segment ('optimize'). Merged, the same texts give the same bytes whatever the order of the
    segments' merges; the growth of the file as loaded measured those merges too (free pages and
    half-merged segments: 103 B/record for what a merged index holds in 67, 10,000 profiles), so a
    property's share, the difference of two such sizes, could come out at a third of the index or below zero."""
    import sqlcipher3.dbapi2 as sqlcipher

    def used() -> int:
        pages, free = (conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "freelist_count"))
        return int(pages - free)

    path = folder / f"fts{prefix.replace(' ', '')}.db"
    path.unlink(missing_ok=True)
    conn = sqlcipher.connect(str(path))
    page = int(conn.execute("PRAGMA page_size").fetchone()[0])
    options = f", prefix='{prefix}'" if prefix else ""
    conn.execute("CREATE VIRTUAL TABLE s USING fts5(text, content='', contentless_delete=1, "
                 f"tokenize='unicode61 remove_diacritics 2'{options})")
    conn.commit()
    empty = used()
    conn.executemany("INSERT INTO s(rowid, text) VALUES(?, ?)", texts)
    conn.execute("INSERT INTO s(s) VALUES('optimize')")
    conn.commit()
    size = (used() - empty) * page
    conn.close()
    return size


# What an analyst types: one to four letters (as-you-type), whole words, numbers, a name and a
# number, a street and a house number, a dotted abbreviation (a phrase of one-letter tokens).
QUERIES = (("1 letter", ("o", "k", "r", "4")), ("2 letters", ("on", "ke", "ro", "10")),
           ("3 letters", ("ond", "ker", "rot", "800")), ("4+ letters", ("onde", "kerk", "rotterdam", "onderneming")),
           ("number", ("10000", "1000005", "8000000", "6915")),
           ("words + short", ("onderneming 12", "kerkstraat 4", "onderneming 1 b")), ("dotted", ("b.v.", "b.v")))


def _search_ms(store: object, repeat: int = 5) -> dict[str, float]:
    """Median milliseconds of `store.search` per kind of query (each query once untimed first)."""
    out = {}
    for kind, queries in QUERIES:
        times = []
        for q in queries:
            store.search(q, limit=25)  # type: ignore[attr-defined]
            for _ in range(repeat):
                t = time.perf_counter()
                store.search(q, limit=25)  # type: ignore[attr-defined]
                times.append((time.perf_counter() - t) * 1000)
        out[kind] = statistics.median(times)
    return out


def _columns(conn: sqlite3.Connection, records: int) -> None:
    """Bytes per record of each column of the record rows, as SQLite stores the value (an integer in 0-8
    bytes, a text or blob its length; NULL nothing), not counting the 1-2 header bytes each takes."""
    size = ("CASE typeof({c}) WHEN 'integer' THEN (CASE WHEN {c} BETWEEN 0 AND 1 THEN 0 "
            "WHEN {c} BETWEEN -128 AND 127 THEN 1 WHEN {c} BETWEEN -32768 AND 32767 THEN 2 "
            "WHEN {c} BETWEEN -8388608 AND 8388607 THEN 3 "
            "WHEN {c} BETWEEN -2147483648 AND 2147483647 THEN 4 WHEN {c} BETWEEN -140737488355328 AND "
            "140737488355327 THEN 6 ELSE 8 END) WHEN 'null' THEN 0 ELSE length(CAST({c} AS BLOB)) END")
    for table in ("entity_rows", "relation_rows"):
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "rid"]  # rid: the rowid
        sums = conn.execute(f"SELECT {', '.join(f'sum({size.format(c=c)})' for c in cols)} FROM {table}").fetchone()
        print(f"{table} columns, B/record: "
              + ", ".join(f"{c} {v / records:.1f}" for c, v in zip(cols, sums, strict=True)))


def _repeated_search_text(schema: object, entity: object) -> str:
    """The search text before issue 18's `runs_in`: every value's words, repeats and all."""
    et = schema.entities[entity.type]  # type: ignore[attr-defined]
    parts = [entity.caption]  # type: ignore[attr-defined]
    for name in et.search_properties:
        v = entity.properties.get(name)  # type: ignore[attr-defined]
        for item in [] if v is None else v if isinstance(v, list) else [v]:
            parts.append(str(item))
            if " " in str(item) and et.properties[name].type not in ("name", "text"):
                parts.append(str(item).replace(" ", ""))
    return " ".join(dict.fromkeys(parts))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--profiles", type=int, default=10_000)
    args = ap.parse_args()
    from bench.bench_import import make_kvk_jsonl
    from graph.model import Entity
    from graph.schema import default_schema
    from graph.stores.lean import TYPE_OF_CODE
    from graph.stores.records import canonical_json, props_text, stored_props
    from graph.stores.sqlite_store import SQLiteStore
    from graph.text import fold
    from importers.kvk import import_kvk_files

    with tempfile.TemporaryDirectory(prefix="knp-kvkdisk-") as tmp:
        data, path = Path(tmp, "kvk.jsonl"), Path(tmp, "kvk.knp")
        make_kvk_jsonl(data, args.profiles)
        store = SQLiteStore(path, create=True)
        t = time.perf_counter()
        (result,) = import_kvk_files(store, [data])
        seconds = time.perf_counter() - t
        searched = _search_ms(store)
        store.close()
        records = result.entities.created + result.relations.created
        conn = sqlite3.connect(path)
        stats = conn.execute("SELECT name, sum(pgsize), sum(payload) FROM dbstat GROUP BY name "
                             "ORDER BY 2 DESC").fetchall()
        total = sum(s[1] for s in stats)
        print(f"{args.profiles:,} profiles -> {records:,} records in {seconds:.1f} s; file {path.stat().st_size:,} "
              f"bytes = {path.stat().st_size / records:.0f} B/record")
        secret = Path(tmp, "kvk-encrypted.knp")  # what a project is (SQLCipher keeps 80 bytes of each page)
        with SQLiteStore(secret, create=True, key=os.urandom(32)) as encrypted:
            import_kvk_files(encrypted, [data])
        print(f"the same import into an encrypted file: {secret.stat().st_size / records:.0f} B/record")
        print(f"{'object':<34} {'bytes':>12} {'B/record':>9} {'share':>6}")
        groups: dict[str, int] = {}
        for name, size, _payload in stats:
            groups[_group(name)] = groups.get(_group(name), 0) + size
            if size >= total / 200:
                print(f"{name:<34} {size:>12,} {size / records:>9.1f} {size / total:>6.1%}")
        print("by kind:")
        for name, size in sorted(groups.items(), key=lambda kv: -kv[1]):
            print(f"  {name:<32} {size:>12,} {size / records:>9.1f} {size / total:>6.1%}")
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("entity_rows", "relation_rows", "statement_rows", "provenance_rows")}
        print("rows: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
        _columns(conn, records)
        forms: dict[str, int] = {}
        for table in ("entity_rows", "relation_rows"):
            for (stored,) in conn.execute(f"SELECT props FROM {table}"):
                form = "text" if isinstance(stored, str) else f"codec {stored[0]}" + (
                    " without its caption" if stored[0] == 2 and stored[1] & 0x80 else "")
                forms[form] = forms.get(form, 0) + 1
        print("props stored as: " + ", ".join(f"{k} {v:,}" for k, v in sorted(forms.items())))
        keys = caption_dup = props_bytes = stored_bytes = values_bytes = 0
        schema = default_schema()
        texts, old_words = [], 0
        entities: list[Entity] = []
        for rid, etype, caption, stored in conn.execute("SELECT rid, type, caption, props FROM entity_rows"):
            props = props_text(stored, caption)
            values = json.loads(props)
            props_bytes += len(props.encode())
            stored_bytes += len(stored) if isinstance(stored, bytes) else len(props.encode())
            keys += sum(len(k) + 3 for k in values)  # "key":
            caption_dup += len(caption.encode()) if caption in values.values() else 0
            values_bytes += len(stored_props(canonical_json(list(values.values()))))
            entity = Entity(type=TYPE_OF_CODE.get(etype, etype), caption=caption, properties=values)  # format 10
            entities.append(entity)
            texts.append((rid, schema.search_text(entity)))
            old_words += len(fold(_repeated_search_text(schema, entity)).split())
        conn.close()
        print(f"entity props: {props_bytes / records:.0f} B/record as JSON, of which key names {keys / records:.0f}; "
              f"stored {stored_bytes / records:.0f} (compressed where shorter); "
              f"caption that is also a property: {caption_dup / records:.0f} B/record; the values alone (keys "
              f"known per type, not stored) would take {values_bytes / records:.0f}")
        print(f"search text: {sum(len(t.split()) for _, t in texts) / len(texts):.1f} words an entity "
              f"(each value's words repeated: {old_words / len(texts):.1f})")
        print("search ms (median of 5, limit 25): " + ", ".join(f"{k} {v:.1f}" for k, v in searched.items()))
        sizes = {prefix: _fts_bytes(texts, prefix, Path(tmp)) for prefix in ("1 2 3", "1", "")}
        print("full-text index rebuilt: " + ", ".join(f"prefix='{p}' {b / records:.0f}" for p, b in sizes.items())
              + " B/record (projects before issue 18: '1 2 3'; now '1')")
        pairs = list(zip([rid for rid, _ in texts], entities, strict=True))
        _fts_by_property(schema, pairs, sizes["1"], records, Path(tmp))
        _fts_not_indexed(pairs, sizes["1"], records, Path(tmp))


def _fts_by_property(schema: object, entities: list[tuple[int, Any]], full: int, records: int, folder: Path) -> None:
    """B/record each searched property adds to the full-text index (prefix='1'): the index rebuilt without it."""
    names = sorted({n for _, e in entities for n in schema.entities[e.type].search_properties  # type: ignore[attr-defined]
                    if n in e.properties})  # type: ignore[attr-defined]
    added = {}
    for name in names:
        texts = [(i, schema.search_text(e.evolve(properties={k: v for k, v in e.properties.items()  # type: ignore
                                                             if k != name})))
                 for i, e in entities]
        added[name] = full - _fts_bytes(texts, "1", folder)
    print("full-text index, B/record each searched property adds (rebuilt without it): "
          + ", ".join(f"{n} {b / records:.1f}" for n, b in sorted(added.items(), key=lambda kv: -kv[1])))



def _fts_not_indexed(entities: list[tuple[int, Any]], full: int, records: int, folder: Path) -> None:
    """B/record each property the schema leaves out of the full-text index would add to it (the index rebuilt
    by the schema without that property's `search: false`, or `search_pattern`: the whole value indexed)."""
    from importlib import resources

    import yaml

    from graph.schema import Schema

    text = resources.files("graph").joinpath("schema.yaml").read_text(encoding="utf-8")
    present = {(e.type, n) for _, e in entities for n in e.properties}  # type: ignore[attr-defined]
    added = {}
    for type_name, name in sorted(present):
        data = yaml.safe_load(text)
        spec = data["entities"][type_name]["properties"][name]
        if "search" not in spec and "search_pattern" not in spec:
            continue
        spec.pop("search", None)
        spec.pop("search_pattern", None)
        wider = Schema(data)
        texts = [(i, wider.search_text(e)) for i, e in entities]
        label = name if "search_pattern" not in yaml.safe_load(text)["entities"][type_name]["properties"][name] \
            else f"{name} (whole values, not the pattern's part)"
        added[label] = _fts_bytes(texts, "1", folder) - full
    print("full-text index, B/record each property left out would add (search: false, search_pattern): "
          + (", ".join(f"{n} {b / records:.1f}" for n, b in sorted(added.items(), key=lambda kv: -kv[1])) or "none"))


if __name__ == "__main__":
    main()
