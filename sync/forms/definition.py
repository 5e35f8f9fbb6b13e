"""Form definitions: the FormDef/FieldDef objects and `parse_form`, which checks a definition's JSON."""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
from datetime import date
from typing import Any

from sync.forms import display, values
from sync.forms.checks import Context, check_value
from sync.forms.errors import FormDefinitionError
from sync.forms.rules import Check, parse_checks
from sync.forms.text import WIT, Text
from sync.regions import Regions

ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
FIELD_TYPES = (
    "text", "textarea", "integer", "money", "date", "datetime", "choice", "multichoice",
    "boolean", "region", "coordinates", "group", "attachments",
)  # fmt: skip
DEFAULT_MAX_LENGTH = {"text": 500, "textarea": 20_000}
COMMON_KEYS = {"id", "type", "label", "help", "section", "required", "default"}
TYPE_KEYS = {
    "text": {"max_length"},
    "textarea": {"max_length"},
    "integer": {"min", "max", "grouping"},
    "money": {"min", "max"},
    "date": {"min", "max"},
    "choice": {"choices"},
    "multichoice": {"choices", "min_items", "max_items"},
    "region": {"level", "parent"},
    "group": {"fields", "min_items", "max_items"},
    "attachments": {"max_items"},
}
NO_DEFAULT = {"region", "coordinates", "group", "attachments"}
FORM_KEYS = {
    "id", "version", "title", "description", "fields", "date_field", "region_field",
    "alert_field", "urgent_when", "summary_fields", "checks", "classification",
}  # fmt: skip
SUMMARY_MAX = 120


@dataclasses.dataclass(frozen=True, eq=False, slots=True)
class Choice:
    value: str
    label_text: Text

    def label(self, lang: str = "id") -> str:
        return self.label_text.get(lang)


@dataclasses.dataclass(frozen=True, eq=False)
class FieldDef:
    """One field of a form; `fields` holds a group's sub-fields."""

    id: str
    type: str
    label_text: Text
    help_text: Text | None = None
    section_text: Text | None = None
    required: bool = False
    choices: tuple[Choice, ...] = ()
    default: Any = None
    min: Any = None  # int for integer/money, date for date
    max: Any = None
    max_length: int | None = None  # text and textarea
    grouping: bool = True  # integer: shown with thousands separators (False for years, numbers)
    level: str | None = None  # region: "kecamatan" or "desa"
    parent: str | None = None  # region at desa level: the sibling kecamatan field it lies in
    fields: tuple[FieldDef, ...] = ()
    min_items: int | None = None
    max_items: int | None = None

    def label(self, lang: str = "id") -> str:
        return self.label_text.get(lang)

    def help(self, lang: str = "id") -> str | None:
        return self.help_text.get(lang) if self.help_text else None

    def section(self, lang: str = "id") -> str | None:
        """Heading of the part of the form this field opens, if any."""
        return self.section_text.get(lang) if self.section_text else None

    @functools.cached_property
    def choice_values(self) -> frozenset[str]:
        return frozenset(c.value for c in self.choices)

    def choice_label(self, value: str, lang: str = "id") -> str:
        """The label of a choice value; an unknown value is shown as it is."""
        return next((c.label(lang) for c in self.choices if c.value == value), value)

    def field(self, field_id: str) -> FieldDef:
        """A group's sub-field."""
        return _find(self._index, field_id, f"group {self.id}")

    @functools.cached_property
    def _index(self) -> dict[str, FieldDef]:
        return {f.id: f for f in self.fields}


@dataclasses.dataclass(frozen=True, slots=True)
class UrgentRule:
    field: str
    values: frozenset[Any]


