"""Entity and relation forms generated from `graph/schema.yaml`.

Every type gets its properties as fields (labelled in the interface language, dates as
dd-mm-jjjj, several values of a multi property separated by `;`), plus the metadata every
record carries: source and reference, grading (A–F / 1–6), security label (only those
within the member's clearance) and validity. Checking is the core's (`graph.editing`):
when it refuses a value the form marks that field, names it, and stays open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from graph import editing
from graph.errors import KnooppuntError, ValidationError
from graph.model import CREDIBILITY, RELIABILITY, SECURITY_LABELS, Entity, Record
from graph.store import Store
from views import i18n, names

ERROR_STYLE = "border: 2px solid #b00020"
META_FIELDS = ("source", "reference", "grading", "label", "valid_from", "valid_to")


def dutch_date(value: Any) -> str:
    """ISO `yyyy-mm-dd` as dd-mm-jjjj for a field; anything else as it is."""
    text = str(value)
    try:
        return dt.date.fromisoformat(text).strftime("%d-%m-%Y")
    except ValueError:
        return text


def shown_value(spec_type: str, value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(shown_value(spec_type, v) for v in value)
    return dutch_date(value) if spec_type == "date" else str(value)


def show_field_error(error: QLabel, exc: KnooppuntError, widget_for: Callable[[str | None], QWidget | None],
                     field_title: Callable[[str], str]) -> None:
    """Mark the field the core named (ValidationError.field, or the message's head) and say what is wrong.

    Shared by the record forms and the VIK forms, so a refused value looks the same everywhere."""
    field = getattr(exc, "field", None)
    message = i18n.core(str(exc))
    if field is None and ":" in message:
        head = message.split(":", 1)[0].strip()
        field = head if widget_for(head) is not None else None
    widget = widget_for(field)
    if field and message.startswith(f"{field}: "):
        message = message[len(field) + 2:]  # the field is named in the interface language instead
    if widget is not None:
        widget.setStyleSheet(ERROR_STYLE)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        error.setText(QCoreApplication.translate("RecordForm", "Check the field %1: %2")
                      .replace("%1", field_title(field or "")).replace("%2", message))
    else:
        error.setText(message)


def error_and_buttons(dialog: QDialog) -> tuple[QLabel, QDialogButtonBox]:
    """The red line a refused value is named in, and Save/Cancel wired to accept/reject."""
    error = QLabel(dialog)
    error.setObjectName("error")
    error.setWordWrap(True)
    error.setStyleSheet("color: #b00020")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(QCoreApplication.translate("RecordForm", "Save"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(QCoreApplication.translate("RecordForm", "Cancel"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return error, buttons


class RecordForm(QDialog):
    """Create or edit an entity or relation; `submit` does the work and may raise to keep the form open.

    kind: "entity" or "relation". For a new entity the type is chosen in the form; for a new
    relation the two ends are given and only the types the schema allows between them are offered.
    """

    def __init__(self, store: Store, kind: str, submit: Callable[[RecordForm], None], *, lang: str = "nl",
                 record: Record | None = None, ends: tuple[Entity, Entity] | None = None,
                 entity_type: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.kind = kind
        self.lang = lang
        self.record = record
        self.ends = ends
        self.submit = submit
        self.fields: dict[str, QLineEdit] = {}
        self.setMinimumWidth(520)
        self.setWindowTitle(self._title())
        self.type_box = QComboBox(self)
        self.type_box.setObjectName("type")
        for name, title in self._types():
            self.type_box.addItem(title, name)
        if record is not None:
            self.type_box.setCurrentIndex(max(0, self.type_box.findData(record.type)))
            self.type_box.setEnabled(False)
        elif entity_type is not None:
            self.type_box.setCurrentIndex(max(0, self.type_box.findData(entity_type)))
        self.type_box.currentIndexChanged.connect(self._build_properties)
        top = QFormLayout()
        top.addRow(self.tr("Type:"), self.type_box)
        if ends is not None:
            self.from_label, self.to_label = QLabel(self), QLabel(self)
            top.addRow(self.tr("From:"), self.from_label)
            top.addRow(self.tr("To:"), self.to_label)
            self.btn_swap = QPushButton(self.tr("Swap direction"), self)
            self.btn_swap.clicked.connect(self.swap_ends)
            top.addRow("", self.btn_swap)
            self._show_ends()
        self.props_form = QFormLayout()
        props_box = QGroupBox(self.tr("Properties"), self)
        props_box.setLayout(self.props_form)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(props_box)
        scroll.setMinimumHeight(220)
        self.meta_box = QGroupBox(self.tr("Source, grading and security"), self)
        meta = QFormLayout(self.meta_box)
        self.source = self._line("source", self.tr("e.g. melding 2026-114 (empty: manual entry)"))
        self.reference = self._line("reference", self.tr("The source's own reference"))
        self.reliability = QComboBox(self)
        self.reliability.setObjectName("reliability")
        self.reliability.addItem("–", None)
        for r in RELIABILITY:
            self.reliability.addItem(r, r)
        self.credibility = QComboBox(self)
        self.credibility.setObjectName("credibility")
        self.credibility.addItem("–", None)
        for c in CREDIBILITY:
            self.credibility.addItem(c, c)
        names.explain_grading(self.reliability, "reliability")  # what A-F and 1-6 mean, in the tooltips
        names.explain_grading(self.credibility, "credibility")
        grading = QWidget(self)
        row = QVBoxLayout(grading)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.reliability)
        row.addWidget(self.credibility)
        self.label_box = QComboBox(self)
        self.label_box.setObjectName("label")
        for lab in SECURITY_LABELS:  # shown by name (Vertrouwelijk), kept as the code
            self.label_box.addItem(names.security_label(lab), lab)
        self.valid_from = self._line("valid_from", "dd-mm-jjjj")
        self.valid_to = self._line("valid_to", "dd-mm-jjjj")
        meta.addRow(self.tr("Source:"), self.source)
        meta.addRow(self.tr("Reference:"), self.reference)
        meta.addRow(self.tr("Reliability (A–F):"), self.reliability)
        meta.addRow(self.tr("Credibility (1–6):"), self.credibility)
        meta.addRow(self.tr("Security label:"), self.label_box)
        meta.addRow(self.tr("Valid from:"), self.valid_from)
        meta.addRow(self.tr("Valid to:"), self.valid_to)
        self.error, self.buttons = error_and_buttons(self)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(scroll, 1)
        box.addWidget(self.meta_box)
        box.addWidget(self.error)
        box.addWidget(self.buttons)
        self._build_properties()
        if record is not None:
            self._fill_meta(record)
        elif ends is not None:
            self.label_box.setCurrentIndex(max(0, self.label_box.findData(
                max((e.label for e in ends), key=SECURITY_LABELS.index))))
        first = next(iter(self.fields.values()), None)
        if first is not None:  # typing starts in the first field (it went into the type list: "K" chose a type)
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- building ---------------------------------------------------------------------------------
    def _show_ends(self) -> None:
        assert self.ends is not None
        self.from_label.setText(f"{self.ends[0].caption} ({self.ends[0].id})")
        self.to_label.setText(f"{self.ends[1].caption} ({self.ends[1].id})")

    def swap_ends(self) -> None:
        """A relation from B to A instead: the types offered follow what the schema allows."""
        assert self.ends is not None
        self.ends = (self.ends[1], self.ends[0])
        self._show_ends()
        chosen = self.type_box.currentData()
        self.type_box.blockSignals(True)
        self.type_box.clear()
        for name, title in self._types():
            self.type_box.addItem(title, name)
        self.type_box.setCurrentIndex(max(0, self.type_box.findData(chosen)))
        self.type_box.blockSignals(False)
        self._build_properties()

    def _title(self) -> str:
        if self.record is not None:
            return self.tr("Edit %1").replace("%1", getattr(self.record, "caption", "") or self.record.id)
        return self.tr("New entity") if self.kind == "entity" else self.tr("New relation")

    def _types(self) -> list[tuple[str, str]]:
        schema = self.store.schema
        if self.kind == "entity":
            return [(n, t.title(self.lang)) for n, t in schema.entities.items()]
        if self.ends is None:
            return [(n, t.title(self.lang)) for n, t in schema.relations.items()]
        a, b = self.ends
        return [(n, t.title(self.lang)) for n, t in schema.relations.items() if a.type in t.source
                and b.type in t.target]

    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        line = QLineEdit(self)
        line.setObjectName(name)
        line.setPlaceholderText(placeholder)
        line.textEdited.connect(lambda _t, w=line: w.setStyleSheet(""))
        return line

    def property_specs(self) -> dict[str, Any]:
        schema = self.store.schema
        name = self.type_box.currentData()
        if name is None:
            return {}
        return dict(schema.entities[name].properties if self.kind == "entity" else schema.relations[name].properties)

    def _build_properties(self) -> None:
        while self.props_form.rowCount():
            self.props_form.removeRow(0)
        self.fields = {}
        for name, spec in self.property_specs().items():
            hint = "dd-mm-jjjj" if spec.type == "date" else (self.tr("several: a; b") if spec.multi else "")
            line = self._line(name, hint)
            if self.record is not None and name in self.record.properties:
                line.setText(shown_value(spec.type, self.record.properties[name]))
            self.fields[name] = line
            self.props_form.addRow(spec.label.get(self.lang, name) + ":", line)

    def _fill_meta(self, record: Record) -> None:
        p = record.provenance
        self.source.setText(p.source if p else "")
        self.reference.setText((p.reference or "") if p else "")
        self.reliability.setCurrentIndex(max(0, self.reliability.findData(record.reliability)))
        self.credibility.setCurrentIndex(max(0, self.credibility.findData(record.credibility)))
        self.label_box.setCurrentIndex(max(0, self.label_box.findData(record.label)))
        self.valid_from.setText(dutch_date(record.valid_from) if record.valid_from else "")
        self.valid_to.setText(dutch_date(record.valid_to) if record.valid_to else "")

    # -- values -----------------------------------------------------------------------------------
    @property
    def record_type(self) -> str:
        return str(self.type_box.currentData())

    def values(self) -> dict[str, str]:
        """Property values as typed; for a new record only the filled ones, for an edit all of them."""
        out = {name: line.text().strip() for name, line in self.fields.items()}
        if self.record is None:
            return {k: v for k, v in out.items() if v}
        old = self.record.properties
        specs = self.property_specs()
        return {k: v for k, v in out.items() if v != (shown_value(specs[k].type, old[k]) if k in old else "")}

    def meta(self) -> editing.RecordMeta:
        rel, cred = self.reliability.currentData(), self.credibility.currentData()
        grading = f"{rel or '-'}{cred or '-'}" if rel or cred else ""
        old = self.record
        p = old.provenance if old is not None else None
        source = self.source.text().strip()
        reference = self.reference.text().strip()
        changed_source = old is None or source != (p.source if p else "") or reference != ((p.reference or "")
                                                                                           if p else "")
        return editing.RecordMeta(source=source if changed_source else None,
                                  reference=reference if changed_source else None,
                                  grading=grading, label=self.label_box.currentData(),
                                  valid_from=self.valid_from.text().strip(),  # empty: no date (clears one)
                                  valid_to=self.valid_to.text().strip())

    def widget_for(self, field: str | None) -> QWidget | None:
        if field is None:
            return None
        if field in self.fields:
            return self.fields[field]
        return {"source": self.source, "reference": self.reference, "grading": self.reliability,
                "reliability": self.reliability, "credibility": self.credibility, "label": self.label_box,
                "valid_from": self.valid_from, "valid_to": self.valid_to}.get(field)

    def field_title(self, field: str) -> str:
        spec = self.property_specs().get(field)
        if spec is not None:
            return str(spec.label.get(self.lang, field))
        return {"source": self.tr("Source"), "reference": self.tr("Reference"), "grading": self.tr("Grading"),
                "label": self.tr("Security label"), "valid_from": self.tr("Valid from"),
                "valid_to": self.tr("Valid to")}.get(field, field)

    def show_error(self, exc: KnooppuntError) -> None:
        """Mark the field the core named, and say what is wrong with it."""
        show_field_error(self.error, exc, self.widget_for, self.field_title)

    def accept(self) -> None:
        for widget in (*self.fields.values(), self.source, self.reference, self.valid_from, self.valid_to,
                       self.reliability, self.label_box):
            widget.setStyleSheet("")
        self.error.clear()
        try:
            self.submit(self)
        except ValidationError as exc:
            self.show_error(exc)
            return
        except KnooppuntError as exc:
            self.show_error(exc)
            return
        super().accept()
