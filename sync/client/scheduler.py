"""When to sync, without Qt: after a submit, every N minutes while there is work, when the
server is reachable again, and on demand. Run `Scheduler.run()` in a thread; stop cooperatively.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from sync.client import progress as outcomes
from sync.client.backoff import Backoff
from sync.client.batching import BatchSizer
from sync.client.clock import ClockWatch
from sync.client.engine import PATIENCE, SyncEngine
from sync.client.enrollment import transport_for
from sync.client.errors import SyncAuthError, SyncError, SyncNoAnswer, SyncUnavailable
from sync.client.progress import CONNECTED, DISCONNECTED, UNANSWERED, SyncProgress, SyncResult
from sync.client.transport import Transport
from sync.store import Store
from sync.store.outbox import pending_count
from sync.store.settings import get_sync_interval_minutes

log = logging.getLogger(__name__)

IDLE_FACTOR = 4  # with nothing to send, still pull feedback every IDLE_FACTOR intervals
MAX_WAIT = 60.0  # never sleep longer than this without looking again


class Scheduler:
    """Decides when a pass runs and runs it; callbacks are called on the scheduler's thread."""

    def __init__(
        self,
        store: Store,
        *,
        on_progress: Callable[[SyncProgress], None] | None = None,
        on_result: Callable[[SyncResult], None] | None = None,
        on_error: Callable[[SyncError], None] | None = None,
        on_link_state: Callable[[str], None] | None = None,
        on_clock: Callable[[float], None] | None = None,
        clock: ClockWatch | None = None,
        interval_seconds: float | None = None,
        probe_backoff: Backoff | None = None,
        submit_delay: float = 1.0,
        retry_backoff: Backoff | None = None,
        patience: float = PATIENCE,
        transport_factory: Callable[..., Transport] = transport_for,
    ) -> None:
        self.store = store
        self.on_progress = on_progress or (lambda p: None)
        self.on_result = on_result or (lambda r: None)
        self.on_error = on_error or (lambda e: None)
        self.on_link_state = on_link_state or (lambda state: None)
        self.on_clock = on_clock or (lambda offset: None)  # server minus PC time, after each pass
        self.clock = clock or ClockWatch()
        self.interval_seconds = interval_seconds
        self.probe_backoff = probe_backoff or Backoff(base=15.0, cap=300.0)
        self.submit_delay = submit_delay
        self.retry_backoff = retry_backoff or Backoff(base=0.25, cap=30.0)
        self.patience = patience
        self._transport_factory = transport_factory
        self._sizer = BatchSizer()  # what was learnt about the link outlives one transport
        self._transport: Transport | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._due_at: float | None = time.monotonic()  # the first look happens at once
        self._reachable: bool | None = None
        self._link_state: str | None = None
        self._next_probe = 0.0
        self._blocked = False  # token refused or not enrolled: wait for `request_sync`
        self._last_pass_end = 0.0
        self._quiet_until = 0.0
        self.last_result: SyncResult | None = None

    # -- control (any thread) --------------------------------------------------------------

    def request_sync(self) -> None:
        """Sync now (the clerk asked, or the settings changed)."""
        with self._lock:
            self._blocked = False
            self._due_at = time.monotonic()
        self._wake.set()

    def notify_submitted(self) -> None:
        """A report was submitted: sync shortly (a burst of submits makes one pass)."""
        with self._lock:
            soon = time.monotonic() + self.submit_delay
            self._due_at = soon if self._due_at is None else min(self._due_at, soon)
        self._wake.set()

    def stop(self) -> None:
        """Stop now: requests in flight are abandoned (the store has all that was
        acknowledged; the rest is sent again next time) and `run()` returns at once."""
        self._stop.set()
        self._wake.set()
        transport = self._transport
        if transport is not None:
            transport.abort()

    @property
    def reachable(self) -> bool | None:
        return self._reachable

    @property
    def link_state(self) -> str | None:
        """`CONNECTED`, `UNANSWERED` or `DISCONNECTED`; None until known."""
        return self._link_state

    # -- the loop (the scheduler's thread) -------------------------------------------------

    def run(self, *, until_idle: bool = False, max_passes: int | None = None) -> SyncResult | None:
        """Loop until `stop()`; `until_idle` returns once the queue is empty or the link is gone."""
        passes = 0
        try:
            while not self._stop.is_set():
                if not self._pass_due():
                    self._sleep()
                    continue
                result = self._run_pass()
                passes += 1
                if max_passes is not None and passes >= max_passes:
                    break
                if until_idle and _idle(result):
                    break
        finally:
            if self._transport is not None:
                self._transport.close()
                self._transport = None
        return self.last_result

    def _pass_due(self) -> bool:
        now = time.monotonic()
        with self._lock:
            requested = self._due_at is not None and now >= self._due_at
            if requested:
                self._due_at = None
        if requested:
            return True
        if self._blocked:
            return False
        if self._reachable is False:
            return now >= self._next_probe and self._probe()
        if now >= self._next_periodic():
            with self.store.session() as session:
                pending, _ = pending_count(session=session)
            if pending > 0 or now >= self._last_pass_end + IDLE_FACTOR * self._interval():
                return True
            self._quiet_until = now + self._interval()  # nothing to send: look again later
        return False

    def _interval(self) -> float:
        if self.interval_seconds is not None:
            return self.interval_seconds
        with self.store.session() as session:
            return 60.0 * get_sync_interval_minutes(session=session)

    def _next_periodic(self) -> float:
        return max(self._last_pass_end + self._interval(), self._quiet_until)

    def _sleep(self) -> None:
        now = time.monotonic()
        deadlines = [now + MAX_WAIT]
        with self._lock:
            if self._due_at is not None:
                deadlines.append(self._due_at)
        if not self._blocked:
            deadlines.append(
                self._next_probe if self._reachable is False else self._next_periodic()
            )
        self._wake.wait(max(0.05, min(deadlines) - now))
        self._wake.clear()

    def _probe(self) -> bool:
        """The cheap health probe; schedules the next one with backoff when it fails."""
        try:
            self._connect().health()
        except SyncUnavailable as exc:
            self._next_probe = time.monotonic() + self.probe_backoff.next_delay()
            self._set_link(UNANSWERED if isinstance(exc, SyncNoAnswer) else DISCONNECTED)
            log.info("server still unreachable (%s)", exc)
            return False
        except SyncError as exc:
            self._fail(exc)
            return False
        self._set_reachable(True)
        self._report_clock()
        return True

    def _connect(self) -> Transport:
        if self._transport is None:
            self._transport = self._transport_factory(self.store, sizer=self._sizer)
            self.clock.attach(self._transport.session)
        return self._transport

    def _run_pass(self) -> SyncResult:
        try:
            transport = self._connect()
        except SyncError as exc:
            result = SyncResult(outcome=outcomes.NOT_ENROLLED, error=exc)
            self.last_result = result
            self._fail(exc)
            return result
        engine = SyncEngine(
            self.store,
            transport,
            on_progress=self.on_progress,
            stop_event=self._stop,
            backoff=self.retry_backoff,
            patience=self.patience,
            on_link=self._set_link,
        )
        result = engine.run_pass()
        self.last_result = result
        self._last_pass_end = time.monotonic()
        if result.outcome == outcomes.UNREACHABLE:
            self._set_reachable(False)
            self._set_link(UNANSWERED if isinstance(result.error, SyncNoAnswer) else DISCONNECTED)
            self._next_probe = time.monotonic() + self.probe_backoff.next_delay()
        elif result.error is None:
            self._set_reachable(True)
            if result.outcome == outcomes.PARTIAL and not _idle(result) and not self._stop.is_set():
                with self._lock:
                    self._due_at = time.monotonic()  # more arrived meanwhile: go on
        self._report_clock()
        if result.error is not None:
            self._fail(result.error)
        else:
            self.on_result(result)
        return result

    def _report_clock(self) -> None:
        if self.clock.offset is not None:
            self.on_clock(self.clock.offset)

    def _fail(self, error: SyncError) -> None:
        if isinstance(error, SyncAuthError):
            self._blocked = True  # token refused or not enrolled: no blind retries
            # Settings may have changed (re-enrolment): build a fresh transport next time.
            if self._transport is not None:
                self._transport.close()
                self._transport = None
        self.on_error(error)

    def _set_reachable(self, reachable: bool) -> None:
        if reachable:
            self.probe_backoff.reset()
            self._set_link(CONNECTED)
        self._reachable = reachable

    def _set_link(self, state: str) -> None:
        if state != self._link_state and not self._stop.is_set():
            self._link_state = state
            self.on_link_state(state)


def _idle(result: SyncResult) -> bool:
    """Nothing more to do for now: queue empty, link gone, a failure, or a pass that settled nothing."""
    if result.outcome not in (outcomes.SUCCESS, outcomes.PARTIAL) or result.pending == 0:
        return True
    return result.acknowledged + len(result.rejected) == 0
