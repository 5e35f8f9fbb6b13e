"""A report on paper: an A4 PDF with letterhead, formatted fields, signature block and page numbers."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from desktop.printing import PrintError, letterhead_for, long_date, print_report_pdf
from desktop.tasks import run_task
from sync import fileio
from sync.store import attachments, reports
from sync.store.settings import OfficePapers, get_office_papers, set_office_papers
from tests.support.qt import EARLY_WARNING, pdf_pages, submitted_report


def test_one_report_on_one_official_page(ctx, tmp_path):
    report = submitted_report(ctx)
    out = print_report_pdf(ctx, report.id, tmp_path / "laporan.pdf")
    assert out.read_bytes().startswith(b"%PDF")
    pages = pdf_pages(out)
    assert len(pages) == 1
    text = pages[0]
    for expected in ("PEMERINTAH KABUPATEN MALUKU TENGAH", "BADAN KESATUAN BANGSA DAN POLITIK",
                     "LAPORAN DETEKSI DINI", "Waktu kejadian", "14/02/2024 10:30 WIT",
                     "Amahai (81.01.01)", "Hoaks / disinformasi", EARLY_WARNING["kronologi"],
                     "Masohi,", "Kepala Badan Kesatuan Bangsa dan Politik", "NIP.", "Halaman 1 dari 1"):
        assert expected in text, expected


def test_long_reports_run_on_with_page_numbers(ctx, tmp_path):
    long_text = "Kronologi yang panjang, disusun oleh tim pemantau di lapangan. " * 150
    report = submitted_report(ctx, dict(EARLY_WARNING, kronologi=long_text))
    pages = pdf_pages(print_report_pdf(ctx, report.id, tmp_path / "panjang.pdf"))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in text
    assert "PEMERINTAH KABUPATEN" in pages[0] and "PEMERINTAH KABUPATEN" not in pages[1]
    assert "NIP." in pages[-1]


def test_photos_are_printed_as_documentation(ctx, tmp_path):
    photo = tmp_path / "lokasi.jpg"
    image = QImage(800, 600, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7ca5"))
    assert image.save(str(photo), "JPG")
    with ctx.store.session() as session:
        draft = reports.create_draft(session=session, form_id="deteksi_dini", data=dict(EARLY_WARNING))
    with ctx.store.session() as session:
        info = attachments.add_attachment(store=ctx.store, session=session, report_id=draft.id,
                                          source=photo, filename="lokasi.jpg", mime="image/jpeg")
    with ctx.store.session() as session:
        reports.save_draft(session=session, report_id=draft.id, data=dict(EARLY_WARNING, foto=[info.sha256]))
        reports.submit_report(session=session, report_id=draft.id)
    out = print_report_pdf(ctx, draft.id, tmp_path / "foto.pdf")
    text = "".join(pdf_pages(out))
    assert text.count("lokasi.jpg") == 2  # listed in the fields and under its photo
    assert b"/Image" in out.read_bytes()


def test_printing_runs_off_the_gui_thread(qtbot, ctx, tmp_path):
    report = submitted_report(ctx)
    done = []
    run_task(lambda: print_report_pdf(ctx, report.id, tmp_path / "bg.pdf"), on_success=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert len(pdf_pages(done[0])) == 1


def test_letterheads_of_regencies_and_cities():
    assert letterhead_for("81.71").government == "PEMERINTAH KOTA AMBON"
    assert letterhead_for("81.07").seat == "Dobo"
    assert long_date(date(2024, 2, 14)) == "14 Februari 2024"


def test_the_printer_path_paints_the_same_pages(ctx, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from desktop.printing import paint_pages, report_document

    report = submitted_report(ctx)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # what QPrintDialog hands back
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    assert paint_pages(report_document(ctx, report.id), printer) == 1
    assert "Halaman 1 dari 1" in pdf_pages(tmp_path / "printer.pdf")[0]


# -- a target that Windows refuses ------------------------------------------------------


@pytest.fixture
def quick_retries(monkeypatch):
    monkeypatch.setattr(fileio, "RETRY_DELAYS", (0.01, 0.01))


def _held_open_by_a_viewer(monkeypatch, target: Path) -> None:
    """Windows' rule for a file another program holds open: it cannot be replaced."""
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == target:
            raise PermissionError(13, "The process cannot access the file because it is being "
                                      "used by another process", str(src), None, str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def test_a_pdf_open_in_a_viewer_is_not_reported_saved(ctx, tmp_path, monkeypatch, quick_retries):
    report = submitted_report(ctx)
    (tmp_path / "keluar").mkdir()
    target = tmp_path / "keluar" / "laporan.pdf"
    target.write_bytes(b"%PDF-1.4 the copy the viewer shows")
    _held_open_by_a_viewer(monkeypatch, target)
    with pytest.raises(PrintError) as refused:
        print_report_pdf(ctx, report.id, target)
    assert "sedang dibuka di program lain" in str(refused.value)
    assert "Tutup berkas itu" in str(refused.value)
    assert target.read_bytes() == b"%PDF-1.4 the copy the viewer shows"  # untouched
    assert sorted(p.name for p in target.parent.iterdir()) == ["laporan.pdf"]  # no temporary file left


def test_a_protected_folder_is_named_with_what_to_do(ctx, tmp_path, monkeypatch):
    report = submitted_report(ctx)
    folder = tmp_path / "Documents"
    folder.mkdir()
    real_mkstemp = tempfile.mkstemp

    def mkstemp(*args, dir=None, **kwargs):  # noqa: A002 - tempfile's own name
        if dir is not None and Path(dir) == folder:  # Controlled Folder Access refuses new files
            raise PermissionError(13, "Access is denied", str(folder / "x.tmp"))
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    with pytest.raises(PrintError) as refused:
        print_report_pdf(ctx, report.id, folder / "laporan.pdf")
    assert f"tidak diizinkan menyimpan di folder {folder}" in str(refused.value)
    assert "Akses folder terkendali" in str(refused.value)
    assert list(folder.iterdir()) == []


def test_a_device_that_cannot_be_painted_is_an_error_not_silence(ctx, tmp_path):
    from PySide6.QtGui import QPdfWriter

    from desktop.printing import paint_pages, report_document

    writer = QPdfWriter(str(tmp_path / "tidak-ada" / "laporan.pdf"))  # its folder does not exist
    with pytest.raises(PrintError, match="tidak dapat dibuka"):
        paint_pages(report_document(ctx, submitted_report(ctx).id), writer)


def test_the_detail_window_says_what_to_do_instead_of_saved(qtbot, ctx, tmp_path, monkeypatch,
                                                            quick_retries):
    from PySide6.QtWidgets import QMessageBox

    from desktop.report_detail import ReportDetailDialog

    report = submitted_report(ctx)
    target = tmp_path / "laporan.pdf"
    target.write_bytes(b"%PDF-1.4 old")
    _held_open_by_a_viewer(monkeypatch, target)
    dialog = ReportDetailDialog(ctx, report.id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.pdf_button.isEnabled, timeout=10_000)
    dialog.write_pdf(target)
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox) is not None, timeout=10_000)
    box = dialog.findChild(QMessageBox)
    assert "sedang dibuka di program lain" in box.informativeText()
    assert "PDF disimpan" not in dialog._note.text()
    box.done(0)


