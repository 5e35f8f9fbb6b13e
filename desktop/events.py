"""App-wide change notifications: after a change, one signal; each view decides whether to reload."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    reports_changed = Signal()  # a report was created, saved, submitted, delivered, reviewed…
    settings_changed = Signal()


_events: AppEvents | None = None


def events() -> AppEvents:
    """The single AppEvents instance (created on first use, on the GUI thread)."""
    global _events
    if _events is None:
        _events = AppEvents()
    return _events
