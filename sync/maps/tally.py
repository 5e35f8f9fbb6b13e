"""Counting reports onto the map: per kecamatan shape, as points, and the ones that fit nowhere."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from sync.maps import shapes
from sync.maps.frame import Frame
from sync.regions import Regions

ALERT_LEVELS = ("normal", "waspada", "siaga", "awas")  # increasing, as in the deteksi_dini form
NO_LEVEL = ""  # reports of forms without an alert level


@dataclass(frozen=True, slots=True)
class MapPoint:
    lat: float
    lon: float
    level: str  # one of ALERT_LEVELS or NO_LEVEL
    count: int


@dataclass(frozen=True, slots=True)
class KecamatanCount:
    code: str
    name: str
    regency: str
    by_level: dict[str, int]  # level → count, only levels that occur

    @property
    def total(self) -> int:
        return sum(self.by_level.values())


@dataclass(slots=True)
class MapTally:
    """What one map shows; every report counted goes into exactly one of the kecamatan or `unplaced`."""

    area: str  # "81" or a regency/city "81.xx"
    kecamatan: dict[str, KecamatanCount] = field(default_factory=dict)  # every shape of the area
    unplaced: dict[str, int] = field(default_factory=dict)  # code as reported ("" none) → count
    points: list[MapPoint] = field(default_factory=list)
    outside: int = 0  # coordinates that fall outside the map (or are not numbers)
    swapped: int = 0  # coordinates given as (lng, lat): shown as such, not drawn

    @property
    def placed(self) -> int:
        return sum(k.total for k in self.kecamatan.values())

    @property
    def total(self) -> int:
        return self.placed + sum(self.unplaced.values())

    def count(self, code: str) -> int:
        found = self.kecamatan.get(code)
        return found.total if found else 0

    def rows(self) -> list[KecamatanCount]:
        """Kecamatan with reports, most first: the table beside the map."""
        return sorted((k for k in self.kecamatan.values() if k.total), key=lambda k: (-k.total, k.code))

    def odd_line(self) -> str:
        """The "tanpa lokasi/di luar peta" line, always shown so that nothing vanishes silently."""
        parts = []
        unplaced = sum(self.unplaced.values())
        if unplaced:
            codes = ", ".join(
                f"{code or 'tanpa kode'}: {count}"
                for code, count in sorted(self.unplaced.items(), key=lambda item: (-item[1], item[0]))[:5]
            )
            more = ", ..." if len(self.unplaced) > 5 else ""
            parts.append(f"{unplaced} laporan tanpa kecamatan di peta ini ({codes}{more})")
        if self.outside:
            parts.append(f"{self.outside} koordinat di luar peta")
        if self.swapped:
            parts.append(f"{self.swapped} koordinat tertukar lintang/bujur")
        return "Tanpa lokasi/di luar peta: " + ("; ".join(parts) if parts else "tidak ada") + "."


def shape_code(code: str | None, regions: Regions | None = None) -> str | None:
    """The 2025 kecamatan shape a report's region code lands on, or None.

    Kecamatan codes are stable between the 2023 and 2025 editions, so a kecamatan code of
    either edition is its own shape; a known desa code lands on its kecamatan.
    """
    if not code:
        return None
    regions = regions or Regions.load()
    level = regions.level(code)
    if level == "desa_kelurahan":
        code = code.rpartition(".")[0]
    elif level != "kecamatan":
        return None
    return code if code in shapes.codes() else None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def tally(
    *,
    area: str = shapes.PROVINCE,
    by_kecamatan: Iterable[tuple[str | None, str | None, int]],
    coordinates: Iterable[tuple[object, object, str | None, int]] = (),
) -> MapTally:
    """Count `(kecamatan code, level, count)` rows onto the shapes of `area`, and place
    `(lat, lon, level, count)` rows as points inside its frame."""
    regions = Regions.load()
    result = MapTally(area=area)
    for shape in shapes.areas(shapes.KECAMATAN):
        if shape.code.startswith(area + ".") or area == shapes.PROVINCE:
            regency = regions.name(shape.code.rpartition(".")[0]) or ""
            result.kecamatan[shape.code] = KecamatanCount(shape.code, shape.name, regency, {})
    for code, level, count in by_kecamatan:
        found = result.kecamatan.get(shape_code(code, regions) or "")
        if found is None:
            result.unplaced[code or ""] = result.unplaced.get(code or "", 0) + count
            continue
        key = level if level in ALERT_LEVELS else NO_LEVEL
        found.by_level[key] = found.by_level.get(key, 0) + count
    frame = Frame.of(area)
    for raw_lat, raw_lon, level, count in coordinates:
        if raw_lat is None and raw_lon is None:
            continue  # no coordinates given: the report is on the map through its kecamatan
        lat, lon = _number(raw_lat), _number(raw_lon)
        if lat is None or lon is None:
            result.outside += count
        elif frame.contains(lat, lon):
            result.points.append(MapPoint(lat, lon, level if level in ALERT_LEVELS else NO_LEVEL, count))
        elif frame.contains(lon, lat):
            result.swapped += count
        else:
            result.outside += count
    return result
