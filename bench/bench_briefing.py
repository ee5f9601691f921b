"""Benchmark of briefings: gathering the facts for an audience and rendering each copy.

    .venv/bin/python -m bench.bench_briefing [--records 20000] [--copies 3]

Prints, on a plain demo project of --records records with a saved chart of the planted straw-man
director's network: the facts (chart, degrees and red flags over the whole narrowed project, the
sources list) per audience, and per copy the PDF (WeasyPrint) and .docx render times and sizes.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--copies", type=int, default=3)
    args = parser.parse_args()
    from graph.briefing import Document, collect, load_audiences
    from graph.briefing.render import get_template, render
    from graph.demo import generate
    from graph.stores.sqlite_store import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.knp", create=True)
        data = generate(args.records, 42)
        store.upsert_entities(data.entities)
        store.upsert_relations(data.relations)
        straw = data.planted.strawman
        ids = store.neighbours([straw], 2, max_nodes=60)
        nodes = [{"id": n, "x": float(i % 8) * 80, "y": float(i // 8) * 80} for i, n in enumerate(sorted(ids))]
        store.set_setting("chart.bench", json.dumps({"format": 1, "nodes": nodes, "edges": []}))
        print(f"project: {len(data.entities)} entities, {len(data.relations)} relations; chart {len(ids)} entities")
        book = load_audiences()
        tmpl = get_template("driehoek")
        doc = Document(title="Bench", author="bench", recipients=[f"Ontvanger {i}" for i in range(args.copies)],
                       summary="Samenvatting.\n\nTweede alinea.", conclusions="Conclusie.")
        for audience in ("driehoek", "bibob"):
            t = time.perf_counter()
            facts = collect(store, "bench", book.audience(audience), book)
            print(f"facts for {audience}: {(time.perf_counter() - t) * 1000:.0f} ms "
                  f"({len(facts.nodes)} entities, {len(facts.edges)} relations on the chart)")
        for fmt in ("pdf", "docx"):
            times, sizes = [], []
            for copy in range(1, args.copies + 1):
                t = time.perf_counter()
                sizes.append(len(render(facts, doc, tmpl, copy, fmt)))
                times.append(time.perf_counter() - t)
            print(f"{fmt}: {sum(times) / len(times) * 1000:.0f} ms per copy, {sum(sizes) / len(sizes) / 1024:.0f} kB")
        store.close()


if __name__ == "__main__":
    main()
