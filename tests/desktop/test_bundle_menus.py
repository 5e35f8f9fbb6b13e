"""Berkas → Kirim lewat flashdisk… and Baca tanda terima…, with a real store and a real province import."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from sqlmodel import Session

from desktop.report_table_model import Column
from sync import fileio
from sync.bundle.enrol_slip import enroll_from_slip
from sync.bundle.province import import_bundle
from sync.bundle.province_slip import issue_slip
from sync.client.credentials import CredentialStore
from sync.server import admin
from sync.server.db import make_engine, migrate
from sync.server.reports import review_report
from sync.server.settings import ServerSettings
from sync.server.tokens import utcnow
from sync.store.outbox import pending_count
from tests.support.qt import close_next_box
from tests.support.reports import OFFICE, add_reports
from tests.support.server import copy_migrated_sqlite


class Province:
    """The provincial server's side, in-process: its database, keys and bundle import."""

    def __init__(self, folder: Path) -> None:
        self.settings = ServerSettings(data_dir=folder)
        folder.mkdir(parents=True, exist_ok=True)
        copy_migrated_sqlite(folder)  # the test process's migrated database, copied
        self.engine = make_engine(self.settings.resolved_database_url)
        migrate(self.engine)
        with Session(self.engine) as session:
            admin.seed_offices(session=session)

    def slip(self, out: Path) -> Path:
        with Session(self.engine) as session:
            _slip, data = issue_slip(session=session, settings=self.settings, office=OFFICE, label="PC sekretariat",
                                     server_url="https://pantau.test", actor="test", now=utcnow())
        out.write_bytes(data)
        return out

    def import_bundle(self, bundle: Path, receipt: Path) -> dict[str, int]:
        with Session(self.engine) as session:
            outcome = import_bundle(session=session, settings=self.settings, data=bundle.read_bytes(), now=utcnow())
        receipt.write_bytes(outcome.receipt)
        return outcome.counts()

    def review(self, report_id, comment: str) -> None:
        with Session(self.engine) as session:
            review_report(session=session, report_id=report_id, decision="needs_revision", comment=comment,
                          now=utcnow(), actor="analis")
            session.commit()


@pytest.fixture
def province(tmp_path) -> Province:
    made = Province(tmp_path / "province")
    yield made
    made.engine.dispose()


@pytest.fixture
def enrolled(store, province, tmp_path):
    enroll_from_slip(store, province.slip(tmp_path / "pendaftaran.pantau-slip"),
                     credentials=CredentialStore(store.data_dir, use_keyring=False))
    return store


def _states(window) -> list[str]:
    model = window.model
    return [model.data(model.index(row, Column.STATE)) for row in range(model.rowCount())]


def _answer_save(monkeypatch, path: Path) -> list[str]:
    """The save dialog: the clerk accepts `path`; the list keeps the name the dialog offered."""
    offered: list[str] = []

    def save(_parent, _title, suggested, _filters):
        offered.append(suggested)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    return offered


def _answer_open(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(path), ""))


def _told(qtbot, action) -> tuple[str, str]:
    """Trigger `action` and return the (text, informative text) of the box it ends with."""
    seen = close_next_box()
    action.trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    return seen[0]


def _reload(qtbot, window) -> None:
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        window.refresh()


def _pending(store) -> int:
    with store.session() as session:
        return pending_count(session=session)[0]


def test_bundle_out_and_receipt_back_through_the_berkas_menu(qtbot, enrolled, province, window, tmp_path,
                                                             monkeypatch):
    reports = add_reports(enrolled, 6)
    drive = tmp_path / "flashdisk"
    drive.mkdir()
    titles = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert {"Kirim lewat flashdisk…", "Baca tanda terima…"} <= set(titles)

    offered = _answer_save(monkeypatch, drive / "kirim")  # typed without the extension
    with qtbot.waitSignal(window.model.loaded, timeout=20_000):
        text, _ = _told(qtbot, window.bundle_action)
    bundle = drive / "kirim.pantau-bundle"
    assert re.fullmatch(r"pantau-81\.01-\d{8}-\d{4}\.pantau-bundle", Path(offered[0]).name)
    assert text.startswith(f"Bundel 1 disimpan di {bundle}: 6 revisi laporan, 0 lampiran.")
    assert _states(window) == ["Dikirim lewat flashdisk (bundel 1)"] * 6
    assert _pending(enrolled) == 6  # still waiting until the receipt says so
    detail = window.open_detail(reports[0].id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=10_000)
    assert detail._state.text() == "Dikirim lewat flashdisk (bundel 1)"
    assert "belum diterima provinsi" in detail._revisions.item(0).text()
    detail.close()

    assert province.import_bundle(bundle, drive / "pertama.pantau") == {"accepted": 6}
    province.review(reports[0].id, "Lengkapi kronologi.")
    receipt = drive / "tanda-terima.pantau"
    assert province.import_bundle(bundle, receipt) == {"duplicate": 6}  # the drive read twice: the same answers

    _answer_open(monkeypatch, receipt)
    with qtbot.waitSignal(window.model.loaded, timeout=20_000):
        text, _ = _told(qtbot, window.receipt_action)
    assert text == "Tanda terima bundel 1: 6 laporan diterima provinsi, 0 ditolak, 1 tinjauan baru."
    assert sorted(_states(window)) == ["Perlu perbaikan"] + ["Terkirim"] * 5
    assert _pending(enrolled) == 0

    text, informative = _told(qtbot, window.receipt_action)  # the same receipt again
    assert text == "Tanda terima tidak dibaca."
    assert informative == "Tanda terima bundel 1 sudah pernah dibaca; tidak ada yang berubah."
    assert sorted(_states(window)) == ["Perlu perbaikan"] + ["Terkirim"] * 5


