"""Analysis panels: run an analysis of `graph.analysis` off the UI thread, show a sortable table.

Clicking a row selects and centres the entity on the chart (adding it when absent);
"Add to chart", "Size by score", "Colour by group" and "Open evidence" act on the chart
and the detail panel. The analyses are pure functions over networkx (issue 5); this
module only adapts their results to rows.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from views import workers
from views.models import ResultTableModel

ID_KEYS = ("id", "entity_id", "node", "entity", "from_id", "root_id")
SCORE_KEYS = ("score", "value", "centrality", "betweenness", "degree", "pagerank")
GROUP_KEYS = ("community", "group", "component", "cluster")
EVIDENCE_KEYS = ("evidence", "evidence_ids", "occupant_ids", "companies", "chain", "directors_ids", "relations",
                 "records", "ids", "members")
MAX_ADD = 200



@dataclass(frozen=True)
class AnalysisSpec:
    """One analysis as the GUI offers it: a menu title and a function (store, progress, selection) -> rows."""

    key: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    run: Callable[..., list[dict[str, Any]]]
    score: str | None = None  # the column "Size by score" uses
    group: str | None = None  # the column "Colour by group" uses
    needs_selection: int = 0  # entities that must be selected on the chart (paths: 2)

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles.get("en") or self.key

    def description(self, lang: str) -> str:
        return self.descriptions.get(lang) or self.descriptions.get("en") or ""


def _module() -> Any:
    try:
        return importlib.import_module("graph.analysis")
    except ImportError:
        return None


def available_analyses(lang: str = "nl") -> list[AnalysisSpec]:
    """The analyses graph.analysis offers (empty when that package is not installed)."""
    module = _module()
    if module is None:
        return []
    return catalogue(lang)


def _plain(value: Any) -> Any:
    """numpy scalars and arrays as Python values, so tables sort and format them as numbers and lists."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        return value.item()
    if isinstance(value, tuple):
        return list(value)
    return value


def normalise_rows(result: Any, graph: Any = None) -> list[dict[str, Any]]:
    """Rows of dicts from what an analysis returns: a DataFrame, dicts, dataclasses, (id, score) pairs..."""
    from dataclasses import asdict, is_dataclass
    rows: list[dict[str, Any]] = []
    if hasattr(result, "to_dict") and hasattr(result, "columns"):  # a pandas DataFrame
        return [{k: _plain(v) for k, v in row.items()} for row in result.to_dict("records")]
    if isinstance(result, dict):
        items: Any = [{"id": k, "score": v} for k, v in result.items()]
    else:
        items = list(result or [])
    for item in items:
        if is_dataclass(item) and not isinstance(item, type):
            row = asdict(item)
        elif isinstance(item, dict):
            row = dict(item)
        elif isinstance(item, tuple | list) and len(item) == 2:
            row = {"id": item[0], "score": item[1]}
        else:
            row = {"value": item}
        rows.append(row)
    if graph is not None:
        for row in rows:
            node = entity_of(row)
            if node is not None and node in graph and "name" not in row and "caption" not in row:
                row["name"] = graph.nodes[node].get("caption", "")
                row.setdefault("type", graph.nodes[node].get("type", ""))
    return rows


def entity_of(row: dict[str, Any]) -> str | None:
    for key in ID_KEYS:
        value = row.get(key)
        if isinstance(value, str) and "-" in value:
            return value
    return None


def evidence_of(row: dict[str, Any]) -> list[str]:
    for key in EVIDENCE_KEYS:
        value = row.get(key)
        if isinstance(value, list | tuple | set):
            return [v for v in value if isinstance(v, str)]
    return []


def _column_order(rows: list[dict[str, Any]]) -> list[str]:
    seen: list[str] = []
    for row in rows[:200]:
        for key in row:
            if key not in seen:
                seen.append(key)
    preferred = [k for k in ("name", "type", *SCORE_KEYS, *GROUP_KEYS) if k in seen]
    rest = [k for k in seen if k not in preferred and k not in ID_KEYS]
    ids = [k for k in ID_KEYS if k in seen]
    return preferred + rest + ids


