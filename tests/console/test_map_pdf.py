"""The provincial recap's map page drawn by fpdf2: the map as vectors, the busiest kecamatan, the odd line."""

from __future__ import annotations

import io
import re
from pathlib import Path

from fpdf import FPDF
from pypdf import PdfReader

from sync.maps import tally
from sync.server.console.map_pdf import TITLE, add_map_page
from tests.console.conftest import Console
from tests.support.reports import sample_warning as warning

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")  # fonts-dejavu-core, as .ci/run installs


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page, spaces and line breaks made single spaces."""
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


def _document() -> FPDF:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_margins(15, 12, 15)
    pdf.add_font("DejaVu", "", str(DEJAVU / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(DEJAVU / "DejaVuSans-Bold.ttf"))
    return pdf


def test_the_map_page_lists_the_busiest_kecamatan_and_the_odd_line() -> None:
    counts = tally(
        by_kecamatan=[("81.71.02", "awas", 7), ("81.71.02", "siaga", 2), ("81.01.01", "normal", 3),
                      ("81.99.01", "awas", 2), ("<b>Ω</b>", "normal", 1)],
        coordinates=[(-3.69, 128.18, "awas", 1), (128.18, -3.69, "siaga", 1)],
    )  # fmt: skip
    pdf = _document()
    add_map_page(pdf, counts, font="DejaVu", period="Februari 2024")
    content = bytes(pdf.output())
    (page,) = pdf_pages(content)
    assert TITLE in page and "Periode Februari 2024 — 12 peringatan dini di peta" in page
    assert page.index("Sirimau (Kota Ambon) awas 7, siaga 2 9") < page.index("Amahai (Kab. Maluku Tengah)")
    assert "Tanpa lokasi/di luar peta: 3 laporan tanpa kecamatan di peta ini (81.99.01: 2, <b>Ω</b>: 1); " \
           "1 koordinat tertukar lintang/bujur." in page  # fmt: skip
    assert "Laporan per kecamatan" in page  # the legend, drawn from the SVG as text
    assert b"/Subtype /Image" not in content  # vectors, not a picture


def test_an_empty_period_still_draws_the_map() -> None:
    pdf = _document()
    add_map_page(pdf, tally(by_kecamatan=[]), font="DejaVu", period="Januari 2023")
    (page,) = pdf_pages(bytes(pdf.output()))
    assert "Tidak ada peringatan dini." in page and "Tanpa lokasi/di luar peta: tidak ada." in page


def test_the_provincial_recap_ends_with_the_map_of_its_period(console: Console, tmp_path) -> None:
    for day in ("2024-02-03", "2024-02-20"):
        console.push("81.71", data=warning("81.71", day=day, urgent=True))
    console.push("81.71", data=warning("81.71", day="2024-03-02"))  # another month
    response = console.sign_in("kepala", "viewer").get("/rekap?bulan=2024-02&format=pdf")
    assert response.status_code == 200
    pages = pdf_pages(response.content)
    assert TITLE not in " ".join(pages[:-1]) and "NIP." in " ".join(pages[:-1])
    assert "Periode Februari 2024 — 2 peringatan dini di peta" in pages[-1]
    assert "Tanpa lokasi/di luar peta: tidak ada." in pages[-1]
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]
    (tmp_path / "rekap.pdf").write_bytes(response.content)
