"""None is bound through a registered adapter (issue 18): without one the driver looked for `__adapt__` and
`__conform__` on every None parameter (two AttributeErrors made and dropped, ~1.8 us each: a third of a bulk
relation row's binding). What is stored stays NULL."""

from pathlib import Path

import sqlcipher3.dbapi2 as sqlite

from graph.stores.sqlite_store import connect


def test_none_has_an_adapter() -> None:
    assert (type(None), sqlite.PrepareProtocol) in sqlite.adapters


def test_none_is_still_stored_as_null(tmp_path: Path) -> None:
    conn = connect(tmp_path / "n.db")
    conn.execute("CREATE TABLE t(a, b TEXT, c INTEGER)")
    conn.execute("INSERT INTO t VALUES(?, ?, ?)", (None, None, 1))
    conn.executemany("INSERT INTO t VALUES(?, ?, ?)", [(None, "x", None), (2, None, None)])
    conn.execute("INSERT INTO t VALUES(:a, :b, :c)", {"a": None, "b": None, "c": None})
    assert conn.execute("SELECT typeof(a), typeof(b), typeof(c) FROM t").fetchall() == [
        ("null", "null", "integer"), ("null", "text", "null"), ("integer", "null", "null"), ("null", "null", "null")]
    assert conn.execute("SELECT count(*) FROM t WHERE b IS ?", (None,)).fetchone() == (3,)
    conn.close()
