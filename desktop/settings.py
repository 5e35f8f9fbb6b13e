"""GUI-only settings (language, window layout) in `desktop.ini` beside the database.

Typed accessors with their defaults in one place; no string keys at call sites. The
language is read before the store opens, hence not in the store. Everything else (office,
server URL, CA bundle, sync interval, photo size and quality) lives in `sync.store.settings`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


class GuiSettings:
    """Typed view of the desktop's own settings file for one data folder."""

    def __init__(self, data_dir: Path) -> None:
        self._q = QSettings(str(Path(data_dir) / "desktop.ini"), QSettings.Format.IniFormat)

    def language(self) -> str:
        value = str(self._q.value("ui/language", DEFAULT_LANGUAGE))
        return value if value in LANGUAGES else DEFAULT_LANGUAGE

    def set_language(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
        self._q.setValue("ui/language", lang)

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        """Saved (geometry, header state) of the main window, or None for the defaults."""
        geometry = self._q.value("window/geometry")
        header = self._q.value("window/header")
        return (geometry if isinstance(geometry, QByteArray) else None,
                header if isinstance(header, QByteArray) else None)

    def set_window_state(self, geometry: QByteArray, header: QByteArray) -> None:
        self._q.setValue("window/geometry", geometry)
        self._q.setValue("window/header", header)

    def last_folder(self, purpose: str) -> str:
        """The folder a file dialog for `purpose` ("photos", "pdf", …) last used; home at first."""
        value = str(self._q.value(f"folders/{purpose}", ""))
        return value if value and Path(value).is_dir() else str(Path.home())

    def set_last_folder(self, purpose: str, folder: str) -> None:
        self._q.setValue(f"folders/{purpose}", folder)

    def sync(self) -> None:
        """Write pending changes to disk now (they are otherwise written on exit)."""
        self._q.sync()


@cache
def gui_settings(data_dir: Path) -> GuiSettings:
    """The GuiSettings of a data folder, e.g. `gui_settings(ctx.store.data_dir).jpeg_quality()`."""
    return GuiSettings(Path(data_dir))
