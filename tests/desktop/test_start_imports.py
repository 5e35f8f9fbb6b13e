"""The desktop's start loads no library that only an export, a recap, a map or a bundle needs."""

from __future__ import annotations

from tests.support.imports import loaded_after

HEAVY = ("openpyxl", "numpy", "shapely", "fpdf", "sync.bundle.office")


def test_importing_the_main_window_loads_no_spreadsheet_geometry_or_bundle_code() -> None:
    assert loaded_after("desktop.app, desktop.main_window", HEAVY) == []
