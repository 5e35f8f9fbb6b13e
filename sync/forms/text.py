"""Bilingual text (Indonesian first, English second) and the WIT time zone used for display."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta, timezone
from typing import Any

LANGS = ("id", "en")
# Maluku is on WIT (Asia/Jayapura): UTC+9 all year, no daylight saving, so a fixed offset
# is exact and needs no tz database on the office PC.
WIT = timezone(timedelta(hours=9), "WIT")


@dataclass(frozen=True, slots=True)
class Text:
    id: str
    en: str

    def get(self, lang: str = "id") -> str:
        return self.en if lang == "en" else self.id

    def format(self, **params: Any) -> Text:
        """Fill both templates; a Text parameter gives each language its own words."""
        return Text(self.id.format(**_in(params, "id")), self.en.format(**_in(params, "en")))


def _in(params: dict[str, Any], lang: str) -> dict[str, Any]:
    return {k: v.get(lang) if isinstance(v, Text) else v for k, v in params.items()}
