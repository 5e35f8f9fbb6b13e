"""One sync pass: push the outbox (attachments first, urgent first), then pull feedback.

A pass survives a crawling, dropping link: a cut or timeout halves the next request and
waits with full-jitter backoff; it calls the link gone only after `patience` seconds
without progress (an acknowledged request or chunk), however many requests failed
meanwhile. Every pass leaves one row in the sync log.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from uuid import UUID

from sync.client import progress as outcomes
from sync.client.attachments import AttachmentProblem, AttachmentUploader
from sync.client.backoff import Backoff
from sync.client.batching import DEEP_PIPELINE
from sync.client.errors import (
    SyncAuthError,
    SyncError,
    SyncNoAnswer,
    SyncRejected,
    SyncUnavailable,
)
from sync.client.heartbeat import HeartbeatSource
from sync.client.progress import CONNECTED, DISCONNECTED, UNANSWERED, SyncProgress, SyncResult
from sync.client.pull import pull_all
from sync.client.push import BatchOutcome, apply_answers, push_batch, quarantine
from sync.client.transport import Exchange, Transport
from sync.store import Store
from sync.store.outbox import (
    log_sync,
    next_batch,
    note_server_revisions,
    pending_count,
    reports_sent,
)
from sync.store.schemas import OutboxEntry
from sync.store.settings import clear_copy_mark, is_copy
from sync.wire import MAX_ITEMS_PER_PUSH, PushResponse

log = logging.getLogger(__name__)

PATIENCE = 120.0  # seconds without progress before a pass calls the link gone


@dataclass(frozen=True, slots=True)
class _InFlight:
    entries: list[OutboxEntry]
    future: Future[tuple[PushResponse, Exchange]]

    @property
    def urgent(self) -> bool:
        return self.entries[0].urgent

    @property
    def keys(self) -> list[tuple[UUID, int]]:
        return [(e.report_id, e.revision) for e in self.entries]


class SyncEngine:
    """Runs passes for one store over one transport; `stop_event` stops it between requests."""

    def __init__(
        self,
        store: Store,
        transport: Transport,
        *,
        on_progress: Callable[[SyncProgress], None] | None = None,
        stop_event: threading.Event | None = None,
        backoff: Backoff | None = None,
        patience: float = PATIENCE,
        on_link: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.transport = transport
        self.heartbeat = HeartbeatSource(store)
        transport.heartbeat = self.heartbeat
        self.on_progress = on_progress or (lambda p: None)
        self.stop_event = stop_event or threading.Event()
        self.backoff = backoff or Backoff(base=0.25, cap=30.0)
        self.patience = patience
        self.on_link = on_link or (lambda state: None)
        self._last_progress = time.monotonic()
        self.failures = 0  # requests failed during this engine's passes
        self._total = 0  # items this pass expects to settle, for progress
        # Bumped by each acknowledged chunk: a retry after progress starts afresh.
        self._progress_mark = 0

    def run_pass(self, *, pull: bool = True) -> SyncResult:
        """Push everything pending (bounded), then pull; never raises a `SyncError`."""
        started_at, started = datetime.now(UTC), time.monotonic()
        up0, down0, req0, resent0, failures0 = (
            self.transport.bytes_up,
            self.transport.bytes_down,
            self.transport.requests,
            self.transport.resent,
            self.failures,
        )
        result = SyncResult()
        sent = 0
        self.heartbeat.refresh()
        self._last_progress = started
        try:
            self._learn_server_revisions()
            sent = self._push_all(result)
            if pull and result.outcome == outcomes.SUCCESS:
                self._emit(result, "pull")
                result.pulled = self._with_retries(lambda: pull_all(self.transport, self.store))
        except SyncError as exc:
            if self.stop_event.is_set():
                result.outcome = outcomes.PARTIAL  # asked to stop: not a failure of the link
            else:
                result.error = exc
                result.outcome = _outcome_of(exc)
            log.log(
                logging.INFO if result.outcome == outcomes.UNREACHABLE else logging.WARNING,
                "sync pass: %s",
                exc,
            )
        result.bytes_up = self.transport.bytes_up - up0
        result.bytes_down = self.transport.bytes_down - down0
        result.requests = self.transport.requests - req0
        result.resent = self.transport.resent - resent0
        result.failures = self.failures - failures0
        result.elapsed = time.monotonic() - started
        with self.store.session() as session:
            result.pending, result.pending_urgent = pending_count(session=session)
            if result.outcome == outcomes.SUCCESS and result.pending:
                result.outcome = outcomes.PARTIAL  # new reports arrived during the pass
            log_sync(
                session=session,
                started_at=started_at,
                finished_at=datetime.now(UTC),
                outcome=result.outcome,
                items_sent=sent,
                items_delivered=result.acknowledged,
                items_rejected=len(result.rejected),
                bytes_up=result.bytes_up,
                bytes_down=result.bytes_down,
                detail=str(result.error or "")[:1000],
            )
        self._emit(result, "done")
        return result

    # -- push ------------------------------------------------------------------------------

    def _learn_server_revisions(self) -> None:
        """After a restore, ask the server's newest revision of every report this PC sent, so
        that new revisions are numbered above revisions the restored copy lacks."""
        with self.store.session() as session:
            if not is_copy(session=session):
                return
            ids = reports_sent(session=session)
        latest: dict[UUID, int] = {}
        try:
            for start in range(0, len(ids), MAX_ITEMS_PER_PUSH):
                chunk = ids[start : start + MAX_ITEMS_PER_PUSH]
                latest.update(self._with_retries(partial(self.transport.latest_revisions, chunk)))
        except SyncRejected as exc:
            # An older server: its `conflict` answers still protect the numbering; ask next time.
            log.warning("the server cannot say its latest revisions (%s)", exc)
            return
        with self.store.session() as session:
            note_server_revisions(session=session, latest=latest)
            clear_copy_mark(session=session)
        log.info("restored store: learnt the server's revisions of %d report(s)", len(latest))

    def _push_all(self, result: SyncResult) -> int:
        """Push batch after batch until the outbox is empty; returns the items sent.

        Batches without attachments are pipelined: the next body goes up while the server
        answers the previous one, so the uplink never idles for a round trip; answers are
        applied as they come, so a push that was cut and is being sent again holds up
        nothing behind it. An urgent
        batch joins the pipeline at once (it travels alone, behind at most the bytes in
        flight, not behind their answers too) and nothing follows it until it is answered,
        so the server numbers it first; batches with attachments go one at a time.
        """
        with self.store.session() as session:
            pending, _ = pending_count(session=session)
        self._total = pending
        if pending and self.transport.sizer.link.rtt is None:
            # One small exchange first: the round trip, and the server's zstd dictionaries.
            # Only a hint: if it fails, the first push says what is wrong.
            with contextlib.suppress(SyncError):
                self.transport.measure()
        skip: set[tuple[UUID, int]] = set()  # left unanswered by the server: next pass
        window: deque[_InFlight] = deque()
        sent = failures = 0
        with ThreadPoolExecutor(
            max_workers=DEEP_PIPELINE, thread_name_prefix="pantau-push"
        ) as pool:
            try:
                for _ in range(4 * pending + 1000):  # and `patience` bounds the failures
                    if self.stop_event.is_set():
                        result.outcome = outcomes.PARTIAL
                        return sent
                    entries = None
                    if len(window) < self.transport.sizer.pipeline_depth() and not any(
                        flight.urgent for flight in window
                    ):
                        busy = {key for flight in window for key in flight.keys}
                        entries = self._next_entries(result, exclude=skip | busy)
                        if not entries and not window:
                            return sent
                    if entries and not any(e.attachments for e in entries):
                        sent += self._submit(pool, window, entries, result)
                    elif window:
                        flight = _first_answered(window)
                        sent += self._follow(pool, flight, window, result, skip)
                        failures = self._collect(flight, result, skip, failures)
                    elif entries:
                        step = _Replanned(self, entries, result, exclude=skip)
                        unanswered = self._with_retries(step)
                        sent += step.sent
                        skip.update((e.report_id, e.revision) for e in unanswered)
            finally:
                self._drain(window, result)
        return sent

    def _submit(
        self, pool: ThreadPoolExecutor, window: deque[_InFlight], entries, result: SyncResult
    ) -> int:
        items = [e.item for e in entries]
        window.append(_InFlight(entries, pool.submit(self.transport.push, items)))
        self._emit(result, "push", entries)
        return len(entries)

    def _follow(
        self,
        pool: ThreadPoolExecutor,
        flight: _InFlight,
        window: deque[_InFlight],
        result: SyncResult,
        skip: set[tuple[UUID, int]],
    ) -> int:
        """Now that `flight` is answered, send the next batch before its answer is written to the
        store: on a slow PC that writing must not leave the link idle. Returns the items sent."""
        if flight.future.exception() is not None or flight.urgent or self.stop_event.is_set():
            return 0  # a stopped pass starts no request, not even the next in the pipeline
        if any(other.urgent for other in window):
            return 0
        busy = {key for other in (flight, *window) for key in other.keys}
        following = self._next_entries(result, exclude=skip | busy)
        if not following or any(e.attachments for e in following):
            return 0
        return self._submit(pool, window, following, result)

    def _next_entries(
        self, result: SyncResult, *, exclude: set[tuple[UUID, int]]
    ) -> list[OutboxEntry]:
        limits = self.transport.sizer.limits()
        with self.store.session() as session:
            entries = next_batch(
                session=session,
                max_items=limits.max_items,
                max_bytes=limits.max_bytes,
                exclude=exclude,
            )
            # Reports submitted during the pass join it.
            self._total = (
                result.acknowledged + len(result.rejected) + pending_count(session=session)[0]
            )
        if entries and entries[0].urgent:
            # Urgent reports travel alone: smaller, so sooner, and the server numbers them
            # before everything queued behind them.
            entries = [e for e in entries if e.urgent]
        return entries

    def _collect(self, flight: _InFlight, result: SyncResult, skip: set, failures: int) -> int:
        """Apply the answer to the oldest push in flight; returns the failures in a row."""
        try:
            response, exchange = flight.future.result()
        except SyncUnavailable as exc:
            self._failed(exc, failures + 1)
            return failures + 1
        except SyncRejected as exc:
            self._refused(flight.entries, exc, result)
            return failures
        outcome = apply_answers(self.store, flight.entries, response)
        self._settle(flight.entries, outcome, exchange, result)
        skip.update((e.report_id, e.revision) for e in outcome.unanswered)
        self.backoff.reset()
        return 0

    def _drain(self, window: deque[_InFlight], result: SyncResult) -> None:
        """The pass is ending: still apply answers that arrive, so nothing acknowledged is resent."""
        while window:
            flight = window.popleft()
            try:
                response, exchange = flight.future.result()
            except SyncError:
                continue
            self._settle(
                flight.entries,
                apply_answers(self.store, flight.entries, response),
                exchange,
                result,
            )

    def _settle(
        self,
        entries: list[OutboxEntry],
        outcome: BatchOutcome,
        exchange: Exchange,
        result: SyncResult,
    ) -> None:
        self._progressed()
        self.transport.sizer.record_success(
            raw_bytes=sum(e.size_bytes for e in entries), wire_bytes=exchange.bytes_up
        )
        result.delivered += outcome.delivered
        result.duplicates += outcome.duplicates
        result.rejected += outcome.rejected
        result.conflicts += outcome.conflicts

    def _refused(self, entries: list[OutboxEntry], exc: SyncRejected, result: SyncResult) -> None:
        if len(entries) > 1:
            # Some item makes the whole request unacceptable: split until it stands alone.
            self.transport.sizer.record_failure()
        else:
            result.rejected += quarantine(self.store, entries, str(exc))

    def _chunk_done(self, result: SyncResult, entries: list[OutboxEntry]) -> None:
        self._progress_mark += 1
        self.heartbeat.refresh()  # the next request tells the province what still waits
        self._progressed()
        self._emit(result, "upload", entries)

    def _send(
        self, entries: list[OutboxEntry], uploader: AttachmentUploader, result: SyncResult
    ) -> list[OutboxEntry]:
        """Attachments, then the items; returns the entries the server left unanswered."""
        entries = self._upload_attachments(entries, uploader, result)
        if not entries:
            return []
        try:
            outcome, exchange = push_batch(self.transport, self.store, entries)
        except SyncRejected as exc:
            self._refused(entries, exc, result)
            return []
        self._settle(entries, outcome, exchange, result)
        return outcome.unanswered

    def _upload_attachments(
        self, entries: list[OutboxEntry], uploader: AttachmentUploader, result: SyncResult
    ) -> list[OutboxEntry]:
        """Upload what the server lacks; entries whose files cannot go are quarantined and dropped."""
        files = [f for e in entries for f in e.attachments]
        if not files:
            return entries
        broken: dict[str, str] = {}
        uploaded = uploader.uploaded
        for info in uploader.missing(files):
            try:
                uploader.upload(info)
            except AttachmentProblem as exc:
                broken[exc.sha256] = str(exc)
        result.attachments_uploaded += uploader.uploaded - uploaded
        if not broken:
            return entries
        keep = []
        for entry in entries:
            problems = [broken[f.sha256] for f in entry.attachments if f.sha256 in broken]
            if problems:
                result.rejected += quarantine(self.store, [entry], "; ".join(problems))
            else:
                keep.append(entry)
        return keep

    # -- retries ---------------------------------------------------------------------------

    def _with_retries(self, step: Callable[[], object]):
        """Run `step`; after a cut or timeout, shrink, back off and run it again.

        Bounded: `patience` seconds without progress (an acknowledged chunk) end it with
        the last `SyncUnavailable`.
        """
        failures = 0
        mark = self._progress_mark
        while True:
            try:
                value = step()
            except SyncUnavailable as exc:
                if self._progress_mark != mark:
                    failures, mark = 0, self._progress_mark
                    self.backoff.reset()
                failures += 1
                self._failed(exc, failures)
                continue
            self._progressed()
            self.backoff.reset()
            return value

    def _progressed(self) -> None:
        self._last_progress = time.monotonic()
        self.failures = 0  # requests failed during this engine's passes
        self.on_link(CONNECTED)

    def _failed(self, exc: SyncUnavailable, failures: int) -> None:
        """A request failed: shrink, then wait with backoff; re-raise once patience ran out."""
        self.failures += 1
        self.transport.sizer.record_failure()
        self.on_link(UNANSWERED if isinstance(exc, SyncNoAnswer) else DISCONNECTED)
        left = self._last_progress + self.patience - time.monotonic()
        if left <= 0 or self.stop_event.is_set():
            raise exc
        delay = min(left, self.backoff.next_delay())
        log.info("link dropped (%s); retry %d in %.1f s", exc, failures, delay)
        if self.stop_event.wait(delay):
            raise exc

    def _emit(
        self, result: SyncResult, phase: str, entries: list[OutboxEntry] | None = None
    ) -> None:
        done = result.acknowledged + len(result.rejected)
        sending = frozenset(e.report_id for e in entries or ())
        self.on_progress(
            SyncProgress(
                phase=phase,
                items_done=done,
                items_total=max(self._total, done),
                bytes_up=self.transport.bytes_up,
                bytes_down=self.transport.bytes_down,
                current_report=entries[0].report_id if entries else None,
                sending=sending,
            )
        )


class _Replanned:
    """One urgent or attachment batch as a retriable step: the first attempt sends the planned
    entries, and each retry plans the batch again, so that the budget a cut shrank applies."""

    def __init__(
        self,
        engine: SyncEngine,
        entries: list[OutboxEntry],
        result: SyncResult,
        *,
        exclude: set[tuple[UUID, int]],
    ) -> None:
        self.engine = engine
        self.result = result
        self.exclude = exclude
        self.sent = 0
        self._planned: list[OutboxEntry] | None = entries
        self._current = entries
        # One uploader for every attempt: it remembers what the server already holds.
        self.uploader = AttachmentUploader(
            engine.transport, engine.store, on_chunk=lambda: engine._chunk_done(result, self._current)
        )

    def __call__(self) -> list[OutboxEntry]:
        entries = self._planned
        self._planned = None
        if entries is None:
            entries = self.engine._next_entries(self.result, exclude=self.exclude)
            if not entries:
                return []
        self._current = entries
        self.sent += len(entries)
        self.engine._emit(self.result, "push", entries)
        return self.engine._send(entries, self.uploader, self.result)


def _first_answered(window: deque[_InFlight]) -> _InFlight:
    """Take from `window` the oldest push that has finished, waiting for one if none has: a
    push cut and sent again must not hold up the answers (and the pushes) behind it."""
    wait([flight.future for flight in window], return_when=FIRST_COMPLETED)
    flight = next(f for f in window if f.future.done())
    window.remove(flight)
    return flight


def _outcome_of(exc: SyncError) -> str:
    if isinstance(exc, SyncUnavailable):
        return outcomes.UNREACHABLE
    if isinstance(exc, SyncAuthError):
        return outcomes.AUTH
    return outcomes.ERROR
