"""The validator's messages in Indonesian and English; `{label}` names the field."""

from __future__ import annotations

from typing import Any

from sync.forms.text import Text

MESSAGES: dict[str, Text] = {
    "required": Text("{label} wajib diisi.", "{label} is required."),
    "unknown_field": Text(
        "Kolom «{name}» tidak dikenal di {where}.", "Unknown field «{name}» in {where}."
    ),
    "not_object": Text(
        "Isian {where} harus berupa objek JSON berisi kolom-kolomnya.",
        "The values of {where} must be a JSON object of its fields.",
    ),
    "text": Text("{label} harus berupa teks.", "{label} must be text."),
    "nul": Text(
        "{label} berisi karakter NUL yang tidak diperbolehkan.",
        "{label} contains a NUL character, which is not allowed.",
    ),
    "max_length": Text(
        "{label} terlalu panjang (paling banyak {max} karakter).",
        "{label} is too long (at most {max} characters).",
    ),
    "integer": Text("{label} harus berupa bilangan bulat.", "{label} must be a whole number."),
    "money": Text(
        "{label} harus berupa jumlah rupiah tanpa desimal (bilangan bulat, paling kecil 0).",
        "{label} must be an amount in rupiah without decimals (a whole number, at least 0).",
    ),
    "min": Text("{label} tidak boleh kurang dari {min}.", "{label} must not be less than {min}."),
    "max": Text("{label} tidak boleh lebih dari {max}.", "{label} must not be more than {max}."),
    "date": Text(
        "{label} harus berupa tanggal dengan format TTTT-BB-HH, mis. 2024-02-14.",
        "{label} must be a date written YYYY-MM-DD, e.g. 2024-02-14.",
    ),
    "date_min": Text("{label} tidak boleh sebelum {min}.", "{label} must not be before {min}."),
    "date_max": Text("{label} tidak boleh setelah {max}.", "{label} must not be after {max}."),
    "datetime": Text(
        "{label} harus berupa tanggal dan jam ISO 8601, mis. 2024-02-14T10:30:00+09:00.",
        "{label} must be an ISO 8601 date and time, e.g. 2024-02-14T10:30:00+09:00.",
    ),
    "datetime_offset": Text(
        "{label} harus menyertakan zona waktu, mis. +09:00 untuk WIT.",
        "{label} must include a time-zone offset, e.g. +09:00 for WIT.",
    ),
    "choice": Text(
        "{label}: pilihan «{value}» tidak dikenal.", "{label}: «{value}» is not one of the choices."
    ),
    "choice_list": Text(
        "{label} harus berupa daftar pilihan.", "{label} must be a list of choices."
    ),
    "duplicate": Text(
        "{label}: «{value}» disebut lebih dari sekali.",
        "{label}: «{value}» is listed more than once.",
    ),
    "min_items": Text(
        "{label} harus berisi paling sedikit {min} butir.", "{label} needs at least {min} items."
    ),
    "max_items": Text(
        "{label} paling banyak berisi {max} butir.", "{label} takes at most {max} items."
    ),
    "boolean": Text("{label} harus berupa ya atau tidak.", "{label} must be yes or no."),
    "region": Text(
        "{label} harus berupa kode wilayah Kemendagri, mis. 81.01.01.",
        "{label} must be a Kemendagri region code, e.g. 81.01.01.",
    ),
    "region_unknown": Text(
        "{label}: kode wilayah «{value}» tidak dikenal.", "{label}: unknown region code «{value}»."
    ),
    "region_level": Text(
        "{label}: «{value}» bukan kode {level}.", "{label}: «{value}» is not a {level} code."
    ),
    "region_outside": Text(
        "{label} harus berada di {office}.", "{label} must lie within {office}."
    ),
    "region_parent": Text(
        "{label}: «{value}» tidak berada di kecamatan {parent} yang dipilih.",
        "{label}: «{value}» is not in the chosen kecamatan, {parent}.",
    ),
    "coordinates": Text(
        "{label} harus berupa koordinat: lintang (lat) dan bujur (lon) dalam derajat desimal.",
        "{label} must be coordinates: lat and lon in decimal degrees.",
    ),
    "coordinates_outside": Text(
        "{label}: titik berada di luar Provinsi Maluku (lintang −9 s.d. 0, bujur 124 s.d. 136).",
        "{label}: the point lies outside Maluku province (latitude −9 to 0, longitude 124 to 136).",
    ),
    "group": Text("{label} harus berupa daftar isian.", "{label} must be a list of entries."),
    "sha256": Text(
        "{label}: «{value}» bukan sidik SHA-256 yang sah (64 karakter heksadesimal huruf kecil).",
        "{label}: «{value}» is not a valid SHA-256 (64 lowercase hexadecimal characters).",
    ),
}

ENTRY = Text("{label} ke-{n}", "{label} no. {n}")  # one entry of a repeating group
IN_ENTRY = Text("{sub} ({entry})", "{sub} ({entry})")  # a sub-field of that entry

REGION_LEVEL_WORDS = {
    "kecamatan": Text("kecamatan", "kecamatan (district)"),
    "desa": Text("desa atau kelurahan", "desa or kelurahan (village)"),
}


def shown(value: Any, limit: int = 40) -> str:
    """A raw value short enough to quote in a message."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def message(code: str, label: Text, **params: Any) -> Text:
    """The message for `code`, naming the field by its label in each language."""
    return MESSAGES[code].format(label=label, **params)
