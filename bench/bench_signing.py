"""Benchmark of issue 11 items 3-5: what signing, aliases and safe exports cost.

    .venv/bin/python -m bench.bench_signing [--entries 2000] [--rows 100000]

Prints:
* audit entries per second with and without the member's Ed25519 signature;
* `audit verify` (chain + signatures) time for the whole log;
* search and neighbourhood through the guarded store with no merges vs 100 merges (aliases
  applied when reading);
* CSV / XLSX export of N rows with the marking and cell neutralisation, and the cost of
  `safe_text` alone.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from graph.access import audit, keyslots, roles, session, signing
from graph.demo import generate
from graph.merge import merge_entities


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    fast = keyslots.KdfParams(memory_kib=1024, iterations=1, lanes=1)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("KNOOPPUNT_STATE_DIR", str(Path(tmp) / "state"))
        path = Path(tmp) / "bench.knp"
        store = session.create(path, owner="alice", passphrase="bench passphrase", kdf=fast)
        data = generate(20_000, 7)
        with store.activity("import", source="demo"):
            store.upsert_entities(data.entities)
            store.upsert_relations(data.relations)

        inner = store.inner
        for label, signer in (("signed", inner.audit_signer), ("unsigned", None)):
            inner.audit_signer = signer
            t = time.perf_counter()
            with inner.transaction():
                for i in range(args.entries):
                    inner.audit("search", query=f"q{i}", hits=i)
            dt = time.perf_counter() - t
            print(f"audit entries, {label:8s}: {args.entries / dt:9.0f} per s ({dt * 1e6 / args.entries:.1f} us each)")
        inner.audit_signer = store.signer
        entries = inner.audit_entries()
        t = time.perf_counter()
        audit.verify(entries, inner.get_setting("audit.head"))
        report = signing.verify_signatures(inner.conn, entries, store.keys.keyfile.project_id,
                                           roles.signing_keys(inner.conn))
        print(f"audit verify ({len(entries)} entries, chain + signatures): {time.perf_counter() - t:.3f} s "
              f"(first problem: #{report.broken_seq}, the unsigned ones written above)")

        persons = [e for e in store.iter_entities("Person")][:202]

        def reads() -> float:
            t = time.perf_counter()
            for p in persons[:50]:
                store.search(p.caption.split()[0], limit=25)
                store.neighbours([p.id], 2)
            return time.perf_counter() - t
        plain = reads()
        for i in range(0, 200, 2):
            merge_entities(store, persons[i].id, persons[i + 1].id, reason="bench")
        aliased = reads()
        print(f"50 searches + 2-hop neighbourhoods: {plain:.3f} s without merges, {aliased:.3f} s with 100 merges "
              f"({aliased / plain:.2f}x)")
        store.close()

    from workbench.output import _write_file, safe_text
    rows = [{"id": f"per-{i:016x}", "name": ("=cmd" if i % 10 == 0 else f"Persoon {i}"), "n": i}
            for i in range(args.rows)]
    t = time.perf_counter()
    for r in rows:
        safe_text(r["name"])
    print(f"safe_text on {args.rows} cells: {time.perf_counter() - t:.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for ext in (".csv", ".xlsx"):
            out = Path(tmp) / f"x{ext}"
            t = time.perf_counter()
            _write_file(out, ext, rows, ["id", "name", "n"], "confidential")
            print(f"export {args.rows} rows to {ext}: {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
