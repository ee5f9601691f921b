"""Long work off the UI thread: a QRunnable with progress, cancel and a result signal.

The work function gets a `Progress` handle; it reports `progress(done, total)` and should
call `check()` often, which raises `Cancelled` once the user pressed Cancel. Results and
errors come back to the UI thread through queued signals.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Cancelled(Exception):
    """Raised inside work when the user cancelled it."""


class Progress:
    def __init__(self, signals: TaskSignals):
        self._signals = signals
        self.cancelled = False

    def __call__(self, done: int, total: int = 0, text: str = "") -> None:
        self.check()
        self._signals.progress.emit(int(done), int(total), text)

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()


class TaskSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str, str)  # message, traceback
    cancelled = Signal()


class Task(QRunnable):
    def __init__(self, work: Callable[[Progress], Any]):
        super().__init__()
        self.work = work
        self.signals = TaskSignals()
        self.handle = Progress(self.signals)
        self.setAutoDelete(False)  # the UI keeps a reference while it shows progress

    def cancel(self) -> None:
        self.handle.cancelled = True

    def run(self) -> None:
        try:
            result = self.work(self.handle)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # reported in the UI, never lost in a thread
            self.signals.failed.emit(str(exc) or type(exc).__name__, traceback.format_exc())
        else:
            self.signals.finished.emit(result)


_RUNNING: set[Task] = set()


def start(work: Callable[[Progress], Any], *, on_done: Callable[[Any], None] | None = None,
          on_error: Callable[[str, str], None] | None = None,
          on_progress: Callable[[int, int, str], None] | None = None,
          on_cancel: Callable[[], None] | None = None) -> Task:
    task = Task(work)
    _RUNNING.add(task)

    def _forget(*_: Any) -> None:
        _RUNNING.discard(task)

    if on_progress:
        task.signals.progress.connect(on_progress)
    if on_done:
        task.signals.finished.connect(on_done)
    if on_error:
        task.signals.failed.connect(on_error)
    if on_cancel:
        task.signals.cancelled.connect(on_cancel)
    for sig in (task.signals.finished, task.signals.failed, task.signals.cancelled):
        sig.connect(_forget)
    QThreadPool.globalInstance().start(task)
    return task


def running() -> int:
    return len(_RUNNING)
