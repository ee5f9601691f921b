"""One way for long work to report progress and to be cancelled, without Qt or click.

An import, an analysis or a sort takes a `Progress`: it calls `progress(done, total, text)`
as it goes and `progress.check()` where stopping is safe; both raise `Cancelled` once the
user asked to stop. The GUI (`views.operations`) turns the reports into a progress bar and
sets the cancel flag from its Cancel button; the CLI shows them on stderr. The work itself
never knows which of the two is watching.

Every handle measures its own speed (`RateMeter`): `rate` (items a second over the last
few seconds, so a slow start or a pause does not skew it for long) and `eta` (seconds
left at that rate, None while unknown), which the CLI bar and the GUI import show.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

Clock = Callable[[], float]


class Cancelled(Exception):
    """Raised inside work when the user asked it to stop (not an error: nothing is reported)."""


@runtime_checkable
class ProgressLike(Protocol):
    """What work may call: report `(done, total, text)` and check for a cancel."""

    def __call__(self, done: int, total: int = 0, text: str = "") -> None: ...

    def check(self) -> None: ...


class RateMeter:
    """Items a second and time left, from `(done, total)` samples on a monotonic clock.

    The rate is taken over a sliding window (WINDOW seconds, at least two samples), not
    since the start: an import that reads a spec and opens partitions before its first row
    would otherwise show a rate that only slowly climbs to the truth. `clock` is injectable
    so tests can drive time.
    """

    WINDOW = 10.0

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self.clock = clock
        self.started = clock()
        self.done = 0
        self.total = 0
        self._samples: deque[tuple[float, int]] = deque([(self.started, 0)])

    def update(self, done: int, total: int = 0) -> None:
        now = self.clock()
        self.done, self.total = done, total or self.total
        self._samples.append((now, done))
        while len(self._samples) > 2 and now - self._samples[1][0] >= self.WINDOW:
            self._samples.popleft()

    @property
    def elapsed(self) -> float:
        return max(0.0, self.clock() - self.started)

    @property
    def rate(self) -> float:
        """Items a second over the window (0.0 until time has passed and something was done)."""
        (t0, d0), (t1, d1) = self._samples[0], self._samples[-1]
        return (d1 - d0) / (t1 - t0) if t1 > t0 and d1 > d0 else 0.0

    @property
    def average(self) -> float:
        """Items a second since the start (the figure a finished run reports)."""
        seconds = self._samples[-1][0] - self.started
        return self.done / seconds if seconds > 0 and self.done else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the current rate; None when the total or the rate is not known yet."""
        if not self.total or self.rate <= 0:
            return None
        return max(0.0, (self.total - self.done) / self.rate)


def format_duration(seconds: float) -> str:
    """`0:07`, `12:34`, `1:02:03`: how long, the way progress bars write it."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_rate(rate: float, lang: str = "en") -> str:
    """A rate in the language's number format, no false precision (`12,345`, `8.5`; Dutch `12.345`)."""
    from graph.formatting import format_number

    return format_number(round(rate) if rate >= 100 else round(rate, 1), lang, "integer" if rate >= 100 else "number")


class Progress:
    """A progress handle: reports go to `report()` (override it), `cancel()` makes the work stop.

    `advance(n)` adds n to `done`, so it can be handed to importers that count rows per chunk.
    Thread-safe in the way it is used: one worker thread reports, any thread may cancel.
    """

    def __init__(self, total: int = 0, *, clock: Clock = time.monotonic) -> None:
        self.done = 0
        self.total = total
        self.text = ""
        self._cancel = threading.Event()
        self.meter = RateMeter(clock)

    @property
    def rate(self) -> float:
        """Items a second (see RateMeter)."""
        return self.meter.rate

    @property
    def eta(self) -> float | None:
        """Seconds left, or None while unknown (see RateMeter)."""
        return self.meter.eta

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def __call__(self, done: int, total: int = 0, text: str = "") -> None:
        self.check()
        self.done, self.total = int(done), int(total) or self.total
        if text:
            self.text = text
        self.meter.update(self.done, self.total)
        self.report(self.done, self.total, text)

    def advance(self, n: int, text: str = "") -> None:
        """Count n more items done (the importers' `progress(rows_in_chunk)` callback)."""
        self(self.done + int(n), self.total, text)

    def report(self, done: int, total: int, text: str) -> None:
        """Show a report; the base class keeps it only (work run without anyone watching)."""


def csv_rows(path: str | os.PathLike[str]) -> int:
    """Data rows of a CSV (lines less the header), the total behind an ETA; 0 when unknown (a workbook).

    Counts newlines in 1 MiB blocks (~1 GB/s): a quoted cell with a line break makes it an
    overestimate, which only makes the ETA a little pessimistic.
    """
    file = Path(path)
    if file.suffix.lower() not in (".csv", ".txt", ".tsv"):
        return 0
    with file.open("rb") as fh:
        return max(0, sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b"")) - 1)


def silent() -> Progress:
    """A handle nobody watches: for work run from tests or scripts."""
    return Progress()
