"""Long work off the UI thread, the one way: its own connection, progress, cancel, errors, changes.

Modelled on Anki's `aqt/operations` (CollectionOp/QueryOp). A screen builds an `Operation`
with a job `(store, progress) -> result`, and `run_in_background()`:

- the job gets its own store connection (`connect`, usually `Session.reopen`), closed
  afterwards, so it never shares a cursor or a transaction with the UI thread;
- it reports through the core's `graph.progress.Progress` (`progress(done, total, text)`,
  `progress.check()`), which also carries the cancel flag: `cancel()` makes the next report
  or check raise `Cancelled`, and a write job's transaction rolls back;
- an exception is logged with its traceback and shown in one way (`show_failure`: a
  translated, non-blocking warning), never lost in the thread;
- a write operation declares what it changes (`Changes`); when it succeeds, the hub's
  `operation_did_execute(changes, initiator)` signal tells every open screen to refresh.

`start()` is the bare form for work that needs no store (chart layouts, rendering exports).

Every operation measures its speed on the UI thread from the reports it receives
(`Operation.meter`, a `graph.progress.RateMeter`); `speed_text()` and `finished_text()`
turn it into the translated "4.000 rijen/s · nog 0:20" an import shows under its bar.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QLocale, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from graph.formatting import format_number
from graph.progress import Cancelled, Progress, RateMeter, format_duration, format_rate
from graph.store import Store
from views import i18n

log = logging.getLogger(__name__)

__all__ = ["Cancelled", "Changes", "Operation", "Progress", "RateMeter", "Task", "finished_text", "hub", "running",
           "show_failure", "speed_text", "start"]


@dataclass(frozen=True)
class Changes:
    """What kind of records a finished operation changed, so screens refresh only what they show."""

    entities: bool = False
    relations: bool = False
    charts: bool = False
    settings: bool = False

    def __bool__(self) -> bool:
        return self.entities or self.relations or self.charts or self.settings


class _Hub(QObject):
    """One object every screen can listen to (Anki's `gui_hooks.operation_did_execute`)."""

    operation_did_execute = Signal(object, object)  # Changes, the initiating widget (or None)


_HUB: _Hub | None = None


def hub() -> _Hub:
    global _HUB
    if _HUB is None:
        _HUB = _Hub()
    return _HUB


class TaskSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str, str)  # message, traceback
    cancelled = Signal()


class _Reported(Progress):
    """The core's progress handle, reporting to the UI thread through a queued signal."""

    def __init__(self, signals: TaskSignals):
        super().__init__()
        self._signals = signals

    def report(self, done: int, total: int, text: str) -> None:
        self._signals.progress.emit(done, total, text)


class Task(QRunnable):
    """Work `(progress) -> result` in the thread pool; its outcome comes back as one of three signals."""

    def __init__(self, work: Callable[[Progress], Any]):
        super().__init__()
        self.work = work
        self.signals = TaskSignals()
        self.handle = _Reported(self.signals)
        self.setAutoDelete(False)  # the UI keeps a reference while it shows progress

    def cancel(self) -> None:
        self.handle.cancel()

    def run(self) -> None:
        try:
            result = self.work(self.handle)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # reported in the UI, never lost in a thread
            self.signals.failed.emit(i18n.core(str(exc)) or type(exc).__name__, traceback.format_exc())
        else:
            self.signals.finished.emit(result)


_RUNNING: set[Task] = set()


def start(work: Callable[[Progress], Any], *, on_done: Callable[[Any], None] | None = None,
          on_error: Callable[[str, str], None] | None = None,
          on_progress: Callable[[int, int, str], None] | None = None,
          on_cancel: Callable[[], None] | None = None) -> Task:
    """Run work without a store connection of its own (layouts, rendering)."""
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


def show_failure(parent: QWidget | None, title: str, message: str, tb: str = "") -> None:
    """The one way a failed operation is shown: logged with its traceback, and a non-blocking warning."""
    from views.dialogs import show_error
    log.error("%s: %s\n%s", title, message, tb)
    text = QCoreApplication.translate("Operation", "%1 did not finish: %2").replace("%1", title).replace(
        "%2", message)
    show_error(parent, title, text)


