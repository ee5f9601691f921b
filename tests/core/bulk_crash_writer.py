"""Child process for the bulk crash test: imports a large case CSV through the bulk path until killed.

Prints `bulk` once the load has dropped its indexes (the moment the project differs most
from what it was), then keeps importing; the parent kills it with SIGKILL.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.stores.sqlite_store import SQLiteStore
from importers.case_import import import_table_file
from importers.spec import load_spec


def main(project: str, csv: str) -> None:
    store = SQLiteStore(project)
    real = store.bulk_load

    @contextmanager
    def announced(expected: int = 0) -> Iterator[None]:
        with real(expected):
            dropped = store.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                         "AND sql IS NOT NULL").fetchone()[0] == 0
            print("bulk" if dropped else "no bulk", flush=True)
            yield

    store.bulk_load = announced  # type: ignore[method-assign]
    import_table_file(store, Path(csv), load_spec("meldingen"))
    print("done", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
