"""Measuring GUI responsiveness: a 10 ms QTimer whose longest gap between ticks is the worst stall."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

TICK_MS = 10


class LoopWatch:
    """`start()`, run the event loop, `stop()`; then `.worst` (s) and `.stalls` over `limit`."""

    def __init__(self, limit: float = 0.050) -> None:
        self.limit = limit
        self.worst = 0.0
        self.ticks = 0
        self.stalls: list[tuple[float, float]] = []  # (seconds since start, gap)
        self.started = self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.started = self._last = time.perf_counter()
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self._last
        if gap > self.limit:
            self.stalls.append((round(now - self.started, 2), round(gap, 3)))
        self.worst = max(self.worst, gap)
        self.ticks += 1
        self._last = now

    def stop(self) -> None:
        self._timer.stop()
