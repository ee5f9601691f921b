"""The one place where an import meets access control and the audit log.

A viewer may not import (graph.access.roles); a guarded store (what the CLI and GUI
open) groups the import's writes into one audited `import` activity with its totals.
A plain store (tests, benchmarks, internal tools) is trusted and gets the audit entry
with the counts the importer filled in. Either way the import is ONE transaction: an
exception inside rolls everything back. The logic lives in `graph.access.guarded.activity`
(shared with merges); this name stays for the importers.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
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
