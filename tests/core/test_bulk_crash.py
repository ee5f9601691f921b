"""SIGKILL during a bulk load (indexes dropped, rows half written): the project is exactly as before."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_import import make_case_csv
from graph.model import Entity, Provenance
from graph.stores.sqlite_store import SQLiteStore

KILLS = 3


def _fingerprint(path: Path) -> tuple[object, ...]:
    with SQLiteStore(path) as store:
        assert store.integrity_check() == "ok"
        schema = store.conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        rows = []
        for table in ("entities", "relations", "statements", "provenance"):
            digest = hashlib.sha256()
            for row in store.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3"):
                digest.update(repr(row).encode())
            rows.append(digest.hexdigest())
        hits = [e.id for e in store.search("alfa")]
        return schema, rows, store.counts(), hits, len(store.audit_entries())


def test_sigkill_during_a_bulk_load_leaves_the_project_as_it_was(tmp_path: Path) -> None:
    project, csv = tmp_path / "zaak.knp", tmp_path / "meldingen.csv"
    make_case_csv(csv, 30_000)  # ~6 MB: large enough for the bulk path, seconds to import
    with SQLiteStore(project, create=True) as store:
        store.upsert_entities([Entity(type="Company", properties={"kvk_number": f"{i:08d}", "name": f"Alfa {i}"},
                                      provenance=Provenance(source="KvK", reference=str(i))) for i in range(500)])
    before = _fingerprint(project)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    rng = random.Random(18)
    writer = Path(__file__).with_name("bulk_crash_writer.py")
    for _ in range(KILLS):
        child = subprocess.Popen([sys.executable, str(writer), str(project), str(csv)], stdout=subprocess.PIPE,
                                 env=env, text=True)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "bulk"  # killed inside the bulk path, never before it
        time.sleep(rng.uniform(0.2, 1.5))
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert child.returncode == -signal.SIGKILL, "the import finished before the kill: make the file larger"
        assert _fingerprint(project) == before
