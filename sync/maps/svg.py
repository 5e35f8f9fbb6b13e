"""The map as SVG: kecamatan shaded by count, regency borders over them, points, legend."""

from __future__ import annotations

import functools
import math
import re
import textwrap
from collections.abc import Callable
from html import escape

from sync.maps import shapes
from sync.maps.frame import Frame
from sync.maps.tally import ALERT_LEVELS, NO_LEVEL, KecamatanCount, MapPoint, MapTally

SEA = "#e6f0f7"
LAND = "#f7f7f4"  # a kecamatan of the area without reports
CONTEXT_LAND = "#dedede"  # land outside the area, drawn for orientation only
SHADES = ("#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f")  # purples: the points stay readable
# as the console's trend chart, so that a level has one colour everywhere
LEVEL_COLOURS = {"normal": "#7f8c8d", "waspada": "#e0a800", "siaga": "#e67e22", "awas": "#c0392b",
                 NO_LEVEL: "#34495e"}  # fmt: skip
LEVEL_LABELS = {"normal": "Normal", "waspada": "Waspada", "siaga": "Siaga", "awas": "Awas",
                NO_LEVEL: "Tanpa tingkat"}  # fmt: skip
SEVERITY = {level: rank for rank, level in enumerate((NO_LEVEL, *ALERT_LEVELS))}


def classes(highest: int) -> list[tuple[int, int]]:
    """Count ranges (inclusive) for the shades: one per count up to 5, else geometric steps."""
    if highest <= len(SHADES):
        return [(n, n) for n in range(1, highest + 1)]
    uppers = [math.ceil(highest ** (step / len(SHADES))) for step in range(1, len(SHADES) + 1)]
    ranges, low = [], 1
    for high in uppers:
        if high >= low:
            ranges.append((low, high))
            low = high + 1
    return ranges


def _shade_of(ranges: list[tuple[int, int]]) -> Callable[[int], str]:
    """Count → fill colour; with fewer ranges than shades the shades are spread out evenly."""
    spread = [SHADES[round(i * (len(SHADES) - 1) / max(len(ranges) - 1, 1))] for i in range(len(ranges))]
    if len(ranges) == 1:
        spread = [SHADES[2]]

    def shade(count: int) -> str:
        for (low, high), colour in zip(ranges, spread, strict=True):
            if low <= count <= high:
                return colour
        return LAND

    return shade


def span(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}-{high}"  # ASCII: fpdf2's core fonts draw the text too


def levels_text(count: KecamatanCount | MapPoint | dict[str, int]) -> str:
    """'awas 1, siaga 2' in decreasing severity."""
    by_level = count if isinstance(count, dict) else count.by_level  # type: ignore[union-attr]
    order = (*reversed(ALERT_LEVELS), NO_LEVEL)
    return ", ".join(f"{LEVEL_LABELS[level].lower()} {by_level[level]}" for level in order if by_level.get(level))


@functools.lru_cache(maxsize=32)
def _paths(level: str, frame: Frame) -> tuple[tuple[str, str], ...]:
    """(code, path data) of the simplified areas of `level` that show in `frame`, once per frame."""
    import shapely  # with the first map, not with the program that may never draw one

    box = shapely.box(frame.west, frame.south, frame.east, frame.north)
    return tuple(
        (area.code, frame.path(area.geometry))
        for area in shapes.simplified(level, frame.tolerance)
        if area.geometry.intersects(box)
    )


@functools.lru_cache(maxsize=32)
def _anchors(frame: Frame) -> dict[str, tuple[float, float]]:
    """Where a kecamatan's number goes: a point inside its largest island."""
    anchors = {}
    for area in shapes.areas(shapes.KECAMATAN):
        largest = max(area.geometry.geoms, key=lambda p: p.area)
        point = largest.representative_point()
        anchors[area.code] = frame.xy(point.y, point.x)
    return anchors


def _point_cells(points: list[MapPoint], frame: Frame) -> list[tuple[float, float, dict[str, int]]]:
    cells: dict[tuple[int, int], tuple[float, float, dict[str, int]]] = {}
    for point in points:
        cell = cells.setdefault(frame.cell(point.lat, point.lon), (*frame.xy(point.lat, point.lon), {}))
        cell[2][point.level] = cell[2].get(point.level, 0) + point.count
    return sorted(cells.values(), key=lambda c: max(SEVERITY[level] for level in c[2]))


def size_of(svg: str) -> tuple[int, int]:
    """(width, height) of a map made by `render_svg`."""
    found = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    if found is None:
        raise ValueError("not a map made by render_svg")
    return int(found[1]), int(found[2])


