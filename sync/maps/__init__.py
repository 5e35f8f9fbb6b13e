"""The map of Maluku: early warnings per kecamatan and as points, drawn as SVG without Qt."""

from sync.maps.frame import Frame
from sync.maps.shapes import PROVINCE
from sync.maps.svg import render_svg
from sync.maps.tally import ALERT_LEVELS, KecamatanCount, MapPoint, MapTally, shape_code, tally

__all__ = [
    "ALERT_LEVELS", "PROVINCE", "Frame", "KecamatanCount", "MapPoint", "MapTally", "render_svg",
    "shape_code", "tally",
]  # fmt: skip
