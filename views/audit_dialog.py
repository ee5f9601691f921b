"""Project > Audit log…: who did what and when, and whether the chain still holds, in the workbench.

The CLI has `knooppunt audit show` and `audit verify`; an analyst on day one looks for the same in the
window. The entries are read through the guarded store (the `audit` permission, as on the CLI), newest
first, times as dd-mm-jjjj hh:mm in Dutch; "Check" runs the same verification as `audit verify`.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from graph.errors import KnooppuntError
from graph.formatting import format_timestamp
from views import i18n


def _texts() -> dict[str, str]:
    """The dialog's words (literal translate() calls, so pyside6-lupdate collects them)."""
    return {
        "title": QCoreApplication.translate("AuditDialog", "Audit log"),
        "no": QCoreApplication.translate("AuditDialog", "No."),
        "time": QCoreApplication.translate("AuditDialog", "Time (UTC)"),
        "member": QCoreApplication.translate("AuditDialog", "Member"),
        "action": QCoreApplication.translate("AuditDialog", "Action"),
        "details": QCoreApplication.translate("AuditDialog", "Details"),
        "hint": QCoreApplication.translate("AuditDialog", "Check verifies the hash chain and every entry's signature."),
        "check": QCoreApplication.translate("AuditDialog", "Check"),
        "count": QCoreApplication.translate("AuditDialog", "%1 entries, newest first"),
        "signed": QCoreApplication.translate("AuditDialog", "Every entry is signed by the member who acted."),
    }


def _tr(key: str) -> str:
    return _texts()[key]


def action_names() -> dict[str, str]:
    """The audit actions an analyst meets most, in the interface language; others show their code."""
    return {
        "open": QCoreApplication.translate("AuditDialog", "opened"),
        "lock": QCoreApplication.translate("AuditDialog", "locked"),
        "search": QCoreApplication.translate("AuditDialog", "search"),
        "view": QCoreApplication.translate("AuditDialog", "viewed"),
        "import": QCoreApplication.translate("AuditDialog", "import"),
        "export": QCoreApplication.translate("AuditDialog", "export"),
        "edit": QCoreApplication.translate("AuditDialog", "edited"),
        "delete": QCoreApplication.translate("AuditDialog", "deleted"),
        "analyse": QCoreApplication.translate("AuditDialog", "analysis"),
        "load graph": QCoreApplication.translate("AuditDialog", "network loaded"),
        "denied": QCoreApplication.translate("AuditDialog", "refused"),
        "project create": QCoreApplication.translate("AuditDialog", "project created"),
        "member add": QCoreApplication.translate("AuditDialog", "member added"),
        "member remove": QCoreApplication.translate("AuditDialog", "member removed"),
        "member change": QCoreApplication.translate("AuditDialog", "member changed"),
        "remember key": QCoreApplication.translate("AuditDialog", "key remembered"),
        "passphrase change": QCoreApplication.translate("AuditDialog", "passphrase changed"),
        "merge": QCoreApplication.translate("AuditDialog", "merged"),
        "note add": QCoreApplication.translate("AuditDialog", "note added"),
        "document attach": QCoreApplication.translate("AuditDialog", "document attached"),
        "setting": QCoreApplication.translate("AuditDialog", "setting changed"),
        "key rotation": QCoreApplication.translate("AuditDialog", "keys replaced"),
        "vik alert": QCoreApplication.translate("AuditDialog", "VIK alert"),
        "vik alert seen": QCoreApplication.translate("AuditDialog", "VIK alert seen"),
        "vik action add": QCoreApplication.translate("AuditDialog", "VIK action added"),
        "vik action edit": QCoreApplication.translate("AuditDialog", "VIK action edited"),
        "vik meeting add": QCoreApplication.translate("AuditDialog", "VIK meeting planned"),
        "vik meeting edit": QCoreApplication.translate("AuditDialog", "VIK meeting edited"),
        "vik agenda add": QCoreApplication.translate("AuditDialog", "agenda item added"),
        "vik agenda decide": QCoreApplication.translate("AuditDialog", "agenda item decided"),
        "vik watch add": QCoreApplication.translate("AuditDialog", "watchlist: added"),
        "vik watch remove": QCoreApplication.translate("AuditDialog", "watchlist: removed"),
        "vik access request": QCoreApplication.translate("AuditDialog", "access request"),
        "vik purge": QCoreApplication.translate("AuditDialog", "VIK records purged"),
        "document view": QCoreApplication.translate("AuditDialog", "document viewed"),
        "document delete": QCoreApplication.translate("AuditDialog", "document deleted"),
        "note edit": QCoreApplication.translate("AuditDialog", "note edited"),
        "note delete": QCoreApplication.translate("AuditDialog", "note deleted"),
        "note restore": QCoreApplication.translate("AuditDialog", "note restored"),
        "search notes": QCoreApplication.translate("AuditDialog", "notes searched"),
        "search documents": QCoreApplication.translate("AuditDialog", "documents searched"),
        "purge": QCoreApplication.translate("AuditDialog", "records purged"),
        "members restore": QCoreApplication.translate("AuditDialog", "members table restored"),
        "project migrate": QCoreApplication.translate("AuditDialog", "project migrated"),
        "verify briefing": QCoreApplication.translate("AuditDialog", "briefing verified"),
        "push": QCoreApplication.translate("AuditDialog", "sent to the server"),
        "pull": QCoreApplication.translate("AuditDialog", "fetched from the server"),
        "unlock failure report": QCoreApplication.translate("AuditDialog", "failed unlock reported"),
        "member key tampering": QCoreApplication.translate("AuditDialog", "member key tampered with"),
        "audit warning": QCoreApplication.translate("AuditDialog", "audit warning"),
        "recompute captions": QCoreApplication.translate("AuditDialog", "captions recomputed"),
        "resolution reject": QCoreApplication.translate("AuditDialog", "duplicate pair rejected"),
    }


