"""KvK documents mapped in a second process while this one stores them (issue 18).

Mapping a Basisprofiel (JSON parsing, normalising, canonical JSON, search text) costs about as
much as storing its records, and both are Python, so one process does one after the other. A large
input is therefore mapped by a child process, batch by batch, while this process stores the
batch before: the two halves overlap on a second core. What the child sends is the mapper's columns
(`KvkRows`), made the store's bulk rows here (`prepared`: the mapping is the slower half, and the rows are
checked and sealed where they are stored); the batches come in the same order, so the project that results
is the same; the store, its transaction and every check on it stay here.

The child is a fresh interpreter running this module's `child` (not multiprocessing: that would
import the caller's main script again, and a fork would copy a GUI's threads and locks); it starts
in a quarter second, so only inputs of PIPELINE_BYTES or more go this way. Batches go through its
stdout as pickles (this process's own child: nothing else writes to that stream). An error the
child meets (a bad document: `ImportDataError` naming file, record and field) is raised here, and
the import's transaction rolls back as it does for any error; when this side stops (an error, a
cancel), the child is ended. What the child found not kept (`MapCache.unkept`, `unread`) comes
back with its last message, for the import's warning.
"""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from graph.prepared import RelationRows, relation_rows
from graph.prepared_entities import EntityRows, canonical_entity_rows
from graph.schema import Schema
from graph.stores.records import PropsForms, packed_prefix, props_forms
from importers.errors import ImportDataError
from importers.kvk_json import KvkRows, MapCache, _Where, iter_documents, rows_from_document

PIPELINE_BYTES = 4 << 20  # ~2,500 Basisprofiel documents: below this the child's start costs more than it saves
# Seconds a child (this module's, importers.case_pipeline's) waited to hand over a batch, this side still storing the
# one before, past which it packs the next batch's entity props itself (zstd + `_pack`, `stored_props_column`): the
# packing then costs it time it would have waited anyway, and this side writes them as they are (`made_props`).
PACK_WAIT = 0.05
JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
# A batch's records as the store takes them, by type, and the props forms the child made of them (else empty)
Prepared = tuple[EntityRows, RelationRows, Counter[str], PropsForms]
Batches = Iterator[tuple[int, Prepared]]  # (documents, their records)


def json_files(path: Path) -> Iterator[Path]:
    """The file itself, or a folder's JSON files: sorted, subfolders after the files, one folder listed at a time."""
    if not path.is_dir():
        yield path
        return
    for folder, subfolders, names in os.walk(path):
        subfolders.sort()
        for name in sorted(names):
            if os.path.splitext(name)[1].lower() in JSON_SUFFIXES:
                yield Path(folder, name)


def prepared(schema: Schema, batch: KvkRows, meta: dict[str, Any],
             stored: list[str | bytes] | None = None) -> Prepared:
    """The mapper's columns as the store's bulk entries take them (`canonical_entity_rows`, `relation_rows`:
    no Entity or Relation object per record, nothing normalised twice), how many records of each type, and the
    props forms the child `stored` (by the props JSON and caption they were made of: a row the store's side
    captions otherwise is packed there)."""
    forms = props_forms(batch.props_json, batch.captions, stored)
    said = {"source": meta["source"], "received": meta["received"], "reliability": meta["reliability"],
            "credibility": meta["credibility"]}
    entities = canonical_entity_rows(schema, batch.types, batch.ids, batch.captions, batch.props_json, batch.search,
                                     batch.refs, [meta["label"]] * len(batch.ids), valid_from=batch.valid_from,
                                     valid_to=batch.valid_to, legacy=batch.legacy, **said)
    n = len(batch.rel_src)
    relations = relation_rows(schema, ["located_at"] * n, batch.rel_src, batch.rel_dst, batch.rel_props,
                              batch.rel_refs, [meta["label"]] * n, **said)
    counts = Counter(batch.types)
    if n:
        counts["located_at"] += n
    return entities, relations, counts, forms


def mapped_batches(path: Path, schema: Schema, meta: dict[str, Any], documents: int) -> Batches:
    """The documents of a file or folder mapped, `documents` at a time (in this process)."""
    for n, rows in _mapped(path, schema, meta, documents):
        yield n, prepared(schema, rows, meta)


def _mapped(path: Path, schema: Schema, meta: dict[str, Any], documents: int) -> Iterator[tuple[int, KvkRows]]:
    """(documents, the mapper's columns), `documents` at a time."""
    limits = meta["limits"]
    rows, pending = KvkRows(), 0
    for file in json_files(path):
        where = _Where(file, 0, limits)  # one per file, its row set per document (errors name the row they meet)
        for row, doc in iter_documents(file):
            where.row = row
            rows_from_document(doc, schema, where, meta, rows)
            pending += 1
            if pending >= documents:
                yield pending, rows
                rows, pending = KvkRows(), 0
    yield pending, rows


