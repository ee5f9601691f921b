"""The notes on the record shown in the detail panel: dated, authored, labelled; add and delete."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from graph import notes
from graph.errors import KnooppuntError
from graph.store import Store
from views import i18n
from views.forms import dutch_date


def note_line(note: notes.Note) -> str:
    """`dd-mm-jjjj hh:mm  author  [label]` over the note's text."""
    day, _, time = note.at.partition("T")
    return f"{dutch_date(day)} {time[:5]}  {note.author}  [{note.label}]\n{note.text}"


class NotesPanel(QGroupBox):
    """Notes on one record (entity, relation or chart)."""

    failed = Signal(str)  # a one-line message for the window's status or an error box
    changed = Signal()

    def __init__(self, store: Store, parent: Any = None):
        super().__init__(parent)
        self.store = store
        self.record_id: str | None = None
        self.shown: list[notes.Note] = []
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setMinimumHeight(80)
        self.list.setMaximumHeight(160)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(self.tr("Your reasoning, what was agreed…"))
        self.editor.setFixedHeight(60)
        self.btn_add = QPushButton(self.tr("Add note"), self)
        self.btn_add.clicked.connect(self.add)
        self.btn_delete = QPushButton(self.tr("Delete note"), self)
        self.btn_delete.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.btn_add)
        buttons.addWidget(self.btn_delete)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(self.list)
        box.addWidget(self.editor)
        box.addLayout(buttons)
        self.show_record(None)

    def show_record(self, record_id: str | None) -> None:
        self.record_id = record_id
        self.list.clear()
        shown = notes.notes_of(self.store, record_id) if record_id else []
        self.shown = shown
        for n in shown:
            item = QListWidgetItem(note_line(n))
            item.setData(0x0100, n.id)  # Qt.UserRole
            self.list.addItem(item)
        self.setTitle(self.tr("Notes (%1)").replace("%1", str(len(shown))))
        for w in (self.editor, self.btn_add, self.btn_delete):
            w.setEnabled(record_id is not None)

    def add(self) -> notes.Note | None:
        if self.record_id is None:
            return None
        try:
            note = notes.add_note(self.store, self.record_id, self.editor.toPlainText())
        except KnooppuntError as exc:
            self.failed.emit(i18n.core(str(exc)))
            return None
        self.editor.clear()
        self.show_record(self.record_id)
        self.changed.emit()
        return note

    def delete_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        try:
            notes.delete_note(self.store, str(item.data(0x0100)))
        except KnooppuntError as exc:
            self.failed.emit(i18n.core(str(exc)))
            return
        self.show_record(self.record_id)
        self.changed.emit()
