"""Settings: provincial server, CA bundle, sync interval, photo size, language, re-enrolment."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.events import events
from desktop.first_run import enroll_device, enrollment_message
from desktop.settings import gui_settings
from desktop.tasks import run_task
from sync.bundle.enrol_slip import enroll_from_slip
from sync.bundle.slip import Slip
from sync.client.certificates import pem_ca_bundle
from sync.store import Store
from sync.store import settings as store_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoreSettings:
    """The store-kept settings this dialog edits, read and written in one unit of work."""

    server_url: str | None
    ca_bundle: str | None
    sync_interval_minutes: int
    photo_max_side: int
    photo_quality: int
    enrolled: bool = False  # this PC has a device id from the province (read only)

    @classmethod
    def read(cls, store: Store) -> StoreSettings:
        with store.session() as s:
            return cls(server_url=store_settings.get_server_url(session=s),
                       ca_bundle=store_settings.get_ca_bundle(session=s),
                       sync_interval_minutes=store_settings.get_sync_interval_minutes(session=s),
                       photo_max_side=store_settings.get_photo_max_side(session=s),
                       photo_quality=store_settings.get_photo_quality(session=s),
                       enrolled=store_settings.get_device_id(session=s) is not None)

    def write(self, store: Store) -> None:
        """Save them; a DER certificate (`.cer`) is kept as PEM (`CertificateUnusable` if neither)."""
        ca_bundle = pem_ca_bundle(self.ca_bundle, store.data_dir) if self.ca_bundle else None
        with store.session() as s:
            store_settings.set_server_url(session=s, url=self.server_url)
            store_settings.set_ca_bundle(session=s, path=ca_bundle)
            store_settings.set_sync_interval_minutes(session=s, minutes=self.sync_interval_minutes)
            store_settings.set_photo_max_side(session=s, pixels=self.photo_max_side)
            store_settings.set_photo_quality(session=s, quality=self.photo_quality)


class SettingsDialog(QDialog):
    """Edits the settings; OK saves them off the GUI thread, then closes."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(self.tr("Pengaturan"))

        self.server_url = QLineEdit()
        self.server_url.setPlaceholderText("https://pantau.malukuprov.go.id")
        self.ca_bundle = QLineEdit()
        self.ca_bundle.setPlaceholderText(self.tr("kosong: sertifikat bawaan sistem"))
        browse = QPushButton(self.tr("Pilih…"))
        browse.clicked.connect(self._browse_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(browse)
        self.interval = QSpinBox()
        self.interval.setRange(1, 24 * 60)
        self.interval.setSuffix(self.tr(" menit"))
        server_box = QGroupBox(self.tr("Server provinsi"))
        server_form = QFormLayout(server_box)
        server_form.addRow(self.tr("Alamat server:"), self.server_url)
        server_form.addRow(self.tr("Sertifikat CA:"), ca_row)
        server_form.addRow(self.tr("Kirim otomatis setiap:"), self.interval)

        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("kode pendaftaran baru dari provinsi"))
        self.enroll_button = QPushButton(self.tr("Daftarkan"))  # "Daftarkan ulang" once enrolled
        self.enroll_button.clicked.connect(self._enroll)
        self.slip_button = QPushButton(self.tr("Dari berkas…"))  # no link: the province's enrolment slip
        self.slip_button.setToolTip(self.tr("Daftar tanpa jaringan dengan berkas pendaftaran dari provinsi"))
        self.slip_button.clicked.connect(self._enroll_from_slip)
        enrol_row = QHBoxLayout()
        enrol_row.addWidget(self.code, 1)
        enrol_row.addWidget(self.enroll_button)
        enrol_row.addWidget(self.slip_button)
        server_form.addRow(self.tr("Pendaftaran:"), enrol_row)

        self.photo_side = QSpinBox()
        self.photo_side.setRange(320, 4096)
        self.photo_side.setSingleStep(160)
        self.photo_side.setSuffix(" px")
        self.photo_quality = QSpinBox()
        self.photo_quality.setRange(1, 95)
        photo_box = QGroupBox(self.tr("Foto yang dikirim"))
        photo_form = QFormLayout(photo_box)
        photo_form.addRow(self.tr("Sisi terpanjang:"), self.photo_side)
        photo_form.addRow(self.tr("Kualitas JPEG:"), self.photo_quality)
        photo_note = QLabel(self.tr("Foto asli tetap disimpan di komputer ini. Ukuran kecil "
                                    "lebih cepat terkirim lewat jaringan lambat."))
        photo_note.setWordWrap(True)
        photo_note.setStyleSheet("color: #546e7a;")
        photo_form.addRow(photo_note)

        self.language = QComboBox()
        self.language.addItem("Bahasa Indonesia", "id")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(gui_settings(ctx.store.data_dir).language())))
        language_box = QGroupBox(self.tr("Bahasa"))
        language_form = QFormLayout(language_box)
        language_form.addRow(self.tr("Bahasa tampilan:"), self.language)
        language_form.addRow(QLabel(self.tr("Berlaku setelah Pantau dibuka ulang.")))

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(server_box)
        layout.addWidget(photo_box)
        layout.addWidget(language_box)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._set_enabled(False)
        run_task(lambda: StoreSettings.read(ctx.store), on_success=self._show, on_failure=self._failed, owner=self)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.server_url, self.ca_bundle, self.interval, self.photo_side,
                       self.photo_quality, self.code, self.enroll_button, self.slip_button,
                       self.buttons.button(QDialogButtonBox.StandardButton.Ok)):
            widget.setEnabled(enabled)

    def _show(self, values: StoreSettings) -> None:
        self.server_url.setText(values.server_url or "")
        self.ca_bundle.setText(values.ca_bundle or "")
        self.interval.setValue(values.sync_interval_minutes)
        self.photo_side.setValue(values.photo_max_side)
        self.photo_quality.setValue(values.photo_quality)
        self.enroll_button.setText(self.tr("Daftarkan ulang") if values.enrolled else self.tr("Daftarkan"))
        self._set_enabled(True)

    def _failed(self, error: BaseException) -> None:
        log.warning("settings: %s", error)
        self._set_enabled(True)
        self._problem(enrollment_message(error))

    def _problem(self, text: str) -> None:
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.setText(text)

    def _browse_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Pilih sertifikat CA"), self.ca_bundle.text(),
                                              self.tr("Sertifikat (*.pem *.crt *.cer);;Semua berkas (*)"))
        if path:
            self.ca_bundle.setText(path)

    def values(self) -> StoreSettings | None:
        """The entered settings, or None (with a message shown) when one is not valid."""
        url = self.server_url.text().strip() or None
        if url and not url.startswith(("http://", "https://")):
            self._problem(self.tr("Alamat server harus diawali http:// atau https://"))
            return None
        ca_bundle = self.ca_bundle.text().strip() or None
        if ca_bundle and not Path(ca_bundle).is_file():
            self._problem(self.tr("Berkas sertifikat CA tidak ditemukan."))
            return None
        return StoreSettings(server_url=url, ca_bundle=ca_bundle,
                             sync_interval_minutes=self.interval.value(),
                             photo_max_side=self.photo_side.value(),
                             photo_quality=self.photo_quality.value())

    def _save(self) -> None:
        values = self.values()
        if values is None:
            return
        settings = gui_settings(self._ctx.store.data_dir)
        settings.set_language(self.language.currentData())
        settings.sync()
        store = self._ctx.store
        self._set_enabled(False)
        run_task(lambda: values.write(store), on_success=self._saved, on_failure=self._failed)

    def _saved(self, _result: object) -> None:
        events().settings_changed.emit()
        self.accept()

    def _enroll(self) -> None:
        values = self.values()
        code = self.code.text().strip()
        if values is None:
            return
        if not values.server_url or not code:
            self._problem(self.tr("Isi alamat server dan kode pendaftaran."))
            return
        store = self._ctx.store

        def enrol() -> str:
            values.write(store)
            return enroll_device(store, server_url=values.server_url or "", code=code,
                                 ca_bundle=values.ca_bundle)

        self._set_enabled(False)
        self.message.setStyleSheet("color: #455a64;")
        self.message.setText(self.tr("Mendaftarkan…"))
        run_task(enrol, on_success=self._enrolled, on_failure=self._failed, owner=self)

    def _enroll_from_slip(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Berkas pendaftaran"), str(Path.home()),
                                              self.tr("Berkas pendaftaran Pantau (*.pantau-slip);;Semua berkas (*)"))
        if not path:
            return
        store = self._ctx.store

        def shown(slip: Slip) -> None:
            self.server_url.setText(slip.server_url)  # what OK saves next must not undo the slip's
            self._enrolled(slip.office)

        self._set_enabled(False)
        run_task(lambda: enroll_from_slip(store, Path(path)), on_success=shown, on_failure=self._failed, owner=self)

    def _enrolled(self, _office: str) -> None:
        self._set_enabled(True)
        self.enroll_button.setText(self.tr("Daftarkan ulang"))
        self.code.clear()
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(self.tr("Komputer ini berhasil didaftarkan. Laporan akan dikirim otomatis."))
        events().settings_changed.emit()
