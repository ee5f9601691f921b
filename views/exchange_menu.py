"""Project → Export to… / Import from…: the exchange formats in the workbench.

Both run as a background `Operation` on their own store connection (views/operations.py),
through the same core calls as the CLI (`graph.exchange.service`): an export goes to an
audience the analyst picks (only clearances the member has), an import is one audited
transaction and tells the open screens to refresh. What an import could not map is shown.
A GraphML/GEXF file whose nodes or edges name no type (a published network from networkx or
Gephi) first asks which entity and relation type they are, as `--node-type/--edge-type` do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QWidget,
)

from graph.exchange.common import AUDIENCES
from views import file_dialogs, i18n, operations


class ImportTypesDialog(QDialog):
    """Which entity type the untyped nodes are, and which relation type the untyped edges are; where an
    attribute names each one's type (edges: `relation` Marital/Business; nodes: a two-mode network's
    `bipartite` 0/1), a type per value of it."""

    def __init__(self, parent: QWidget | None, schema: Any, lang: str, untyped: dict[str, int], file_name: str,
                 values: dict[str, dict[str, int]] | None = None, node_values: dict[str, dict[str, int]] | None = None):
        super().__init__(parent)
        self.schema, self.lang = schema, lang
        self.values = values or {}
        self.node_values = node_values or {}
        self.from_box: QComboBox | None = None
        self.value_boxes: dict[str, QComboBox] = {}
        self.values_form: QFormLayout | None = None
        self.node_from_box: QComboBox | None = None
        self.node_value_boxes: dict[str, QComboBox] = {}
        self.node_values_form: QFormLayout | None = None
        self.setWindowTitle(self.tr("Types for the import"))
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("%1 nodes and %2 edges in %3 name no type. Import them as:")
                           .replace("%1", str(untyped.get("entities", 0)))
                           .replace("%2", str(untyped.get("relations", 0))).replace("%3", file_name)))
        self.node_box: QComboBox | None = None
        self.edge_box: QComboBox | None = None
        if untyped.get("entities"):
            self.node_box = self._box([(n, t.title(lang)) for n, t in schema.entities.items()], "Person")
            form.addRow(self.tr("Entity type of the nodes"), self.node_box)
            if self.node_values:  # a two-mode network (`bipartite`: 0, 1): a type per value
                self.node_from_box, self.node_values_form = self._from_box(
                    form, self.node_values, self.tr("one type for every node"),
                    self.tr("the node attribute %1 (%2 values)"), self.tr("Entity type from"), self._show_node_values)
        if untyped.get("relations"):
            self.edge_box = self._box([(n, t.title(lang)) for n, t in schema.relations.items()], "associate_of")
            form.addRow(self.tr("Relation type of the edges"), self.edge_box)
            if self.values:  # a file of several relations (`relation`: Marital, Business): a type per value
                self.from_box, self.values_form = self._from_box(
                    form, self.values, self.tr("one type for every edge"), self.tr("the edge attribute %1 (%2 values)"),
                    self.tr("Relation type from"), self._show_values)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @staticmethod
    def _box(items: list[tuple[str, str]], default: str) -> QComboBox:
        box = QComboBox()
        for code, title in sorted(items, key=lambda item: item[1].lower()):
            box.addItem(title, code)
        box.setCurrentIndex(max(0, box.findData(default)))
        return box

    @staticmethod
    def _from_box(form: QFormLayout, values: dict[str, dict[str, int]], every: str, attribute: str, title: str,
                  show: Any) -> tuple[QComboBox, QFormLayout]:
        """The "type from" list (one type for all, or an attribute of `values`) and the form below it that
        `show` fills with a type per value of the chosen attribute."""
        box = QComboBox()
        box.addItem(every, None)
        for name, seen in values.items():
            box.addItem(attribute.replace("%1", repr(name)).replace("%2", str(len(seen))), name)
        form.addRow(title, box)
        holder = QWidget()
        values_form = QFormLayout(holder)
        values_form.setContentsMargins(0, 0, 0, 0)
        form.addRow(holder)
        box.currentIndexChanged.connect(lambda _i: show())
        return box, values_form

    def _show_values(self) -> None:
        """A relation type per value of the chosen attribute, preset to the type the value names, if any."""
        from graph.exchange.graphml import relation_named

        assert self.values_form is not None and self.from_box is not None
        fallback = self.edge_box.currentData() if self.edge_box else "associate_of"
        self.value_boxes = self._fill_values(
            self.values_form, self.values.get(self.from_box.currentData(), {}), self.schema.relations,
            lambda value: relation_named(self.schema, value, {}) or fallback, self.tr("%1 (%2 edges)"))

    def _show_node_values(self) -> None:
        """An entity type per value of the chosen node attribute (a two-mode network's 0 and 1), preset to the
        type the value names, else the nodes' type."""
        from graph.exchange.graphml import entity_named

        assert self.node_values_form is not None and self.node_from_box is not None
        fallback = self.node_box.currentData() if self.node_box else "Person"
        self.node_value_boxes = self._fill_values(
            self.node_values_form, self.node_values.get(self.node_from_box.currentData(), {}), self.schema.entities,
            lambda value: entity_named(self.schema, value, {}) or fallback, self.tr("%1 (%2 nodes)"))

    def _fill_values(self, values_form: QFormLayout, seen: dict[str, int], types: dict[str, Any],
                     preset: Any, label: str) -> dict[str, QComboBox]:
        while values_form.rowCount():
            values_form.removeRow(0)
        boxes = {}
        for value, count in seen.items():
            box = self._box([(n, t.title(self.lang)) for n, t in types.items()], preset(value))
            boxes[value] = box
            values_form.addRow(label.replace("%1", value).replace("%2", str(count)), box)
        self.adjustSize()
        return boxes

    def choice(self) -> tuple[str | None, str | None]:
        """(node type, edge type) as schema codes; None where the file named every type."""
        return (self.node_box.currentData() if self.node_box else None,
                self.edge_box.currentData() if self.edge_box else None)

    def edge_types_from(self) -> tuple[str | None, dict[str, str]]:
        """The attribute each edge's type is taken from (None: one type for all) and a type per value."""
        name = self.from_box.currentData() if self.from_box else None
        return name, ({value: box.currentData() for value, box in self.value_boxes.items()} if name else {})

    def node_types_from(self) -> tuple[str | None, dict[str, str]]:
        """The attribute each node's type is taken from (None: one type for all) and a type per value."""
        name = self.node_from_box.currentData() if self.node_from_box else None
        return name, ({value: box.currentData() for value, box in self.node_value_boxes.items()} if name else {})


class ExchangeMenus(QObject):
    """The two submenus and their actions; `finished` carries the result of each run (tests, status)."""

    finished = Signal(object)

    def export_formats(self) -> list[tuple[str, str, str]]:
        return [("anx", self.tr("Analyst's Notebook (.anx)…"), self.tr("Analyst's Notebook chart (*.anx)")),
                ("graphml", self.tr("GraphML (yEd, Cytoscape)…"), self.tr("GraphML (*.graphml)")),
                ("gexf", self.tr("GEXF (Gephi)…"), self.tr("GEXF (*.gexf)")),
                ("ftm", self.tr("FollowTheMoney (Aleph)…"),
                 self.tr("FollowTheMoney JSON lines (*.ftm *.ijson *.json)")),
                ("csv", self.tr("Entity list as CSV…"), self.tr("CSV (*.csv)")),
                ("xlsx", self.tr("Entity list as Excel…"), self.tr("Excel workbook (*.xlsx)"))]

    def audience_names(self) -> dict[str, str]:
        return {"open": self.tr("Open"), "confidential": self.tr("Confidential"),
                "police-wpg": self.tr("Police data (WPG)"), "fiod/tax": self.tr("FIOD / tax secrecy")}

    def __init__(self, window: Any, menu: QMenu):
        super().__init__(window)
        self.window = window
        self.actions: dict[str, QAction] = {}
        may_export = bool(window.session and window.session.may("export"))
        may_import = bool(window.session and window.session.may("import"))
        export_menu = menu.addMenu(self.tr("Export to"))
        for fmt, text, _filter in self.export_formats():
            act = export_menu.addAction(text)
            act.triggered.connect(lambda _c=False, f=fmt: self.export(f))
            act.setEnabled(may_export)
            self.actions[f"export:{fmt}"] = act
        import_menu = menu.addMenu(self.tr("Import from"))
        for fmt, text in (("anx", self.tr("Analyst's Notebook (.anx)…")), ("graphml", self.tr("GraphML…")),
                          ("gexf", self.tr("GEXF (Gephi)…")), ("ftm", self.tr("FollowTheMoney (Aleph)…"))):
            act = import_menu.addAction(text)
            act.triggered.connect(lambda _c=False, f=fmt: self.import_file(f))
            act.setEnabled(may_import)
            self.actions[f"import:{fmt}"] = act

    def summary_text(self, report: Any, name: str) -> str:
        """What an import did, unchanged records included: a re-import of known records said
        "0 entities and 0 relations imported", as if the file had been empty or refused."""
        e, r = report.entities, report.relations
        entities = self.tr("%n entities", "", e.get("new", 0) + e.get("merged", 0))  # "1 entiteit", not "1 entiteiten"
        relations = self.tr("%n relations", "", r.get("new", 0) + r.get("merged", 0))
        text = (self.tr("%1: %2 and %3 new or merged").replace("%1", name).replace("%2", entities)
                .replace("%3", relations))
        unchanged = e.get("unchanged", 0) + r.get("unchanged", 0)
        if unchanged:
            text += self.tr(", %1 already in the project unchanged").replace("%1", str(unchanged))
        return text

    def _parent(self) -> QWidget:
        return self.window

    @staticmethod
    def named_audiences(clearance: frozenset[str]) -> list[tuple[str, str]]:
        """The audiences of audiences.yaml (driehoek, riec, bibob, openbaar) within the member's clearance,
        with their Dutch titles; an analyst sends an export to a meeting, not to a label."""
        from graph.briefing.audiences import load_audiences
        from graph.errors import KnooppuntError
        try:
            book = load_audiences()
        except KnooppuntError:
            return []
        return [(key, a.title) for key, a in book.audiences.items() if a.labels <= clearance]

    def choose_audience(self) -> str | None:
        """An audience within the member's clearance (never wider than what they may see)."""
        clearance = self.window.session.store.caller.clearance
        names = self.audience_names()
        options = [key for key, labels in AUDIENCES.items() if labels <= clearance]
        shown = [names[k] for k in options]
        for key, title in self.named_audiences(clearance):  # the RIEC meeting, the Bibob team: as for a briefing
            options.append(key)
            shown.append(title)
        if not options:
            return None
        choice, ok = QInputDialog.getItem(self._parent(), self.tr("Audience"), self.tr("Who receives this export?"),
                                          shown, 0, False)
        return options[shown.index(choice)] if ok and choice in shown else None

    def export(self, fmt: str, path: Path | None = None, audience: str | None = None) -> operations.Operation | None:
        """Export the open chart (or, when the chart is empty, the whole project) to `fmt`."""
        session = self.window.session
        if path is None:
            file_filter = next(f for key, _t, f in self.export_formats() if key == fmt)
            name = file_dialogs.save_file(self._parent(), self.tr("Export"), f"export.{fmt}", file_filter)
            if not name:
                return None
            path = Path(name)
        audience = audience or self.choose_audience()
        if audience is None:
            return None
        chart = self.window.chart
        chart_name = chart.chart_name if chart.chart_name and chart.undo.isClean() else None
        ids = None if chart_name or not chart.scene.nodes else list(chart.scene.nodes)
        target = path

        def job(store: Any, _progress: Any) -> dict[str, Any]:
            from graph.exchange.service import export_file
            return export_file(store, fmt, target, audience=audience, ids=ids, chart=chart_name)

        def done(result: dict[str, Any]) -> None:
            self.window.statusBar().showMessage(
                self.tr("%n entities exported to %2 (%3)", "", int(result["entities"]))
                .replace("%2", str(target)).replace("%3", result["marking"]), 8000)
            if result["notes"]:  # sensitive properties, what the format has no place for: said, not dropped
                box = QMessageBox(QMessageBox.Icon.Information, self.tr("Export"),
                                  self.tr("%n items were left out of the export (see the details).", "",
                                          len(result["notes"])), QMessageBox.StandardButton.Ok, self._parent())
                box.setDetailedText("\n".join(i18n.core(text) for text in result["notes"]))
                box.open()
                self.notes_box = box
            self.finished.emit(result)

        return operations.Operation(self._parent(), session.reopen, job, title=self.tr("Export"),
                                    on_done=done, on_error=lambda _m: self.finished.emit({})).run_in_background()

    def choose_types(self, fmt: str, path: Path) -> tuple[str | None, str | None] | None:
        """The types of untyped nodes/edges, asked only when the file has such (None: cancelled).

        Reads the file once without writing (graph.exchange.service.untyped); a file that is not
        readable is left to the import itself, which names the problem."""
        from graph.errors import KnooppuntError
        from graph.exchange.service import untyped_and_values

        store = self.window.session.store
        self.edge_type_from: tuple[str | None, dict[str, str]] = (None, {})
        self.node_type_from: tuple[str | None, dict[str, str]] = (None, {})
        try:
            missing, values, node_values = untyped_and_values(store, fmt, path)
        except (KnooppuntError, OSError):
            return None, None
        if not any(missing.values()):
            return None, None
        dialog = ImportTypesDialog(self._parent(), store.schema, self.window.lang, missing, path.name, values,
                                   node_values)
        self.types_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        self.edge_type_from = dialog.edge_types_from()
        self.node_type_from = dialog.node_types_from()
        return dialog.choice()

    def import_file(self, fmt: str, path: Path | None = None, node_type: str | None = None,
                    edge_type: str | None = None) -> operations.Operation | None:
        """Import a file of another tool; `node_type`/`edge_type`: the types of nodes/edges naming none
        (asked in a dialog when not given and the file has such)."""
        from graph.exchange.service import TYPED_BY_CHOICE

        session = self.window.session
        if path is None:
            name = file_dialogs.open_file(self._parent(), self.tr("Import"), "", self.tr("All files (*)"))
            if not name:
                return None
            path = Path(name)
        source = path
        by_value: tuple[str | None, dict[str, str]] = (None, {})
        nodes_by_value: tuple[str | None, dict[str, str]] = (None, {})
        if fmt in TYPED_BY_CHOICE and node_type is None and edge_type is None:
            chosen = self.choose_types(fmt, source)
            if chosen is None:
                return None
            node_type, edge_type = chosen
            by_value, nodes_by_value = self.edge_type_from, self.node_type_from

        def job(store: Any, progress: Any) -> Any:
            from graph.exchange.service import import_file
            return import_file(store, fmt, source, progress=progress.advance, node_type=node_type,
                               edge_type=edge_type, edge_type_from=by_value[0], edge_type_map=by_value[1],
                               node_type_from=nodes_by_value[0], node_type_map=nodes_by_value[1])

        op: operations.Operation | None = None

        def moving(_done: int, _total: int, _text: str) -> None:
            if op is not None:
                self.window.statusBar().showMessage(
                    self.tr("Importing %1: %2").replace("%1", source.name)
                    .replace("%2", operations.speed_text(op.meter, self.tr("records"))))

        def done(report: Any) -> None:
            self.window.statusBar().showMessage(self.summary_text(report, source.name), 15000)
            if report.problems:  # in the interface's language (the details were English in Dutch mode)
                box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Import"),
                                  self.tr("%n items could not be imported.", "", len(report.problems)),
                                  QMessageBox.StandardButton.Ok, self._parent())
                box.setDetailedText("\n".join(i18n.core(text) for text in [*report.problems, *report.notes]))
                box.open()
                self.problems_box = box
            self.finished.emit(report)

        op = operations.Operation(self._parent(), session.reopen, job, title=self.tr("Import"),
                                  changes=operations.Changes(entities=True, relations=True), on_done=done,
                                  on_progress=moving, on_error=lambda _m: self.finished.emit(None))
        return op.run_in_background()