def render_svg(
    tally: MapTally,
    *,
    width: int = 960,
    title: str = "Peta peringatan dini",
    link: Callable[[str], str] | None = None,
    numbers: bool = False,
    legend: bool = True,
    note: bool = True,
    hover: bool = True,
) -> str:
    """The map of `tally.area` as a standalone SVG document.

    Each kecamatan is a `<path data-kode="81.xx.yy" data-jumlah="n">` with a `<title>` giving its
    numbers (the hover text), wrapped in a link to `link(code)` when given. `numbers` writes the
    counts on the shapes (for paper, where nothing hovers). `note=False` leaves the
    "tanpa lokasi/di luar peta" line out of the legend, for a page that prints it as text;
    `hover=False` leaves out the titles and links, which paper cannot use.
    """
    frame = Frame.of(tally.area, width)
    font = max(10.0, width / 80)
    odd_lines = textwrap.wrap(tally.odd_line(), width=int(width / (font * 0.56))) if note else []
    band = round(font * (3.8 + 1.4 * len(odd_lines))) if legend else 0
    height = frame.height + band
    ranges = classes(max((k.total for k in tally.kecamatan.values()), default=0))
    shade = _shade_of(ranges)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" font-family="DejaVu Sans, Arial, sans-serif" font-size="{font:.0f}">',
        f"<title>{escape(title)}</title>" if hover else "",
        f'<rect width="{width}" height="{frame.height}" fill="{SEA}"/>',
    ]
    if tally.area != shapes.PROVINCE:
        out.append(f'<g fill="{CONTEXT_LAND}" stroke="none">')
        out.extend(f'<path d="{d}"/>' for code, d in _paths(shapes.REGENCY, frame) if code != tally.area)
        out.append("</g>")
    out.append('<g class="kecamatan" stroke="#ffffff" stroke-width="0.6" fill-rule="evenodd">')
    for code, d in _paths(shapes.KECAMATAN, frame):
        count = tally.kecamatan.get(code)
        if count is None:
            continue
        label = f"{count.name} ({count.regency}): {count.total} laporan"
        if count.total:
            label += f" — {levels_text(count)}"
        shape = (f'<path d="{d}" fill="{shade(count.total)}" data-kode="{code}" '
                 f'data-jumlah="{count.total}">' + (f"<title>{escape(label)}</title>" if hover else "")
                 + "</path>")  # fmt: skip
        if link and hover:
            shape = f'<a href="{escape(link(code))}" aria-label="{escape(label)}">{shape}</a>'
        out.append(shape)
    out.append("</g>")
    out.append('<g class="kabupaten" fill="none" stroke="#3a3a3a" stroke-width="1.1" stroke-linejoin="round">')
    out.extend(
        f'<path d="{d}"/>' for code, d in _paths(shapes.REGENCY, frame)
        if tally.area == shapes.PROVINCE or code == tally.area
    )  # fmt: skip
    out.append("</g>")
    if numbers:
        out.append(_numbers(tally, frame, font))
    out.append(_points(tally, frame, hover))
    if legend:
        out.append(_legend(ranges, shade, odd_lines, frame.height, font))
    out.append("</svg>")
    return "".join(out)


def _numbers(tally: MapTally, frame: Frame, font: float) -> str:
    """Each count twice: a white outline first, then black over it (QtSvg knows no paint-order)."""
    anchors = _anchors(frame)
    texts = "".join(
        f'<text x="{anchors[code][0]:.1f}" y="{anchors[code][1] + font * 0.35:.1f}">{count.total}</text>'
        for code, count in tally.kecamatan.items()
        if count.total
    )
    return (f'<g class="angka" text-anchor="middle" font-weight="bold" font-size="{font:.0f}">'
            f'<g fill="#ffffff" stroke="#ffffff" stroke-width="3" stroke-linejoin="round">{texts}</g>'
            f'<g fill="#111111">{texts}</g></g>')  # fmt: skip


def _points(tally: MapTally, frame: Frame, hover: bool) -> str:
    circles = []
    for x, y, by_level in _point_cells(tally.points, frame):
        total = sum(by_level.values())
        worst = max(by_level, key=SEVERITY.__getitem__)
        radius = min(3 + 1.5 * math.log2(total), 10) * max(0.6, min(1.0, frame.width / 960))
        circles.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{LEVEL_COLOURS[worst]}" '
            f'data-tingkat="{worst}">'
            + (f"<title>{total} titik laporan: {escape(levels_text(by_level))}</title>" if hover else "")
            + "</circle>"
        )
    return f'<g class="titik" stroke="#ffffff" stroke-width="1">{"".join(circles)}</g>'


def _legend(ranges: list[tuple[int, int]], shade: Callable[[int], str], odd_lines: list[str],
            top: int, font: float) -> str:  # fmt: skip
    box = font * 1.1
    row = [f'<rect y="{top}" width="100%" height="100%" fill="#ffffff"/>', f'<text x="8" y="{top + font * 1.5:.0f}">Laporan per kecamatan:</text>']
    x = 8 + font * 12.5
    for low, high in [(0, 0), *ranges]:
        colour = shade(low) if low else LAND
        row.append(f'<rect x="{x:.0f}" y="{top + font * 0.55:.0f}" width="{box:.0f}" height="{box:.0f}" '
                   f'fill="{colour}" stroke="#888888" stroke-width="0.5"/>'
                   f'<text x="{x + box + 4:.0f}" y="{top + font * 1.5:.0f}">{span(low, high)}</text>')  # fmt: skip
        x += box + 12 + font * 0.62 * len(span(low, high))
    y = top + font * 3.1
    row.append(f'<text x="8" y="{y:.0f}">Titik berkoordinat:</text>')
    x = 8 + font * 12.5
    for level in reversed(ALERT_LEVELS):
        row.append(f'<circle cx="{x + font * 0.5:.0f}" cy="{y - font * 0.35:.0f}" r="{font * 0.4:.0f}" '
                   f'fill="{LEVEL_COLOURS[level]}" stroke="#ffffff"/>'
                   f'<text x="{x + font * 1.2:.0f}" y="{y:.0f}">{LEVEL_LABELS[level]}</text>')  # fmt: skip
        x += font * (1.8 + 0.62 * len(LEVEL_LABELS[level]))
    row.extend(f'<text x="8" y="{top + font * (4.7 + 1.4 * n):.0f}" class="di-luar-peta">{escape(line)}</text>'
               for n, line in enumerate(odd_lines))  # fmt: skip
    return f'<g class="legenda" fill="#222222">{"".join(row)}</g>'
