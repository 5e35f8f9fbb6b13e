"""Checks of one non-group field value against its definition, one function per field type."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sync.forms import values
from sync.forms.messages import REGION_LEVEL_WORDS, message, shown
from sync.forms.text import Text
from sync.regions import Regions

if TYPE_CHECKING:
    from sync.forms.definition import FieldDef

Problem = tuple[str, Text]  # (error code, message in both languages)

REGION_LEVELS = {"kecamatan": "kecamatan", "desa": "desa_kelurahan"}


@dataclass(frozen=True, slots=True)
class Context:
    """What a check may need beyond the value: the office and the sibling values."""

    regions: Regions
    office: str | None  # None when checking a definition's default: no office rule
    siblings: Mapping[str, Any]


def _problem(code: str, label: Text, **params: Any) -> list[Problem]:
    return [(code, message(code, label, **params))]


def _bounds(field: FieldDef, value: int, label: Text) -> list[Problem]:
    if field.min is not None and value < field.min:
        return _problem("min", label, min=field.min)
    # Beyond 2**53 numbers lose precision in JSON readers and spreadsheets: cap them.
    maximum = values.SAFE_INTEGER_MAX if field.max is None else field.max
    if value > maximum:
        return _problem("max", label, max=maximum)
    return []


def _text(field: FieldDef, value: Any, label: Text, ctx: Context) -> list[Problem]:
    if not isinstance(value, str):
        return _problem("text", label)
    if "\x00" in value:  # PostgreSQL cannot store NUL in text or JSONB
        return _problem("nul", label)
    if len(value) > field.max_length:
        return _problem("max_length", label, max=field.max_length)
    return []


def _integer(field: FieldDef, value: Any, label: Text, ctx: Context) -> list[Problem]:
    if not values.is_integer(value):
        return _problem("integer", label)
    return _bounds(field, value, label)


def _money(field: FieldDef, value: Any, label: Text, ctx: Context) -> list[Problem]:
    if not values.is_integer(value) or value < 0:
        return _problem("money", label)
    return _bounds(field, value, label)


def _date(field: FieldDef, value: Any, label: Text, ctx: Context) -> list[Problem]:
    day = values.parse_date(value)
    if day is None:
        return _problem("date", label)
    if field.min is not None and day < field.min:
        return _problem("date_min", label, min=field.min.strftime("%d/%m/%Y"))
    if field.max is not None and day > field.max:
        return _problem("date_max", label, max=field.max.strftime("%d/%m/%Y"))
    return []


def _datetime(field: FieldDef, value: Any, label: Text, ctx: Context) -> list[Problem]:
    moment = values.parse_datetime(value)
    if moment is None:
        return _problem("datetime", label)
    if moment.tzinfo is None:
        return _problem("datetime_offset", label)
    return []


def _choice(field: FieldDef, value: Any, label: Text, ctx: Context) -> list[Problem]:
    if not isinstance(value, str) or value not in field.choice_values:
        return _problem("choice", label, value=shown(value))
    return []


def _multichoice(field: FieldDef, value: Any, label: Text, ctx: Context) -> list[Problem]:
    if not isinstance(value, list):
        return _problem("choice_list", label)
    problems: list[Problem] = []
    seen: set[str] = set()
    for item in value:
        if not isinstance(item, str) or item not in field.choice_values:
            problems += _problem("choice", label, value=shown(item))
        elif item in seen:
            problems += _problem("duplicate", label, value=item)
        else:
            seen.add(item)
    return problems + check_item_count(field, value, label)


def check_item_count(field: FieldDef, items: list[Any], label: Text) -> list[Problem]:
    """min_items / max_items of a list-valued field (multichoice, group, attachments)."""
    if field.min_items is not None and len(items) < field.min_items:
        return _problem("min_items", label, min=field.min_items)
    if field.max_items is not None and len(items) > field.max_items:
        return _problem("max_items", label, max=field.max_items)
    return []


def _boolean(field: FieldDef, value: Any, label: Text, ctx: Context) -> list[Problem]:
    return [] if isinstance(value, bool) else _problem("boolean", label)


def _region(field: FieldDef, value: Any, label: Text, ctx: Context) -> list[Problem]:
    if not isinstance(value, str):
        return _problem("region", label)
    level = ctx.regions.level(value)
    if level is None:
        return _problem("region_unknown", label, value=shown(value))
    if level != REGION_LEVELS[field.level]:
        return _problem("region_level", label, value=value, level=REGION_LEVEL_WORDS[field.level])
    if ctx.office is not None and not ctx.regions.within(value, ctx.office):
        return _problem("region_outside", label, office=ctx.regions.name(ctx.office))
    parent = ctx.siblings.get(field.parent) if field.parent else None
    if isinstance(parent, str) and parent and not value.startswith(parent + "."):
        return _problem("region_parent", label, value=value, parent=ctx.regions.display(parent))
    return []


def _coordinates(field: FieldDef, value: Any, label: Text, ctx: Context) -> list[Problem]:
    if (
        not isinstance(value, dict)
        or set(value) != {"lat", "lon"}
        or not (values.is_number(value["lat"]) and values.is_number(value["lon"]))
    ):
        return _problem("coordinates", label)
    if not values.in_maluku(value["lat"], value["lon"]):
        return _problem("coordinates_outside", label)
    return []


def _attachments(field: FieldDef, value: Any, label: Text, ctx: Context) -> list[Problem]:
    if not isinstance(value, list):
        return _problem("sha256", label, value=shown(value))
    problems: list[Problem] = []
    seen: set[str] = set()
    for item in value:
        if not values.is_sha256(item):
            problems += _problem("sha256", label, value=shown(item))
        elif item in seen:
            problems += _problem("duplicate", label, value=item[:12] + "…")
        else:
            seen.add(item)
    return problems + check_item_count(field, value, label)


CHECKS: dict[str, Callable[[FieldDef, Any, Text, Context], list[Problem]]] = {
    "text": _text,
    "textarea": _text,
    "integer": _integer,
    "money": _money,
    "date": _date,
    "datetime": _datetime,
    "choice": _choice,
    "multichoice": _multichoice,
    "boolean": _boolean,
    "region": _region,
    "coordinates": _coordinates,
    "attachments": _attachments,
}


def check_value(field: FieldDef, value: Any, label: Text, ctx: Context) -> list[Problem]:
    """Problems of a non-empty value of a field that is not a group."""
    return CHECKS[field.type](field, value, label, ctx)
