"""The office's own papers: address, contacts, emblem and signatory, used by the printout and the recap."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.report_editor import show_failure
from desktop.settings import gui_settings
from desktop.tasks import run_task
from sync import fileio
from sync.store.settings import OfficePapers, get_office_papers, set_office_papers

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EMBLEM_FILE = "lambang"  # the copy in the data folder: lambang.png, lambang.jpg, …


class OfficeDialog(QDialog):
    """Edits `OfficePapers`; an empty line keeps the default of `resources/letterhead/offices.json`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Data kantor — Pantau"))
        self.setMinimumWidth(520)
        self._emblem = ""
        self.address = QLineEdit(self)
        self.address.setPlaceholderText(self.tr("mis. Jl. Abdullah Soulissa No. 1, Masohi"))
        self.postal_code = QLineEdit(self)
        self.postal_code.setMaxLength(5)
        self.phone = QLineEdit(self)
        self.email = QLineEdit(self)
        self.signatory_name = QLineEdit(self)
        self.signatory_position = QLineEdit(self)
        self.signatory_position.setPlaceholderText(self.tr("Kepala Badan Kesatuan Bangsa dan Politik"))
        self.signatory_nip = QLineEdit(self)
        self.emblem_preview = QLabel(self)
        self.emblem_preview.setFixedSize(64, 64)
        self.emblem_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        choose = QPushButton(self.tr("Pilih gambar…"), self)
        choose.clicked.connect(self._choose_emblem)
        clear = QPushButton(self.tr("Hapus"), self)
        clear.clicked.connect(lambda: self._show_emblem(""))
        emblem_row = QHBoxLayout()
        emblem_row.addWidget(self.emblem_preview)
        emblem_row.addWidget(choose)
        emblem_row.addWidget(clear)
        emblem_row.addStretch(1)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Alamat kantor"), self.address)
        form.addRow(self.tr("Kode pos"), self.postal_code)
        form.addRow(self.tr("Telepon"), self.phone)
        form.addRow(self.tr("Pos-el (e-mail)"), self.email)
        form.addRow(self.tr("Lambang daerah"), emblem_row)
        form.addRow(self.tr("Nama penanda tangan"), self.signatory_name)
        form.addRow(self.tr("Jabatan penanda tangan"), self.signatory_position)
        form.addRow(self.tr("NIP penanda tangan"), self.signatory_nip)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Simpan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Dipakai pada kop surat dan blok tanda tangan laporan cetak dan rekap. "
                                        "Kolom kosong memakai isian bawaan."), self))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        with ctx.store.session() as session:  # one small row, read once on opening
            self.set_papers(get_office_papers(session=session))

    def set_papers(self, papers: OfficePapers) -> None:
        for name in ("address", "postal_code", "phone", "email", "signatory_name", "signatory_position",
                     "signatory_nip"):
            getattr(self, name).setText(getattr(papers, name))
        self._show_emblem(papers.emblem)

    def papers(self) -> OfficePapers:
        return OfficePapers(
            address=self.address.text(), postal_code=self.postal_code.text(), phone=self.phone.text(),
            email=self.email.text(), emblem=self._emblem, signatory_name=self.signatory_name.text(),
            signatory_position=self.signatory_position.text(), signatory_nip=self.signatory_nip.text(),
        )

    def _show_emblem(self, path: str) -> None:
        image = QImage(path) if path else QImage()
        self._emblem = path if not image.isNull() else ""
        self.emblem_preview.setPixmap(
            QPixmap.fromImage(image.scaled(64, 64, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation)) if not image.isNull() else QPixmap())
        self.emblem_preview.setText("" if self._emblem else self.tr("(tidak ada)"))

    def _choose_emblem(self) -> None:
        folders = gui_settings(self.ctx.store.data_dir)
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Pilih gambar lambang daerah"),
                                              folders.last_folder("emblem"),
                                              self.tr("Gambar (*.png *.jpg *.jpeg *.bmp)"))
        if not path:
            return
        folders.set_last_folder("emblem", str(Path(path).parent))
        if QImage(path).isNull():
            self.problem.setText(self.tr("Berkas itu bukan gambar yang dapat dibaca. Pilih berkas PNG atau JPG."))
            return
        self.problem.clear()
        self._show_emblem(path)

    def problems(self) -> list[str]:
        """What is wrong with what was typed, in Indonesian ([] when it can be saved)."""
        found = []
        if self.postal_code.text().strip() and not re.fullmatch(r"\d{5}", self.postal_code.text().strip()):
            found.append(self.tr("Kode pos terdiri dari 5 angka."))
        if self.email.text().strip() and not EMAIL.match(self.email.text().strip()):
            found.append(self.tr("Alamat pos-el tidak sah, mis. kesbangpol@malukutengahkab.go.id."))
        nip = self.signatory_nip.text().replace(" ", "")
        if nip and not re.fullmatch(r"\d{18}", nip):
            found.append(self.tr("NIP terdiri dari 18 angka."))
        return found

    def save(self) -> None:
        found = self.problems()
        if found:
            self.problem.setText("\n".join(found))
            return
        papers = self.papers()
        store = self.ctx.store

        def write() -> None:
            emblem = papers.emblem
            if emblem and Path(emblem).parent != store.data_dir:  # keep a copy: the original may move
                target = store.data_dir / f"{EMBLEM_FILE}{Path(emblem).suffix.lower()}"
                fileio.write_bytes(target, Path(emblem).read_bytes())
                emblem = str(target)
            with store.session() as session:
                set_office_papers(session=session, papers=replace(papers, emblem=emblem))

        run_task(write, on_success=lambda _: self.accept(),
                 on_failure=lambda exc: show_failure(self, self.tr("Data kantor tidak dapat disimpan."), exc),
                 owner=self)

