"""Storage format 8 (issue 18): rows may hold their properties in props codec 3 (no text that stands in the caption).

`data/format7.knp` was written by main's store in format 7 (`data/make_format7.py`): the records of format4.knp,
every entity's properties in codec 2 or as text. A member's open marks every file they hold a key for format 8
(nothing else changes: rows of codec 2 read as before); a file they hold no key for stays exactly as it was.
Records written from then on are codec 3, beside the old rows, and the project reads as a fresh one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.access.guarded import GuardedStore
from graph.errors import ProjectError
from graph.stores import sqlite_store
from graph.stores.lean import FORMAT, KEYLESS_FORMAT
from graph.stores.records import SLICED_CODEC
from graph.stores.sqlite_store import SQLiteStore
from tests.access.data import make_format7
from tests.access.test_format4_upgrade import _no_upgrade, _snapshot, _with
from tests.access.test_format7_upgrade import _codecs, mixed_reads_as_fresh, upgraded_by_holders
from tests.sandbox import OWNER, new_project, old_project


def _fixture(tmp_path: Path) -> Path:
    return old_project(tmp_path, Path(__file__).parent / "data" / "format7.knp")


def _fresh(tmp_path: Path) -> Path:
    return new_project(tmp_path, make_format7.build)


def test_a_member_marks_the_files_they_hold_and_old_rows_read_as_before(tmp_path: Path) -> None:
    old, fresh = _fixture(tmp_path), _fresh(tmp_path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(SQLiteStore, "_upgrade", _no_upgrade)
        before = _with(old, OWNER, _codecs)
    assert {v for v, _ in before.values()} == {KEYLESS_FORMAT}
    assert any(2 in forms for _, forms in before.values())
    assert not any(SLICED_CODEC in forms for _, forms in before.values())
    assert any(SLICED_CODEC in forms for _, forms in _with(fresh, OWNER, _codecs).values())  # today's store
    upgraded_by_holders(old, fresh, before)


def test_writes_into_a_mixed_project_read_as_a_fresh_one(tmp_path: Path) -> None:
    old, fresh = _fixture(tmp_path), _fresh(tmp_path)
    _with(old, "bob", _snapshot)  # open and confidential in format 8, the others in format 7
    mixed_reads_as_fresh(old, fresh)
    forms = [f for _, f in _with(old, OWNER, _codecs).values()]
    assert any(SLICED_CODEC in f for f in forms) and any(2 in f for f in forms)  # codec 3 rows beside codec 2


def test_a_knooppunt_of_format_7_refuses_a_format_8_file_in_one_line(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.knp"
    SQLiteStore(path, create=True).close()
    monkeypatch.setattr(sqlite_store, "SCHEMA_VERSION", KEYLESS_FORMAT)
    with pytest.raises(ProjectError) as err:
        SQLiteStore(path)
    assert f"format {FORMAT}" in str(err.value) and "\n" not in str(err.value)


def _auto_vacuum(store: GuardedStore) -> dict[str, int]:
    inner = store.inner
    inner.conn.attach_deferred()
    return {label: inner.conn.execute(f"PRAGMA {name}.auto_vacuum").fetchone()[0] for label, name in inner.held.items()}


def test_every_file_of_a_new_project_gives_freed_pages_back_and_an_old_one_keeps_its_layout(tmp_path: Path) -> None:
    """Each file a project is made with keeps the pages a load frees at its end (auto_vacuum INCREMENTAL: 2), for
    a bulk load to give back (tests/core/test_bulk.py); it can be set only before a file's first write, so the
    label files get it as they are attached, new. A file made before keeps its layout (0) and reads as ever."""
    assert set(_with(_fresh(tmp_path), OWNER, _auto_vacuum).values()) == {2}
    assert set(_with(_fixture(tmp_path), OWNER, _auto_vacuum).values()) == {0}