def _lang() -> str:
    """The language numbers are written in: the one the interface was installed in (QLocale default)."""
    return "nl" if QLocale().language() == QLocale.Language.Dutch else "en"


def speed_text(meter: RateMeter, unit: str) -> str:
    """`4.000 rijen/s · nog 0:20` (rate, and time left once the total is known); "" before a rate exists.

    `unit` is the caller's translated plural ("rijen", "records").
    """
    if meter.rate <= 0:
        return ""
    text = QCoreApplication.translate("Operation", "%1 %2/s").replace("%1", format_rate(meter.rate, _lang())).replace(
        "%2", unit)
    if meter.eta is not None:
        text += " · " + QCoreApplication.translate("Operation", "%1 left").replace("%1", format_duration(meter.eta))
    return text


def finished_text(meter: RateMeter, unit: str) -> str:
    """`12.000 rijen in 0:03 (4.000 rijen/s)`: what a finished operation did, for its status line."""
    lang = _lang()
    return (QCoreApplication.translate("Operation", "%1 %2 in %3 (%4 %2/s)")
            .replace("%1", format_number(meter.done, lang, "integer")).replace("%2", unit)
            .replace("%3", format_duration(meter.elapsed)).replace("%4", format_rate(meter.average, lang)))


_LIVE: set[Operation] = set()


class Operation:
    """One background job on its own store connection (see the module docstring).

    `changes` marks a write operation: on success the hub announces them. The callbacks are
    for the screen's own state (a result table, a progress bar); errors are shown by
    `show_failure` whether or not the screen passes `on_error`.
    """

    def __init__(self, parent: QWidget | None, connect: Callable[[], Store] | None,
                 job: Callable[[Any, Progress], Any], *, title: str, changes: Changes | None = None,
                 on_done: Callable[[Any], None] | None = None,
                 on_progress: Callable[[int, int, str], None] | None = None,
                 on_cancel: Callable[[], None] | None = None,
                 on_error: Callable[[str], None] | None = None):
        self.parent, self.connect, self.job, self.title = parent, connect, job, title
        self.changes = changes
        self._on_done, self._on_progress, self._on_cancel, self._on_error = on_done, on_progress, on_cancel, on_error
        self.task: Task | None = None
        self.meter = RateMeter()  # speed from the reports, measured on the UI thread

    @property
    def running(self) -> bool:
        return self.task is not None

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def run_in_background(self) -> Operation:
        connect, job = self.connect, self.job

        def work(progress: Progress) -> Any:
            if connect is None:
                return job(None, progress)
            store = connect()
            try:
                return job(store, progress)
            finally:
                store.close()

        _LIVE.add(self)  # signal connections to a plain object's methods are weak: keep it until it ends
        self.meter = RateMeter()
        self.task = start(work, on_done=self._done, on_error=self._failed, on_progress=self._progress,
                          on_cancel=self._cancelled)
        return self

    def _progress(self, done: int, total: int, text: str) -> None:
        self.meter.update(done, total)
        if self._on_progress is not None:
            self._on_progress(done, total, text)

    def _done(self, result: Any) -> None:
        self.task = None
        _LIVE.discard(self)
        if self._on_done is not None:
            self._on_done(result)
        if self.changes:
            hub().operation_did_execute.emit(self.changes, self.parent)

    def _failed(self, message: str, tb: str) -> None:
        self.task = None
        _LIVE.discard(self)
        if self.parent is not None and not shiboken6.isValid(self.parent):
            # The screen that started it is gone (the window closed, which also locks the project: a read
            # then fails with "the project is locked"). A read's failure concerns nobody any more: logged only;
            # a write's is still shown, on no window (a dialog on a deleted one raised in the event loop).
            if not self.changes:
                log.info("%s after its window closed: %s", self.title, message)
                return
            self.parent = None
        show_failure(self.parent, self.title, message, tb)
        if self._on_error is not None:
            self._on_error(message)

    def _cancelled(self) -> None:
        self.task = None
        _LIVE.discard(self)
        if self._on_cancel is not None:
            self._on_cancel()
