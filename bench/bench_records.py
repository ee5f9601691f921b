"""Benchmark of records by hand, notes and evidence documents in an encrypted project.

    .venv/bin/python -m bench.bench_records [--records 20000] [--documents 200] [--pdf-pages 20]

Prints:
* a hand edit (create, update, delete with relations) on a project of --records records;
* attaching documents: a multi-page PDF (made with Qt, text extracted with pypdf) and an
  .eml, per file and in MB/s, and the project file's growth per MB stored;
* full-text search over --documents documents and notes (LIKE over folded text);
* finding identifiers in a long text (characters per second);
* the sources list over the whole project;
* opening the project, and opening it after a change of the schema's name rules.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _ms(t: float) -> str:
    return f"{(time.perf_counter() - t) * 1000:.1f} ms"


def _pdf(path: Path, pages: int, lines: list[str]) -> Path:
    """A PDF of several pages of text, written by Qt as the workbench's own exports are."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QGuiApplication, QPageSize, QPainter, QPdfWriter

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    for page in range(pages):
        if page:
            writer.newPage()
        for i, line in enumerate(lines):
            painter.drawText(QRectF(0, i * 300, 9000, 300), line)
    painter.end()
    del _app
    return path


def _reopen_timed(store: Any, path: Path) -> Any:
    """Open as usual, then after a change of the schema's name rules (captions recomputed once)."""
    from graph.access import session
    from graph.stores import captions

    store.close()
    t = time.perf_counter()
    store = session.unlock(path, "bench", "bench passphrase")
    print(f"open (name rules unchanged): {_ms(t)}")
    store.set_setting(f"{captions.SETTING}.main", "an older schema")
    store.close()
    t = time.perf_counter()
    store = session.unlock(path, "bench", "bench passphrase")
    print(f"open after a name-rule change (captions and search rows of label open recomputed): {_ms(t)}")
    return store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=20_000)
    ap.add_argument("--documents", type=int, default=200)
    ap.add_argument("--pdf-pages", type=int, default=20)
    args = ap.parse_args()

    from graph import documents, editing, notes
    from graph.access import keyslots, session
    from graph.demo import generate
    from graph.sources import sources_list
    from tests.records.test_documents import make_eml

    kdf = keyslots.KdfParams(memory_kib=1024, iterations=1, lanes=1)  # unlock cost is bench_access's business
    tmp = Path(tempfile.mkdtemp())
    path = tmp / "bench.knp"
    store = session.create(path, owner="bench", passphrase="bench passphrase", kdf=kdf)
    data = generate(args.records, 7)
    with store.activity("import", source="demo"):
        store.upsert_entities(data.entities)
        store.upsert_relations(data.relations)
    print(f"project: {len(data.entities)} entities, {len(data.relations)} relations (SQLCipher)")
    store = _reopen_timed(store, path)

    t = time.perf_counter()
    jan, _ = editing.create_entity(store, "Person", {"name": "Jan Bench", "birth_date": "01-02-1980"},
                                   editing.RecordMeta(source="bench", grading="B2"))
    print(f"create entity (checked, audited with before/after): {_ms(t)}")
    other = next(e for e in data.entities if e.type == "Person")
    t = time.perf_counter()
    editing.create_relation(store, "associate_of", jan.id, other.id)
    print(f"create relation: {_ms(t)}")
    t = time.perf_counter()
    editing.update_record(store, jan.id, {"birth_date": "02-02-1980"})
    print(f"update (merge path): {_ms(t)}")
    t = time.perf_counter()
    editing.update_record(store, jan.id, {}, unset=["birth_date"])
    print(f"update (replace path: delete and write back with relations): {_ms(t)}")
    t = time.perf_counter()
    change = editing.delete_record(store, jan.id, relations="delete")
    print(f"delete with relations: {_ms(t)}")
    t = time.perf_counter()
    editing.restore(store, change)
    print(f"undo delete: {_ms(t)}")

    line = "Melding: KvK-nummer 87654321, IBAN NL91 ABNA 0417 1643 00, Kerkstraat 12a, 1234 AB Amsterdam"
    pdf = _pdf(tmp / "report.pdf", args.pdf_pages, [f"{i:02d} {line}" for i in range(40)])
    t = time.perf_counter()
    text, _ = documents.extract_text(pdf.name, pdf.read_bytes())
    took = time.perf_counter() - t
    print(f"PDF text extraction (pypdf, {args.pdf_pages} pages of 40 lines by Qt): {took:.2f} s, "
          f"{len(text) / took / 1000:.1f} k characters/s")
    eml = make_eml(tmp / "signaal.eml")
    store.close()  # checkpoints the WAL, so the size below is the file's own
    store = session.unlock(path, "bench", "bench passphrase")
    before = sum(p.stat().st_size for p in tmp.iterdir() if p.name.startswith("bench.knp"))
    times = []
    for i in range(args.documents):
        src = pdf if i % 10 == 0 else eml
        t = time.perf_counter()
        documents.attach(store, jan.id, src, description=f"bewijsstuk {i}")
        times.append((time.perf_counter() - t, src.stat().st_size, src.suffix))
    for suffix in (".pdf", ".eml"):
        chosen = [(d, s) for d, s, x in times if x == suffix]
        per = statistics.median(d for d, _ in chosen)
        size = chosen[0][1]
        print(f"attach {suffix} ({size / 1024:.1f} kB): median {per * 1000:.1f} ms, {size / per / 1024:.0f} kB/s")
    stored = sum(s for _, s, _ in times)
    for i in range(args.documents):
        notes.add_note(store, jan.id, f"Notitie {i}: overleg over bewijsstuk {i}, katvanger vermoed")
    t = time.perf_counter()
    hits = documents.search_documents(store, "bewijsstuk 17")
    print(f"search {args.documents} documents: {_ms(t)} ({len(hits)} hits)")
    t = time.perf_counter()
    found = notes.search_notes(store, "katvanger overleg")
    print(f"search {args.documents} notes: {_ms(t)} ({len(found)} hits)")
    t = time.perf_counter()
    for word in ("katvanger", "overleg", "vermoed", "notitie") * 10:  # the statement reused, not re-prepared
        notes.search_notes(store, word, limit=20)
    print(f"repeated note search (40 searches, limit 20): {(time.perf_counter() - t) * 1000 / 40:.2f} ms each")
    text = (line + " Bel 06-12345678 of mail a@b.nl, kenteken 12-ABC-3. ") * 5000
    t = time.perf_counter()
    ids = documents.find_identifiers(text)
    took = time.perf_counter() - t
    print(f"find identifiers: {len(text) / took / 1e6:.2f} M characters/s ({len(ids)} distinct)")
    t = time.perf_counter()
    listed = sources_list(store)
    print(f"sources list: {_ms(t)} ({len(listed)} sources)")
    store.close()  # checkpoints the WAL into the file
    after = sum(p.stat().st_size for p in tmp.iterdir() if p.name.startswith("bench.knp"))
    print(f"project file grew {(after - before) / 1e6:.2f} MB for {stored / 1e6:.2f} MB of documents "
          f"(and {args.documents} notes)")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
