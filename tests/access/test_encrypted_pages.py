"""An encrypted file's full-text index leaves fit in its pages (SQLCipher keeps 80 bytes of each)."""

from __future__ import annotations

from pathlib import Path

from graph.access import session
from graph.stores.sqlite_store import SQLiteStore
from tests.access.conftest import OWNER_PW

PAGE, RESERVE = 4096, 80  # SQLCipher 4: a 16-byte IV and a 64-byte HMAC-SHA512 at the end of each page
FITS = PAGE - RESERVE - 35 - 3  # SQLite's largest row kept whole in a table page, less the leaf row's header


def _leaves(store: SQLiteStore, name: str) -> tuple[int, int]:
    """(number, largest) of the full-text index leaves of schema `name` (ids above 10: FTS5's own rows)."""
    n, largest = store.conn.execute(f"SELECT count(*), max(length(block)) FROM {name}.entity_search_data "
                                    "WHERE id > 10").fetchone()
    return int(n), int(largest or 0)


def test_every_file_of_an_encrypted_project_keeps_its_index_leaves_in_one_page(demo_project: Path) -> None:
    store = session.unlock(demo_project, "alice", OWNER_PW)
    try:
        inner = store.inner
        inner.conn.attach_deferred()
        for name in dict.fromkeys(inner.held.values()):
            n, largest = _leaves(inner, name)
            if n > 3:  # a file with several full leaves (the demo's open and confidential records)
                assert 3500 < largest <= FITS, name
    finally:
        store.close()


def test_a_plain_file_keeps_fts5s_page_for_its_pages(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "plain.knp", create=True) as store:
        assert store.conn.execute("SELECT v FROM entity_search_config WHERE k = 'pgsz'").fetchone() is None
