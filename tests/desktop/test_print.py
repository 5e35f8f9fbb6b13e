"""A report on paper: an A4 PDF with letterhead, formatted fields, signature block and page numbers."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor, QImage

from desktop.printing import letterhead_for, long_date, print_report_pdf
from desktop.tasks import run_task
from sync.store import attachments, reports
from tests.desktop.fixtures_forms import EARLY_WARNING, pdf_pages, submitted_report


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
