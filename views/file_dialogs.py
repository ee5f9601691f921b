"""Open and save dialogs in the interface's language, dates dd-mm-jjjj, whatever the system is set to.

A native dialog (GTK, a KDE portal, Windows) speaks the system's language, not the one chosen in
Knooppunt, so every dialog here is Qt's own, translated with the interface (qtbase_nl plus the gaps
in views/i18n.py). Qt's file model writes dates and sizes in the *system* locale (QFileSystemModel
uses QLocale::system(): "12/6/26 10:48 PM" on an English system, "6 12 2026 22:48" on a bare one),
so a proxy writes them the way the rest of Knooppunt does: 06-12-2026 22:48, 1,50 KiB in Dutch.
A static QFileDialog.get...() call takes no proxy: views/ calls the functions below instead
(tests/gui/test_file_dialogs.py holds views/ to that).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDateTime, QIdentityProxyModel, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QSplitter, QStyle, QTreeView, QWidget

SIZE_COLUMN, DATE_COLUMN = 1, 3
DATE_FORMAT = "dd-MM-yyyy HH:mm"  # dd-mm-jjjj, as every date the workbench shows


def date_time_text(moment: QDateTime) -> str:
    return QLocale().toString(moment, DATE_FORMAT)


class InterfaceLocale(QIdentityProxyModel):
    """The file model as it is, with its dates and sizes in the interface's locale."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self.sourceModel()
        if (role == Qt.ItemDataRole.DisplayRole and index.column() in (SIZE_COLUMN, DATE_COLUMN)
                and isinstance(source, QFileSystemModel)):
            info = source.fileInfo(self.mapToSource(index))
            if index.column() == DATE_COLUMN:
                return date_time_text(info.lastModified())
            return QLocale().formattedDataSize(info.size()) if info.isFile() else ""
        return super().data(index, role)


def file_dialog(parent: QWidget | None, title: str, directory: str = "", filters: str = "", *,
                save: bool = False, many: bool = False) -> QFileDialog:
    """Qt's own open (one or `many` files) or `save` dialog, in the interface's language."""
    dialog = QFileDialog(parent, title, directory, filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setProxyModel(InterfaceLocale(dialog))
    _fit_columns(dialog)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if many else QFileDialog.FileMode.ExistingFile)
    return dialog


def _fit_columns(dialog: QFileDialog) -> None:
    """Room for 06-12-2026 22:48 and 1.023,99 KiB: Qt sizes the columns for "10/29/81 02:02PM" and
    "128.88 GB", so the Dutch date showed as "06-12-... 22:48"."""
    tree = dialog.findChild(QTreeView, "treeView")
    if tree is None:
        return
    metrics, pad = tree.fontMetrics(), 2 * tree.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + 8
    header = tree.header()
    sample = date_time_text(QDateTime.fromString("2026-12-28T22:48:00", Qt.DateFormat.ISODate))
    header.resizeSection(DATE_COLUMN, max(header.sectionSize(DATE_COLUMN), metrics.horizontalAdvance(sample) + pad))
    size = QLocale().formattedDataSize(1_048_565)  # the widest size below a MiB
    header.resizeSection(SIZE_COLUMN, max(header.sectionSize(SIZE_COLUMN), metrics.horizontalAdvance(size) + pad))
    splitter = dialog.findChild(QSplitter, "splitter")  # the places on the left showed "Co..." for Computer
    if splitter is not None and splitter.count() == 2:
        side = metrics.horizontalAdvance("Computer") + 56
        splitter.setSizes([side, max(splitter.width() - side, 400)])


def _run(dialog: QFileDialog) -> list[str]:
    dialog.setObjectName("file-dialog")
    try:
        return dialog.selectedFiles() if dialog.exec() == QFileDialog.DialogCode.Accepted else []
    finally:
        dialog.deleteLater()


def open_file(parent: QWidget | None, title: str, directory: str = "", filters: str = "") -> str:
    """The chosen file, or "" when cancelled (as QFileDialog.getOpenFileName, without the filter)."""
    return next(iter(_run(file_dialog(parent, title, directory, filters))), "")


def open_files(parent: QWidget | None, title: str, directory: str = "", filters: str = "") -> list[str]:
    return _run(file_dialog(parent, title, directory, filters, many=True))


def save_file(parent: QWidget | None, title: str, directory: str = "", filters: str = "") -> str:
    """The file to write, or "" when cancelled; Qt's dialog asks before overwriting one."""
    return next(iter(_run(file_dialog(parent, title, directory, filters, save=True))), "")
