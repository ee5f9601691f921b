"""Storage format 7 (issue 18): rows may hold their properties in props codec 2 (no key names, no caption twice).

`data/format6.knp` was written by main's store in format 6 (`data/make_format6.py`): the records of
format4.knp, every row's properties in codec 1 or as text. A member's open marks every file they hold a key
for format 7 (nothing else changes: rows of codec 1 read as before); a file they hold no key for stays exactly
as it was. Records written from then on are codec 2, beside the old rows, and the project reads as a fresh one.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from graph.access.guarded import GuardedStore
from graph.errors import ProjectError
from graph.stores import sqlite_store
from graph.stores.lean import FORMAT, VIEWLESS_FORMAT
from graph.stores.records import PROPS_CODEC
from graph.stores.sqlite_store import SQLiteStore, partition_file
from tests.access.data import make_format6
from tests.access.test_format4_upgrade import _no_upgrade, _snapshot, _with
from tests.access.test_format5_upgrade import _kvk_work
from tests.sandbox import OWNER, new_project, old_project


def _fixture(tmp_path: Path) -> Path:
    return old_project(tmp_path, Path(__file__).parent / "data" / "format6.knp")


def _fresh(tmp_path: Path) -> Path:
    return new_project(tmp_path, make_format6.build)


def _codecs(store: GuardedStore) -> dict[str, tuple[int, Counter[object]]]:
    """label -> (format, how many rows hold their properties as text or in each codec) of every file held."""
    inner = store.inner
    inner.conn.attach_deferred()
    out = {}
    for label, name in inner.held.items():
        version = inner.conn.execute(f"PRAGMA {name}.user_version").fetchone()[0]
        forms: Counter[object] = Counter()
        for table in ("entity_rows", "relation_rows"):
            forms.update("text" if isinstance(p, str) else p[0]
                         for (p,) in inner.conn.execute(f"SELECT props FROM {name}.{table}"))
        out[label] = (version, forms)
    return out


def upgraded_by_holders(old: Path, fresh: Path, before: dict[str, tuple[int, Counter[object]]]) -> None:
    """bob's open marks only the files he holds a key for (the police file stays byte for byte); the owner's
    marks the rest, every row keeps the form it had (`before`), and the project reads as a fresh one."""
    police = partition_file(old, "police-wpg")
    digest = hashlib.sha256(police.read_bytes()).hexdigest()
    assert {label: v for label, (v, _) in _with(old, "bob", _codecs).items()} == {"open": FORMAT,
                                                                                 "confidential": FORMAT}
    assert hashlib.sha256(police.read_bytes()).hexdigest() == digest  # bob holds no key for it
    after = _with(old, OWNER, _codecs)
    assert {label: forms for label, (_, forms) in after.items()} == {label: f for label, (_, f) in before.items()}
    assert {v for v, _ in after.values()} == {FORMAT}
    assert _with(old, OWNER, _snapshot) == _with(fresh, OWNER, _snapshot)
    assert _with(old, OWNER, lambda s: s.integrity_check()) == "ok"


def mixed_reads_as_fresh(old: Path, fresh: Path) -> None:
    """Writes into a project whose files are of two formats (no upgrade) read as the same writes into a fresh
    one, before and after the upgrade."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(SQLiteStore, "_upgrade", _no_upgrade)
        _with(old, OWNER, _kvk_work)  # relabels, moves and corrections across files of both formats
        mixed = _with(old, OWNER, _snapshot)
    _with(fresh, OWNER, _kvk_work)
    expected = _with(fresh, OWNER, _snapshot)
    assert mixed == expected
    assert _with(old, OWNER, _snapshot) == expected


def test_a_member_marks_the_files_they_hold_and_old_rows_read_as_before(tmp_path: Path) -> None:
    old, fresh = _fixture(tmp_path), _fresh(tmp_path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(SQLiteStore, "_upgrade", _no_upgrade)
        before = _with(old, OWNER, _codecs)
    assert {v for v, _ in before.values()} == {VIEWLESS_FORMAT}
    assert not any(2 in forms for _, forms in before.values())
    assert any(PROPS_CODEC in forms for _, forms in _with(fresh, OWNER, _codecs).values())  # today's codec
    upgraded_by_holders(old, fresh, before)


def test_writes_into_a_mixed_project_read_as_a_fresh_one(tmp_path: Path) -> None:
    old, fresh = _fixture(tmp_path), _fresh(tmp_path)
    _with(old, "bob", _snapshot)  # open and confidential in format 7, the others in format 6
    mixed_reads_as_fresh(old, fresh)
    assert any(PROPS_CODEC in forms for _, forms in _with(old, OWNER, _codecs).values())  # beside codec 1


def test_a_knooppunt_of_format_6_refuses_a_format_7_file_in_one_line(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.knp"
    SQLiteStore(path, create=True).close()
    monkeypatch.setattr(sqlite_store, "SCHEMA_VERSION", VIEWLESS_FORMAT)
    with pytest.raises(ProjectError) as err:
        SQLiteStore(path)
    assert f"format {FORMAT}" in str(err.value) and "\n" not in str(err.value)


def test_a_reference_number_is_stored_as_an_integer_and_read_as_written(tmp_path: Path) -> None:
    """Format 7's record rows keep the rest of a reference that is a number as an integer (1-8 bytes, not one a
    digit); a number with a leading zero, a sign or too many digits stays text. Every reference reads back."""
    from graph.model import Entity, Provenance

    refs = ["basisprofiel/10000000", "meldingen.csv:12", "x:007", "x:0", "x:-5", "x:1234567890123456789", "x:12a",
            "basisprofiel/", "los"]
    with SQLiteStore(tmp_path / "p.knp", create=True) as store:
        store.upsert_entities([Entity(type="Person", properties={"name": f"P{i}"},
                                      provenance=Provenance(source="s", reference=ref)) for i, ref in enumerate(refs)])
        kinds = dict(store.conn.execute("SELECT caption, typeof(ref) FROM entity_rows"))
        assert [kinds[f"P{i}"] for i in range(len(refs))] == ["integer", "integer", "text", "integer", "text",
                                                               "text", "text", "text", "text"]
        read = {e.caption: e.provenance.reference for e in store.iter_entities("Person") if e.provenance}
        assert [read[f"P{i}"] for i in range(len(refs))] == refs
