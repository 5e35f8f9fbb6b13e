"""The provincial recap as PDF on the province's letterhead (fpdf2, no Qt), with a signature block."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fpdf import FPDF

from sync.forms.display import number
from sync.maps import MapTally

from .map_pdf import add_map_page
from .recap_data import AGENCY, GOVERNMENT, Recap, long_date, sections

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
    """A ruled table drawn cell by cell (fpdf2's table() lays out every cell's text: too slow here)."""
    size = 7 if len(header) > 8 else 8
    line = 4.6
    first = 48
    rest = (pdf.epw - first) / max(len(header) - 1, 1)
    widths = [first, *([rest] * (len(header) - 1))]
    pdf.set_font(FONT, "B", size)
    head_lines = max(len(pdf.multi_cell(w - 1, line, text, dry_run=True, output="LINES")) for w, text in zip(widths, header, strict=True))
    if pdf.will_page_break(7 + line * (head_lines + len(rows))):
        pdf.add_page()
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", size)
    pdf.set_fill_color(230, 233, 236)
    top, x = pdf.get_y(), pdf.l_margin
    for width, text in zip(widths, header, strict=True):
        pdf.rect(x, top, width, line * head_lines, style="DF")
        pdf.set_xy(x, top)
        pdf.multi_cell(width, line, text, align="C", max_line_height=line)
        x += width
    pdf.set_xy(pdf.l_margin, top + line * head_lines)
    pdf.set_font(FONT, size=size)
    for index, values in enumerate(rows):
        if index == len(rows) - 1 and values and values[0] == "Jumlah":
            pdf.set_font(FONT, "B", size)
        for column, (width, value) in enumerate(zip(widths, values, strict=True)):
            pdf.cell(width, line, _cell(value), border=1, align="L" if column == 0 else "R")
        pdf.ln(line)
    pdf.set_font(FONT, size=size)
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
