"""Counting reports onto the map: 2023 codes, desa codes, odd codes and odd coordinates."""

from __future__ import annotations

from sync.maps import shape_code, tally

AMAHAI = "81.01.01"
UKAR_SENGAN = "81.05.16"  # new in 2025
SIRIMAU = "81.71.02"


def test_codes_of_both_editions_land_on_the_2025_shapes() -> None:
    assert shape_code(AMAHAI) == AMAHAI
    assert shape_code("81.08.01") == "81.08.01"  # renamed in 2025, same code
    assert shape_code(UKAR_SENGAN) == UKAR_SENGAN
    assert shape_code("81.01.01.2001") == AMAHAI  # a desa lands on its kecamatan
    for odd in (None, "", "81", "81.01", "81.99.01", "8101010", "81.01.01.9999", "<b>"):
        assert shape_code(odd) is None, odd


def test_every_report_is_counted_once_on_a_shape_or_in_the_odd_line() -> None:
    rows = [
        (AMAHAI, "awas", 2), (AMAHAI, "normal", 3), (SIRIMAU, "siaga", 1), (UKAR_SENGAN, "waspada", 4),
        ("81.01.01.2001", "awas", 1), (None, "awas", 5), ("81.99.01", "normal", 2), ("8101010", None, 1),
    ]  # fmt: skip
    result = tally(by_kecamatan=rows)
    assert len(result.kecamatan) == 119
    assert result.count(AMAHAI) == 6
    assert result.kecamatan[AMAHAI].by_level == {"awas": 3, "normal": 3}
    assert result.kecamatan[AMAHAI].regency == "Kabupaten Maluku Tengah"
    assert result.count(UKAR_SENGAN) == 4 and result.count(SIRIMAU) == 1
    assert result.unplaced == {"": 5, "81.99.01": 2, "8101010": 1}
    assert result.total == sum(count for *_, count in rows) == 19
    assert [k.code for k in result.rows()] == [AMAHAI, UKAR_SENGAN, SIRIMAU]
    line = result.odd_line()
    assert line.startswith("Tanpa lokasi/di luar peta: 8 laporan tanpa kecamatan")
    assert "tanpa kode: 5" in line and "81.99.01: 2" in line


def test_a_regency_map_keeps_only_its_own_kecamatan() -> None:
    result = tally(area="81.71", by_kecamatan=[(SIRIMAU, "awas", 1), (AMAHAI, "awas", 2)])
    assert set(result.kecamatan) == {"81.71.01", "81.71.02", "81.71.03", "81.71.04", "81.71.05"}
    assert result.count(SIRIMAU) == 1
    assert result.unplaced == {AMAHAI: 2}  # another regency's report is not on this map, but is counted


def test_coordinates_inside_outside_swapped_and_unreadable() -> None:
    result = tally(
        by_kecamatan=[],
        coordinates=[
            (-3.6954, 128.1814, "awas", 2),  # Ambon
            (128.1814, -3.6954, "siaga", 1),  # lng, lat
            (-6.2, 106.8, "normal", 1),  # Jakarta
            ("-3.7", "128.2", "waspada", 1),  # numbers as text still place
            ("utara", 128.2, "normal", 1),
            (float("nan"), 128.2, "normal", 1),
            (None, 128.2, "normal", 1),
            (None, None, "awas", 7),  # no coordinates given: nothing odd about that
        ],
    )
    assert [(p.lat, p.lon, p.level, p.count) for p in result.points] == [
        (-3.6954, 128.1814, "awas", 2), (-3.7, 128.2, "waspada", 1),
    ]  # fmt: skip
    assert result.swapped == 1
    assert result.outside == 4
    assert result.odd_line() == (
        "Tanpa lokasi/di luar peta: 4 koordinat di luar peta; 1 koordinat tertukar lintang/bujur."
    )


def test_an_empty_period_is_a_map_with_nothing_odd() -> None:
    result = tally(by_kecamatan=[], coordinates=[])
    assert result.total == 0 and result.rows() == [] and result.points == []
    assert result.odd_line() == "Tanpa lokasi/di luar peta: tidak ada."
