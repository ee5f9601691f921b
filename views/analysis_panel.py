"""Analysis panels: an analysis of the core catalogue, its parameter form, a sortable result table.

Everything the panel knows about an analysis comes from `graph.analysis.catalogue`: the
title, the parameter form (kinds, defaults, bounds, labels and help in the interface
language), the column headers and how to format them, and which columns hold the row's
entity, its score, its group and its evidence. It runs through the catalogue's `run()` in
a background `Operation`, so the CLI and the GUI leave the same audit entry.

Clicking a row selects and centres its entity on the chart (adding it when absent);
"Add to chart", "Size by score", "Colour by group" and "Open evidence" act on the chart
and the detail panel.
"""

from __future__ import annotations

import math
import re
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from graph.analysis.catalogue import CATALOGUE, Analysis, Param
from views.models import ResultTableModel
from views.operations import Operation, Progress

MAX_ADD = 200
MAX_ROWS = 5000  # rows a panel holds: the CLI (--top, --csv) serves longer lists
_LARGE = 2_000_000_000


def _format(value: Any, *, lang: str, kind: str) -> str:
    """A cell as the analyst reads it; type codes by their title in the language (Persoon, not Person)."""
    from graph.analysis.display import display_cell
    from graph.schema import default_schema
    return display_cell(value, kind, lang, default_schema())


def method_notes(attrs: dict[Any, Any], lang: str) -> list[str]:
    """The method lines and, for an estimate, what its margin means, in the language."""
    from graph.analysis.catalogue import method_lines
    lines = method_lines({str(k): v for k, v in attrs.items()}, lang)
    explanation = (attrs.get("explanation") or {}).get(lang)
    return [*lines, explanation] if explanation else lines


def available_analyses(lang: str = "nl") -> list[Analysis]:
    """The analyses of the core catalogue, in menu order."""
    return list(CATALOGUE.values())


def _plain(value: Any) -> Any:
    """numpy scalars and arrays as Python values (NaN as None), so tables sort and format them."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    elif hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float) and value != value:
        return None
    return value


def rows_of(df: Any) -> list[dict[str, Any]]:
    return [{str(k): _plain(v) for k, v in row.items()} for row in df.to_dict("records")]


ID_KINDS = ("id", "ids")
NAMED_IDS = 20_000  # record ids a result table looks up by name (one batch read in the worker)
_RAW_IDS = re.compile(r"[a-z]{2,4}-[0-9a-f]{8,}(; [a-z]{2,4}-[0-9a-f]{8,})*")


def record_names(store: Any, spec: Analysis, rows: list[dict[str, Any]]) -> dict[str, str]:
    """Entity ids in the result's id columns -> their names, for the ids the member may see.

    A cluster's members read 'add-0acffe1c83106e8f; add-1de…'. Read in one batch (get_entities is no
    view of a record of its own, as the details panel's is); relation ids keep no name and stay ids."""
    columns = [c.name for c in spec.columns if c.kind in ID_KINDS]
    ids: set[str] = set()
    for row in rows:
        for column in columns:
            value = row.get(column)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and item and not item.startswith("rel-"):
                    ids.add(item)
            if len(ids) >= NAMED_IDS:
                break
    if not ids:
        return {}
    return {i: e.caption or i for i, e in store.get_entities(ids).items()}


def _named(value: Any, *, names: dict[str, str], shown: Any) -> str:
    """An id or a list of ids as the records' names (an id without a name as it is)."""
    if isinstance(value, list):
        return shown([names.get(v, v) if isinstance(v, str) else v for v in value])
    return shown(names.get(value, value) if isinstance(value, str) else value)


def column_order(spec: Analysis, columns: list[str]) -> list[str]:
    """The result's columns, with the id and id-list columns last (people read names first)."""
    late = [c for c in columns if spec.column(c).kind in ("id", "ids")]
    return [c for c in columns if c not in late] + late


def entity_type_codes(names: list[str]) -> list[str]:
    """Entity types as the analyst types them (Persoon, onderneming) as the codes the analysis filters on."""
    from graph.schema import default_schema

    known: dict[str, str] = {}
    for code, et in default_schema().entities.items():
        for word in (code, *et.label.values()):
            known[word.casefold()] = code
    return [known.get(name.casefold(), name) for name in names]


