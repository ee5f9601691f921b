"""Props codec 3 on the storing side (issue 18): CPU per row of the props column a bulk import writes. One command.

    .venv/bin/python bench/bench_props_codec.py                    # 20,000 KvK profiles (~40,000 entity rows)
    .venv/bin/python bench/bench_props_codec.py --code /work/main  # the same rows through another checkout's codec

Maps generated KvK documents with the importer's own mapper (the entity rows the store is handed: canonical
JSON and caption), then times what the store makes of them for the `props` column: `stored_props_column`
(the bulk path's), or `stored_props` row by row in a checkout without it. Prints the CPU per row (best of
--repeat) and a digest of the stored forms: equal between two checkouts when they store the same bytes.
On the shared 2-core machine compare checkouts in turns (A, B, A, B); the per-row figure of one run varies
by 10-30% with the load.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--profiles", type=int, default=20_000, help="KvK profiles to map")
    ap.add_argument("--repeat", type=int, default=5, help="timed passes over the rows (the best is printed)")
    ap.add_argument("--code", type=Path, default=ROOT, help="the checkout whose codec is timed")
    args = ap.parse_args()
    sys.path.insert(0, str(args.code))
    sys.path.insert(1, str(ROOT))
    from bench.bench_import import make_kvk_jsonl
    from graph.schema import default_schema
    from graph.stores import records
    from importers.kvk import _checked_meta
    from importers.kvk_pipeline import mapped_batches
    from importers.limits import DEFAULT_LIMITS

    schema = default_schema()
    texts: list[str] = []
    captions: list[str | None] = []
    with tempfile.TemporaryDirectory(prefix="knp-codec-") as tmp:
        data = Path(tmp) / "kvk.jsonl"
        make_kvk_jsonl(data, args.profiles)
        meta = _checked_meta(
            schema,
            {
                "source": "KvK Handelsregister",
                "reliability": "A",
                "credibility": "1",
                "label": "open",
                "received": "2026-01-01",
                "limits": DEFAULT_LIMITS,
            },
            data,
        )
        for _, (entities, _relations, _counts) in mapped_batches(data, schema, meta, 2_000):
            texts += entities.props_json
            captions += entities.captions
    column = getattr(records, "stored_props_column", None)

    def store() -> list[str | bytes]:
        if column is not None:
            return column(texts, captions)  # type: ignore[no-any-return]
        return [records.stored_props(text, caption) for text, caption in zip(texts, captions, strict=True)]

    digest = hashlib.sha256()
    for stored in store():
        digest.update(stored.encode() if isinstance(stored, str) else stored)
        digest.update(b"\0")
    gc.disable()  # as the import runs (cyclic_gc_paused)
    best = float("inf")
    for _ in range(args.repeat):
        cpu = time.process_time()
        store()
        best = min(best, time.process_time() - cpu)
    print(
        f"{records.__file__}: {len(texts):,} rows, {best / len(texts) * 1e6:.2f} us CPU a row (best of "
        f"{args.repeat}), {'stored_props_column' if column else 'stored_props a row'}, stored forms "
        f"{digest.hexdigest()[:16]}"
    )


if __name__ == "__main__":
    main()
