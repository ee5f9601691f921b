"""An HTML document printed to PDF with Qt (no extra dependency), its marking on every page.

Qt's text engine lays the HTML out in pages; each page gets the marking line at its top
and bottom and a page number, so a single printed page still says how it is classified.
"""

from __future__ import annotations

import os
import re
from pathlib import Path


def html_to_pdf(html_text: str, path: Path) -> int:
    """Write `html_text` to `path` as an A4 PDF; returns the number of pages."""
    from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
    from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the CLI prints without a display
    from PySide6.QtWidgets import QApplication  # not a bare QGuiApplication: widgets may follow in this process

    _app = QGuiApplication.instance() or QApplication([])
    marking = re.search(r'<p class="marking">(.*?)</p>', html_text)
    mark = marking.group(1) if marking else ""
    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 20, 15, 20), QPageLayout.Unit.Millimeter))
    writer.setResolution(150)
    title = re.search(r"<title>(.*?)</title>", html_text)
    writer.setTitle(title.group(1) if title else "")
    doc = QTextDocument()
    doc.setDefaultFont(QFont("DejaVu Sans", 9))
    doc.setHtml(html_text)
    body = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(body.width(), body.height()))
    pages = doc.pageCount()
    painter = QPainter(writer)
    try:
        for page in range(pages):
            if page:
                writer.newPage()
            painter.save()
            painter.translate(0, -page * body.height())
            doc.drawContents(painter, QRectF(0, page * body.height(), body.width(), body.height()))
            painter.restore()
            painter.setPen(Qt.GlobalColor.darkRed)
            painter.setFont(QFont("DejaVu Sans", 8, QFont.Weight.Bold))
            top = QRectF(0, -body.top() + 10, body.width(), body.top() - 20)
            bottom = QRectF(0, body.height() + 10, body.width(), body.top() - 20)
            painter.drawText(top, Qt.AlignmentFlag.AlignCenter, mark)
            painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter, f"{mark}  —  pagina {page + 1} van {pages}")
    finally:
        painter.end()
    return pages