@dataclasses.dataclass(frozen=True, eq=False)
class FormDef:
    """One version of one form, parsed from its definition (kept as `definition`)."""

    id: str
    version: int
    title_text: Text
    description_text: Text
    fields: tuple[FieldDef, ...]
    definition: dict[str, Any]
    date_field: str | None = None
    region_field: str | None = None
    alert_field: str | None = None
    urgent_when: UrgentRule | None = None
    summary_fields: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()  # rules across fields, evaluated by the validator
    classification: Text | None = None  # security mark printed on every page, e.g. TERBATAS

    def __repr__(self) -> str:
        return f"<FormDef {self.id} v{self.version}>"

    def title(self, lang: str = "id") -> str:
        return self.title_text.get(lang)

    def description(self, lang: str = "id") -> str:
        return self.description_text.get(lang)

    def field(self, field_id: str) -> FieldDef:
        return _find(self._index, field_id, f"form {self.id} v{self.version}")

    @functools.cached_property
    def _index(self) -> dict[str, FieldDef]:
        return {f.id: f for f in self.fields}

    def report_date(self, data: dict[str, Any]) -> date | None:
        """The report's date (a date-time field gives its date in WIT)."""
        if not self.date_field:
            return None
        raw = data.get(self.date_field)
        if self.field(self.date_field).type == "date":
            return values.parse_date(raw)
        moment = values.parse_datetime(raw)
        return moment.astimezone(WIT).date() if moment and moment.tzinfo else None

    def is_urgent(self, data: dict[str, Any]) -> bool:
        rule = self.urgent_when
        if rule is None:
            return False
        raw = data.get(rule.field)
        if isinstance(raw, list):
            return any(isinstance(v, str) and v in rule.values for v in raw)
        return isinstance(raw, str | bool) and raw in rule.values

    def alert_level(self, data: dict[str, Any]) -> str | None:
        if not self.alert_field:
            return None
        raw = data.get(self.alert_field)
        return (
            raw
            if isinstance(raw, str) and raw in self.field(self.alert_field).choice_values
            else None
        )

    def region(self, data: dict[str, Any]) -> str | None:
        raw = data.get(self.region_field) if self.region_field else None
        return raw if isinstance(raw, str) and raw else None

    def report_title(self, data: dict[str, Any], lang: str = "id") -> str:
        """A short title for lists: the summary fields' values, else the form's title."""
        parts = [display.short_value(self.field(f), data.get(f), lang) for f in self.summary_fields]
        title = " — ".join(p for p in parts if p) or self.title(lang)
        return title if len(title) <= SUMMARY_MAX else title[: SUMMARY_MAX - 1] + "…"

    def searchable_text(self, data: dict[str, Any], lang: str = "id") -> str:
        """Text of the report for full-text search: free text, choice labels, region names."""
        return "\n".join(display.searchable_parts(self.fields, data, lang))

    def format_value(self, field_id: str, value: Any, lang: str = "id") -> str:
        return display.format_value(self.field(field_id), value, lang)


def _find(index: dict[str, FieldDef], field_id: str, where: str) -> FieldDef:
    try:
        return index[field_id]
    except KeyError:
        raise KeyError(f"{where} has no field {field_id!r}") from None


def parse_form(definition: dict[str, Any]) -> FormDef:
    """Check a form definition and build its FormDef; FormDefinitionError says what is wrong."""
    if not isinstance(definition, dict):
        raise FormDefinitionError("a form definition must be a JSON object")
    form_id = definition.get("id")
    if not isinstance(form_id, str) or not ID_RE.match(form_id):
        raise FormDefinitionError(f"form id {form_id!r} must be lowercase letters, digits and _")
    version = definition.get("version")
    if not values.is_integer(version) or version < 1:
        raise FormDefinitionError(f"form {form_id}: version {version!r} must be an integer ≥ 1")
    where = f"form {form_id} v{version}"
    _no_unknown_keys(definition, FORM_KEYS, where)
    raw_fields = definition.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise FormDefinitionError(f"{where}: 'fields' must be a non-empty list")
    fields = _parse_fields(raw_fields, where, in_group=False)
    return FormDef(
        id=form_id,
        version=version,
        title_text=_text(definition.get("title"), f"{where}: title"),
        description_text=_text(definition.get("description"), f"{where}: description"),
        fields=fields,
        definition=copy.deepcopy(definition),
        date_field=_hint(
            definition.get("date_field"), "date_field", fields, {"date", "datetime"}, where
        ),
        region_field=_hint(
            definition.get("region_field"), "region_field", fields, {"region"}, where
        ),
        alert_field=_hint(definition.get("alert_field"), "alert_field", fields, {"choice"}, where),
        urgent_when=_urgent_rule(definition.get("urgent_when"), fields, where),
        summary_fields=_summary_fields(definition.get("summary_fields", []), fields, where),
        checks=parse_checks(definition.get("checks"), fields, where),
        classification=(
            _text(definition["classification"], f"{where}: classification")
            if "classification" in definition
            else None
        ),
    )


