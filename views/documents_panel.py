"""The evidence documents of the record shown in the detail panel: attach, open, candidates.

Opening writes a temporary decrypted copy (`graph.documents.opened`) and hands it to the
desktop's viewer; the copy is removed when the analyst closes it here ("Close opened
documents"), when another record is shown, or when the project locks or the window closes.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from graph import documents
from graph.errors import KnooppuntError
from graph.store import Store
from views import file_dialogs, i18n
from views.forms import dutch_date

ROLE = Qt.ItemDataRole.UserRole


class DocumentsPanel(QGroupBox):
    """Documents of one record."""

    failed = Signal(str)
    changed = Signal()
    attached = Signal(object)  # the stored graph.documents.Document

    def __init__(self, store: Store, parent: Any = None, lang: str = "nl"):
        super().__init__(parent)
        self.store = store
        self.lang = lang
        self.record_id: str | None = None
        self.opened: dict[str, Path] = {}  # document id -> its temporary copy
        self._stack = ExitStack()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="document-text")
        self._closed = False
        self.list = QListWidget(self)
        self.list.setMinimumHeight(60)
        self.list.setMaximumHeight(140)
        self.list.setWordWrap(True)
        self.list.itemDoubleClicked.connect(lambda item: self.open_document(str(item.data(ROLE))))
        self.btn_attach = QPushButton(self.tr("Attach document…"), self)
        self.btn_attach.clicked.connect(lambda: self.attach())
        self.btn_open = QPushButton(self.tr("Open"), self)
        self.btn_open.clicked.connect(lambda: self._with_selected(self.open_document))
        self.btn_close = QPushButton(self.tr("Close opened documents"), self)
        self.btn_close.clicked.connect(self.close_opened)
        self.btn_candidates = QPushButton(self.tr("Identifiers found…"), self)
        self.btn_candidates.clicked.connect(lambda: self._with_selected(self.show_candidates))
        buttons = QGridLayout()  # two rows: the detail panel stays narrow
        for i, b in enumerate((self.btn_attach, self.btn_open, self.btn_candidates, self.btn_close)):
            buttons.addWidget(b, i // 2, i % 2)
        box = QVBoxLayout(self)
        box.addWidget(self.list)
        box.addLayout(buttons)
        self.show_record(None)

    def show_record(self, record_id: str | None) -> None:
        if record_id != self.record_id:
            self.close_opened()
        self.record_id = record_id
        self.list.clear()
        shown = documents.documents_of(self.store, record_id) if record_id else []
        for d in shown:
            note = f"\n{d.extract_note}" if d.extract_note else ""
            size = f"{d.size:,}".replace(",", ".")  # Dutch thousands separator
            text = (f"{d.name}  ({size} bytes, {dutch_date(d.added_at[:10])}, {d.added_by}, [{d.label}])"
                    f"{' — ' + d.description if d.description else ''}{note}")
            item = QListWidgetItem(text)
            item.setData(ROLE, d.id)
            self.list.addItem(item)
        self.setTitle(self.tr("Documents (%1)").replace("%1", str(len(shown))))
        for w in (self.btn_attach, self.btn_open, self.btn_candidates):
            w.setEnabled(record_id is not None)
        self.btn_close.setEnabled(bool(self.opened))

    def _with_selected(self, action: Any) -> None:
        item = self.list.currentItem() or (self.list.item(0) if self.list.count() == 1 else None)
        if item is not None:
            action(str(item.data(ROLE)))

    def attach(self, path: Path | None = None, description: str = "") -> Future[Any] | None:
        """Read a file's text off the interface thread, then store it; `attached` tells when done."""
        if self.record_id is None:
            return None
        if path is None:
            chosen = file_dialogs.open_file(self, self.tr("Attach document"))
            if not chosen:
                return None
            path = Path(chosen)
        try:
            data = documents.read_file(self.store, path)
        except KnooppuntError as exc:
            self.failed.emit(i18n.core(str(exc)))
            return None
        record_id, name = self.record_id, path.name
        future = self._pool.submit(documents.extract_text, name, data)
        self.btn_attach.setEnabled(False)
        self.setTitle(self.tr("Documents — reading %1…").replace("%1", name))
        timer = QTimer(self)

        def finish() -> None:
            if not future.done():
                return
            timer.stop()
            timer.deleteLater()
            if self._closed:  # the project locked meanwhile: nothing is stored
                return
            try:
                doc = documents.attach_bytes(self.store, record_id, name, data, description=description,
                                             extracted=future.result())
            except KnooppuntError as exc:
                self.failed.emit(i18n.core(str(exc)))
                self.show_record(self.record_id)
                return
            if doc.extract_note:
                self.failed.emit(doc.extract_note)
            self.show_record(self.record_id)
            self.changed.emit()
            self.attached.emit(doc)
        timer.timeout.connect(finish)
        timer.start(30)
        return future

    def open_document(self, doc_id: str, *, launch: bool = True) -> Path | None:
        """Write the temporary copy and hand it to the desktop's viewer."""
        try:
            path = self._stack.enter_context(documents.opened(self.store, doc_id))
        except KnooppuntError as exc:
            self.failed.emit(i18n.core(str(exc)))
            return None
        self.opened[doc_id] = path
        self.btn_close.setEnabled(True)
        if launch:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    def close_opened(self) -> None:
        """Remove every temporary copy this panel made."""
        self._stack.close()
        self._stack = ExitStack()
        self.opened.clear()
        self.btn_close.setEnabled(False)

    def shutdown(self) -> None:
        """The project locks or the window closes: remove copies, store nothing still being read."""
        self._closed = True
        self.close_opened()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def show_candidates(self, doc_id: str) -> CandidatesDialog | None:
        try:
            found = documents.candidates(self.store, doc_id)
        except KnooppuntError as exc:
            self.failed.emit(i18n.core(str(exc)))
            return None
        dialog = CandidatesDialog(self.store, doc_id, found, self, lang=self.lang)
        dialog.confirmed.connect(self.changed.emit)
        dialog.open()
        return dialog


