"""Opening a partitioned project: what it locks and reads (issue 11 figures, bench/bench_access.py).

An audit entry touches only the main file, so it must not take the write lock of every
label file (BEGIN IMMEDIATE would, and its commit would go through a super-journal).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlite

from graph import project
from graph.access import session
from graph.stores import sqlite_store
from graph.stores.sqlite_store import partition_file
from tests.sandbox import OWNER_PW

from .conftest import make_project


@contextmanager
def _write_locked(file: Path, key: bytes) -> Iterator[None]:
    """Another process's writer holding a label file's write lock (RESERVED)."""
    conn = sqlite.connect(str(file), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


@pytest.fixture
def confidential_key(tmp_path: Path) -> bytes:
    store = make_project(tmp_path / "p.knp")
    assert store.keys is not None
    key = store.keys.label_keys["confidential"]
    store.close()
    return key


def test_audit_entry_leaves_label_files_unlocked(tmp_path: Path, confidential_key: bytes) -> None:
    path = tmp_path / "p.knp"
    store = session.unlock(path, "alice", OWNER_PW)
    store.inner.counts()  # every label file attached and read
    store.inner.conn.execute("PRAGMA busy_timeout = 0")  # a lock it had to wait for fails at once
    with _write_locked(partition_file(path, "confidential"), confidential_key):
        store.audit("export", what="a test")
    assert store.inner.audit_entries()[-1].action == "export"
    store.close()


def test_open_while_a_label_file_is_being_written(tmp_path: Path, confidential_key: bytes,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The door (as the CLI and GUI use it) opens, and audits the open, beside a writer of a label file."""
    path = tmp_path / "p.knp"
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_MS", 0)
    with _write_locked(partition_file(path, "confidential"), confidential_key):
        store = project.open_project(path, user="alice", passphrase=OWNER_PW)
        assert store.inner.audit_entries()[-1].action == "open"
        store.close()
