"""Storage format 6 (issue 11): no record views in a label file (nor in a partitioned project's main file).

`data/format5.knp` was written by main's store in format 5 (`data/make_format5.py`): the records of
format4.knp, the four record views in every file. A member's open drops the views of every file they
hold a key for (one transaction each); a file they hold no key for stays exactly as it was, and a file
that could not be upgraded is read through its views, so a mixed project reads, and after the same
writes reads, as a fresh one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from graph.access.guarded import GuardedStore
from graph.errors import ProjectError
from graph.model import SECURITY_LABELS
from graph.stores import sqlite_store
from graph.stores.lean import FINE_FORMAT, FORMAT
from graph.stores.sqlite_store import SQLiteStore, partition_file
from tests.access.data import make_format5
from tests.access.test_format4_upgrade import _no_upgrade, _snapshot, _with
from tests.access.test_format5_upgrade import _kvk_work, _refs
from tests.projects import Project
from tests.sandbox import OWNER, OWNER_PW, new_project, old_project
from workbench.cli import main
from workbench.output import read_json_rows

FIXTURE = Path(__file__).parent / "data" / "format5.knp"
RECORD_VIEWS = "('entities', 'relations', 'statements', 'provenance')"


def _fixture(tmp_path: Path) -> Path:
    return old_project(tmp_path, FIXTURE)


def _fresh(tmp_path: Path) -> Path:
    return new_project(tmp_path, make_format5.build)


def _views(store: GuardedStore) -> dict[str, tuple[int, int]]:
    """label -> (format, record views in the file) of every file the member holds."""
    inner = store.inner
    inner.conn.attach_deferred()
    return {label: (inner.conn.execute(f"PRAGMA {name}.user_version").fetchone()[0],
                    inner.conn.execute(f"SELECT count(*) FROM {name}.sqlite_master WHERE type = 'view' "
                                       f"AND name IN {RECORD_VIEWS}").fetchone()[0])
            for label, name in inner.held.items()}


def _digest(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def test_a_member_upgrades_the_files_they_hold_and_reads_a_mixed_project(tmp_path: Path) -> None:
    old, fresh = _fixture(tmp_path), _fresh(tmp_path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(SQLiteStore, "_upgrade", _no_upgrade)
        assert set(_with(old, OWNER, _views).values()) == {(FINE_FORMAT, 4)}
    assert set(_with(fresh, OWNER, _views).values()) == {(FORMAT, 0)}
    police = partition_file(old, "police-wpg")
    before = _digest(police)
    assert _with(old, "bob", _views) == {"open": (FORMAT, 0), "confidential": (FORMAT, 0)}
    assert _digest(police) == before  # bob holds no key for it: not a byte changed
    with pytest.MonkeyPatch.context() as mp:  # police-wpg and fiod/tax wait for alice, who holds their keys
        mp.setattr(SQLiteStore, "_upgrade", _no_upgrade)
        assert _with(old, OWNER, _views)["police-wpg"] == (FINE_FORMAT, 4)
        assert _with(old, OWNER, _snapshot) == _with(fresh, OWNER, _snapshot)
    assert _with(old, "bob", _snapshot) == _with(fresh, "bob", _snapshot)
    assert set(_with(old, OWNER, _views).values()) == {(FORMAT, 0)}
    assert _with(old, OWNER, _snapshot) == _with(fresh, OWNER, _snapshot)
    assert _with(old, OWNER, _refs) == _with(fresh, OWNER, _refs)  # the rows themselves are untouched
    assert _with(old, OWNER, lambda s: s.integrity_check()) == "ok"


def test_writes_into_files_not_yet_upgraded_read_as_a_fresh_project(tmp_path: Path) -> None:
    old, fresh = _fixture(tmp_path), _fresh(tmp_path)
    _with(old, "bob", _snapshot)  # open and confidential in format 6, the others in format 5
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(SQLiteStore, "_upgrade", _no_upgrade)
        _with(old, OWNER, _kvk_work)  # relabels, moves and corrections across files of both formats
        assert _with(old, OWNER, _views)["fiod/tax"] == (FINE_FORMAT, 4)
        mixed = _with(old, OWNER, _snapshot)
    _with(fresh, OWNER, _kvk_work)
    expected = _with(fresh, OWNER, _snapshot)
    assert mixed == expected
    assert _with(old, OWNER, _snapshot) == expected  # upgraded now: the same
    assert _with(old, "bob", _snapshot) == _with(fresh, "bob", _snapshot)
    assert _with(old, OWNER, lambda s: (s.counts(), len(s.graph()))) == _with(fresh, OWNER,
                                                                            lambda s: (s.counts(), len(s.graph())))
    assert _with(old, OWNER, lambda s: s.integrity_check()) == "ok"


def test_the_cli_upgrades_on_a_search(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _fixture(tmp_path)
    project = Project(old, {OWNER: OWNER_PW, "bob": make_format5.BOB_PW})
    assert main(["search", "Kerkstraat", "--format", "json", *project.args("bob")]) == 0
    assert [r["name"] for r in read_json_rows(capsys.readouterr().out)] == ["Kerkstraat 4, 6915 CN Rotterdam"]
    assert _with(old, "bob", _views) == {"open": (FORMAT, 0), "confidential": (FORMAT, 0)}


def test_a_label_file_keeps_no_views_and_a_single_file_keeps_its_own(tmp_path: Path) -> None:
    """What each file's schema holds: a label file and a partitioned main file no views (SQLite parses the
    schema at every attach), a single-file project its views (its reads need no TEMP view)."""
    keys = {label: bytes([i + 1]) * 32 for i, label in enumerate(SECURITY_LABELS)}
    parts = {label: key for label, key in keys.items() if label != "open"}
    SQLiteStore(tmp_path / "p.knp", create=True, key=keys["open"], partitions=parts).close()
    with SQLiteStore(tmp_path / "p.knp", key=keys["open"], partitions=parts) as store:
        store.conn.attach_deferred()
        for name in dict.fromkeys(store.held.values()):
            kinds = dict(store.conn.execute(f"SELECT type, count(*) FROM {name}.sqlite_master GROUP BY type"))
            assert "view" not in kinds
            if name != "main":
                assert "trigger" not in kinds
                size = store.conn.execute(f"SELECT sum(length(sql)) FROM {name}.sqlite_master").fetchone()[0]
                assert size < 2_200  # 4,351 B in format 5, of which 2,314 B the views (45 B: the side tables' mark)
        assert store.viewless == set(store.held.values())
    with SQLiteStore(tmp_path / "one.knp", create=True) as one:
        views = one.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'view'").fetchone()[0]
        assert views == 4 and one.viewless == set()
        assert one.conn.execute("SELECT count(*) FROM sqlite_temp_master").fetchone()[0] == 0


def test_a_knooppunt_of_format_5_refuses_a_format_6_file_in_one_line(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    key, label_key = b"\x01" * 32, b"\x02" * 32
    path = tmp_path / "p.knp"
    SQLiteStore(path, create=True, key=key, partitions={"confidential": label_key}).close()
    monkeypatch.setattr(sqlite_store, "SCHEMA_VERSION", FINE_FORMAT)
    with pytest.raises(ProjectError) as err:
        SQLiteStore(path, key=key, partitions={"confidential": label_key})
    assert f"format {FORMAT}" in str(err.value) and "\n" not in str(err.value)
    conn = sqlite_store.connect(path, key, journal="DELETE")  # the main file as format 5: the label file speaks
    conn.execute(f"PRAGMA user_version = {FINE_FORMAT}")
    conn.close()
    store = SQLiteStore(path, key=key, partitions={"confidential": label_key})
    with pytest.raises(ProjectError) as err:
        store.search("alfa")
    store.close()
    assert "p.knp.confidential" in str(err.value) and f"format {FORMAT}" in str(err.value)
    assert "\n" not in str(err.value)
