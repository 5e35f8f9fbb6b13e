"""Windows sized to fit the screen they open on (regency offices have 1024×600 netbooks)."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room for the title bar and borders the window system adds around a window (Windows 10/11
# at 100 %: about 31 px above, 8 px at each side): the frame, not just the inside, must fit.
FRAME_WIDTH = 16
FRAME_HEIGHT = 40


def available_area(window: QWidget) -> QRect:
    """The part of the window's screen (or its parent's) not taken by task bars."""
    anchor = window.parentWidget() or window
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_on_screen(window: QWidget, width: int, height: int) -> None:
    """Size `window` to width×height, or less where the screen is smaller, and put it inside."""
    area = available_area(window)
    size_w = max(min(width, area.width() - FRAME_WIDTH), window.minimumWidth())
    size_h = max(min(height, area.height() - FRAME_HEIGHT), window.minimumHeight())
    window.resize(size_w, size_h)
    parent = window.parentWidget()
    centre = parent.window().geometry().center() if parent is not None and parent.isVisible() else area.center()
    window.move(centre.x() - size_w // 2, centre.y() - size_h // 2)
    keep_on_screen(window)


def keep_on_screen(window: QWidget) -> None:
    """Move (and if need be shrink) `window` so that it lies within its screen's available area."""
    area = available_area(window)
    width = min(window.width(), area.width() - FRAME_WIDTH)
    height = min(window.height(), area.height() - FRAME_HEIGHT)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(window.x(), area.left()), area.right() - width - FRAME_WIDTH + 1)
    y = min(max(window.y(), area.top()), area.bottom() - height - FRAME_HEIGHT + 1)
    window.move(max(x, area.left()), max(y, area.top()))
