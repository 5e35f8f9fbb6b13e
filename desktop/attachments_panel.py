"""Photos and documents of a report: thumbnails, sizes, add by button or by dropping files."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.fields.base import AttachmentHost
from desktop.photos import thumbnail
from desktop.tasks import run_task
from desktop.tooltips import plain_tooltip
from sync.store.schemas import AttachmentInfo

log = logging.getLogger(__name__)

THUMB_SIDE = 96
_SHA = Qt.ItemDataRole.UserRole


def format_size(size: int) -> str:
    """Bytes as the clerk reads them: '845 B', '245 kB', '1,2 MB' (Indonesian decimal comma)."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{round(size / 1000)} kB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


class AttachmentsPanel(QWidget):
    """The list of attached files (by SHA-256); adding goes through the host, which stores them."""

    changed = Signal()

    def __init__(self, host: AttachmentHost | None, *, read_only: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._host = host
        self._sizes: dict[str, int] = {}
        self._list = QListWidget(self)
        self._list.setViewMode(QListWidget.ViewMode.IconMode)
        self._list.setIconSize(QSize(THUMB_SIDE, THUMB_SIDE))
        self._list.setGridSize(QSize(THUMB_SIDE + 48, THUMB_SIDE + 44))
        self._list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self._list.setMovement(QListWidget.Movement.Static)
        self._list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self._list.setWordWrap(True)
        self._list.setFixedHeight(THUMB_SIDE + 56)  # one row of thumbnails; more scroll
        self._list.setAcceptDrops(False)  # drops land on the panel itself
        self._add = QPushButton(self.tr("+ Tambah foto/dokumen…"), self)
        self._remove = QPushButton(self.tr("Lepas"), self)
        self._remove.setToolTip(self.tr("Lepas berkas yang dipilih dari laporan ini"))
        self._status = QLabel(self)
        self._status.setStyleSheet("color: #6b6b6b;")
        self._add.clicked.connect(self._choose_files)
        self._remove.clicked.connect(self.remove_selected)
        editable = not read_only and host is not None
        self._add.setVisible(editable)
        self._remove.setVisible(editable)
        self.setAcceptDrops(editable)
        buttons = QHBoxLayout()
        buttons.addWidget(self._add)
        buttons.addWidget(self._remove)
        buttons.addWidget(self._status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._list)
        layout.addLayout(buttons)
        self._list.setToolTip(self.tr("Seret foto atau dokumen ke sini untuk melampirkannya"))
        self._update_status()

    def focus_widgets(self) -> list[QWidget]:
        return [self._add, self._list] if self._add.isVisibleTo(self) else [self._list]

    def hashes(self) -> list[str]:
        return [self._list.item(i).data(_SHA) for i in range(self._list.count())]

    def set_hashes(self, hashes: list[str]) -> None:
        self._list.clear()
        self._sizes.clear()
        for sha in hashes:
            self._append(sha, self._host.info(sha) if self._host else None)
        self._update_status()

    def add_paths(self, paths: list[str]) -> None:
        """Store these files (photos reduced first) and attach them; work happens off the GUI thread."""
        if not paths or self._host is None:
            return
        self._add.setEnabled(False)
        self._status.setText(self.tr("Menyiapkan %n berkas…", "", len(paths)))
        self._host.add_files(paths, self._added)

    def _added(self, infos: list[AttachmentInfo]) -> None:
        self._add.setEnabled(True)
        known = set(self.hashes())
        for info in infos:
            if info.sha256 not in known:
                self._append(info.sha256, info)
                known.add(info.sha256)
        self._update_status()
        self.changed.emit()

    def _append(self, sha: str, info: AttachmentInfo | None) -> None:
        name = info.filename if info else sha[:12]
        text = f"{name}\n{format_size(info.size)}" if info else name
        item = QListWidgetItem(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon), text)
        item.setData(_SHA, sha)
        item.setToolTip(plain_tooltip(name))
        self._list.addItem(item)
        if info:
            self._sizes[sha] = info.size
        host = self._host
        if host is not None and info and info.mime.startswith("image/"):
            run_task(lambda: thumbnail(host.file_data(sha), THUMB_SIDE),
                     on_success=lambda image, sha=sha: self._show_thumbnail(sha, image), owner=self)

    def _show_thumbnail(self, sha: str, image: QImage) -> None:
        if image.isNull():
            return
        for i in range(self._list.count()):
            item = self._list.item(i)
            if item.data(_SHA) == sha:
                item.setIcon(QIcon(QPixmap.fromImage(image)))

    def remove_selected(self) -> None:
        """Take the selected files off the report (what the "Lepas" button does)."""
        removed = []
        for item in self._list.selectedItems():
            removed.append(item.data(_SHA))
            self._sizes.pop(removed[-1], None)
            self._list.takeItem(self._list.row(item))
        if removed and self._host is not None:
            self._host.remove_files(removed)
        self._update_status()
        self.changed.emit()

    def select_all(self) -> None:
        self._list.selectAll()

    def _choose_files(self) -> None:
        folder = self._host.folder if self._host is not None else str(Path.home())
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Lampirkan foto atau dokumen"), folder,
            self.tr("Foto dan dokumen (*.jpg *.jpeg *.png *.heic *.webp *.pdf *.doc *.docx *.xls *.xlsx *.odt);;Semua berkas (*)"),
        )
        if paths and self._host is not None:
            self._host.folder = str(Path(paths[0]).parent)
        self.add_paths(paths)

    def _update_status(self) -> None:
        count = self._list.count()
        if count == 0:
            self._status.setText(self.tr("Belum ada lampiran. Seret berkas ke sini atau pakai tombol."))
        else:
            total = format_size(sum(self._sizes.values()))
            self._status.setText(self.tr("%n berkas, %1 untuk dikirim", "", count).replace("%1", total))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        event.acceptProposedAction()
        self.add_paths([p for p in paths if Path(p).is_file()])
