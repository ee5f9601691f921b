"""Attaching the label files at the first read: what is checked, and how often each file is locked for it.

A label file is attached under its own key at the first statement that reads records; then its
journal mode (a file switched to WAL would commit apart from the others), application id and
format are checked -- the last two in one read transaction for all files, so each file is locked
once for them, not once per check (bench/bench_access.py: open+search). Each check refuses
every later read of records too, in one line, and the CLI exits 2.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlite

from graph.access import session
from graph.demo import DemoData
from graph.errors import ProjectError
from graph.stores import sqlite_store
from graph.stores.sqlite_store import SCHEMA_VERSION, partition_file
from tests.sandbox import OWNER_PW
from workbench.cli import main

from .conftest import make_project


@contextmanager
def _label_file(path: Path, label: str) -> Iterator[sqlite.Connection]:
    """The label file opened directly under its key (as the member holding it could)."""
    store = session.unlock(path, "alice", OWNER_PW)
    assert store.keys is not None
    key = store.keys.label_keys[label]
    store.close()
    conn = sqlite.connect(str(partition_file(path, label)), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    try:
        yield conn
    finally:
        conn.close()


def _cli_stats(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    pw = tmp_path / "alice.pw"
    pw.write_text(OWNER_PW + "\n")
    assert main(["stats", "--project", str(path), "--passphrase-file", str(pw)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    return err


def test_label_file_switched_to_wal_goes_back_to_the_rollback_journal(demo_project: Path,
                                                                       demo_data: DemoData) -> None:
    """A label file someone switched to WAL is read, and switched back before anything is written to it
    (a transaction over several files is all-or-nothing only with the rollback journal)."""
    hidden = next(e for e in demo_data.entities if e.label != "open")
    with _label_file(demo_project, hidden.label) as conn:
        assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    store = session.unlock(demo_project, "alice", OWNER_PW)
    assert hidden.id in {e.id for e in store.search(hidden.caption)}
    store.close()
    with _label_file(demo_project, hidden.label) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not Path(str(partition_file(demo_project, hidden.label)) + "-wal").exists()


def test_label_file_in_wal_held_by_another_program_is_refused(demo_project: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """One that cannot be switched back (another program has it open in WAL) is refused in one line,
    at every read of records, never read and written as it is."""
    with _label_file(demo_project, "confidential") as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM entity_rows").fetchone()  # a reader of the WAL
        store = session.unlock(demo_project, "alice", OWNER_PW)
        for read in (store.counts, lambda: store.search("a"), store.counts):
            with pytest.raises(ProjectError, match=r"confidential: a label file in WAL mode"):
                read()
        store.close()
        err = _cli_stats(demo_project, tmp_path, capsys)
        assert "confidential" in err and "WAL" in err
        conn.execute("COMMIT")


@pytest.mark.parametrize(("pragma", "error"), [("application_id = 0", "not a Knooppunt partition"),
                                               (f"user_version = {SCHEMA_VERSION + 1}", "made by a newer Knooppunt")])
def test_label_file_that_is_no_partition_or_newer_is_refused(demo_project: Path, tmp_path: Path, pragma: str,
                                                             error: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Under the right key but not a partition (no application id), or of a newer format: every read of
    records is refused in one line, the first and each later one."""
    with _label_file(demo_project, "fiod/tax") as conn:
        conn.execute(f"PRAGMA {pragma}")
    store = session.unlock(demo_project, "alice", OWNER_PW)
    for read in (store.counts, lambda: store.search("a"), lambda: list(store.iter_entities())):
        with pytest.raises(ProjectError, match=error):
            read()
    store.close()
    assert "fiod-tax" in _cli_stats(demo_project, tmp_path, capsys)


def test_every_label_file_is_checked_in_one_read_transaction(demo_project: Path, statements: list[str]) -> None:
    """The write generation, application id and format of all label files are read between one BEGIN and
    COMMIT (a lock of each file, with its hot-journal and WAL look-ups, once), and one statement sets every
    journal mode. The first search does it, or the open when its warnings are asked for (the log records
    writes to the label files: their generations are checked against it, graph.access.generations)."""
    store = session.unlock(demo_project, "alice", OWNER_PW)
    assert store.search("a") is not None
    store.close()
    top = [s for s in statements if not s.startswith("--")]  # FTS5's own statements are marked '--'
    checks = [i for i, s in enumerate(top) if s.endswith((".application_id", ".user_version"))]
    assert len(checks) == 6  # two for each of the three label files
    begin = max(i for i, s in enumerate(top[:checks[0]]) if s == "BEGIN")
    assert all(s not in ("BEGIN", "COMMIT") for s in top[begin + 1:checks[-1]])
    assert len([s for s in top[begin + 1:checks[0]] if s.startswith("SELECT max(n) FROM p_")]) == 3
    assert top[checks[-1] + 1] == "COMMIT"
    assert [s for s in top if "journal_mode" in s] == ["PRAGMA journal_mode = DELETE"]


def test_an_open_that_reads_no_records_attaches_nothing_until_its_warnings_are_asked(
        demo_project: Path, statements: list[str]) -> None:
    """A worker's connection reads what it needs and never asks for the warnings: the label files stay
    unattached. The command line and the workbench ask at once, and the files are checked then."""
    store = session.unlock(demo_project, "alice", OWNER_PW)
    store.members()
    assert not [s for s in statements if "ATTACH" in s or ".application_id" in s]
    assert list(store.warnings) == []
    store.close()
    assert len([s for s in statements if s.startswith("ATTACH")]) == 3


def test_super_journal_beside_a_project_whose_name_looks_like_a_pattern(tmp_path: Path) -> None:
    """Super-journals are found by name, not by a glob: a '[' in a project's name is a '['. An orphan one
    (its writer was killed after its journals were gone) is removed at the next open."""
    path = tmp_path / "zaak [2026].knp"
    make_project(path).close()
    orphan = path.with_name(path.name + "-mj0A1B2C3D")
    orphan.write_bytes(b"")
    store = session.unlock(path, "alice", OWNER_PW)
    assert not orphan.exists()
    store.close()


def test_statements_are_scanned_for_record_tables_once_per_text() -> None:
    """What a statement needs first (the files attached, the views it names without a schema) is the same
    for the same text: scanned once and kept, except a very long text, which is scanned and not kept."""
    needs = sqlite_store._needs
    assert needs("SELECT value FROM main.settings WHERE key = ?") == (False, frozenset())
    assert needs("SELECT e.key FROM p_confidential.entity_rows e") == (True, frozenset())
    assert needs("SELECT e.key FROM entities e JOIN main.relations r ON r.src = e.key") == (True,
                                                                                           frozenset({"entities"}))
    assert needs("SELECT count(*) FROM relations, statements") == (True, frozenset({"relations", "statements"}))
    sqlite_store._scan_cached.cache_clear()
    for _ in range(3):
        needs("SELECT key FROM entities WHERE key = ?")
    assert sqlite_store._scan_cached.cache_info().hits == 2
    long = "SELECT key FROM entities WHERE key IN (" + ",".join(["1"] * 10_000) + ")"
    assert needs(long) == (True, frozenset({"entities"}))
    assert sqlite_store._scan_cached.cache_info().currsize == 1
