"""Adaptive batch sizing: a per-request byte budget sized to the measured link.

A request should take a few seconds on the link, whatever its speed: long enough that
the round trip is a small overhead, short enough that losing it to a cut costs little.
The sizer measures round-trip time and throughput from the requests it sees, halves
its ceiling after a failure or timeout and widens it again after successes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sync.wire import MAX_ITEMS_PER_PUSH

PIPELINE = 3  # pushes in flight at least: one going up, one answered, one waiting
DEEP_PIPELINE = 8  # at most, with small requests on a link that drops every few hundred kB
# Seconds of link time in flight: enough that the uplink never idles for a round trip or
# the server's work, little enough that on a modem that queues 30 s an urgent report (and
# the PC's other traffic) waits behind at most this much of our bulk: with its own transfer
# and a round trip, an urgent report is at the server within 10 s.
IN_FLIGHT_SECONDS = 8.0
# Seconds of link time one request should take: the `PIPELINE` requests always in flight
# together take `IN_FLIGHT_SECONDS`.
REQUEST_SECONDS = IN_FLIGHT_SECONDS / PIPELINE
REQUEST_OVERHEAD = 800  # wire bytes a request costs besides its payload: headers, the answer


@dataclass(frozen=True, slots=True)
class BatchLimits:
    """What the next request may carry: items, uncompressed item bytes, attachment chunk bytes."""

    max_items: int
    max_bytes: int
    chunk_bytes: int


SMALL_EXCHANGE = 2048  # wire bytes (both ways) of an exchange that measures latency only


class LinkEstimator:
    """Round-trip time (the fastest small exchange seen) and throughput (EWMA over sizeable
    requests). A big request says nothing about the round trip: taken as one, its transfer
    time once made the link look eight times faster than it was."""

    def __init__(self) -> None:
        self.rtt: float | None = None
        self.throughput: float | None = None  # bytes per second, one direction

    def observe(self, *, bytes_total: int, elapsed: float) -> None:
        """Feed one finished request: wire bytes both ways and its wall time in seconds."""
        if elapsed <= 0:
            return
        if bytes_total < SMALL_EXCHANGE:  # it says nothing about throughput, only latency
            self.rtt = elapsed if self.rtt is None else min(self.rtt, elapsed)
            return
        transfer = elapsed - (self.rtt or 0.0)
        if transfer < 0.05:
            return
        sample = bytes_total / transfer
        self.throughput = (
            sample if self.throughput is None else 0.7 * self.throughput + 0.3 * sample
        )


class BatchSizer:
    """Decides how much the next push or chunk may carry; halve on failure, grow on success."""

    def __init__(
        self,
        *,
        target_seconds: float = REQUEST_SECONDS,
        min_bytes: int = 2048,
        max_bytes: int = 4 * 1024 * 1024,
        initial_bytes: int = 16 * 1024,
        initial_items: int = 50,
        max_items: int = MAX_ITEMS_PER_PUSH,
    ) -> None:
        self.link = LinkEstimator()
        self.target_seconds = target_seconds
        self.min_bytes = min_bytes
        self.max_bytes = max_bytes
        self._ceiling = initial_bytes
        self._items = initial_items
        self._max_items = max_items
        self._compression = 0.35  # wire bytes / raw bytes; learned from pushes
        self._since_drop = 0  # wire bytes through since the last failure
        self._drop_interval: float | None = None  # typical wire bytes between failures

    def drop_budget(self) -> int | None:
        """Request size that wastes least on a link that drops every `_drop_interval` bytes.

        A request of s bytes is lost with probability ~s/D and then costs ~s/2, while each
        request also costs a fixed overhead O: s = sqrt(2·O·D) minimises (O/s + s/(2·D)).
        A link that has stayed up longer than usual widens it again.
        """
        if self._drop_interval is None:
            return None
        return int(math.sqrt(2 * REQUEST_OVERHEAD * max(self._drop_interval, self._since_drop)))

    def resume_from(self) -> int:
        """Body size from which, after a cut, asking the server how much of it arrived pays:
        the question is one small exchange (under `REQUEST_OVERHEAD` wire bytes, its round
        trip overlapped by the other pushes in flight), and a cut body is on average half
        there (all of it when only the answer was lost). Smaller ones, such as an urgent
        report travelling alone, go whole again at once."""
        return 2 * REQUEST_OVERHEAD

    def pipeline_depth(self) -> int:
        """Pushes to keep in flight: `IN_FLIGHT_SECONDS` of link time, at least two (one
        going up while the other's answer comes down); more, smaller ones on a link that
        drops often, so that the other connections carry on while a cut one reconnects."""
        if self.link.throughput is None:
            return PIPELINE
        depth = int(IN_FLIGHT_SECONDS * self.link.throughput / self.wire_budget())
        return max(PIPELINE, min(DEEP_PIPELINE, depth))

    def wire_budget(self) -> int:
        """Bytes one request may put on the wire."""
        budget = self._ceiling
        if self.link.throughput is not None:
            budget = min(budget, int(self.link.throughput * self.target_seconds))
        drop_budget = self.drop_budget()
        if drop_budget is not None:
            budget = min(budget, drop_budget)
        return max(self.min_bytes, budget)

    def limits(self) -> BatchLimits:
        wire = self.wire_budget()
        return BatchLimits(
            max_items=self._items,
            max_bytes=max(self.min_bytes, int(wire / self._compression)),
            chunk_bytes=wire,
        )

    def record_success(self, *, wire_bytes: int, raw_bytes: int = 0) -> None:
        """A request went through: widen the ceiling; a push (`raw_bytes`) also teaches compression."""
        if raw_bytes > 0 and wire_bytes > 0:
            self._compression = 0.7 * self._compression + 0.3 * min(1.0, wire_bytes / raw_bytes)
        if wire_bytes >= self._ceiling // 2:
            self._ceiling = min(self.max_bytes, int(self._ceiling * 1.5))
        self._items = min(self._max_items, self._items * 2)

    def carried(self, wire_bytes: int) -> None:
        """The link carried a whole request and its answer (both directions count towards a drop)."""
        self._since_drop += wire_bytes

    def dropped(self) -> None:
        """A connection ended under a request (sent again at once, not a failure): learn how
        often the link drops, so that requests get the size that wastes least."""
        if self._since_drop:  # failures in a row (server down) say nothing about the interval
            sample = float(self._since_drop)
            self._drop_interval = (
                sample if self._drop_interval is None else 0.7 * self._drop_interval + 0.3 * sample
            )
        self._since_drop = 0

    def record_failure(self) -> None:
        """A request was cut or timed out: halve what the next one carries."""
        self.dropped()
        self._ceiling = max(self.min_bytes, min(self._ceiling, self.wire_budget()) // 2)
        self._items = max(1, self._items // 2)

    def read_timeout(self, wire_bytes: int) -> float:
        """Seconds to wait for an answer to a request of `wire_bytes`: generous, never endless."""
        rate = self.link.throughput or 4000.0  # assume the worst link until measured
        rtt = self.link.rtt or 1.0
        return min(300.0, 15.0 + 3.0 * (wire_bytes / rate + rtt))
