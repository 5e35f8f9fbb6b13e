"""Exponential backoff with full jitter, capped (AWS architecture blog's "Full Jitter")."""

from __future__ import annotations

import random


class Backoff:
    """Delays of `uniform(0, min(cap, base * 2**attempt))` seconds; `reset()` after a success."""

    def __init__(
        self, *, base: float = 1.0, cap: float = 300.0, rng: random.Random | None = None
    ) -> None:
        if base <= 0 or cap < base:
            raise ValueError("backoff needs 0 < base <= cap")
        self.base = base
        self.cap = cap
        self.attempt = 0
        self._rng = rng or random.Random()

    def ceiling(self) -> float:
        """The upper bound of the next delay."""
        return min(self.cap, self.base * 2.0 ** min(self.attempt, 62))

    def next_delay(self) -> float:
        """The delay to wait before the next attempt; each call widens the window."""
        delay = self._rng.uniform(0.0, self.ceiling())
        self.attempt += 1
        return delay

    def reset(self) -> None:
        self.attempt = 0
