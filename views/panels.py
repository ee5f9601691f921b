"""The main window's panels: search-as-you-type, the entity browser per type, and entity details."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from graph.errors import NotFound
from graph.formatting import format_date, format_property, format_timestamp
from graph.model import Entity, Relation
from graph.store import Store
from views import names
from views.icons import type_icon
from views.models import ID_COLUMN, TYPE_COLUMN, EntityTableModel

# Shared instances: PySide6 6.12 mishandles None refcounts when a style enum is
# converted to QBrush/QPen on every paint call (crashes after a few thousand calls).
_NO_PEN = QPen(Qt.PenStyle.NoPen)
SEARCH_DELAY_MS = 150


class SearchPanel(QWidget):
    """Type a name, KvK number, postcode, plate, IBAN...: results appear while typing."""

    activated = Signal(str)  # entity id
    place = Signal(str)  # double-click: put it on the chart, as in Analyst's Notebook

    def __init__(self, store: Store, lang: str = "nl", parent: Any = None):
        super().__init__(parent)
        self.store = store
        self.lang = lang
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(self.tr("Search names, identifiers, addresses… (Ctrl+F)"))
        self.field.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setUniformItemSizes(True)
        self.count = QLabel(self)
        self.count.setWordWrap(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run)
        self.field.textChanged.connect(lambda _t: self._timer.start())
        self.field.returnPressed.connect(self._enter)
        self.results.itemActivated.connect(lambda item: self.activated.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.results.itemClicked.connect(lambda item: self.activated.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.results.itemDoubleClicked.connect(lambda item: self.place.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.field.installEventFilter(self)  # Down: into the results
        self.results.installEventFilter(self)  # Enter on a result: on the chart
        self._searched: str | None = None  # the text the results are for
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.field)
        box.addWidget(self.count)
        box.addWidget(self.results)
        self._say_count("", 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Find as in Analyst's Notebook, by keyboard: Down from the field into the results, Enter on a result
        puts it on the chart."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if watched is self.field and event.key() == Qt.Key.Key_Down and self.results.count():
            self.results.setFocus()
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)
            return True
        if watched is self.results and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.results.currentItem()
            if item is not None:
                self.place.emit(item.data(Qt.ItemDataRole.UserRole))
                return True
        return False

    def _say_count(self, text: str, hits: int) -> None:
        """The line above the results; an empty field or a search without hits says what to try."""
        if not text.strip():
            self.count.setText(self.tr("Type a name, KvK number, postcode, licence plate or IBAN: results appear "
                                       "as you type. Enter or a double-click puts a result on the chart."))
        elif not hits:
            self.count.setText(self.tr("No results for “%1”. Try part of a name, or a number (KvK, postcode, "
                                       "licence plate, IBAN).").replace("%1", text.strip()))
        else:
            self.count.setText(self.tr("%n result(s)", "", hits))

    def run(self) -> None:
        text = self.field.text()
        self._searched = text
        hits = self.store.search(text, limit=50) if text.strip() else []
        self.results.clear()
        for e in hits:
            et = self.store.schema.entities.get(e.type)
            hint = self.hint(e)
            item = QListWidgetItem(f"{e.caption}  ·  {et.title(self.lang) if et else e.type}"
                                   + (f"  ·  {hint}" if hint else ""))
            item.setData(Qt.ItemDataRole.UserRole, e.id)
            item.setToolTip(self.tr("Enter or double-click: put it on the chart"))  # not its internal id
            if et is not None:
                item.setIcon(type_icon(et.icon, et.color))
            self.results.addItem(item)
        self._say_count(text, len(hits))

    def hint(self, e: Entity) -> str:
        """What tells two results of one name apart: a person's date of birth, else the first identifier
        the caption does not already show (KvK number, plate...). Two "Jan de Vries" looked the same."""
        et = self.store.schema.entities.get(e.type)
        if et is None:
            return ""
        for name in ("birth_date", *et.identity):
            spec, value = et.properties.get(name), e.properties.get(name)
            if spec is None or value in (None, ""):
                continue
            text = format_property(spec.type, name, value, self.lang)
            if text and text not in (e.caption or ""):
                return text
        return ""

    def _enter(self) -> None:
        """Enter in the field: the selected result (else the first) on the chart, selected, as ANB's find does
        with one key; it only showed the first result's details. Typed on since the last search: search first."""
        if self._timer.isActive() or self._searched != self.field.text():
            self._timer.stop()
            self.run()
        if not self.results.count():
            return
        item = self.results.currentItem() if self.results.selectedItems() else None
        if item is None:
            self.results.setCurrentRow(0)
            item = self.results.item(0)
        self.place.emit(item.data(Qt.ItemDataRole.UserRole))


