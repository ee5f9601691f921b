"""The forms of the VIK registers: a signal's intake (with subjects made on the spot), a casustafel
meeting with its agenda and decisions, a measure and an action.

Every form only gathers values; the checking is the core's (`graph.vik`), as in the record forms:
when the core refuses a value the form marks that field, names it (views.forms.show_field_error)
and stays open. Status fields offer only the statuses the workflow allows from the current one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from graph import editing
from graph.errors import KnooppuntError, NotFound, ValidationError
from graph.model import SECURITY_LABELS, Entity
from graph.store import Store
from graph.vik import dates, lists, measures, meetings, signals
from graph.vik.links import record_title
from views.forms import RecordForm, error_and_buttons, show_field_error
from views.names import security_label

SUBJECT_TYPES = ("Person", "Company", "Address")  # what a signal may bring in on the spot


def _nl(value: Any) -> str:
    return dates.nl(value) or ""


def _number(text: str, field: str) -> float | None:
    """A typed amount or duration (a comma as decimal sign too); a one-line error naming the field."""
    if not text.strip():
        return None
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        raise ValidationError(f"{field}: {text!r} is not a number", field=field) from None


def complete(type_name: str, values: dict[str, Any]) -> dict[str, Any]:
    """An address typed in one line gets its parts, one typed in parts its one line (its caption)."""
    if type_name != "Address":
        return dict(values)
    from importers.addresses import format_address, parse_address

    out = dict(values)
    if out.get("full") and not out.get("street") and not out.get("po_box"):
        return {**parse_address(str(out["full"])).properties(), **{k: v for k, v in out.items() if k != "full"}}
    if not out.get("full"):
        full = format_address(out.get("street"), out.get("house_number"), out.get("house_letter"),
                              out.get("house_number_addition"), out.get("postcode"), out.get("city"),
                              out.get("po_box"), out.get("country"))
        out.update({"full": full} if full else {})
    return out


class VikForm(QDialog):
    """A form whose Save runs `save()` (the core call); a refused value marks its field, the form stays open."""

    def __init__(self, store: Store, lang: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.lang = lang
        self.result_id: str | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.form = QFormLayout()
        self.fields: dict[str, tuple[QWidget, str]] = {}
        self.error, self.buttons = error_and_buttons(self)
        self.box = QVBoxLayout(self)
        self.box.addLayout(self.form)

    def finish(self) -> None:
        """Error line and buttons under whatever the form added."""
        self.box.addWidget(self.error)
        self.box.addWidget(self.buttons)

    # -- fields ---------------------------------------------------------------------------------
    def add(self, name: str, title: str, widget: QWidget) -> QWidget:
        widget.setObjectName(name)
        self.form.addRow(title, widget)
        self.fields[name] = (widget, title)
        return widget

    def line(self, name: str, title: str, text: str = "", placeholder: str = "") -> QLineEdit:
        line = QLineEdit(text, self)
        line.setPlaceholderText(placeholder)
        self.add(name, title, line)
        return line

    def date(self, name: str, title: str, value: Any = None) -> QLineEdit:
        return self.line(name, title, _nl(value), "dd-mm-jjjj")

    def combo(self, name: str, title: str, items: list[tuple[str, Any]], current: Any = None) -> QComboBox:
        box = QComboBox(self)
        for text, key in items:
            box.addItem(text, key)
        if current is not None:
            box.setCurrentIndex(max(0, box.findData(current)))
        self.add(name, title, box)
        return box

    def status_combo(self, workflow: str, current: str | None) -> QComboBox:
        """The current status and those the workflow allows from it (a new record: every status)."""
        if current is None:
            section = lists.lists()[workflow]
            keys = [section["initial"], *(k for k in section["labels"] if k != section["initial"])]
        else:
            keys = [current, *lists.lists()[workflow]["transitions"].get(current, [])]
        return self.combo("status", self.tr("Status"), [(lists.label(workflow, k, self.lang), k) for k in keys],
                          current)

    def label_combo(self, current: str = "open") -> QComboBox:
        """Only the labels within the member's clearance."""
        allowed = [lab for lab in SECURITY_LABELS if lab in self.store.caller.clearance]
        return self.combo("label", self.tr("Security label"), [(security_label(lab), lab) for lab in allowed], current)

    def text(self, name: str) -> str:
        widget = self.fields[name][0]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        if isinstance(widget, QComboBox):
            return str(widget.currentData() if widget.currentData() is not None else widget.currentText()).strip()
        assert isinstance(widget, QLineEdit)
        return widget.text().strip()

    def widget_for(self, field: str | None) -> QWidget | None:
        aliases = {"kind": "type", "duration_months": "months", "decision": "agenda"}
        name = aliases.get(field or "", field or "")
        return self.fields[name][0] if name in self.fields else None

    def field_title(self, field: str) -> str:
        widget = self.widget_for(field)
        return next((t.rstrip(":") for w, t in self.fields.values() if w is widget), field)

    # -- saving ---------------------------------------------------------------------------------
    def save(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        for widget, _title in self.fields.values():
            widget.setStyleSheet("")
        self.error.clear()
        try:
            self.save()
        except KnooppuntError as exc:
            show_field_error(self.error, exc, self.widget_for, self.field_title)
            return
        super().accept()


class SignalDialog(VikForm):
    """Intake of a signal about the entities selected on the chart, and about persons, companies and
    premises made on the spot (in the signal's transaction, with its provenance). What the project
    already knows about each of them shows while the form is filled."""

    def __init__(self, store: Store, lang: str, subjects: list[str], parent: QWidget | None = None):
        super().__init__(store, lang, "", parent)
        self.setWindowTitle(self.tr("New signal"))
        found = store.get_entities(subjects)
        self.subjects: list[Entity] = [found[i] for i in subjects if i in found]
        self.pending: list[signals.NewSubject] = []
        description = QPlainTextEdit(self)
        description.setMaximumHeight(90)
        self.add("description", self.tr("Description"), description)
        self.combo("phenomenon", self.tr("Phenomenon"),
                   [(lists.label("phenomena", k, lang), k) for k in lists.lists()["phenomena"]])
        self.combo("source", self.tr("Source"),
                   [(lists.label("signal_sources", k, lang), k) for k in lists.lists()["signal_sources"]])
        self.date("received", self.tr("Received"), dt.date.today())
        self.line("grading", self.tr("Grading"), "", self.tr("e.g. B2"))
        self.label_combo()
        self.concerns = QListWidget(self)
        self.concerns.setMaximumHeight(90)
        self.add("subjects", self.tr("Concerns"), self.concerns)
        row = QHBoxLayout()
        self.new_buttons: dict[str, QPushButton] = {}
        for type_name in SUBJECT_TYPES:
            button = QPushButton(self.tr("New %1…").replace("%1", store.schema.entities[type_name].title(lang)
                                                             .lower()), self)
            button.setObjectName(f"new_{type_name}")
            button.clicked.connect(lambda _c=False, t=type_name: self.new_subject(t))
            self.new_buttons[type_name] = button
            row.addWidget(button)
        row.addStretch(1)
        self.form.addRow("", row)
        self.known = QPlainTextEdit(self)
        self.known.setObjectName("known")
        self.known.setReadOnly(True)
        self.known.setMinimumHeight(110)
        self.form.addRow(self.tr("Already known"), self.known)
        self.finish()
        self.update_subjects()

    def new_subject(self, type_name: str, values: dict[str, Any] | None = None) -> bool:
        """A person, company or premises to make with the signal: the schema's form, checked by the core."""
        if values is not None:
            values = complete(type_name, values)
            signals.check_new_subjects(self.store, [(type_name, values)])
            self.pending.append((type_name, values))
            self.update_subjects()
            return True

        def keep(form: RecordForm) -> None:
            made = complete(type_name, form.values())
            editing.new_entity(self.store.schema, type_name, made)  # refused: the form stays open
            self.pending.append((type_name, made))

        form = RecordForm(self.store, "entity", keep, lang=self.lang, entity_type=type_name, parent=self)
        form.setObjectName("new_subject_form")
        form.type_box.setEnabled(False)
        form.meta_box.setVisible(False)  # the signal's source, grading and label are the new record's
        if form.exec() != QDialog.DialogCode.Accepted:
            return False
        self.update_subjects()
        return True

    def _resolved(self) -> list[tuple[Entity, bool]]:
        """Every subject as an entity, and whether it is new; a new one the project holds (same KvK) is that one."""
        out = [(e, False) for e in self.subjects]
        for type_name, values in self.pending:
            entity = editing.new_entity(self.store.schema, type_name, values)
            try:
                out.append((self.store.get_entity(entity.id), False))
            except NotFound:
                out.append((entity, True))
        return out

    def update_subjects(self) -> None:
        """The list of what the signal concerns and what the project already knows about each."""
        self.concerns.clear()
        lines: list[str] = []
        for entity, new in self._resolved():
            kind = self.store.schema.entities[entity.type].title(self.lang)
            shown = f"{entity.caption} ({kind})" + (" — " + self.tr("new") if new else "")
            self.concerns.addItem(QListWidgetItem(shown))
            if new:
                lines.append(self.tr("%1: not in the project yet").replace("%1", entity.caption))
                continue
            known = signals.known_of(self.store, entity)
            lines.append(self.tr("%1: %2 earlier signals, %3 measures, %4 red flags")
                         .replace("%1", entity.caption).replace("%2", str(len(known.signals)))
                         .replace("%3", str(len(known.measures))).replace("%4", str(len(known.flags))))
            lines += [f"  – {flag}" for flag in known.flags]
        if not lines:
            self.concerns.addItem(self.tr("(nothing selected)"))
        self.known.setPlainText("\n".join(lines))

    def values(self) -> dict[str, Any]:
        return {"description": self.text("description"), "phenomenon": self.text("phenomenon"),
                "source": self.text("source"), "received": self.text("received"),
                "grading": self.text("grading") or None, "label": self.text("label"),
                "subjects": [e.id for e in self.subjects], "new_subjects": list(self.pending)}

    def save(self) -> None:
        self.result_id = signals.add_signal(self.store, **self.values()).id


class MeasureDialog(VikForm):
    """A new measure against the entities selected on the chart, or a measure's status and dates."""

    def __init__(self, store: Store, lang: str, *, subjects: list[str] | None = None, measure: Entity | None = None,
                 parent: QWidget | None = None):
        super().__init__(store, lang, "", parent)
        self.setWindowTitle(self.tr("Edit measure %1").replace("%1", str(measure.get("reference"))) if measure
                            else self.tr("New measure"))
        self.measure = measure
        get = measure.get if measure is not None else (lambda _name, default=None: default)
        self.combo("type", self.tr("Type"), [(lists.label("measure_types", k, lang), k)
                                             for k in lists.lists()["measure_types"]], get("kind"))
        if measure is not None:
            self.subject_ids = [s.id for s in measures.subjects_of(store, measure.id)]
        else:
            self.subject_ids = list(subjects or [])
        found = store.get_entities(self.subject_ids)
        concerns = "; ".join(found[i].caption for i in self.subject_ids if i in found)
        self.line("subject", self.tr("Concerns"), concerns, self.tr("(select on the chart first)")).setReadOnly(True)
        self.status_combo("measure_status", get("status"))
        self.date("decided", self.tr("Decided"), get("decided"))
        self.date("start", self.tr("Start"), get("start"))
        self.line("months", self.tr("Duration (months)"), str(get("duration_months") or ""))
        self.date("end", self.tr("End"), get("end"))
        self.date("evaluation", self.tr("Evaluation"), get("evaluation"))
        self.line("amount", self.tr("Amount (euro)"), str(get("amount") or ""))
        if measure is not None:
            self.line("forfeited", self.tr("Forfeited (euro)"), str(get("forfeited") or ""))
            deadline = measures.bezwaar_deadline(measure)
            self.add("bezwaar", self.tr("Objection deadline"), QLabel(_nl(deadline) or "–", self))
        description = QPlainTextEdit(str(get("description") or ""), self)
        description.setMaximumHeight(70)
        self.add("description", self.tr("Description"), description)
        if measure is None:
            self.label_combo()
        self.finish()

    def values(self) -> dict[str, Any]:
        months = _number(self.text("months"), "duration_months")
        out = {"kind": self.text("type"), "status": self.text("status"), "decided": self.text("decided"),
               "start": self.text("start"), "end": self.text("end"), "evaluation": self.text("evaluation"),
               "duration_months": None if months is None else int(months),
               "amount": _number(self.text("amount"), "amount"), "description": self.text("description")}
        if self.measure is not None:
            out["forfeited"] = _number(self.text("forfeited"), "forfeited")
        return out

    def save(self) -> None:
        values = self.values()
        if self.measure is None:
            m = measures.add_measure(self.store, subjects=self.subject_ids, label=self.text("label"), **values)
            self.result_id = m.id
            return
        old = self.measure
        shown = {"kind": old.get("kind"), "status": old.get("status"), "decided": _nl(old.get("decided")),
                 "start": _nl(old.get("start")), "end": _nl(old.get("end")),
                 "evaluation": _nl(old.get("evaluation")), "duration_months": old.get("duration_months"),
                 "amount": old.get("amount"), "forfeited": old.get("forfeited"),
                 "description": old.get("description") or ""}
        changes = {k: v for k, v in values.items() if v != shown[k] and not (v in (None, "") and shown[k] in
                                                                              (None, ""))}
        if changes:
            measures.edit_measure(self.store, old.id, changes)
        self.result_id = old.id


class ActionDialog(VikForm):
    """A new action (owner: a person or partner; deadline), or an action's status, owner and deadline."""

    def __init__(self, store: Store, lang: str, *, action: meetings.Action | None = None,
                 record_id: str | None = None, meeting_id: str | None = None, parent: QWidget | None = None):
        super().__init__(store, lang, "", parent)
        self.setWindowTitle(self.tr("Edit action") if action else self.tr("New action"))
        self.action = action
        self.record_id = action.record_id if action else record_id
        self.line("text", self.tr("Action"), action.text if action else "")
        owner = self.combo("owner", self.tr("Owner"), [(p, p) for p in lists.lists()["partners"]])
        owner.setEditable(True)
        owner.setEditText(action.owner if action else "")
        self.date("deadline", self.tr("Deadline"), action.deadline if action else None)
        self.status_combo("action_status", action.status if action else None).setEnabled(action is not None)
        found = store.get_entities([self.record_id] if self.record_id else [])
        about = found[self.record_id].caption if self.record_id in found else ""
        self.line("record", self.tr("About"), about, self.tr("(select on the chart first)")).setReadOnly(True)
        if action is None:
            items = [("–", None)] + [(f"{dates.nl(m.date)} {m.title}", m.id) for m in meetings.list_meetings(store)]
            self.combo("meeting", self.tr("Meeting"), items, meeting_id)
            # an action takes at least its record's label (graph.vik.meetings.add_action): offered from there
            self.label_combo(found[self.record_id].label if self.record_id in found else "open")
        self.finish()

    def save(self) -> None:
        owner = self.fields["owner"][0]
        assert isinstance(owner, QComboBox)
        values = {"text": self.text("text"), "owner": owner.currentText().strip(), "deadline": self.text("deadline")}
        if self.action is None:
            meeting = self.fields["meeting"][0]
            assert isinstance(meeting, QComboBox)
            a = meetings.add_action(self.store, **values, meeting_id=meeting.currentData(), record_id=self.record_id,
                                    label=self.text("label"))
            self.result_id = a.id
            return
        old = self.action
        shown = {"text": old.text, "owner": old.owner, "deadline": _nl(old.deadline), "status": old.status}
        values["status"] = self.text("status")
        changes = {k: v for k, v in values.items() if v != shown[k]}
        if changes:
            meetings.edit_action(self.store, old.id, **changes)
        self.result_id = old.id


class MeetingDialog(VikForm):
    """A casustafel meeting: date, participants, partners, the agenda with a decision per item, the verslag."""

    COL_RECORD, COL_DECISION, COL_NOTE = range(3)

    def __init__(self, store: Store, lang: str, *, meeting: meetings.Meeting | None = None,
                 parent: QWidget | None = None):
        super().__init__(store, lang, "", parent)
        self.setWindowTitle(self.tr("Edit meeting of %1").replace("%1", _nl(meeting.date)) if meeting
                            else self.tr("New meeting"))
        self.setMinimumWidth(720)
        self.meeting = meeting
        self.date("date", self.tr("Date"), meeting.date if meeting else dt.date.today())
        self.line("title", self.tr("Title"), meeting.title if meeting else "Casustafel ondermijning")
        self.line("chair", self.tr("Chair"), meeting.chair if meeting else "")
        self.line("participants", self.tr("Participants"), "; ".join(meeting.participants) if meeting else "",
                  self.tr("several: a; b"))
        partners = QListWidget(self)
        partners.setMaximumHeight(100)
        chosen = list(meeting.partners) if meeting else []
        for name in dict.fromkeys([*lists.lists()["partners"], *chosen]):
            item = QListWidgetItem(name, partners)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
        self.add("partners", self.tr("Partners"), partners)
        if meeting is None:
            self.label_combo()
        self._agenda(meeting)
        verslag = QPlainTextEdit(meeting.verslag if meeting else "", self)
        verslag.setMinimumHeight(80)
        self.add("verslag", self.tr("Report"), verslag)
        self.finish()

    def _agenda(self, meeting: meetings.Meeting | None) -> None:
        self.agenda = QTableWidget(0, 3, self)
        self.agenda.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Decision"), self.tr("Note")])
        header = self.agenda.horizontalHeader()
        header.setSectionResizeMode(self.COL_RECORD, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.COL_DECISION, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COL_NOTE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(self.COL_NOTE, 180)
        self.agenda.setWordWrap(False)
        self.agenda.setMinimumHeight(130)
        self.add("agenda", self.tr("Agenda"), self.agenda)
        self.items: list[meetings.AgendaItem | str] = []  # an item held, or the record id of one to add
        for item in meetings.agenda(self.store, meeting.id) if meeting else []:
            self._row(item.record_id, item.decision, item.note)
            self.items.append(item)
        self.candidates = QComboBox(self)
        for e in [*self.store.iter_entities("Signal"), *self.store.iter_entities("Measure")]:
            kind = self.store.schema.entities[e.type].title(self.lang)
            self.candidates.addItem(f"{kind}: {record_title(e, self.lang)}", e.id)
        add = QPushButton(self.tr("Add to agenda"), self)
        add.setObjectName("add_item")
        add.clicked.connect(lambda _c=False: self.add_item(self.candidates.currentData()))
        row = QHBoxLayout()
        row.addWidget(self.candidates, 1)
        row.addWidget(add)
        self.form.addRow("", row)

    def _row(self, record_id: str, decision: str | None, note: str) -> None:
        r = self.agenda.rowCount()
        self.agenda.insertRow(r)
        found = self.store.get_entities([record_id])
        cell = QTableWidgetItem(record_title(found[record_id], self.lang) if record_id in found else record_id)
        cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.agenda.setItem(r, self.COL_RECORD, cell)
        box = QComboBox(self.agenda)
        box.addItem("–", None)
        for key in lists.lists()["decisions"]:
            box.addItem(lists.label("decisions", key, self.lang), key)
        box.setCurrentIndex(max(0, box.findData(decision)))
        self.agenda.setCellWidget(r, self.COL_DECISION, box)
        self.agenda.setItem(r, self.COL_NOTE, QTableWidgetItem(note))
        cell.setToolTip(cell.text())

    def add_item(self, record_id: str | None) -> None:
        """Put a signal or measure on the agenda (written with the meeting on Save)."""
        if record_id:
            self._row(record_id, None, "")
            self.items.append(record_id)

    def decide(self, row: int, decision: str) -> None:
        box = self.agenda.cellWidget(row, self.COL_DECISION)
        assert isinstance(box, QComboBox)
        box.setCurrentIndex(box.findData(decision))

    def _partners(self) -> list[str]:
        widget = self.fields["partners"][0]
        assert isinstance(widget, QListWidget)
        return [widget.item(i).text() for i in range(widget.count())
                if widget.item(i).checkState() == Qt.CheckState.Checked]

    def save(self) -> None:
        """The meeting, its new agenda items and the decisions: one transaction, all or nothing."""
        values: dict[str, Any] = {"date": self.text("date"), "title": self.text("title"), "chair": self.text("chair"),
                  "participants": [p.strip() for p in self.text("participants").split(";") if p.strip()],
                  "partners": self._partners()}
        with self.store.transaction():
            if self.meeting is None:
                m = meetings.add_meeting(self.store, **values, label=self.text("label"))
            else:
                m = self.meeting
            meetings.edit_meeting(self.store, m.id, verslag=self.text("verslag"),
                                  **(values if self.meeting is not None else {}))
            for r, item in enumerate(self.items):
                self._save_item(m.id, r, item)
        self.result_id = m.id

    def _save_item(self, meeting_id: str, row: int, item: meetings.AgendaItem | str) -> None:
        box = self.agenda.cellWidget(row, self.COL_DECISION)
        assert isinstance(box, QComboBox)
        cell = self.agenda.item(row, self.COL_NOTE)
        decision, note = box.currentData(), cell.text().strip() if cell is not None else ""
        if isinstance(item, str):
            item = meetings.add_agenda_item(self.store, meeting_id, item, note=note)
        if decision and (decision != item.decision or note != item.note):
            meetings.decide(self.store, item.id, decision, note)
