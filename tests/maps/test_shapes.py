"""Boundaries: the bundled 2025 shapes, their codes, and simplification for the screen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import shapely

from sync.maps import shapes
from sync.maps.frame import Frame
from sync.regions import read_edition

ROOT = Path(__file__).resolve().parents[2]


def test_every_kecamatan_and_regency_of_2025_has_a_shape() -> None:
    edition = read_edition("2025")
    assert shapes.codes(shapes.KECAMATAN) == {r.code for r in edition if r.level == "kecamatan"}
    assert shapes.codes(shapes.REGENCY) == {r.code for r in edition if r.level == "kabupaten_kota"}
    assert len(shapes.areas(shapes.KECAMATAN)) == 119
    assert all(a.geometry.is_valid and not a.geometry.is_empty for a in shapes.areas(shapes.KECAMATAN))


def test_simplified_for_the_screen_keeps_every_kecamatan_with_fewer_points() -> None:
    frame = Frame.of(width=960)
    full = shapes.areas(shapes.KECAMATAN)
    simple = shapes.simplified(shapes.KECAMATAN, frame.tolerance)
    assert [a.code for a in simple] == [a.code for a in full]
    assert all(not a.geometry.is_empty for a in simple)
    before = sum(shapely.get_num_coordinates(a.geometry) for a in full)
    after = sum(shapely.get_num_coordinates(a.geometry) for a in simple)
    assert after < before / 2
    # still the same places: each simplified kecamatan lies over its original
    for old, new in zip(full, simple, strict=True):
        assert new.geometry.intersection(old.geometry).area > 0.8 * new.geometry.area
    assert shapes.simplified(shapes.KECAMATAN, frame.tolerance) is simple  # computed once


def test_bounds_of_the_province_and_of_a_regency() -> None:
    west, south, east, north = shapes.bounds()
    assert 125 < west < 126 and 134 < east < 135 and -9 < south < -8 and -3 < north < -2
    ambon = shapes.bounds("81.71")
    assert west < ambon[0] < ambon[2] < east and ambon[2] - ambon[0] < 0.5
    tengah = shapes.bounds("81.01")  # without Amahai's islets 2.4° further south
    assert -4.7 < tengah[1] < -4.5 and tengah[3] > -2.8
    assert shapes.bounds("81.72")[3] > -5.2  # Kota Tual keeps its northern islands
    with pytest.raises(ValueError, match="no boundaries"):
        shapes.bounds("81.99")
    with pytest.raises(ValueError, match="unknown boundary level"):
        shapes.areas("desa")


def test_frame_projects_the_province_inside_its_pixels() -> None:
    frame = Frame.of(width=800)
    assert 450 < frame.height < 560  # Maluku is wider than tall
    for area in shapes.areas(shapes.KECAMATAN):
        x, y = frame.xy(area.geometry.centroid.y, area.geometry.centroid.x)
        assert 0 < x < 800 and 0 < y < frame.height
    north_west = frame.xy(frame.north, frame.west)
    assert north_west == (0.0, 0.0)


def test_sync_maps_imports_no_qt_and_no_database() -> None:
    code = (
        "import sys, sync.maps\n"
        "sync.maps.render_svg(sync.maps.tally(by_kecamatan=[]))\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'PySide6', 'sqlalchemy', 'sqlmodel', 'desktop'})))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                            timeout=120, check=True)  # fmt: skip
    assert result.stdout.strip() == ""
