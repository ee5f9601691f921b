"""Issue 18: the memory of entities a transaction wrote (graph.stores.written) keeps them past its dict.

A bulk import's relations find their ends there; past the dict's size the entities are folded into
arrays, not forgotten (forgotten ones were read back: 5,000 random index probes a batch at 1M rows).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.stores import sqlite_store
from graph.stores.sqlite_store import SQLiteStore
from graph.stores.written import WrittenEntities
from tests.core.test_bulk import _everything, _import, projects  # noqa: F401  (the fixture)


def test_folded_entities_are_found_and_the_newest_word_wins() -> None:
    mem = WrittenEntities(recent_max=2, kept_max=100)
    for k in range(5):
        mem[k] = ("Person", "open")
        mem.fold_if_full()
    mem[3] = ("Person", "confidential")  # merged again: another label
    mem[-1] = ("Company", "open")  # an end that is no record id reads as -1
    mem.fold_if_full()
    assert mem.found({0, 1, 2, 3, 4, -1, 99}) == {0: ("Person", "open"), 1: ("Person", "open"),
                                                2: ("Person", "open"), 3: ("Person", "confidential"),
                                                4: ("Person", "open"), -1: ("Company", "open")}
    assert len(mem.recent) <= 2 and len(mem) == 6
    mem.clear()
    assert mem.found({0, 3}) == {} and len(mem) == 0


def test_past_kept_max_the_oldest_are_forgotten() -> None:
    mem = WrittenEntities(recent_max=1, kept_max=3)
    for k in range(6):
        mem[k] = ("Person", "open")
        mem.fold_if_full()
    assert set(mem.found(set(range(6)))) < set(range(6))  # bounded: some forgotten
    assert 5 in mem.found({5})


def test_an_import_past_the_dict_reads_no_end_back(projects: tuple[Path, Path],  # noqa: F811
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the CLI (`knooppunt import case` and `kvk`): with a dict of 5 entities the relations find every
    end in memory (none read back), and the project holds what a run with the large dict gives."""
    large, folded = projects
    _import(capsys, large)
    reads: list[int] = []
    real = SQLiteStore._entity_types_labels

    def counting(self: SQLiteStore, keys: set[int]) -> dict[int, tuple[str, str]]:
        reads.append(len(keys) - len(self._written.found(keys)))
        return real(self, keys)

    monkeypatch.setattr(SQLiteStore, "_entity_types_labels", counting)
    monkeypatch.setattr(sqlite_store, "WRITTEN_MAX", 5)
    _import(capsys, folded)
    assert reads and not any(reads)
    assert _everything(folded) == _everything(large)
