"""The Qt-free scheduler: sync after a submit, on demand, when the server is back; stops promptly."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sync.client.backoff import Backoff
from sync.client.errors import SyncAuthError
from sync.client.progress import CONNECTED, DISCONNECTED
from sync.client.scheduler import Scheduler
from sync.store.outbox import pending_count
from sync.store.settings import set_server_url
from tests.support.fixtures import engine_for, enroll_store
from tests.support.netproxy import LinkProfile, NetProxy
from tests.support.reports import make_reports


class Recorder:
    """Collects the scheduler's callbacks (called on its thread)."""

    def __init__(self) -> None:
        self.results, self.errors, self.links, self.progress = [], [], [], []

    def scheduler(self, store, **options) -> Scheduler:
        options.setdefault("interval_seconds", 3600)
        options.setdefault("submit_delay", 0.1)
        options.setdefault("retry_backoff", Backoff(base=0.05, cap=0.2))
        options.setdefault("patience", 0.5)
        options.setdefault("probe_backoff", Backoff(base=0.2, cap=0.5))
        return Scheduler(
            store,
            on_progress=self.progress.append,
            on_result=self.results.append,
            on_error=self.errors.append,
            on_link_state=self.links.append,
            **options,
        )


def wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def start(scheduler: Scheduler) -> threading.Thread:
    thread = threading.Thread(target=scheduler.run, daemon=True)
    thread.start()
    return thread


def stop(scheduler: Scheduler, thread: threading.Thread) -> None:
    scheduler.stop()
    thread.join(10)
    assert not thread.is_alive()


def count_looks(scheduler: Scheduler) -> list[tuple[float, bool]]:
    """Each time the scheduler looks whether a pass is due: (when, its answer)."""
    looks: list[tuple[float, bool]] = []
    original = scheduler._pass_due

    def look() -> bool:
        due = original()
        looks.append((time.monotonic(), due))
        return due

    scheduler._pass_due = look
    return looks


def test_submit_and_request_each_trigger_a_pass(store, server):
    enroll_store(store, server)
    rec = Recorder()
    scheduler = rec.scheduler(store)
    thread = start(scheduler)
    wait_for(lambda: len(rec.results) == 1)  # the look at start
    make_reports(store, 3)
    scheduler.notify_submitted()
    wait_for(lambda: sum(r.delivered for r in rec.results) == 3)
    scheduler.request_sync()
    wait_for(lambda: len(rec.results) == 3)
    assert rec.links == [CONNECTED] and rec.errors == []
    assert any(p.phase == "push" and p.sending for p in rec.progress)
    stop(scheduler, thread)


def test_sync_resumes_by_itself_when_the_server_is_back(store, server):
    enroll_store(store, server)
    server.stop()
    make_reports(store, 4)
    rec = Recorder()
    scheduler = rec.scheduler(store, patience=0.2, probe_backoff=Backoff(base=0.05, cap=0.2))
    thread = start(scheduler)
    wait_for(lambda: rec.errors)  # after `patience` without progress
    assert rec.links == [DISCONNECTED] and "unreachable" in str(rec.errors[0])
    server.start()
    wait_for(lambda: rec.links == [DISCONNECTED, CONNECTED] and rec.results)
    assert rec.results[-1].delivered == 4 and rec.results[-1].pending == 0
    stop(scheduler, thread)


def test_refused_token_waits_for_the_clerk_instead_of_retrying(store, server):
    device_id = enroll_store(store, server)
    server.cli("device", "revoke", device_id)
    make_reports(store, 1)
    rec = Recorder()
    scheduler = rec.scheduler(store, interval_seconds=0.1)
    looks = count_looks(scheduler)
    thread = start(scheduler)
    wait_for(lambda: rec.errors)
    refused_at = time.monotonic()
    # Wake the scheduler until it has looked once five intervals after the refusal (an
    # event, however long the machine takes): every look says no, no blind retries.
    wait_for(lambda: scheduler._wake.set() or any(t > refused_at + 0.5 for t, _ in looks))
    assert not any(due for t, due in looks if t > refused_at)
    assert len(rec.errors) == 1 and isinstance(rec.errors[0], SyncAuthError)
    enroll_store(store, server)
    scheduler.request_sync()
    wait_for(lambda: rec.results and rec.results[-1].delivered == 1)
    stop(scheduler, thread)


def test_until_idle_returns_when_the_queue_is_empty(store, server):
    enroll_store(store, server)
    make_reports(store, 5)
    result = Recorder().scheduler(store).run(until_idle=True)
    assert result is not None and result.delivered == 5 and result.pending == 0


def test_idle_scheduler_does_not_spin(store, server):
    enroll_store(store, server)
    rec = Recorder()
    scheduler = rec.scheduler(store, interval_seconds=0.25)
    looks = count_looks(scheduler)
    thread = start(scheduler)
    wait_for(lambda: len(rec.results) >= 2)  # the look at start, then a pull-only pass
    stop(scheduler, thread)
    # Nothing to send: a look every interval (0.25 s) and a pull-only pass every 4 intervals
    # (~5 looks between the two passes), not a busy loop (one every 50 ms: 20).
    assert len(looks) < 12


def test_stop_during_a_stuck_sync_returns_at_once_and_loses_nothing(store, server, analyst):
    # The small exchanges pass; a push gets stuck on the link and is never answered.
    with NetProxy(server.port, LinkProfile(rtt=0.1)) as stuck:
        stuck.stall(lambda method, path: path.startswith("/api/v1/push"))
        enroll_store(store, server)
        with store.session() as session:
            set_server_url(session=session, url=stuck.url)
        ids = make_reports(store, 20)
        rec = Recorder()
        scheduler = rec.scheduler(store, patience=60)
        thread = start(scheduler)
        wait_for(lambda: any(p.phase == "push" and p.sending for p in rec.progress))
        wait_for(lambda: any(e.method == "POST" for e in stuck.exchanges()))  # stuck on the link
        scheduler.stop()
        # The push's own read timeout is 15 s or more: ending before it shows stop cut it.
        thread.join(10)
        assert not thread.is_alive()
    assert rec.errors == []  # stopping is not a failure of the link
    with store.session() as session:
        assert pending_count(session=session) == (20, 0)
        set_server_url(session=session, url=server.url)
    assert engine_for(store).run_pass().delivered == 20
    assert sorted(analyst.report_ids()) == sorted(map(str, ids))
