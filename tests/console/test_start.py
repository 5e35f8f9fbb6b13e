"""The server starts without the libraries only a recap, an export, a photo or a map needs."""

from __future__ import annotations

from tests.support.imports import loaded_after

HEAVY = ("fpdf", "openpyxl", "shapely", "numpy", "PIL")


def test_importing_the_server_loads_no_pdf_spreadsheet_image_or_geometry_library() -> None:
    assert loaded_after("sync.server.app, sync.server.cli", HEAVY) == []