def _cores() -> int:
    """The cores this process may run on: on one, two processes only take turns (and pickle in between)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _input_bytes(path: Path) -> int:
    total = 0
    for file in json_files(path):
        try:
            total += file.stat().st_size
        except OSError:
            return 0  # reported by the reader, in this process
        if total >= PIPELINE_BYTES:
            break
    return total


@contextmanager
def batches(path: Path, schema: Schema, meta: dict[str, Any], documents: int) -> Iterator[Batches]:
    """`mapped_batches`, from a child process when the input is large (PIPELINE_BYTES), else in this one."""
    child = _started() if _input_bytes(path) >= PIPELINE_BYTES and _cores() >= 2 else None
    if child is None:
        yield mapped_batches(path, schema, meta, documents)
        return
    assert child.stdin is not None and child.stdout is not None
    try:
        pickle.dump((path, schema, {k: v for k, v in meta.items() if k != "cache"}, documents, PACK_WAIT), child.stdin)
        child.stdin.close()
        yield _received(child.stdout, path, meta["cache"], lambda rows, stored: prepared(schema, rows, meta, stored))
    finally:
        child.stdout.close()
        if child.poll() is None:
            child.kill()
        child.wait()


def _started(module: str = "importers.kvk_pipeline") -> subprocess.Popen[bytes] | None:
    """The child (running `module`'s `child`), or None where no interpreter can be started (an embedded Python):
    then this process maps."""
    if not sys.executable:
        return None
    env = {name: value for name, value in os.environ.items() if name != "KNOOPPUNT_PASSPHRASE"}  # it only maps
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(_CODE), os.environ.get("PYTHONPATH"))))
    try:
        # -P: not the working folder first on its path (a bench or a shell in another checkout would map with that code)
        return subprocess.Popen([sys.executable, "-P", "-c", f"from {module} import child; child()"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    except OSError:
        return None


# The checkout this module was imported from: the child imports the same code (not another installed copy).
_CODE = Path(__file__).resolve().parent.parent


def _received(stream: IO[bytes], path: Path, cache: MapCache,
              prepare: Callable[[KvkRows, list[str | bytes] | None], Prepared]) -> Batches:
    """The child's batches, each made the store's rows here (`prepare`): the mapping is the slower half (issue 18),
    and so the rows are made, checked and sealed in the process that stores them."""
    while True:
        try:
            message = pickle.load(stream)
        except EOFError:
            raise ImportDataError("the KvK mapping process ended before the last document", file=path) from None
        kind = message[0]
        if kind == "rows":
            yield message[1], prepare(message[2], message[3])
        elif kind == "done":
            cache.unkept.update(message[1])
            cache.unread.update(message[2])
            return
        else:
            raise message[1]


def child() -> None:
    """The child process: (path, schema, meta, documents, PACK_WAIT) from stdin; each batch mapped and sent to
    stdout (with its entities' props packed after a batch that waited for the parent), then what was not kept, or
    the error met."""
    gc.disable()  # batches hold no cycles (as in the parent's cyclic_gc_paused)
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the stream of batches
    path, schema, meta, documents, pack_wait = pickle.load(sys.stdin.buffer)
    cache = meta["cache"] = MapCache(schema)
    waited = 0.0
    try:
        for n, rows in _mapped(path, schema, meta, documents):
            stored = packed_prefix(rows.props_json, rows.captions) if waited > pack_wait else None
            waited = timed_send(out, ("rows", n, rows, stored))
            del rows, stored  # freed while the next batch is mapped
        pickle.dump(("done", cache.unkept, cache.unread), out)
        out.flush()
    except (BrokenPipeError, ConnectionResetError):  # the parent stopped: nothing to tell
        return
    except Exception as exc:  # any error is the parent's to raise, in its transaction
        send_error(out, exc)


def timed_send(out: IO[bytes], message: Any) -> float:
    """A child's message written to the parent; the seconds it took, mostly waiting for the parent to take it
    (still storing the batch before): past PACK_WAIT the child packs the next batch's props."""
    start = time.perf_counter()
    pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
    return time.perf_counter() - start


def send_error(out: IO[bytes], exc: Exception) -> None:
    """The child's error, for the parent to raise: ("error", exc), or its text when it does not pickle."""
    try:
        message = pickle.dumps(("error", exc))
        pickle.loads(message)  # one that pickles but does not come back (an __init__ of other arguments)
    except Exception:  # an error that does not pickle: its text
        message = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    try:
        out.write(message)
        out.flush()
    except (BrokenPipeError, ConnectionResetError):  # the parent stopped meanwhile
        pass