def _no_unknown_keys(raw: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise FormDefinitionError(
            f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )


def _text(raw: Any, where: str) -> Text:
    if (
        not isinstance(raw, dict)
        or set(raw) != {"id", "en"}
        or not all(isinstance(v, str) and v.strip() for v in raw.values())
    ):
        raise FormDefinitionError(f'{where} must be {{"id": "…", "en": "…"}}, both non-empty')
    return Text(raw["id"], raw["en"])


def _optional_text(raw: dict[str, Any], key: str, where: str) -> Text | None:
    return _text(raw[key], f"{where}: {key}") if key in raw else None


def _parse_fields(raw_fields: list[Any], where: str, *, in_group: bool) -> tuple[FieldDef, ...]:
    fields: list[FieldDef] = []
    for index, raw in enumerate(raw_fields):
        field = _parse_field(raw, f"{where}: fields[{index}]", in_group=in_group)
        if any(f.id == field.id for f in fields):
            raise FormDefinitionError(f"{where}: field id {field.id!r} is used twice")
        fields.append(field)
    for field in fields:
        if field.parent is not None:
            parent = next((f for f in fields if f.id == field.parent), None)
            if parent is None or parent.type != "region" or parent.level != "kecamatan":
                raise FormDefinitionError(
                    f"{where}: field {field.id!r}: parent {field.parent!r} must be a kecamatan region field beside it"
                )
    return tuple(fields)


def _parse_field(raw: Any, where: str, *, in_group: bool) -> FieldDef:
    if not isinstance(raw, dict):
        raise FormDefinitionError(f"{where} must be a JSON object")
    field_id = raw.get("id")
    if not isinstance(field_id, str) or not ID_RE.match(field_id):
        raise FormDefinitionError(
            f"{where}: id {field_id!r} must be lowercase letters, digits and _"
        )
    where = f"{where} ({field_id})"
    kind = raw.get("type")
    if kind not in FIELD_TYPES:
        raise FormDefinitionError(f"{where}: type {kind!r} is not one of {', '.join(FIELD_TYPES)}")
    if kind == "group" and in_group:
        raise FormDefinitionError(f"{where}: a group cannot hold another group")
    _no_unknown_keys(raw, COMMON_KEYS | TYPE_KEYS.get(kind, set()), where)
    required = raw.get("required", False)
    if not isinstance(required, bool):
        raise FormDefinitionError(f"{where}: required must be true or false")
    minimum, maximum = _bounds(raw, kind, where)
    min_items, max_items = _item_bounds(raw, where)
    field = FieldDef(
        id=field_id,
        type=kind,
        label_text=_text(raw.get("label"), f"{where}: label"),
        help_text=_optional_text(raw, "help", where),
        section_text=_optional_text(raw, "section", where),
        required=required,
        choices=_choices(raw, kind, where),
        min=minimum,
        max=maximum,
        max_length=_max_length(raw, kind, where),
        grouping=_grouping(raw, where),
        level=_region_level(raw, kind, where),
        parent=_region_parent(raw, where),
        fields=_group_fields(raw, kind, where),
        min_items=min_items,
        max_items=max_items,
    )
    if "default" not in raw:
        return field
    return _with_default(field, raw["default"], where)


def _bounds(raw: dict[str, Any], kind: str, where: str) -> tuple[Any, Any]:
    bounds = []
    for key in ("min", "max"):
        value = raw.get(key)
        if value is not None and kind == "date":
            value = values.parse_date(value)
            if value is None:
                raise FormDefinitionError(f"{where}: {key} must be a date YYYY-MM-DD")
        elif value is not None and not values.is_integer(value):
            raise FormDefinitionError(f"{where}: {key} must be an integer")
        bounds.append(value)
    if kind == "money" and bounds[0] is not None and bounds[0] < 0:
        raise FormDefinitionError(f"{where}: a money field cannot allow amounts below 0")
    if None not in bounds and bounds[0] > bounds[1]:
        raise FormDefinitionError(f"{where}: min is greater than max")
    return bounds[0], bounds[1]


def _item_bounds(raw: dict[str, Any], where: str) -> tuple[int | None, int | None]:
    low, high = raw.get("min_items"), raw.get("max_items")
    for key, value in (("min_items", low), ("max_items", high)):
        if value is not None and (not values.is_integer(value) or value < 0):
            raise FormDefinitionError(f"{where}: {key} must be an integer ≥ 0")
    if low is not None and high is not None and low > high:
        raise FormDefinitionError(f"{where}: min_items is greater than max_items")
    return low, high


def _choices(raw: dict[str, Any], kind: str, where: str) -> tuple[Choice, ...]:
    if kind not in ("choice", "multichoice"):
        return ()
    items = raw.get("choices")
    if not isinstance(items, list) or not items:
        raise FormDefinitionError(f"{where}: choices must be a non-empty list")
    choices: list[Choice] = []
    for index, item in enumerate(items):
        here = f"{where}: choices[{index}]"
        if not isinstance(item, dict) or set(item) != {"value", "label"}:
            raise FormDefinitionError(f'{here} must be {{"value": …, "label": {{"id", "en"}}}}')
        value = item["value"]
        if not isinstance(value, str) or not ID_RE.match(value):
            raise FormDefinitionError(
                f"{here}: value {value!r} must be lowercase letters, digits and _"
            )
        if any(c.value == value for c in choices):
            raise FormDefinitionError(f"{here}: value {value!r} is used twice")
        choices.append(Choice(value, _text(item["label"], f"{here}: label")))
    return tuple(choices)


def _max_length(raw: dict[str, Any], kind: str, where: str) -> int | None:
    value = raw.get("max_length", DEFAULT_MAX_LENGTH.get(kind))
    if value is not None and (not values.is_integer(value) or value < 1):
        raise FormDefinitionError(f"{where}: max_length must be an integer ≥ 1")
    return value


def _grouping(raw: dict[str, Any], where: str) -> bool:
    grouping = raw.get("grouping", True)
    if not isinstance(grouping, bool):
        raise FormDefinitionError(f"{where}: grouping must be true or false")
    return grouping


def _region_level(raw: dict[str, Any], kind: str, where: str) -> str | None:
    if kind != "region":
        return None
    level = raw.get("level", "kecamatan")
    if level not in ("kecamatan", "desa"):
        raise FormDefinitionError(f"{where}: level must be 'kecamatan' or 'desa', not {level!r}")
    return level


def _region_parent(raw: dict[str, Any], where: str) -> str | None:
    parent = raw.get("parent")
    if parent is not None and raw.get("level") != "desa":
        raise FormDefinitionError(f"{where}: only a desa-level region field can have a parent")
    return parent


def _group_fields(raw: dict[str, Any], kind: str, where: str) -> tuple[FieldDef, ...]:
    if kind != "group":
        return ()
    sub = raw.get("fields")
    if not isinstance(sub, list) or not sub:
        raise FormDefinitionError(f"{where}: a group needs a non-empty 'fields' list")
    return _parse_fields(sub, where, in_group=True)


def _with_default(field: FieldDef, default: Any, where: str) -> FieldDef:
    if field.type in NO_DEFAULT:
        raise FormDefinitionError(f"{where}: a {field.type} field cannot have a default")
    context = Context(regions=Regions.load(), office=None, siblings={})
    problems = (
        [] if values.is_empty(default) else check_value(field, default, field.label_text, context)
    )
    if values.is_empty(default) or problems:
        reason = problems[0][1].en if problems else "it is empty"
        raise FormDefinitionError(f"{where}: default {default!r} is not valid: {reason}")
    return dataclasses.replace(field, default=copy.deepcopy(default))


def _hint(
    field_id: Any, key: str, fields: tuple[FieldDef, ...], types: set[str], where: str
) -> str | None:
    """A form-level hint naming a top-level field of one of `types`."""
    if field_id is None:
        return None
    field = next((f for f in fields if f.id == field_id), None)
    if field is None or field.type not in types:
        raise FormDefinitionError(
            f"{where}: {key} {field_id!r} must name a top-level field of type {' or '.join(sorted(types))}"
        )
    return field_id


def _urgent_rule(raw: Any, fields: tuple[FieldDef, ...], where: str) -> UrgentRule | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"field", "in"} or not isinstance(raw["in"], list):
        raise FormDefinitionError(f'{where}: urgent_when must be {{"field": …, "in": [values]}}')
    field_id = _hint(
        raw["field"], "urgent_when field", fields, {"choice", "multichoice", "boolean"}, where
    )
    field = next(f for f in fields if f.id == field_id)
    for value in raw["in"]:
        valid = isinstance(value, bool) if field.type == "boolean" else value in field.choice_values
        if not valid:
            raise FormDefinitionError(
                f"{where}: urgent_when value {value!r} is not a value of {field_id}"
            )
    return UrgentRule(field_id, frozenset(raw["in"]))


def _summary_fields(raw: Any, fields: tuple[FieldDef, ...], where: str) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise FormDefinitionError(f"{where}: summary_fields must be a list of field ids")
    known = {f.id: f for f in fields}
    for field_id in raw:
        if field_id not in known or known[field_id].type in ("group", "attachments"):
            raise FormDefinitionError(
                f"{where}: summary_fields entry {field_id!r} must name a top-level field that is not a group or attachments"
            )
    return tuple(raw)
