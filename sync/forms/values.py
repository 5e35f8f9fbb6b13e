"""Parsing of raw JSON field values: dates, offset date-times, hashes, coordinates."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from typing import Any

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
# Maluku province, generously: from Maluku Barat Daya in the south-west to Aru in the east.
LAT_RANGE = (-9.0, 0.0)
LON_RANGE = (124.0, 136.0)
SAFE_INTEGER_MAX = 2**53 - 1


def is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)) and math.isfinite(value)


def parse_date(value: Any) -> date | None:
    """A `YYYY-MM-DD` string as a date, else None."""
    if not isinstance(value, str) or not DATE_RE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_datetime(value: Any) -> datetime | None:
    """An ISO 8601 date-time string (with or without offset) as a datetime, else None."""
    if not isinstance(value, str) or len(value) < 16 or value[10] not in "T ":
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def to_utc_iso(value: datetime) -> str:
    """An aware datetime as the UTC ISO string Pantau stores, e.g. `2024-02-14T01:30:00+00:00`."""
    return value.astimezone(UTC).isoformat()


def is_sha256(value: Any) -> bool:
    return isinstance(value, str) and SHA256_RE.match(value) is not None


def in_maluku(lat: float, lon: float) -> bool:
    return LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]


def is_empty(value: Any) -> bool:
    """Missing for `required`: None, blank text, an empty list or object."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | dict) and not value
