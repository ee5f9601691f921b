"""Side tables (notes, evidence documents, VIK registers) under the key of each row's label.

A note, document or VIK row carries a security label like a record. In a partitioned
project the main file is under the `open` key, which every member holds: a row labelled
`police-wpg` kept there is readable with `sqlcipher3` by a viewer cleared for `open`
only (issue 11's clearance-by-cryptography promise, broken for everything beside the
records). So each side table exists in every label file this connection holds, a row
lives in the file of its label, and the module that owns the table keeps reading and
writing the unqualified name: a TEMP view of that name spans the held files, and TEMP
INSTEAD OF triggers send an insert to the file of the new row's label (refused when no
key for it is held), an update or delete to wherever the row is. (A trigger may not name a
schema in its writes, so each file's table carries the file in its name, `notes__p_police_wpg`,
and is found by that name alone; a write through the view reports no changed rows.)

Rows that an earlier Knooppunt wrote into the main file under a higher label are moved
into their label's file the first time a member who holds that key opens the side tables
(`secure_delete` zeroes what they left in the main file's pages). Copies of the main file
made before that still hold them: cryptography cannot take back what was once readable.
The move is made once per file, in the transaction that makes the file's table, and never into
a label file made by a Knooppunt that keeps side tables there (`NATIVE`): every member holds the
main file's key, so a row found there later -- a police note "by alice", an alias hiding a police
record -- was put there by hand, and moved it would enter a file its planter cannot write (red team 3).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from graph.access import row_signatures
from graph.stores.sqlite_store import SIDE_TABLES_NATIVE as NATIVE
from graph.stores.sqlite_store import SQLiteStore

_TABLE = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+)\(")
_INDEX = re.compile(r"CREATE INDEX IF NOT EXISTS (\w+) ON (\w+)\(")


def _statements(ddl: str) -> list[str]:
    return [s.strip() for s in ddl.split(";") if s.strip()]


def stored_name(table: str, schema: str) -> str:
    """The table's name in one file: unique over the files, so that the TEMP triggers (which may not
    name a schema in their writes) reach each by its name alone, past the TEMP view of `table`."""
    return f"{table}__{schema}"


def _qualified(statement: str, schema: str) -> str:
    statement = _TABLE.sub(lambda m: f"CREATE TABLE IF NOT EXISTS {schema}.{stored_name(m.group(1), schema)}(",
                           statement, count=1)
    return _INDEX.sub(lambda m: f"CREATE INDEX IF NOT EXISTS {schema}.{stored_name(m.group(1), schema)} "
                                f"ON {stored_name(m.group(2), schema)}(", statement, count=1)


def _quoted(labels: Iterable[str]) -> str:
    return ",".join("'" + label.replace("'", "''") + "'" for label in sorted(labels)) or "''"


def prepare(store: SQLiteStore, ddl: str, *, legacy: bool = True) -> Any:
    """The connection with the tables of `ddl` in place: per held label file when partitioned.

    `legacy`: an earlier Knooppunt kept these tables in the main file, so rows there are moved out
    once; False for tables that never were in the main file (nothing of theirs found there is moved).
    """
    conn = store.conn
    if not store.partitioned:
        _create_plain(store, ddl)
        return conn
    tables = [m.group(1) for m in map(_TABLE.search, _statements(ddl)) if m]
    if not conn.in_transaction:
        conn.attach_deferred()  # inside a transaction the label files are attached already
    schemas: dict[str, list[str]] = {}
    for label, schema in store.held.items():
        schemas.setdefault(schema, []).append(label)
    done: set[str] = store.__dict__.setdefault("_side_tables_made", set())  # shared with `with_caller` clones
    if ddl not in done:  # once per connection: the files keep the tables, the moved rows stay moved
        _create(store, ddl, schemas, tables, legacy=legacy)
        done.add(ddl)
    check = row_signatures.check_of(store)
    for table in tables:  # TEMP objects: a rolled-back transaction that made them took them back
        _route(conn, table, schemas, check is not None and table in row_signatures.SIGNED)
    if check is not None:
        check.refresh()  # the members and their keys, should another process have changed them
        check.check_digests(store.held)  # once a session: a signed row deleted or put back (row_digests)
    return conn


def _create_plain(store: SQLiteStore, ddl: str) -> None:
    """A single-file project: the tables as they are, in its one file."""
    tables = [m.group(1) for m in map(_TABLE.search, _statements(ddl)) if m]
    if store.conn.execute(f"SELECT count(*) FROM main.sqlite_master WHERE type = 'table' AND name IN "
                          f"({_quoted(tables)})").fetchone()[0] < len(tables):
        with store.transaction():
            for statement in _statements(ddl):
                store.conn.execute(statement)


def _create(store: SQLiteStore, ddl: str, schemas: dict[str, list[str]], tables: list[str], *,
            legacy: bool) -> None:
    """The tables in each held file that lacks them, and (`legacy`) in the same transaction the rows an
    earlier Knooppunt left in the main file moved to the files just given them: only then, so a row a
    member puts in the main file later stays there, unread."""
    conn = store.conn
    missing = [s for s in schemas if conn.execute(
        f"SELECT count(*) FROM {s}.sqlite_master WHERE type = 'table' AND name IN "
        f"({_quoted(stored_name(t, s) for t in tables)})").fetchone()[0] < len(tables)]
    if not missing:
        return
    with store.transaction():
        for schema in missing:
            for statement in _statements(ddl):
                conn.execute(_qualified(statement, schema))
            if schema != "main":  # the rows written to this label file from now on are signed (row_signatures)
                row_signatures.install_in(conn, schema)
        if legacy:
            _move_from_main(store, {s: schemas[s] for s in missing if not native(conn, s)}, tables)


def native(conn: Any, schema: str) -> bool:
    """Whether a label file was made with its side tables in it (so no earlier Knooppunt wrote its rows to main)."""
    return schema != "main" and conn.execute(f"SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' "
                                             f"AND name = '{NATIVE}'").fetchone() is not None


def columns(conn: Any, schema: str, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f"PRAGMA {schema}.table_info({table})")]


def _move_from_main(store: SQLiteStore, schemas: dict[str, list[str]], tables: list[str]) -> None:
    """Rows an earlier version kept in the main file's own table, each moved to its label's file."""
    conn = store.conn
    legacy = {r[0] for r in conn.execute(f"SELECT name FROM main.sqlite_master WHERE type = 'table' AND name IN "
                                         f"({_quoted(tables)})")}
    todo = [(t, s, labels) for t in tables if t in legacy for s, labels in schemas.items()
            if conn.execute(f"SELECT 1 FROM main.{t} WHERE label IN ({_quoted(labels)}) LIMIT 1").fetchone()]
    if not todo:
        return
    conn.execute("PRAGMA main.secure_delete = ON")  # the moved rows' bytes do not stay in free pages
    with store.transaction():  # (inside `_create`'s: joined)
        for table, schema, labels in todo:
            cols = ", ".join(c for c in columns(conn, schema, stored_name(table, schema))
                             if c in columns(conn, "main", table))
            where = f"label IN ({_quoted(labels)})"
            conn.execute(f"INSERT OR IGNORE INTO {schema}.{stored_name(table, schema)}({cols}) "
                         f"SELECT {cols} FROM main.{table} WHERE {where}")
            conn.execute(f"DELETE FROM main.{table} WHERE {where}")


def _route(conn: Any, table: str, schemas: dict[str, list[str]], signed: bool = False) -> None:
    """The TEMP view `table` over every held file, and the triggers that route writes through it.

    `signed`: each file's rows are signed as they are written and checked as they are read (`row_signatures`):
    a row of the main file is written by whoever holds the `open` key, one of a label file by whoever holds its
    key. A label file without the signatures' table (an earlier Knooppunt's, before an owner's open carried its
    rows over) is not signed into; its rows are read as unsigned (counted only while the label files' rows are
    not checked)."""
    if conn.execute("SELECT 1 FROM temp.sqlite_master WHERE type = 'trigger' AND name = ?",
                    (f"side_{table}_delete",)).fetchone():
        return
    cols = columns(conn, "main", stored_name(table, "main"))
    names = ", ".join(cols)
    new = ", ".join(f"NEW.{c}" for c in cols)
    held = [label for labels in schemas.values() for label in labels]
    conn.execute(f"DROP VIEW IF EXISTS temp.{table}")
    signed_in = {s for s in schemas if signed and row_signatures.has_sig_table(conn, s)}
    conn.execute(f"CREATE TEMP VIEW {table} AS " + " UNION ALL ".join(
        _part(table, names, s, labels, list(schemas)[i + 1:], cols if signed else None, s in signed_in)
        for i, (s, labels) in enumerate(schemas.items())))
    inserts = "".join(f"INSERT INTO {stored_name(table, s)}({names}) SELECT {new} "
                      f"WHERE NEW.label IN ({_quoted(labels)}); " for s, labels in schemas.items())
    inserts += "".join(row_signatures.write_sql(table, cols, f"NEW.label IN ({_quoted(labels)})", s)
                       for s, labels in schemas.items() if s in signed_in)
    sign = "".join(row_signatures.write_sql(table, cols, f"NEW.label IN ({_quoted(labels)})", s, update=True)
                   for s, labels in schemas.items() if s in signed_in)
    conn.execute(f"CREATE TEMP TRIGGER side_{table}_insert INSTEAD OF INSERT ON {table} BEGIN "
                 f"SELECT RAISE(ABORT, '{table}: no key is held for the label of this row') "
                 f"WHERE NEW.label NOT IN ({_quoted(held)}); {inserts}END")
    sets = ", ".join(f"{c} = NEW.{c}" for c in cols)
    # only in the file the row was read from: a row of the same id put in a lower file (by a member with
    # its key) never receives what is written to the higher one
    updates = "".join(f"UPDATE {stored_name(table, s)} SET {sets} WHERE {_same_row(labels)}; "
                      for s, labels in schemas.items())
    conn.execute(f"CREATE TEMP TRIGGER side_{table}_update INSTEAD OF UPDATE ON {table} BEGIN "
                 f"SELECT RAISE(ABORT, '{table}: a row keeps its label') WHERE NEW.label IS NOT OLD.label; "
                 f"{updates}{sign}END")
    deletes = "".join(row_signatures.drop_sql(table, f"OLD.label IN ({_quoted(labels)})", s)
                      for s, labels in schemas.items() if s in signed_in)
    deletes += "".join(f"DELETE FROM {stored_name(table, s)} WHERE {_same_row(labels)}; "
                       for s, labels in schemas.items())
    conn.execute(f"CREATE TEMP TRIGGER side_{table}_delete INSTEAD OF DELETE ON {table} BEGIN {deletes}END")


def _part(table: str, names: str, schema: str, labels: list[str], higher: list[str],
          signed: list[str] | None = None, signed_here: bool = True) -> str:
    """One file's rows in the view: only those of its own labels (a member holding only the `open` key can
    put a row labelled higher into the main file), none whose id a higher file holds, and (`signed`: the
    table's columns) only rows whose signatures hold (`signed_here`: the file has its signatures' table)."""
    hidden = "".join(f" AND NOT EXISTS(SELECT 1 FROM {h}.{stored_name(table, h)} y WHERE y.id = x.id)" for h in higher)
    where = f"x.label IN ({_quoted(labels)}){hidden}"
    if signed is not None:
        return row_signatures.view_part(table, signed, where, schema, signed_here)
    return f"SELECT {names} FROM {schema}.{stored_name(table, schema)} x WHERE {where}"


def _same_row(labels: list[str]) -> str:
    """In a trigger: the row OLD was read from, when it was read from the file holding `labels`."""
    return f"id = OLD.id AND OLD.label IN ({_quoted(labels)}) AND label IN ({_quoted(labels)})"