def test_refusals_are_told_in_indonesian_and_change_nothing(qtbot, enrolled, window, tmp_path, monkeypatch):
    add_reports(enrolled, 3)
    _reload(qtbot, window)
    drive = tmp_path / "flashdisk"
    drive.mkdir()
    previous = drive / "kantor.pantau-bundle"
    previous.write_bytes(b"bundel sebelumnya")
    _answer_save(monkeypatch, previous)

    def full(_fd: int) -> None:  # the flash drive's answer when it is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fileio.os, "fsync", full)
    text, informative = _told(qtbot, window.bundle_action)
    monkeypatch.undo()
    assert text == "Bundel tidak dibuat."
    assert informative.startswith("Flashdisk penuh: bundel tidak tersimpan dan tidak ada yang berubah.")
    assert previous.read_bytes() == b"bundel sebelumnya"
    assert sorted(p.name for p in drive.iterdir()) == ["kantor.pantau-bundle"]
    assert _states(window) == ["Menunggu dikirim"] * 3

    not_a_receipt = drive / "foto.pantau"
    not_a_receipt.write_bytes(b"\xff\xd8\xff\xe0 bukan tanda terima")
    _answer_open(monkeypatch, not_a_receipt)
    text, informative = _told(qtbot, window.receipt_action)
    assert (text, informative) == ("Tanda terima tidak dibaca.", "Berkas ini bukan tanda terima Pantau.")
    assert _pending(enrolled) == 3


def test_a_pc_not_enrolled_is_told_to_enrol_first(qtbot, store, window, tmp_path, monkeypatch):
    add_reports(store, 1)
    _answer_save(monkeypatch, tmp_path / "kantor.pantau-bundle")
    text, informative = _told(qtbot, window.bundle_action)
    assert (text, informative) == ("Bundel tidak dibuat.", "Komputer ini belum terdaftar dengan kunci provinsi. "
                                   "Daftarkan dulu.")
    assert not (tmp_path / "kantor.pantau-bundle").exists()


def test_the_settings_dialog_enrols_from_a_slip_with_no_network(qtbot, ctx, store, province, tmp_path, monkeypatch):
    from desktop.settings_dialog import SettingsDialog
    from sync.store.settings import get_device_id, get_server_url

    slip = province.slip(tmp_path / "pendaftaran.pantau-slip")
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.slip_button.isEnabled, timeout=10_000)
    tampered = tmp_path / "diubah.pantau-slip"
    tampered.write_bytes(slip.read_bytes()[:-1] + b"!")
    _answer_open(monkeypatch, tampered)
    dialog.slip_button.click()
    qtbot.waitUntil(lambda: "rusak" in dialog.message.text(), timeout=10_000)
    assert dialog.message.text() == "Berkas pendaftaran ini rusak atau telah diubah. Minta berkas baru ke provinsi."

    _answer_open(monkeypatch, slip)
    dialog.slip_button.click()
    qtbot.waitUntil(lambda: "berhasil" in dialog.message.text(), timeout=10_000)
    assert dialog.server_url.text() == "https://pantau.test"
    with store.session() as session:
        assert get_device_id(session=session) is not None
        assert get_server_url(session=session) == "https://pantau.test"
    dialog.slip_button.click()  # the same slip again
    qtbot.waitUntil(lambda: "sudah pernah dipakai" in dialog.message.text(), timeout=10_000)
