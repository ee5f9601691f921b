"""The one place where an import meets access control and the audit log.

A viewer may not import (graph.access.roles); a guarded store (what the CLI and GUI
open) groups the import's writes into one audited `import` activity with its totals.
A plain store (tests, benchmarks, internal tools) is trusted and gets the audit entry
with the counts the importer filled in. Either way the import is ONE transaction: an
exception inside rolls everything back. The logic lives in `graph.access.guarded.activity`
(shared with merges); this name stays for the importers.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from graph.access.guarded import activity
from graph.access.roles import check
from graph.store import Store


def import_transaction(store: Store, **details: Any) -> AbstractContextManager[dict[str, Any]]:
    """Check the `import` right, open the transaction, audit on success.

    Yields a dict the importer fills with its counts; a plain store's audit entry gets them.
    """
    check(store, "import")
    return activity(store, "import", **details)


def bulk_load(store: Store, files: Iterable[Path], bytes_per_record: int) -> AbstractContextManager[Any]:
    """The store's bulk path for a load of these files, inside the import's transaction.

    The number of records is estimated from the files' size (`bytes_per_record` of input per
    record made); the store decides from it whether a large load rebuilds its indexes at the
    end. A store without a bulk path (Neo4j) loads as usual.
    """
    expected = sum(p.stat().st_size for p in files if p.is_file()) // max(1, bytes_per_record)
    load = getattr(store, "bulk_load", None)
    return load(expected) if load is not None else nullcontext()


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off while an import maps and stores its batches.

    A batch makes tens or hundreds of thousands of records (dataclasses, dicts, tuples): every few
    hundred allocations the collector walks them again, for nothing, since they hold no cycles
    (reference counting frees them). Pausing it saves 10-25% of an import's CPU time
    (bench/bench_bulk.py); whatever cycles do form are collected once it runs again.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
