"""Child process for the crash-safety test: writes batches until it is killed.

After each batch's transaction has committed it appends the batch name to a log and
fsyncs it, so the parent knows which commits returned.
"""

from __future__ import annotations

import os
import sys

from graph.model import Entity, Provenance, Relation
from graph.stores.sqlite_store import SQLiteStore

BATCH = 150


def main(path: str, log_path: str, run: str) -> None:
    store = SQLiteStore(path, create=True)
    log = open(log_path, "a", encoding="utf-8")  # noqa: SIM115
    print("ready", flush=True)
    i = 0
    while True:
        name = f"{run}-b{i}"
        people = [Entity(type="Person", properties={"name": f"{name} persoon {j}"},
                         provenance=Provenance(source=name, reference=str(j))) for j in range(BATCH)]
        with store.transaction():
            store.upsert_entities(people)
            store.upsert_relations([Relation(type="associate_of", source_id=people[j].id,
                                             target_id=people[j + 1].id, provenance=Provenance(source=name))
                                    for j in range(BATCH - 1)])
        log.write(name + "\n")
        log.flush()
        os.fsync(log.fileno())
        i += 1


if __name__ == "__main__":
    main(*sys.argv[1:4])
