"""Sources and grading (as in ANB): every source in the project, how it was graded, what it supports."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from graph.errors import KnooppuntError
from graph.sources import SourceSupport, sources_list
from graph.store import Store
from views import names
from views.forms import dutch_date


class SourcesView(QDialog):
    """A table of sources; selecting one lists the records it supports (double-click opens one)."""

    activated = Signal(str)  # an entity id

    def __init__(self, store: Store, parent: QWidget | None = None, lang: str = "nl"):
        super().__init__(parent)
        self.store = store
        self.lang = lang
        self.setWindowTitle(self.tr("Sources and grading"))
        self.resize(820, 520)
        self.rows: list[SourceSupport] = sources_list(store)
        headers = [self.tr("Source"), self.tr("Grading"), self.tr("Entities"), self.tr("Relations"),
                   self.tr("References"), self.tr("Received")]
        self.table = QTableWidget(len(self.rows), len(headers), self)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for i, s in enumerate(self.rows):
            received = (f"{dutch_date(s.first_received)} – {dutch_date(s.last_received or '')}"
                        if s.first_received else "")
            for j, v in enumerate((s.source, s.grading_text(), len(s.entities), len(s.relations),
                                   len(s.references), received)):
                cell = QTableWidgetItem(str(v))
                if j == 1:  # "A1 ×700" said nothing more: what each grade means
                    grades = sorted(s.gradings.items(), key=lambda gn: (-gn[1], gn[0]))
                    cell.setToolTip("\n".join(f"{names.grading(g if g.strip('-') else None)} ×{n}" for g, n in grades))
                self.table.setItem(i, j, cell)
        self.table.itemSelectionChanged.connect(self._show_support)
        self.supported = QListWidget(self)
        self.supported.itemDoubleClicked.connect(lambda item: self.activated.emit(item.data(0x0100)))
        self.caption = QLabel(self.tr("Select a source to see the records it supports."), self)
        lower = QWidget(self)
        box = QVBoxLayout(lower)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.caption)
        box.addWidget(self.supported)
        split = QSplitter(self)
        split.setOrientation(split.orientation().Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        QVBoxLayout(self).addWidget(split)

    def _show_support(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        self.supported.clear()
        if not rows:
            return
        s = self.rows[min(rows)]
        found = self.store.get_entities(s.entities[:500])
        for record_id in s.entities[:500]:
            e = found.get(record_id)
            item = QListWidgetItem(f"{e.caption} ({self.store.schema.entities[e.type].title(self.lang)})" if e
                                   else record_id)
            item.setData(0x0100, record_id)
            self.supported.addItem(item)
        for record_id, text in self._relation_texts(s.relations[:500]).items():
            item = QListWidgetItem(text)
            item.setData(0x0100, record_id)
            self.supported.addItem(item)
        self.caption.setText(self.tr("%1 supports %n records", "", s.records).replace("%1", s.source))

    def _relation_texts(self, ids: list[str]) -> dict[str, str]:
        """A relation as 'bestuurder van: Jan de Vries → Vries Bouw B.V.', not 'Relatie rel-4f0c…' (its id)."""
        relations = {}
        for record_id in ids:
            try:
                relations[record_id] = self.store.get_relation(record_id)
            except KnooppuntError:  # gone, or out of this member's sight since the list was made
                continue
        ends = self.store.get_entities({i for r in relations.values() for i in (r.source_id, r.target_id)})
        texts = {}
        for record_id, r in relations.items():
            rt = self.store.schema.relations.get(r.type)
            source, target = ((ends[i].caption or i) if i in ends else "…" for i in (r.source_id, r.target_id))
            texts[record_id] = f"{rt.title(self.lang) if rt else r.type}: {source} → {target}"
        return texts
