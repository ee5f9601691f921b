"""The VIK section beside the chart: signals, casustafel, measures, actions and alerts.

Each register is a table within the member's clearance (the store filters). A double-click
(or Enter) on a row opens its record on the chart; selecting an entity on the chart selects
the rows about it here, so every item is one click from the chart and back. The alerts tab
carries a badge with the number of unseen alerts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QInputDialog,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from graph.errors import KnooppuntError
from graph.store import Store
from graph.vik import alerts, dates, lists, measures, meetings, signals
from views import i18n
from views.names import security_label
from views.vik_forms import ActionDialog, MeasureDialog, MeetingDialog, SignalDialog, VikForm

RELATED = Qt.ItemDataRole.UserRole + 1  # the ids a row is about (for chart -> register)
ITEM = Qt.ItemDataRole.UserRole + 2  # the row's own id (signal, meeting, measure, action, alert): what Edit opens
Row = tuple[list[Any], str | None, set[str], str | None]  # cells, what a double-click opens, ids it is about, own id


class RegisterTable(QTableWidget):
    """A register's table that says so when it is empty (a blank white area looked broken or still loading)."""

    def __init__(self, empty_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.empty_text = empty_text

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect().adjusted(12, 12, -12, -12),
                             int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
                             self.empty_text)
            painter.end()


