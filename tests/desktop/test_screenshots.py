"""The main screens rendered offscreen; `PANTAU_SCREENSHOTS=docs/screenshots pytest -k screenshots` saves them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from desktop.app import install_translations, load_context
from desktop.first_run import FirstRunDialog
from desktop.main_window import MainWindow
from desktop.settings_dialog import SettingsDialog
from sync.client.progress import CONNECTED
from sync.store.outbox import log_sync
from sync.store.reports import create_draft
from tests.support.qt import wait_loaded
from tests.support.reports import add_reports, deliver, reject, review
from tests.support.reports import numbered_education as education


@pytest.fixture
def shots(tmp_path: Path, qapp) -> Iterator[Path]:
    translators = install_translations(qapp, "id")  # Qt's own buttons in Indonesian, as in the app
    yield Path(os.environ.get("PANTAU_SCREENSHOTS") or tmp_path)
    for translator in translators:
        QApplication.removeTranslator(translator)


def _save(widget, folder: Path, name: str) -> Path:
    path = folder / name
    assert widget.grab().save(str(path))
    image = QImage(str(path))
    assert image.width() > 300 and image.height() > 150
    return path


def test_main_window_screenshot(qtbot, store, ctx, shots):
    reports = add_reports(store, 60)
    for report in reports[:30]:
        deliver(store, report)
    review(store, reports[30], "verified", "")
    review(store, reports[31], "needs_revision", "Lengkapi jumlah peserta perempuan.")
    reject(store, reports[33], "Kecamatan tidak berada di kabupaten ini.")
    with store.session() as session:
        create_draft(session=session, form_id="pendidikan_politik", data=education(5))
        now = datetime.now(UTC)
        log_sync(session=session, started_at=now, finished_at=now, outcome="success", items_sent=30,
                 items_delivered=30, items_rejected=0, bytes_up=20_000, bytes_down=4_000)
    window = MainWindow(ctx, start_sync=False)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    wait_loaded(qtbot, window.model)
    window.refresh_status()
    qtbot.waitUntil(lambda: window.status.last_sync.text().startswith("Terakhir"), timeout=5000)
    window.status.show_connection(CONNECTED)
    window.status.show_progress(12, 27)
    window.select_row(2)
    qtbot.wait(200)
    _save(window, shots, "main_window.png")


def test_dialog_screenshots(qtbot, blank_store, shots):
    ctx = load_context(blank_store, "id")
    first = FirstRunDialog(ctx)
    qtbot.addWidget(first)
    first.show()
    first.office_combo.setCurrentIndex(first.office_combo.findData("81.07"))
    qtbot.wait(50)
    _save(first, shots, "first_run.png")

    settings = SettingsDialog(ctx)
    qtbot.addWidget(settings)
    settings.show()
    qtbot.waitUntil(settings.server_url.isEnabled, timeout=5000)
    settings.server_url.setText("https://pantau.malukuprov.go.id")
    qtbot.wait(50)
    _save(settings, shots, "settings.png")


def test_editor_at_1024_by_600_screenshot(qtbot, ctx, shots):
    from desktop.report_editor import ReportEditor

    editor = ReportEditor(ctx, form_id="pendidikan_politik")
    qtbot.addWidget(editor)
    editor.resize(1008, 560)  # what a 1024×600 screen leaves for the window (tested in test_main_window)
    editor.show()
    qtbot.waitUntil(lambda: editor.form_widget is not None, timeout=5000)
    widget = editor.form_widget
    widget.editor("tanggal").focus_widgets()[0].setText("20/11/2023")
    widget.editor("tanggal_selesai").focus_widgets()[0].setText("19/11/2023")  # ends before it starts
    widget.editor("anggaran").focus_widgets()[0].setText("7.500.000,00")
    widget.check(show_all=False)
    qtbot.wait(100)
    _save(editor, shots, "editor.png")


def test_printout_with_letterhead_and_classification_screenshot(ctx, shots, tmp_path):
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtPdf import QPdfDocument

    from desktop.printing import print_report_pdf
    from sync.store.settings import OfficePapers, set_office_papers
    from tests.support.qt import EARLY_WARNING, submitted_report

    emblem = QImage(200, 240, QImage.Format.Format_ARGB32)
    emblem.fill(QColor("#00000000"))
    painter = QPainter(emblem)
    painter.setBrush(QColor("#1f618d"))
    painter.drawEllipse(10, 10, 180, 220)
    painter.end()
    emblem.save(str(tmp_path / "lambang.png"))
    with ctx.store.session() as session:
        set_office_papers(session=session, papers=OfficePapers(
            address="Jl. Abdullah Soulissa No. 1, Masohi", postal_code="97511", phone="(0914) 21234",
            email="kesbangpol@malukutengahkab.go.id", emblem=str(tmp_path / "lambang.png"),
            signatory_name="Drs. Yohanis Latuheru, M.Si", signatory_position="Kepala Badan",
            signatory_nip="196805121994031007"))
    report = submitted_report(ctx, dict(EARLY_WARNING))
    pdf = print_report_pdf(ctx, report.id, tmp_path / "laporan.pdf")
    document = QPdfDocument()
    document.load(str(pdf))
    page = document.render(0, QSize(827, 1169))  # A4 at 100 dpi
    document.close()
    white = QImage(page.size(), QImage.Format.Format_RGB32)
    white.fill(QColor("white"))
    painter = QPainter(white)
    painter.drawImage(0, 0, page)
    painter.end()
    assert white.save(str(shots / "report_pdf_page1.png"))