class ChoicesField(QWidget):
    """Several of a parameter's choices (the measures of a centrality), ticked by their names.

    A line edit asked for "degree, relations, betweenness, ..." typed in English codes."""

    def __init__(self, choices: list[tuple[str, str]], chosen: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for i, (code, label) in enumerate(choices):
            box = QCheckBox(label, self)
            box.setChecked(code in chosen)
            self.boxes[code] = box
            grid.addWidget(box, i // 7, i % 7)

    def value(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set_value(self, chosen: list[str]) -> None:
        for code, box in self.boxes.items():
            box.setChecked(code in chosen)



def choice_words() -> dict[str, str]:
    """A method's or algorithm's choices in words: the Parameters form and the audit log say them alike."""
    return {"auto": QCoreApplication.translate("ParameterForm", "automatic"),
            "exact": QCoreApplication.translate("ParameterForm", "exact"),
            "sampled": QCoreApplication.translate("ParameterForm", "sample"),
            "leiden": "Leiden", "louvain": "Louvain",
            "components": QCoreApplication.translate("ParameterForm", "connected components")}

class ParameterForm(QWidget):
    """The analysis' parameters as a form; the chart selection and the interface language fill the rest."""

    def __init__(self, spec: Analysis, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec, self.lang = spec, lang
        self.fields: dict[str, QWidget] = {}
        grid = QGridLayout(self)  # two fields a line: one a line took the chart's height (10 lines, a laptop)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        row, column = 0, 0
        for p in spec.params:
            if p.name in spec.selection or p.name == "lang":
                continue
            field = self._field(p)
            field.setToolTip(p.help(lang))
            field.setObjectName(f"param-{p.name}")
            self.fields[p.name] = field
            label = QLabel(p.label(lang), self)
            label.setBuddy(field)
            if isinstance(field, ChoicesField):  # the ticks get a line of their own
                row, column = (row + 1, 0) if column else (row, 0)
                grid.addWidget(label, row, 0)
                grid.addWidget(field, row, 1, 1, 3)
                row += 1
                continue
            grid.addWidget(label, row, column * 2)
            grid.addWidget(field, row, column * 2 + 1)
            row, column = (row + 1, 0) if column else (row, 1)

    def choice_label(self, choice: str) -> str:
        """A choice as the analyst reads it: a measure by its column's name, a method in words."""
        columns = {c.name: c for c in self.spec.columns}
        if choice in columns:
            return columns[choice].label(self.lang)
        return choice_words().get(choice, choice)

    def _field(self, p: Param) -> QWidget:
        if p.kind == "choices" and p.choices:
            return ChoicesField([(c, self.choice_label(c)) for c in p.choices], list(p.default or ()), self)
        if p.kind == "int":
            spin = QSpinBox(self)
            low = int(p.minimum) if p.minimum is not None else -_LARGE
            spin.setRange(low - (1 if p.default is None else 0), int(p.maximum) if p.maximum is not None else _LARGE)
            if p.default is None:  # the lowest value stands for "not set"
                spin.setSpecialValueText(self.tr("(none)"))
                spin.setValue(spin.minimum())
            else:
                spin.setValue(int(p.default))
            return spin
        if p.kind == "float":
            dspin = QDoubleSpinBox(self)
            # A margin like 0.002 must not round to 0: as many decimals as the smallest allowed value needs.
            smallest = p.minimum if p.minimum is not None and 0 < p.minimum < 1 else 0.01
            dspin.setDecimals(max(2, -math.floor(math.log10(smallest))))
            dspin.setSingleStep(smallest)
            dspin.setRange(p.minimum if p.minimum is not None else -1e9, p.maximum if p.maximum is not None else 1e9)
            dspin.setValue(float(p.default or 0))
            return dspin
        if p.kind == "bool":
            box = QCheckBox(self)
            box.setChecked(bool(p.default))
            return box
        if p.kind == "choice":
            combo = QComboBox(self)
            if p.default is None:
                combo.addItem(self.tr("(default)"), None)
            for choice in p.choices:
                combo.addItem(self.choice_label(choice), choice)
            combo.setCurrentIndex(max(combo.findData(p.default), 0))
            return combo
        edit = QLineEdit(self)
        if p.name == "types":
            edit.setPlaceholderText(self.tr("e.g. Person, Company (comma-separated)"))
        elif p.kind in ("choices", "strings"):
            edit.setPlaceholderText(self.tr("comma-separated"))
            if p.default:
                edit.setText(", ".join(p.default))
        elif p.kind == "date":
            edit.setPlaceholderText(self.tr("dd-mm-yyyy"))
        elif p.default is not None:
            edit.setText(str(p.default))
        return edit

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for p in self.spec.params:
            field = self.fields.get(p.name)
            if field is None:
                continue
            value: Any
            if isinstance(field, QSpinBox):
                value = None if p.default is None and field.value() == field.minimum() else field.value()
            elif isinstance(field, QDoubleSpinBox):
                value = field.value()
            elif isinstance(field, QCheckBox):
                value = field.isChecked()
            elif isinstance(field, QComboBox):
                value = field.currentData()
            elif isinstance(field, ChoicesField):
                value = field.value() or p.default
            else:
                assert isinstance(field, QLineEdit)
                text = field.text().strip()
                if p.kind in ("choices", "strings"):
                    value = [t.strip() for t in text.split(",") if t.strip()] or p.default
                    if p.name == "types" and value:
                        value = entity_type_codes(value)
                else:
                    value = text or p.default
            out[p.name] = value
        if any(p.name == "lang" for p in self.spec.params):
            out["lang"] = self.lang
        return out


    def set_values(self, values: dict[str, Any]) -> None:
        """Fill the form back in (a panel restored after unlocking runs with the parameters it had)."""
        for p in self.spec.params:
            field = self.fields.get(p.name)
            if field is None or p.name not in values:
                continue
            value = values[p.name]
            if isinstance(field, QSpinBox):
                field.setValue(field.minimum() if value is None else int(value))
            elif isinstance(field, QDoubleSpinBox):
                field.setValue(float(value or 0))
            elif isinstance(field, QCheckBox):
                field.setChecked(bool(value))
            elif isinstance(field, QComboBox):
                field.setCurrentIndex(max(field.findData(value), 0))
            elif isinstance(field, ChoicesField):
                field.set_value(list(value or ()))
            elif isinstance(field, QLineEdit):
                field.setText(", ".join(value) if isinstance(value, list) else "" if value is None else str(value))


class AnalysisPanel(QWidget):
    open_entity = Signal(str)
    finished = Signal()

    def __init__(self, spec: Analysis, session: Any, chart: Any, lang: str = "nl", parent: Any = None):
        super().__init__(parent)
        self.spec = spec
        self.session = session
        self.chart = chart
        self.lang = lang
        self.rows: list[dict[str, Any]] = []
        self.method_notes: list[str] = []  # the analysis' method lines of the last run (catalogue, nl/en)
        self.last_selection: list[str] = []  # the chart selection of the last run (kept over a lock)
        self.model = ResultTableModel([], [], parent=self)
        self.task: Operation | None = None
        self.info = QLabel(spec.description(lang), self)
        self.info.setWordWrap(True)
        self.form = ParameterForm(spec, lang, self)
        self.form.setVisible(False)
        self.btn_params = QPushButton(self.tr("Parameters…"), self)
        self.btn_params.setCheckable(True)
        self.btn_params.toggled.connect(self.form.setVisible)
        self.btn_params.setEnabled(bool(self.form.fields))
        self.btn_run = QPushButton(self.tr("Run again"), self)
        self.btn_run.clicked.connect(lambda: self.run())  # clicked(bool) must not become the selection
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.cancel_btn = QPushButton(self.tr("Cancel"), self)
        self.cancel_btn.clicked.connect(self.cancel)
        self.table = QTableView(self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.clicked.connect(self.row_clicked)
        self.table.doubleClicked.connect(self.row_opened)
        self.btn_add = QPushButton(self.tr("Add to chart"), self)
        self.btn_add.setToolTip(self.tr("Add the selected rows (or the first %1) to the chart")
                                .replace("%1", str(MAX_ADD)))
        self.btn_add.clicked.connect(self.add_to_chart)
        self.btn_size = QPushButton(self.tr("Size by score"), self)
        self.btn_size.clicked.connect(self.size_by_score)
        self.btn_colour = QPushButton(self.tr("Colour by group"), self)
        self.btn_colour.clicked.connect(self.colour_by_group)
        self.btn_flag = QPushButton(self.tr("Flag in red"), self)
        self.btn_flag.setToolTip(self.tr("Flag the selected rows in red on the chart (Ctrl+A in the table selects "
                                         "them all)"))
        self.btn_flag.clicked.connect(self.flag)
        self.btn_evidence = QPushButton(self.tr("Open evidence"), self)
        self.btn_evidence.setToolTip(self.tr("Show the records behind the selected result"))
        self.btn_evidence.clicked.connect(self.open_evidence)
        buttons = QHBoxLayout()
        buttons.addWidget(self.btn_params)
        buttons.addWidget(self.btn_run)
        for b in (self.btn_add, self.btn_size, self.btn_colour, self.btn_flag, self.btn_evidence):
            b.setEnabled(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.cancel_btn)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.info)
        box.addWidget(self.form)
        box.addLayout(buttons)
        box.addWidget(self.table)

    # -- what the catalogue declares ----------------------------------------------------------------
    def entity_of(self, row: dict[str, Any]) -> str | None:
        key = self.spec.id_column
        value = row.get(key) if key else None
        return value if isinstance(value, str) and value else None

    def entities_of(self, row: dict[str, Any]) -> list[str]:
        """The row's entity and the others a click selects too (the other end of a hop or a pair)."""
        ids = [row.get(k) for k in self.spec.id_columns]
        return list(dict.fromkeys(i for i in ids if isinstance(i, str) and i))

    def evidence_of(self, row: dict[str, Any]) -> list[str]:
        value = row.get(self.spec.evidence) if self.spec.evidence else None
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    def chart_ids(self, row: dict[str, Any]) -> list[str]:
        """The entities a row stands for on the chart: its entity, else the entities of its evidence (a
        cluster's members). 'Op schema zetten' was greyed out for clusters, which have no entity column."""
        node = self.entity_of(row)
        if node:
            return [node]
        return [i for i in self.evidence_of(row) if not i.startswith("rel-")]

    # -- running --------------------------------------------------------------------------------
    def options(self, selection: list[str]) -> dict[str, Any]:
        return {**self.form.values(), **dict(zip(self.spec.selection, selection, strict=False))}

    def session_state(self) -> dict[str, Any]:
        """What reopening this panel needs: the analysis, its parameters and the selection it ran on."""
        values = {k: v for k, v in self.form.values().items() if k != "lang"}
        return {"key": self.spec.key, "values": values, "selection": list(self.last_selection)}

    def run(self, selection: list[str] | None = None) -> Operation | None:
        """Run on the chart selection (or on `selection`, when a restored panel runs again)."""
        from graph.analysis.catalogue import run

        spec, lang = self.spec, self.lang
        selection = list(selection) if selection is not None else self.chart.scene.selected_ids()
        self.last_selection = selection
        if spec.needs_selection and len(selection) != spec.needs_selection:
            self.progress.hide()
            self.cancel_btn.hide()
            self.info.setText(self.tr("Select exactly %n entities on the chart first", "", spec.needs_selection))
            self.finished.emit()
            return None
        options = self.options(selection)

        def job(store: Any, progress: Progress) -> tuple[list[dict[str, Any]], list[str], dict[str, str]]:
            df = run(store, spec.key, top=MAX_ROWS, progress=progress, ui_lang=lang, **options)
            rows = rows_of(df)
            return rows, method_notes(df.attrs, lang), record_names(store, spec, rows)

        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_btn.show()
        self.btn_run.setEnabled(False)
        self.info.setText(self.tr("Running %1…").replace("%1", spec.title(lang)))
        self.task = Operation(self, self.session.reopen, job, title=spec.title(lang), on_done=self._done,
                              on_error=self._failed, on_cancel=self._cancelled,
                              on_progress=self._progress).run_in_background()
        return self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if text:
            self.info.setText(text)

    def _stop(self) -> None:
        self.progress.hide()
        self.cancel_btn.hide()
        self.btn_run.setEnabled(True)
        self.task = None

    def _failed(self, message: str) -> None:
        self._stop()
        self.info.setText(self.tr("Failed: %1").replace("%1", message))
        self.finished.emit()

    def _cancelled(self) -> None:
        self._stop()
        self.info.setText(self.tr("Cancelled"))
        self.finished.emit()

    def _done(self, result: tuple[list[dict[str, Any]], list[str], dict[str, str]]) -> None:
        self._stop()
        rows, self.method_notes, names = result
        self.info.setToolTip("\n".join(self.method_notes))  # how it was computed, in the interface language
        self.rows = rows
        spec, lang = self.spec, self.lang
        found = list(rows[0]) if rows else [c.name for c in spec.columns]
        columns = column_order(spec, found)
        kinds = [spec.column(c).kind for c in columns]
        formats = [partial(_named, names=names, shown=partial(_format, lang=lang, kind=k)) if k in ID_KINDS
                   else partial(_format, lang=lang, kind=k) for k in kinds]
        self.model = ResultTableModel(rows, columns, spec.headers(columns, lang), self, formats, lang)
        self.table.setModel(self.model)
        self.table.selectionModel().currentRowChanged.connect(self._row_by_keyboard)
        for i in range(len(columns)):
            self.table.setColumnHidden(i, i in self._internal_columns(kinds, formats))
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.DescendingOrder)  # keep the analysis' order
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.resizeColumnsToContents()
        for i, kind in enumerate(kinds):  # long id lists would make the table unreadably wide
            if kind in ("ids", "list", "indicators", "risk_branches") and self.table.columnWidth(i) > 300:
                self.table.setColumnWidth(i, 300)
        has_ids = any(self.entity_of(r) for r in rows[:50])
        self.score_key = spec.score if spec.score in columns else None
        self.group_key = spec.group if spec.group in columns else None
        on_chart = has_ids or any(self.chart_ids(r) for r in rows[:50])
        self.btn_add.setEnabled(on_chart)
        self.btn_flag.setEnabled(on_chart)
        self.btn_size.setEnabled(has_ids and self.score_key is not None)
        self.btn_colour.setEnabled(has_ids and self.group_key is not None)
        self.btn_evidence.setEnabled(any(self.evidence_of(r) for r in rows[:200]))
        self.info.setText(self.tr("%1: %n result(s)", "", len(rows)).replace("%1", spec.title(lang))
                          if rows else self._nothing_found())
        self.finished.emit()

    def _internal_columns(self, kinds: list[str], formats: list[Any]) -> set[int]:
        """Id columns that show the analyst nothing: still internal ids (relations, records out of sight) or the
        same names as a column beside them (Van (id) beside Van). The rows keep them for clicks and evidence."""
        sample = self.rows[:50]
        texts = [[formats[c](row.get(column)) for row in sample] for c, column in enumerate(self.model.columns)]
        hidden = set()
        for c, kind in enumerate(kinds):
            cells = [t for t in texts[c] if t]
            if kind not in ID_KINDS or not cells:
                continue
            if all(_RAW_IDS.fullmatch(t) for t in cells) or any(
                    texts[c] == texts[o] for o in range(len(kinds)) if kinds[o] not in ID_KINDS):
                hidden.add(c)
        return hidden

    def _nothing_found(self) -> str:
        """An empty result said "0 results" and left the analyst guessing whether it failed."""
        title = self.spec.title(self.lang)
        if self.spec.key == "connection" and len(self.last_selection) == 2:
            k = self.form.values().get("k")
            if k:
                return self.tr("%1: no path of at most %n relations between the two entities (Parameters… to "
                               "look further)", "", int(k)).replace("%1", title)
            return self.tr("%1: the two entities are not connected (not through anything you may see)"
                           ).replace("%1", title)
        return self.tr("%1: nothing found with these parameters").replace("%1", title)

    # -- acting on results ------------------------------------------------------------------------
    def _selected_rows(self) -> list[dict[str, Any]]:
        selection = self.table.selectionModel()
        rows = sorted({i.row() for i in selection.selectedRows()}) if selection is not None else []
        return [self.model.rows[r] for r in rows] if rows else []

    def row_clicked(self, index: QModelIndex) -> None:
        row = self.model.rows[index.row()]
        ids = self.entities_of(row) or self.evidence_of(row)
        if not ids:
            return
        missing = [i for i in ids if i not in self.chart.scene.nodes]
        if missing:
            self.chart.add_entities(missing)
        self.chart.scene.clearSelection()
        for i in ids:
            item = self.chart.scene.nodes.get(i)
            if item is not None:
                item.setVisible(True)
                item.setSelected(True)
        if ids[0] in self.chart.scene.nodes:
            self.chart.view.centerOn(self.chart.scene.nodes[ids[0]])

    def _row_by_keyboard(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Arrow keys through the results select each row's entities on the chart, as a click does, without
        adding what is not on it (a click adds it: an undo step per key press would bury the history)."""
        if not current.isValid() or QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            return  # a click: row_clicked does it
        row = self.model.rows[current.row()]
        ids = [i for i in (self.entities_of(row) or self.evidence_of(row)) if i in self.chart.scene.nodes]
        if not ids:
            self.chart.status.emit(self.tr("Not on the chart: a click on the row puts it there"))
            return
        self.chart.scene.clearSelection()
        for i in ids:
            self.chart.scene.nodes[i].setVisible(True)
            self.chart.scene.nodes[i].setSelected(True)
        self.chart.view.centerOn(self.chart.scene.nodes[ids[0]])

    def row_opened(self, index: QModelIndex) -> None:
        node = self.entity_of(self.model.rows[index.row()])
        if node:
            self.open_entity.emit(node)

    def add_to_chart(self) -> int:
        """The selected rows (or the first MAX_ADD) on the chart, brought into view, and said in the status line:
        the button used to add them off to the right of the view without a word."""
        rows = self._selected_rows() or self.model.rows[:MAX_ADD]
        ids = list(dict.fromkeys(i for r in rows for i in self.chart_ids(r)))
        left_out = max(0, len(ids) - MAX_ADD)  # a few large clusters: the chart stays readable
        ids = ids[:MAX_ADD]
        added = self.chart.add_entities(ids, text=self.tr("Add analysis results"))
        if added:
            self.chart.view.bring_into_view(ids)
        there = len(ids) - added
        if added and there:
            text = self.tr("%n entities added to the chart, %2 were already on it", "", added)
        elif added:
            text = self.tr("%n entities added to the chart", "", added)
        else:
            text = self.tr("All %2 are already on the chart")
        text = text.replace("%2", str(there))
        if left_out:
            text += " " + self.tr("(the first %1; %n more left off: select fewer rows)", "", left_out).replace(
                "%1", str(MAX_ADD))
        self.chart.status.emit(text)
        return added

    def _on_chart(self, ids: Any) -> int:
        return sum(1 for i in ids if i in self.chart.scene.nodes)

    def _styled(self, count: int, text: str) -> None:
        """Say what a styling button did; when none of the results is on the chart it did nothing visible."""
        self.chart.status.emit(text if count else
                               self.tr("None of these results is on the chart: put them on it first (Add to chart)"))

    def size_by_score(self) -> None:
        if not self.score_key:
            return
        values = {self.entity_of(r): float(r[self.score_key]) for r in self.rows
                  if self.entity_of(r) and isinstance(r.get(self.score_key), int | float)}
        meaning = self.spec.column(self.score_key).label(self.lang).lower()
        self.chart.restyle(self.btn_size.text(), lambda: self.chart.scene.size_by(values, meaning))
        count = self._on_chart(values)
        self._styled(count, self.tr("%n entities on the chart sized by %2 (Ctrl+Z takes it back)", "", count)
                     .replace("%2", meaning))

    def colour_by_group(self) -> None:
        if not self.group_key:
            return
        groups = {self.entity_of(r): r[self.group_key] for r in self.rows if self.entity_of(r)}
        meaning = self.spec.column(self.group_key).label(self.lang).lower()
        self.chart.restyle(self.btn_colour.text(), lambda: self.chart.scene.colour_by(groups, meaning))
        count = self._on_chart(groups)
        self._styled(count, self.tr("%n entities on the chart coloured by %2 (Ctrl+Z takes it back)", "", count)
                     .replace("%2", meaning))

    def flag(self) -> None:
        """The selected rows' entities flagged red. With no row selected it flagged every result (668 after a
        centrality): it says what to select instead."""
        rows = self._selected_rows()
        if not rows:
            self.chart.status.emit(self.tr("Select the rows to flag in red first (Ctrl+A in the table: all of them)"))
            return
        ids = {i for r in rows for i in self.chart_ids(r)}
        self.chart.restyle(self.btn_flag.text(), lambda: self.chart.scene.flag(ids))
        count = self._on_chart(ids)
        self._styled(count, self.tr("%n entities on the chart flagged in red (Ctrl+Z takes it back)", "", count))

    def open_evidence(self) -> list[str]:
        """Put the records behind the selected results on the chart, select them, show the first."""
        rows = self._selected_rows() or self.rows[:1]
        ids = [i for r in rows for i in self.evidence_of(r)]
        entity_ids = [i for i in ids if not i.startswith("rel-")]
        store = self.session.store
        for rid in (i for i in ids if i.startswith("rel-")):  # a relation: both its ends
            try:
                rel = store.get_relation(rid)
            except Exception:  # no longer visible to this member
                continue
            entity_ids += [rel.source_id, rel.target_id]
        entity_ids = list(dict.fromkeys(entity_ids))
        node = self.entity_of(rows[0]) if rows else None
        if node:
            entity_ids.insert(0, node)
        if entity_ids:
            self.chart.add_entities(entity_ids, text=self.tr("Evidence"))
            self.chart.scene.clearSelection()
            for i in entity_ids:
                if i in self.chart.scene.nodes:
                    self.chart.scene.nodes[i].setSelected(True)
            self.open_entity.emit(entity_ids[0])
        return entity_ids