class VikPanel(QWidget):
    """Tabs of the VIK registers with a toolbar; emits `open_record` with an entity id."""

    open_record = Signal(str)
    changed = Signal()

    def __init__(self, store: Store, lang: str, parent: Any = None,
                 selection: Callable[[], list[str]] | None = None):
        super().__init__(parent)
        self.store = store
        self.lang = lang
        self.selection: Callable[[], list[str]] = selection or (lambda: [])  # the chart's selected entity ids
        self.tabs = QTabWidget(self)
        self.tables: dict[str, QTableWidget] = {}
        names = {"signals": self.tr("Signals"), "meetings": self.tr("Case meetings"),
                 "measures": self.tr("Measures"), "actions": self.tr("Actions"), "alerts": self.tr("Alerts"),
                 "deadlines": self.tr("Deadlines")}
        empty = {"signals": self.tr("No signals registered (within your clearance)."),
                 "meetings": self.tr("No case meetings planned."),
                 "measures": self.tr("No measures registered (within your clearance)."),
                 "actions": self.tr("No actions."),
                 "alerts": self.tr("No alerts."),
                 "deadlines": self.tr("Nothing is due or expires in the next %1 days.")
                 .replace("%1", str((alerts.deadlines.__kwdefaults__ or {}).get("within", 60)))}
        for key, title in names.items():
            table = RegisterTable(empty[key], self)
            table.setObjectName(f"vik_{key}")
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setAlternatingRowColors(True)
            table.verticalHeader().setVisible(False)
            table.itemActivated.connect(self._activated)
            table.itemDoubleClicked.connect(self._activated)
            self.tables[key] = table
            self.tabs.addTab(table, title)
        self.toolbar = QToolBar(self)
        self.act_new_signal = self._action(self.tr("New signal…"), self.new_signal,
                                           self.tr("Register a signal about the entities selected on the chart"))
        self.act_new_meeting = self._action(self.tr("New meeting…"), self.new_meeting,
                                            self.tr("Plan a case meeting with partners, agenda and decisions"))
        self.act_new_measure = self._action(self.tr("New measure…"), self.new_measure,
                                            self.tr("Register a measure against the entities selected on the chart"))
        self.act_new_action = self._action(self.tr("New action…"), self.new_action,
                                           self.tr("Add an action with owner and deadline"))
        self.act_edit = self._action(self.tr("Edit…"), self.edit_selected,
                                     self.tr("Edit the selected meeting, measure or action"))
        self.act_status = self._action(self.tr("Change status…"), self.change_status,
                                       self.tr("Move the selected signal, measure or action to its next status"))
        self.act_seen = self._action(self.tr("Mark seen"), self.mark_seen, self.tr("Mark the selected alert seen"))
        self.act_refresh = self._action(self.tr("Refresh"), self.refresh, "")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.toolbar)
        box.addWidget(self.tabs)
        self.unseen = 0
        self.refresh()

    def _action(self, text: str, slot: Any, tip: str) -> QAction:
        act = QAction(text, self)
        act.setToolTip(tip)
        act.triggered.connect(lambda _checked=False: slot())
        self.toolbar.addAction(act)
        return act

    # -- filling ------------------------------------------------------------------------------
    def _fill(self, key: str, headers: list[str], rows: list[Row]) -> None:
        table = self.tables[key]
        table.clear()
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(rows))
        for r, (cells, record_id, related, own) in enumerate(rows):
            for c, value in enumerate(cells):
                text = "; ".join(str(v) for v in value) if isinstance(value, list) else (
                    "" if value is None else str(value))
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, record_id)
                item.setData(RELATED, sorted(related))
                item.setData(ITEM, own)
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        for c in range(table.columnCount()):
            table.setColumnWidth(c, min(table.columnWidth(c), 760))
        table.resizeRowsToContents()  # a long alert wraps onto more lines instead of being cut off

    def refresh(self) -> None:
        """Read every register anew (within the clearance)."""
        store, lang = self.store, self.lang
        try:
            self._refresh(store, lang)
        except KnooppuntError as exc:  # a shared Neo4j project has no VIK side tables
            self.setEnabled(False)
            self.setToolTip(i18n.core(str(exc)))

    def _refresh(self, store: Store, lang: str) -> None:
        sig_rows: list[Row] = []
        for e in sorted(store.iter_entities("Signal"), key=lambda e: str(e.get("received") or ""), reverse=True):
            subs = signals.subjects_of(store, e.id)
            row = signals.row(store, e, lang)
            cells = [row["number"], row["received"], row["source"], row["phenomenon"], row["status"], row["owner"],
                     [s.caption for s in subs], security_label(row["label"])]
            sig_rows.append((cells, e.id, {e.id, *(s.id for s in subs)}, e.id))
        self._fill("signals", [self.tr("Number"), self.tr("Received"), self.tr("Source"), self.tr("Phenomenon"),
                self.tr("Status"), self.tr("Owner"), self.tr("Concerns"), self.tr("Label")], sig_rows)
        mtg_rows: list[Row] = []
        for m in meetings.list_meetings(store):
            items = meetings.agenda(store, m.id)
            decided = [lists.label("decisions", i.decision, lang) for i in items if i.decision]
            first = items[0].record_id if items else None
            mtg_rows.append(([dates.nl(m.date), m.title, ", ".join(m.partners), len(items), decided,
                              security_label(m.label)],
                             first, {m.id, *(i.record_id for i in items)}, m.id))
        self._fill("meetings", [self.tr("Date"), self.tr("Title"), self.tr("Partners"), self.tr("Agenda items"),
                self.tr("Decisions"), self.tr("Label")], mtg_rows)
        mea_rows: list[Row] = []
        for e in sorted(store.iter_entities("Measure"), key=lambda e: str(e.get("decided") or ""), reverse=True):
            row = measures.row(store, e, lang)
            subs = measures.subjects_of(store, e.id)
            mea_rows.append(([row["reference"], row["type"], row["status"], row["subjects"], row["decided"],
                              row["start"], row["end"], row["bezwaar_deadline"], security_label(row["label"])], e.id,
                             {e.id, *(s.id for s in subs)}, e.id))
        self._fill("measures", [self.tr("Reference"), self.tr("Type"), self.tr("Status"), self.tr("Concerns"),
                self.tr("Decided"), self.tr("Start"), self.tr("End"), self.tr("Objection deadline"), self.tr("Label")],
                mea_rows)
        act_rows: list[Row] = []
        for a in meetings.list_actions(store):
            late = meetings.is_overdue(a)
            act_rows.append(([a.text, a.owner, dates.nl(a.deadline), lists.label("action_status", a.status, lang),
                              self.tr("overdue") if late else "", security_label(a.label)], a.record_id,
                             {a.id, *([a.record_id] if a.record_id else [])}, a.id))
        self._fill("actions", [self.tr("Action"), self.tr("Owner"), self.tr("Deadline"), self.tr("Status"),
                self.tr("Overdue"), self.tr("Label")], act_rows)
        self._mark_overdue(act_rows)
        found = alerts.list_alerts(store)
        al_rows: list[Row] = []
        for al in found:
            seen = self.tr("seen") if al.seen else self.tr("new")
            about = {al.record_id, al.cause_id, *(str(e.get("id")) for e in al.evidence)}
            al_rows.append(([dates.nl(al.raised_at), al.message, seen, security_label(al.label)], al.record_id, about,
                            al.id))
        self._fill("alerts", [self.tr("Raised"), self.tr("Alert"), self.tr("Seen"), self.tr("Label")], al_rows)
        dl_rows: list[Row] = [([r["date"], r["days"], r["kind"], r["what"], security_label(r["label"])], r["id"],
                               {r["id"]}, None)
                   for r in alerts.deadlines(store)]
        self._fill("deadlines", [self.tr("Date"), self.tr("Days"), self.tr("Kind"), self.tr("What"), self.tr("Label")],
                dl_rows)
        self.unseen = sum(1 for al in found if not al.seen)
        index = list(self.tables).index("alerts")
        badge = self.tr("Alerts (%1)").replace("%1", str(self.unseen))
        self.tabs.setTabText(index, badge if self.unseen else self.tr("Alerts"))

    def _mark_overdue(self, rows: list[Any]) -> None:
        from PySide6.QtGui import QBrush, QColor
        table = self.tables["actions"]
        for r, (cells, _rid, _rel, _own) in enumerate(rows):
            if cells[4]:
                for c in range(table.columnCount()):
                    cell = table.item(r, c)
                    if cell is not None:
                        cell.setForeground(QBrush(QColor("#b00020")))

    # -- chart <-> registers --------------------------------------------------------------------
    def _activated(self, item: QTableWidgetItem) -> None:
        record_id = item.data(Qt.ItemDataRole.UserRole)
        if record_id:
            self.open_record.emit(str(record_id))

    def select_record(self, entity_id: str) -> int:
        """Select the rows about `entity_id` in every register; show the first tab that has one."""
        first_tab = None
        hits = 0
        for index, table in enumerate(self.tables.values()):
            table.clearSelection()
            for r in range(table.rowCount()):
                item = table.item(r, 0)
                if item is not None and entity_id in (item.data(RELATED) or []):
                    if not table.selectedItems():
                        table.selectRow(r)
                    hits += 1
                    first_tab = index if first_tab is None else first_tab
        if first_tab is not None and not self.tables[list(self.tables)[self.tabs.currentIndex()]].selectedItems():
            self.tabs.setCurrentIndex(first_tab)
        return hits

    def current_key(self) -> str:
        return list(self.tables)[self.tabs.currentIndex()]

    def _selected_row(self) -> QTableWidgetItem | None:
        table = self.tables[self.current_key()]
        rows = {i.row() for i in table.selectedItems()}
        return table.item(min(rows), 0) if rows else None

    # -- edits ---------------------------------------------------------------------------------
    def _error(self, exc: KnooppuntError) -> None:
        QMessageBox.warning(self, self.tr("VIK"), i18n.core(str(exc)))

    def _run(self, dialog: VikForm, tab: str) -> str | None:
        """Show a form; once saved: alerts the change warrants, the registers anew, the item selected."""
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_id is None:
            return None
        try:
            alerts.after_change(self.store)
        except KnooppuntError as exc:
            self._error(exc)
        self.refresh()
        self.changed.emit()
        self.tabs.setCurrentWidget(self.tables[tab])
        self.select_item(tab, dialog.result_id)
        return dialog.result_id

    def select_item(self, tab: str, item_id: str) -> bool:
        table = self.tables[tab]
        for r in range(table.rowCount()):
            cell = table.item(r, 0)
            if cell is not None and cell.data(ITEM) == item_id:
                table.selectRow(r)
                return True
        return False

    def new_signal(self, values: dict[str, Any] | None = None) -> str | None:
        """The intake form (or `values`, as tests and scripts pass them); returns the new id."""
        if values is None:
            return self._run(SignalDialog(self.store, self.lang, list(self.selection()), self), "signals")
        try:
            signal = signals.add_signal(self.store, **values)
            alerts.after_change(self.store)
        except KnooppuntError as exc:
            self._error(exc)
            return None
        self.refresh()
        self.changed.emit()
        self.tabs.setCurrentIndex(0)
        self.select_record(signal.id)
        return signal.id

    def new_meeting(self) -> str | None:
        return self._run(MeetingDialog(self.store, self.lang, parent=self), "meetings")

    def new_measure(self) -> str | None:
        return self._run(MeasureDialog(self.store, self.lang, subjects=list(self.selection()), parent=self),
                         "measures")

    def new_action(self) -> str | None:
        """An action about the record selected on the chart (if one), in the meeting selected here (if one)."""
        chosen = list(self.selection())
        item = self._selected_row()
        meeting = item.data(ITEM) if item is not None and self.current_key() == "meetings" else None
        return self._run(ActionDialog(self.store, self.lang, record_id=chosen[0] if chosen else None,
                                      meeting_id=meeting, parent=self), "actions")

    def edit_selected(self) -> str | None:
        """The form of the selected meeting, measure or action."""
        key, item = self.current_key(), self._selected_row()
        if item is None or key not in ("meetings", "measures", "actions"):
            self._error(KnooppuntError(self.tr("Select a meeting, measure or action first")))
            return None
        own = str(item.data(ITEM))
        try:
            if key == "meetings":
                dialog: VikForm = MeetingDialog(self.store, self.lang, meeting=meetings.get_meeting(self.store, own),
                                                parent=self)
            elif key == "measures":
                dialog = MeasureDialog(self.store, self.lang, measure=measures.get_measure(self.store, own),
                                       parent=self)
            else:
                dialog = ActionDialog(self.store, self.lang, action=meetings.get_action(self.store, own), parent=self)
        except KnooppuntError as exc:
            self._error(exc)
            return None
        return self._run(dialog, key)

    def change_status(self, new: str | None = None) -> bool:
        """Move the selected signal, measure or action on in its workflow (asks which status)."""
        key = self.current_key()
        item = self._selected_row()
        if item is None or key not in ("signals", "measures", "actions"):
            self._error(KnooppuntError(self.tr("Select a signal, measure or action first")))
            return False
        workflow = {"signals": "signal_status", "measures": "measure_status", "actions": "action_status"}[key]
        try:
            if key == "actions":
                action_id = str(item.data(ITEM))
                old = meetings.get_action(self.store, action_id).status
            else:
                record_id = str(item.data(Qt.ItemDataRole.UserRole))
                old = self.store.get_entity(record_id).get("status")
            allowed = lists.lists()[workflow]["transitions"].get(old, [])
            if new is None:
                labels = [lists.label(workflow, s, self.lang) for s in allowed]
                choice, ok = QInputDialog.getItem(self, self.tr("Change status"), self.tr("New status"), labels, 0,
                                                  False)
                if not ok:
                    return False
                new = allowed[labels.index(choice)]
            if key == "signals":
                signals.edit_signal(self.store, record_id, {"status": new})
            elif key == "measures":
                measures.edit_measure(self.store, record_id, {"status": new})
            else:
                meetings.edit_action(self.store, action_id, status=new)
        except KnooppuntError as exc:
            self._error(exc)
            return False
        self.refresh()
        self.changed.emit()
        return True

    def mark_seen(self) -> bool:
        item = self._selected_row()
        if self.current_key() != "alerts" or item is None:
            return False
        alerts.mark_seen(self.store, str(item.data(ITEM)))
        self.refresh()
        return True
