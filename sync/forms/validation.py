"""The one validator of report data, shared by the desktop, the CLI and the server; and defaults."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sync.forms import values
from sync.forms.checks import Context, check_item_count, check_value
from sync.forms.definition import FieldDef, FormDef
from sync.forms.errors import FieldError
from sync.forms.messages import ENTRY, IN_ENTRY, message
from sync.forms.rules import check_rules
from sync.forms.text import Text
from sync.regions import Regions

FORM_WHERE = Text("formulir {title} (versi {version})", "form {title} (version {version})")


def validate(
    form: FormDef,
    data: dict[str, Any],
    *,
    office: str,
    lang: str = "id",
    now: datetime | None = None,
) -> list[FieldError]:
    """Every problem of `data` against `form` for a report of `office`; empty when valid.

    Each FieldError carries both languages; `lang` is accepted so that every call in the
    API takes the caller's language the same way. `now` (default: the clock) is what
    "not in the future" checks compare with.
    """
    regions = Regions.load()
    if not regions.is_office(office):
        raise ValueError(f"{office!r} is not an office (a regency/city code 81.01 … 81.72)")
    where = FORM_WHERE.format(title=form.title_text, version=form.version)
    errors = list(
        _check_fields(
            form.fields, data, regions=regions, office=office, prefix="", where=where, entry=None
        )
    )
    if isinstance(data, dict) and form.checks:
        errors += check_rules(form.checks, data, now=now)
    return errors


def _check_fields(
    fields: tuple[FieldDef, ...],
    data: Any,
    *,
    regions: Regions,
    office: str,
    prefix: str,
    where: Text,
    entry: Text | None,
) -> Iterator[FieldError]:
    if not isinstance(data, dict):
        yield _error(
            prefix.rstrip(".") or "", "not_object", message("not_object", where, where=where)
        )
        return
    known = {f.id for f in fields}
    for name in data:
        if name not in known:
            yield _error(
                prefix + str(name),
                "unknown_field",
                message("unknown_field", where, name=name, where=where),
            )
    context = Context(regions=regions, office=office, siblings=data)
    for field in fields:
        path = prefix + field.id
        label = field.label_text if entry is None else _in_entry(field.label_text, entry)
        value = data.get(field.id)
        if values.is_empty(value) and field.default is not None:
            value = field.default
        if values.is_empty(value):
            if field.required:
                yield _error(path, "required", message("required", label))
            continue
        if field.type == "group":
            yield from _check_group(field, value, label, regions=regions, office=office, path=path)
            continue
        for code, text in check_value(field, value, label, context):
            yield _error(path, code, text)


def _check_group(
    field: FieldDef, value: Any, label: Text, *, regions: Regions, office: str, path: str
) -> Iterator[FieldError]:
    if not isinstance(value, list):
        yield _error(path, "group", message("group", label))
        return
    for code, text in check_item_count(field, value, label):
        yield _error(path, code, text)
    for index, item in enumerate(value):
        entry = ENTRY.format(label=label, n=index + 1)
        yield from _check_fields(
            field.fields,
            item,
            regions=regions,
            office=office,
            prefix=f"{path}[{index}].",
            where=entry,
            entry=entry,
        )


def _in_entry(label: Text, entry: Text) -> Text:
    return IN_ENTRY.format(sub=label, entry=entry)


def _error(path: str, code: str, text: Text) -> FieldError:
    return FieldError(field=path, code=code, message_id=text.id, message_en=text.en)


def apply_defaults(form: FormDef, data: dict[str, Any]) -> dict[str, Any]:
    """A copy of `data` with defaults filled in and valid date-times normalised to UTC."""
    return _fill(form.fields, data)


def _fill(fields: tuple[FieldDef, ...], data: dict[str, Any]) -> dict[str, Any]:
    filled = copy.deepcopy(data)
    for field in fields:
        value = filled.get(field.id)
        if values.is_empty(value) and field.default is not None:
            filled[field.id] = copy.deepcopy(field.default)
        elif field.type == "datetime":
            moment = values.parse_datetime(value)
            if moment is not None and moment.tzinfo is not None:
                filled[field.id] = values.to_utc_iso(moment)
        elif field.type == "group" and isinstance(value, list):
            filled[field.id] = [
                _fill(field.fields, item) if isinstance(item, dict) else item for item in value
            ]
    return filled
