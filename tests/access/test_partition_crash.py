"""SIGKILL a writer whose every transaction spans two label files: all of a batch or none of it.

SQLite makes a transaction over attached databases atomic only with a rollback journal
(a super-journal names every file's journal); in WAL mode each file commits on its own.
Partitioned projects therefore use the rollback journal, and this checks it holds: after
each kill both files pass `integrity_check`, every logged batch is present in full in
both, and no batch is present in part in either.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from graph.stores.sqlite_store import SQLiteStore

from .partition_crash_writer import BATCH

KILLS = 10


def test_sigkill_never_splits_a_transaction_across_label_files(tmp_path: Path) -> None:
    db, log = tmp_path / "crash.knp", tmp_path / "committed.log"
    keys = {"open": os.urandom(32), "police-wpg": os.urandom(32)}
    rng = random.Random(20261201)
    writer = Path(__file__).with_name("partition_crash_writer.py")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    for run in range(KILLS):
        child = subprocess.Popen([sys.executable, str(writer), str(db), str(log), f"r{run}", keys["open"].hex(),
                                  keys["police-wpg"].hex()], stdout=subprocess.PIPE, env=env, text=True)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert child.returncode == -signal.SIGKILL

        store = SQLiteStore(db, key=keys["open"], partitions={"police-wpg": keys["police-wpg"]})
        assert store.integrity_check() == "ok"
        assert store.conn.execute("PRAGMA p_police_wpg.integrity_check").fetchone()[0] == "ok"
        people: Counter[tuple[str, str]] = Counter(
            (e.provenance.source, e.label) for e in store.iter_entities("Person") if e.provenance)
        links = Counter(r.provenance.source for r in store.iter_relations("associate_of") if r.provenance)
        store.close()
        committed = log.read_text().split() if log.exists() else []
        batches = {source for source, _ in people}
        for name in set(committed) | batches:
            assert people[(name, "open")] == BATCH // 2, f"partial batch {name} in the open file"
            assert people[(name, "police-wpg")] == BATCH // 2, f"partial batch {name} in the police-wpg file"
            assert links[name] == BATCH - 1, f"partial batch {name}: {links[name]} relations"
        unlogged = Counter(name.split("-")[0] for name in batches - set(committed))
        assert max(unlogged.values(), default=0) <= 1
    assert len(batches) >= KILLS
    assert not list(tmp_path.glob("*-mj*"))  # no super-journal left behind after recovery
