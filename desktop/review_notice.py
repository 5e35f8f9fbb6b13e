"""The notice that the province has answered: a banner in the main window and a tray message."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSystemTrayIcon, QWidget

from desktop.icons import icon

if TYPE_CHECKING:
    from sync.store.reviews import ReceivedReview


def notice_text(reviews: list[ReceivedReview]) -> str:
    """'Provinsi meminta perbaikan: <title>' for one review, a count for several."""
    if len(reviews) == 1:
        review = reviews[0]
        if review.decision == "needs_revision":
            head = QCoreApplication.translate("ReviewNotice", "Provinsi meminta perbaikan")
        else:
            head = QCoreApplication.translate("ReviewNotice", "Provinsi memverifikasi laporan")
        return f"{head}: {review.title}"
    return QCoreApplication.translate("ReviewNotice", "Provinsi menanggapi %1 laporan").replace("%1", str(len(reviews)))


class ReviewNotice(QFrame):
    """A banner above the list until the clerk opens the report or dismisses it."""

    open_requested = Signal(object)  # UUID of the reviewed report (the newest one)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_notice")
        self.setStyleSheet("#review_notice { background: #fff8e1; border: 1px solid #f0c36d; }")
        self._report_id: UUID | None = None
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.open_button = QPushButton(QCoreApplication.translate("ReviewNotice", "Lihat"), self)
        self.open_button.clicked.connect(self._open)
        close = QPushButton(QCoreApplication.translate("ReviewNotice", "Tutup"), self)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(close)
        self.hide()

    def show_reviews(self, reviews: list[ReceivedReview]) -> None:
        self._report_id = reviews[0].report_id
        self.label.setText(notice_text(reviews))
        self.show()

    def _open(self) -> None:
        if self._report_id is not None:
            self.open_requested.emit(self._report_id)
        self.hide()


def tray_icon(parent: QWidget) -> QSystemTrayIcon | None:
    """The Pantau icon in the notification area, where the desktop has one."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    tray = QSystemTrayIcon(icon("app"), parent)
    tray.setToolTip("Pantau")
    tray.show()
    return tray
