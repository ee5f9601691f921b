"""Table models over the store: rows are fetched lazily so a million records never freeze the UI.

`EntityTableModel` pulls rows from `store.iter_entities(type)` 500 at a time as the table
scrolls (canFetchMore/fetchMore). Filtering asks the full-text index. Sorting a type that
is not fully loaded reads it in a worker thread (own connection) and sorts there.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from graph.formatting import format_date, format_property, format_significant
from graph.model import Entity
from graph.store import Store
from views import names
from views.operations import Operation, Progress

BATCH = 500
FILTER_LIMIT = 2000  # rows a filter shows; beyond it the browser says "first 2,000 of N"
COUNT_CAP = 20_000  # a filter with more matches is counted only this far ("of more than 20,000")
MAX_PROPERTY_COLUMNS = 6
ID_COLUMN = 2  # EntityTableModel: name, type title, id, ...
TYPE_COLUMN = 1
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root: tables have no children


def name_key(value: Any) -> str:
    """Sort key for names: case and accents ignored ("Çelik" with the C's, "de Vries" with "De Vries")."""
    text = unicodedata.normalize("NFKD", str(value))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


class EntityTableModel(QAbstractTableModel):
    """All entities of one type, as a table: name, type, id, the first properties, grading, validity, label."""

    busy = Signal(bool)
    error = Signal(str)
    filtered = Signal(int, int, bool)  # rows shown, matches counted, counting stopped at COUNT_CAP

    def __init__(self, store: Store, entity_type: str, lang: str = "nl",
                 reopen: Callable[[], Store] | None = None, parent: Any = None, reader: Store | None = None):
        super().__init__(parent)
        self.store = store
        self.reader = reader or store  # where the long-lived cursor lives (see Session.reader)
        self.entity_type = entity_type
        self.lang = lang
        self.reopen = reopen
        et = store.schema.entities[entity_type]
        # Sensitive properties (BSN) stay out of overview tables; the detail panel shows them.
        # The first caption property (a person's name) is the Name column already: a second Naam column said it twice.
        shown = [p for p, spec in et.properties.items() if not spec.sensitive and p != next(iter(et.caption), None)]
        self.properties = shown[:MAX_PROPERTY_COLUMNS]
        self.kinds = [et.properties[p].type for p in self.properties]
        labels = [et.properties[p].label.get(lang, p) for p in self.properties]
        self.type_title = et.title(lang)
        self.headers = [self.tr("Name"), self.tr("Type"), self.tr("Id"), *labels, self.tr("Grading"),
                        self.tr("Valid from"), self.tr("Valid to"), self.tr("Label"), self.tr("Source")]
        self.rows: list[tuple[Any, ...]] = []
        self._source: Iterator[Entity] | None = None
        self._complete = False
        self.filter_text = ""
        self._task: Operation | None = None
        self.sorted_by: tuple[int, Qt.SortOrder] | None = None
        self.reload()

    # -- rows ----------------------------------------------------------------------------------
    def row_of(self, e: Entity) -> tuple[Any, ...]:
        # property values as stored (ISO dates sort right); shown by format_property in data()
        return (e.caption, self.type_title, e.id, *(e.properties.get(p) for p in self.properties), e.grading,
                e.valid_from or "", e.valid_to or "", e.label, e.provenance.source if e.provenance else "")

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = []
        self._source = self.reader.iter_entities(self.entity_type)
        self._complete = False
        self.filter_text = ""
        self.endResetModel()

    def set_filter(self, text: str, limit: int | None = None) -> None:
        """Show only entities matching text (names, identifiers; word prefixes); empty text shows all.

        At most `limit` rows; when there are more, `filtered` says how many (counted up to
        COUNT_CAP), so the browser never cuts a list without saying so."""
        limit = FILTER_LIMIT if limit is None else limit
        text = text.strip()
        if not text:
            if self.filter_text:
                self.reload()
                if self.sorted_by is not None:  # back to the whole list, in the order it had
                    self.sort(*self.sorted_by)
            self.filtered.emit(len(self.rows), len(self.rows), False)
            return
        hits = self.store.search(text, types=[self.entity_type], limit=limit + 1)
        total, capped = len(hits), False
        if total > limit:
            hits = hits[:limit]
            total = len(self.store.search(text, types=[self.entity_type], limit=COUNT_CAP + 1))
            capped = total > COUNT_CAP
            total = min(total, COUNT_CAP)
        self.beginResetModel()
        self.filter_text = text
        self.rows = [self.row_of(e) for e in hits]
        self._source = None
        self._complete = True
        self.endResetModel()
        self.filtered.emit(len(self.rows), total, capped)

    def release(self) -> None:
        """Forget the open cursor and the rows (the project is being locked or closed)."""
        if self._task is not None:
            self._task.cancel()
        self.beginResetModel()
        self.rows, self._source, self._complete = [], None, True
        self.endResetModel()

    def entity_id(self, row: int) -> str:
        return str(self.rows[row][ID_COLUMN])

    # -- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self.rows[index.row()][index.column()]
            first_date = ID_COLUMN + len(self.properties) + 2  # rows keep ISO dates and label codes: they sort right
            prop = index.column() - ID_COLUMN - 1
            if 0 <= prop < len(self.properties):  # a birth date read 2001-05-23 beside 'Geldig vanaf' 06-10-2021
                return "" if value in (None, "") else format_property(self.kinds[prop], self.properties[prop],
                                                                       value, self.lang, self.entity_type)
            if index.column() in (first_date, first_date + 1):
                return format_date(value, self.lang)
            if index.column() == first_date + 2:
                return names.security_label(value)
            return value
        if role == Qt.ItemDataRole.UserRole:
            return self.rows[index.row()][ID_COLUMN]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: Index = _ROOT) -> None:
        if self._source is None or self._complete:
            return
        batch = []
        for e in self._source:
            batch.append(self.row_of(e))
            if len(batch) >= BATCH:
                break
        else:
            self._complete = True
            self._source = None
        if batch:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(batch) - 1)
            self.rows.extend(batch)
            self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.headers):
            return
        self.sorted_by = (column, order)
        reverse = order == Qt.SortOrder.DescendingOrder

        def key(row: tuple[Any, ...]) -> Any:
            return name_key(_display(row[column]))

        if self._complete or self.reopen is None:
            self.layoutAboutToBeChanged.emit()
            self.rows.sort(key=key, reverse=reverse)
            self.layoutChanged.emit()
            return
        if self._task is not None:
            self._task.cancel()
        etype, row_of = self.entity_type, self.row_of

        def load_all(store: Store, progress: Progress) -> list[tuple[Any, ...]]:
            rows = []
            for i, e in enumerate(store.iter_entities(etype)):
                rows.append(row_of(e))
                if i % 5000 == 0:
                    progress(i)
            rows.sort(key=key, reverse=reverse)
            return rows

        def done(rows: list[tuple[Any, ...]]) -> None:
            if not isValid(self):  # the table went (another type, the window closed) before the sort ended
                return
            self.beginResetModel()
            self.rows, self._source, self._complete = rows, None, True
            self.endResetModel()
            self._task = None
            self.busy.emit(False)

        def failed(msg: str) -> None:
            if not isValid(self):
                return
            self._task = None
            self.busy.emit(False)
            self.error.emit(msg)

        self.busy.emit(True)
        parent = self.parent()
        self._task = Operation(parent if isinstance(parent, QWidget) else None, self.reopen, load_all,
                               title=self.tr("Sorting"), on_done=done, on_error=failed).run_in_background()


