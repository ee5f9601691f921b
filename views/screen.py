"""Windows and dialogs sized to the screen they open on.

A municipal laptop often has 1366x768 pixels: the workbench at 1500x950 or the import wizard
at 1100x760 ran off its bottom edge, with the wizard's Next/Cancel buttons and the main
window's status bar out of reach. Sizes asked for here are a wish, cut to the screen's
available area (minus the window frame).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME = QSize(16, 48)  # a title bar and borders the window manager adds around the widget


def available_geometry(widget: QWidget) -> QRect | None:
    """The screen area a window of `widget` may use, or None without a real screen (offscreen tests)."""
    if QGuiApplication.platformName() == "offscreen":
        return None
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fitted_size(width: int, height: int, available: QRect) -> QSize:
    """The wished size, cut to what fits in `available` with the window frame around it."""
    return QSize(max(200, min(width, available.width() - FRAME.width())),
                 max(150, min(height, available.height() - FRAME.height())))


def fit_to_screen(widget: QWidget, width: int, height: int) -> QSize:
    """Resize `widget` to width x height or, on a smaller screen, to what the screen holds."""
    available = available_geometry(widget)
    size = QSize(width, height) if available is None else fitted_size(width, height, available)
    widget.resize(size)
    return size
