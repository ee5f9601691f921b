"""Opening a partitioned project: what it locks and reads (issue 11 figures, bench/bench_access.py).

An audit entry touches only the main file, so it must not take the write lock of every
label file (BEGIN IMMEDIATE would, and its commit would go through a super-journal).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlite

from graph import project
from graph.access import session
from graph.demo import DemoData
from graph.errors import ProjectError
from graph.model import Entity, Provenance
from graph.store import Caller
from graph.stores import sqlite_store
from graph.stores.sqlite_store import partition_file
from tests.sandbox import OWNER_PW
from workbench.cli import main

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


def test_deleted_label_file_is_reported_at_open(demo_project: Path, capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    """An attacker deleting a label file is noticed: never read as an empty partition."""
    partition_file(demo_project, "police-wpg").unlink()
    with pytest.raises(ProjectError, match=r"police-wpg.*missing"):
        session.unlock(demo_project, "alice", OWNER_PW)
    pw = tmp_path / "alice.pw"
    pw.write_text(OWNER_PW + "\n")
    assert main(["stats", "--project", str(demo_project), "--passphrase-file", str(pw)]) == 2
    err = capsys.readouterr().err.strip()
    assert "police-wpg" in err and "ontbreekt" in err and len(err.splitlines()) == 1


def test_label_files_are_read_when_records_are(demo_project: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A label file swapped for another project's: the open (members, audit) goes on, every read of
    records is refused in one line -- the first and each later one, never the main file alone."""
    other = make_project(tmp_path / "other.knp")
    other.close()
    shutil.copy(partition_file(other.path, "confidential"), partition_file(demo_project, "confidential"))
    store = session.unlock(demo_project, "alice", OWNER_PW)
    assert store.inner.audit_entries()[-1].action == "open"
    for read in (store.counts, lambda: store.search("a"), store.counts, lambda: list(store.iter_entities())):
        with pytest.raises(ProjectError, match="key does not open the partition of label 'confidential'"):
            read()
    store.close()
    pw = tmp_path / "alice.pw"
    pw.write_text(OWNER_PW + "\n")
    assert main(["stats", "--project", str(demo_project), "--passphrase-file", str(pw)]) == 2
    err = capsys.readouterr().err.strip()
    assert "confidential" in err and len(err.splitlines()) == 1


def test_first_read_sees_every_label_file(demo_project: Path, demo_data: DemoData) -> None:
    """Attached at the first read, whichever it is, and for a caller's view of the same connection."""
    expected = len(demo_data.entities)
    hidden = next(e for e in demo_data.entities if e.label == "fiod/tax")
    for first in ("counts", "search", "clone", "transaction", "view read", "graph"):
        store = session.unlock(demo_project, "alice", OWNER_PW)
        inner = store.inner
        if first == "search":
            assert inner.search(demo_data.entities[0].caption.split()[0])
        elif first == "clone":
            inner = inner.with_caller(Caller(user="alice"))
        elif first == "transaction":
            with inner.transaction():
                inner.set_setting("x", "y")
        elif first == "view read":  # a record table named without a schema: the views over every file
            assert hidden.id in inner.neighbours([hidden.id])
        assert inner.graph().number_of_nodes() == expected, first
        assert sum(n for t, n in inner.counts().items() if t in inner.schema.entities) == expected, first
        store.close()


def _person(name: str, label: str) -> Entity:
    return Entity(type="Person", properties={"name": name}, label=label,
                  provenance=Provenance(source="test", reference=name))


def test_search_spans_label_files_under_one_candidate_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One statement over every label file; SEARCH_CANDIDATES bounds all of it, not its last branch."""
    store = make_project(tmp_path / "p.knp")
    store.upsert_entities([_person("Zwaan Open", "open"), _person("Zwaan Geheim", "police-wpg"),
                           _person("Zwaan Fiscaal", "fiod/tax")])
    store.close()
    store = session.unlock(tmp_path / "p.knp", "alice", OWNER_PW)
    assert {e.caption for e in store.search("zwaan")} == {"Zwaan Open", "Zwaan Geheim", "Zwaan Fiscaal"}
    assert [e.caption for e in store.search("zwaan fisc")] == ["Zwaan Fiscaal"]
    monkeypatch.setattr(sqlite_store, "SEARCH_CANDIDATES", 2)
    assert len(store.search("zwaan")) == 2
    store.close()


def test_open_lists_the_folder_once(demo_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Super-journals are looked for once per open (the project may sit in a large folder); the crash
    tests (test_partition_crash.py) show one left behind is still rolled back and removed."""
    listed: list[Path] = []
    real = sqlite_store.SQLiteStore._super_journals

    def counted(self: sqlite_store.SQLiteStore) -> list[Path]:
        listed.append(self.path)
        return real(self)

    monkeypatch.setattr(sqlite_store.SQLiteStore, "_super_journals", counted)
    store = session.unlock(demo_project, "alice", OWNER_PW)
    assert store.search("a") is not None
    store.close()
    assert listed == [demo_project]
