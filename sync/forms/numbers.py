"""Reading whole numbers as Indonesians write them (7.500.000, 7.500.000,00, 1,5 juta) — exactly or not at all."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sync.forms.errors import FieldError
from sync.forms.text import Text

if TYPE_CHECKING:
    from sync.forms.definition import FieldDef

# Dots group thousands, a comma starts the decimals; words scale (15 miliar = 15.000.000.000).
_NUMBER = re.compile(r"^(?P<sign>-?)(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?$", re.ASCII)
_SCALES = {
    "ribu": 10**3,
    "rb": 10**3,
    "juta": 10**6,
    "jt": 10**6,
    "miliar": 10**9,
    "milyar": 10**9,
    "triliun": 10**12,
}
_SCALED = re.compile(r"^(?P<number>-?[\d.,]+)\s*(?P<scale>[a-z]+)\.?$", re.ASCII)
_CURRENCY = re.compile(r"^rp\.?\s*", re.IGNORECASE)

ACCEPTED = Text(
    "Tulis angka bulat, boleh dengan titik ribuan: 7500000, 7.500.000, 7.500.000,00 atau 7,5 juta.",
    "Write a whole number, thousands may be grouped by dots: 7500000, 7.500.000, 7.500.000,00 or 7,5 juta.",
)
UNREADABLE = Text(
    "«{text}» tidak terbaca sebagai angka. " + ACCEPTED.id,
    "«{text}» cannot be read as a number. " + ACCEPTED.en,
)
NOT_WHOLE = Text(
    "«{text}» bukan bilangan bulat; angka di belakang koma harus 0.",
    "«{text}» is not a whole number; the digits after the comma must be 0.",
)
DOT_GROUPS = Text(
    "«{text}»: titik hanya memisahkan ribuan (kelompok 3 angka); desimal ditulis dengan koma.",
    "«{text}»: a dot only groups thousands (groups of 3 digits); decimals take a comma.",
)
COMMA_GROUPS = Text(
    "«{text}»: ribuan dipisah dengan titik, koma untuk desimal (mis. 7.500.000).",
    "«{text}»: thousands are grouped with dots, the comma marks decimals (e.g. 7.500.000).",
)
IN_FIELD = Text("{label}: {problem}", "{label}: {problem}")


class NumberError(ValueError):
    """Text that cannot be read exactly as a whole number; `text` holds the message in both languages."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def parse_number(raw: str) -> int:
    """The whole number written in `raw`; NumberError when it cannot be read exactly.

    Accepted: `7500000`, `7.500.000`, `7.500.000,00`, `Rp 7.500.000`, `-12`, and a number
    followed by ribu/rb, juta/jt, miliar/milyar or triliun (`15 miliar`, `1,5 juta`).
    A value is never rounded or guessed: `7.5`, `7,000`, `7,500,000`, `7.500.000,50` are refused.
    """
    text = " ".join(raw.split())
    body = _CURRENCY.sub("", text).lower()
    scale = 1
    scaled = _SCALED.match(body)
    if scaled and scaled.group("scale") in _SCALES:
        body, scale = scaled.group("number"), _SCALES[scaled.group("scale")]
    match = _NUMBER.match(body)
    if match is None:
        if re.fullmatch(r"-?\d{1,3}(,\d{3})+", body):
            raise NumberError(COMMA_GROUPS.format(text=text))
        if re.fullmatch(r"-?\d+(\.\d+)+(,\d+)?", body):
            raise NumberError(DOT_GROUPS.format(text=text))
        raise NumberError(UNREADABLE.format(text=text))
    if len(match.group("frac") or "") == 3:  # "7,000": seven, or seven thousand written the English way?
        raise NumberError(COMMA_GROUPS.format(text=text))
    number = Decimal(match.group("whole").replace(".", "") + "." + (match.group("frac") or "0"))
    number *= scale
    if number != number.to_integral_value():
        raise NumberError(NOT_WHOLE.format(text=text))
    return -int(number) if match.group("sign") else int(number)


def read_number(value: Any) -> Any:
    """`value` with a string parsed to its whole number (NumberError when unreadable); other values as they are."""
    if isinstance(value, str) and value.strip():
        return parse_number(value)
    return value


def numbers_from_text(
    fields: tuple[FieldDef, ...], data: Any, prefix: str = ""
) -> tuple[Any, list[FieldError]]:
    """A copy of report `data` whose number fields given as text (`"7.500.000"`) hold their
    numbers, and an error for each such text that cannot be read exactly (left unchanged)."""
    if not isinstance(data, dict):
        return data, []
    result, errors = dict(data), []
    for field in fields:
        value = data.get(field.id)
        path = prefix + field.id
        if field.type == "group" and isinstance(value, list):
            entries = [numbers_from_text(field.fields, item, f"{path}[{n}].") for n, item in enumerate(value)]
            result[field.id] = [entry for entry, _ in entries]
            errors += [error for _, found in entries for error in found]
        elif field.type in ("integer", "money"):
            try:
                result[field.id] = read_number(value)
            except NumberError as exc:
                text = IN_FIELD.format(label=field.label_text, problem=exc.text)
                errors.append(FieldError(path, "number_text", text.id, text.en))
    return result, errors
