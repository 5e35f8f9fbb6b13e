"""Small Windows traps: the settings file is not Explorer's `desktop.ini`, a light look under dark
mode, and HEIC photos that Qt cannot read are refused with a message."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.app import application
from desktop.photos import PhotoError, is_unreadable_heif, prepare_for_sending
from desktop.settings import SETTINGS_FILE, GuiSettings
from tests.desktop.test_attachments import _drop, _panel, _photo
from tests.support.qt import open_editor

# The start of an iPhone photo: an ISO-BMFF box "ftyp" with the brand "heic".
HEIC_HEAD = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200


def test_the_old_desktop_ini_is_renamed_with_its_settings(data_dir):
    old = QSettings(str(data_dir / "desktop.ini"), QSettings.Format.IniFormat)
    old.setValue("ui/language", "en")
    old.setValue("window/geometry", QByteArray(b"geo"))
    old.sync()
    del old
    settings = GuiSettings(data_dir)
    assert settings.language() == "en"
    assert settings.window_state()[0] == QByteArray(b"geo")
    assert not (data_dir / "desktop.ini").exists()
    assert (data_dir / SETTINGS_FILE).exists()


def test_explorers_own_desktop_ini_is_left_alone(data_dir):
    explorer = data_dir / "desktop.ini"
    explorer.write_text("[.ShellClassInfo]\r\nIconResource=pantau.ico,0\r\n", encoding="utf-16")
    settings = GuiSettings(data_dir)
    settings.set_language("en")
    settings.sync()
    assert explorer.read_text(encoding="utf-16").startswith("[.ShellClassInfo]")
    assert GuiSettings(data_dir).language() == "en"


@pytest.fixture
def windows_dark_mode(qapp):
    """The system as Windows 11 in dark mode hands it to Qt: a dark scheme and palette."""
    style, palette = qapp.style().name(), qapp.palette()
    qapp.styleHints().setColorScheme(Qt.ColorScheme.Dark)
    dark = QPalette(QColor("#202020"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    qapp.setPalette(dark)
    yield qapp
    qapp.styleHints().unsetColorScheme()
    qapp.setStyle(style)
    qapp.setPalette(palette)


def test_dark_mode_still_gets_the_light_look(windows_dark_mode):
    app = application()
    assert app.style().name().lower() == "fusion"
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 200
    assert app.palette().color(QPalette.ColorRole.WindowText).lightness() < 60
    assert app.styleHints().colorScheme() != Qt.ColorScheme.Dark


def test_a_heic_photo_qt_cannot_read_is_refused_in_indonesian(tmp_path):
    photo = tmp_path / "IMG_0042.HEIC"
    photo.write_bytes(HEIC_HEAD)
    assert is_unreadable_heif(photo)
    with pytest.raises(PhotoError) as refused:
        prepare_for_sending(photo, work_dir=tmp_path / "work", keep_original=lambda _photo: None)
    assert "IMG_0042.HEIC berformat HEIC" in str(refused.value)
    assert "JPG" in str(refused.value)
    assert not (tmp_path / "asli").exists()  # nothing kept of it


def test_a_dropped_heic_photo_is_explained_to_the_clerk(qtbot, ctx, tmp_path):
    heic = tmp_path / "IMG_0042.heic"
    heic.write_bytes(HEIC_HEAD)
    editor = open_editor(qtbot, ctx, form_id="deteksi_dini")
    _drop(_panel(editor), [heic])
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=5000)
    message = QApplication.activeModalWidget()
    assert ("IMG_0042.heic" in message.text(), "berformat HEIC" in message.informativeText()) == (True, True)
    message.close()
    assert _panel(editor).hashes() == []


def test_an_ordinary_jpeg_is_no_heif(tmp_path):
    assert not is_unreadable_heif(_photo(tmp_path / "biasa.jpg", 40, 30))
    assert not is_unreadable_heif(Path(tmp_path / "tidak-ada.heic"))
