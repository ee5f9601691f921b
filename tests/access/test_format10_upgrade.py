"""Storage format 10 (issue 18): entity rows may hold their type as its code (graph.stores.lean.TYPE_CODES).

`data/format9.knp` was written by main's store in format 9 (`data/make_format9.py`): the records of format4.knp, every
entity row's type as its name. A member's open marks every file they hold a key for format 10 (its number only: the
rows stay as they are and read as before); a file they hold no key for stays exactly as it was. Entities written from
then on are coded, beside the old rows, and the project reads, counts and filters as a fresh one.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from graph.access.guarded import GuardedStore
from graph.errors import ProjectError
from graph.model import Entity
from graph.stores import sqlite_store
from graph.stores.lean import CODED_FORMAT, FORMAT
from graph.stores.sqlite_store import SQLiteStore
from tests.access.data import make_format9
from tests.access.test_format4_upgrade import _no_upgrade, _snapshot, _with
from tests.access.test_format7_upgrade import mixed_reads_as_fresh
from tests.access.test_format9_upgrade import upgrade_keeps_named_rows
from tests.sandbox import OWNER, new_project, old_project


def _fixture(tmp_path: Path) -> Path:
    return old_project(tmp_path, Path(__file__).parent / "data" / "format9.knp")


def _fresh(tmp_path: Path) -> Path:
    return new_project(tmp_path, make_format9.build)


def _forms(store: GuardedStore) -> dict[str, Counter[str]]:
    """label -> how many entity rows of each file held hold their type as a name or a code."""
    inner = store.inner
    inner.conn.attach_deferred()
    return {label: Counter("code" if len(t) == 1 else "name" for (t,) in
                           inner.conn.execute(f"SELECT type FROM {name}.entity_rows"))
            for label, name in inner.held.items()}


def _by_type(store: GuardedStore) -> dict[str, Any]:
    """What the type tabs and filters read: each type's entities, a type search, the counts."""
    types = sorted({e.type for e in store.iter_entities()})
    return {"listed": {t: sorted(e.caption for e in store.iter_entities(t)) for t in types},
            "found": sorted((e.type, e.caption) for e in store.search("b", types=["Company", "Person"])),
            "counts": store.counts()}


def _more_entities(store: GuardedStore) -> None:
    """A company and a person more, in the open file (upgraded by bob)."""
    store.upsert_entities([Entity(type="Company", properties={"kvk_number": "55554444", "name": "Bakkerij Ban B.V."}),
                           Entity(type="Person", properties={"name": "Bram Bos"})])


def test_a_member_marks_the_files_they_hold_and_old_rows_read_as_before(tmp_path: Path) -> None:
    old, fresh = _fixture(tmp_path), _fresh(tmp_path)
    upgrade_keeps_named_rows(old, fresh, _forms, CODED_FORMAT)
    assert _with(old, OWNER, _by_type) == _with(fresh, OWNER, _by_type)


def test_writes_into_a_mixed_project_read_count_and_filter_as_a_fresh_one(tmp_path: Path) -> None:
    old, fresh = _fixture(tmp_path), _fresh(tmp_path)
    _with(old, "bob", _snapshot)  # open and confidential in format 10, the others in format 9
    mixed_reads_as_fresh(old, fresh)
    for path in (old, fresh):
        _with(path, OWNER, _more_entities)
    forms = _with(old, OWNER, _forms)["open"]
    assert forms["code"] >= 2 and forms["name"] > 0  # coded rows beside the old ones
    assert _with(old, OWNER, _snapshot) == _with(fresh, OWNER, _snapshot)
    mixed = _with(old, OWNER, _by_type)
    assert mixed == _with(fresh, OWNER, _by_type)
    assert "Bakkerij Ban B.V." in mixed["listed"]["Company"] and len(mixed["listed"]["Company"]) > 1


def test_a_knooppunt_of_format_9_refuses_a_format_10_file_in_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.knp"
    SQLiteStore(path, create=True).close()
    monkeypatch.setattr(sqlite_store, "SCHEMA_VERSION", CODED_FORMAT)
    with pytest.raises(ProjectError) as err:
        SQLiteStore(path)
    assert f"format {FORMAT}" in str(err.value) and "\n" not in str(err.value)


def test_an_entity_moved_into_a_format_9_file_is_stored_by_its_name(tmp_path: Path) -> None:
    """A relabelled entity moves into a file not upgraded yet: its type is its name there, which a Knooppunt of
    format 9 reads, and the project still finds it by its type."""
    old = _fixture(tmp_path)
    _with(old, "bob", _snapshot)  # open and confidential in format 10, police-wpg still in format 9
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(SQLiteStore, "_upgrade", _no_upgrade)
        _with(old, OWNER, _more_entities)
        assert _with(old, OWNER, _forms)["open"]["code"] == 2

        def relabel(store: GuardedStore) -> None:
            ban = next(e for e in store.iter_entities("Company") if e.caption == "Bakkerij Ban B.V.")
            store.upsert_entities([ban.evolve(label="police-wpg")])

        _with(old, OWNER, relabel)
        forms = _with(old, OWNER, _forms)
        assert forms["open"]["code"] == 1 and not forms["police-wpg"]["code"]
        found = _with(old, OWNER, lambda s: [(e.caption, e.label) for e in s.iter_entities("Company")
                                              if e.caption.startswith("Bakkerij")])
    assert found == [("Bakkerij Ban B.V.", "police-wpg")]
