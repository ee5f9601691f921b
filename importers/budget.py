"""One memory budget, in bytes, for what an import keeps between its chunks.

An import remembers several things to skip work in later chunks: the parts of each address
text it parsed (~20 us a parse), the records it handed the store and the keys of the
entities it made (`_Sent`, `_Known`: 8 and 16 bytes each), and the store remembers the keys
the load wrote (graph.stores.fresh, 8 bytes each, which must all stay). Bounding each by a
count of entries left the memory they take together to chance: an address cache of 250,000
texts made a narrow 1M-row import 10% faster but put a wide one over its 600 MiB limit,
because the wide one's digests and keys weigh three times the narrow one's.

So they share one budget in bytes. The digests and keys are charged as they are (they are
cheap for what each saves, and the store's may not be dropped); the caches whose entries
cost most (address texts) take what is left and give their oldest entries back when the
rest grows. A narrow file then keeps all its addresses, a wide one as many as fit.
"""

from __future__ import annotations

from collections.abc import Callable

# What an import keeps between chunks, all of it (bench/bench_bulk.py, 1M rows): the narrow case needs
# ~130 MiB to keep its 250,000 addresses; a wide one's digests and keys grow to ~120 MiB by its end.
IMPORT_CACHE_BYTES = 136 * 2**20
# An address cache entry: the parts as a tuple (interned street and city, the text itself as `full` when
# it is spelled canonically), the dict's slot and the key text (tracemalloc over 150,000 narrow addresses).
ADDRESS_ENTRY_BYTES = 320
VALUE_ENTRY_BYTES = 160  # a plain column's cache entry: a short key text, its normalised value, the slot
ADDRESS_MIN = 16_384  # address texts a cache keeps whatever the rest weighs (one chunk's worth rereads less)


class ImportBudget:
    """The bytes an import may keep between chunks, and who holds how many of them."""

    def __init__(self, total: int | None = None) -> None:
        self.total = IMPORT_CACHE_BYTES if total is None else total
        self.fixed: list[Callable[[], int]] = []  # memories charged as they are (digests, the store's keys)

    def charge(self, measure: Callable[[], int]) -> None:
        """Counts a memory that the budget does not trim: `measure()` says its bytes now."""
        self.fixed.append(measure)

    def held(self) -> int:
        """Bytes the charged memories hold now."""
        return sum(measure() for measure in self.fixed)

    def room(self, entry_bytes: int, sharers: int = 1) -> int:
        """Entries of `entry_bytes` that one of `sharers` caches may keep beside what is charged (at least
        ADDRESS_MIN: a cache that forgets everything each chunk parses every text again)."""
        free = max(0, self.total - self.held())
        return max(ADDRESS_MIN, free // max(1, sharers) // entry_bytes)
