"""One engine shared by threads (GUI and sync worker), one Session each: writers wait, never fail."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

from sync.store import Store, check
from sync.store import reports as repo
from sync.store.outbox import mark_delivered, next_batch, pending_count
from sync.store.schemas import ReportQuery
from tests.support.reports import warning_data

ROUNDS = 40


def test_clerk_and_sync_worker_write_at_the_same_time(store: Store) -> None:
    errors: list[BaseException] = []

    def clerk() -> None:
        try:
            for _ in range(ROUNDS):
                with store.session() as s:
                    draft = repo.create_draft(
                        session=s, form_id="deteksi_dini", data=warning_data()
                    )
                    repo.submit_report(session=s, report_id=draft.id)
                    repo.list_reports(session=s, query=ReportQuery(limit=20))
        except BaseException as exc:  # reported to the main thread
            errors.append(exc)

    def worker() -> None:
        try:
            delivered = 0
            deadline = time.monotonic() + 60
            while delivered < ROUNDS and time.monotonic() < deadline:
                with store.session() as s:
                    batch = next_batch(session=s, max_items=5, max_bytes=10**6)
                    for entry in batch:
                        mark_delivered(
                            session=s,
                            report_id=entry.report_id,
                            revision=entry.revision,
                            server_time=datetime.now(UTC),
                        )
                delivered += len(batch)
                if not batch:
                    time.sleep(0.005)
        except BaseException as exc:
            errors.append(exc)

    clerk_thread = threading.Thread(target=clerk)
    worker_thread = threading.Thread(target=worker)
    clerk_thread.start()
    worker_thread.start()
    clerk_thread.join(timeout=120)
    worker_thread.join(timeout=120)
    assert not errors, errors
    with store.session() as s:
        assert repo.count_reports(session=s, query=ReportQuery()) == ROUNDS
        assert pending_count(session=s) == (0, 0)
    assert check(store).ok
