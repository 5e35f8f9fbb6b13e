"""How far the PC clock is from the server's, read from the `Date` header of every answer.

Office PCs are often set to WIB or WITA instead of WIT, or simply wrong: a report dated on
such a PC carries a time hours off. The server's time orders events anyway, but the clerk
should fix the clock. `ClockWatch.attach(session)` hooks a `requests.Session`; `offset`
is then server time minus PC time in seconds (positive: the PC is behind).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime

import requests

log = logging.getLogger(__name__)

WARN_AFTER_SECONDS = 600.0  # a difference the clerk is told about (10 minutes)


def clock_is_wrong(offset: float | None) -> bool:
    """Whether a measured offset is large enough to tell the clerk."""
    return offset is not None and abs(offset) > WARN_AFTER_SECONDS


def split_offset(seconds: float) -> tuple[int, int, int]:
    """The size of an offset as (days, hours, minutes), rounded to the minute."""
    days, rest = divmod(round(abs(seconds) / 60), 24 * 60)
    hours, minutes = divmod(rest, 60)
    return days, hours, minutes


def clock_warning(offset: float | None) -> str | None:
    """An English sentence for the CLI when the PC clock is off, else None."""
    if offset is None or not clock_is_wrong(offset):
        return None
    days, hours, minutes = split_offset(offset)
    size = f"{days} d" if days else f"{hours} h {minutes} min" if hours else f"{minutes} min"
    return (f"this PC's clock is {size} {'behind' if offset > 0 else 'ahead of'} the server's; "
            "set the date, time and time zone (UTC+09:00, WIT) in Windows' Date & time settings")


class ClockWatch:
    """The latest offset seen on any answer (thread-safe: pushes run two at a time)."""

    def __init__(self, *, now: Callable[[], float] = time.time) -> None:
        self._now = now
        self._lock = threading.Lock()
        self._offset: float | None = None

    @property
    def offset(self) -> float | None:
        with self._lock:
            return self._offset

    def attach(self, session: requests.Session) -> None:
        session.hooks["response"].append(self.observe)

    def observe(self, response: requests.Response, *_args, **_kwargs) -> None:
        """A `requests` response hook: learn the offset from the answer's `Date` header."""
        stamp = response.headers.get("Date")
        if not stamp:
            return
        try:
            server = parsedate_to_datetime(stamp).timestamp()
        except (TypeError, ValueError, IndexError):
            log.debug("unreadable Date header %r", stamp)
            return
        # The server stamped its answer between our request leaving and its answer arriving:
        # take the middle of that round trip (on a deep-buffered link it can be many seconds).
        elapsed = response.elapsed.total_seconds() if response.elapsed else 0.0
        offset = server - (self._now() - elapsed / 2)
        with self._lock:
            self._offset = offset
