"""Import > KvK data (JSON)…: KvK API responses (Basisprofiel, Vestigingsprofiel, Zoeken, Naamgeving).

The CLI had `knooppunt import kvk`; the workbench had only the table wizard, so an analyst
with a KvK JSON file in hand had no way in short of the command line. The import is the
core's (`importers.kvk.import_kvk_files`, one transaction) in a background operation; the
summary says what it did in the interface language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from views import file_dialogs, i18n, operations


def action_texts() -> tuple[str, str]:
    """The menu entry and its tip, in the interface language."""
    return (QCoreApplication.translate("KvkImport", "KvK data (JSON)…"),
            QCoreApplication.translate("KvkImport", "KvK API responses: Basisprofiel, Vestigingsprofiel, Zoeken, "
                                                    "Naamgeving"))


def title() -> str:
    return QCoreApplication.translate("KvkImport", "Import KvK data")


def summary_text(results: list[Any]) -> str:
    """One sentence: files, new and merged entities and relations; rejected records when there were any."""
    text = (QCoreApplication.translate(  # "1 bestand", "2 bestanden": it read "2 bestand(en)"
        "KvkImport", "1 file imported: %2 new and %3 merged entities, %4 new and %5 merged relations.")
        if len(results) == 1 else QCoreApplication.translate(
            "KvkImport", "%1 files imported: %2 new and %3 merged entities, %4 new and %5 merged relations."))
    for key, value in (("%1", len(results)), ("%2", sum(r.entities.created for r in results)),
                       ("%3", sum(r.entities.updated for r in results)),
                       ("%4", sum(r.relations.created for r in results)),
                       ("%5", sum(r.relations.updated for r in results))):
        text = text.replace(key, str(value))
    rejected = sum(r.rejected for r in results)
    if rejected:
        text += " " + (QCoreApplication.translate("KvkImport", "1 record was rejected (see the details).")
                       if rejected == 1 else QCoreApplication.translate(
                           "KvkImport", "%1 records were rejected (see the details).").replace("%1", str(rejected)))
    return text


def import_kvk(window: Any, paths: list[Path] | None = None) -> operations.Operation | None:
    """Ask for KvK JSON files (unless given) and import them in the background; a summary box at the end."""
    parent: QWidget = window
    if paths is None:
        names = file_dialogs.open_files(
            parent, title(), "", QCoreApplication.translate("KvkImport", "KvK API responses (*.json);;All files (*)"))
        if not names:
            return None
        paths = [Path(n) for n in names]
    chosen = list(paths)

    def job(store: Any, progress: Any) -> list[Any]:
        from importers.kvk import import_kvk_files
        return import_kvk_files(store, chosen, progress=progress.advance)

    def done(results: list[Any]) -> None:
        text = summary_text(results)
        window.statusBar().showMessage(text, 15000)
        box = QMessageBox(QMessageBox.Icon.Information, title(), text, QMessageBox.StandardButton.Ok, parent)
        details = [i18n.core(line if line.startswith(Path(r.file).name) else f"{Path(r.file).name}: {line}")
                   for r in results for line in (*r.errors, *r.warnings)]  # the core's lines may name the file
        if details:
            box.setDetailedText("\n".join(details))
        box.open()
        window.kvk_summary = box  # kept for tests and so the box is not collected while open

    return operations.Operation(parent, window.session.reopen, job, title=title(),
                                changes=operations.Changes(entities=True, relations=True),
                                on_done=done).run_in_background()
