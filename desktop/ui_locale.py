"""The Qt locale of the interface language: Indonesian month and day names, dd/mm/yyyy, comma decimals."""

from __future__ import annotations

from PySide6.QtCore import QLocale


def interface_locale(lang: str) -> QLocale:
    """Indonesian (Indonesia) for "id", English with the same day-first dates for "en"."""
    if lang == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    return QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)


def decimal(text: str, lang: str) -> str:
    """A number written with a dot ("3.6954") in the interface language's way ("3,6954" in id)."""
    return text.replace(".", ",") if lang != "en" else text
