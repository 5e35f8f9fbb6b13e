"""Attachments in the editor: dropped photos are reduced before storing, originals kept, sizes shown."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSize, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QImageIOHandler,
    QImageReader,
    QImageWriter,
    QLinearGradient,
    QPainter,
)
from PySide6.QtWidgets import QApplication, QListWidget, QMessageBox

from desktop.attachments_panel import AttachmentsPanel, format_size
from desktop.photos import PhotoOptions, downscale_photo, thumbnail
from desktop.report_editor import ReportEditor
from desktop.tasks import wait_for_tasks
from sync.store import reports, settings
from sync.store.attachments import read_attachment
from sync.store.settings import DEFAULT_PHOTO_MAX_SIDE
from tests.support.qt import open_editor


@pytest.fixture(autouse=True)
def _quick_autosave(monkeypatch):
    monkeypatch.setattr(ReportEditor, "AUTOSAVE_MS", 200)


def _photo(path: Path, width: int, height: int) -> Path:
    """A camera-like JPEG (gradients compress like photos, not like flat colour)."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(0, 0, width, height)
    gradient.setColorAt(0, QColor("#1f6f8b"))
    gradient.setColorAt(1, QColor("#e3b04b"))
    painter.fillRect(image.rect(), gradient)
    painter.fillRect(0, 0, width // 4, height // 4, QColor("red"))  # marks the top-left corner
    painter.end()
    writer = QImageWriter(str(path), b"jpeg")
    writer.setQuality(95)
    assert writer.write(image), writer.errorString()
    return path


def _drop(panel: AttachmentsPanel, paths: list[Path]) -> None:
    """Files dragged from the file manager: enter (the panel accepts), then drop."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(panel, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(panel, QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, buttons, keys))


def _panel(editor: ReportEditor) -> AttachmentsPanel:
    return editor.form_widget.editor("foto").panel


def test_dropped_photo_is_reduced_original_kept_and_saved_with_the_draft(qtbot, ctx, tmp_path):
    source = _photo(tmp_path / "IMG_2024.jpg", 4000, 3000)
    editor = open_editor(qtbot, ctx, form_id="deteksi_dini")
    panel = _panel(editor)
    with qtbot.waitSignal(editor.saved, timeout=10_000):  # the draft is made first, to attach to
        _drop(panel, [source])
    qtbot.waitUntil(lambda: len(panel.hashes()) == 1, timeout=10_000)
    sha = panel.hashes()[0]
    stored = read_attachment(ctx.store, sha)
    size = thumbnail(stored, 10_000).size()
    longest = DEFAULT_PHOTO_MAX_SIDE
    assert (size.width(), size.height()) == (longest, longest * 3 // 4)
    assert stored.startswith(b"\xff\xd8")  # a JPEG
    assert len(stored) < source.stat().st_size / 3
    originals = list((ctx.store.data_dir / "originals").iterdir())
    assert len(originals) == 1 and originals[0].name == hashlib.sha256(source.read_bytes()).hexdigest()
    assert source.read_bytes()[:4096] not in originals[0].read_bytes()  # kept encrypted
    item = panel.findChild(QListWidget).item(0)
    assert item.text() == f"IMG_2024.jpg\n{format_size(len(stored))}"
    qtbot.waitUntil(lambda: item.icon().pixmap(96, 96).size() == QSize(96, 72), timeout=5000)  # a thumbnail
    # The field's value reaches the store with the next autosave, the file linked to the draft.
    qtbot.waitUntil(lambda: not editor.is_dirty(), timeout=5000)
    with ctx.store.session() as session:
        latest = reports.get_report(session=session, report_id=editor.report_id).revisions[-1]
    assert latest.data["foto"] == [sha]
    assert [a.sha256 for a in latest.attachments] == [sha]
    assert latest.attachments[0].mime == "image/jpeg"


def test_photo_size_and_quality_come_from_the_settings(qtbot, ctx, tmp_path):
    with ctx.store.session() as session:
        settings.set_photo_max_side(session=session, pixels=800)
        settings.set_photo_quality(session=session, quality=50)
    editor = open_editor(qtbot, ctx, form_id="deteksi_dini")
    assert editor.photo_options == PhotoOptions(800, 50)
    _drop(_panel(editor), [_photo(tmp_path / "a.jpg", 1000, 2000)])
    qtbot.waitUntil(lambda: len(_panel(editor).hashes()) == 1, timeout=10_000)
    size = thumbnail(read_attachment(ctx.store, _panel(editor).hashes()[0]), 10_000).size()
    assert (size.width(), size.height()) == (400, 800)


def test_documents_are_stored_as_they_are(qtbot, ctx, tmp_path):
    document = tmp_path / "notulen rapat.pdf"
    document.write_bytes(b"%PDF-1.4\n" + b"x" * 5000)
    editor = open_editor(qtbot, ctx, form_id="deteksi_dini")
    _drop(_panel(editor), [document])
    qtbot.waitUntil(lambda: len(_panel(editor).hashes()) == 1, timeout=10_000)
    assert read_attachment(ctx.store, _panel(editor).hashes()[0]) == document.read_bytes()
    assert "5 kB" in _panel(editor).findChild(QListWidget).item(0).text()


def test_exif_rotation_is_applied_before_reducing(tmp_path):
    source = tmp_path / "portrait.jpg"
    image = QImage(2000, 1000, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    writer = QImageWriter(str(source), b"jpeg")
    # What phones do: landscape pixels plus an EXIF "rotate 90°" flag.
    writer.setTransformation(QImageIOHandler.Transformation.TransformationRotate90)
    assert writer.write(image)
    reduced = downscale_photo(source, tmp_path / "out.jpg", PhotoOptions(max_side=1000, quality=70))
    size = QImageReader(str(reduced)).size()
    assert (size.width(), size.height()) == (500, 1000)  # stood upright, then reduced



def test_a_removed_file_no_longer_travels_with_the_draft(qtbot, ctx, tmp_path):
    document = tmp_path / "salah.pdf"
    document.write_bytes(b"%PDF-1.4\n" + b"y" * 100)
    editor = open_editor(qtbot, ctx, form_id="deteksi_dini")
    panel = _panel(editor)
    _drop(panel, [document])
    qtbot.waitUntil(lambda: len(panel.hashes()) == 1, timeout=10_000)
    panel.select_all()
    panel.remove_selected()
    assert panel.hashes() == []
    qtbot.waitUntil(lambda: not editor.is_dirty(), timeout=5000)
    wait_for_tasks()
    with ctx.store.session() as session:
        latest = reports.get_report(session=session, report_id=editor.report_id).revisions[-1]
    assert "foto" not in latest.data and latest.attachments == []


def test_a_broken_photo_is_named_and_the_others_still_attach(qtbot, ctx, tmp_path):
    broken = tmp_path / "rusak.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)  # looks like a JPEG, is not one
    good = _photo(tmp_path / "baik.jpg", 200, 100)
    editor = open_editor(qtbot, ctx, form_id="deteksi_dini")
    _drop(_panel(editor), [broken, good])
    qtbot.waitUntil(lambda: len(_panel(editor).hashes()) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=5000)
    message = QApplication.activeModalWidget()
    assert "rusak.jpg" in message.text() and "baik.jpg" not in message.text()
    message.close()


def test_the_file_picker_opens_where_the_last_photo_came_from(qtbot, ctx, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    camera = tmp_path / "DCIM"
    camera.mkdir()
    source = _photo(camera / "IMG_1.jpg", 640, 480)
    opened_in: list[str] = []

    def pick(_parent, _title, folder, _filters):  # the OS dialog: the clerk picks the photo
        opened_in.append(folder)
        return [str(source)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", pick)
    editor = open_editor(qtbot, ctx, form_id="deteksi_dini")
    assert _panel(editor)._add.text() == "+ Tambah foto/dokumen…"
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        _panel(editor)._choose_files()
    qtbot.waitUntil(lambda: len(_panel(editor).hashes()) == 1, timeout=10_000)
    again = open_editor(qtbot, ctx, form_id="deteksi_dini")  # another report, another day
    _panel(again)._choose_files()
    assert opened_in[0] != str(camera) and opened_in[1] == str(camera)
