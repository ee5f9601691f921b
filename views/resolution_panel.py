"""The resolution panel: persons that may be one, to confirm (merge) or reject one pair at a time.

The GUI face of `knooppunt resolve list/confirm/reject`: the same functions of
`importers.resolution`, so a confirmation is the same audited, reversible merge
(`graph.merge`) and a rejection is remembered the same way. The list is read through the
member's own guarded store, so it only ever shows persons the member's clearance admits.
Finding candidates compares every person, so it runs in a worker on its own connection.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from graph.errors import KnooppuntError
from graph.formatting import format_date
from views import i18n, operations
from views.dialogs import show_error
from views.operations import Changes, Operation, Progress


class ResolutionPanel(QWidget):
    """Candidate duplicate persons with their reasons; Confirm keeps the left person and merges the right."""

    open_entity = Signal(str)
    loaded = Signal(int)  # candidates listed (after a refresh)

    def __init__(self, session: Any, lang: str = "nl", parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.candidates: list[Any] = []
        self.task: Operation | None = None
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(50.0, 100.0)
        self.threshold.setDecimals(0)
        self.threshold.setValue(85.0)
        self.threshold.setToolTip(self.tr("Minimum name similarity (0-100)"))
        self.refresh_btn = QPushButton(self.tr("Refresh"), self)
        self.refresh_btn.clicked.connect(self.refresh)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels([self.tr("Score"), self.tr("Person"), self.tr("Date of birth"),
                                              self.tr("Possibly the same as"), self.tr("Date of birth"),
                                              self.tr("Reason")])
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.cellDoubleClicked.connect(self._opened)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.confirm_btn = QPushButton(self.tr("Same person: merge"), self)
        self.confirm_btn.setToolTip(self.tr("Merge the right-hand person into the left-hand one "
                                            "(audited; can be undone with “resolve undo”)"))
        self.confirm_btn.clicked.connect(lambda: self.confirm_selected())
        self.reject_btn = QPushButton(self.tr("Not the same"), self)
        self.reject_btn.setToolTip(self.tr("Do not propose this pair again"))
        self.reject_btn.clicked.connect(lambda: self.reject_selected())
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Minimum similarity:"), self))
        top.addWidget(self.threshold)
        top.addWidget(self.refresh_btn)
        top.addWidget(self.status, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_btn)
        buttons.addWidget(self.reject_btn)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.table, 1)
        box.addLayout(buttons)
        self._selection_changed()

    def reason_text(self, reason: str) -> str:
        """The core's reason ("same date of birth, similar name (transliteration)") in the UI language."""
        parts = [("similar name (particles: al-, van der)", self.tr("similar name (particles: al-, van der)")),
                 ("similar name (transliteration)", self.tr("similar name (transliteration)")),
                 ("same initials and surname", self.tr("same initials and surname")),
                 ("no date of birth on one side", self.tr("no date of birth on one side")),
                 ("same date of birth", self.tr("same date of birth")),
                 ("similar name", self.tr("similar name"))]
        for english, shown in parts:
            reason = reason.replace(english, shown)
        return reason

    def refresh(self) -> Operation:
        """List the candidates again (in a worker: every person is compared)."""
        from importers.resolution import person_candidates
        threshold = float(self.threshold.value())
        self.refresh_btn.setEnabled(False)
        self.status.setText(self.tr("Looking for possible duplicates…"))

        def job(store: Any, _progress: Progress) -> list[Any]:
            return person_candidates(store, threshold=threshold, limit=500)

        self.task = Operation(self, self.session.reopen, job, title=self.tr("Duplicate persons"),
                              on_done=self._show, on_error=self._failed).run_in_background()
        return self.task

    def _failed(self, message: str) -> None:
        self.task = None
        self.refresh_btn.setEnabled(True)
        self.status.setText(self.tr("Stopped: %1").replace("%1", message))

    def _show(self, candidates: list[Any]) -> None:
        self.task = None
        self.refresh_btn.setEnabled(True)
        self.candidates = list(candidates)
        self.table.setRowCount(len(self.candidates))
        for row, c in enumerate(self.candidates):
            cells = [f"{c.score:.0f}", c.a_name, format_date(c.a_birth_date, self.lang) if c.a_birth_date else "",
                     c.b_name, format_date(c.b_birth_date, self.lang) if c.b_birth_date else "",
                     self.reason_text(c.reason)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (1, 3):
                    item.setToolTip(c.a if col == 1 else c.b)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.status.setText(self.tr("%n possible duplicate(s)", "", len(self.candidates))
                            if self.candidates else self.tr("No possible duplicates"))
        self._selection_changed()
        self.loaded.emit(len(self.candidates))

    def _selection_changed(self) -> None:
        allowed = self.session.may("edit")
        chosen = self.current() is not None
        for btn in (self.confirm_btn, self.reject_btn):
            btn.setEnabled(chosen and allowed)
            if not allowed:
                btn.setToolTip(self.tr("Your role may not change records"))

    def current(self) -> Any:
        rows = {i.row() for i in self.table.selectedItems()}
        return self.candidates[min(rows)] if rows and min(rows) < len(self.candidates) else None

    def _opened(self, row: int, column: int) -> None:
        c = self.candidates[row]
        self.open_entity.emit(c.b if column in (3, 4) else c.a)

    def _decided(self, candidate: Any, text: str) -> None:
        index = self.candidates.index(candidate)
        self.candidates.pop(index)
        self.table.removeRow(index)
        self.status.setText(text)
        self._selection_changed()

    def confirm_selected(self) -> str | None:
        """Merge the selected pair (right into left), as `knooppunt resolve confirm A B`; returns the merge id."""
        from importers.resolution import confirm
        c = self.current()
        if c is None:
            return None
        try:
            merge_id = confirm(self.session.store, c.a, c.b, reason="confirmed in the resolution panel")
        except KnooppuntError as exc:
            show_error(self, self.tr("Duplicate persons"), i18n.core(str(exc)))
            return None
        self._decided(c, self.tr("Merged %1 into %2 (%3)").replace("%1", c.b_name).replace("%2", c.a_name)
                      .replace("%3", merge_id))
        operations.hub().operation_did_execute.emit(Changes(entities=True, relations=True), self)
        return merge_id

    def reject_selected(self) -> bool:
        """Not the same person, as `knooppunt resolve reject A B`: the pair is not proposed again."""
        from importers.resolution import reject
        c = self.current()
        if c is None:
            return False
        try:
            reject(self.session.store, c.a, c.b)
        except KnooppuntError as exc:
            show_error(self, self.tr("Duplicate persons"), i18n.core(str(exc)))
            return False
        self._decided(c, self.tr("%1 and %2 will not be proposed again").replace("%1", c.a_name)
                      .replace("%2", c.b_name))
        return True

    def select(self, a: str, b: str) -> bool:
        for row, c in enumerate(self.candidates):
            if {c.a, c.b} == {a, b}:
                self.table.selectRow(row)
                return True
        return False

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

