"""What binding a bulk row's parameters costs, with and without the store's None/bytes adapters (issue 18).

    .venv/bin/python -m bench.bench_bind [--rows 300000] [--rounds 3]

The driver (sqlcipher3, like the standard library's sqlite3) binds an int, float, str or bytearray
directly; any other parameter -- None, bytes -- only after looking for an adapter, and without one
registered it fails to find `__adapt__` and `__conform__` (two AttributeErrors made and dropped).
`graph.stores.sqlite_store` registers one for None and bytes (the value itself). This times, in one
process and interleaved, `executemany` of rows shaped like a bulk import's (a relation row: 13 columns,
its two validity dates NULL; an entity row: 10 columns, props a zstd BLOB, two NULL dates) into an
in-memory table without indexes, so that little but the binding is measured: CPU us a row.
"""

from __future__ import annotations

import argparse
import resource
from typing import Any

import sqlcipher3.dbapi2 as sqlite

import graph.stores.sqlite_store  # noqa: F401  (registers the adapters)

_KEYS = [(type(None), sqlite.PrepareProtocol), (bytes, sqlite.PrepareProtocol)]


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _rows(n: int) -> dict[str, list[tuple[Any, ...]]]:
    relation = [(i, (i * 2654435761) % 2**62, "registered_at", i * 7 % 2**62, i * 11 % 2**62, "Person", "Address",
                 '{"kind":"woonadres"}', 1, str(i), None, None, 1) for i in range(n)]
    entity = [(i, (i * 2654435761) % 2**62, "Person", f"Jan Jansen {i}", b"\x01(\xb5/\xfd" + i.to_bytes(8, "big"),
               1, str(i), None, None, 0) for i in range(n)]
    return {"relation row": relation, "entity row": entity}


def _time(rows: list[tuple[Any, ...]]) -> float:
    width = len(rows[0])
    conn = sqlite.connect(":memory:", isolation_level=None)
    conn.execute(f"CREATE TABLE t({', '.join(f'c{i}' for i in range(width))})")
    cpu = _cpu()
    conn.execute("BEGIN")
    for start in range(0, len(rows), 5000):
        conn.executemany(f"INSERT INTO t VALUES({','.join('?' * width)})", rows[start:start + 5000])
    conn.execute("COMMIT")
    cpu = _cpu() - cpu
    conn.close()
    return cpu / len(rows) * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=300_000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    adapters = {key: sqlite.adapters[key] for key in _KEYS}
    figures: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):
        for name, rows in _rows(args.rows).items():
            for mode in ("driver alone", "with adapters"):
                for key in _KEYS:
                    if mode == "driver alone":
                        sqlite.adapters.pop(key, None)
                    else:
                        sqlite.adapters[key] = adapters[key]
                figures.setdefault((name, mode), []).append(_time(rows))
    for key in _KEYS:
        sqlite.adapters[key] = adapters[key]
    print(f"{'row':<14} {'binding':<14} {'cpu us/row (best of ' + str(args.rounds) + ')':>26}")
    for (name, mode), values in figures.items():
        print(f"{name:<14} {mode:<14} {min(values):>26.2f}")


if __name__ == "__main__":
    main()
