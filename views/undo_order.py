"""One Ctrl+Z for the chart and the records, in the order the analyst did things.

The chart (layout, expand, hide, …) and the records (new, edit, delete, merge) keep their own
undo stacks: a chart step holds no record data and a record step changes the project. An analyst
used to Analyst's Notebook expects one history, so each stack stamps its steps from one counter and
`OneUndo` undoes the latest step of either, and redoes only what was undone after the last step
taken (as a single stack would: a new step ends what can be redone).
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from shiboken6 import isValid

_STEP: Iterator[int] = itertools.count(1)
_JOINED: list[int] = []  # [step, parts so far] while one_step() is open


@contextlib.contextmanager
def one_step() -> Iterator[None]:
    """Pushes inside (on any stack) are one step of the history: a new record and its place on the
    chart go back together with one Ctrl+Z."""
    outer = list(_JOINED)
    _JOINED[:] = [next(_STEP), 0]
    try:
        yield
    finally:
        _JOINED[:] = outer


def _next_stamp() -> tuple[int, int]:
    if _JOINED:
        _JOINED[1] += 1
        return _JOINED[0], _JOINED[1]
    return next(_STEP), 0


class StampedUndoStack(QUndoStack):
    """A QUndoStack that remembers when each of its steps was taken (a process-wide counter)."""

    stamped = Signal()  # after a step's stamp is set (indexChanged comes before it)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stamps: list[tuple[int, int]] = []
        self._macro = 0

    def _stamp_top(self) -> None:
        top = self.index() - 1  # the step just pushed or merged into the one before
        if top < 0:
            return
        self.stamps = [*self.stamps[:top], *[(0, 0)] * (top - len(self.stamps)), _next_stamp()]
        self.stamped.emit()

    def push(self, cmd: QUndoCommand) -> None:
        super().push(cmd)
        if not self._macro:
            self._stamp_top()

    def beginMacro(self, text: str) -> None:
        self._macro += 1
        super().beginMacro(text)

    def endMacro(self) -> None:
        super().endMacro()
        self._macro -= 1
        if not self._macro:
            self._stamp_top()

    def clear(self) -> None:
        super().clear()
        self.stamps = []

    def last_done(self) -> tuple[int, int]:
        """The stamp (step, part) of what Undo would take back ((0, 0): none)."""
        i = self.index()
        return self.stamps[i - 1] if self.canUndo() and i - 1 < len(self.stamps) else (0, 0)

    def next_undone(self) -> tuple[int, int]:
        """The stamp (step, part) of what Redo would do again ((0, 0): none)."""
        i = self.index()
        return self.stamps[i] if self.canRedo() and i < len(self.stamps) else (0, 0)


class OneUndo(QObject):
    """Undo/Redo (Ctrl+Z/Ctrl+Y) over several stamped stacks as one history."""

    said = Signal(str)  # what an undo or redo just did, for the status line ("Ongedaan gemaakt: Lay-out")

    def __init__(self, stacks: list[StampedUndoStack], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stacks = stacks
        self.act_undo = QAction(self.tr("Undo"), self)
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_undo.triggered.connect(self.undo)
        self.act_redo = QAction(self.tr("Redo"), self)
        # Ctrl+Y first, so the menu shows what the help (F1) says and ANB users press (it showed Ctrl+Shift+Z)
        redo_keys = [QKeySequence("Ctrl+Y"), *(k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
                                                if k != QKeySequence("Ctrl+Y"))]
        self.act_redo.setShortcuts(redo_keys)
        self.act_redo.triggered.connect(self.redo)
        for stack in stacks:
            stack.indexChanged.connect(self._update)
            stack.stamped.connect(self._update)
        self._update()

    def _live(self) -> list[tuple[int, StampedUndoStack]]:
        """The stacks still there (a closing window deletes them one by one, while the others signal)."""
        return [(n, s) for n, s in enumerate(self.stacks) if isValid(s)]

    def _to_undo(self) -> list[StampedUndoStack]:
        """The stacks holding the latest step, last part first."""
        done = sorted(((s.last_done(), n) for n, s in self._live() if s.last_done()[0]), reverse=True)
        return [self.stacks[n] for stamp, n in done if stamp[0] == done[0][0][0]]

    def _to_redo(self) -> list[StampedUndoStack]:
        """The stacks holding the earliest step undone after the latest one still done, first part first."""
        latest = max((s.last_done()[0] for _, s in self._live()), default=0)
        undone = sorted((s.next_undone(), n) for n, s in self._live() if s.next_undone()[0] > latest)
        return [self.stacks[n] for stamp, n in undone if stamp[0] == undone[0][0][0]]

    def undo(self) -> None:
        """Take back the latest step, and say which: Ctrl+Z on a chart far from the change showed nothing."""
        stacks = self._to_undo()
        if not stacks:
            return
        name = stacks[-1].undoText()
        for stack in stacks:
            stack.undo()
        self.said.emit(self.step_said(True, name))

    def redo(self) -> None:
        stacks = self._to_redo()
        if not stacks:
            return
        name = stacks[0].redoText()
        for stack in stacks:
            stack.redo()
        self.said.emit(self.step_said(False, name))

    @staticmethod
    def step_said(undo: bool, name: str) -> str:
        """The status line after an undo or redo: "Ongedaan gemaakt: Rood markeren"."""
        if undo:
            text = QCoreApplication.translate("OneUndo", "Undone: %1") if name else \
                QCoreApplication.translate("OneUndo", "Undone")
        else:
            text = QCoreApplication.translate("OneUndo", "Redone: %1") if name else \
                QCoreApplication.translate("OneUndo", "Redone")
        return text.replace("%1", name)

    def _update(self, *_: object) -> None:
        if not isValid(self.act_undo):
            return
        back, again = self._to_undo(), self._to_redo()
        self.act_undo.setEnabled(bool(back))
        self.act_redo.setEnabled(bool(again))
        # a joined step is named by its first part (the record edit, not its place on the chart)
        self.act_undo.setText(self.tr("Undo %1").replace("%1", back[-1].undoText()) if back else self.tr("Undo"))
        self.act_redo.setText(self.tr("Redo %1").replace("%1", again[0].redoText()) if again else self.tr("Redo"))
