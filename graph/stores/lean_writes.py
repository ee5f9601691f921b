"""Writes of stored records in format 4: the store writes the lean rows itself.

Format 3 turned a write through a record view (an update, a move to another partition, a
delete, a caption refresh) into row writes with INSTEAD OF triggers. SQLite parses a label
file's whole schema at every attach, and those triggers were three quarters of it, so format
4 has none: every such write comes here, with the format-2 column values the views read, and
goes to the rows of the schema it names -- `said` and `srcs` interned as the triggers did
(`SQLiteStore._intern`, cached per transaction). A schema still in format 2 (a file that was
busy or read-only when it would have been upgraded) gets the same values in its own columns;
one still in format 3 (its triggers not dropped yet) takes the rows like format 4.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from graph.stores.lean import LABEL_CODE, ROWS, SAID_COLS, ref_column, said_key, split_ref
from graph.stores.records import META_FIELDS, canonical_json

if TYPE_CHECKING:
    from graph.stores.sqlite_store import SQLiteStore

# The columns of the claim views (and format-2 tables), in the order their rows are passed here.
CLAIM_COLS = {"statements": ("record_id", "prop", "value", "source", "reference", "received", "reliability",
                             "credibility", "label", "added_by", "added_at"),
              "provenance": ("record_id", "source", "reference", "received", "reliability", "credibility",
                             "added_by", "added_at")}
# What an update of a stored record sets besides META_FIELDS, in the order of its values.
_UPDATED = {"entities": ("caption", "props", "identity"), "relations": ("props",)}
_LEAN_META = ("said", "ref", "valid_from", "valid_to", "label")
_IN = " IN (SELECT value FROM json_each(?))"


def lean_meta(store: SQLiteStore, name: str, meta: tuple[Any, ...]) -> tuple[Any, ...]:
    """A lean row's (said, ref, valid_from, valid_to, label) for META_FIELDS values `meta` in schema `name`."""
    base, rest = split_ref(meta[1], name in store.fine)
    label = meta[7] or "open"
    said = store._intern(name, "said", SAID_COLS, said_key(meta, base))
    return said, ref_column(rest), meta[5], meta[6], LABEL_CODE.get(label, label)


def update_records(store: SQLiteStore, cur: Any, name: str, table: str, rows: list[tuple[Any, ...]]) -> None:
    """Stored records of `table` rewritten in place: rows of (_UPDATED values, META_FIELDS values, key)."""
    own = _UPDATED[table]
    if name not in store.lean:
        cur.executemany(f"UPDATE {name}.{table} SET " + ", ".join(f"{c} = ?" for c in (*own, *META_FIELDS))
                        + " WHERE key = ?", rows)
        return
    keep = tuple(c for c in own if c != "identity")  # not stored in lean rows
    out = [(*row[:len(keep)], *lean_meta(store, name, row[len(own):-1]), row[-1]) for row in rows]
    cur.executemany(f"UPDATE {name}.{ROWS[table]} SET " + ", ".join(f"{c} = ?" for c in (*keep, *_LEAN_META))
                    + " WHERE key = ?", out)


def insert_claims(store: SQLiteStore, cur: Any, name: str, table: str, rows: Sequence[Sequence[Any]],
                  verb: str = "INSERT OR IGNORE") -> int:
    """Statements or extra sources (rows in CLAIM_COLS order) into schema `name`; returns the rows written."""
    if not rows:
        return 0
    if name not in store.lean:
        cols = CLAIM_COLS[table]
        sql = f"{verb} INTO {name}.{table}({', '.join(cols)}) VALUES({','.join('?' * len(cols))})"
    elif table == "statements":
        sql = f"{verb} INTO {name}.statement_rows(record_id, prop, value, src, ref, said, label) VALUES(?,?,?,?,?,?,?)"
        rows = [(r[0], r[1], r[2], *store._claim(name, r[3], r[4], r[5], r[6], r[7], r[9], r[10]),
                 LABEL_CODE.get(r[8], r[8])) for r in rows]
    else:
        sql = f"{verb} INTO {name}.provenance_rows(record_id, src, ref, said) VALUES(?,?,?,?)"
        rows = [(r[0], *store._claim(name, *r[1:])) for r in rows]
    before = store.conn.total_changes  # the rows, not the said and srcs rows interned for them
    cur.executemany(sql, rows)
    return int(store.conn.total_changes - before)


def delete_statement(store: SQLiteStore, cur: Any, name: str, key: int, ident: Sequence[str]) -> None:
    """One statement of record `key`, (prop, value, source, reference), gone from schema `name`."""
    if name not in store.lean:
        cur.execute(f"DELETE FROM {name}.statements WHERE record_id = ? AND prop = ? AND value = ? "
                    "AND source = ? AND reference = ?", (key, *ident))
        return
    prop, value, source, reference = ident
    base, rest = split_ref(reference, name in store.fine)
    cur.execute(f"DELETE FROM {name}.statement_rows WHERE record_id = ? AND prop = ? AND value = ? AND src = "
                f"(SELECT id FROM {name}.srcs WHERE source = ? AND ref_base = ?) AND ref = ?",
                (key, prop, value, source, base, rest or ""))


def delete_rows(store: SQLiteStore, name: str, table: str, keys: list[int]) -> None:
    """Records of `table` (entities, relations by key; statements, provenance by record) gone from `name`."""
    column = "key" if table in ROWS else "record_id"
    store.conn.execute(f"DELETE FROM {name}.{store._rows(name, table)} WHERE {column}" + _IN,
                       (canonical_json(keys),))


def move_claims(store: SQLiteStore, table: str, keys: list[int], here: str, there: str) -> None:
    """The statements or extra sources of records `keys` from schema `here` to `there` (a relabelled record)."""
    rows = store.conn.execute(f"SELECT {', '.join(CLAIM_COLS[table])} FROM {store._src(here, table)} "
                              "WHERE record_id" + _IN, (canonical_json(keys),)).fetchall()
    insert_claims(store, store.conn, there, table, rows)
    delete_rows(store, here, table, keys)


def move_relation(store: SQLiteStore, cur: Any, key: int, here: str, there: str, rid: int) -> None:
    """A stored relation from schema `here` to `there` as row `rid` (its relabelled end or own label calls for it)."""
    row = cur.execute(f"SELECT key, type, src, dst, src_type, dst_type, props, {', '.join(META_FIELDS)} "
                      f"FROM {store._src(here, 'relations')} WHERE key = ?", (key,)).fetchone()
    store._insert_records(cur, there, "relations", [(rid, *row)])
    delete_rows(store, here, "relations", [key])
