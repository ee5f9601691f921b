"""Storage format 4 (issue 11): label files without INSTEAD OF triggers; format 3 projects upgrade on open.

`data/format3.knp` (with its label files and key file) was written by main's store in format 3
(`data/make_format3.py`): alice holds every label, bob `open` and `confidential`. A member's open
upgrades every file they hold a key for (drops the triggers, one transaction each); the others
wait for a member who holds theirs. Reads span a mixed project, and the store writes the rows
itself, so a write into a file still in format 3 (one that could not be upgraded: busy, read-only)
is as correct as into a format 4 file: after the same writes, the fixture reads as a fresh project does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3.dbapi2 as sqlite

from graph.access import localstate, session
from graph.access.guarded import GuardedStore
from graph.model import Entity, Provenance, Record, Relation
from graph.stores.lean import FORMAT, LEAN_FORMAT
from graph.stores.sqlite_store import SQLiteStore
from tests.access.data import make_format3
from tests.projects import Project
from tests.sandbox import OWNER, OWNER_PW, new_project, old_project
from workbench.cli import main
from workbench.output import read_json_rows

FIXTURE = Path(__file__).parent / "data" / "format3.knp"
VIEWS = "('entities', 'relations', 'statements', 'provenance')"
PASSPHRASES = {OWNER: OWNER_PW, "bob": make_format3.BOB_PW}


def _formats(store: GuardedStore) -> dict[str, tuple[int, int]]:
    """label -> (format, INSTEAD OF triggers on the record views) of every file the member holds."""
    inner = store.inner
    inner.conn.attach_deferred()
    out = {}
    for label, name in inner.held.items():
        version = inner.conn.execute(f"PRAGMA {name}.user_version").fetchone()[0]
        triggers = inner.conn.execute(f"SELECT count(*) FROM {name}.sqlite_master WHERE type = 'trigger' "
                                      f"AND tbl_name IN {VIEWS}").fetchone()[0]
        out[label] = (version, triggers)
    return out


def _said(store: GuardedStore, record_id: str) -> tuple[Any, ...]:
    """What the record's sources said and who they are (no times: the two projects were written apart)."""
    statements = sorted((s.prop, json.dumps(s.value), s.source, s.reference or "", s.label, s.received or "",
                         s.reliability or "", s.credibility or "") for s in store.statements(record_id))
    sources = [(s.source, s.reference, s.received, s.reliability, s.credibility) for s in store.sources(record_id)]
    return tuple(statements), tuple(sources)


def _meta(rec: Record) -> tuple[Any, ...]:
    return (rec.label, rec.provenance, rec.reliability, rec.credibility, rec.valid_from, rec.valid_to)


def _snapshot(store: GuardedStore) -> tuple[Any, ...]:
    """Everything the member reads, by name (ids of records without identity or source are random)."""
    names = {e.id: e.caption for e in store.iter_entities()}
    entities = sorted((e.caption, e.type, json.dumps(e.properties, sort_keys=True), *map(repr, _meta(e)),
                       _said(store, e.id)) for e in store.iter_entities())
    relations = sorted((r.type, *sorted((names[r.source_id], names[r.target_id])), *map(repr, _meta(r)),
                        _said(store, r.id)) for r in store.iter_relations())  # undirected ends go by key
    found = sorted(e.caption for q in ("piet", "jan", "nina", "alfa", "fien") for e in store.search(q))
    return entities, relations, found


def _work(store: GuardedStore) -> None:
    """Writes of every kind, into files of both formats: statements and sources added, a statement replaced,
    records relabelled (moved with their statements, sources and relations), updated, deleted, added."""
    ids = {e.caption: e.id for e in store.iter_entities()}
    tip = Provenance(source="Tip", reference="tips.csv:9", received="2026-04-01")
    for place in ("Zwolle", "Kampen"):  # the same source corrects itself: its first statement goes
        store.upsert_entities([Entity(id=ids["Piet Jansen"], type="Person", label="police-wpg", provenance=tip,
                                      properties={"name": "Piet Jansen", "birth_place": place},
                                      reliability="C", credibility="3")])
    store.upsert_entities([Entity(id=ids["Jan de Vries"], type="Person", properties={"name": "Jan de Vries"},
                                  label="fiod/tax",
                                  provenance=Provenance(source="Meldpunt", reference="meldingen.csv:2:person"))])
    store.upsert_entities([Entity(id=ids["Kees Bakker"], type="Person", label="police-wpg",
                                  properties={"name": "Kees Bakker", "gender": "man"})])
    store.upsert_relations([Relation(type="family_of", source_id=ids["Kees Bakker"], target_id=ids["Piet Jansen"],
                                     valid_from="2019-01-01",
                                     provenance=Provenance(source="Politie", reference="bvh.csv:10"))])
    assert store.delete([ids["Fien Fiscus"]]) == 1
    store.upsert_entities([Entity(type="Person", properties={"name": "Nina Nieuw"}, label="police-wpg",
                                  provenance=Provenance(source="Politie", reference="bvh.csv:11"))])


def _fresh(tmp_path: Path) -> Path:
    return new_project(tmp_path, make_format3.build)


def _fixture(tmp_path: Path) -> Path:
    return old_project(tmp_path, FIXTURE)


