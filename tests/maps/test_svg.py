"""The SVG map: one linked, shaded shape per kecamatan, borders, points, legend, light enough."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET

from sync.maps import render_svg, tally
from sync.maps.svg import LAND, LEVEL_COLOURS, SHADES, classes

NS = {"svg": "http://www.w3.org/2000/svg"}
AMAHAI = "81.01.01"


def _shapes(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {p.get("data-kode"): p for p in root.iterfind(".//svg:path[@data-kode]", NS)}


def test_every_kecamatan_is_shaded_by_its_count_with_its_numbers_on_hover() -> None:
    rows = [(code, "waspada", n + 1) for n, code in enumerate(sorted(_shapes(render_svg(tally(by_kecamatan=[])))))]
    svg = render_svg(tally(by_kecamatan=[*rows, (AMAHAI, "awas", 2)]),
                     link=lambda code: f"/laporan?kecamatan={code}&bentuk=deteksi_dini")  # fmt: skip
    shapes = _shapes(svg)
    assert len(shapes) == 119
    assert all(p.get("fill") in SHADES for p in shapes.values())
    amahai = shapes[AMAHAI]
    assert amahai.get("data-jumlah") == "3"
    assert amahai.find("svg:title", NS).text == (
        "Amahai (Kabupaten Maluku Tengah): 3 laporan — awas 2, waspada 1"
    )
    assert shapes["81.72.04"].get("fill") == SHADES[-1]  # the highest count, darkest
    links = ET.fromstring(svg).findall(".//svg:a", NS)
    assert len(links) == 119
    assert links[0].get("href") == "/laporan?kecamatan=81.01.01&bentuk=deteksi_dini"
    assert "&amp;bentuk" in svg  # the link is escaped in the markup
    assert ET.fromstring(svg).find(".//svg:g[@class='kabupaten']", NS) is not None


def test_points_are_coloured_by_their_worst_level_and_merged_when_close() -> None:
    svg = render_svg(tally(by_kecamatan=[], coordinates=[
        (-3.6954, 128.1814, "waspada", 2), (-3.6955, 128.1815, "awas", 1), (-5.63, 132.74, "normal", 1),
    ]))  # fmt: skip
    circles = ET.fromstring(svg).findall(".//svg:g[@class='titik']/svg:circle", NS)
    assert [(c.get("data-tingkat"), c.get("fill")) for c in circles] == [
        ("normal", LEVEL_COLOURS["normal"]), ("awas", LEVEL_COLOURS["awas"]),
    ]  # fmt: skip
    assert circles[1].find("svg:title", NS).text == "3 titik laporan: awas 1, waspada 2"


def test_nothing_to_show_still_draws_the_map_and_the_odd_line() -> None:
    svg = render_svg(tally(by_kecamatan=[(None, "awas", 1), ("<script>", "awas", 1)],
                           coordinates=[(128.18, -3.69, "awas", 1)]))  # fmt: skip
    shapes = _shapes(svg)
    assert len(shapes) == 119 and {p.get("fill") for p in shapes.values()} == {LAND}
    text = " ".join(t.text for t in ET.fromstring(svg).iterfind(".//svg:text[@class='di-luar-peta']", NS))
    assert "2 laporan tanpa kecamatan" in text and "1 koordinat tertukar" in text
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_a_regency_map_shades_only_its_kecamatan_and_writes_the_counts() -> None:
    svg = render_svg(tally(area="81.71", by_kecamatan=[("81.71.02", "siaga", 4)]), width=700, numbers=True)
    assert sorted(_shapes(svg)) == ["81.71.01", "81.71.02", "81.71.03", "81.71.04", "81.71.05"]
    numbers = ET.fromstring(svg).findall(".//svg:g[@class='angka']/svg:g/svg:text", NS)
    assert [t.text for t in numbers] == ["4", "4"]  # outline and ink


def test_the_province_map_is_light_over_the_wire() -> None:
    rows = [(code, "awas", 1000) for code in _shapes(render_svg(tally(by_kecamatan=[])))]
    many = [(-3.0 - i / 100, 126.0 + i / 50, "siaga", 1) for i in range(400)]
    svg = render_svg(tally(by_kecamatan=rows, coordinates=many), link=lambda c: f"/laporan?kecamatan={c}")
    assert len(gzip.compress(svg.encode())) < 80_000
    small = render_svg(tally(by_kecamatan=rows), width=420)
    assert len(small) < len(svg)
    assert re.search(r'viewBox="0 0 420 \d+"', small)


def test_shade_classes_cover_every_count() -> None:
    assert classes(0) == []
    assert classes(3) == [(1, 1), (2, 2), (3, 3)]
    for highest in (6, 17, 100, 12345):
        ranges = classes(highest)
        assert ranges[0][0] == 1 and ranges[-1][1] == highest and len(ranges) <= len(SHADES)
        assert all(b[0] == a[1] + 1 for a, b in zip(ranges, ranges[1:], strict=False))
