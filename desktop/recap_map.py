"""The office's kecamatan map for the monthly recap: the SVG of `sync.maps` painted into an image."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from sync.maps import PROVINCE, render_svg, tally
from sync.recap import Recap

SVG_WIDTH = 700  # the map's own units; the image is painted sharper than that
RESOURCE = "peta-kecamatan"  # the image's name in the recap's HTML


@dataclass(frozen=True, slots=True)
class RecapMap:
    image: QImage
    odd_line: str  # "Tanpa lokasi/di luar peta: …", printed as text under the map
    placed: int  # early warnings drawn on a kecamatan


def recap_map(recap: Recap, *, pixels: int = 1800) -> RecapMap:
    """The month's early warnings on the kecamatan of the office's regency (blocking, no widgets)."""
    counts = tally(
        area=recap.office or PROVINCE,
        by_kecamatan=[
            (k.code, level, n) for k in recap.warnings_by_kecamatan for level, n in k.by_level.items() if n
        ],
        coordinates=recap.warning_points,
    )
    svg = render_svg(counts, width=SVG_WIDTH, numbers=True, note=False,
                     title="Peta peringatan dini per kecamatan")  # fmt: skip
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size = renderer.defaultSize()
    image = QImage(pixels, round(pixels * size.height() / size.width()), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    return RecapMap(image, counts.odd_line(), counts.placed)
