"""Benchmark of the exchange formats on an encrypted demo project.

    .venv/bin/python -m bench.bench_exchange [--size 2000] [--seed 42]

Prints, per format (anx, graphml, gexf, ftm, csv, xlsx): export time of the whole project
to the widest audience, file size, and the time to import that file into an empty
encrypted project (one transaction), with the counts.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from graph.access import keyslots, session
from graph.demo import generate
from graph.exchange.service import export_file, import_file

FAST_KDF = keyslots.KdfParams(memory_kib=1024, iterations=1, lanes=1)  # unlocking is not what is measured
PW = "bench: exchange passphrase"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    data = generate(args.size, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = session.create(root / "bron.knp", owner="bench", passphrase=PW, name="bron", kdf=FAST_KDF)
        with store.activity("import", source="demo"):
            store.upsert_entities(data.entities)
            store.upsert_relations(data.relations)
        counts = store.counts()
        print(f"project: {counts}")
        audience = "open,confidential,police-wpg,fiod/tax"
        for fmt in ("anx", "graphml", "gexf", "ftm", "csv", "xlsx"):
            out = root / f"export.{fmt}"
            t = time.perf_counter()
            result = export_file(store, fmt, out, audience=audience)
            export_s = time.perf_counter() - t
            line = (f"{fmt:8s} export {export_s * 1000:8.0f} ms  {out.stat().st_size / 1e6:6.2f} MB  "
                    f"{result['entities']} entities, {result['relations']} relations")
            if fmt in ("anx", "graphml", "gexf", "ftm"):
                target = session.create(root / f"doel-{fmt}.knp", owner="bench", passphrase=PW, name="doel",
                                        kdf=FAST_KDF)
                t = time.perf_counter()
                report = import_file(target, fmt, out, label="confidential")
                import_s = time.perf_counter() - t
                target.close()
                line += (f"  | import {import_s * 1000:8.0f} ms  new {report.entities.get('new', 0)} entities, "
                         f"{report.relations.get('new', 0)} relations, {len(report.problems)} not mapped")
            print(line)
        store.close()


if __name__ == "__main__":
    main()
