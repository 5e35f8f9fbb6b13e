"""The main window's status bar: connection, what waits to be sent, last sync, progress, and lasting
problems the clerk should have fixed (the sync program blocked, the PC clock wrong)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton, QWidget

from desktop.icons import icon
from sync.client.progress import CONNECTED, UNANSWERED
from sync.forms.display import format_wit
from sync.store.schemas import SyncStatus

MESSAGE_MS = 8000  # how long a passing message (e.g. a background failure) stays
_PROBLEM_STYLE = "color: #b71c1c; font-weight: bold;"


def describe_offset(seconds: float) -> str:
    """A clock difference as the clerk reads it: '2 jam', '1 jam 30 menit', '3 hari', '12 menit'."""
    from sync.client.clock import split_offset  # with `requests`: not at start

    days, hours, minutes = split_offset(seconds)
    if days:
        return f"{days} hari"
    if hours:
        return f"{hours} jam {minutes} menit" if minutes else f"{hours} jam"
    return f"{minutes} menit"


class SyncStatusBar(QStatusBar):
    """Shows the sync state; the window feeds it, it never reads the store itself."""

    def __init__(self, send_now: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.connection = QLabel()
        self._connection_icon = QLabel()
        self.waiting = QLabel()
        self.last_sync = QLabel()
        self.blocked = QLabel(self.tr("Pengiriman diblokir — periksa antivirus"))
        self.blocked.setToolTip(self.tr(
            "Program pengirim Pantau tidak dapat berjalan di komputer ini. Minta petugas TI "
            "mengecualikan folder program Pantau di antivirus atau AppLocker. Laporan tetap aman "
            "dan akan dikirim setelah itu."))
        self.clock = QLabel()
        self.clock.setToolTip(self.tr(
            "Atur tanggal, jam dan zona waktu (UTC+09:00, WIT) di pengaturan Tanggal & waktu "
            "Windows. Dengan jam yang salah, waktu pada laporan ikut bergeser."))
        for label in (self.blocked, self.clock):
            label.setStyleSheet(_PROBLEM_STYLE)
            label.hide()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        send_button = QToolButton()
        send_button.setDefaultAction(send_now)
        send_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        send_button.setIconSize(QSize(16, 16))
        self.addPermanentWidget(self.blocked)
        self.addPermanentWidget(self.clock)
        self.addPermanentWidget(self._connection_icon)
        self.addPermanentWidget(self.connection)
        self.addPermanentWidget(self.waiting)
        self.addPermanentWidget(self.last_sync)
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(send_button)
        self.show_connection(None)
        self.waiting.setText(self.tr("Menunggu dikirim: …"))
        self.last_sync.setText("")

    def show_connection(self, state: str | None, *, enrolled: bool = True) -> None:
        """`state` is a link state of `sync.client.progress`, or None while not known yet.

        "Terhubung" only while the server answers: a server that is reached but leaves
        requests unanswered is said so, not shown as connected.
        """
        if not enrolled:
            name, text = "offline", self.tr("Belum terdaftar di server provinsi")
        elif state is None:
            name, text = "offline", self.tr("Memeriksa koneksi…")
        elif state == CONNECTED:
            name, text = "online", self.tr("Terhubung")
        elif state == UNANSWERED:
            name, text = "offline", self.tr("Server tidak menjawab")
        else:
            name, text = "offline", self.tr("Tidak terhubung")
        self._connection_icon.setPixmap(icon(name).pixmap(14, 14))
        self.connection.setText(text)

    def show_blocked(self, blocked: bool) -> None:
        """Whether the sync program cannot run (an antivirus or AppLocker blocks it)."""
        self.blocked.setVisible(blocked)

    def show_clock_offset(self, offset: float) -> None:
        """Server time minus PC time, measured at a sync: a warning when they differ too much."""
        from sync.client.clock import clock_is_wrong

        if not clock_is_wrong(offset):
            self.clock.hide()
            return
        text = (self.tr("Jam komputer %1 lebih lambat dari server provinsi — periksa jam dan zona waktu")
                if offset > 0 else
                self.tr("Jam komputer %1 lebih cepat dari server provinsi — periksa jam dan zona waktu"))
        self.clock.setText(text.replace("%1", describe_offset(offset)))
        self.clock.show()

    def show_status(self, status: SyncStatus) -> None:
        if status.pending_urgent:
            text = self.tr("Menunggu dikirim: %1 (%2 mendesak)").replace(
                "%1", str(status.pending)).replace("%2", str(status.pending_urgent))
        else:
            text = self.tr("Menunggu dikirim: %1").replace("%1", str(status.pending))
        if status.quarantined:
            text += " · " + self.tr("Ditolak: %1").replace("%1", str(status.quarantined))
        self.waiting.setText(text)
        self.waiting.setStyleSheet("color: #b71c1c; font-weight: bold;" if status.pending_urgent else "")
        if status.last_success is not None:
            self.last_sync.setText(self.tr("Terakhir terkirim: %1").replace("%1", format_wit(status.last_success)))
        else:
            self.last_sync.setText(self.tr("Belum pernah terkirim"))

    def show_progress(self, done: int, total: int) -> None:
        """A sync is sending: `done` of `total` items (total 0: not known yet)."""
        self.progress.setMaximum(max(total, 0))
        self.progress.setValue(min(done, total) if total else 0)
        self.progress.setFormat(self.tr("Mengirim %v dari %m") if total else self.tr("Menyiapkan…"))
        self.progress.show()

    def hide_progress(self) -> None:
        self.progress.hide()

    def show_problem(self, text: str) -> None:
        """A background problem: a passing message, no dialog (the log has the details)."""
        self.showMessage(text, MESSAGE_MS)
