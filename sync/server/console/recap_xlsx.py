"""The provincial recap as XLSX (openpyxl): the same tables as the PDF, one sheet, text as text."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from sync.cells import xlsx_cell

from .recap_data import AGENCY, GOVERNMENT, Recap, long_date, sections


def render(recap: Recap) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Rekap")
    bold = Font(bold=True)

    def line(*values: object, strong: bool = False) -> None:
        cells = [xlsx_cell(sheet, value) for value in values]
        if strong:
            for cell in cells:
                cell.font = bold
        sheet.append(cells)

    line(GOVERNMENT, strong=True)
    line(AGENCY, strong=True)
    line(f"Rekapitulasi laporan — periode {recap.title} ({long_date(recap.first)} – {long_date(recap.last)})")
    for title, header, rows in sections(recap):
        line()
        line(title, strong=True)
        line(*header, strong=True)
        for row in rows:
            line(*row)
    line()
    line("Kantor yang tidak mengirim laporan", strong=True)
    for code in recap.silent:
        line(recap.labels.offices[code])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