class AnalysisPanel(QWidget):
    open_entity = Signal(str)
    finished = Signal()

    def __init__(self, spec: AnalysisSpec, session: Any, chart: Any, lang: str = "nl", parent: Any = None):
        super().__init__(parent)
        self.spec = spec
        self.session = session
        self.chart = chart
        self.lang = lang
        self.rows: list[dict[str, Any]] = []
        self.task: workers.Task | None = None
        self.info = QLabel(spec.description(lang), self)
        self.info.setWordWrap(True)
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
        self.btn_flag.clicked.connect(self.flag)
        self.btn_evidence = QPushButton(self.tr("Open evidence"), self)
        self.btn_evidence.setToolTip(self.tr("Show the records behind the selected result"))
        self.btn_evidence.clicked.connect(self.open_evidence)
        buttons = QHBoxLayout()
        for b in (self.btn_add, self.btn_size, self.btn_colour, self.btn_flag, self.btn_evidence):
            b.setEnabled(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.cancel_btn)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.info)
        box.addLayout(buttons)
        box.addWidget(self.table)

    # -- running --------------------------------------------------------------------------------
    def run(self) -> workers.Task | None:
        spec, reopen = self.spec, self.session.reopen
        selection = self.chart.scene.selected_ids()
        if spec.needs_selection and len(selection) != spec.needs_selection:
            self.progress.hide()
            self.cancel_btn.hide()
            self.info.setText(self.tr("Select exactly %1 entities on the chart first")
                              .replace("%1", str(spec.needs_selection)))
            self.finished.emit()
            return None

        def work(progress: workers.Progress) -> list[dict[str, Any]]:
            store = reopen()
            try:
                return spec.run(store, progress, selection)
            finally:
                store.close()

        self.progress.show()
        self.cancel_btn.show()
        self.info.setText(self.tr("Running %1…").replace("%1", spec.title(self.lang)))
        self.task = workers.start(work, on_done=self._done, on_error=self._failed, on_cancel=self._cancelled,
                                  on_progress=self._progress)
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
        self.task = None

    def _failed(self, message: str, _tb: str) -> None:
        self._stop()
        self.info.setText(self.tr("Failed: %1").replace("%1", message))
        self.finished.emit()

    def _cancelled(self) -> None:
        self._stop()
        self.info.setText(self.tr("Cancelled"))
        self.finished.emit()

    def _done(self, rows: list[dict[str, Any]]) -> None:
        self._stop()
        self.rows = rows
        columns = _column_order(rows)
        self.model = ResultTableModel(rows, columns, [c.replace("_", " ") for c in columns], self)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.DescendingOrder)  # keep the analysis' order
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.resizeColumnsToContents()
        has_ids = any(entity_of(r) for r in rows[:50])
        self.score_key = self.spec.score or next((k for k in SCORE_KEYS if k in columns), None)
        self.group_key = self.spec.group or next((k for k in GROUP_KEYS if k in columns), None)
        self.btn_add.setEnabled(has_ids)
        self.btn_flag.setEnabled(has_ids)
        self.btn_size.setEnabled(has_ids and self.score_key is not None)
        self.btn_colour.setEnabled(has_ids and self.group_key is not None)
        self.btn_evidence.setEnabled(any(evidence_of(r) for r in rows[:200]))
        self.info.setText(self.tr("%1: %2 results").replace("%1", self.spec.title(self.lang))
                          .replace("%2", str(len(rows))))
        self.finished.emit()

    # -- acting on results ------------------------------------------------------------------------
    def _selected_rows(self) -> list[dict[str, Any]]:
        selection = self.table.selectionModel()
        rows = sorted({i.row() for i in selection.selectedRows()}) if selection is not None else []
        return [self.model.rows[r] for r in rows] if rows else []

    def row_clicked(self, index: QModelIndex) -> None:
        row = self.model.rows[index.row()]
        node = entity_of(row)
        ids = [node] if node else evidence_of(row)
        if node and isinstance(row.get("to_id"), str):  # a hop of a path: both ends
            ids.append(row["to_id"])
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

    def row_opened(self, index: QModelIndex) -> None:
        node = entity_of(self.model.rows[index.row()])
        if node:
            self.open_entity.emit(node)

    def add_to_chart(self) -> int:
        rows = self._selected_rows() or self.model.rows[:MAX_ADD]
        ids = [i for i in (entity_of(r) for r in rows) if i]
        return self.chart.add_entities(ids, text=self.tr("Add analysis results"))

    def size_by_score(self) -> None:
        if self.score_key:
            self.chart.scene.size_by({entity_of(r): float(r[self.score_key]) for r in self.rows
                                      if entity_of(r) and isinstance(r.get(self.score_key), int | float)})

    def colour_by_group(self) -> None:
        if self.group_key:
            self.chart.scene.colour_by({entity_of(r): r[self.group_key] for r in self.rows if entity_of(r)})

    def flag(self) -> None:
        rows = self._selected_rows() or self.rows
        self.chart.scene.flag({i for i in (entity_of(r) for r in rows) if i})

    def open_evidence(self) -> list[str]:
        """Put the records behind the selected results on the chart, select them, show the first."""
        rows = self._selected_rows() or self.rows[:1]
        ids = [i for r in rows for i in evidence_of(r)]
        entity_ids = [i for i in ids if not i.startswith("rel-")]
        store = self.session.store
        for rid in (i for i in ids if i.startswith("rel-")):  # a relation: both its ends
            try:
                rel = store.get_relation(rid)
            except Exception:  # no longer visible to this member
                continue
            entity_ids += [rel.source_id, rel.target_id]
        entity_ids = list(dict.fromkeys(entity_ids))
        node = entity_of(rows[0]) if rows else None
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



