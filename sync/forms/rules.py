"""Checks across fields, declared in a form's `checks`: comparisons, sums bounded by a field, "not in the future"."""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sync.forms import values
from sync.forms.display import format_value, format_wit, number
from sync.forms.errors import FieldError, FormDefinitionError
from sync.forms.messages import ENTRY, IN_ENTRY
from sync.forms.text import WIT, Text

if TYPE_CHECKING:
    from sync.forms.definition import FieldDef

KINDS = {"date": "date", "datetime": "datetime", "integer": "number", "money": "number"}
OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
# What the left side must be, in words, when the comparison fails.
WORDS = {
    ("time", "<"): Text("harus sebelum", "must be before"),
    ("time", "<="): Text("tidak boleh setelah", "must not be after"),
    ("time", ">"): Text("harus setelah", "must be after"),
    ("time", ">="): Text("tidak boleh sebelum", "must not be before"),
    ("number", "<"): Text("harus kurang dari", "must be less than"),
    ("number", "<="): Text("tidak boleh lebih dari", "must not be more than"),
    ("number", ">"): Text("harus lebih dari", "must be more than"),
    ("number", ">="): Text("tidak boleh kurang dari", "must not be less than"),
}
COMPARED = Text("{left} ({lvalue}) {words} {right} ({rvalue}).", "{left} ({lvalue}) {words} {right} ({rvalue}).")
FUTURE = Text(
    "{label} ({value}) tidak boleh di masa depan (sekarang {now}).",
    "{label} ({value}) must not be in the future (it is now {now}).",
)
ALL_ENTRIES = Text("{sub} (semua {group})", "{sub} (all {group})")
PLUS = " + "
CHECK_KEYS = ({"left", "op", "right", "message"}, {"not_future", "tolerance_hours", "message"})


@dataclasses.dataclass(frozen=True, slots=True)
class Ref:
    """A field named by a check: `field` at the top level, or `group.field` in each entry of a group."""

    group: FieldDef | None
    field: FieldDef

    @property
    def kind(self) -> str:
        return KINDS[self.field.type]


@dataclasses.dataclass(frozen=True, slots=True)
class Operand:
    """One side of a comparison: one field, or the sum of several (a group's sub-field sums its entries)."""

    refs: tuple[Ref, ...]
    is_sum: bool


@dataclasses.dataclass(frozen=True, slots=True)
class Check:
    """`left op right`, or (when `right` is None) "left is not later than now + tolerance"."""

    left: Operand
    op: str = "<="
    right: Operand | None = None
    tolerance: timedelta = timedelta(0)
    message: Text | None = None


# ---------------------------------------------------------------- definition


