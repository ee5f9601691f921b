"""Issue 18: an import's result does not depend on its chunk size.

A record named in several chunks keeps the reference of its first row (importers.case_import
`_Sent`): without it each chunk added the same source again under another row number,
and the store wrote those statements out (a third of a narrow table's file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.stores.sqlite_store import SQLiteStore
from importers import case_import
from importers.case_import import import_table_file
from importers.spec import load_spec

EXAMPLES = Path(__file__).parents[2] / "examples"


def _said(store: SQLiteStore) -> tuple[list[Any], ...]:
    records = [*store.iter_entities(), *store.iter_relations()]
    sources = sorted((r.id, s.source, s.reference or "") for r in records for s in store.sources(r.id))
    said = sorted((s.record_id, s.prop, str(s.value), s.reference or "")
                  for r in records for s in store.statements(r.id))
    stored = store.conn.execute("SELECT count(*) FROM statements").fetchone()[0]
    return sources, said, [stored], sorted((r.id, str(getattr(r, "properties", ""))) for r in records)


@pytest.mark.parametrize("chunk_rows", [1, 2, 3])
def test_small_chunks_store_what_one_chunk_stores(tmp_path: Path, chunk_rows: int) -> None:
    spec = load_spec(str(EXAMPLES / "meldingen.yaml"))
    with SQLiteStore(tmp_path / "one.knp", create=True) as one, \
            SQLiteStore(tmp_path / "many.knp", create=True) as many:
        import_table_file(one, EXAMPLES / "meldingen.csv", spec)
        result = import_table_file(many, EXAMPLES / "meldingen.csv", spec, chunk_rows=chunk_rows)
        assert result.rows > chunk_rows
        assert _said(many) == _said(one)


def test_without_the_memory_the_store_knows_rows_of_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forgetting every first reference (a file far larger than the memory) changes nothing either: the
    store takes another row of the same file saying the same as that file's word again."""
    monkeypatch.setattr(case_import, "SENT_MAX", 0)
    spec = load_spec(str(EXAMPLES / "meldingen.yaml"))
    with SQLiteStore(tmp_path / "one.knp", create=True) as one, \
            SQLiteStore(tmp_path / "many.knp", create=True) as many:
        import_table_file(one, EXAMPLES / "meldingen.csv", spec)
        import_table_file(many, EXAMPLES / "meldingen.csv", spec, chunk_rows=1)
        assert _said(many) == _said(one)


def test_another_file_saying_the_same_is_another_source(tmp_path: Path) -> None:
    """The test above can fail: rows of two files are two sources, each kept."""
    spec = load_spec(str(EXAMPLES / "meldingen.yaml"))
    copy = tmp_path / "meldingen-kopie.csv"
    copy.write_bytes((EXAMPLES / "meldingen.csv").read_bytes())
    with SQLiteStore(tmp_path / "one.knp", create=True) as one, \
            SQLiteStore(tmp_path / "two.knp", create=True) as two:
        import_table_file(one, EXAMPLES / "meldingen.csv", spec)
        import_table_file(two, EXAMPLES / "meldingen.csv", spec)
        import_table_file(two, copy, spec)
        assert len(_said(two)[0]) > len(_said(one)[0])
