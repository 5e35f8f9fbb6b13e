"""The provincial recap as PDF on the province's letterhead (fpdf2, no Qt), with a signature block."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from sync.forms.display import number
from sync.maps import MapTally

from .map_pdf import add_map_page
from .recap_data import Recap, long_date, sections

GOVERNMENT = "PEMERINTAH PROVINSI MALUKU"
AGENCY = "BADAN KESATUAN BANGSA DAN POLITIK"
SEAT = "Ambon"
SIGNATORY = "KEPALA BADAN KESATUAN BANGSA DAN POLITIK PROVINSI MALUKU"
FONT = "DejaVu"
FONTS = Path(__file__).resolve().parent / "fonts"  # shipped: the server may have no fonts installed


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 6, f"Halaman {self.page_no()} dari {{nb}}", align="C")


def _letterhead(pdf: FPDF, address: str) -> None:
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 7, GOVERNMENT, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 13)
    pdf.cell(0, 7, AGENCY, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    pdf.cell(0, 5, address, align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 1.5
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.set_line_width(0.2)
    pdf.line(pdf.l_margin, y + 1.2, pdf.w - pdf.r_margin, y + 1.2)
    pdf.set_y(y + 5)


def _cell(value: Any) -> str:
    """Every value as plain text; numbers grouped the Indonesian way."""
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value)
    return str(value)


def render(recap: Recap, *, address: str, today: date, counts: MapTally | None = None) -> bytes:
    """The recap on A4 landscape; `counts` adds the map of the period's early warnings as an attachment."""
    pdf = _Document(orientation="landscape", format="A4")
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(True, margin=16)
    folder = FONTS
    pdf.add_font(FONT, "", str(folder / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(folder / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"Rekap Provinsi Maluku — {recap.title}")
    pdf.set_author(AGENCY.title())
    pdf.add_page()
    _letterhead(pdf, address)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 7, "REKAPITULASI LAPORAN PEMANTAUAN SITUASI POLITIK", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)
    pdf.cell(0, 6, f"Periode {recap.title} ({long_date(recap.first)} – {long_date(recap.last)})", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for title, header, rows in sections(recap):
        _table(pdf, title, header, rows)
    silent = [recap.labels.offices[c] for c in recap.silent]
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 7, "Kantor yang tidak mengirim laporan dalam periode ini", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    pdf.multi_cell(0, 5, ", ".join(silent) if silent else "Semua kantor mengirim laporan.", new_x="LMARGIN", new_y="NEXT")
    _signature(pdf, today)
    if counts is not None:
        add_map_page(pdf, counts, font=FONT, period=recap.title)
    return bytes(pdf.output())


def _table(pdf: FPDF, title: str, header: list[str], rows: list[list[Any]]) -> None:
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=7 if len(header) > 8 else 8)
    first = 48
    rest = (pdf.epw - first) / max(len(header) - 1, 1)
    with pdf.table(
        col_widths=(first, *([rest] * (len(header) - 1))),
        text_align=("LEFT", *(["RIGHT"] * (len(header) - 1))),
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 233, 236)),
        line_height=4.2,
        markdown=False,
    ) as table:
        head = table.row()
        for text in header:
            head.cell(text, align="CENTER")
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(_cell(value))
    pdf.ln(3)


def _signature(pdf: FPDF, today: date) -> None:
    if pdf.will_page_break(45):
        pdf.add_page()
    x = pdf.w - pdf.r_margin - 95
    pdf.ln(4)
    pdf.set_font(FONT, size=10)
    for line in (f"{SEAT}, {long_date(today)}", SIGNATORY.title().replace("Dan", "dan"), "", "", "", "", "(.................................................)", "NIP. ......................................"):
        pdf.set_x(x)
        pdf.cell(95, 5, line, align="C", new_x="LMARGIN", new_y="NEXT")
