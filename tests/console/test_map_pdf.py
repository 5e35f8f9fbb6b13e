"""The provincial recap's map page drawn by fpdf2: the map as vectors, the busiest kecamatan, the odd line."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from sync.maps import tally
from sync.server.console.map_pdf import TITLE, add_map_page
from tests.desktop.fixtures_forms import pdf_pages

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")  # fonts-dejavu-core, as .ci/run installs


def _document() -> FPDF:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_margins(15, 12, 15)
    pdf.add_font("DejaVu", "", str(DEJAVU / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(DEJAVU / "DejaVuSans-Bold.ttf"))
    return pdf


def test_the_map_page_lists_the_busiest_kecamatan_and_the_odd_line(tmp_path) -> None:
    counts = tally(
        by_kecamatan=[("81.71.02", "awas", 7), ("81.71.02", "siaga", 2), ("81.01.01", "normal", 3),
                      ("81.99.01", "awas", 2), ("<b>Ω</b>", "normal", 1)],
        coordinates=[(-3.69, 128.18, "awas", 1), (128.18, -3.69, "siaga", 1)],
    )  # fmt: skip
    pdf = _document()
    add_map_page(pdf, counts, font="DejaVu", period="Februari 2024")
    out = tmp_path / "peta.pdf"
    out.write_bytes(bytes(pdf.output()))
    (page,) = pdf_pages(out)
    assert TITLE in page and "Periode Februari 2024 — 12 peringatan dini di peta" in page
    assert page.index("Sirimau (Kota Ambon) awas 7, siaga 2 9") < page.index("Amahai (Kab. Maluku Tengah)")
    assert "Tanpa lokasi/di luar peta: 3 laporan tanpa kecamatan di peta ini (81.99.01: 2, <b>Ω</b>: 1); " \
           "1 koordinat tertukar lintang/bujur." in page  # fmt: skip
    assert "Laporan per kecamatan" in page  # the legend, drawn from the SVG as text
    assert b"/Subtype /Image" not in out.read_bytes()  # vectors, not a picture


def test_an_empty_period_still_draws_the_map(tmp_path) -> None:
    pdf = _document()
    add_map_page(pdf, tally(by_kecamatan=[]), font="DejaVu", period="Januari 2023")
    out = tmp_path / "kosong.pdf"
    out.write_bytes(bytes(pdf.output()))
    (page,) = pdf_pages(out)
    assert "Tidak ada peringatan dini." in page and "Tanpa lokasi/di luar peta: tidak ada." in page
