"""What an open and its first search cost in a project with label files (issue 11, bench_access).

A commit of a partitioned project syncs four times (rollback journal, folder, journal header,
main file), so a `knooppunt` command writes its `open` audit entry together with its own
entry (or at its close) in one commit; the window keeps writing it at once. The first search
reads each lean file's candidates from its rows, not through its `entities` view.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlite

from graph import project
from graph.access import session
from graph.demo import DemoData
from graph.model import Entity, Provenance
from graph.store import Caller
from graph.stores.sqlite_store import SQLiteStore, partition_file
from tests.sandbox import OWNER_PW
from workbench.cli import main

from .conftest import make_project


def _write_transactions(seen: list[str]) -> int:
    """Write transactions begun: BEGIN IMMEDIATE, or the main file's write lock alone (`_begin_write`)."""
    return sum(1 for s in seen if s == "BEGIN IMMEDIATE" or s == "DELETE FROM main.settings WHERE 0")


def _actions(path: Path) -> list[str]:
    store = session.unlock(path, "alice", OWNER_PW)
    try:
        return [e.action for e in store.inner.audit_entries()]
    finally:
        store.close()


def _pw(tmp_path: Path) -> str:
    pw = tmp_path / "alice.pw"
    pw.write_text(OWNER_PW + "\n")
    return str(pw)


def test_cli_search_writes_open_and_search_in_one_commit(demo_project: Path, demo_data: DemoData, tmp_path: Path,
                                                         statements: list[str]) -> None:
    before = _actions(demo_project)
    statements.clear()
    word = demo_data.entities[0].caption.split()[0]
    assert main(["search", word, "--project", str(demo_project), "--passphrase-file", _pw(tmp_path)]) == 0
    assert _write_transactions(statements) == 1  # two before: the open entry had a commit of its own
    after = _actions(demo_project)
    assert after[len(before):len(before) + 2] == ["open", "search"]


def test_cli_command_without_an_entry_of_its_own_writes_open_at_its_end(demo_project: Path, tmp_path: Path,
                                                                         statements: list[str]) -> None:
    before = _actions(demo_project)
    statements.clear()
    assert main(["stats", "--project", str(demo_project), "--passphrase-file", _pw(tmp_path)]) == 0
    assert _write_transactions(statements) == 1
    assert _actions(demo_project)[len(before)] == "open"
    assert main(["audit", "verify", "--project", str(demo_project), "--passphrase-file", _pw(tmp_path)]) == 0


def test_open_entry_with_next_waits_for_the_next_entry_and_is_signed(demo_project: Path, tmp_path: Path) -> None:
    store = project.open_project(demo_project, user="alice", passphrase=OWNER_PW, open_entry_with_next=True)
    other = session.unlock(demo_project, "alice", OWNER_PW)  # another connection: not written yet
    assert [e.action for e in other.inner.audit_entries()][-1] == "open"  # its own open
    seen = len(other.inner.audit_entries())
    other.close()
    store.search("a")  # the search's entry takes the open entry with it
    after = _actions(demo_project)
    assert after[seen:seen + 2] == ["open", "search"]  # after the other session's open, in one commit
    store.close()
    assert main(["audit", "verify", "--project", str(demo_project), "--passphrase-file", _pw(tmp_path)]) == 0


def test_open_entry_is_written_at_once_by_default(demo_project: Path) -> None:
    """The window (and every caller but the command line) writes its open entry when it opens."""
    before = len(_actions(demo_project))
    store = project.open_project(demo_project, user="alice", passphrase=OWNER_PW)
    assert _actions(demo_project)[before:before + 2] == ["open", "open"]  # this open, then _actions' own
    store.close()


def _person(name: str, label: str, type_: str = "Person") -> Entity:
    return Entity(type=type_, properties={"name": name}, label=label,
                  provenance=Provenance(source="test", reference=name))


