"""Undoable chart edits (QUndoStack): add, remove, hide, pin, move, layout, styling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from views.chart.scene import ChartScene, Snapshot

Pos = dict[str, tuple[float, float]]



class AddCommand(QUndoCommand):
    """Add nodes/edges already placed in a snapshot (expand, add to chart, open chart)."""

    def __init__(self, scene: ChartScene, snap: Snapshot, text: str | None = None):
        n = len(snap.nodes)  # one text per number (lupdate reads no plural forms from translate()): not "item(s)"
        default = (QCoreApplication.translate("ChartCommands", "Add 1 item") if n == 1 else
                   QCoreApplication.translate("ChartCommands", "Add %1 items").replace("%1", str(n)))
        super().__init__(text or default)
        self.scene, self.snap = scene, snap

    def redo(self) -> None:
        self.scene.apply(self.snap)

    def undo(self) -> None:
        self.scene.remove(self.snap)


class RemoveCommand(QUndoCommand):
    def __init__(self, scene: ChartScene, ids: list[str]):
        super().__init__(QCoreApplication.translate("ChartCommands", "Remove 1 item") if len(ids) == 1 else
                         QCoreApplication.translate("ChartCommands", "Remove %1 items").replace("%1", str(len(ids))))
        self.scene = scene
        self.snap = scene.snapshot(set(ids))

    def redo(self) -> None:
        self.scene.remove(Snapshot(nodes=self.snap.nodes, edges=self.snap.edges))

    def undo(self) -> None:
        self.scene.apply(self.snap)


class HideCommand(QUndoCommand):
    def __init__(self, scene: ChartScene, ids: list[str], hidden: bool = True):
        super().__init__(QCoreApplication.translate("ChartCommands", "Hide") if hidden
                         else QCoreApplication.translate("ChartCommands", "Show"))
        self.scene, self.ids, self.hidden = scene, ids, hidden

    def redo(self) -> None:
        self.scene.set_hidden(self.ids, self.hidden)

    def undo(self) -> None:
        self.scene.set_hidden(self.ids, not self.hidden)


class PinCommand(QUndoCommand):
    def __init__(self, scene: ChartScene, ids: list[str], pinned: bool):
        super().__init__(QCoreApplication.translate("ChartCommands", "Pin") if pinned
                         else QCoreApplication.translate("ChartCommands", "Unpin"))
        self.scene, self.ids, self.pinned = scene, ids, pinned
        self.before = {n: scene.nodes[n].pinned for n in ids if n in scene.nodes}

    def redo(self) -> None:
        self.scene.set_pinned(self.ids, self.pinned)

    def undo(self) -> None:
        for node, was in self.before.items():
            self.scene.set_pinned([node], was)


class _BeforeAfter(QUndoCommand):
    """A state before and after a change already applied when pushed: the first redo is a no-op."""

    def __init__(self, scene: ChartScene, before: Any, after: Any, text: str, applied: bool = True):
        super().__init__(text)
        self.scene, self.before, self.after = scene, before, after
        self._skip = applied

    def apply(self, state: Any) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self.apply(self.after)

    def undo(self) -> None:
        self.apply(self.before)


class MoveCommand(_BeforeAfter):
    """Positions before and after (a drag or a layout); the first redo is a no-op after a drag."""

    def __init__(self, scene: ChartScene, before: Pos, after: Pos, text: str | None = None, applied: bool = True):
        super().__init__(scene, before, after, text or QCoreApplication.translate("ChartCommands", "Move"), applied)

    def apply(self, state: Pos) -> None:
        self.scene.set_positions(state)


class StyleCommand(_BeforeAfter):
    """Sizes, colours and red flags before and after (an analysis' buttons, Clear styling); applied when pushed.

    Styling was no step of its own: Ctrl+Z after "Flag in red" took back the step before it (the
    results added to the chart) and left every red flag standing."""

    def apply(self, state: dict[str, Any]) -> None:
        self.scene.set_style_state(state)


class StateCommand(QUndoCommand):
    """One step of an undo history rebuilt after unlocking: the chart state before and after it.

    The original commands held record data; these hold only ids, positions and styling, and
    `rebuild` reads the records anew, so an undo after unlocking shows what the member may see now.
    While `quiet` is set (the history being pushed back), undo and redo change nothing: the chart
    is rebuilt once, not once per step.
    """

    quiet = False

    def __init__(self, rebuild: Callable[[dict[str, Any]], Any], before: dict[str, Any], after: dict[str, Any],
                 text: str):
        super().__init__(text)
        self.rebuild, self.before, self.after = rebuild, before, after

    def redo(self) -> None:
        if not StateCommand.quiet:
            self.rebuild(self.after)

    def undo(self) -> None:
        if not StateCommand.quiet:
            self.rebuild(self.before)
