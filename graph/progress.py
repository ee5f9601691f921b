"""One way for long work to report progress and to be cancelled, without Qt or click.

An import, an analysis or a sort takes a `Progress`: it calls `progress(done, total, text)`
as it goes and `progress.check()` where stopping is safe; both raise `Cancelled` once the
user asked to stop. The GUI (`views.operations`) turns the reports into a progress bar and
sets the cancel flag from its Cancel button; the CLI shows them on stderr. The work itself
never knows which of the two is watching.
"""

from __future__ import annotations

import threading
from typing import Protocol, runtime_checkable


class Cancelled(Exception):
    """Raised inside work when the user asked it to stop (not an error: nothing is reported)."""


@runtime_checkable
class ProgressLike(Protocol):
    """What work may call: report `(done, total, text)` and check for a cancel."""

    def __call__(self, done: int, total: int = 0, text: str = "") -> None: ...

    def check(self) -> None: ...


class Progress:
    """A progress handle: reports go to `report()` (override it), `cancel()` makes the work stop.

    `advance(n)` adds n to `done`, so it can be handed to importers that count rows per chunk.
    Thread-safe in the way it is used: one worker thread reports, any thread may cancel.
    """

    def __init__(self, total: int = 0) -> None:
        self.done = 0
        self.total = total
        self.text = ""
        self._cancel = threading.Event()

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
        self.report(self.done, self.total, text)

    def advance(self, n: int, text: str = "") -> None:
        """Count n more items done (the importers' `progress(rows_in_chunk)` callback)."""
        self(self.done + int(n), self.total, text)

    def report(self, done: int, total: int, text: str) -> None:
        """Show a report; the base class keeps it only (work run without anyone watching)."""


def silent() -> Progress:
    """A handle nobody watches: for work run from tests or scripts."""
    return Progress()
