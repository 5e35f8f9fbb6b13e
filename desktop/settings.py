"""GUI-only settings (language, window layout) in `pantau-desktop.ini` beside the database.

Not `desktop.ini`, as it was: that is Explorer's own file name for a folder's look (icon,
hidden attribute), which Windows reads and rewrites. An old `desktop.ini` of ours is renamed.

Typed accessors with their defaults in one place; no string keys at call sites. The
language is read before the store opens, hence not in the store. Everything else (office,
server URL, CA bundle, sync interval, photo size and quality) lives in `sync.store.settings`.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from sync import fileio

log = logging.getLogger(__name__)

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
SETTINGS_FILE = "pantau-desktop.ini"
_OLD_SETTINGS_FILE = "desktop.ini"  # until 2026-12; Explorer's name
_OUR_GROUPS = ("[ui]", "[window]", "[folders]")


def _migrate_old_file(data_dir: Path) -> None:
    """Rename our old `desktop.ini` once; one that Explorer wrote ([.ShellClassInfo]) is left alone."""
    old, new = data_dir / _OLD_SETTINGS_FILE, data_dir / SETTINGS_FILE
    if new.exists() or not old.is_file():
        return
    try:
        text = old.read_text(encoding="utf-8", errors="replace")
        if any(line.strip() in _OUR_GROUPS for line in text.splitlines()):
            fileio.replace(old, new)
            log.info("GUI settings moved from %s to %s", old, new)
    except OSError as exc:  # the defaults then; the old file stays for the next start
        log.warning("could not move the GUI settings from %s: %s", old, exc)


class GuiSettings:
    """Typed view of the desktop's own settings file for one data folder."""

    def __init__(self, data_dir: Path) -> None:
        _migrate_old_file(Path(data_dir))
        self._q = QSettings(str(Path(data_dir) / SETTINGS_FILE), QSettings.Format.IniFormat)

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
