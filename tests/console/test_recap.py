"""Rekap provinsi: the figures, the PDF on the letterhead and the XLSX, bad periods."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from tests.console.conftest import Console
from tests.support.reports import sample_education, sample_meeting, sample_reserve, sample_warning


def fill(console: Console) -> None:
    console.push("81.71", data=sample_warning("81.71", urgent=True, kronologi="=CMD|' /C calc'!A0"))
    console.push("81.71", data=sample_warning("81.71", kategori="politik_uang"))
    console.push("81.01", form_id="pendidikan_politik", data=sample_education(male=30, female=25, targets=("pemilih_pemula", "perempuan")))
    console.push("81.01", form_id="koordinasi_forkopimda", data=sample_meeting())
    console.push("81.02", form_id="dana_cadangan", data=sample_reserve(amount=7_500_000_000))
    console.push("81.02", data=sample_warning("81.02", day="2024-03-02"))  # another month


def test_recap_page_figures(console: Console) -> None:
    fill(console)
    page = console.sign_in("kepala", "viewer").get("/rekap?bulan=2024-02")
    assert page.status_code == 200 and "Februari 2024" in page.text
    text = re.sub(r"\s+", " ", page.text)
    ambon = re.search(r'Kota Ambon</th>((?:<td>\d+</td>)+)</tr>', text)[1]  # first table: per form
    assert ambon.endswith("<td>2</td>")  # two reports in Ambon in February
    assert "Kabupaten Kepulauan Aru" in text.split("tidak mengirim laporan")[-1]
    assert "<td>2024</td><td>Dana dicadangkan di kas daerah</td><td>7.500.000.000</td>" in text


def test_recap_pdf_and_xlsx(console: Console) -> None:
    fill(console)
    browser = console.sign_in("kepala2", "viewer")
    pdf = browser.get("/rekap?bulan=2024-02&format=pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and "attachment" in pdf.headers["content-disposition"]
    from pypdf import PdfReader

    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "PEMERINTAH PROVINSI MALUKU" in words and "BADAN KESATUAN BANGSA DAN POLITIK" in words
    assert "Ambon," in words and "NIP." in words and "Februari 2024" in words
    book = browser.get("/rekap?bulan=2024-02&format=xlsx")
    sheet = load_workbook(io.BytesIO(book.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "PEMERINTAH PROVINSI MALUKU" in values and 7_500_000_000 in values
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_bad_periods_are_422(console: Console) -> None:
    browser = console.sign_in("kepala3", "viewer")
    for url, words in (
        ("/rekap?bulan=2999-01&format=pdf", "belum terjadi"),
        ("/rekap?bulan=februari", "TTTT-BB"),
        ("/rekap?bulan=2024-13", "TTTT-BB"),
        ("/rekap?dari=2024-03-01&sampai=2024-02-01", "setelah"),
        ("/rekap?bulan=2024-02&format=doc", "pdf atau xlsx"),
        ("/rekap?format=pdf", "Pilih bulan"),
    ):
        page = browser.get(url)
        assert page.status_code == 422 and words in page.text, url
