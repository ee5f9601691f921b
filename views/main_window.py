"""The main window: search, browser and details docked around the network chart.

Menus: Project (open another project, recent projects, lock, preferences, quit), Chart
(open/save/export, layouts, undo/redo), Import (the wizard, duplicate persons), Analysis (one
entry per analysis). The window holds one `Session`; locking (by hand or after idle time)
closes it and clears every panel that shows data; unlocking brings the session back (chart,
zoom, undo history, analysis panels). The open chart is autosaved into the project per
member, so quitting, a crash or switching projects loses nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from graph.errors import KnooppuntError, PermissionDenied
from graph.formatting import format_date
from views import analysis_panel, file_dialogs, i18n, names, operations
from views.autolock import IdleLock
from views.chart.export import marking_text
from views.chart.storage import chart_names, clear_autosave, load_autosave, save_autosave
from views.chart.widget import ChartWidget
from views.dialogs import PreferencesDialog, UnlockDialog, recent_projects, show_error
from views.panels import BrowserPanel, DetailPanel, SearchPanel
from views.project_session import Session
from views.record_editor import RecordEditor
from views.screen import fit_to_screen

WARNING_POLL_MS = 1000  # how often the window looks for warnings the store gave after the open
AUTOSAVE_DELAY_MS = 20_000  # after the last chart change; lock, quit and switching save at once
BOTTOM_MIN = 240  # pixels: a result list under the chart shows some seven rows


class MainWindow(QMainWindow):
    exported = Signal(dict)  # details of a finished export ({} when it failed)

    def __init__(self, session: Session, lang: str | None = None, *, autolock_minutes: float | None = None):
        super().__init__()
        self.lang = lang or i18n.chosen_language()
        self.session: Session | None = None
        self._chart_memory: dict[str, Any] | None = None
        self._analysis_memory: list[dict[str, Any]] = []
        self._may_close = False  # set once the analyst answered the unsaved-chart question on quitting
        self.later_warning: QMessageBox | None = None  # what the store warned of after the open (_warn_later)
        self._warned = 0
        self.warning_timer = QTimer(self)
        self.warning_timer.setInterval(WARNING_POLL_MS)
        self.warning_timer.timeout.connect(self._warn_later)
        self.autosave_timer = QTimer(self)  # autosave a while after the last change, not on every drag
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self.autosave_timer.timeout.connect(self.autosave_now)
        fit_to_screen(self, 1500, 950)  # a 1366x768 laptop gets the whole screen, not a window off its edge
        minutes = i18n.autolock_minutes() if autolock_minutes is None else autolock_minutes
        self.idle = IdleLock(minutes, self)
        self.idle.idle.connect(self.lock)
        self.locked_label = QLabel(self.tr("The project is locked."), self)
        self.locked_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.analysis_docks: list[QDockWidget] = []
        operations.hub().operation_did_execute.connect(self.operation_did_execute)  # once, not per unlock
        self.attach(session)

    # -- session ----------------------------------------------------------------------------------
    def attach(self, session: Session) -> None:
        """Build the panels for an unlocked project."""
        self.session = session
        store = session.store
        self.chart = ChartWidget(store, self.lang, self)
        self.chart.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.chart.entity_selected.connect(self.show_entity)
        self.chart.relation_selected.connect(self._show_relation)
        self.chart.open_entity.connect(self.show_entity)
        self.chart.scene.changed_contents.connect(self._update_title)
        self.setCentralWidget(self.chart)
        self.search = SearchPanel(store, self.lang, self)
        self.search.activated.connect(self.show_entity)
        self.browser = BrowserPanel(store, self.lang, session.reopen, self, session.reader())
        self.browser.activated.connect(self.show_entity)
        self.search.place.connect(self._place_on_chart)
        self.browser.place.connect(self._place_on_chart)
        self.detail = DetailPanel(store, self.lang, self)
        self.detail.add_to_chart.connect(self._place_on_chart)  # selected and in view, as from Find
        self.detail.expand_on_chart.connect(self._add_and_expand)
        self.detail.activated.connect(self.show_entity)
        left = QTabWidget(self)
        left.addTab(self.search, self.tr("Search"))
        left.addTab(self.browser, self.tr("Browse"))
        self.left_tabs = left
        for old in self.findChildren(QDockWidget):
            self.removeDockWidget(old)
            old.deleteLater()
        self.analysis_docks = []
        self.resolution_dock: QDockWidget | None = None
        self.left_dock = self._dock(self.tr("Find"), left, Qt.DockWidgetArea.LeftDockWidgetArea, "find")
        self.detail_dock = self._dock(self.tr("Details"), self.detail, Qt.DockWidgetArea.RightDockWidgetArea, "details")
        self._attach_vik(store)
        # the chart is the work: the registers get a quarter of the height (on a laptop they took half)
        self.resizeDocks([self.vik_dock], [max(170, self.height() // 4)], Qt.Orientation.Vertical)
        self.menuBar().clear()
        self._build_menus()
        self._fit_details_width()  # after the menus: they add the notes and documents to the details
        self._update_title()
        self.statusBar().showMessage(self.tr("Unlocked as %1 (%2)").replace("%1", session.user)
                                     .replace("%2", names.member_role(session.role)), 8000)
        self.idle.restart()
        if self._chart_memory is not None:
            self.chart.restore_session(self._chart_memory)
            self._chart_memory = None
            self._update_title()
        else:
            self._restore_autosave()
        memory, self._analysis_memory = self._analysis_memory, []
        specs = {spec.key: spec for spec in analysis_panel.available_analyses(self.lang)}
        for kept in memory:
            if kept.get("key") in specs:
                self.run_analysis(specs[kept["key"]], kept.get("values"), kept.get("selection"))
        self.chart.undo.indexChanged.connect(self._chart_changed)
        self.chart.undo.cleanChanged.connect(self._chart_changed)
        from views.dialogs import add_recent
        add_recent(session.path)
        self.open_warning = self._warn_opened(store)
        # What the store finds wrong after the open (a label file's signed rows checked at the first read of
        # that file, a mis-signed row met in a later read) goes into `store.warnings` too: shown as it comes.
        self._warned = len(list(getattr(store, "warnings", ()) or ()))
        self.warning_timer.start()

    def _warn_opened(self, store: Any) -> Any:
        """What the open found wrong but did not refuse (a shortened audit log, a label file put back to an
        older copy): a window-modal notice the analyst must close, never only a line in the log."""
        warnings = list(getattr(store, "warnings", ()) or ())
        self.accept_dialog: QInputDialog | None = None
        if not warnings:
            return None
        text = "\n\n".join(i18n.core(str(w)) for w in warnings)
        put_back = store.label_files_put_back() if hasattr(store, "label_files_put_back") else []
        owner = getattr(getattr(store, "member", None), "role", None) == "owner"
        if put_back and not owner:
            text += "\n\n" + self.tr("If this copy is the one to keep (restored from a backup on purpose), ask "
                                     "an owner of the project to accept it; otherwise ask them to put the latest "
                                     "copy back.")
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Project opened with warnings"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if put_back and owner:  # the owner says: this copy is the one we keep (a signed audit entry)
            button = box.addButton(self.tr("Accept…"), QMessageBox.ButtonRole.ActionRole)
            button.setToolTip(self.tr("Keep the label file as it is now: what was written to it after this "
                                      "copy is lost, and the open no longer warns about it"))
            button.clicked.connect(lambda: self._ask_accept_reason(store, put_back))
        box.open()
        return box

    def _warn_later(self) -> None:
        """New warnings since the last look, in one notice (added to the one still open, never a pile of boxes)."""
        if self.session is None:
            return
        warnings = list(getattr(self.session.store, "warnings", ()) or ())
        if len(warnings) <= self._warned:
            return
        new, self._warned = warnings[self._warned:], len(warnings)
        text = "\n\n".join(i18n.core(str(w)) for w in new)
        box = self.later_warning
        if box is not None and box.isVisible():
            box.setText(box.text() + "\n\n" + text)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Knooppunt found a problem while reading"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_: setattr(self, "later_warning", None))
        box.open()
        self.later_warning = box

    def _ask_accept_reason(self, store: Any, labels: list[str]) -> None:
        """Ask the owner why the put-back copy is kept; the reason goes into the signed acceptance entry."""
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Accept the label file as it is"))
        dialog.setLabelText(self.tr("Label file(s): %1. What was written after this copy is lost. "
                                    "Reason (every member can read it in the audit log):", "", len(labels))
                            .replace("%1", ", ".join(names.security_label(label) for label in labels)))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda reason: self._accept_put_back(store, labels, reason))
        self.accept_dialog = dialog
        dialog.open()

    def _accept_put_back(self, store: Any, labels: list[str], reason: str) -> None:
        try:
            for label in labels:
                store.accept_label_file(label, reason)
        except KnooppuntError as exc:
            show_error(self, self.tr("Accept the label file as it is"), i18n.core(str(exc)))
            return
        said = ", ".join(names.security_label(label) for label in labels)  # Vertrouwelijk, not confidential
        self.statusBar().showMessage(self.tr("Accepted as kept: the file(s) for label %1 (signed in the audit log)",
                                             "", len(labels)).replace("%1", said), 15000)

    def _restore_autosave(self) -> None:
        """A chart left unsaved (quit, crash, another project) comes back on the next open, with a notice."""
        assert self.session is not None
        try:
            kept = load_autosave(self.session.store)
        except (KnooppuntError, ValueError) as exc:
            self.statusBar().showMessage(i18n.core(str(exc)), 15000)
            return
        if not kept or not kept.get("nodes"):
            return
        self.chart.restore(kept)
        self.chart.chart_name = kept.get("name")
        self.chart.undo.resetClean()  # still unsaved: saving or discarding is the analyst's choice
        self._update_title()
        name = kept.get("name") or self.tr("(unnamed)")
        self.restored_notice = (self.tr("The unsaved chart %1 of your last session was restored (autosave of %2)")
                                .replace("%1", name).replace("%2", format_date(kept.get("saved_at"), self.lang)))
        self.statusBar().showMessage(self.restored_notice, 30000)

    def _chart_changed(self, *_: Any) -> None:
        if shiboken6.isValid(self.autosave_timer):  # the undo stack may outlive the window by an event
            self.autosave_timer.start()

    def chart_is_dirty(self) -> bool:
        return bool(self.chart.scene.nodes) and not self.chart.undo.isClean()

    def autosave_now(self) -> bool:
        """Keep the open chart in the member's autosave slot; an empty or saved chart clears the slot."""
        self.autosave_timer.stop()
        if self.session is None:
            return False
        try:
            if self.chart_is_dirty():
                save_autosave(self.session.store, self.chart.state(), self.chart.chart_name)
                return True
            clear_autosave(self.session.store)
        except KnooppuntError as exc:  # a viewer may not write settings: said, not hidden
            self.statusBar().showMessage(self.tr("Autosave failed: %1").replace("%1", i18n.core(str(exc))), 8000)
        return False

    def _attach_vik(self, store: Any) -> None:
        """The VIK registers in a dock under the chart, linked both ways with the chart."""
        from views.vik_panel import VikPanel
        self.vik = VikPanel(store, self.lang, self, selection=lambda: list(self.chart.scene.selected_ids()))
        self.vik.open_record.connect(self.open_on_chart)
        self.chart.entity_selected.connect(self.vik.select_record)
        self.vik_dock = self._dock(self.tr("VIK"), self.vik, Qt.DockWidgetArea.BottomDockWidgetArea, "vik")

    def _say_also(self, text: str) -> None:
        """Add to the status line instead of replacing it: the alerts notice wiped out an import's summary."""
        current = self.statusBar().currentMessage()
        self.statusBar().showMessage(f"{current} — {text}" if current and text not in current else text, 15000)

    def _after_edit(self, _index: int = 0) -> None:
        """An edit by hand (or its undo/redo) may touch a watched item or one under a measure."""
        from graph.vik.alerts import after_change
        if self.session is not None and after_change(self.session.store):
            self.statusBar().showMessage(self.tr("New alerts: see the VIK alerts"), 8000)
        self.vik.refresh()

    def open_on_chart(self, entity_id: str) -> None:
        """A register item on the chart: added with its neighbours, centred and shown in the details."""
        if entity_id not in self.chart.scene.nodes:
            self._add_and_expand(entity_id)
        self.chart.view.centre_on(entity_id)
        self.show_entity(entity_id)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea, name: str) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(area, dock)
        return dock

    def _update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle(self.tr("Knooppunt — locked"))
            return
        marking = marking_text(self.session.marking(self.chart.scene.security_labels()))
        chart = f" — {self.chart.chart_name}" if self.chart.chart_name else ""
        self.setWindowTitle(f"Knooppunt — {self.session.name}{chart} — {self.session.user} — {marking}")

    def lock(self) -> bool:
        """Close the project (idle time or Ctrl+L); the chart's layout is kept, its data is not."""
        if self.session is None:
            return False
        self.autosave_now()
        self._chart_memory = self.chart.session_state() if self.chart.scene.nodes or self.chart.undo.count() else None
        self._analysis_memory = self._analysis_states()
        session, self.session = self.session, None
        self.idle.stop()
        self._release_views()
        self.resolution_dock = None
        for dock in self.findChildren(QDockWidget):
            self.removeDockWidget(dock)
            dock.deleteLater()
        self.chart.deleteLater()
        self.locked_label = QLabel(self.tr("The project is locked. Unlock it to continue."), self)
        self.locked_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(self.locked_label)
        self.menuBar().clear()
        unlock = self.menuBar().addAction(self.tr("Unlock…"))
        unlock.triggered.connect(lambda: self.unlock(session.path, session.user))
        session.lock()
        self._update_title()
        return True

    def _analysis_states(self) -> list[dict[str, Any]]:
        """The open analysis panels (analysis, parameters, selection), to run again after unlocking."""
        out = []
        for dock in self.analysis_docks:
            panel = dock.widget()
            if isinstance(panel, analysis_panel.AnalysisPanel) and not dock.isHidden():
                out.append(panel.session_state())
        return out

    def unlock(self, path: Path, user: str | None) -> bool:
        dialog = UnlockDialog(path, self, user=user)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.session is not None:
            self.attach(dialog.session)
            return True
        return False

    # -- menus --------------------------------------------------------------------------------------
    def _act(self, menu: Any, text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        # triggered(bool checked) would hand `False` to a slot's first optional parameter (export_chart's
        # path, save_chart's ask): menu entries call their slot without arguments.
        action.triggered.connect(lambda _checked=False, s=slot: s())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        project = bar.addMenu(self.tr("&Project"))
        self._act(project, self.tr("Open project…"), self.ask_open_project, QKeySequence.StandardKey.Open,
                  self.tr("Switch to another project (asks about unsaved work first)"))
        self.recent_menu = project.addMenu(self.tr("Recent projects"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        project.addSeparator()
        self._act(project, self.tr("Find…"), self.focus_search, QKeySequence.StandardKey.Find)
        self._act(project, self.tr("Lock"), self.lock, "Ctrl+L", self.tr("Close the project until it is unlocked"))
        self._act(project, self.tr("Preferences…"), self.preferences)
        self.act_audit_log = self._act(project, self.tr("Audit log…"), self.show_audit_log, None,
                                       self.tr("Who did what and when; check the chain and the signatures"))
        if not self.session or not self.session.may("audit"):
            self.act_audit_log.setEnabled(False)
            self.act_audit_log.setToolTip(self.tr("Your role may not read the audit log"))
        project.addSeparator()
        from views.exchange_menu import ExchangeMenus  # Export to… / Import from… (issue 16)
        self.exchange = ExchangeMenus(self, project)
        project.addSeparator()
        self._act(project, self.tr("Quit"), self.close, QKeySequence.StandardKey.Quit)

        chart = self.chart_menu = bar.addMenu(self.tr("&Chart"))
        chart.addSeparator()  # Undo/Redo go before it once the Edit menu is there (_one_history)
        self._act(chart, self.tr("New chart"), self.new_chart, QKeySequence.StandardKey.New)
        self.open_chart_menu = chart.addMenu(self.tr("Open chart"))
        self.open_chart_menu.aboutToShow.connect(self._fill_chart_menu)
        self.act_save_chart = self._act(chart, self.tr("Save chart"), self.save_chart, QKeySequence.StandardKey.Save)
        self._act(chart, self.tr("Save chart as…"), lambda: self.save_chart(ask=True), "Ctrl+Shift+S")
        self.act_export = self._act(chart, self.tr("Export…"), self.export_chart, "Ctrl+E",
                                    self.tr("PNG, SVG or PDF at print resolution, or interactive HTML"))
        if not self.session or not self.session.may("export"):
            self.act_export.setEnabled(False)
            self.act_export.setToolTip(self.tr("Your role may not export"))
        from views.briefing_dialog import text as briefing_text  # issue 15: the briefing dialog
        self.act_briefing = self._act(chart, briefing_text("action"), self.briefing,
                                      tip=briefing_text("action_tip"))
        chart.addSeparator()
        for act in (self.chart.act_expand, self.chart.act_hide, self.chart.act_show, self.chart.act_remove,
                    self.chart.act_pin, self.chart.act_select_all, self.chart.act_fit, self.chart.act_clear_style,
                    self.chart.act_link_labels):
            chart.addAction(act)
        layouts = chart.addMenu(self.tr("Layout"))
        for i in range(self.chart.layout_box.count()):
            key = self.chart.layout_box.itemData(i)
            self._act(layouts, self.chart.layout_box.itemText(i), lambda k=key: self.chart.run_layout(k))

        imports = bar.addMenu(self.tr("&Import"))
        self.act_import = self._act(imports, self.tr("Import file…"), self.import_wizard, "Ctrl+I",
                                    self.tr("Import a CSV or Excel file with an import specification"))
        from views.kvk_import import action_texts, import_kvk
        kvk_text, kvk_tip = action_texts()
        self.act_import_kvk = self._act(imports, kvk_text, lambda: import_kvk(self), None, kvk_tip)
        self.act_resolution = self._act(imports, self.tr("Duplicate persons…"), self.show_resolution, None,
                                        self.tr("Persons that may be one: confirm or reject each pair"))
        self.act_import.setEnabled(False)
        try:
            import importers.case_import  # noqa: F401
        except ImportError:
            self.act_import.setToolTip(self.tr("The importers package is not installed"))
        else:
            if self.session and self.session.may("import"):
                self.act_import.setEnabled(True)
            else:
                self.act_import.setToolTip(self.tr("Your role may not import"))
        self.act_import_kvk.setEnabled(self.act_import.isEnabled())
        if not self.act_import_kvk.isEnabled():
            self.act_import_kvk.setToolTip(self.act_import.toolTip())

        analysis = bar.addMenu(self.tr("&Analysis"))
        self.analysis_actions: dict[str, QAction] = {}
        specs = analysis_panel.available_analyses(self.lang)
        if not specs:
            act = self._act(analysis, self.tr("No analyses available"), lambda: None)
            act.setEnabled(False)
            act.setToolTip(self.tr("The analysis package (graph.analysis) is not installed"))
        for spec in specs:
            scope_menu = analysis
            act = self._act(scope_menu, spec.title(self.lang), lambda s=spec: self.run_analysis(s),
                            tip=spec.description(self.lang))
            self.analysis_actions[spec.key] = act

        view = bar.addMenu(self.tr("&View"))
        vik = bar.addMenu(self.tr("V&IK"))
        for act in (self.vik.act_new_signal, self.vik.act_new_meeting, self.vik.act_new_measure,
                    self.vik.act_new_action):
            vik.addAction(act)
        vik.addSeparator()
        for act in (self.vik.act_edit, self.vik.act_status, self.vik.act_seen, self.vik.act_refresh):
            vik.addAction(act)
        for dock in (self.left_dock, self.detail_dock, self.vik_dock):
            view.addAction(dock.toggleViewAction())
        view.addSeparator()  # the legend, as Analyst's Notebook has it under View (shown, folded: remembered)
        view.addAction(self.chart.act_legend)
        view.addAction(self.chart.act_legend_fold)
        help_menu = bar.addMenu(self.tr("&Help"))
        self._act(help_menu, self.tr("Keyboard shortcuts"), self.show_shortcuts, "F1")
        self.record_editor = RecordEditor.install(self)  # menu Edit; notes and documents in the details
        self.record_editor.undo.indexChanged.connect(self._after_edit)
        self._one_history()

    def _one_history(self) -> None:
        """Ctrl+Z/Ctrl+Y, the Edit and Chart menus and the chart's arrows undo chart steps and record
        edits as one history, latest first (as in Analyst's Notebook); Ctrl+Alt+Z, at the foot of the
        Edit menu, takes back the last record change alone (RecordEditor._record_only_undo)."""
        from views.undo_order import OneUndo

        self.history = OneUndo([self.chart.undo, self.record_editor.undo], self)
        self.history.said.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.chart.share_undo(self.history.act_undo, self.history.act_redo)
        edit = self.record_editor.menu
        if edit is not None:
            first = edit.actions()[0] if edit.actions() else None
            edit.insertActions(first, [self.history.act_undo, self.history.act_redo])  # type: ignore[arg-type]
        self.chart_menu.insertActions(self.chart_menu.actions()[0],
                                      [self.history.act_undo, self.history.act_redo])

    # -- actions --------------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.left_dock.show()
        self.left_tabs.setCurrentWidget(self.search)
        self.search.field.setFocus()
        self.search.field.selectAll()

    def _show_relation(self, relation_id: str) -> None:
        self.detail_dock.show()
        self.detail.show_relation(relation_id)

    def _place_on_chart(self, entity_id: str) -> None:
        """A double-clicked result goes on the chart, selected, with its details shown.

        The view pans only as far as needed to show it: centring on it pushed what was already on
        the chart out of sight (the person added a moment ago vanished when a company joined it).
        """
        self.chart.add_entities([entity_id])
        item = self.chart.scene.nodes.get(entity_id)
        if item is not None:
            self.chart.scene.clearSelection()
            item.setSelected(True)
            if len(self.chart.scene.nodes) == 1:  # the first on an empty chart: in the middle, not wherever the
                self.chart.view.centerOn(item)  # view happened to be (it landed in a corner, half under the legend)
            else:
                self.chart.view.bring_into_view([entity_id])
        self.show_entity(entity_id)

    def show_entity(self, entity_id: str) -> None:
        if self.detail.show_entity(entity_id):
            self.detail_dock.show()
            if entity_id in self.chart.scene.nodes and entity_id not in self.chart.scene.selected_ids():
                self.chart.view.centre_on(entity_id)

    def _add_and_expand(self, entity_id: str) -> None:
        self.chart.undo.beginMacro(self.tr("Add with neighbours"))
        self.chart.add_entities([entity_id])
        self.chart.expand(entity_id)
        self.chart.undo.endMacro()
        self.chart.view.centre_on(entity_id)

    def confirm_discard(self) -> bool:
        """Before the chart is replaced: save, discard or cancel when it has unsaved changes (named or not)."""
        if not self.chart.scene.nodes or self.chart.undo.isClean():
            return True
        name = self.chart.chart_name
        text = (self.tr("Save the changes to chart “%1”?").replace("%1", name) if name
                else self.tr("This chart has not been saved. Save it first?"))
        answer = QMessageBox.question(self, self.tr("Unsaved chart"), text,
                                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                                      | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            return self.save_chart()
        return answer == QMessageBox.StandardButton.Discard

    def new_chart(self) -> None:
        if not self.confirm_discard():
            return
        self.chart.clear()
        self._update_title()

    def _fill_chart_menu(self) -> None:
        self.open_chart_menu.clear()
        names = chart_names(self.chart.store)
        if not names:
            self.open_chart_menu.addAction(self.tr("(no saved charts)")).setEnabled(False)
        for name in names:
            action = self.open_chart_menu.addAction(name)
            action.triggered.connect(lambda _c=False, n=name: self.open_chart(n))

    def open_chart(self, name: str) -> None:
        if not self.confirm_discard():
            return
        self.chart.open(name)
        self._update_title()

    def save_chart(self, ask: bool = False) -> bool:
        name = self.chart.chart_name
        if ask or not name:
            name, ok = QInputDialog.getText(self, self.tr("Save chart"), self.tr("Name:"), text=name or "")
            if not ok or not name.strip():
                return False
        try:
            self.chart.save(name.strip())
        except PermissionDenied as exc:
            show_error(self, self.tr("Save chart"), i18n.core(str(exc)))
            return False
        self._update_title()
        return True

    def briefing(self) -> Any:
        """The briefing dialog (views/briefing_dialog.py) for the current saved chart."""
        from views.briefing_dialog import BriefingDialog
        if self.session is None:
            return None
        dialog = BriefingDialog(self.session, self, chart_name=self.chart.chart_name,
                                current=self.chart.state() if self.chart.scene.nodes else None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.briefing_window = dialog
        return dialog

    def export_chart(self, path: Path | None = None) -> dict[str, Any] | None:
        if self.session is None:
            return None
        if path is None:
            self.ask_export_path()
            return None
        try:
            # dated, as a printed chart is: a briefing copy without a date leaves the reader guessing its age
            today = format_date(dt.date.today().isoformat(), self.lang)
            job = self.chart.prepare_export(path, marking_label=self.session.marking(),
                                            title=f"{self.session.name} — {self.chart.chart_name or self.tr('chart')}"
                                                  f" — {today}")
        except (KnooppuntError, OSError, ValueError) as exc:
            show_error(self, self.tr("Export chart"), i18n.core(str(exc)))
            return None
        self.statusBar().showMessage(self.tr("Exporting to %1…").replace("%1", str(path)))

        def done(details: dict[str, Any]) -> None:
            try:
                job.record(self.chart.store)  # audited once written; the file goes if that fails
            except (KnooppuntError, OSError) as exc:
                show_error(self, self.tr("Export chart"), i18n.core(str(exc)))
                self.exported.emit({})
                return
            self.statusBar().showMessage(self.tr("Exported to %1").replace("%1", str(path)), 8000)
            self.exported.emit(details)

        def failed(message: str, _tb: str) -> None:
            show_error(self, self.tr("Export chart"), message)
            self.exported.emit({})

        operations.start(job.run, on_done=done, on_error=failed)  # rasterising at 300 dpi takes a while
        return job.details

    def ask_export_path(self) -> QFileDialog:
        """A window-modal save dialog (not a blocking static call); choosing a file starts the export."""
        filters = {self.tr("PNG image (*.png)"): "png", self.tr("SVG drawing (*.svg)"): "svg",
                   self.tr("PDF document (*.pdf)"): "pdf", self.tr("Interactive HTML (*.html)"): "html"}
        dialog = file_dialogs.file_dialog(self, self.tr("Export chart"), self.chart.chart_name or self.tr("chart"),
                                          save=True)  # Qt's own: translated with the UI, dates dd-mm-jjjj
        dialog.setObjectName("export-dialog")
        dialog.setNameFilters(list(filters))
        dialog.setDefaultSuffix("png")
        dialog.filterSelected.connect(lambda f: dialog.setDefaultSuffix(filters.get(f, "png")))
        dialog.fileSelected.connect(lambda name: self.export_chart(Path(name)))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.export_dialog = dialog
        return dialog

    def import_wizard(self) -> Any:
        from views.import_wizard import ImportWizard
        assert self.session is not None
        wizard = ImportWizard(self.session, self.lang, self)
        wizard.imported.connect(lambda ids, w=wizard: self._after_import(ids, w.import_page.started_at, w,
                                                                       w.import_page.result))
        wizard.open()
        self._wizard = wizard
        return wizard

    def _after_import(self, ids: list[str], since: str = "", parent: QWidget | None = None,
                      result: Any = None) -> None:
        """Say what the import did, and offer the resolution panel when it created persons that may
        duplicate others.

        The import does not keep every id it wrote (a million are not worth their memory), so the
        persons it created are those created since it started.
        """
        text = self.tr("Import finished")
        if result is not None:  # the line said only 'Import voltooid' once the wizard was closed
            e, r = result.entities, result.relations
            text = (self.tr("Import finished: %1 new and %2 merged entities, %3 new and %4 merged relations")
                    .replace("%1", str(e.created)).replace("%2", str(e.updated))
                    .replace("%3", str(r.created)).replace("%4", str(r.updated)))
        self.statusBar().showMessage(text, 15000)
        if self.session is None or not since:
            return
        known = set(ids)

        def job(store: Any, _progress: Any) -> int:
            """Persons of this import among the candidates (every person is compared: a worker's job)."""
            from importers.resolution import person_candidates
            candidates = person_candidates(store)
            records = store.get_entities({i for c in candidates for i in (c.a, c.b)})
            new = {i for i, e in records.items() if (e.created_at or "") >= since} | known
            return len({i for c in candidates if c.a in new or c.b in new for i in (c.a, c.b)} & new)

        operations.Operation(self, self.session.reopen, job, title=self.tr("Possible duplicates"),
                             on_done=lambda count: self._offer_resolution(count, parent)).run_in_background()

    def _offer_resolution(self, count: int, parent: QWidget | None) -> None:
        if not count or not shiboken6.isValid(self) or self.session is None:
            return  # nothing to offer, or the window closed or locked while the worker compared
        if parent is not None and not shiboken6.isValid(parent):
            parent = None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Possible duplicates"),
                          self.tr("The import created %1 person(s) that may be the same as others. "
                                  "Review them now?").replace("%1", str(count)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          parent if parent is not None and parent.isVisible() else self)
        box.setObjectName("offer-resolution")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda answer: self.show_resolution()
                             if answer == QMessageBox.StandardButton.Yes else None)
        box.open()  # not a blocking static call: the wizard and workers carry on
        self._offer_box = box

    def show_resolution(self) -> Any:
        """The resolution panel (one dock), listing the candidates anew."""
        from views.resolution_panel import ResolutionPanel
        assert self.session is not None
        dock = self.resolution_dock
        if dock is None:
            panel = ResolutionPanel(self.session, self.lang, self)
            panel.open_entity.connect(self.show_entity)
            dock = self._dock(self.tr("Duplicate persons"), panel, Qt.DockWidgetArea.BottomDockWidgetArea,
                              "resolution")
            self.resolution_dock = dock
            self._join_bottom_tabs(dock)
        dock.show()
        dock.raise_()
        self._bottom_room(dock)
        shown = dock.widget()
        assert isinstance(shown, ResolutionPanel)
        shown.refresh()
        return shown

    def operation_did_execute(self, changes: operations.Changes, _initiator: Any) -> None:
        """A background operation changed records: the open screens show them anew."""
        if self.session is None or not (changes.entities or changes.relations):
            return
        from graph.vik.alerts import after_change
        if after_change(self.session.store):  # an import or edit touched a watched item or one under a measure
            self._say_also(self.tr("New alerts: see the VIK alerts"))
        self.vik.refresh()
        self.browser.show_type(self.browser.type_box.currentData())
        if self.detail.entity is not None:
            self.detail.show_entity(self.detail.entity.id)
        for node, item in self.chart.scene.nodes.items():  # captions of merged records may have changed
            try:
                caption = self.session.store.get_entity(node).caption
            except KnooppuntError:
                continue
            if caption and caption != item.attrs.get("caption"):
                item.attrs["caption"] = caption
                item.set_caption(caption)

    def run_analysis(self, spec: Any, values: dict[str, Any] | None = None,
                     selection: list[str] | None = None) -> Any:
        """A panel for the analysis; `values` and `selection` reopen one as it was before a lock."""
        assert self.session is not None
        panel = analysis_panel.AnalysisPanel(spec, self.session, self.chart, self.lang, self)
        if values:
            panel.form.set_values(values)
        panel.open_entity.connect(self.show_entity)
        # the status line says when it is done (it kept the line before, e.g. '12 entities added', after long work)
        panel.finished.connect(lambda p=panel: self.statusBar().showMessage(p.info.text(), 10000))
        dock = self._dock(spec.title(self.lang), panel, Qt.DockWidgetArea.BottomDockWidgetArea, f"analysis-{spec.key}")
        self._join_bottom_tabs(dock)
        self.analysis_docks.append(dock)
        dock.show()
        dock.raise_()
        self._bottom_room(dock)
        panel.run(selection if selection else None)
        return panel

    def _fit_details_width(self) -> None:
        """The details dock as wide as its widest row (the documents' buttons in Dutch), at least 430 pixels.

        Narrower, the details scrolled sideways at 1366x768 and their right edge was cut off."""
        detail, inner = self.detail, self.detail.widget()
        widest = inner.minimumSizeHint().width() if inner is not None else 0
        needed = widest + detail.verticalScrollBar().sizeHint().width() + 2 * detail.frameWidth() + 4
        self.resizeDocks([self.left_dock, self.detail_dock], [380, max(430, needed)], Qt.Orientation.Horizontal)

    def _join_bottom_tabs(self, dock: QDockWidget) -> None:
        """A new bottom panel becomes a tab beside the VIK registers and the other results, full width.

        Side by side on a 1366x768 laptop the VIK registers shrank to a third of the width (tabs and
        toolbar scrolled away) and every result list showed three rows; Analyst's Notebook users know
        one full-width pane of tabs under the chart.
        """
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        candidates = [*reversed(self.analysis_docks), self.resolution_dock, self.vik_dock]
        for other in candidates:
            if (other is not None and other is not dock and not other.isHidden() and not other.isFloating()
                    and self.dockWidgetArea(other) == bottom):
                self.tabifyDockWidget(other, dock)
                return

    def _bottom_room(self, dock: QDockWidget) -> None:
        """A result list gets a third of the window's height (at least), so it shows more than three rows.

        The chart gives up that height: a chart that was whole in view is fitted again once the
        layout has settled, else its lower nodes slid under the legend."""
        if dock.isFloating() or self.dockWidgetArea(dock) != Qt.DockWidgetArea.BottomDockWidgetArea:
            return
        wanted = max(BOTTOM_MIN, self.height() * 36 // 100)
        if dock.height() >= wanted:
            return
        view = self.chart.view
        items = view.scene().itemsBoundingRect()
        whole = (view.isVisible() and not items.isNull()
                 and view.mapToScene(view.viewport().rect()).boundingRect().contains(items))
        self.resizeDocks([dock], [wanted], Qt.Orientation.Vertical)
        if whole:
            QTimer.singleShot(0, view, view.fit)

    def preferences(self) -> None:
        dialog = PreferencesDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.idle.set_minutes(i18n.autolock_minutes())

    def show_audit_log(self) -> QDialog | None:
        """Project > Audit log…: the entries newest first and a Check button (`audit show` / `audit verify`)."""
        if self.session is None:
            return None
        from views.audit_dialog import AuditDialog
        dialog = AuditDialog(self.session.store, self.lang, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.audit_dialog = dialog
        return dialog

    def show_shortcuts(self) -> None:
        rows = [(self.tr("Search"), "Ctrl+F"),
                (self.tr("Search result on the chart"), self.tr("Enter or double-click (Down: into the results)")),
                (self.tr("Expand selection"), "E / " + self.tr("double-click")),
                (self.tr("Hide selection"), "H"), (self.tr("Show hidden"), "Shift+H"), (self.tr("Remove"), "Del"),
                (self.tr("Pin / unpin"), "P"), (self.tr("Select all"), "Ctrl+A"),
                (self.tr("Link labels on / off"), "L"), (self.tr("Fit chart"), "F"),
                (self.tr("Zoom in / out"), "Ctrl++ / Ctrl+-"), (self.tr("Undo / redo"), "Ctrl+Z / Ctrl+Y"),
                (self.tr("Undo / redo the last record change only (chart stays)"), "Ctrl+Alt+Z / Ctrl+Alt+Y"),
                (self.tr("Save chart"), "Ctrl+S"), (self.tr("Export chart"), "Ctrl+E"), (self.tr("Import"), "Ctrl+I"),
                (self.tr("Open project"), "Ctrl+O"), (self.tr("Lock"), "Ctrl+L"),
                (self.tr("Pan"), self.tr("middle button or Space+drag")),
                (self.tr("Multi-select"), self.tr("drag a rectangle, Ctrl+click")),
                (self.tr("Legend: fold / move"), self.tr("click its title / drag its title to a corner"))]
        html = "<table>" + "".join(f"<tr><td>{a}</td><td><b>{b}</b></td></tr>" for a, b in rows) + "</table>"
        QMessageBox.information(self, self.tr("Keyboard shortcuts"), html)

    def ask_unsaved(self, then: Callable[[], None]) -> QMessageBox | None:
        """Save / Discard / Cancel for a chart with unsaved changes, then `then()` unless cancelled.

        A window-modal box opened with open(), not a blocking static call: quitting and switching
        projects return to the event loop at once, and tests answer it like any other dialog.
        """
        if self.session is None or not self.chart_is_dirty():
            then()
            return None
        name = self.chart.chart_name
        text = (self.tr("Save the changes to chart “%1”?").replace("%1", name) if name
                else self.tr("This chart has not been saved. Save it first?"))
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unsaved chart"), text,
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("unsaved-chart")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            button = box.standardButton(box.clickedButton()) if box.clickedButton() else None
            if button == QMessageBox.StandardButton.Save and self.save_chart():
                then()
            elif button == QMessageBox.StandardButton.Discard:
                if self.session is not None:
                    self.chart.undo.setClean()  # the analyst threw it away: no autosave to restore later
                    self.autosave_now()
                then()

        box.finished.connect(answered)
        box.open()
        self.unsaved_box = box
        return box

    def ask_open_project(self) -> QFileDialog:
        """Bestand → Project openen…: a window-modal file dialog; the chosen project replaces this one."""
        dialog = file_dialogs.file_dialog(self, self.tr("Open project"),
                                          str(self.session.path.parent) if self.session else "")
        dialog.setObjectName("open-project-dialog")
        dialog.setNameFilters([self.tr("Knooppunt projects (*.knp)"), self.tr("All files (*)")])
        dialog.fileSelected.connect(lambda name: self.switch_project(Path(name)))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.open_project_dialog = dialog
        return dialog

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        current = str(self.session.path) if self.session else ""
        others = [p for p in recent_projects() if p != current]
        if not others:
            self.recent_menu.addAction(self.tr("(no other recent projects)")).setEnabled(False)
        for path in others:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.switch_project(Path(p)))

    def switch_project(self, path: Path) -> None:
        """Open another project in this window: unsaved work asked about first, then its unlock dialog.

        The current project stays open until the other one is unlocked, so Cancel loses nothing.
        """
        def unlock_other() -> None:
            dialog = UnlockDialog(path, self)
            dialog.setObjectName("switch-unlock")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self._switch_to(dialog.session))
            dialog.open()
            self.switch_dialog = dialog

        self.ask_unsaved(unlock_other)

    def _switch_to(self, session: Session | None) -> None:
        if session is None:
            return
        if self.session is not None:
            self.autosave_now()
            self._release_views()
            self.resolution_dock = None
            old, self.session = self.session, None
            old.lock()
        self._chart_memory = None
        self._analysis_memory = []
        self.attach(session)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session is not None and self.chart_is_dirty() and not self._may_close:
            event.ignore()  # asked window-modally; the answer closes the window again

            def close_now() -> None:
                self._may_close = True
                self.close()

            self.ask_unsaved(close_now)
            return
        if self.session is not None:
            self.autosave_now()
            self._release_views()
            self.session.lock()
            self.session = None
        event.accept()

    def _release_views(self) -> None:
        """Stop every view from reading the store that is about to close (lazy tables, open cursors)."""
        self.record_editor.close()  # temporary decrypted copies of opened documents go
        self.search._timer.stop()
        self.browser._timer.stop()
        self.browser.model.release()
        self.browser.table.setModel(None)
        self.search.results.clear()
