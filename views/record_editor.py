"""Records by hand in the workbench: the "Edit" menu, its undo stack, and notes/documents in the details.

`RecordEditor.install(window)` hooks into the main window with one call: a menu (New
entity…, New relation…, Edit…, Delete, Merge, Sources and grading…, undo/redo of edits),
and the notes and documents of the shown entity in the detail panel. The work is done by
`graph.editing` (checks, identity, clearance, audit with before/after); every change is a
`QUndoCommand` on the editor's own stack, so the analyst can undo and redo edits. (The
chart keeps its own stack for layout changes; this one holds changes to the data.)

Forms open window-modal without blocking (`QDialog.open`), so the event loop keeps running.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent, QUndoCommand
from PySide6.QtWidgets import QMenu, QMessageBox, QVBoxLayout, QWidget

from graph import editing
from graph.errors import KnooppuntError, NotFound
from graph.model import Entity, Record, Relation
from views import i18n
from views.chart.items import EdgeItem
from views.documents_panel import DocumentsPanel
from views.forms import RecordForm
from views.notes_panel import NotesPanel
from views.sources_view import SourcesView
from views.undo_order import StampedUndoStack, one_step

NOTE_MARK = "✎ "
NOTE_COLOUR = "#444444"


class ChangeCommand(QUndoCommand):
    """A change already made by `graph.editing`; undo restores the record as it was, redo repeats it."""

    def __init__(self, editor: RecordEditor, change: editing.Change, text: str):
        super().__init__(text)
        self.editor = editor
        self.change = change
        self._done = True  # pushed after the change was made: the first redo() does nothing

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.editor.run(lambda: editing.redo(self.editor.store, self.change), self.change.record_id)

    def undo(self) -> None:
        self.editor.run(lambda: editing.restore(self.editor.store, self.change), self.change.record_id)


class MergeCommand(QUndoCommand):
    """A reversible merge (`graph.merge`): undo puts both entities back, redo merges again."""

    def __init__(self, editor: RecordEditor, keep_id: str, drop_id: str, merge_id: str, text: str):
        super().__init__(text)
        self.editor, self.keep_id, self.drop_id, self.merge_id = editor, keep_id, drop_id, merge_id
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        from graph.merge import merge_entities

        def again() -> None:
            self.merge_id = merge_entities(self.editor.store, self.keep_id, self.drop_id, reason="redo")
        self.editor.run(again, self.keep_id)

    def undo(self) -> None:
        from graph.merge import undo_merge

        self.editor.run(lambda: undo_merge(self.editor.store, self.merge_id), self.keep_id)


class RecordEditor(QObject):
    """The main window's editing of records (one per unlocked session)."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.w = window
        self.store = window.session.store
        self.lang = window.lang
        self.undo = StampedUndoStack(self)
        self.last_error = ""
        self.form: RecordForm | None = None
        self.menu: QMenu | None = None
        self.question: QMessageBox | None = None
        self.sources_view: SourcesView | None = None
        self._record_only_undo()
        may_edit = window.session.may("edit")
        self.act_new_entity = self._action(self.tr("New entity…"), self.new_entity, "Ctrl+Shift+N", may_edit)
        self.act_new_relation = self._action(self.tr("New relation…"), self.new_relation, "Ctrl+Shift+R", may_edit,
                                             self.tr("Link the two entities selected on the chart"))
        self.act_edit = self._action(self.tr("Edit…"), self.edit_current, "F2", may_edit)
        self.act_delete = self._action(self.tr("Delete"), self.delete_current, "Shift+Del", may_edit)
        self.act_merge = self._action(self.tr("Merge"), self.merge_selected, None, may_edit,
                                      self.tr("Merge the second entity selected on the chart into the first"))
        self.act_sources = self._action(self.tr("Sources and grading…"), self.show_sources, None, True)
        self.notes = NotesPanel(self.store, window.detail)
        self.documents = DocumentsPanel(self.store, window.detail, self.lang)
        for panel in (self.notes, self.documents):
            panel.failed.connect(self.report)
        self.notes.changed.connect(self._notes_on_timeline)
        self._add_to_details()
        self._may_edit = may_edit
        window.chart.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A double-click on empty chart space: a new entity at that point (as in ANB)."""
        if event.type() == QEvent.Type.MouseButtonDblClick and self._may_edit and isinstance(event, QMouseEvent):
            view = self.w.chart.view
            pos = event.position().toPoint()
            if watched is view.viewport() and not view.items(pos):
                self.new_entity(at=view.mapToScene(pos))
                return True
        return False

    def _step(self, undo: bool) -> None:
        """Undo or redo the last record change and say which in the status line, as Ctrl+Z does."""
        from views.undo_order import OneUndo
        name = self.undo.undoText() if undo else self.undo.redoText()
        if not (self.undo.canUndo() if undo else self.undo.canRedo()):
            return
        self.undo.undo() if undo else self.undo.redo()
        self.w.statusBar().showMessage(OneUndo.step_said(undo, name), 8000)

    def _record_only_undo(self) -> None:
        """Undo or redo the last record change and leave the chart as it is (Ctrl+Alt+Z / Ctrl+Alt+Y).

        Ctrl+Z undoes chart steps and record changes as one history, as in Analyst's Notebook; this
        takes back the last new, edited, deleted or merged record without the layouts done since. Its
        own group at the foot of the Edit menu, not beside Undo, so two "undo" entries are not confused.
        """
        self.act_undo = QAction(self.tr("Undo last record change (chart stays)"), self)
        self.act_undo.setShortcut(QKeySequence("Ctrl+Alt+Z"))
        self.act_undo.triggered.connect(lambda _checked=False: self._step(undo=True))
        self.act_redo = QAction(self.tr("Redo record change (chart stays)"), self)
        self.act_redo.setShortcut(QKeySequence("Ctrl+Alt+Y"))
        self.act_redo.triggered.connect(lambda _checked=False: self._step(undo=False))
        for act, can, changed, text in ((self.act_undo, self.undo.canUndo, self.undo.canUndoChanged,
                                         self.undo.undoTextChanged),
                                        (self.act_redo, self.undo.canRedo, self.undo.canRedoChanged,
                                         self.undo.redoTextChanged)):
            act.setEnabled(can())
            changed.connect(act.setEnabled)
            text.connect(lambda step, a=act: (a.setToolTip(step), a.setStatusTip(step)))  # which change

    @classmethod
    def install(cls, window: Any) -> RecordEditor:
        """Build the editor for the window's session and add its menu before the Chart menu."""
        editor = cls(window)
        bar = window.menuBar()
        menu = QMenu(QCoreApplication.translate("RecordEditor", "&Edit"), bar)
        menu.addSeparator()  # the one history's Undo and Redo go above it (MainWindow._one_history)
        for act in (editor.act_new_entity, editor.act_new_relation, editor.act_edit, editor.act_delete,
                    editor.act_merge):
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(editor.act_sources)
        menu.addSeparator()
        for act in (editor.act_undo, editor.act_redo):
            menu.addAction(act)
        actions = bar.actions()
        if len(actions) > 1:
            bar.insertMenu(actions[1], menu)
        else:
            bar.addMenu(menu)
        editor.menu = menu
        return editor

    def _action(self, text: str, slot: Any, shortcut: str | None, enabled: bool, tip: str = "") -> QAction:
        act = QAction(text, self)
        act.triggered.connect(lambda _checked=False: slot())  # not `checked` as the slot's first argument
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setToolTip(tip)
            act.setStatusTip(tip)
        if not enabled:
            act.setEnabled(False)
            act.setToolTip(self.tr("Your role may not edit"))
        self.w.addAction(act)
        return act

    def _add_to_details(self) -> None:
        inner: QWidget = self.w.detail.widget()
        layout = inner.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(max(0, layout.count() - 1), self.notes)  # before the closing stretch
        layout.insertWidget(max(0, layout.count() - 1), self.documents)
        self.w.detail.shown.connect(self.show_record)

    def show_record(self, record_id: str | None) -> None:
        self.notes.show_record(record_id)
        self.documents.show_record(record_id)
        self._notes_on_timeline()

    def _notes_on_timeline(self) -> None:
        """Notes as dated marks on the entity's timeline, beside its relations."""
        timeline = self.w.detail.timeline
        base = [i for i in timeline.items if not i[0].startswith(NOTE_MARK)]
        marks = [(NOTE_MARK + " ".join(n.text.split()), n.at[:10], n.at[:10], NOTE_COLOUR)
                 for n in self.notes.shown]
        timeline.set_items(base + marks)

    # -- helpers ------------------------------------------------------------------------------------
    def _report_claims(self, record: Any, kept: list[editing.Overruled]) -> None:
        """Say why a changed field still shows another value: the member's word is kept as a claim."""
        specs = (self.store.schema.relation_type(record.type) if isinstance(record, Relation)
                 else self.store.schema.entity_type(record.type)).properties
        for k in kept:
            field_label = specs[k.prop].label.get(self.lang, k.prop)
            text = (self.tr("%1: your value is kept as a claim; %2 decides this field") if k.authoritative
                    else self.tr("%1: your value is kept as a claim; %2 is graded higher or more recent"))
            self.report(text.replace("%1", field_label).replace("%2", ", ".join(k.winners)))

    def report(self, message: str) -> None:
        self.last_error = message
        self.w.statusBar().showMessage(message, 15000)

    def run(self, work: Any, record_id: str) -> None:
        """Do an undo/redo step; a refusal (clearance, a record deleted since) is reported, not raised."""
        try:
            work()
        except KnooppuntError as exc:
            message = self.refusal_text(exc)
            self.report(message)
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Cannot undo or redo"), message,
                              QMessageBox.StandardButton.Ok, self.w)
            box.open()
            self.refusal_box = box
        self.refresh(record_id)

    def refusal_text(self, exc: KnooppuntError) -> str:
        """Why an undo/redo was refused, in the interface language where the core says why in a known way."""
        if isinstance(exc, editing.NeedsEveryLabel):
            return self.tr("%1 cannot be undone by %2: undoing an edit writes the record back from the statements "
                           "of every source, also those above your clearance, which your key cannot read. They "
                           "would be lost. Ask a member who sees every label (the owner) to undo it.") \
                .replace("%1", exc.record_id).replace("%2", exc.member)
        return i18n.core(str(exc))

    def refresh(self, record_id: str | None = None) -> None:
        """Show the changed record again; a deleted one leaves the chart and the details."""
        shown = self.w.detail.entity.id if self.w.detail.entity is not None else None
        target = record_id if record_id and not editing.is_relation_id(record_id) else shown
        if target is None:
            return
        try:
            self.store.get_entities([target])[target]
        except KeyError:
            self._off_chart(target)
            if shown == target:
                self.w.detail.entity = None
                self.w.detail.title.setText(self.tr("Deleted: %1").replace("%1", target))
                self.show_record(None)
            return
        self.w.show_entity(target)

    def _redraw_link(self, rel: Relation) -> None:
        """Put a changed relation's two ends on the chart again, with their links as stored now."""
        scene = self.w.chart.scene
        ends = {rel.source_id, rel.target_id} & set(scene.nodes)
        if ends:
            self._redraw(ends)

    def _redraw(self, ids: set[str]) -> None:
        """Draw entities again as stored now. The chart's history is cleared (its steps may refer to what
        was drawn before) and the redrawing is no step of its own: Ctrl+Z goes to the record edit."""
        scene = self.w.chart.scene
        scene.remove(scene.snapshot(ids))
        self.w.chart.undo.clear()
        self.w.chart.add_entities(sorted(ids))
        self.w.chart.undo.clear()

    def _off_chart(self, entity_id: str) -> None:
        scene = self.w.chart.scene
        if entity_id in scene.nodes:
            scene.remove(scene.snapshot({entity_id}))
            self.w.chart.undo.clear()  # its commands may refer to the node that is gone

    def current(self) -> Record | None:
        """The record edits apply to: the entity or the one link selected on the chart, else the one in the details."""
        scene = self.w.chart.scene
        selected = scene.selected_ids()
        links = [i.relation_id for i in scene.selectedItems() if isinstance(i, EdgeItem)]
        if len(links) == 1 and not selected:
            selected = links
        target = selected[0] if len(selected) == 1 else (self.w.detail.entity.id if self.w.detail.entity else None)
        if target is None:
            return None
        try:
            return editing.get_record(self.store, target)
        except NotFound:
            return None

    def selected_pair(self) -> tuple[Entity, Entity] | None:
        selected = self.w.chart.scene.selected_ids()
        if len(selected) != 2:
            return None
        found = self.store.get_entities(selected)
        if len(found) != 2:
            return None
        return found[selected[0]], found[selected[1]]

    # -- actions ------------------------------------------------------------------------------------
    def new_entity(self, entity_type: str | None = None, at: QPointF | None = None) -> RecordForm:
        """The form for a new entity; `at`: the chart point it goes to (a double-click on empty space)."""
        def submit(form: RecordForm) -> None:
            entity, change = editing.create_entity(self.store, form.record_type, form.values(), form.meta())
            text = (self.tr("New %1") if change.action == "create" else self.tr("Add to %1"))
            with one_step():  # the record and its place on the chart: one Ctrl+Z
                self.undo.push(ChangeCommand(self, change, text.replace("%1", entity.caption)))
                added = self.w.chart.add_entities([entity.id])
            if change.action == "update":
                self.report(self.tr("%1 was already in the project: the values were added to it")
                            .replace("%1", entity.caption))
            node = self.w.chart.scene.nodes.get(entity.id)
            if added and at is not None and node is not None:
                node.setPos(at)
            self.w.show_entity(entity.id)
        return self._open(RecordForm(self.store, "entity", submit, lang=self.lang, entity_type=entity_type,
                                     parent=self.w))

    def new_relation(self) -> RecordForm | None:
        pair = self.selected_pair()
        if pair is None:
            self.report(self.tr("Select two entities on the chart to link them"))
            return None

        def submit(form: RecordForm) -> None:
            assert form.ends is not None
            rel, change = editing.create_relation(self.store, form.record_type, form.ends[0].id, form.ends[1].id,
                                                  form.values(), form.meta())
            self.undo.push(ChangeCommand(self, change, self.tr("New relation %1").replace("%1", rel.type)))
            self._redraw({pair[0].id, pair[1].id})
        schema = self.store.schema
        if not any((a.type in t.source and b.type in t.target) for t in schema.relations.values()
                   for a, b in (pair, pair[::-1])):
            self.report(self.tr("The schema has no relation from a %1 to a %2")
                        .replace("%1", pair[0].type).replace("%2", pair[1].type))
            return None
        form = RecordForm(self.store, "relation", submit, lang=self.lang, ends=pair, parent=self.w)
        if form.type_box.count() == 0:
            form.swap_ends()  # only the other direction is allowed (a Company cannot direct a Person)
        return self._open(form)

    def edit_current(self) -> RecordForm | None:
        record = self.current()
        if record is None:
            self.report(self.tr("Select an entity to edit"))
            return None

        def submit(form: RecordForm) -> None:
            after, change = editing.update_record(self.store, record.id, form.values(), form.meta())
            self.undo.push(ChangeCommand(self, change, self.tr("Edit %1").replace(
                "%1", getattr(after, "caption", "") or after.id)))
            self._report_claims(after, editing.overruled(self.store, change))
            if isinstance(after, Relation):
                self._redraw_link(after)
            self.refresh(after.id)
        kind = "relation" if editing.is_relation_id(record.id) else "entity"
        return self._open(RecordForm(self.store, kind, submit, lang=self.lang, record=record, parent=self.w))

    def _open(self, form: RecordForm) -> RecordForm:
        self.form = form
        form.open()
        return form

    def delete_current(self, *, with_relations: bool | None = None) -> bool:
        """Delete the current record; an entity with relations asks whether they go too."""
        record = self.current()
        if record is None:
            self.report(self.tr("Select an entity to delete"))
            return False
        choice = None
        if isinstance(record, Entity):
            rels = self.store.relations_of(record.id)
            if rels and with_relations is None:
                box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete"),
                                  self.tr("%1 has %n relations. Delete them too?", "", len(rels)).replace(
                                      "%1", record.caption),
                                  QMessageBox.StandardButton.NoButton, self.w)
                yes = box.addButton(self.tr("Delete with relations"), QMessageBox.ButtonRole.DestructiveRole)
                box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
                self.question = box
                box.exec()
                with_relations = box.clickedButton() is yes
                if not with_relations:
                    return False
            choice = "delete" if with_relations else "keep"
        try:
            change = editing.delete_record(self.store, record.id, relations=choice)
        except KnooppuntError as exc:
            self.report(i18n.core(str(exc)))
            return False
        self.undo.push(ChangeCommand(self, change, self.tr("Delete %1").replace(
            "%1", getattr(record, "caption", "") or record.id)))
        self.refresh(record.id)
        return True

    def merge_selected(self) -> str | None:
        pair = self.selected_pair()
        if pair is None:
            self.report(self.tr("Select two entities on the chart to merge them"))
            return None
        from graph.merge import merge_entities

        keep, drop = pair
        try:
            merge_id = merge_entities(self.store, keep.id, drop.id, reason="merged by hand in the workbench")
        except KnooppuntError as exc:
            self.report(i18n.core(str(exc)))
            return None
        self.undo.push(MergeCommand(self, keep.id, drop.id, merge_id,
                                    self.tr("Merge %1 into %2").replace("%1", drop.caption)
                                    .replace("%2", keep.caption)))
        self._off_chart(drop.id)
        self.refresh(keep.id)
        return merge_id

    def show_sources(self) -> SourcesView:
        view = SourcesView(self.store, self.w, self.lang)
        view.activated.connect(self.w.show_entity)
        self.sources_view = view
        view.open()
        return view

    def close(self) -> None:
        """Remove temporary document copies (the window locks or closes)."""
        self.documents.shutdown()
