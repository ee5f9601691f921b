"""The chart panel: scene + view + toolbar + undo stack, wired to the project store.

Chart edits (add, expand, remove, hide, pin, move, layout) go through the QUndoStack, so
Ctrl+Z/Ctrl+Y work for all of them. Layouts of large charts are computed in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QTransform
from PySide6.QtWidgets import QBoxLayout, QComboBox, QMenu, QToolBar, QVBoxLayout, QWidget

from graph.exchange.common import highest_labels
from graph.store import Store
from views import i18n, operations
from views.chart import layouts
from views.chart.commands import (
    AddCommand,
    HideCommand,
    MoveCommand,
    PinCommand,
    RemoveCommand,
    StateCommand,
    StyleCommand,
)
from views.chart.export import ExportJob, prepare_export
from views.chart.items import EdgeItem
from views.chart.scene import ChartScene, Snapshot
from views.chart.storage import load_chart, save_chart
from views.chart.view import ChartView
from views.undo_order import StampedUndoStack

MAX_EXPAND = 250  # a hub with more neighbours is expanded partially, with a notice
HISTORY_KEPT = 50  # undo steps kept over a lock (each is walked through once when locking)
LEGEND_SHOWN = "chart/legend_shown"  # settings: the legend on the chart, and folded to its title
LEGEND_FOLDED = "chart/legend_folded"
LEGEND_CORNER = "chart/legend_corner"  # where its title was dragged to: top-left, top-right, bottom-left, -right
SYNC_LAYOUT_LIMIT = 3000  # igraph lays out this many nodes in well under a second


class ChartWidget(QWidget):
    entity_selected = Signal(str)
    relation_selected = Signal(str)  # one link clicked, no entity: its details
    open_entity = Signal(str)
    status = Signal(str)

    def __init__(self, store: Store, lang: str = "nl", parent: Any = None):
        super().__init__(parent)
        self.store = store
        self.lang = lang
        self.chart_name: str | None = None
        self.marking_label = "open"
        self.scene = ChartScene(store.schema, lang, self)
        self.view = ChartView(self.scene, self)
        self.undo = StampedUndoStack(self)
        self.layout_name = "force"
        self._layout_task: operations.Task | None = None
        self.scene.moved.connect(lambda before, after: self.undo.push(MoveCommand(self.scene, before, after)))
        self.scene.selectionChanged.connect(self._selection_changed)
        self.view.expand_requested.connect(self.expand)
        self.view.context_requested.connect(self._context_menu)
        self._build_ui()

    # -- ui ----------------------------------------------------------------------------------
    def _action(self, text: str, slot: Any, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False, s=slot: s())  # not `checked` into a slot's parameter
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip or text)
        self.addAction(action)
        return action

    def _build_ui(self) -> None:
        self.act_expand = self._action(self.tr("Expand"), self.expand_selected, "E",
                                       self.tr("Add the neighbours of the selected entities (E)"))
        self.act_hide = self._action(self.tr("Hide"), self.hide_selected, "H", self.tr("Hide the selection (H)"))
        self.act_show = self._action(self.tr("Show hidden"), self.show_hidden, "Shift+H",
                                     self.tr("Show the hidden entities again (Shift+H)"))
        self.act_remove = self._action(self.tr("Remove"), self.remove_selected, QKeySequence.StandardKey.Delete,
                                       self.tr("Remove the selection from the chart (Del)"))
        self.act_pin = self._action(self.tr("Pin"), self.toggle_pin, "P",
                                    self.tr("Pin or unpin: pinned entities keep their place in layouts (P)"))
        self.act_fit = self._action(self.tr("Fit"), self.view.fit, "F", self.tr("Show the whole chart (F)"))
        self.act_zoom_in = self._action(self.tr("Zoom in"), lambda: self.view.zoom(1.25),
                                        QKeySequence.StandardKey.ZoomIn)
        self.act_zoom_out = self._action(self.tr("Zoom out"), lambda: self.view.zoom(0.8),
                                         QKeySequence.StandardKey.ZoomOut)
        self.act_select_all = self._action(self.tr("Select all"), self._select_all, QKeySequence.StandardKey.SelectAll)
        self.act_clear_style = self._action(
            self.tr("Clear styling"), self.clear_styling,
            tip=self.tr("Plain sizes and colours, no red flags (Ctrl+Z brings them back)"))
        self.act_link_labels = self._action(self.tr("Link labels"), self._toggle_link_labels, "L",
                                            self.tr("Show or hide the text on links (L)"))
        self.act_link_labels.setCheckable(True)
        self.act_link_labels.setChecked(True)
        self.act_legend = self._action(self.tr("Legend"), self._toggle_legend, None,
                                       self.tr("Show or hide the legend on the chart (it is in every export)"))
        self.act_legend.setCheckable(True)
        self.act_legend_fold = self._action(self.tr("Fold the legend"), self._fold_legend, None,
                                            self.tr("Only the legend's title on the chart (a click on the title "
                                                    "folds or unfolds it too; drag the title to another corner)"))
        self.act_legend_fold.setCheckable(True)
        remembered = i18n.settings()  # as the analyst left them, in this and every later chart and session
        self.act_legend.setChecked(bool(remembered.value(LEGEND_SHOWN, True, type=bool)))
        self.act_legend_fold.setChecked(bool(remembered.value(LEGEND_FOLDED, False, type=bool)))
        self.view.show_legend = self.act_legend.isChecked()
        self.view.legend_folded = self.act_legend_fold.isChecked()
        self.view.set_legend_corner(str(remembered.value(LEGEND_CORNER, "bottom-left")))
        self.view.legend_folded_changed.connect(self._legend_folded)
        self.view.legend_moved.connect(lambda corner: i18n.settings().setValue(LEGEND_CORNER, corner))
        self.act_undo = self.undo.createUndoAction(self, self.tr("Undo"))
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_redo = self.undo.createRedoAction(self, self.tr("Redo"))
        redo_keys = [QKeySequence("Ctrl+Y"), *(k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
                                                if k != QKeySequence("Ctrl+Y"))]  # Ctrl+Y first, as F1 says
        self.act_redo.setShortcuts(redo_keys)

        bar = QToolBar(self)
        bar.setObjectName("chart-edit-bar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # Compact undo/redo buttons: the menu entries carry the full "Undo Layout" text.
        self.undo_btn = undo_btn = bar.addAction("↶", self.undo.undo)
        self.redo_btn = redo_btn = bar.addAction("↷", self.undo.redo)
        self.undo.canUndoChanged.connect(undo_btn.setEnabled)
        self.undo.canRedoChanged.connect(redo_btn.setEnabled)
        undo_btn.setToolTip(self.tr("Undo"))  # the menu entries name the edit ("Undo Layout")
        redo_btn.setToolTip(self.tr("Redo"))
        undo_btn.setEnabled(False)
        redo_btn.setEnabled(False)
        bar.addSeparator()
        for act in (self.act_expand, self.act_hide, self.act_remove, self.act_pin):
            bar.addAction(act)
        self.toolbar = bar
        self.view_bar = view_bar = QToolBar(self)  # the view's choices: a second row when the chart is narrow
        view_bar.setObjectName("chart-view-bar")
        view_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.layout_box = QComboBox(view_bar)
        self.layout_box.setToolTip(self.tr("Layout"))
        for key, text in (("force", self.tr("Force-directed")), ("hierarchical", self.tr("Hierarchical")),
                          ("circular", self.tr("Circular")), ("grouped", self.tr("Grouped by type"))):
            self.layout_box.addItem(text, key)
        self.layout_box.activated.connect(lambda _i: self.run_layout(self.layout_box.currentData()))
        view_bar.addWidget(self.layout_box)
        view_bar.addAction(self.act_fit)
        view_bar.addSeparator()
        view_bar.addAction(self.act_link_labels)
        view_bar.addAction(self.act_legend)
        self.bars = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.bars.setSpacing(0)
        self.bars.addWidget(bar)
        self.bars.addWidget(view_bar, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addLayout(self.bars)
        box.addWidget(self.view)

    def resizeEvent(self, event: Any) -> None:
        """One row of tools when both bars fit, else two: no tool (the layout choice) behind a » button."""
        one_row = event.size().width() >= self.toolbar.sizeHint().width() + self.view_bar.sizeHint().width()
        wanted = QBoxLayout.Direction.LeftToRight if one_row else QBoxLayout.Direction.TopToBottom
        if self.bars.direction() != wanted:
            self.bars.setDirection(wanted)
        super().resizeEvent(event)

    def _toggle_link_labels(self) -> None:
        self.scene.show_link_labels = self.act_link_labels.isChecked()
        self.scene.update()

    def _toggle_legend(self) -> None:
        self.view.show_legend = self.act_legend.isChecked()
        i18n.settings().setValue(LEGEND_SHOWN, self.view.show_legend)
        self.view.viewport().update()
        if self.view.fitted:
            self.view.fit()

    def _fold_legend(self) -> None:
        if not self.act_legend.isChecked():  # folding a hidden legend: show it, folded
            self.act_legend.setChecked(True)
            self._toggle_legend()
        self.view.set_legend_folded(self.act_legend_fold.isChecked())

    def _legend_folded(self, folded: bool) -> None:
        """Folded by the menu or by a click on its title: the menu's tick and the settings follow."""
        self.act_legend_fold.setChecked(folded)
        i18n.settings().setValue(LEGEND_FOLDED, folded)

    def _select_all(self) -> None:
        for item in self.scene.nodes.values():
            if item.isVisible():
                item.setSelected(True)

    def _selection_changed(self) -> None:
        ids = self.scene.selected_ids()
        if len(ids) == 1:
            self.entity_selected.emit(ids[0])
            return
        links = [i for i in self.scene.selectedItems() if isinstance(i, EdgeItem)]
        if not ids and len(links) == 1:
            self.relation_selected.emit(links[0].relation_id)

    def _context_menu(self, pos: Any, entity_id: str | None) -> None:
        menu = QMenu(self)
        if entity_id:
            menu.addAction(self.tr("Show details"), lambda: self.open_entity.emit(entity_id))
            for act in (self.act_expand, self.act_hide, self.act_pin, self.act_remove):
                menu.addAction(act)
            menu.addSeparator()
        for act in (self.act_show, self.act_select_all, self.act_fit, self.act_clear_style):
            menu.addAction(act)
        menu.popup(pos)
        self._menu = menu  # keep alive; tests inspect it

    # -- contents --------------------------------------------------------------------------------
    def _graph_with_links(self, new_ids: set[str]) -> nx.MultiDiGraph:
        """The new entities plus every relation linking them to each other or to the chart."""
        on_chart = set(self.scene.nodes)
        linked = self.store.neighbours(new_ids, 1) & on_chart if on_chart else set()
        return self.store.subgraph(new_ids | linked)

    def add_entities(self, ids: list[str] | set[str], *, around: str | None = None, text: str | None = None) -> int:
        """Put entities on the chart (with their links to what is there); returns how many were new."""
        new = {i for i in ids if i not in self.scene.nodes}
        if not new:
            for i in ids:
                self.view.centre_on(i)
                break
            return 0
        was_empty = not self.scene.nodes
        g = self._graph_with_links(new)
        new &= set(g.nodes)
        sizes = self._footprints(g, new)
        if around is not None and around in self.scene.nodes:
            centre = self.scene.nodes[around].pos()
            occupied = self.scene.positions()
            middle = (sum(x for x, _ in occupied.values()) / len(occupied),
                      sum(y for _, y in occupied.values()) / len(occupied))
            order = sorted(new, key=lambda n: (g.nodes[n].get("type", ""), str(g.nodes[n].get("caption", "")), n))
            pos = layouts.place_in_free_space((centre.x(), centre.y()), order, occupied, sizes, away_from=middle,
                                              widest=self.scene.widest_footprint)
        elif not self.scene.nodes and len(new) <= SYNC_LAYOUT_LIMIT:
            pos = layouts.compute(self.layout_name, g.subgraph(new), sizes=sizes)
        else:  # beside what is there: in free space near the right edge, or a laid-out group for many
            rect = self.scene.itemsBoundingRect()
            if len(new) > 12 and len(new) <= SYNC_LAYOUT_LIMIT:
                group = layouts.compute("force", g.subgraph(new), sizes=sizes)
                left = min(x for x, _ in group.values())
                mid_y = (min(y for _, y in group.values()) + max(y for _, y in group.values())) / 2
                dx, dy = rect.right() + 200 - left, rect.center().y() - mid_y
                pos = {n: (x + dx, y + dy) for n, (x, y) in group.items()}
            else:
                start = (rect.right() + 150, rect.center().y()) if self.scene.nodes else (0.0, 0.0)
                pos = layouts.place_in_free_space(start, sorted(new), self.scene.positions(), sizes,
                                                  widest=self.scene.widest_footprint)
        snap = Snapshot()
        for node in new:
            snap.nodes[node] = {"attrs": dict(g.nodes[node]), "x": pos[node][0], "y": pos[node][1],
                                "pinned": False, "hidden": False}
        for u, v, key, attrs in g.edges(keys=True, data=True):
            if key not in self.scene.edges:
                snap.edges[key] = (u, v, dict(attrs))
        self.undo.push(AddCommand(self.scene, snap, text))
        if was_empty:  # the first on the chart: where the last chart was zoomed and panned is no place for it
            self.view.show_first(list(new))
        return len(new)

    @staticmethod
    def _footprints(g: nx.MultiDiGraph, ids: set[str]) -> dict[str, tuple[float, float]]:
        """Footprints of nodes not drawn yet, measured the way NodeItem will draw them."""
        from views.chart.items import footprint_of
        return {n: footprint_of(g.nodes[n].get("caption") or n) for n in ids}

    def expand(self, entity_id: str) -> int:
        """Add the neighbour ring of an entity (double-click, E)."""
        found = self.store.neighbours([entity_id], 1, max_nodes=MAX_EXPAND + 1)
        new = found - set(self.scene.nodes)
        if len(found) > MAX_EXPAND:
            self.status.emit(self.tr("Showing the first %1 neighbours only").replace("%1", str(MAX_EXPAND)))
        if not new:
            self.status.emit(self.tr("No further neighbours"))
            return 0
        if entity_id not in self.scene.nodes:
            new.add(entity_id)
        added = self.add_entities(new, around=entity_id, text=self.tr("Expand"))
        self.status.emit(self.tr("%n entities added", "", added))  # "1 entiteit toegevoegd", not "1 entiteiten"
        self.view.bring_into_view([entity_id, *new])
        return added

    def expand_selected(self) -> None:
        ids = self.scene.selected_ids()
        if len(ids) > 1:
            self.undo.beginMacro(self.tr("Expand"))
        for node in ids:
            self.expand(node)
        if len(ids) > 1:
            self.undo.endMacro()

    def remove_selected(self) -> None:
        ids = self.scene.selected_ids()
        if ids:
            self.undo.push(RemoveCommand(self.scene, ids))

    def hide_selected(self) -> None:
        """Hide the selection and say how to get it back: hidden entities leave no trace on the chart."""
        ids = self.scene.selected_ids()
        if not ids:
            self.status.emit(self.tr("Select the entities to hide first"))
            return
        self.undo.push(HideCommand(self.scene, ids, True))
        self.status.emit(self.tr("%n entities hidden (%2 in all): Show hidden (Shift+H) brings them back", "", len(ids))
                         .replace("%2", str(len(self.scene.hidden_ids()))))

    def show_hidden(self) -> None:
        ids = self.scene.hidden_ids()
        if not ids:
            self.status.emit(self.tr("Nothing on the chart is hidden"))
            return
        self.undo.push(HideCommand(self.scene, ids, False))
        self.status.emit(self.tr("%n hidden entities shown again", "", len(ids)))

    def restyle(self, text: str, change: Callable[[], Any]) -> bool:
        """Run a styling change (size, colour, red flags) as one undo step; False when it changed nothing."""
        before = self.scene.style_state()
        change()
        after = self.scene.style_state()
        if after == before:
            return False
        self.undo.push(StyleCommand(self.scene, before, after, text))
        return True

    def clear_styling(self) -> None:
        if self.restyle(self.tr("Clear styling"), self.scene.clear_style):
            self.status.emit(self.tr("Styling cleared (Ctrl+Z brings it back)"))
        else:
            self.status.emit(self.tr("The chart has no styling to clear"))

    def toggle_pin(self) -> None:
        ids = self.scene.selected_ids()
        if ids:
            pin = not all(self.scene.nodes[i].pinned for i in ids)
            self.undo.push(PinCommand(self.scene, ids, pin))

    def clear(self) -> None:
        self.scene.clear_chart()
        self.scene.clear_style()
        self.scene.show_groups = False
        self.undo.clear()
        self.chart_name = None

    # -- layout ------------------------------------------------------------------------------------
    def run_layout(self, name: str, *, wait: bool = False) -> operations.Task | None:
        """Lay the chart out again; pinned entities stay. Runs in a worker for large charts."""
        self.layout_name = name
        index = self.layout_box.findData(name)
        if index >= 0:
            self.layout_box.setCurrentIndex(index)
        graph = self.scene.graph()
        sizes = self.scene.footprints()
        self.scene.show_groups = name == "grouped"
        self.scene.update()
        pinned = self.scene.pinned_positions()
        before = self.scene.positions()
        roots = self.scene.selected_ids() or None

        def apply(pos: dict[str, tuple[float, float]]) -> None:
            pos = {n: p for n, p in pos.items() if n in self.scene.nodes}
            self.undo.push(MoveCommand(self.scene, {n: before[n] for n in pos if n in before}, pos,
                                       self.tr("Layout"), applied=False))
            self.view.fit()
            self._layout_task = None

        if wait or graph.number_of_nodes() <= 300:
            apply(layouts.compute(name, graph, pinned=pinned, initial=before, roots=roots, sizes=sizes))
            return None
        self.status.emit(self.tr("Computing layout…"))
        self._layout_task = operations.start(
            lambda _p: layouts.compute(name, graph, pinned=pinned, initial=before, roots=roots, sizes=sizes),
            on_done=apply, on_error=lambda msg, _tb: self.status.emit(msg))
        return self._layout_task

    # -- saving ------------------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        snap = self.scene.snapshot()
        return {"layout": self.layout_name,
                "nodes": [{"id": n, "x": round(i["x"], 1), "y": round(i["y"], 1), "pinned": i["pinned"],
                           "hidden": i["hidden"]} for n, i in snap.nodes.items()],
                "edges": sorted(snap.edges),
                "style": {"size": {n: it.size_factor for n, it in self.scene.nodes.items() if it.size_factor != 1.0},
                          "colour": {n: it.style_color.name() for n, it in self.scene.nodes.items()
                                     if it.style_color is not None},
                          "flag": sorted(n for n, it in self.scene.nodes.items() if it.flagged),
                          "size_meaning": self.scene.size_meaning, "colour_meaning": self.scene.colour_meaning}}

    def save(self, name: str) -> None:
        save_chart(self.store, name, self.state())
        self.chart_name = name
        self.undo.setClean()
        self.status.emit(self.tr("Chart “%1” saved").replace("%1", name))

    def open(self, name: str) -> int:
        """Reopen a saved chart as it was: same entities, positions, pins, hidden items and styling."""
        shown = self.restore(load_chart(self.store, name))
        self.chart_name = name
        self.scene.changed_contents.emit()
        return shown

    def restore(self, state: dict[str, Any]) -> int:
        """Rebuild the chart from a state (saved chart, or the one kept over a lock) with fresh data."""
        self.clear()
        shown, missing = self._rebuild(state)
        self.undo.clear()
        self.view.fit()
        if missing:
            self.status.emit(self.tr("%n entities of this chart are no longer visible to you", "", missing))
        return shown

    def _rebuild(self, state: dict[str, Any]) -> tuple[int, int]:
        """The scene as `state` describes it, records read anew; (shown, no longer visible). Undo untouched."""
        self.scene.clear_chart()
        self.scene.clear_style()
        self.scene.show_groups = False
        nodes = {n["id"]: n for n in state.get("nodes", [])}
        g = self.store.subgraph(nodes)
        wanted_edges = set(state.get("edges", [])) or None
        snap = Snapshot()
        for node, attrs in g.nodes(data=True):
            info = nodes[node]
            snap.nodes[node] = {"attrs": dict(attrs), "x": info["x"], "y": info["y"],
                                "pinned": info.get("pinned", False), "hidden": info.get("hidden", False)}
        for u, v, key, attrs in g.edges(keys=True, data=True):
            if wanted_edges is None or key in wanted_edges:
                snap.edges[key] = (u, v, dict(attrs))
        self.scene.apply(snap)
        style = state.get("style", {})
        for node, factor in style.get("size", {}).items():
            if node in self.scene.nodes:
                self.scene.nodes[node].set_size_factor(float(factor))
        if style.get("colour"):
            self.scene.colour_by(style["colour"], style.get("colour_meaning"))
        if style.get("flag"):
            self.scene.flag(set(style["flag"]))
        self.scene.size_meaning = style.get("size_meaning")
        self.scene.legend_cache = None
        self.layout_name = state.get("layout", "force")
        self.scene.show_groups = self.layout_name == "grouped"
        return len(snap.nodes), len(nodes) - len(snap.nodes)

    def share_undo(self, undo: QAction, redo: QAction) -> None:
        """Hand Ctrl+Z/Ctrl+Y and the toolbar's arrows to a window-wide history (views/undo_order.py)."""
        self.act_undo.setShortcuts([])
        self.act_redo.setShortcuts([])
        self.undo.canUndoChanged.disconnect(self.undo_btn.setEnabled)
        self.undo.canRedoChanged.disconnect(self.redo_btn.setEnabled)
        for btn, act in ((self.undo_btn, undo), (self.redo_btn, redo)):
            btn.triggered.disconnect()
            btn.triggered.connect(act.trigger)
            act.enabledChanged.connect(btn.setEnabled)  # a slot of btn: dropped when either goes
            btn.setEnabled(act.isEnabled())

    # -- the whole session, kept over a lock ----------------------------------------------------------
    def session_state(self, max_history: int = HISTORY_KEPT) -> dict[str, Any]:
        """Name, zoom, centre and the undo history as data-free chart states (ids and positions only).

        The undo commands hold record data (captions), which must not outlive the lock; each step is
        kept as the chart state before and after it, so the history is rebuilt from fresh data.
        """
        count, index, clean = self.undo.count(), self.undo.index(), self.undo.cleanIndex()
        low = max(0, count - max_history)
        states = []
        self.view.setUpdatesEnabled(False)  # walked through, never shown
        try:
            for i in range(low, count + 1):
                self.undo.setIndex(i)
                states.append(self.state())
            self.undo.setIndex(index)
        finally:
            self.view.setUpdatesEnabled(True)
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        return {"name": self.chart_name, "states": states, "texts": [self.undo.text(i) for i in range(low, count)],
                "index": index - low, "clean": clean - low if clean >= low else -1,
                "zoom": self.view.transform().m11(), "centre": [centre.x(), centre.y()], "current": self.state()}

    def restore_session(self, memory: dict[str, Any]) -> int:
        """The chart as it was at the lock: same name, zoom, centre and undo history (records read anew)."""
        states = memory.get("states") or [memory.get("current", {})]
        index = min(memory.get("index", 0), len(states) - 1)
        shown = self.restore(states[index])  # the chart as it was: read once
        StateCommand.quiet = True  # the steps go back on the stack without rebuilding the chart each time
        try:
            for text, before, after in zip(memory.get("texts", []), states, states[1:], strict=False):
                self.undo.push(StateCommand(self._rebuild, before, after, text))
            if memory.get("clean", -1) >= 0:
                self.undo.setIndex(memory["clean"])
                self.undo.setClean()
            else:
                self.undo.resetClean()
            self.undo.setIndex(index)
        finally:
            StateCommand.quiet = False
        self.chart_name = memory.get("name")
        zoom = float(memory.get("zoom") or 0)
        if zoom > 0:
            self.view.setTransform(QTransform.fromScale(zoom, zoom))
            self.view.fitted = False
            x, y = memory.get("centre", [0.0, 0.0])
            self.view.centerOn(float(x), float(y))
        self.scene.changed_contents.emit()
        return shown

    def prepare_export(self, path: Path, *, marking_label: str, title: str) -> ExportJob:
        """Check the export right and capture an export; the marking is raised to the highest label(s) on
        the chart. `ExportJob.run` writes the file, `ExportJob.record(store)` audits it afterwards."""
        label = "+".join(highest_labels([*marking_label.split("+"), *self.scene.security_labels()]))
        return prepare_export(self.store, self.scene, path, marking_label=label, title=title,
                              chart_name=self.chart_name)

    def export(self, path: Path, *, marking_label: str, title: str) -> dict[str, Any]:
        """Export right away on this thread (scripts, benchmarks)."""
        job = self.prepare_export(path, marking_label=marking_label, title=title)
        details = job.run()
        job.record(self.store)
        return details