class ResultTableModel(QAbstractTableModel):
    """Rows of dicts (analysis results, dry-run rows, import previews): sortable by any column."""

    def __init__(self, rows: list[dict[str, Any]], columns: list[str], headers: list[str] | None = None,
                 parent: Any = None, formats: Sequence[Callable[..., str]] | None = None, lang: str = "en"):
        super().__init__(parent)
        self.rows = rows
        self.columns = columns
        self.headers = headers or columns
        self.formats = formats  # per column: value -> shown text (graph.formatting by declared kind)
        self.lang = lang

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.rows[index.row()].get(self.columns[index.column()])
        if role == Qt.ItemDataRole.DisplayRole:
            if self.formats is not None:
                return self.formats[index.column()](value)
            if isinstance(value, float):
                return f"{value:.4g}"
            return _display(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.formats is None:
                return _display(value)
            if isinstance(value, float):  # the score to three digits (0.0823456789 raw; 0 in a 4-decimal cell)
                return format_significant(value, self.lang)
            return self.formats[index.column()](value)  # the whole cell as the analyst reads it, not ids or codes
        if role == Qt.ItemDataRole.UserRole:
            return self.rows[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return  # -1: "unsorted", keep the order the rows came in
        name = self.columns[column]

        def key(row: dict[str, Any]) -> tuple[int, Any]:
            v = row.get(name)
            if isinstance(v, int | float):
                return (0, v)
            return (1, _display(v).casefold())

        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()
