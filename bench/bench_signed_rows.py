"""Benchmark of signed main-file rows and the checks that no longer trust main-file marks (sign4, red team 3).

    .venv/bin/python -m bench.bench_signed_rows [--records 20000] [--notes 200] [--rounds 5]

Prints, each A/B interleaved in one run (wall ms and process cpu ms, best of `--rounds`):
* an open (unlock with the passphrase, no KDF: a fast one) of a project whose rows are signed;
* the row check set up alone (`RowCheck`: members, their keys from the owner-signed entries);
* an `open` note write, signed vs unsigned (the session without its row check);
* a `confidential` note write and the first and later reads of a record's confidential notes (rows in a label
  file, signed since sign5), signed vs unsigned;
* a setting the owner reads (the retention period, signed since sign5): checked vs not;
* the digests of the signed rows (sign5, `row_digests`): the main file's at an open, the confidential file's at
  the first read of its notes, and what the log recorded (replayed after this computer's remembered head);
* reading a record's notes (the first read verifies each note's two signatures, later ones hit the cache);
* a saved chart write and `chart_names`, signed vs unsigned;
* the write numbers an open replays: N write transactions since this computer's remembered head, with the
  signature check of each (`generations.expected`) vs without (the replay as it was);
* the first full scan of records: looking for twins (every open now) vs skipping (the main file's mark).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph import notes
from graph.access import generations, keyslots, localstate, row_digests, row_signatures, session
from graph.demo import generate
from graph.model import Entity, Provenance

PW = "bench passphrase"


def _best(fn: Callable[[], Any], rounds: int) -> tuple[float, float]:
    """Best wall and cpu milliseconds of `rounds` calls."""
    wall, cpu = [], []
    for _ in range(rounds):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return min(wall) * 1e3, min(cpu) * 1e3


def _row(name: str, a: tuple[float, float], b: tuple[float, float] | None = None) -> None:
    text = f"{name:58s} {a[0]:8.2f} ms wall {a[1]:8.2f} ms cpu"
    if b is not None:
        text += f"   | without: {b[0]:8.2f} ms wall {b[1]:8.2f} ms cpu"
    print(text)


def _unchecked(store: Any) -> Any:
    """The session as it was before rows were signed: no row check on its stores."""
    for s in {id(x): x for x in (store._inner, store.inner)}.values():
        s.__dict__.pop("row_check", None)
    return store


def _label_rows(path: Path, s: Any, plain: Any, other: str, count: int, rounds: int) -> None:
    """Rows in a label file (confidential notes), signed vs unsigned; and a signed setting read."""
    n = [0]

    def label_write(st: Any) -> Callable[[], None]:
        def go() -> None:
            n[0] += 1
            notes.add_note(st, other, f"nog een vertrouwelijke notitie {n[0]}", label="confidential")
        return go
    for _ in range(2):
        a, b = _best(label_write(s), rounds), _best(label_write(plain), rounds)
    _row("confidential note write (label file, signed)", a, b)
    fresh = session.unlock(path, "alice", PW)
    fresh_plain = _unchecked(session.unlock(path, "alice", PW))
    first_plain = _best(lambda: notes.notes_of(fresh_plain, other), 1)
    first = _best(lambda: notes.notes_of(fresh, other), 1)
    _row(f"confidential notes of a record, first read ({count}+)", first, first_plain)
    _row("confidential notes of a record, later reads", _best(lambda: notes.notes_of(fresh, other), rounds),
         _best(lambda: notes.notes_of(fresh_plain, other), rounds))
    _row("retention period read (a signed setting)", _best(lambda: fresh.get_setting("retention.days"), 50),
         _best(lambda: fresh_plain.get_setting("retention.days"), 50))
    check = row_signatures.check_of(fresh.inner)
    assert check is not None
    conn = fresh.inner.conn
    wanted = row_digests.expected(conn, check.project_id)
    for label in ("open", "confidential"):
        schema = fresh.inner.held[label]
        _row(f"digest of the signed rows, {label} file ({count}+ notes)", _best(
            lambda s=schema: row_digests.actual(conn, s, row_signatures.SIGNED, row_signatures.sig_table(s)), rounds))
    _row("digests the log recorded (after the remembered head)",
         _best(lambda: row_digests.expected(conn, check.project_id), rounds))
    _row("digests the log recorded (the whole log: audit verify)",
         _best(lambda: row_digests.expected(conn, check.project_id, everything=True), rounds))
    assert all(not check.digest_problem(label, wanted) for label in ("open", "confidential"))
    fresh.close()
    fresh_plain.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--notes", type=int, default=200)
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    fast = keyslots.KdfParams(memory_kib=1024, iterations=1, lanes=1)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KNOOPPUNT_STATE_DIR"] = str(Path(tmp) / "state")
        path = Path(tmp) / "bench.knp"
        store = session.create(path, owner="alice", passphrase=PW, kdf=fast)
        data = generate(args.records, 7)
        with store.activity("import", source="demo"):
            store.upsert_entities(data.entities)
            store.upsert_relations(data.relations)
        police = [Entity(type="Person", properties={"name": f"Politie Persoon {i}"}, label="police-wpg",
                         provenance=Provenance(source="bench", reference=str(i))) for i in range(200)]
        store.upsert_entities(police)
        record, other = data.entities[0].id, data.entities[1].id
        for i in range(args.notes):
            notes.add_note(store, record, f"notitie {i} over de zaak")
            notes.add_note(store, other, f"vertrouwelijke notitie {i}", label="confidential")
        store.set_setting("retention.days", "3650")
        store.close()
        project_id = session.project_id(path)

        def opened() -> None:
            session.unlock(path, "alice", PW).close()
        _row("open (unlock + close, fast KDF)", _best(opened, args.rounds))

        throwaway = session.unlock(path, "alice", PW)  # a RowCheck made takes over its connection's SQL functions
        inner = throwaway._inner
        _row("row check set up (RowCheck)", _best(lambda: row_signatures.RowCheck(inner, project_id), args.rounds))
        throwaway.close()
        s = session.unlock(path, "alice", PW)
        plain = _unchecked(session.unlock(path, "alice", PW))
        n = [0]

        def write(st: Any) -> Callable[[], None]:
            def go() -> None:
                n[0] += 1
                notes.add_note(st, record, f"nog een notitie {n[0]}")
            return go
        for _ in range(2):  # interleaved: the second pass is the one printed
            a, b = _best(write(s), args.rounds), _best(write(plain), args.rounds)
        _row("open note write (signed, its own commit)", a, b)
        fresh = session.unlock(path, "alice", PW)
        first = _best(lambda: notes.notes_of(fresh, record), 1)
        fresh_plain = _unchecked(session.unlock(path, "alice", PW))
        first_plain = _best(lambda: notes.notes_of(fresh_plain, record), 1)
        _row(f"notes of a record, first read ({args.notes}+ notes: verified)", first, first_plain)
        _row("notes of a record, later reads (cached)", _best(lambda: notes.notes_of(fresh, record), args.rounds),
             _best(lambda: notes.notes_of(fresh_plain, record), args.rounds))
        fresh.close()
        fresh_plain.close()

        _label_rows(path, s, plain, other, args.notes, args.rounds)

        from views.chart.storage import chart_names, save_chart
        state = {"nodes": [e.id for e in data.entities[:50]]}

        def chart(st: Any) -> Callable[[], None]:
            def go() -> None:
                n[0] += 1
                save_chart(st, f"kaart {n[0] % 5}", state)
            return go
        for _ in range(2):
            a, b = _best(chart(s), args.rounds), _best(chart(plain), args.rounds)
        _row("saved chart write (open)", a, b)
        _row("chart_names", _best(lambda: chart_names(s), args.rounds), _best(lambda: chart_names(plain), args.rounds))
        plain.close()

        for i in range(args.writes):  # write transactions since the head this computer remembers
            s.upsert_entities([Entity(type="Person", properties={"name": f"Schrijver {i}"}, label="confidential",
                                      provenance=Provenance(source="bench", reference=f"w{i}"))])
        conn = s._inner.conn
        localstate.update(project_id, **{generations.REMEMBERED: {"seq": 0, "of": {}}})
        real = generations.signed_by_actor
        a = _best(lambda: generations.expected(conn, project_id), args.rounds)
        generations.signed_by_actor = lambda *_: True  # type: ignore[assignment]
        try:
            b = _best(lambda: generations.expected(conn, project_id), args.rounds)
        finally:
            generations.signed_by_actor = real
        _row(f"write numbers replayed at an open ({args.writes}+ writes unseen)", a, b)
        s.close()

        def scan(skip: bool) -> Callable[[], None]:
            def go() -> None:
                st = session.unlock(path, "alice", PW)
                try:
                    shadows = st._inner.__dict__.get("_shadows")
                    if skip and shadows is not None:
                        shadows.ready = True  # as the mark made it: no search for twins
                    st.counts()
                finally:
                    st.close()
            return go
        for _ in range(2):
            a, b = _best(scan(False), args.rounds), _best(scan(True), args.rounds)
        _row(f"open + first count ({args.records} records): twins looked for", a, b)


if __name__ == "__main__":
    main()
