"""The entities a transaction wrote, (type, label) by key: what the relations that follow need of their ends.

A bulk import hands the store its entities, then the relations between them; the store checks
each relation's ends (they exist, their types fit) from this memory instead of reading them back.
A dict entry costs ~100 bytes, so past `recent_max` entries the dict is folded into sorted arrays
(an int64 key and a uint16 code of the (type, label) pair: 10 bytes an entity). Forgetting them
instead (as before) made a 1M-row import read 1.5M ends back, 5,000 random index probes a batch:
~15% of its time (bench_bulk, profile). Past `kept_max` the oldest arrays go: a forgotten entity
is read from the database, as it would be by another transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any


class WrittenEntities:
    """(type, label) by entity key; the newest word wins (an entity merged again may change label)."""

    def __init__(self, recent_max: int, kept_max: int):
        self.recent_max, self.kept_max = recent_max, kept_max
        self.recent: dict[int, tuple[str, str]] = {}
        self.keys: Any = None  # sorted numpy int64 array of the folded keys, or None
        self.codes: Any = None  # numpy uint16 array: the pair of each folded key (an index in `pairs`)
        self.pairs: list[tuple[str, str]] = []
        self.code_of: dict[tuple[str, str], int] = {}

    def __setitem__(self, key: int, pair: tuple[str, str]) -> None:
        self.recent[key] = pair

    def update(self, keys: list[int], pairs: list[tuple[str, str]]) -> None:
        """`self[key] = pair` for each key and pair (a batch's entities at once; the later word wins)."""
        self.recent.update(zip(keys, pairs, strict=True))

    def __len__(self) -> int:
        return len(self.recent) + (0 if self.keys is None else len(self.keys))

    def nbytes(self) -> int:
        """About the memory this takes (~100 bytes a dict entry, 10 a folded one): an import's budget counts it."""
        folded = 0 if self.keys is None else int(self.keys.nbytes) + int(self.codes.nbytes)
        return len(self.recent) * 100 + folded

    def clear(self) -> None:
        self.recent.clear()
        self.keys = self.codes = None

    def fold_if_full(self) -> None:
        """Past `recent_max` entries in the dict: into the arrays (the dict's word over theirs)."""
        if len(self.recent) <= self.recent_max:
            return
        import numpy as np  # lazily: the CLI's start does not need it

        if len(self.pairs) + len(set(self.recent.values())) > 65_535:  # codes would overflow: start afresh
            self.pairs, self.code_of = [], {}
            self.keys = self.codes = None
        code_of = self.code_of
        for pair in set(self.recent.values()) - code_of.keys():
            code_of[pair] = len(self.pairs)
            self.pairs.append(pair)
        keys = np.fromiter(self.recent.keys(), dtype=np.int64, count=len(self.recent))
        codes = np.fromiter((code_of[p] for p in self.recent.values()), dtype=np.uint16, count=len(self.recent))
        self.recent.clear()
        if self.keys is not None and len(self.keys) + len(keys) <= self.kept_max:
            keys, codes = np.concatenate((self.keys, keys)), np.concatenate((self.codes, codes))
        order = np.argsort(keys, kind="stable")  # equal keys keep their order: the last is the newest
        keys, codes = keys[order], codes[order]
        last = np.ones(len(keys), dtype=bool)
        last[:-1] = keys[1:] != keys[:-1]
        self.keys, self.codes = keys[last], codes[last]

    def found(self, keys: Collection[int]) -> dict[int, tuple[str, str]]:
        """(type, label) of those of `keys` this memory holds."""
        recent = self.recent
        get = recent.get
        out = {k: pair for k in keys if (pair := get(k)) is not None}
        if self.keys is None or not len(self.keys):
            return out
        rest = [k for k in keys if k not in out]
        if not rest:
            return out
        import numpy as np

        probe = np.array(rest, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.keys, probe), len(self.keys) - 1)
        hit = self.keys[pos] == probe
        pairs = self.pairs
        for k, code in zip(probe[hit].tolist(), self.codes[pos[hit]].tolist(), strict=True):
            out[k] = pairs[code]
        return out
