"""The drawing frame: which part of Maluku a map shows and how lon/lat become pixels."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sync.maps import shapes

if TYPE_CHECKING:
    from shapely.geometry import MultiPolygon

PAD = 0.03  # of the span, on every side: shapes do not touch the edge, nearby points still show
CELL = 5  # pixels: points closer than this are drawn as one, with the sum of their counts


@dataclass(frozen=True, slots=True)
class Frame:
    """An equirectangular projection of a lon/lat box onto `width` pixels.

    Maluku lies between 2.7° and 8.4° south, so scaling longitude by the cosine of the middle
    latitude keeps shapes true to within half a percent: no projection library is needed.
    """

    west: float
    south: float
    east: float
    north: float
    width: int

    @classmethod
    def of(cls, area: str = shapes.PROVINCE, width: int = 960) -> Frame:
        """The frame around the province or one regency/city (code `81.xx`)."""
        west, south, east, north = shapes.bounds(area)
        pad = PAD * max(east - west, north - south)
        return cls(west - pad, south - pad, east + pad, north + pad, width)

    @property
    def scale(self) -> float:
        """Pixels per degree of latitude."""
        return self.width / ((self.east - self.west) * math.cos(math.radians(self.middle)))

    @property
    def middle(self) -> float:
        return (self.north + self.south) / 2

    @property
    def height(self) -> int:
        return math.ceil((self.north - self.south) * self.scale)

    @property
    def tolerance(self) -> float:
        """Degrees that make about half a pixel: how much the shapes may be simplified."""
        return round(0.5 / self.scale, 6)

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    @property
    def x_scale(self) -> float:
        """Pixels per degree of longitude."""
        return self.scale * math.cos(math.radians(self.middle))

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        return (lon - self.west) * self.x_scale, (self.north - lat) * self.scale

    def cell(self, lat: float, lon: float) -> tuple[int, int]:
        """The CELL-pixel square a point is drawn in (a database groups by the same arithmetic)."""
        x, y = self.xy(lat, lon)
        return round(x / CELL), round(y / CELL)

    def path(self, geometry: MultiPolygon) -> str:
        """SVG path data of every ring (fill-rule evenodd makes the holes), to a tenth of a pixel."""
        rings: list[str] = []
        for polygon in geometry.geoms:
            for ring in (polygon.exterior, *polygon.interiors):
                points: list[str] = []
                for lon, lat in ring.coords[:-1]:
                    x, y = self.xy(lat, lon)
                    point = f"{x:.1f} {y:.1f}"
                    if not points or points[-1] != point:
                        points.append(point)
                if len(points) >= 3:
                    rings.append(f"M{points[0]}L{' '.join(points[1:])}Z")
        return "".join(rings)