class BrowserPanel(QWidget):
    """A table per entity type; scrolls through any number of records, filter by text, sort by column."""

    activated = Signal(str)
    place = Signal(str)  # double-click: put it on the chart

    def __init__(self, store: Store, lang: str = "nl", reopen: Callable[[], Store] | None = None,
                 parent: Any = None, reader: Store | None = None):
        super().__init__(parent)
        self.store = store
        self.lang = lang
        self.reopen = reopen
        self.reader = reader
        self.type_box = QComboBox(self)
        counts = store.counts()
        for name, et in store.schema.entities.items():
            self.type_box.addItem(type_icon(et.icon, et.color), f"{et.plural.get(lang, name)} ({counts.get(name, 0)})",
                                  name)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter…"))
        self.filter.setClearButtonEnabled(True)
        self.table = QTableView(self)
        self.table.setSortingEnabled(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionsClickable(True)
        self.table.horizontalHeader().sectionClicked.connect(self._sort)
        self.table.doubleClicked.connect(lambda idx: self.activated.emit(self.model.entity_id(idx.row())))
        self.table.doubleClicked.connect(lambda idx: self.place.emit(self.model.entity_id(idx.row())))
        self.table.installEventFilter(self)  # Enter on a row: on the chart, as in Find
        self.filter.returnPressed.connect(self._filter_enter)
        self.status = QLabel(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(lambda: self.model.set_filter(self.filter.text()))
        self.filter.textChanged.connect(lambda _t: self._timer.start())
        self.type_box.currentIndexChanged.connect(lambda _i: self.show_type(self.type_box.currentData()))
        top = QHBoxLayout()
        top.addWidget(self.type_box, 1)
        top.addWidget(self.filter, 2)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addLayout(top)
        box.addWidget(self.table)
        box.addWidget(self.status)
        self._order = Qt.SortOrder.AscendingOrder
        self._sort_column = -1
        self.show_type(self.type_box.currentData())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on a row puts it on the chart (only a double-click did), as Enter does in Find."""
        if (watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            index = self.table.currentIndex()
            if index.isValid():
                self.activated.emit(self.model.entity_id(index.row()))
                self.place.emit(self.model.entity_id(index.row()))
                return True
        return False

    def _filter_enter(self) -> None:
        """Enter in the filter: filter now, then into the rows (Enter again puts the first on the chart)."""
        self._timer.stop()
        self.model.set_filter(self.filter.text())
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def show_type(self, entity_type: str) -> None:
        old = getattr(self, "model", None)
        if old is not None:
            old.release()
        self.model = EntityTableModel(self.store, entity_type, self.lang, self.reopen, self, self.reader)
        self.model.busy.connect(lambda b: self.status.setText(self.tr("Sorting…") if b else ""))
        self.model.error.connect(self.status.setText)
        self.model.filtered.connect(self._filtered)
        self.table.setModel(self.model)
        self.table.setColumnWidth(0, 220)
        self.table.setColumnHidden(ID_COLUMN, True)  # the internal id (per-0fb0…) tells an analyst nothing
        # the type box above names the one type every row has: a Soort column repeating it took a property's room
        self.table.setColumnHidden(TYPE_COLUMN, True)
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.blockSignals(False)
        self._sort_column = -1
        self._sort(0)  # by name (case and accents ignored), as an analyst looks a name up

    def _filtered(self, shown: int, total: int, capped: bool) -> None:
        """Say when the filter shows only part of its matches (never cut a list silently)."""
        if shown >= total and not capped:
            self.status.setText("")
            return
        number = (lambda n: f"{n:,}".replace(",", ".")) if self.lang == "nl" else (lambda n: f"{n:,}")
        text = (self.tr("First {shown} of more than {total} matches: refine the filter to see the others") if capped
                else self.tr("First {shown} of {total} matches: refine the filter to see the others"))
        self.status.setText(text.format(shown=number(shown), total=number(total)))

    def _sort(self, column: int) -> None:
        """First click on a column sorts ascending, the next one descending."""
        if column == self._sort_column and self._order == Qt.SortOrder.AscendingOrder:
            self._order = Qt.SortOrder.DescendingOrder
        else:
            self._order = Qt.SortOrder.AscendingOrder
        self._sort_column = column
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSortIndicator(column, self._order)
        self.model.sort(column, self._order)


class Timeline(QWidget):
    """Bars for the validity of an entity's relations: who was linked when, at a glance."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.items: list[tuple[str, str | None, str | None, str]] = []  # text, from, to, colour
        self.drawn_labels: list[str] = []  # the row labels as last painted (tests)
        self.setMinimumHeight(60)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_items(self, items: list[tuple[str, str | None, str | None, str]]) -> None:
        self.items = [i for i in items if i[1] or i[2]][:40]
        self.setMinimumHeight(24 + 14 * len(self.items))
        self.update()

    @staticmethod
    def _date(text: str | None) -> QDate | None:
        if not text:
            return None
        d = QDate.fromString(text[:10], "yyyy-MM-dd")
        return d if d.isValid() else None

    def paintEvent(self, event: Any) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
        painter.setFont(font)
        if not self.items:
            painter.setPen(QColor("#777"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No dated relations"))
            return
        dates = [d for _, a, b, _ in self.items for d in (self._date(a), self._date(b)) if d is not None]
        today = QDate.currentDate()
        lo = min([*dates, today]).addMonths(-6)
        hi = max([*dates, today]).addMonths(6)
        span = max(1, lo.daysTo(hi))
        left, width = 150.0, max(10.0, self.width() - 160.0)

        def x(d: QDate) -> float:
            return left + width * lo.daysTo(d) / span

        painter.setPen(QPen(QColor("#999"), 1))
        years = list(range(lo.year() + 1, hi.year() + 1))
        step = max(1, int(len(years) * 34 / width) + 1)  # a label needs ~34 px
        for year in years:
            xx = x(QDate(year, 1, 1))
            painter.drawLine(int(xx), 12, int(xx), self.height())
            if (year - years[0]) % step:
                continue
            painter.drawText(QRectF(xx - 20, 0, 40, 12), Qt.AlignmentFlag.AlignCenter, str(year))
        metrics = painter.fontMetrics()
        self.drawn_labels = []
        for i, (text, a, b, colour) in enumerate(self.items):
            y = 16 + i * 14
            painter.setPen(QColor("#222"))
            # elided to the column: right-aligned text that did not fit lost its start ("estuurder van ...")
            label = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(left - 8))
            self.drawn_labels.append(label)
            painter.drawText(QRectF(2, y, left - 6, 12), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             label)
            start = self._date(a) or lo
            end = self._date(b) or today
            painter.setPen(_NO_PEN)
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(QRectF(x(start), y + 2, max(3.0, x(end) - x(start)), 9), 3, 3)
        painter.setPen(QPen(QColor("#d00000"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(int(x(today)), 12, int(x(today)), self.height())


def _wrapped(text: str) -> QLabel:
    """A value that wraps: one long grading text ("A1 (volledig betrouwbaar, bevestigd)") widened the whole
    details panel past its dock, which then scrolled sideways."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class DetailPanel(QScrollArea):
    """Everything about one entity: properties, sources with grading, label, relations and their timeline."""

    add_to_chart = Signal(str)
    expand_on_chart = Signal(str)
    activated = Signal(str)
    shown = Signal(object)  # the id of the entity now shown (notes and documents follow it)

    def __init__(self, store: Store, lang: str = "nl", parent: Any = None):
        super().__init__(parent)
        self.store = store
        self.lang = lang
        self.entity: Entity | None = None
        inner = QWidget(self)
        self.setWidget(inner)
        self.setWidgetResizable(True)
        self.title = QLabel(self.tr("No entity selected"), inner)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel(inner)
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.btn_add = QPushButton(self.tr("Add to chart"), inner)
        self.btn_expand = QPushButton(self.tr("Add with neighbours"), inner)
        self.btn_add.clicked.connect(lambda: self.entity and self.add_to_chart.emit(self.entity.id))
        self.btn_expand.clicked.connect(lambda: self.entity and self.expand_on_chart.emit(self.entity.id))
        buttons = QHBoxLayout()
        buttons.addWidget(self.btn_add)
        buttons.addWidget(self.btn_expand)
        buttons.addStretch(1)
        self.props = QFormLayout()
        props_box = QGroupBox(self.tr("Properties"), inner)
        props_box.setLayout(self.props)
        self.meta = QFormLayout()
        meta_box = QGroupBox(self.tr("Grading and security"), inner)
        meta_box.setLayout(self.meta)
        self.sources = self._table([self.tr("Source"), self.tr("Reference"), self.tr("Received"), self.tr("Grading"),
                                    self.tr("Added by")], inner, stretch=0)
        sources_box = QGroupBox(self.tr("Provenance"), inner)
        QVBoxLayout(sources_box).addWidget(self.sources)
        self.relations = self._table([self.tr("Relation"), self.tr("Entity"), self.tr("From"), self.tr("To"),
                                      self.tr("Grading"), self.tr("Label")], inner, stretch=1)
        self.relations.doubleClicked.connect(self._relation_activated)
        self.relations_box = QGroupBox(self.tr("Relations"), inner)
        QVBoxLayout(self.relations_box).addWidget(self.relations)
        self.timeline = Timeline(inner)
        timeline_box = QGroupBox(self.tr("Timeline of relations"), inner)
        QVBoxLayout(timeline_box).addWidget(self.timeline)
        box = QVBoxLayout(inner)
        box.addWidget(self.title)
        box.addWidget(self.subtitle)
        box.addLayout(buttons)
        for group in (props_box, meta_box, sources_box, self.relations_box, timeline_box):
            box.addWidget(group)
        box.addStretch(1)
        self._other_ids: list[str] = []
        self.btn_add.setEnabled(False)
        self.btn_expand.setEnabled(False)

    @staticmethod
    def _table(headers: list[str], parent: QWidget, stretch: int = 0) -> QTableWidget:
        t = QTableWidget(0, len(headers), parent)
        t.setHorizontalHeaderLabels(headers)
        t.verticalHeader().hide()
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = t.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Interactive)  # long names: fixed, elided
        header.setMinimumSectionSize(40)
        t.setColumnWidth(stretch, 150)
        t.setWordWrap(False)
        t.verticalHeader().setDefaultSectionSize(20)
        t.setMinimumHeight(50)
        return t

    @staticmethod
    def _clear(form: QFormLayout) -> None:
        while form.rowCount():
            form.removeRow(0)


    def validity(self, start: Any, end: Any) -> str:
        """A period in words: an unknown one showed as "… – …", which reads as a glitch."""
        first, last = format_date(start, self.lang), format_date(end, self.lang)
        if first and last:
            return f"{first} – {last}"
        if first:
            return self.tr("from %1").replace("%1", first)
        if last:
            return self.tr("until %1").replace("%1", last)
        return self.tr("not known")

    def show_entity(self, entity_id: str) -> bool:
        try:
            e = self.store.get_entity(entity_id)
        except NotFound:
            self.title.setText(self.tr("Not found or not visible to you: %1").replace("%1", entity_id))
            return False
        self.entity = e
        schema = self.store.schema
        et = schema.entities[e.type]
        self.title.setText(e.caption or e.id)
        self.subtitle.setText(et.title(self.lang))  # the type, not the internal id (per-6e9a…) no analyst knows
        self.btn_add.setEnabled(True)
        self.btn_expand.setEnabled(True)
        self._clear(self.props)
        for name, spec in et.properties.items():
            if name in e.properties:
                label = QLabel(format_property(spec.type, name, e.properties[name], self.lang, e.type))
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setWordWrap(True)
                self.props.addRow(spec.label.get(self.lang, name) + ":", label)
        self._show_meta(e)
        self._show_sources(e.id)
        self._show_relations(e)  # the guarded store audits the view itself
        self.shown.emit(e.id)
        return True

    def _show_meta(self, record: Entity | Relation) -> None:
        self._clear(self.meta)
        security = _wrapped(names.security_label(record.label))
        if record.label != "open":
            security.setStyleSheet("font-weight: bold")  # bold, not red: red means a red flag
        rows = ((self.tr("Grading:"), _wrapped(names.grading(record.grading or None))),
                (self.tr("Security label:"), security),
                (self.tr("Valid:"), _wrapped(self.validity(record.valid_from, record.valid_to))),
                (self.tr("Created:"),
                 _wrapped(f"{format_timestamp(record.created_at, self.lang)} {record.created_by or ''}")),
                (self.tr("Updated:"),
                 _wrapped(f"{format_timestamp(record.updated_at, self.lang)} {record.updated_by or ''}")))
        for text, label in rows:
            self.meta.addRow(text, label)

    def _show_sources(self, record_id: str) -> None:
        sources = self.store.sources(record_id)
        self.sources.setRowCount(len(sources))
        for i, s in enumerate(sources):
            grading = f"{s.reliability or '-'}{s.credibility or '-'}"
            for j, v in enumerate((s.source, s.reference, format_date(s.received, self.lang), grading,
                                   s.added_by)):
                self.sources.setItem(i, j, QTableWidgetItem(v or ""))
        self.sources.setFixedHeight(min(160, 28 + 21 * len(sources)))

    def show_relation(self, relation_id: str) -> bool:
        """A link clicked on the chart: its type, ends, properties, period, grading, label and sources,
        as an analyst used to link properties in Analyst's Notebook expects (the panel kept the last entity)."""
        try:
            r = self.store.get_relation(relation_id)
        except NotFound:
            self.title.setText(self.tr("Not found or not visible to you: %1").replace("%1", relation_id))
            return False
        rt = self.store.schema.relations.get(r.type)
        ends = self.store.get_entities({r.source_id, r.target_id})
        source, target = ((ends[i].caption or i) if i in ends else i for i in (r.source_id, r.target_id))
        self.entity = None
        self.title.setText(rt.title(self.lang) if rt else r.type)
        self.subtitle.setText(f"{source} → {target}")
        self.btn_add.setEnabled(False)
        self.btn_expand.setEnabled(False)
        self._clear(self.props)
        for name, value in r.properties.items():
            spec = rt.properties.get(name) if rt else None
            text = format_property(spec.type, name, value, self.lang) if spec else str(value)
            label = QLabel(text)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            self.props.addRow((spec.label.get(self.lang, name) if spec else name) + ":", label)
        self._show_meta(r)
        self._show_sources(r.id)
        self.relations.setRowCount(0)
        self._other_ids = []
        self.relations_box.setTitle(self.tr("Relations (%1)").replace("%1", "0"))
        self.timeline.set_items([])
        return True

    def _show_relations(self, e: Entity) -> None:
        relations: list[Relation] = self.store.relations_of(e.id)
        others = self.store.get_entities({r.target_id if r.source_id == e.id else r.source_id for r in relations})
        self.relations.setRowCount(len(relations))
        self._other_ids = []
        timeline = []
        for i, r in enumerate(relations):
            outgoing = r.source_id == e.id
            other_id = r.target_id if outgoing else r.source_id
            other = others.get(other_id)
            rt = self.store.schema.relations[r.type]
            title = rt.title(self.lang) if outgoing else "← " + rt.title(self.lang)
            other_caption = other.caption if other else other_id
            for j, v in enumerate((title, other_caption, format_date(r.valid_from, self.lang),
                                   format_date(r.valid_to, self.lang), r.grading, names.security_label(r.label))):
                self.relations.setItem(i, j, QTableWidgetItem(v or ""))
            self._other_ids.append(other_id)
            colour = self.store.schema.entities[other.type].color if other else "#888888"
            timeline.append((f"{title} {other_caption}", r.valid_from, r.valid_to, colour))
        self.relations_box.setTitle(self.tr("Relations (%1)").replace("%1", str(len(relations))))
        self.relations.setFixedHeight(min(320, 28 + 21 * max(1, len(relations))))
        self.timeline.set_items(timeline)

    def _relation_activated(self, index: Any) -> None:
        if 0 <= index.row() < len(self._other_ids):
            self.activated.emit(self._other_ids[index.row()])
