"""The briefing dialog: audience, recipients, summary and conclusions, sections, a preview of page 1.

Rendering and writing run through `views.operations.Operation` on their own store connection, so
the window stays responsive while WeasyPrint lays out the pages. The texts of this dialog are kept
here per language (nl/en) rather than in the shared Qt Linguist file, so this module can land without
touching the compiled translations other work changes at the same time; Dutch is the default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
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
from views import operations

TEXTS: dict[str, dict[str, str]] = {
    "action": {"nl": "Briefing maken…", "en": "Make briefing…"},
    "action_tip": {"nl": "Gerubriceerde briefing (PDF of Word) voor de driehoek of het RIEC",
                   "en": "Classified briefing (PDF or Word) for the driehoek or the RIEC"},
    "window": {"nl": "Briefing maken", "en": "Make a briefing"},
    "chart": {"nl": "Schema", "en": "Chart"},
    "current": {"nl": "Het schema op het scherm", "en": "The chart on screen"},
    "template": {"nl": "Sjabloon", "en": "Template"},
    "audience": {"nl": "Publiek", "en": "Audience"},
    "title": {"nl": "Titel", "en": "Title"},
    "dossier": {"nl": "Dossiernummer", "en": "Case number"},
    "recipients": {"nl": "Ontvangers (één per regel)", "en": "Recipients (one per line)"},
    "summary": {"nl": "Samenvatting", "en": "Summary"},
    "conclusions": {"nl": "Conclusies", "en": "Conclusions"},
    "sections": {"nl": "Onderdelen", "en": "Sections"},
    "file": {"nl": "Bestand (.pdf of .docx)", "en": "File (.pdf or .docx)"},
    "browse": {"nl": "Bladeren…", "en": "Browse…"},
    "preview": {"nl": "Voorbeeld", "en": "Preview"},
    "make": {"nl": "Maken", "en": "Make"},
    "no_chart": {"nl": "Geen schema: zet entiteiten op het schema of sla er een op.",
                 "en": "No chart: put entities on the chart or save one."},
    "need": {"nl": "Kies een schema, minstens één ontvanger en een bestand.",
             "en": "Choose a chart, at least one recipient and a file."},
    "working": {"nl": "Bezig…", "en": "Working…"},
    "made": {"nl": "Gemaakt en vastgelegd in het auditlog:", "en": "Made and recorded in the audit log:"},
    "copy": {"nl": "exemplaar %1 voor %2", "en": "copy %1 for %2"},
    "preview_title": {"nl": "Voorbeeld briefing", "en": "Briefing preview"},
    "make_title": {"nl": "Briefing maken", "en": "Making the briefing"},
    "summary_s": {"nl": "Samenvatting", "en": "Summary"},
    "conclusions_s": {"nl": "Conclusies", "en": "Conclusions"},
    "chart_s": {"nl": "Schema", "en": "Chart"},
    "persons_s": {"nl": "Personen", "en": "Persons"},
    "companies_s": {"nl": "Ondernemingen", "en": "Companies"},
    "addresses_s": {"nl": "Adressen", "en": "Addresses"},
    "timeline_s": {"nl": "Tijdlijn", "en": "Timeline"},
    "sources_s": {"nl": "Bronnen", "en": "Sources"},
    "annex_s": {"nl": "Bijlage analyses", "en": "Annex: analyses"},
}


def text(key: str, lang: str) -> str:
    entry = TEXTS[key]
    return entry.get(lang) or entry["en"]


class BriefingDialog(QDialog):
    """Choose audience, recipients and texts; preview page 1; make one audited file per recipient."""

    def __init__(self, session: Any, lang: str = "nl", parent: QWidget | None = None, *,
                 chart_name: str | None = None, current: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        from views.chart.storage import chart_names

        self.session, self.lang = session, lang
        self.operation: operations.Operation | None = None
        self.produced: list[Any] = []
        t = lambda key: text(key, lang)  # noqa: E731
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
        self.preview_label.setStyleSheet("border: 1px solid #999; background: #fff")
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
        path, _ = QFileDialog.getSaveFileName(self, text("file", self.lang), "", "PDF (*.pdf);;Word (*.docx)")
        if path:
            self.target.setText(path)

    def _run(self, title: str, job: Any, done: Any) -> operations.Operation:
        self.status.setText(text("working", self.lang))
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
                                                  msg or text("working", self.lang)))
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
            self.preview_label.setPixmap(pixmap.scaled(self.preview_label.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                       Qt.TransformationMode.SmoothTransformation))
            self.status.setText("")

        return self._run(text("preview_title", self.lang),
                         lambda store, _p: preview_png(store, chart, doc, audience=audience, template=template), show)

    def make(self) -> operations.Operation | None:
        doc = self.document()
        target = self.target.text().strip()
        if not self.chart.count() or doc.recipients == ["—"] or not target:
            self.status.setText(text("need", self.lang))
            return None
        chart, audience, template = self.chart.currentData(), self.audience.currentData(), self.template.currentData()

        def done(produced: list[Any]) -> None:
            self.produced = produced
            lines = [text("made", self.lang)] + [
                f"{p.path.name}: " + text("copy", self.lang).replace("%1", str(p.copy)).replace("%2", p.recipient)
                for p in produced]
            self.status.setText("\n".join(lines))

        return self._run(text("make_title", self.lang),
                         lambda store, progress: make_briefing(store, chart, doc, audience=audience, template=template,
                                                               out=Path(target), progress=progress), done)