class CandidatesDialog(QDialog):
    """Identifiers found in a document: tick the ones to create (and link); nothing happens otherwise."""

    confirmed = Signal()

    def __init__(self, store: Store, doc_id: str, found: list[documents.Candidate], parent: QWidget | None = None,
                 lang: str = "nl"):
        super().__init__(parent)
        self.store = store
        self.doc_id = doc_id
        self.found = found
        self.created: list[str] = []
        self.setWindowTitle(self.tr("Identifiers found in the document"))
        self.setMinimumWidth(560)
        self.list = QListWidget(self)
        schema = store.schema
        for c in found:
            known = self.tr(" — already in the project") if c.existing_id else ""
            link = (self.tr(" — link as %1").replace("%1", schema.relations[c.relation_type].title(lang))
                    if c.relation_type else "")
            item = QListWidgetItem(f"{schema.entities[c.entity_type].title(lang)}: {c.value}{known}{link}\n"
                                   f"   …{c.context}…")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        info = QLabel(self.tr("Nothing is created until you tick an identifier and confirm."), self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create ticked"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020")
        box = QVBoxLayout(self)
        box.addWidget(info)
        box.addWidget(self.list)
        box.addWidget(self.error)
        box.addWidget(self.buttons)

    def accept(self) -> None:
        try:
            for i, c in enumerate(self.found):
                if self.list.item(i).checkState() == Qt.CheckState.Checked:
                    entity, _ = documents.confirm_candidate(self.store, self.doc_id, c)
                    self.created.append(entity.id)
        except KnooppuntError as exc:
            self.error.setText(i18n.core(str(exc)))
            return
        if self.created:
            self.confirmed.emit()
        super().accept()
