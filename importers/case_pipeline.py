"""Case tables mapped in a second process while this one stores them (issue 18).

Mapping a chunk of a case table (pandas normalising, addresses, identity keys, canonical rows:
`TableMapper.map_chunk`) costs about as much as storing its records, and both are Python, so one
process does one after the other. A large file is therefore read and mapped by a child process,
chunk by chunk, while this process stores the chunk before: the two halves overlap on a second core
(as importers.kvk_pipeline does for KvK documents; the same kind of child: a fresh interpreter of the
same checkout, pickles over its stdout). What the child sends is what the mapping half makes in one
process (`case_import.mapped_parts`: the store's bulk rows and what the import reports), in the same
order, so the project that results is the same. When this side keeps the child waiting (it stores more slowly than
the child maps: a wide table, or a narrow one since its mapping got faster), the child also packs the next chunk's
entity props as the store writes them (zstd, `records._pack`: `MappedChunk.pack`; ~13% of this side's CPU in a
narrow table), work it has the time for. The store, its transaction, the de-duplication
against what was handed (`_Sent`), old-rule ids, progress, rejects and the result stay here.

Two things differ because the child cannot wait to hear what this side did with a chunk before it
maps the next: it remembers what it made as handed at once (in one process the store side tells it,
leaving out entities found under an old-rule id), and this side follows such ids in every later
chunk's relations (`case_import._Moved`); and its memory budget counts this side's memories by the
records it handed (`mapped_parts`). Its chunks are half as large (`case_import.PIPELINE_CHUNK_RECORDS`): each
process holds one; the project and the counts of new and merged records are the same, only a record that two
chunks name counts once more as unchanged (as with any smaller chunk). A bad row stops the child with
the one-line error of one process (file, row, column, value), raised here inside the transaction, which
rolls back; when this side stops (an error, a cancel from the progress callback), the child is ended.
"""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from importers import kvk_pipeline
from importers.errors import ImportDataError

# ~50,000 narrow rows (~80 bytes a row) or ~30,000 wide ones: their mapping (~2 s of CPU, bench_bulk) is what
# overlapping can save, the child's start (~0.6 s of CPU: pandas imported again) what it costs; a smaller
# file maps in this process.
PIPELINE_BYTES = 4 << 20
PACK_WAIT = kvk_pipeline.PACK_WAIT  # past this wait the child packs the next chunk's props (`MappedChunk.pack`)
Parts = Iterator[Any]  # case_import.MappedPart (this module does not import the one that imports it)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reported by the reader, in this process


def _picklable(value: Any) -> bool:
    """A `prepare` callable the child can import by name (a module's function), not a lambda or closure,
    nor a function of the running script (the child's `__main__` is another)."""
    if getattr(value, "__module__", None) == "__main__":
        return False
    try:
        pickle.dumps(value)
    except Exception:
        return False
    return True


@contextmanager
def parts(produce: Callable[..., Parts], job: dict[str, Any], here: dict[str, Any], there: dict[str, Any],
          pipeline_bytes: int | None = None) -> Iterator[Parts]:
    """`produce(**job)`: from a child process (`produce(**job, **there)` there, `produce` being the `mapped_parts`
    of the child's `case_import`) when the file is large (`pipeline_bytes`, default PIPELINE_BYTES), this
    process may run on two cores and the job's functions can be sent; else in this one (`**here`)."""
    limit = PIPELINE_BYTES if pipeline_bytes is None else pipeline_bytes
    sendable = all(_picklable(v) for v in job.values() if callable(v))
    large = _size(job["path"]) >= limit and kvk_pipeline._cores() >= 2 and sendable
    child = kvk_pipeline._started(produce.__module__) if large else None
    if child is None:
        yield produce(**job, **here)
        return
    assert child.stdin is not None and child.stdout is not None
    done: list[bool] = []
    try:
        try:
            pickle.dump({**job, **there, "pack_wait": PACK_WAIT}, child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            child.stdin.close()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the child ended at once: said when its stream ends
        yield _received(child.stdout, job["path"], done)
    finally:
        child.stdout.close()
        try:  # a child that sent its last part ends by itself; one this side stopped listening to is ended
            child.wait(timeout=10 if done else 0)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _received(stream: IO[bytes], path: Path, done: list[bool]) -> Parts:
    while True:
        try:
            message = pickle.load(stream)
        except EOFError:
            raise ImportDataError("the mapping process ended before the last row", file=path) from None
        if message[0] == "part":
            yield message[1]
        elif message[0] == "done":
            done.append(True)
            return
        else:
            raise message[1]


def serve(produce: Callable[..., Parts]) -> None:
    """The child process (its module's `child` calls it): a job (`produce`'s arguments) from stdin; each part
    made and sent to stdout, then "done", or the error met."""
    gc.disable()  # parts hold no cycles (as in the parent's cyclic_gc_paused)
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the stream of parts
    try:
        job = pickle.load(sys.stdin.buffer)
        pack_wait, waited = job.pop("pack_wait"), 0.0
        for part in produce(**job):
            if waited > pack_wait and hasattr(part, "pack"):
                part.pack()
            waited = kvk_pipeline.timed_send(out, ("part", part))
            del part  # freed while the next chunk is mapped
        pickle.dump(("done",), out)
        out.flush()
        sys.stderr.flush()
        os._exit(0)  # at once: the parent waits for it, and freeing a large import's objects one by one takes a while
    except (BrokenPipeError, ConnectionResetError):  # the parent stopped: nothing to tell
        return
    except Exception as exc:  # any error is the parent's to raise, in its transaction
        kvk_pipeline.send_error(out, exc)
