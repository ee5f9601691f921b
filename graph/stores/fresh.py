"""Keys a bulk load into empty partitions wrote: every other key is known new, with no lookup.

An upsert looks each key of a batch up (is it stored? then merge) before it writes. When a
load starts with no records in any partition the connection holds, a record can only be
stored if the load itself wrote it, so remembering those keys answers the question for
every other key without a statement: the lookups were 10-15% of a case import's CPU time
(bench_bulk, `SELECT ... WHERE key IN (...)` per batch of 5,000). Keys the load wrote are
still looked up (they may have been merged, moved or deleted since). Not active, the memory
says nothing and every key is looked up as before.

A key costs 8 bytes once folded (sorted numpy int64 arrays, merged like a log-structured
tree so a probe reads a few arrays and each key is merged O(log n) times); the newest
`recent_max` sit in a Python set.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

RECENT_MAX = 50_000  # keys in a Python set before they fold into an array (~70 B each there, 8 B folded)
SET_ENTRY_BYTES = 70  # a key in the set: the int and the set's slot


class KeySet:
    """Integer keys added; `present` says which of some keys were added. Memory: ~8 bytes a key once folded."""

    def __init__(self, recent_max: int | None = None):
        self.recent_max = RECENT_MAX if recent_max is None else recent_max
        self.recent: set[int] = set()
        self.runs: list[Any] = []  # sorted numpy int64 arrays, largest first

    def __len__(self) -> int:
        return len(self.recent) + sum(len(r) for r in self.runs)

    def nbytes(self) -> int:
        """About the memory the keys take (an import's budget counts it: importers.budget)."""
        return len(self.recent) * SET_ENTRY_BYTES + sum(int(r.nbytes) for r in self.runs)

    def add_many(self, keys: Iterable[int]) -> None:
        self.recent.update(keys)
        if len(self.recent) > self.recent_max:
            self._fold()

    def _fold(self) -> None:
        import numpy as np  # lazily: the CLI's start does not need it

        run = np.fromiter(self.recent, dtype=np.int64, count=len(self.recent))
        run.sort()
        self.recent.clear()
        while self.runs and len(self.runs[-1]) <= 2 * len(run):  # merge runs of like size: few runs to probe
            run = np.concatenate((self.runs.pop(), run))
            run.sort(kind="stable")  # timsort: two sorted runs merge in linear time (a repeated key is harmless)
        self.runs.append(run)

    def present(self, keys: Iterable[int]) -> set[int]:
        """Those of `keys` that were added."""
        keys = list(keys)
        recent = self.recent
        out = {k for k in keys if k in recent}
        if not self.runs or not keys:
            return out
        import numpy as np

        probe = np.fromiter(keys, dtype=np.int64, count=len(keys))
        probe.sort()  # sorted probes walk each run in order (numpy's search starts where the last ended)
        for run in self.runs:
            pos = np.minimum(np.searchsorted(run, probe), len(run) - 1)
            out.update(probe[run[pos] == probe].tolist())
        return out

    def clear(self) -> None:
        self.recent.clear()
        self.runs = []


class FreshKeys:
    """The entity and relation keys a load into empty partitions wrote (see the module's docstring)."""

    def __init__(self) -> None:
        self.active = False
        self.written = {"entities": KeySet(), "relations": KeySet()}

    def nbytes(self) -> int:
        """About the memory the keys of the load take."""
        return sum(keys.nbytes() for keys in self.written.values())

    def start(self) -> None:
        """From now on every key this memory was not told of is new (the caller checked: nothing is stored)."""
        self.clear()
        self.active = True

    def clear(self) -> None:
        self.active = False
        for keys in self.written.values():
            keys.clear()

    def wrote(self, table: str, keys: Iterable[int]) -> None:
        """Rows of `table` (entities, relations) with these keys were written."""
        if self.active:
            self.written[table].add_many(keys)

    def maybe_stored(self, table: str, keys: Iterable[int]) -> list[int]:
        """Those of `keys` that may be stored: all of them, or while active those the load wrote."""
        if not self.active:
            return list(keys)
        return list(self.written[table].present(keys))
