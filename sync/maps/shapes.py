"""Maluku's boundaries from `resources/regions`, simplified once per drawing scale with shapely."""

from __future__ import annotations

import functools
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sync.paths import resource_path

# shapely (and numpy under it) load with the first map drawn: a server or program that draws
# none starts without them
if TYPE_CHECKING:
    import shapely
    from shapely.geometry import MultiPolygon

log = logging.getLogger(__name__)
# The first drawings of a process may start at once (the console's warm-up beside a request, or
# beside another app's warm-up): one loads and simplifies, the others wait for it, not redo it.
_loading = threading.RLock()
T = TypeVar("T")

PROVINCE = "81"
KECAMATAN = "kecamatan"
REGENCY = "kabkota"
LEVELS = (KECAMATAN, REGENCY)


@dataclass(frozen=True, slots=True)
class Area:
    """One kecamatan or regency/city: its Kemendagri 2025 code, name and (multi)polygon in lon/lat."""

    code: str
    name: str
    geometry: MultiPolygon


def _once(function: Callable[..., T]) -> Callable[..., T]:
    """`functools.cache`, with callers of a value being computed waiting for it."""
    cached = functools.cache(function)

    @functools.wraps(function)
    def once(*args: Any) -> T:
        with _loading:
            return cached(*args)

    return once


def _polygons(geometry: shapely.Geometry) -> MultiPolygon:
    """`geometry` repaired (the source has self-touching rings) and reduced to its polygons."""
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    # get_parts twice: a repair may give a collection holding multipolygons as well as lines
    parts = shapely.get_parts(shapely.get_parts(shapely.make_valid(geometry)))
    return MultiPolygon([p for p in parts if isinstance(p, Polygon) and not p.is_empty])


@_once
def areas(level: str) -> tuple[Area, ...]:
    """The bundled boundaries of `level` (`kecamatan` or `kabkota`), by code, read once per process."""
    if level not in LEVELS:
        raise ValueError(f"unknown boundary level {level!r}; known: {', '.join(LEVELS)}")
    from shapely.geometry import shape

    path = resource_path("regions", f"maluku_batas_{level}_2025.geojson")
    with path.open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    loaded = tuple(
        sorted(
            (
                Area(f["properties"]["kode"], f["properties"]["nama"], _polygons(shape(f["geometry"])))
                for f in features
            ),
            key=lambda a: a.code,
        )
    )
    log.debug("loaded %d %s boundaries from %s", len(loaded), level, path.name)
    return loaded


@functools.cache
def codes(level: str = KECAMATAN) -> frozenset[str]:
    return frozenset(a.code for a in areas(level))


@functools.cache
def bounds(area: str = PROVINCE) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the province or of one regency/city's kecamatan.

    Islets far from the rest are left out: the old Teon, Nila and Serua islands, still part of
    Amahai, lie 2.4° south of Seram, and a map of Maluku Tengah would otherwise be mostly sea.
    Far means outside the box of every kecamatan's largest island widened by 0.3 of its size.
    """
    import shapely

    inside = [a.geometry for a in areas(KECAMATAN) if _within(a.code, area)]
    if not inside:
        raise ValueError(f"no boundaries for area {area!r}")
    west, south, east, north = shapely.total_bounds([max(g.geoms, key=lambda p: p.area) for g in inside])
    reach = 0.3 * max(east - west, north - south)
    near = shapely.box(west - reach, south - reach, east + reach, north + reach)
    parts = [p for g in inside for p in g.geoms if near.contains(p)]
    west, south, east, north = shapely.total_bounds(parts)
    return float(west), float(south), float(east), float(north)


def _within(code: str, area: str) -> bool:
    return code == area or code.startswith(area + ".")


@_once
def simplified(level: str, tolerance: float) -> tuple[Area, ...]:
    """`areas(level)` for a scale where `tolerance` degrees are about half a pixel.

    Islands smaller than a pixel are left out (each area keeps at least its largest part), then
    the areas are simplified together as a coverage, so that neighbours keep a common border.
    """
    import shapely
    from shapely.geometry import MultiPolygon

    smallest = (2 * tolerance) ** 2
    kept = []
    for area in areas(level):
        parts = sorted(area.geometry.geoms, key=lambda p: p.area, reverse=True)
        kept.append(MultiPolygon(parts[:1] + [p for p in parts[1:] if p.area >= smallest]))
    simple = shapely.coverage_simplify(kept, tolerance)
    result = tuple(
        Area(area.code, area.name, _polygons(geometry) if not geometry.is_empty else kept_one)
        for area, geometry, kept_one in zip(areas(level), simple, kept, strict=True)
    )
    log.debug(
        "%s simplified at %.5f°: %d → %d points",
        level,
        tolerance,
        sum(shapely.get_num_coordinates(a.geometry) for a in areas(level)),
        sum(shapely.get_num_coordinates(a.geometry) for a in result),
    )
    return result
