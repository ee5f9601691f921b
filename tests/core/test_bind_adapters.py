"""None and bytes are bound through a registered adapter (issue 18): without one the driver looked for
`__adapt__` and `__conform__` on every such parameter (two AttributeErrors made and dropped, ~1.3-1.8 us each:
a third of a bulk relation row's binding). What is stored stays NULL or the BLOB."""

from pathlib import Path

import sqlcipher3.dbapi2 as sqlite

from graph.stores.sqlite_store import connect


def test_none_and_bytes_have_an_adapter() -> None:
    assert (type(None), sqlite.PrepareProtocol) in sqlite.adapters
    assert (bytes, sqlite.PrepareProtocol) in sqlite.adapters


def test_bytes_are_still_stored_as_blobs(tmp_path: Path) -> None:
    conn = connect(tmp_path / "b.db")
    conn.execute("CREATE TABLE t(a, b TEXT)")
    conn.executemany("INSERT INTO t VALUES(?, ?)", [(b"\x01zstd", b""), (bytearray(b"ab"), memoryview(b"cd"))])
    assert conn.execute("SELECT typeof(a), a, typeof(b), b FROM t").fetchall() == [
        ("blob", b"\x01zstd", "blob", b""), ("blob", b"ab", "blob", b"cd")]
    conn.close()


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
