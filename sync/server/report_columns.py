"""A report's list columns (alert level, category, kecamatan, date, search text) from its data."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from sync.forms import FormDef
from sync.forms.text import WIT

# The choice field that names an early warning's category; forms without it have none.
CATEGORY_FIELD = "kategori"
LIST_COLUMNS = ("alert_level", "category", "kecamatan", "report_date", "search_text")
PLACE_COLUMNS = ("lat", "lon")  # the map's points, kept apart: migration 0003 fills only the above
T = TypeVar("T")


def _lenient(compute: Callable[[], T], fallback: T) -> T:
    """Withdrawn or older revisions may hold values today's rules refuse: show what can be."""
    try:
        return compute()
    except (KeyError, ValueError, TypeError, AttributeError):
        return fallback


def _category(form: FormDef, data: dict[str, Any]) -> str | None:
    if CATEGORY_FIELD not in {f.id for f in form.fields}:
        return None
    value = data.get(CATEGORY_FIELD)
    return value if isinstance(value, str) and value else None


def list_columns(form: FormDef, data: dict[str, Any], *, received_at: datetime) -> dict[str, Any]:
    """The columns the console filters, sorts and searches on, for the report's latest revision."""
    day: date | None = _lenient(lambda: form.report_date(data), None)
    title = _lenient(lambda: form.report_title(data), "")
    text = _lenient(lambda: form.searchable_text(data), "")
    return {
        "alert_level": _lenient(lambda: form.alert_level(data), None),
        "category": _lenient(lambda: _category(form, data), None),
        "kecamatan": (_lenient(lambda: form.region(data), None) or None),
        # An undated report counts on the day the province received it (in WIT).
        "report_date": day or received_at.astimezone(WIT).date(),
        "search_text": f"{form.title('id')}\n{title}\n{text}",
    }


def _degrees(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def place_columns(form: FormDef, data: dict[str, Any]) -> dict[str, float | None]:
    """The report's coordinates as typed (a swapped pair stays swapped: the map counts those)."""
    field = next((f for f in form.fields if f.type == "coordinates"), None)
    value = data.get(field.id) if field is not None else None
    if not isinstance(value, dict):
        return {"lat": None, "lon": None}
    return {"lat": _degrees(value.get("lat")), "lon": _degrees(value.get("lon"))}
