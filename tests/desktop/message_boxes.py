"""Answering a modal QMessageBox that code under test opens (and may block on with `exec()`)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def close_next_box() -> list[tuple[str, str]]:
    """Close the next message box as soon as it shows; the list then holds its (text, informative text)."""
    seen: list[tuple[str, str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append((box.text(), box.informativeText()))
            box.done(0)
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(20, answer)
    return seen
