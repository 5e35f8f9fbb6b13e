"""The bundled facts of each office (`resources/letterhead/offices.json`): seat, address line, seat's point."""

from __future__ import annotations

import functools
import json
from typing import Any

from sync.paths import resource_path


@functools.cache
def offices() -> dict[str, dict[str, Any]]:
    return json.loads(resource_path("letterhead", "offices.json").read_text(encoding="utf-8"))


def seat_point(office: str | None) -> tuple[float, float] | None:
    """(lat, lon) of the office's seat town, e.g. Masohi for 81.01; None when unknown."""
    entry = offices().get(office or "", {})
    lat, lon = entry.get("lat"), entry.get("lon")
    return (lat, lon) if isinstance(lat, float | int) and isinstance(lon, float | int) else None
