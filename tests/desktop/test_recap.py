"""The monthly recap on screen, as PDF with letterhead, and as XLSX read back with openpyxl."""

from __future__ import annotations

import openpyxl
import pytest

from desktop.recap_dialog import RecapDialog, month_label, write_recap_pdf, write_recap_xlsx
from sync.regions import Regions
from sync.store import reports
from tests.support.qt import EARLY_WARNING, KECAMATAN, OFFICE, pdf_pages, shown

EDUCATION = {"tanggal": "2024-02-20", "sasaran": ["pemilih_pemula"], "peserta_laki_laki": 14,
             "peserta_perempuan": 23, "platform": "hybrid"}


FUND = {"tanggal_laporan": "2024-02-12", "tahun_anggaran": 2024, "jumlah": 5_000_000_000,
        "akumulasi": 15_000_000_000, "dasar_hukum": "Perda No. 3 Tahun 2022", "status_realisasi": "dicairkan_sebagian",
        "penyaluran": [{"penerima": "kpu", "jumlah": 4_000_000_000, "tanggal": "2024-02-01"},
                       {"penerima": "bawaslu", "jumlah": 1_500_000_000, "tanggal": "2024-02-05"}]}
MEETING = {"tanggal": "2024-02-08", "jenis_rapat": "rapat_koordinasi", "agenda": "Kesiapan pengamanan",
           "unsur_hadir": ["kapolres"], "aspek": ["keamanan"], "kesimpulan": "Patroli ditambah.",
           "tindak_lanjut": [{"tindakan": "Patroli gabungan di pasar", "penanggung_jawab": "Polres",
                              "batas_waktu": "2024-02-13", "status": "selesai"}]}


@pytest.fixture
def february(ctx):
    """February 2024: three early warnings in two kecamatan, one political-education activity."""
    other = Regions.load().kecamatan_of(OFFICE)[1].code
    items = [dict(EARLY_WARNING, tingkat="awas"), dict(EARLY_WARNING, tingkat="siaga"),
             dict(EARLY_WARNING, tingkat="normal", kecamatan=other,
                  waktu_kejadian="2024-02-03T00:00:00+00:00")]
    with ctx.store.session() as session:
        reports.import_reports(session=session, form_id="deteksi_dini", items=items, submit=True)
        reports.import_reports(session=session, form_id="pendidikan_politik", items=[EDUCATION], submit=True)
        reports.import_reports(session=session, form_id="dana_cadangan", items=[FUND], submit=True)
        reports.import_reports(session=session, form_id="koordinasi_forkopimda", items=[MEETING], submit=True)
        reports.create_draft(session=session, form_id="deteksi_dini", data=dict(EARLY_WARNING))  # not counted
    return ctx


def test_recap_xlsx_reads_back(february, tmp_path):
    out = write_recap_xlsx(february, "2024-02", tmp_path / "rekap.xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Laporan per jenis", "Peringatan dini per kecamatan", "Pendidikan politik",
                               "Dana cadangan Pilkada", "Tindak lanjut rapat Forkopimda"]  # cut at a word
    forms, warnings, education, funds, follow_ups = (book[name] for name in book.sheetnames)
    assert "Februari 2024" in forms["A1"].value and "Kabupaten Maluku Tengah" in forms["A1"].value
    by_form = {row[0]: row[1] for row in forms.iter_rows(min_row=3, values_only=True)}
    assert by_form["Laporan Deteksi Dini"] == 3
    assert by_form["Jumlah"] == 6
    assert by_form["Di antaranya mendesak (siaga/awas)"] == 2
    header = [c.value for c in warnings[2]]
    assert header == ["Kecamatan", "Normal", "Waspada", "Siaga", "Awas", "Jumlah"]
    rows = {row[0]: row[1:] for row in warnings.iter_rows(min_row=3, values_only=True)}
    assert rows[Regions.load().name(KECAMATAN)] == (0, 0, 1, 1, 2)
    assert rows["Jumlah"] == (1, 0, 1, 1, 3)
    figures = {row[0]: row[1] for row in education.iter_rows(min_row=3, values_only=True)}
    assert figures == {"Kegiatan": 1, "Peserta laki-laki": 14, "Peserta perempuan": 23, "Jumlah peserta": 37}
    assert list(funds.iter_rows(min_row=3, values_only=True)) == [
        ("12/02/2024", 2024, 5_000_000_000, 15_000_000_000, 5_500_000_000, "Dicairkan sebagian")]
    assert list(follow_ups.iter_rows(min_row=3, values_only=True)) == [
        ("08/02/2024", "Patroli gabungan di pasar", "Polres", "13/02/2024", "Selesai")]


def test_recap_pdf_has_letterhead_and_figures(february, tmp_path):
    out = write_recap_pdf(february, "2024-02", tmp_path / "rekap.pdf")
    assert out.read_bytes().startswith(b"%PDF")
    pages = pdf_pages(out)
    text = " ".join(pages)
    for expected in ("PEMERINTAH KABUPATEN MALUKU TENGAH", "REKAPITULASI LAPORAN BULANAN",
                     "Bulan Februari 2024", "Peringatan dini per kecamatan dan tingkat",
                     "Peserta perempuan 23", "Jumlah peserta 37", f"Halaman 1 dari {len(pages)}",
                     "Dana cadangan Pilkada", "15.000.000.000", "5.500.000.000", "Dicairkan sebagian",
                     "Tindak lanjut rapat Forkopimda", "Patroli gabungan di pasar", "13/02/2024"):
        assert expected in text, expected


def test_recap_dialog_previews_the_chosen_month_and_saves(qtbot, february, tmp_path):
    dialog = RecapDialog(february)
    shown(qtbot, dialog)
    dialog.year.setValue(2024)
    dialog.month.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.recap is not None and dialog.recap.month == "2024-02", timeout=10_000)
    preview = dialog.preview.toPlainText()
    assert "Februari 2024" in preview and "37" in preview
    out = tmp_path / "rekap.xlsx"
    dialog.save("xlsx", out)
    qtbot.waitUntil(lambda: "Disimpan" in dialog.note.text(), timeout=10_000)
    assert openpyxl.load_workbook(out).sheetnames[0] == "Laporan per jenis"


def test_an_empty_month_says_so(qtbot, ctx):
    dialog = RecapDialog(ctx)
    shown(qtbot, dialog)
    dialog.year.setValue(2021)
    qtbot.waitUntil(lambda: dialog.recap is not None and dialog.recap.month.startswith("2021"), timeout=10_000)
    assert "Tidak ada peringatan dini bulan ini." in dialog.preview.toPlainText()
    assert month_label("2021-12") == "Desember 2021"