def _with(path: Path, who: str, fn: Callable[[GuardedStore], Any]) -> Any:
    store = session.unlock(path, who, PASSPHRASES[who])
    try:
        return fn(store)
    finally:
        store.close()


def _no_upgrade(self: SQLiteStore, name: str) -> None:
    raise sqlite.OperationalError("database is locked")  # what a busy file answers


def test_a_member_upgrades_the_files_they_hold_and_reads_a_mixed_project(tmp_path: Path) -> None:
    old, fresh = _fixture(tmp_path), _fresh(tmp_path)
    assert _with(old, "bob", _formats) == {"open": (FORMAT, 0), "confidential": (FORMAT, 0)}
    assert _with(old, "bob", _snapshot) == _with(fresh, "bob", _snapshot)
    with pytest.MonkeyPatch.context() as mp:  # alice's open looks before anything is upgraded
        mp.setattr(SQLiteStore, "_upgrade", _no_upgrade)
        assert _with(old, OWNER, _formats) == {"open": (FORMAT, 0), "confidential": (FORMAT, 0),
                                               "police-wpg": (LEAN_FORMAT, 10), "fiod/tax": (LEAN_FORMAT, 10)}
        assert _with(old, OWNER, _snapshot) == _with(fresh, OWNER, _snapshot)
    assert set(_with(old, OWNER, _formats).values()) == {(FORMAT, 0)}
    assert _with(old, OWNER, lambda s: s.integrity_check()) == "ok"


def test_writes_into_files_not_yet_upgraded_read_as_a_fresh_project(tmp_path: Path) -> None:
    old, fresh = _fixture(tmp_path), _fresh(tmp_path)
    _with(old, "bob", _snapshot)  # open and confidential in format 4
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(SQLiteStore, "_upgrade", _no_upgrade)
        _with(old, OWNER, _work)  # police-wpg and fiod/tax stay in format 3, triggers and all
        assert _with(old, OWNER, _formats)["fiod/tax"] == (LEAN_FORMAT, 10)
        mixed = _with(old, OWNER, _snapshot)
    _with(fresh, OWNER, _work)
    expected = _with(fresh, OWNER, _snapshot)
    assert mixed == expected
    assert _with(old, OWNER, _snapshot) == expected  # upgraded now: the same
    assert _with(old, "bob", _snapshot) == _with(fresh, "bob", _snapshot)
    jan = _with(old, OWNER, lambda s: next(e for e in s.iter_entities() if e.caption == "Jan de Vries"))
    assert jan.label == "fiod/tax"
    piet = _with(old, OWNER, lambda s: next(e for e in s.iter_entities() if e.caption == "Piet Jansen"))
    said = _with(old, OWNER, lambda s: s.statements(piet.id))
    assert [s.value for s in said if s.prop == "birth_place"] == ["Kampen"]  # Tip's correction replaced it
    in_fiod = _with(old, OWNER, lambda s: s.inner.conn.execute("SELECT src FROM p_fiod_tax.relation_rows").fetchall())
    assert in_fiod == [(int(jan.id[4:], 16),)]  # his relation moved with him
    assert _with(old, OWNER, lambda s: s.integrity_check()) == "ok"


def test_an_upgraded_project_writes_as_a_fresh_one(tmp_path: Path) -> None:
    old, fresh = _fixture(tmp_path), _fresh(tmp_path)
    for path in (old, fresh):
        _with(path, OWNER, _work)
    assert _with(old, OWNER, _snapshot) == _with(fresh, OWNER, _snapshot)
    assert set(_with(old, OWNER, _formats).values()) == {(FORMAT, 0)}


def test_the_cli_upgrades_on_a_search(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _fixture(tmp_path)
    project = Project(old, dict(PASSPHRASES))
    assert main(["search", "Jan", "--format", "json", *project.args("bob")]) == 0
    assert [r["name"] for r in read_json_rows(capsys.readouterr().out)] == ["Jan de Vries"]
    assert _with(old, "bob", _formats) == {"open": (FORMAT, 0), "confidential": (FORMAT, 0)}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(SQLiteStore, "_upgrade", _no_upgrade)
        assert _with(old, OWNER, _formats)["police-wpg"] == (LEAN_FORMAT, 10)  # bob holds no key for it


def test_attach_bench_prints_every_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """bench/bench_attach.py runs small; the upgraded label file has no trigger or view text left (figures not
    checked)."""
    from bench import bench_attach

    monkeypatch.setenv(localstate.STATE_ENV, str(tmp_path / "state"))
    monkeypatch.setattr("sys.argv", ["bench_attach", "--repeat", "3"])
    bench_attach.main()
    out = capsys.readouterr().out
    schema = {line.split(":")[0].strip(): line for line in out.splitlines() if "schema" in line}
    assert set(schema) == {"format 3 (triggers)", "format 5 (views)", "format 6 (no views)", "format 6, TEMP views"}
    assert "(triggers      0 B" not in schema["format 3 (triggers)"]
    assert "(triggers      0 B" in schema["format 5 (views)"] and "views 2," in schema["format 5 (views)"]
    assert "(triggers      0 B, views     0 B)" in schema["format 6 (no views)"]
    assert out.count("attach + checks + first read + detach") == 4 and "load " in out
