"""Child process for the partition crash test: writes batches spanning two label files until killed.

Each batch puts half its people in `open` (the main file) and half in `police-wpg` (its own
file), with relations between neighbours (so in both files), in one transaction. After
the commit returned it appends the batch name to a log and fsyncs it.
"""

from __future__ import annotations

import os
import sys

from graph.model import Entity, Provenance, Relation
from graph.stores.sqlite_store import SQLiteStore

BATCH = 150


def main(path: str, log_path: str, run: str, open_key: str, police_key: str) -> None:
    store = SQLiteStore(path, create=True, key=bytes.fromhex(open_key),
                        partitions={"police-wpg": bytes.fromhex(police_key)})
    log = open(log_path, "a", encoding="utf-8")  # noqa: SIM115
    print("ready", flush=True)
    i = 0
    while True:
        name = f"{run}-b{i}"
        people = [Entity(type="Person", properties={"name": f"{name} persoon {j}"},
                         label="open" if j % 2 else "police-wpg",
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
    main(*sys.argv[1:6])
