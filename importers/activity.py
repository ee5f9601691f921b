"""The one place where an import meets access control and the audit log.

A viewer may not import (graph.access.roles); a guarded store (what the CLI and GUI
open) groups the import's writes into one audited `import` activity with its totals.
A plain store (tests, benchmarks, internal tools) is trusted and gets the audit entry here.
Either way the import is ONE transaction: an exception inside rolls everything back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from graph.access.roles import check
from graph.store import Store


@contextmanager
def import_transaction(store: Store, **details: Any) -> Iterator[dict[str, Any]]:
    """Check the `import` right, open the transaction, audit on success.

    Yields a dict the importer fills with its counts; a plain store's audit entry gets them.
    """
    check(store, "import")
    summary: dict[str, Any] = {}
    activity = getattr(store, "activity", None)
    if activity is not None:
        with activity("import", **details):
            yield summary
        return
    with store.transaction():
        yield summary
        store.audit("import", **details, **summary)