def parse_checks(raw: Any, fields: tuple[FieldDef, ...], where: str) -> tuple[Check, ...]:
    """The `checks` of a form definition; FormDefinitionError says which one is wrong and why."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise FormDefinitionError(f"{where}: checks must be a list")
    return tuple(_parse_check(item, fields, f"{where}: checks[{n}]") for n, item in enumerate(raw))


def _parse_check(raw: Any, fields: tuple[FieldDef, ...], where: str) -> Check:
    comparison, future = CHECK_KEYS
    if not isinstance(raw, dict) or not (
        ({"left", "op", "right"} <= set(raw) <= comparison) or ("not_future" in raw and set(raw) <= future)
    ):
        raise FormDefinitionError(
            f'{where} must be {{"left": …, "op": "<"|"<="|">"|">=", "right": …}} '
            f'or {{"not_future": field, "tolerance_hours": n}} (either with an optional "message")'
        )
    message = _message(raw.get("message"), where)
    if "not_future" in raw:
        operand = _operand(raw["not_future"], fields, where, allow_sum=False)
        if operand.refs[0].kind == "number":
            raise FormDefinitionError(f"{where}: not_future needs a date or datetime field")
        hours = raw.get("tolerance_hours", 0)
        if not values.is_number(hours) or hours < 0:
            raise FormDefinitionError(f"{where}: tolerance_hours must be a number ≥ 0")
        return Check(left=operand, tolerance=timedelta(hours=hours), message=message)
    if raw.get("op") not in OPERATORS:
        raise FormDefinitionError(f"{where}: op must be one of {', '.join(OPERATORS)}")
    left = _operand(raw.get("left"), fields, where, allow_sum=True)
    right = _operand(raw.get("right"), fields, where, allow_sum=True)
    kinds = {ref.kind for ref in left.refs + right.refs}
    if len(kinds) != 1:
        raise FormDefinitionError(
            f"{where}: both sides must be dates, date-times or numbers alike, not {' and '.join(sorted(kinds))}"
        )
    per_entry = None if left.is_sum else left.refs[0].group
    if not right.is_sum and right.refs[0].group not in (None, per_entry):
        raise FormDefinitionError(
            f"{where}: a group's field is compared entry by entry: put it on the left, with top-level "
            "fields or fields of the same group on the right"
        )
    return Check(left=left, op=raw["op"], right=right, message=message)


def _message(raw: Any, where: str) -> Text | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"id", "en"} or not all(
        isinstance(v, str) and v.strip() for v in raw.values()
    ):
        raise FormDefinitionError(f'{where}: message must be {{"id": "…", "en": "…"}}, both non-empty')
    return Text(raw["id"], raw["en"])


def _operand(raw: Any, fields: tuple[FieldDef, ...], where: str, *, allow_sum: bool) -> Operand:
    if isinstance(raw, str):
        return Operand((_ref(raw, fields, where),), is_sum=False)
    if allow_sum and isinstance(raw, dict) and set(raw) == {"sum"} and isinstance(raw["sum"], list) and raw["sum"]:
        refs = tuple(_ref(path, fields, where) for path in raw["sum"])
        if any(ref.kind != "number" for ref in refs):
            raise FormDefinitionError(f"{where}: a sum adds integer or money fields only")
        return Operand(refs, is_sum=True)
    raise FormDefinitionError(f'{where}: an operand is a field id, "group.field", or {{"sum": [fields]}}')


def _ref(path: Any, fields: tuple[FieldDef, ...], where: str) -> Ref:
    parts = path.split(".") if isinstance(path, str) else []
    top = next((f for f in fields if parts and f.id == parts[0]), None)
    group, field = (None, top) if len(parts) == 1 else (top, None)
    if group is not None and len(parts) == 2 and group.type == "group":
        field = next((f for f in group.fields if f.id == parts[1]), None)
    if field is None or field.type not in KINDS:
        raise FormDefinitionError(
            f"{where}: {path!r} must name a date, datetime, integer or money field (\"group.field\" inside a group)"
        )
    return Ref(group, field)


# ---------------------------------------------------------------- evaluation


def check_rules(
    checks: tuple[Check, ...], data: dict[str, Any], *, now: datetime | None = None
) -> Iterator[FieldError]:
    """The problems `checks` find in `data`; a check whose fields are empty or invalid is skipped
    (the field's own message says what is wrong with it)."""
    moment = now or datetime.now(UTC)
    for check in checks:
        for entry, path in _contexts(check, data):
            yield from _evaluate(check, data, entry, path, moment)


def _contexts(check: Check, data: dict[str, Any]) -> Iterator[tuple[tuple[int, dict[str, Any]] | None, str]]:
    """Where the check applies: once, or once per entry of the group its left field lies in."""
    ref = check.left.refs[0]
    if check.left.is_sum or ref.group is None:
        yield None, ref.group.id if ref.group else ref.field.id
        return
    entries = data.get(ref.group.id)
    for index, item in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(item, dict):
            yield (index, item), f"{ref.group.id}[{index}].{ref.field.id}"


def _evaluate(
    check: Check, data: dict[str, Any], entry: tuple[int, dict[str, Any]] | None, path: str, now: datetime
) -> Iterator[FieldError]:
    left = _value(check.left, data, entry)
    if left is None:
        return
    if check.right is None:
        if _is_future(left, now + check.tolerance):
            text = check.message or FUTURE.format(
                label=_label(check.left, entry), value=_shown(check.left, left), now=format_wit(now)
            )
            yield FieldError(path, "future", text.id, text.en)
        return
    right = _value(check.right, data, entry)
    if right is None or OPERATORS[check.op](left, right):
        return
    kind = "number" if check.left.refs[0].kind == "number" else "time"
    text = check.message or COMPARED.format(
        left=_label(check.left, entry),
        lvalue=_shown(check.left, left),
        words=WORDS[kind, check.op],
        right=_label(check.right, entry),
        rvalue=_shown(check.right, right),
    )
    yield FieldError(path, "check", text.id, text.en)


def _value(operand: Operand, data: dict[str, Any], entry: tuple[int, dict[str, Any]] | None) -> Any:
    if not operand.is_sum:
        return _read(operand.refs[0], _raw(operand.refs[0], data, entry))
    total, seen = 0, False
    for ref in operand.refs:
        raws = data.get(ref.group.id) if ref.group else [data]
        for item in raws if isinstance(raws, list) else []:
            raw = item.get(ref.field.id) if isinstance(item, dict) else None
            if values.is_empty(raw):
                raw = ref.field.default
            if values.is_empty(raw):
                continue
            if not values.is_integer(raw):
                return None  # a bad amount: its own message, and no sum to compare
            total, seen = total + raw, True
    return total if seen else None


def _raw(ref: Ref, data: dict[str, Any], entry: tuple[int, dict[str, Any]] | None) -> Any:
    source = entry[1] if ref.group is not None and entry is not None else data
    raw = source.get(ref.field.id)
    return ref.field.default if values.is_empty(raw) else raw


def _read(ref: Ref, raw: Any) -> Any:
    if values.is_empty(raw):
        return None
    if ref.kind == "number":
        return raw if values.is_integer(raw) else None
    if ref.kind == "date":
        return values.parse_date(raw)
    moment = values.parse_datetime(raw)
    return moment if moment is not None and moment.tzinfo is not None else None


def _is_future(value: date | datetime, limit: datetime) -> bool:
    if isinstance(value, datetime):
        return value > limit
    return value > limit.astimezone(WIT).date()


def _label(operand: Operand, entry: tuple[int, dict[str, Any]] | None) -> Text:
    labels = []
    for ref in operand.refs:
        if ref.group is None:
            labels.append(ref.field.label_text)
        elif operand.is_sum or entry is None:
            labels.append(ALL_ENTRIES.format(sub=ref.field.label_text, group=ref.group.label_text))
        else:
            where = ENTRY.format(label=ref.group.label_text, n=entry[0] + 1)
            labels.append(IN_ENTRY.format(sub=ref.field.label_text, entry=where))
    return Text(PLUS.join(t.id for t in labels), PLUS.join(t.en for t in labels))


def _shown(operand: Operand, value: Any) -> Text:
    field = operand.refs[0].field
    if isinstance(value, datetime):
        return Text(format_wit(value), format_wit(value))
    if isinstance(value, date):
        return Text(value.strftime("%d/%m/%Y"), value.strftime("%d/%m/%Y"))
    if field.type == "money":
        return Text(format_value(field, value, "id"), format_value(field, value, "en"))
    return Text(number(value, "id"), number(value, "en"))
