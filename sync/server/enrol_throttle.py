"""Failed attempts counted per caller address, so guessing enrolment codes is slow."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable


class FailureThrottle:
    """At most `limit` failures per address within `window` seconds, then refuse until one ages out.

    Kept in the process's memory (a guesser spread over several processes gets each one's
    allowance); at most `max_addresses` addresses are remembered, the least recent dropped.
    """

    def __init__(
        self,
        *,
        limit: int,
        window: float,
        max_addresses: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.max_addresses = max_addresses
        self._clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, address: str) -> int:
        """0 if `address` may try now, else the seconds until it may."""
        with self._lock:
            failures = self._recent(address)
            if len(failures) < self.limit:
                return 0
            return max(1, int(failures[0] + self.window - self._clock()) + 1)

    def failed(self, address: str) -> None:
        with self._lock:
            self._recent(address).append(self._clock())
            self._failures.move_to_end(address)
            while len(self._failures) > self.max_addresses:
                self._failures.popitem(last=False)

    def _recent(self, address: str) -> deque[float]:
        failures = self._failures.setdefault(address, deque())
        horizon = self._clock() - self.window
        while failures and failures[0] <= horizon:
            failures.popleft()
        return failures
