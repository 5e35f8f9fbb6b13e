"""How field values are shown to people: dd/mm/yyyy, WIT times, Rupiah, choice labels, region names."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sync.forms import values
from sync.forms.text import WIT, Text
from sync.regions import Regions

if TYPE_CHECKING:
    from sync.forms.definition import FieldDef

YES_NO = {True: Text("Ya", "Yes"), False: Text("Tidak", "No")}
ATTACHMENT_COUNT = Text("{n} lampiran", "{n} attachment(s)")
SHORT_TEXT = 60
SEARCHED_TYPES = ("text", "textarea", "choice", "multichoice", "region")


def number(value: int, lang: str = "id") -> str:
    """1250000 → '1.250.000' (id) or '1,250,000' (en)."""
    grouped = f"{value:,}"
    return grouped.replace(",", ".") if lang != "en" else grouped


def format_value(field: FieldDef, value: Any, lang: str = "id") -> str:
    """A stored value as a person reads it; empty for no value, the raw text for a bad one."""
    if values.is_empty(value):
        return ""
    shown = _FORMATTERS.get(field.type, _plain)(field, value, lang)
    return shown if shown is not None else str(value)


def short_value(field: FieldDef, value: Any, lang: str = "id") -> str:
    """Like format_value, but compact enough for a list's title column."""
    if field.type == "region" and isinstance(value, str):
        return Regions.load().name(value) or value
    shown = format_value(field, value, lang)
    return shown if len(shown) <= SHORT_TEXT else shown[: SHORT_TEXT - 1] + "…"


def searchable_parts(fields: tuple[FieldDef, ...], data: Any, lang: str) -> Iterator[str]:
    """The words of a report worth indexing, group entries included."""
    if not isinstance(data, dict):
        return
    for field in fields:
        value = data.get(field.id)
        if field.type == "group" and isinstance(value, list):
            for item in value:
                yield from searchable_parts(field.fields, item, lang)
        elif field.type in SEARCHED_TYPES and not values.is_empty(value):
            yield (
                short_value(field, value, lang)
                if field.type == "region"
                else format_value(field, value, lang)
            )


def _plain(field: FieldDef, value: Any, lang: str) -> str | None:
    return value if isinstance(value, str) else None


def _integer(field: FieldDef, value: Any, lang: str) -> str | None:
    if not values.is_integer(value):
        return None
    return number(value, lang) if field.grouping else str(value)


def _money(field: FieldDef, value: Any, lang: str) -> str | None:
    return f"Rp {number(value, lang)}" if values.is_integer(value) else None


def _date(field: FieldDef, value: Any, lang: str) -> str | None:
    day = values.parse_date(value)
    return day.strftime("%d/%m/%Y") if day else None


def format_wit(moment: datetime) -> str:
    """A moment as people in Maluku read it: `dd/mm/yyyy HH:MM WIT` (a naive one is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(WIT).strftime("%d/%m/%Y %H:%M WIT")


def _datetime(field: FieldDef, value: Any, lang: str) -> str | None:
    moment = values.parse_datetime(value)
    if moment is None or moment.tzinfo is None:
        return None
    return format_wit(moment)


def _choice(field: FieldDef, value: Any, lang: str) -> str | None:
    return field.choice_label(value, lang) if isinstance(value, str) else None


def _multichoice(field: FieldDef, value: Any, lang: str) -> str | None:
    if not isinstance(value, list):
        return None
    return ", ".join(field.choice_label(v, lang) if isinstance(v, str) else str(v) for v in value)


def _boolean(field: FieldDef, value: Any, lang: str) -> str | None:
    return YES_NO[value].get(lang) if isinstance(value, bool) else None


def _region(field: FieldDef, value: Any, lang: str) -> str | None:
    return Regions.load().display(value) if isinstance(value, str) else None


def _coordinates(field: FieldDef, value: Any, lang: str) -> str | None:
    if not isinstance(value, dict) or not (
        values.is_number(value.get("lat")) and values.is_number(value.get("lon"))
    ):
        return None
    lat, lon = value["lat"], value["lon"]
    south, north, east, west = ("LS", "LU", "BT", "BB") if lang != "en" else ("S", "N", "E", "W")
    shown = f"{abs(lat):.5f}° {south if lat < 0 else north}; {abs(lon):.5f}° {east if lon >= 0 else west}"
    # Indonesian writes decimals with a comma (3,25000° LS); the two halves are then split by ";".
    return shown.replace(".", ",") if lang != "en" else shown.replace(";", ",")


def _group(field: FieldDef, value: Any, lang: str) -> str | None:
    if not isinstance(value, list):
        return None
    entries = []
    for item in value:
        if not isinstance(item, dict):
            return None
        parts = (
            f"{sub.label(lang)}: {format_value(sub, item.get(sub.id), lang)}"
            for sub in field.fields
            if not values.is_empty(item.get(sub.id))
        )
        entries.append(", ".join(parts))
    return "; ".join(entries)


def _attachments(field: FieldDef, value: Any, lang: str) -> str | None:
    return ATTACHMENT_COUNT.get(lang).format(n=len(value)) if isinstance(value, list) else None


_FORMATTERS = {
    "integer": _integer,
    "money": _money,
    "date": _date,
    "datetime": _datetime,
    "choice": _choice,
    "multichoice": _multichoice,
    "boolean": _boolean,
    "region": _region,
    "coordinates": _coordinates,
    "group": _group,
    "attachments": _attachments,
}
