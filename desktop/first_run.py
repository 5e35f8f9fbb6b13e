"""First start: choose this PC's office and optionally enrol with the provincial server."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.icons import icon
from desktop.tasks import run_task
from sync.regions import Regions
from sync.store import Store
from sync.store.settings import set_office

log = logging.getLogger(__name__)


def enroll_device(store: Store, *, server_url: str, code: str, ca_bundle: str | None) -> str:
    """Enrol this PC with the provincial server (network: off the GUI thread); returns the office."""
    from sync.client.enrollment import enroll

    return enroll(store, server_url=server_url, code=code, ca_bundle=ca_bundle).office


def enrollment_message(error: BaseException) -> str:
    """One Indonesian sentence for a failed enrolment (the details go to the log)."""
    from sync.bundle.seal import SealError
    from sync.client.errors import SyncAuthError, SyncRejected, SyncUnavailable
    from sync.store.errors import StoreError

    if isinstance(error, SealError):  # an enrolment slip refused
        return error.message_id
    if isinstance(error, SyncUnavailable):
        return QCoreApplication.translate(
            "FirstRunDialog", "Server provinsi tidak dapat dihubungi. Periksa alamat server dan "
            "jaringan, atau lanjutkan tanpa jaringan dan daftar nanti di Pengaturan.")
    if isinstance(error, SyncAuthError | SyncRejected):
        return QCoreApplication.translate("FirstRunDialog", "Kode pendaftaran ditolak server (salah, kedaluwarsa atau sudah dipakai).")
    if isinstance(error, StoreError):
        return error.message_id
    if isinstance(error, ValueError):
        return QCoreApplication.translate("FirstRunDialog", "Alamat server tidak benar: harus diawali http:// atau https://")
    return QCoreApplication.translate("FirstRunDialog", "Pendaftaran gagal: %1").replace("%1", str(error))


class FirstRunDialog(QDialog):
    """Asks for the office (regency/city); enrolment is optional ("continue offline")."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._office: str | None = None
        self.setWindowTitle(self.tr("Selamat datang di Pantau"))
        self.setWindowIcon(icon("app"))

        intro = QLabel(self.tr(
            "<b>Selamat datang di Pantau.</b><br>Pilih kantor Kesbangpol kabupaten/kota "
            "tempat komputer ini dipakai. Laporan dapat dibuat tanpa jaringan; "
            "pendaftaran ke server provinsi boleh dilakukan sekarang atau nanti."))
        intro.setWordWrap(True)

        self.office_combo = QComboBox()
        self.office_combo.addItem(self.tr("— pilih kabupaten/kota —"), None)
        for region in Regions.load().regencies():
            self.office_combo.addItem(region.name, region.code)
        if ctx.office:
            self.office_combo.setCurrentIndex(self.office_combo.findData(ctx.office))

        self.server_url = QLineEdit()
        self.server_url.setPlaceholderText("https://pantau.malukuprov.go.id")
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("dari petugas Bakesbangpol Provinsi"))
        self.ca_bundle = QLineEdit()
        self.ca_bundle.setPlaceholderText(self.tr("kosongkan bila tidak diberi"))
        enrol_box = QGroupBox(self.tr("Daftarkan ke server provinsi (boleh nanti)"))
        enrol_form = QFormLayout(enrol_box)
        enrol_form.addRow(self.tr("Alamat server:"), self.server_url)
        enrol_form.addRow(self.tr("Kode pendaftaran:"), self.code)
        enrol_form.addRow(self.tr("Sertifikat CA (opsional):"), self.ca_bundle)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.enroll_button = QPushButton(self.tr("Daftarkan dan mulai"))
        self.offline_button = QPushButton(self.tr("Lanjutkan tanpa jaringan"))
        self.enroll_button.clicked.connect(self._enroll)
        self.offline_button.clicked.connect(self._continue_offline)
        self.offline_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.enroll_button)
        buttons.addWidget(self.offline_button)

        office_row = QFormLayout()
        office_row.addRow(self.tr("Kantor (kabupaten/kota):"), self.office_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(office_row)
        layout.addWidget(enrol_box)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)

    def office(self) -> str | None:
        """The office chosen and saved (after the dialog was accepted)."""
        return self._office

    def _chosen_office(self) -> str | None:
        code = self.office_combo.currentData()
        if code is None:
            self.message.setText(self.tr("Pilih dulu kabupaten/kota kantor ini."))
            self.office_combo.setFocus()
        return code

    def _busy(self, busy: bool) -> None:
        for widget in (self.enroll_button, self.offline_button, self.office_combo,
                       self.server_url, self.code, self.ca_bundle):
            widget.setEnabled(not busy)
        if busy:
            self.message.setStyleSheet("color: #455a64;")
            self.message.setText(self.tr("Sedang memproses…"))

    def _continue_offline(self) -> None:
        office = self._chosen_office()
        if office is None:
            return
        store = self._ctx.store

        def save() -> str:
            with store.session() as session:
                set_office(session=session, code=office)
            return office

        self._busy(True)
        run_task(save, on_success=self._done, on_failure=self._failed)

    def _enroll(self) -> None:
        office = self._chosen_office()
        if office is None:
            return
        url, code = self.server_url.text().strip(), self.code.text().strip()
        if not url or not code:
            self.message.setText(self.tr("Isi alamat server dan kode pendaftaran, "
                                         "atau pilih \u201cLanjutkan tanpa jaringan\u201d."))
            return
        ca_bundle = self.ca_bundle.text().strip() or None
        if ca_bundle and not Path(ca_bundle).is_file():
            self.message.setText(self.tr("Berkas sertifikat CA tidak ditemukan."))
            return
        store = self._ctx.store

        def enrol() -> str:
            with store.session() as session:
                set_office(session=session, code=office)
            return enroll_device(store, server_url=url, code=code, ca_bundle=ca_bundle)

        self._busy(True)
        run_task(enrol, on_success=self._done, on_failure=self._failed)

    def _done(self, office: str) -> None:
        self._office = office
        self.accept()

    def _failed(self, error: BaseException) -> None:
        log.warning("first run: %s", error)
        self._busy(False)
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.setText(enrollment_message(error))
