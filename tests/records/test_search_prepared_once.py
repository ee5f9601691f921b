"""Note and document search keep one prepared statement per connection (no re-prepare per search).

A bound `LIMIT ?` and a bound `folded LIKE ?` make SQLite recompile the statement at every call
over the project's attached label files; the search writes a validated literal LIMIT and uses
instr(). SQLite calls the authorizer only while it prepares, so a second search that reads the
notes table without one authorizer call reused the statement. A bound parameter brings them back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph import attachments, documents, notes
from graph.model import Entity, Provenance
from workbench.cli import main
from workbench.output import read_json_rows

from .conftest import Project


def _store_with_notes(project: Project) -> Any:
    store = project.open()
    store.upsert_entities([Entity(type="Person", properties={"name": "Jan Stroman"},
                                  provenance=Provenance(source="melding", reference="1"))])
    jan = next(iter(store.iter_entities("Person"))).id
    for i in range(3):
        notes.add_note(store, jan, f"overleg {i}: katvanger wijkagent")
        documents.attach_bytes(store, jan, f"bewijs{i}.txt", b"bewijsstuk", description="bewijsstuk kenteken")
    return store


def _prepares(store: Any, table: str, first: Any, second: Any) -> int:
    """Authorizer calls that read `table` while `second` runs after `first`: 0 when SQLite reused the
    statement `first` prepared (setting an authorizer expires every statement, so `first` comes after)."""
    conn = attachments.connection(store)
    reads: list[str] = []

    def authorize(action: int, arg1: str | None, *_: object) -> int:
        if arg1 == table:
            reads.append(table)
        return 0
    conn.set_authorizer(authorize)
    try:
        first()
        assert reads, "the first call prepares its statement"
        reads.clear()
        second()
    finally:
        conn.set_authorizer(None)
    return len(reads)


def test_a_second_search_reuses_the_prepared_statement(project: Project) -> None:
    store = _store_with_notes(project)
    try:
        assert len(notes.search_notes(store, "katvanger", limit=2)) == 2
        assert len(documents.search_documents(store, "kenteken", limit=5)) == 3
        assert _prepares(store, "notes", lambda: notes.search_notes(store, "katvanger", limit=2),
                         lambda: notes.search_notes(store, "wijkagent", limit=2)) == 0
        assert _prepares(store, "documents", lambda: documents.search_documents(store, "kenteken", limit=5),
                         lambda: documents.search_documents(store, "bewijsstuk", limit=5)) == 0
        # the check can fail: a bound LIMIT, or a bound LIKE pattern, is prepared again at each call
        conn = attachments.connection(store)
        for sql, args in (("SELECT id FROM notes WHERE label IN (SELECT value FROM json_each(?)) LIMIT ?",
                           ('["open"]', 2)),
                          ("SELECT id FROM notes WHERE folded LIKE ? LIMIT 2", ("%overleg%",))):
            assert _prepares(store, "notes", lambda: conn.execute(sql, args).fetchall(),  # noqa: B023
                             lambda: conn.execute(sql, args).fetchall()) > 0  # noqa: B023
    finally:
        store.close()


@pytest.mark.parametrize("limit", [-1, 2.5, "5", True, None])
def test_the_limit_is_a_whole_number_of_at_least_zero(project: Project, limit: object) -> None:
    store = _store_with_notes(project)
    try:
        with pytest.raises(ValueError, match="limit must be a whole number"):
            notes.search_notes(store, "katvanger", limit=limit)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="limit must be a whole number"):
            documents.search_documents(store, "bewijsstuk", limit=limit)  # type: ignore[arg-type]
    finally:
        store.close()


def test_the_limit_is_capped_and_zero_finds_nothing(project: Project) -> None:
    store = _store_with_notes(project)
    try:
        assert attachments.literal_limit(10**12) == f"LIMIT {attachments.MAX_HITS}"
        assert len(notes.search_notes(store, "overleg", limit=10**12)) == 3
        assert notes.search_notes(store, "overleg", limit=0) == []
        assert documents.search_documents(store, "", limit=0) == []
    finally:
        store.close()


def test_cli_search_finds_words_anywhere_in_the_text(project: Project, capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    """Through `knooppunt note search` / `doc search`: parts of words, any case or accent, every word."""
    _store_with_notes(project).close()
    a = project.alice()
    capsys.readouterr()
    assert main(["note", "search", "KATVANG", "Wijkagent", "--format", "json", *a]) == 0
    assert len(read_json_rows(capsys.readouterr().out)) == 3
    assert main(["note", "search", "katvanger", "stroman", "--format", "json", *a]) == 0
    assert read_json_rows(capsys.readouterr().out) == []
    assert main(["doc", "search", "bewijsstúk", "--format", "json", *a]) == 0
    assert len(read_json_rows(capsys.readouterr().out)) == 3
