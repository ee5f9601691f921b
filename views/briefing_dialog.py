"""The briefing dialog: audience, recipients, summary and conclusions, sections, a preview of page 1.

Rendering and writing run through `views.operations.Operation` on their own store connection, so
the window stays responsive while WeasyPrint lays out the pages. Its texts go through the
Qt Linguist catalogue like every other screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from graph.briefing import Document, load_audiences, make_briefing, preview_png, templates
from graph.briefing.facts import UNSAVED
from graph.briefing.render import SECTIONS
from views import file_dialogs, operations


def texts() -> dict[str, str]:
    """The dialog's texts in the interface language (Qt Linguist catalogue, context BriefingDialog)."""
    return {
        "action": QCoreApplication.translate("BriefingDialog", "Make briefing…"),
        "action_tip": QCoreApplication.translate(
            "BriefingDialog", "Classified briefing (PDF or Word) for the driehoek or the RIEC"),
        "window": QCoreApplication.translate("BriefingDialog", "Make a briefing"),
        "chart": QCoreApplication.translate("BriefingDialog", "Chart"),
        "current": QCoreApplication.translate("BriefingDialog", "The chart on screen"),
        "template": QCoreApplication.translate("BriefingDialog", "Template"),
        "audience": QCoreApplication.translate("BriefingDialog", "Audience"),
        "title": QCoreApplication.translate("BriefingDialog", "Title"),
        "dossier": QCoreApplication.translate("BriefingDialog", "Case number"),
        "recipients": QCoreApplication.translate("BriefingDialog", "Recipients (one per line)"),
        "summary": QCoreApplication.translate("BriefingDialog", "Summary"),
        "conclusions": QCoreApplication.translate("BriefingDialog", "Conclusions"),
        "sections": QCoreApplication.translate("BriefingDialog", "Sections"),
        "file": QCoreApplication.translate("BriefingDialog", "File (.pdf or .docx)"),
        "browse": QCoreApplication.translate("BriefingDialog", "Browse…"),
        "preview": QCoreApplication.translate("BriefingDialog", "Preview"),
        "make": QCoreApplication.translate("BriefingDialog", "Make"),
        "no_chart": QCoreApplication.translate(
            "BriefingDialog", "No chart: put entities on the chart or save one."),
        "need": QCoreApplication.translate(
            "BriefingDialog", "Choose a chart, at least one recipient and a file."),
        "working": QCoreApplication.translate("BriefingDialog", "Working…"),
        "made": QCoreApplication.translate("BriefingDialog", "Made and recorded in the audit log:"),
        "copy": QCoreApplication.translate("BriefingDialog", "copy %1 for %2"),
        "preview_title": QCoreApplication.translate("BriefingDialog", "Briefing preview"),
        "make_title": QCoreApplication.translate("BriefingDialog", "Making the briefing"),
        "summary_s": QCoreApplication.translate("BriefingDialog", "Summary"),
        "conclusions_s": QCoreApplication.translate("BriefingDialog", "Conclusions"),
        "chart_s": QCoreApplication.translate("BriefingDialog", "Chart"),
        "persons_s": QCoreApplication.translate("BriefingDialog", "Persons"),
        "companies_s": QCoreApplication.translate("BriefingDialog", "Companies"),
        "addresses_s": QCoreApplication.translate("BriefingDialog", "Addresses"),
        "timeline_s": QCoreApplication.translate("BriefingDialog", "Timeline"),
        "sources_s": QCoreApplication.translate("BriefingDialog", "Sources"),
        "annex_s": QCoreApplication.translate("BriefingDialog", "Annex: analyses"),
        "outline": QCoreApplication.translate("BriefingDialog", "What the briefing will hold:"),
        "outline_chart": QCoreApplication.translate("BriefingDialog", "Chart: %1"),
        "outline_audience": QCoreApplication.translate("BriefingDialog", "For: %1"),
        "outline_sections": QCoreApplication.translate("BriefingDialog", "Sections: %1"),
        "outline_no_sections": QCoreApplication.translate(
            "BriefingDialog", "No section ticked: only the title page and the marking"),
        "outline_recipients": QCoreApplication.translate("BriefingDialog", "One numbered copy per recipient"),
        "outline_press": QCoreApplication.translate("BriefingDialog", "Preview shows page 1 here."),
        "outline_empty": QCoreApplication.translate(
            "BriefingDialog", "Nothing to preview: there is no chart on screen and no saved chart. Put entities "
                              "on the chart (or save one), then make the briefing."),
    }