def test_search_from_rows_matches_the_views(tmp_path: Path) -> None:
    """Candidates read from a lean file's rows: the same hits, types and clearance as through the views."""
    store = SQLiteStore(tmp_path / "one.knp", create=True, caller=Caller(user="a"))
    store.upsert_entities([_person("Zwaan Open", "open"), _person("Zwaan Geheim", "police-wpg"),
                           _person("Zwaan Fiscaal", "fiod/tax")])
    assert "main" in store.lean
    assert {e.caption for e in store.search("zwaan")} == {"Zwaan Open", "Zwaan Geheim", "Zwaan Fiscaal"}
    assert store.search("zwaan", types=["Company"]) == []
    viewer = store.with_caller(Caller(user="v", clearance=frozenset({"open"})))
    assert "entities e" in viewer._search_branch("main", "")  # a label filter reads the view's labels
    assert [e.caption for e in viewer.search("zwaan")] == ["Zwaan Open"]
    assert "entity_rows e" in store._search_branch("main", "")
    store.close()


def test_first_search_reads_label_files_from_their_rows(demo_project: Path, statements: list[str]) -> None:
    store = session.unlock(demo_project, "alice", OWNER_PW)
    statements.clear()
    store.search("a")
    search = next(s for s in statements if "entity_search MATCH" in s)
    assert "p_confidential.entity_rows" in search and "p_confidential.entities " not in search
    store.close()


def test_wrong_raw_key_for_a_label_file_is_refused(demo_project: Path) -> None:
    """The raw-key attach refuses a key that is not the file's (no KDF stands between)."""
    store = session.unlock(demo_project, "alice", OWNER_PW)
    assert store.keys is not None
    keys = dict(store.keys.label_keys)
    store.close()
    wrong = {label: keys["fiod/tax"] if label == "confidential" else key
             for label, key in keys.items() if label in ("confidential", "police-wpg", "fiod/tax")}
    opened = SQLiteStore(demo_project, key=keys["open"], partitions=wrong)
    with pytest.raises(Exception, match="key does not open the partition of label 'confidential'"):
        opened.search("a")
    opened.close()
    conn = sqlite.connect(str(partition_file(demo_project, "confidential")))
    conn.execute(f"PRAGMA key = \"x'{keys['fiod/tax'].hex()}'\"")
    with pytest.raises(sqlite.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()


def test_type_search_reads_only_label_files_holding_that_type(tmp_path: Path, statements: list[str]) -> None:
    """A type search (a type tab, `search --type`) reads the full-text index of no file without an entity of
    those types -- each index's first read in a session is a third of what a label file adds to a search --
    and finds what it found before; a file that gains such an entity is searched from then on."""
    path = tmp_path / "typed.knp"
    guarded = make_project(path)
    with guarded.activity("import", source="test"):
        guarded.upsert_entities([_person("Zwaan Open", "open"), _person("Zwaan Geheim", "police-wpg"),
                                 _person("Zwaan Holding", "fiod/tax", "Company")])
    guarded.close()
    store = session.unlock(path, "alice", OWNER_PW)
    statements.clear()
    assert [e.caption for e in store.search("zwaan", types=["Company"])] == ["Zwaan Holding"]
    read = {s.split("'")[1] for s in statements if "'entity_search_config'" in s}  # FTS5 reads its index's config
    assert read == {"p_fiod_tax"}
    statements.clear()
    assert {e.caption for e in store.search("zwaan", types=["Person"])} == {"Zwaan Open", "Zwaan Geheim"}
    assert {s.split("'")[1] for s in statements if "'entity_search_config'" in s} == {"main", "p_police_wpg"}
    assert store.search("zwaan", types=[]) == []
    assert {e.caption for e in store.search("zwaan")} == {"Zwaan Open", "Zwaan Geheim", "Zwaan Holding"}
    with store.activity("import", source="test"):
        store.upsert_entities([_person("Zwaan Fiscaal", "fiod/tax")])
    assert {e.caption for e in store.search("zwaan", types=["Person"])} == {"Zwaan Open", "Zwaan Geheim",
                                                                            "Zwaan Fiscaal"}
    store.close()