def _catalogue_entry(key: str, nl: str, en: str, nl_help: str, en_help: str, func: Callable[..., Any], *,
                     score: str | None = None, group: str | None = None, needs_selection: int = 0) -> AnalysisSpec:
    def run(store: Any, progress: Any, selection: list[str] | None = None) -> list[dict[str, Any]]:
        progress(0, 3, QCoreApplication.translate("AnalysisPanel", "Loading the network…"))
        graph = store.graph()
        progress(1, 3, QCoreApplication.translate("AnalysisPanel", "Analysing…"))
        result = func(graph, selection or [])
        progress(2, 3)
        rows = normalise_rows(result, graph)
        # As graph.analysis.runner.run does for the CLI: every analysis leaves an audit entry.
        store.audit("analyse", analysis=key, rows=len(rows), entities=graph.number_of_nodes(),
                    selection=list(selection or []), via="gui")
        return rows

    return AnalysisSpec(key, {"nl": nl, "en": en}, {"nl": nl_help, "en": en_help}, run, score, group,
                        needs_selection)


def catalogue(lang: str = "nl") -> list[AnalysisSpec]:
    """The analyses of graph.analysis (issue 5) as menu entries, with the columns the chart styling uses."""
    from graph.analysis import addresses, centrality, clusters, directors, indicators, paths

    def _paths(g: Any, sel: list[str]) -> Any:
        return paths.connection(g, sel[0], sel[1])

    return [
        _catalogue_entry("centrality", "Centraliteit", "Centrality",
                         "Wie houdt het netwerk bij elkaar: graad, tussenpositie, PageRank.",
                         "Who holds the network together: degree, betweenness, PageRank.",
                         lambda g, _s: centrality.centrality(g, sort="betweenness", top=2000), score="betweenness"),
        _catalogue_entry("communities", "Groepen (Leiden)", "Communities (Leiden)",
                         "Dicht verbonden groepen: families, bedrijvennetwerken.",
                         "Densely linked groups: families, company networks.",
                         lambda g, _s: clusters.communities(g), group="community"),
        _catalogue_entry("red_flags", "Signalen (red flags)", "Red flags",
                         "Uitlegbare signalen per entiteit, met de records als bewijs.",
                         "Explainable flags per entity, with the records as evidence.",
                         lambda g, _s: indicators.red_flags(g, lang=lang), score="value"),
        _catalogue_entry("shared_addresses", "Gedeelde adressen", "Shared addresses",
                         "Verzamelpanden, postbusfirma's en wie samen ingeschreven stond.",
                         "Crowded addresses, PO-box firms and who was registered together.",
                         lambda g, _s: addresses.shared_addresses(g), score="occupants"),
        _catalogue_entry("director_load", "Bestuurders (katvangers)", "Directors (straw men)",
                         "Bestuurders met veel, kortlevende of risicobranche-ondernemingen.",
                         "Directors of many, short-lived or risk-branch companies.",
                         lambda g, _s: directors.director_load(g, min_directorships=2), score="directorships"),
        _catalogue_entry("director_churn", "Bestuurderswisselingen", "Director churn",
                         "Ondernemingen waarvan de bestuurders vaak wisselen.",
                         "Companies whose directors keep changing.",
                         lambda g, _s: directors.director_churn(g), score="changes"),
        _catalogue_entry("ownership_chains", "Eigendomsketens", "Ownership chains",
                         "Ketens van ondernemingen die ondernemingen bezitten.",
                         "Chains of companies owning companies.",
                         lambda g, _s: directors.ownership_chains(g)),
        _catalogue_entry("paths", "Verbindingen tussen selectie", "Paths between the selection",
                         "Hoe zijn de twee geselecteerde entiteiten verbonden?",
                         "How are the two selected entities connected?", _paths, needs_selection=2),
    ]
