"""One light look on every PC: Fusion with its light palette, whatever the system's colour scheme.

Under Windows 11's dark mode Qt follows the system: dark windows, while our own colours
(urgent rows, banners, status text) are chosen for a light background and the printout
preview is white. Fusion is also the same on Windows 10 and 11, which keeps the clerk's
screens and the manual's screenshots alike.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyleFactory


def use_light_style(app: QApplication) -> None:
    """Fusion, a light colour scheme and Fusion's own light palette (call before any window)."""
    app.styleHints().setColorScheme(Qt.ColorScheme.Light)  # also what native dialogs are told
    style = QStyleFactory.create("Fusion")
    app.setStyle(style)
    app.setPalette(style.standardPalette())
