"""Figures worked out from the reports, kept while no report or review changes (a minute at most)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fastapi import Request
from sqlmodel import Session, func, select

from sync.server.models import ReportRevision, Review

T = TypeVar("T")
# Two pushes committing side by side can leave the newest sequence number where it was for the
# one that commits second: nothing is kept longer than this, whatever the version says.
KEEP = 60.0
SIZE = 64


def data_version(*, session: Session) -> tuple[Any, ...]:
    """Changes with every revision received and every review made (two primary-key maxima)."""
    newest = select(
        select(func.max(ReportRevision.seq)).scalar_subquery(),
        select(func.max(Review.id)).scalar_subquery(),
    )
    return tuple(session.exec(newest).one())


class Memo:
    """A small least-recently-used store of figures, by key; the key must hold the data version."""

    def __init__(self, *, size: int = SIZE, keep: float = KEEP, clock: Callable[[], float] = time.monotonic) -> None:
        self._size = size
        self._keep = keep
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept for `key`, or `compute()` (outside the lock: two may compute at once)."""
        now = self._clock()
        with self._lock:
            found = self._entries.get(key)
            if found is not None and now - found[0] < self._keep:
                self._entries.move_to_end(key)
                return found[1]
        value = compute()
        with self._lock:
            self._entries[key] = (now, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return value



def memo_of(request: Request) -> Memo:
    """The server process's memo, made by `console.install`."""
    return request.app.state.console_memo
