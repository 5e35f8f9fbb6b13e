"""The provincial recap's map page (fpdf2): the map of the period, its busiest kecamatan, the odd line."""

from __future__ import annotations

import io

from fpdf import FPDF
from fpdf.fonts import FontFace

from sync.forms.display import number
from sync.maps import KecamatanCount, MapTally, render_svg
from sync.maps.svg import levels_text, size_of

from .map_query import PAPER_WIDTH

TITLE = "Lampiran: Peta peringatan dini per kecamatan"
SOURCE = "Batas wilayah: Kepmendagri 300.2.2-2138/2025, data cahyadsn/wilayah_boundaries (MIT)."
TABLE_WIDTH = 78  # mm beside the map, on a landscape page
TOP = 15  # kecamatan listed beside the map


def add_map_page(pdf: FPDF, counts: MapTally, *, font: str, period: str) -> None:
    """A new page: the map (vector, drawn by fpdf2 from the SVG), the top kecamatan, the odd line."""
    pdf.add_page()
    pdf.set_font(font, "B", 12)
    pdf.cell(0, 7, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, size=10)
    pdf.cell(0, 6, f"Periode {period} — {number(counts.placed)} peringatan dini di peta", align="C",
             new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    top = pdf.get_y() + 2
    svg = render_svg(counts, width=PAPER_WIDTH, hover=False, note=False, title=TITLE)
    ratio = size_of(svg)[1] / size_of(svg)[0]
    room = pdf.eph - (top - pdf.t_margin) - 22  # the odd line and the source under the map
    width = min(pdf.epw - TABLE_WIDTH - 6, room / ratio)
    pdf.image(io.BytesIO(svg.encode("utf-8")), x=pdf.l_margin, y=top, w=width, h=width * ratio)
    _busiest(pdf, counts, font=font, x=pdf.l_margin + width + 6, y=top)
    pdf.set_xy(pdf.l_margin, top + width * ratio + 2)
    pdf.set_font(font, size=9)
    pdf.multi_cell(0, 4.5, counts.odd_line(), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, size=7)
    pdf.multi_cell(0, 4, SOURCE, new_x="LMARGIN", new_y="NEXT")


def _busiest(pdf: FPDF, counts: MapTally, *, font: str, x: float, y: float) -> None:
    rows = counts.rows()[:TOP]
    margin = pdf.l_margin
    pdf.set_left_margin(x)  # the table starts at the left margin: move it beside the map for a while
    try:
        _table(pdf, rows, font=font, y=y)
    finally:
        pdf.set_left_margin(margin)


def _table(pdf: FPDF, rows: list[KecamatanCount], *, font: str, y: float) -> None:
    pdf.set_xy(pdf.l_margin, y)
    pdf.set_font(font, "B", 9)
    pdf.cell(TABLE_WIDTH, 6, "Kecamatan dengan peringatan dini terbanyak" if rows else "Tidak ada peringatan dini.",
             new_x="LEFT", new_y="NEXT")  # fmt: skip
    if not rows:
        return
    pdf.set_font(font, size=7)
    with pdf.table(
        width=TABLE_WIDTH,
        align="LEFT",
        col_widths=(52, 10),
        text_align=("LEFT", "RIGHT"),
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 233, 236)),
        line_height=3.6,
        markdown=False,
    ) as table:
        head = table.row()
        head.cell("Kecamatan (kabupaten/kota), tingkat")
        head.cell("Jumlah", align="RIGHT")
        for row in rows:
            line = table.row()
            line.cell(f"{row.name} ({row.regency.replace('Kabupaten ', 'Kab. ')})\n{levels_text(row)}")
            line.cell(number(row.total))