def test_office_papers_classification_mark_and_the_signatory(ctx, tmp_path):
    emblem = tmp_path / "lambang.png"
    image = QImage(200, 240, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0392b"))
    assert image.save(str(emblem), "PNG")
    papers = OfficePapers(address="Jl. Abdullah Soulissa No. 1, Masohi", postal_code="97511",
                          phone="(0914) 21234", email="kesbangpol@malukutengahkab.go.id",
                          emblem=str(emblem), signatory_name="Drs. Yohanis Latuheru, M.Si",
                          signatory_position="Kepala Badan", signatory_nip="196805121994031007")
    with ctx.store.session() as session:
        set_office_papers(session=session, papers=papers)
    long_text = "Kronologi yang panjang, disusun oleh tim pemantau di lapangan. " * 150
    report = submitted_report(ctx, dict(EARLY_WARNING, kronologi=long_text))
    out = print_report_pdf(ctx, report.id, tmp_path / "resmi.pdf")
    pages = pdf_pages(out)
    assert len(pages) >= 2
    for text in pages:  # deteksi_dini v2 is TERBATAS: at the head and at the foot of every page
        assert text.count("TERBATAS") == 2, text[-80:]
    first = pages[0]
    for expected in ("Jl. Abdullah Soulissa No. 1, Masohi", "Kode Pos 97511", "Telp. (0914) 21234",
                     "Pos-el kesbangpol@malukutengahkab.go.id"):
        assert expected in first, expected
    assert "Drs. Yohanis Latuheru, M.Si" in pages[-1] and "NIP. 196805121994031007" in pages[-1]
    assert "Kepala Badan," in pages[-1]
    assert b"/Image" in out.read_bytes()  # the emblem
    with ctx.store.session() as session:
        assert get_office_papers(session=session) == papers


def test_the_signature_is_never_alone_or_cut_after_photos(ctx, tmp_path):
    for count in (1, 2, 3, 4):
        shas = []
        with ctx.store.session() as session:
            draft = reports.create_draft(session=session, form_id="deteksi_dini", data=dict(EARLY_WARNING))
        for number in range(count):
            photo = tmp_path / f"foto{count}_{number}.jpg"
            image = QImage(800, 600, QImage.Format.Format_RGB32)
            image.fill(QColor(40 * number, 120, 160))
            assert image.save(str(photo), "JPG")
            with ctx.store.session() as session:
                shas.append(attachments.add_attachment(store=ctx.store, session=session, report_id=draft.id,
                                                       source=photo, mime="image/jpeg").sha256)
        with ctx.store.session() as session:
            reports.save_draft(session=session, report_id=draft.id, data=dict(EARLY_WARNING, foto=shas))
            reports.submit_report(session=session, report_id=draft.id)
        pages = pdf_pages(print_report_pdf(ctx, draft.id, tmp_path / f"foto{count}.pdf"))
        signed = next(text for text in pages if "NIP." in text)
        assert "Masohi," in signed, count  # the block is whole
        assert ".jpg" in signed, count  # and a row of photos came with it
