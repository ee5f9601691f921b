"""Storage format 5 (issue 18): a reference split at its first '/' after the ':' too; format 4 files upgrade on open.

`data/format4.knp` was written by main's store in format 4 (`data/make_format4.py`): format3's records
plus KvK-shaped ones whose references have no ':' ('basisprofiel/12345678', 'zoeken/12345678/...'),
which format 4 kept whole in every row. A member's open re-splits every file they hold a key for (one
transaction each); a file that could not be upgraded keeps the format-4 split, and the store writes it
that way, so a mixed project reads, and after the same writes reads, as a fresh one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.access.guarded import GuardedStore
from graph.errors import ProjectError
from graph.model import Entity, Provenance
from graph.stores import sqlite_store
from graph.stores.lean import FORMAT, TRIGGERLESS_FORMAT, split_ref
from graph.stores.sqlite_store import SQLiteStore
from tests.access.data import make_format4
from tests.access.test_format4_upgrade import _formats, _no_upgrade, _snapshot, _with, _work
from tests.projects import Project
from tests.sandbox import OWNER, OWNER_PW, new_project, old_project
from workbench.cli import main
from workbench.output import read_json_rows

FIXTURE = Path(__file__).parent / "data" / "format4.knp"
PROFILE = Provenance(source="KvK Handelsregister", reference="basisprofiel/12345678", received="2026-02-01")


def _fixture(tmp_path: Path) -> Path:
    return old_project(tmp_path, FIXTURE)


def _fresh(tmp_path: Path) -> Path:
    return new_project(tmp_path, make_format4.build)


def _refs(store: GuardedStore) -> dict[str, list[tuple[str, str]]]:
    """label -> sorted (ref_base, ref) of every lean row and claim the member's files hold."""
    inner = store.inner
    inner.conn.attach_deferred()
    out = {}
    for label, s in inner.held.items():
        rows = [r for t in ("entity_rows", "relation_rows") for r in inner.conn.execute(
            f"SELECT d.ref_base, CAST(r.ref AS TEXT) FROM {s}.{t} r JOIN {s}.said d ON d.id = r.said "
            "WHERE r.ref IS NOT NULL")]
        rows += [r for t in ("statement_rows", "provenance_rows") for r in inner.conn.execute(
            f"SELECT k.ref_base, c.ref FROM {s}.{t} c JOIN {s}.srcs k ON k.id = c.src")]
        out[label] = sorted(rows)
    return out


def _kvk_work(store: GuardedStore) -> None:
    """format 4's writes, and a KvK profile correcting itself (its statement found by a '/' reference and replaced)."""
    _work(store)
    address = next(e for e in store.iter_entities() if e.type == "Address")
    for city in ("Rotterdam", "Schiedam"):
        store.upsert_entities([Entity(id=address.id, type="Address", provenance=PROFILE, reliability="A",
                                      credibility="1", properties={**address.properties, "city": city})])


def test_split_ref_fine_keeps_every_reference_and_moves_the_kind_of_document() -> None:
    for ref in (None, "", "a", "a/", "/a", "a:b/c", "f.csv:1:p", "basisprofiel/1", "zoeken/1/2", "d/f.csv:3"):
        for fine in (False, True):
            base, rest = split_ref(ref, fine)
            assert (None if rest is None else base + rest) == ref
    assert split_ref("basisprofiel/10000000") == ("basisprofiel/", "10000000")
    assert split_ref("zoeken/123/456") == ("zoeken/", "123/456")  # the first '/', not the last
    assert split_ref("d/f.csv:3") == split_ref("d/f.csv:3", False) == ("d/f.csv:", "3")
    assert split_ref("basisprofiel/1", False) == ("", "basisprofiel/1")


def test_a_member_upgrades_the_files_they_hold_and_reads_a_mixed_project(tmp_path: Path) -> None:
    old, fresh = _fixture(tmp_path), _fresh(tmp_path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(SQLiteStore, "_upgrade", _no_upgrade)
        assert set(_with(old, OWNER, _formats).values()) == {(TRIGGERLESS_FORMAT, 0)}
        kept = _with(old, OWNER, _refs)
    assert ("", "basisprofiel/12345678") in kept["open"]
    assert ("", "zoeken/12345678/000012345678") in kept["confidential"]
    assert _with(old, "bob", _formats) == {"open": (FORMAT, 0), "confidential": (FORMAT, 0)}
    with pytest.MonkeyPatch.context() as mp:  # police-wpg and fiod/tax wait for alice, who holds their keys
        mp.setattr(SQLiteStore, "_upgrade", _no_upgrade)
        assert _with(old, OWNER, _formats)["police-wpg"] == (TRIGGERLESS_FORMAT, 0)
        assert _with(old, OWNER, _snapshot) == _with(fresh, OWNER, _snapshot)
    assert _with(old, "bob", _snapshot) == _with(fresh, "bob", _snapshot)
    assert set(_with(old, OWNER, _formats).values()) == {(FORMAT, 0)}
    refs = _with(old, OWNER, _refs)
    assert refs == _with(fresh, OWNER, _refs)  # split as a fresh project splits them
    assert ("basisprofiel/", "12345678") in refs["open"]
    assert ("zoeken/", "12345678/000012345678") in refs["confidential"]
    assert ("kvk.csv:", "7") in refs["open"]  # references with a ':' and no '/' after it: as before
    assert _with(old, OWNER, lambda s: s.integrity_check()) == "ok"


def test_writes_into_files_not_yet_upgraded_read_as_a_fresh_project(tmp_path: Path) -> None:
    old, fresh = _fixture(tmp_path), _fresh(tmp_path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(SQLiteStore, "_upgrade", _no_upgrade)
        _with(old, OWNER, _kvk_work)  # every file stays in format 4
        assert set(_with(old, OWNER, _formats).values()) == {(TRIGGERLESS_FORMAT, 0)}
        mixed = _with(old, OWNER, _snapshot)
    _with(fresh, OWNER, _kvk_work)
    expected = _with(fresh, OWNER, _snapshot)
    assert mixed == expected
    assert _with(old, OWNER, _snapshot) == expected  # upgraded now: the same
    assert _with(old, OWNER, _refs) == _with(fresh, OWNER, _refs)
    address = _with(old, OWNER, lambda s: next(e for e in s.iter_entities() if e.type == "Address"))
    said = _with(old, OWNER, lambda s: s.statements(address.id))
    assert [s.value for s in said if s.prop == "city" and s.reference == PROFILE.reference] == ["Schiedam"]
    assert _with(old, OWNER, lambda s: s.integrity_check()) == "ok"


def test_the_cli_upgrades_on_a_search(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _fixture(tmp_path)
    project = Project(old, {OWNER: OWNER_PW, "bob": make_format4.BOB_PW})
    assert main(["search", "Kerkstraat", "--format", "json", *project.args("bob")]) == 0
    assert [r["name"] for r in read_json_rows(capsys.readouterr().out)] == ["Kerkstraat 4, 6915 CN Rotterdam"]
    assert _with(old, "bob", _formats) == {"open": (FORMAT, 0), "confidential": (FORMAT, 0)}


def test_a_knooppunt_of_format_4_refuses_a_format_5_file_in_one_line(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.knp"
    SQLiteStore(path, create=True).close()
    monkeypatch.setattr(sqlite_store, "SCHEMA_VERSION", TRIGGERLESS_FORMAT)
    with pytest.raises(ProjectError) as err:
        SQLiteStore(path)
    assert f"format {FORMAT}" in str(err.value) and "\n" not in str(err.value)
