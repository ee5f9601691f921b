"""What finding old-rule ids costs an import (graph/ids.py): one lookup per batch.

    .venv/bin/python bench/bench_ident.py [--persons 20000]

Prints seconds for the id lookup alone and for the upsert it precedes, on a fresh project
(nothing found) and on one holding every person under its old id (all found again).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from graph.ids import keep_legacy_ids
from graph.model import Entity, Provenance
from graph.schema import default_schema
from graph.stores.records import batched
from graph.stores.sqlite_store import SQLiteStore

BATCH = 5000


def _persons(n: int) -> list[Entity]:
    schema = default_schema()
    out = []
    for i in range(n):
        e = Entity(type="Person", properties={"name": f"Persoon {i}", "birth_date": "1980-01-01"},
                   provenance=Provenance(source="Melding", reference=f"M-{i}"))
        out.append(schema.prepare_entity(e))
    return out


def _run(store: SQLiteStore, persons: list[Entity]) -> tuple[float, float, int]:
    lookup = upsert = 0.0
    found = 0
    for chunk in batched(persons, BATCH):
        t0 = time.perf_counter()
        found += len(keep_legacy_ids(store, chunk))
        t1 = time.perf_counter()
        store.upsert_entities(chunk)
        upsert += time.perf_counter() - t1
        lookup += t1 - t0
    return lookup, upsert, found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=20000)
    n = parser.parse_args().persons
    schema = default_schema()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = SQLiteStore(Path(tmp) / "fresh.knp", create=True)
        lookup, upsert, found = _run(fresh, _persons(n))
        print(f"fresh project, {n} persons: id lookup {lookup:.3f} s, upsert {upsert:.3f} s, old ids found {found}")
        fresh.close()
        old = SQLiteStore(Path(tmp) / "old.knp", create=True)
        legacy = _persons(n)
        for e in legacy:
            e.id = schema.legacy_entity_id(schema.entities["Person"], e) or e.id
        old.upsert_entities(legacy)
        lookup, upsert, found = _run(old, _persons(n))
        print(f"old-rule project, {n} persons: id lookup {lookup:.3f} s, upsert {upsert:.3f} s, old ids found {found}")
        old.close()


if __name__ == "__main__":
    main()
