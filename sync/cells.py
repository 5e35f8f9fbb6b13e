"""Text written to CSV and XLSX stays text: nothing a spreadsheet would run as a formula."""

from __future__ import annotations

from typing import Any

# What Excel and LibreOffice read as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_text(value: Any) -> Any:
    """A CSV cell: text that could start a formula gets a leading apostrophe, shown as typed."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """An openpyxl cell (write-only sheets too) holding `value`; text is always a string cell.

    openpyxl turns a string beginning with '=' into a formula; the cell type is set back.
    """
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell
