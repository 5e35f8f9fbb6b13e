"""The app's icons, loaded once from `resources/icons/` (works in the PyInstaller bundle too)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from sync.paths import resource_path
from sync.store.schemas import ReportState


@cache
def icon(name: str) -> QIcon:
    """The icon `resources/icons/<name>.svg`; a null icon (and a log line by Qt) if missing."""
    return QIcon(str(resource_path("icons", f"{name}.svg")))


def state_icon(state: ReportState, *, sending: bool = False) -> QIcon:
    """The icon for a report state; `sending` shows a queued report that is on its way now."""
    if sending and state in (ReportState.QUEUED, ReportState.BUNDLED):
        return icon("state_sending")
    return icon(f"state_{state.value}")