def text(key: str) -> str:
    return texts()[key]


class BriefingDialog(QDialog):
    """Choose audience, recipients and texts; preview page 1; make one audited file per recipient."""

    def __init__(self, session: Any, parent: QWidget | None = None, *,
                 chart_name: str | None = None, current: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        from views.chart.storage import chart_names

        self.session = session
        self.operation: operations.Operation | None = None
        self.produced: list[Any] = []
        t = text
        self.setWindowTitle(t("window"))
        form = QFormLayout()
        self.chart = QComboBox()
        if current and current.get("nodes"):  # the chart on screen, saved or not: brief it as it is
            self.chart.addItem(t("current"), {**current, "name": chart_name or UNSAVED})
        for name in chart_names(session.store):
            self.chart.addItem(name, name)
        if chart_name and not current:
            self.chart.setCurrentText(chart_name)
        self.template = QComboBox()
        for key, tmpl in templates().items():
            self.template.addItem(tmpl.document, key)
        self.audience = QComboBox()
        for key, aud in load_audiences().audiences.items():
            self.audience.addItem(aud.title, key)
        self.title = QLineEdit(chart_name or "")
        self.dossier = QLineEdit()
        self.recipients = QPlainTextEdit()
        self.recipients.setFixedHeight(60)
        self.summary = QPlainTextEdit()
        self.conclusions = QPlainTextEdit()
        self.sections: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for i, key in enumerate(SECTIONS):
            box = QCheckBox(t(f"{key}_s"))
            box.setChecked(True)
            self.sections[key] = box
            grid.addWidget(box, i // 3, i % 3)
        self.target = QLineEdit()
        browse = QPushButton(t("browse"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.target)
        row.addWidget(browse)
        for key, widget in (("chart", self.chart), ("template", self.template), ("audience", self.audience),
                            ("title", self.title), ("dossier", self.dossier), ("recipients", self.recipients),
                            ("summary", self.summary), ("conclusions", self.conclusions)):
            form.addRow(t(key), widget)
        form.addRow(t("sections"), grid)
        form.addRow(t("file"), row)
        self.status = QLabel("" if self.chart.count() else t("no_chart"))
        self.status.setWordWrap(True)
        self.preview_label = QLabel()
        self.preview_label.setMinimumSize(260, 360)
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_label.setStyleSheet("border: 1px solid #999; background: #fff; padding: 8px")
        self.preview_label.setWordWrap(True)
        self.previewed = False  # page 1 rendered: the outline gives way to it
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.preview_button = buttons.addButton(t("preview"), QDialogButtonBox.ButtonRole.ActionRole)
        self.make_button = buttons.addButton(t("make"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.preview_button.clicked.connect(self.preview)
        buttons.rejected.connect(self.reject)
        self.make_button.clicked.connect(self.make)
        self.make_button.setEnabled(bool(self.chart.count()) and session.may("export"))
        self.preview_button.setEnabled(bool(self.chart.count()))
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.status)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(self.preview_label, 2)
        outer = QVBoxLayout(self)
        outer.addLayout(body)
        outer.addWidget(buttons)
        for combo in (self.chart, self.audience, self.template):
            combo.currentIndexChanged.connect(self._outline)
        for box in self.sections.values():
            box.toggled.connect(self._outline)
        self._outline()

    def outline(self) -> str:
        """What the briefing will hold, in words: the preview pane was an empty white box until Preview."""
        if not self.chart.count():
            return text("outline_empty")
        chosen = [box.text() for box in self.sections.values() if box.isChecked()]
        lines = [text("outline_chart").replace("%1", self.chart.currentText()),
                 text("outline_audience").replace("%1", self.audience.currentText()),
                 text("outline_sections").replace("%1", ", ".join(chosen)) if chosen
                 else text("outline_no_sections"),
                 text("outline_recipients")]
        return "\n".join([text("outline"), *(f"• {line}" for line in lines), "", text("outline_press")])

    def _outline(self, *_: Any) -> None:
        if not self.previewed:
            self.preview_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.preview_label.setText(self.outline())

    # -- what the analyst chose --------------------------------------------------------------------------
    def document(self) -> Document:
        recipients = [r.strip() for r in self.recipients.toPlainText().splitlines() if r.strip()]
        name = self.chart.currentData()
        title = self.title.text().strip() or (name if isinstance(name, str) else name.get("name", UNSAVED))
        return Document(title=title, author=self.session.user,
                        recipients=recipients or ["—"], dossier=self.dossier.text().strip(),
                        summary=self.summary.toPlainText(), conclusions=self.conclusions.toPlainText(),
                        sections=tuple(k for k, box in self.sections.items() if box.isChecked()))

    def _browse(self) -> None:
        path = file_dialogs.save_file(self, text("file"), "", "PDF (*.pdf);;Word (*.docx)")
        if path:
            self.target.setText(path)

    def _run(self, title: str, job: Any, done: Any) -> operations.Operation:
        self.status.setText(text("working"))
        self.preview_button.setEnabled(False)
        self.make_button.setEnabled(False)

        def finished(result: Any) -> None:
            self.preview_button.setEnabled(True)
            self.make_button.setEnabled(self.session.may("export"))
            done(result)

        def failed(message: str) -> None:
            self.preview_button.setEnabled(True)
            self.make_button.setEnabled(self.session.may("export"))
            self.status.setText(message)

        self.operation = operations.Operation(self, self.session.reopen, job, title=title, on_done=finished,
                                              on_error=failed, on_progress=lambda _d, _t, msg: self.status.setText(
                                                  msg or text("working")))
        return self.operation.run_in_background()

    # -- actions ----------------------------------------------------------------------------------------
    def preview(self) -> operations.Operation | None:
        if not self.chart.count():
            return None
        chart, doc, audience, template = (self.chart.currentData(), self.document(), self.audience.currentData(),
                                          self.template.currentData())

        def show(png: bytes) -> None:
            pixmap = QPixmap()
            pixmap.loadFromData(png, "PNG")
            self.previewed = True
            self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.preview_label.setPixmap(pixmap.scaled(self.preview_label.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                       Qt.TransformationMode.SmoothTransformation))
            self.status.setText("")

        return self._run(text("preview_title"),
                         lambda store, _p: preview_png(store, chart, doc, audience=audience, template=template), show)

    def make(self) -> operations.Operation | None:
        doc = self.document()
        target = self.target.text().strip()
        if not self.chart.count() or doc.recipients == ["—"] or not target:
            self.status.setText(text("need"))
            return None
        chart, audience, template = self.chart.currentData(), self.audience.currentData(), self.template.currentData()

        def done(produced: list[Any]) -> None:
            self.produced = produced
            lines = [text("made")] + [
                f"{p.path.name}: " + text("copy").replace("%1", str(p.copy)).replace("%2", p.recipient)
                for p in produced]
            self.status.setText("\n".join(lines))

        return self._run(text("make_title"),
                         lambda store, progress: make_briefing(store, chart, doc, audience=audience, template=template,
                                                               out=Path(target), progress=progress), done)