def details_text(details: str) -> str:
    """The entry's details as `key=value` pairs (the keys are the log's own codes, as `audit show` prints them)."""
    try:
        data = json.loads(details)
    except ValueError:
        return details
    if not isinstance(data, dict):
        return details
    return " ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in data.items() if v is not None)


class AuditDialog(QDialog):
    """The audit log, newest entry first, with a button that checks chain and signatures."""

    def __init__(self, store: Any, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.lang = lang
        self.setObjectName("audit-dialog")
        self.setWindowTitle(_tr("title"))
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([_tr("no"), _tr("time"), _tr("member"), _tr("action"),
                                              _tr("details")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.verdict = QLabel(_tr("hint"), self)
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.verdict)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.check_button = QPushButton(_tr("check"), self)
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.check_button.clicked.connect(self.check)
        layout.addWidget(buttons)
        self.resize(1000, 560)
        self.fill()

    def fill(self) -> None:
        entries = list(reversed(self.store.audit_entries()))
        names = action_names()
        self.summary.setText(_tr("count").replace("%1", str(len(entries))))
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            cells = (str(entry.seq), format_timestamp(entry.at, self.lang), entry.actor,
                     names.get(entry.action, entry.action), details_text(entry.details))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def check(self) -> str:
        """The verdict of `audit verify`, in the interface language; shown under the table."""
        try:
            verdict = self.store.verify_audit()
            lines = [i18n.core(verdict.message())]
            report = self.store.verify_signatures()
            if report is not None and not report.ok:
                lines.append(i18n.core(f"audit entry #{report.broken_seq}: {report.reason}"))
            elif report is not None:
                lines.append(_tr("signed"))
            ok = verdict.ok and (report is None or report.ok)
        except KnooppuntError as exc:
            lines, ok = [i18n.core(str(exc))], False
        text = "\n".join(lines)
        self.verdict.setText(text)
        self.verdict.setStyleSheet("" if ok else "color: #b00020;")
        return text
