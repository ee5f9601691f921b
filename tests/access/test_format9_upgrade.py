"""Storage format 9 (issue 18): relation rows may hold their type and end types as codes and their props as the id
of an `rprops` row (graph.stores.lean.TYPE_CODES).

`data/format8.knp` was written by main's store in format 8 (`data/make_format8.py`): the records of format4.knp, every
relation row's types as names and its props in the row. A member's open marks every file they hold a key for format 9
(it gets the `rprops` table; the rows stay as they are and read as before); a file they hold no key for stays exactly
as it was. Relations written from then on are coded, beside the old rows, and the project reads as a fresh one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.access.guarded import GuardedStore
from graph.errors import ProjectError
from graph.model import Relation
from graph.stores import sqlite_store
from graph.stores.lean import FORMAT, SLICED_FORMAT
from graph.stores.sqlite_store import SQLiteStore
from tests.access.data import make_format8
from tests.access.test_format4_upgrade import _no_upgrade, _snapshot, _with
from tests.access.test_format7_upgrade import _codecs, mixed_reads_as_fresh, upgraded_by_holders
from tests.sandbox import OWNER, new_project, old_project


def _fixture(tmp_path: Path) -> Path:
    return old_project(tmp_path, Path(__file__).parent / "data" / "format8.knp")


def _fresh(tmp_path: Path) -> Path:
    return new_project(tmp_path, make_format8.build)


def _forms(store: GuardedStore) -> dict[str, Counter[str]]:
    """label -> how many relation rows of each file held hold their type as a name or a code, and their props in
    the row or as an `rprops` id."""
    inner = store.inner
    inner.conn.attach_deferred()
    out = {}
    for label, name in inner.held.items():
        forms: Counter[str] = Counter()
        for *types, props in inner.conn.execute(f"SELECT type, src_type, dst_type, props FROM {name}.relation_rows"):
            forms[
                "code" if all(len(t) == 1 for t in types) else "name" if all(len(t) > 1 for t in types) else "mix"
            ] += 1
            forms["interned" if isinstance(props, str) and props.isdigit() else "inline"] += 1
        out[label] = forms
    return out


def upgrade_keeps_named_rows(old: Path, fresh: Path, forms: Callable[[GuardedStore], dict[str, Counter[str]]],
                             old_format: int) -> None:
    """A project of `old_format` (its rows' types by name, as `forms` counts them) against a fresh one (coded):
    the members' opens upgrade the files they hold (`upgraded_by_holders`) and leave every row as it was."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(SQLiteStore, "_upgrade", _no_upgrade)
        before = _with(old, OWNER, _codecs)
        old_forms = _with(old, OWNER, forms)
    assert {v for v, _ in before.values()} == {old_format}
    assert sum(old_forms.values(), Counter())["name"] > 0 and not any(f["code"] for f in old_forms.values())
    new_forms = sum(_with(fresh, OWNER, forms).values(), Counter())  # today's store
    assert new_forms["code"] > 0 and not new_forms["name"]
    upgraded_by_holders(old, fresh, before)
    assert _with(old, OWNER, forms) == old_forms  # the upgrade leaves every row as it was


def test_a_member_marks_the_files_they_hold_and_old_rows_read_as_before(tmp_path: Path) -> None:
    upgrade_keeps_named_rows(_fixture(tmp_path), _fresh(tmp_path), _forms, SLICED_FORMAT)  # props shared: below


def test_writes_into_a_mixed_project_read_as_a_fresh_one(tmp_path: Path) -> None:
    old, fresh = _fixture(tmp_path), _fresh(tmp_path)
    _with(old, "bob", _snapshot)  # open and confidential in format 9, the others in format 8
    mixed_reads_as_fresh(old, fresh)
    for path in (old, fresh):
        _with(path, OWNER, _more_relations)
    forms = _with(old, OWNER, _forms)["open"]
    assert forms["code"] > 0 and forms["name"] > 0 and forms["interned"] == 2  # coded rows beside the old ones
    assert _with(old, OWNER, _snapshot) == _with(fresh, OWNER, _snapshot)
    counts = _with(old, OWNER, lambda s: s.counts())  # per file, from the rows: codes decoded
    assert counts == _with(fresh, OWNER, lambda s: s.counts()) and counts["located_at"] == 3


def _more_relations(store: GuardedStore) -> None:
    """Two relations sharing their props in one batch, in the open file (upgraded by bob)."""
    ids = {e.caption: e.id for e in store.iter_entities()}
    address = next(i for c, i in ids.items() if "Kerkstraat" in c)
    store.upsert_relations(
        [
            Relation(type="located_at", source_id=ids[name], target_id=address, properties={"kind": "postadres"})
            for name in ("Alfa B.V.", "Bravo Holding B.V.")
        ]
    )


def test_a_knooppunt_of_format_8_refuses_a_format_9_file_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.knp"
    SQLiteStore(path, create=True).close()
    monkeypatch.setattr(sqlite_store, "SCHEMA_VERSION", SLICED_FORMAT)
    with pytest.raises(ProjectError) as err:
        SQLiteStore(path)
    assert f"format {FORMAT}" in str(err.value) and "\n" not in str(err.value)


def test_a_coded_relation_moved_into_a_format_8_file_is_stored_by_names(tmp_path: Path) -> None:
    """A relabelled end moves its relations into a file not upgraded yet: they get their names back there, which a
    Knooppunt of format 8 reads (and so a read of the file's rows finds no code)."""
    old = _fixture(tmp_path)
    _with(old, "bob", _snapshot)  # open and confidential in format 9, police-wpg still in format 8
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(SQLiteStore, "_upgrade", _no_upgrade)
        _with(old, OWNER, _more_relations)
        assert _with(old, OWNER, _forms)["open"]["code"] == 2

        def relabel(store: GuardedStore) -> None:
            alfa = next(e for e in store.iter_entities() if e.caption == "Alfa B.V.")
            store.upsert_entities([alfa.evolve(label="police-wpg")])

        _with(old, OWNER, relabel)
        forms = _with(old, OWNER, _forms)
        assert forms["open"]["code"] == 1 and not forms["police-wpg"]["code"] + forms["police-wpg"]["mix"]
        kinds = _with(
            old,
            OWNER,
            lambda s: sorted(r.properties.get("kind", "") for r in s.iter_relations() if r.type == "located_at"),
        )
    assert kinds == ["", "postadres", "postadres"]
