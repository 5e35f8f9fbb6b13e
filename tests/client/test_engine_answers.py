"""What the engine does with each answer, fast: duplicates leave the outbox, a conflict is
sent again above the server's revision, and answers arriving as a pass ends are kept."""

from __future__ import annotations

import threading

from sqlmodel import select

from sync.client.batching import BatchSizer
from sync.client.engine import SyncEngine
from sync.client.transport import Transport
from sync.store.models import OutboxItem
from sync.store.outbox import pending_count
from sync.store.reports import get_report
from sync.store.schemas import ReportState
from tests.support.push_server import PushServer, answers
from tests.support.reports import make_reports

WAIT = 30.0  # seconds; generous, only a broken engine waits that long


def _queued(store) -> set[tuple[str, int]]:
    with store.session() as session:
        return {(str(o.report_id), o.revision) for o in session.exec(select(OutboxItem)).all()}


def test_a_duplicate_answer_delivers_the_report(store):
    ids = make_reports(store, 5)
    with PushServer(lambda items: (200, answers(items, "duplicate"))) as server:
        result = SyncEngine(store, Transport(server.url, token="t")).run_pass(pull=False)
    assert (result.duplicates, result.delivered, result.pending) == (5, 0, 0)
    assert _queued(store) == set()
    with store.session() as session:
        assert all(
            get_report(session=session, report_id=i).report.state == ReportState.DELIVERED
            for i in ids
        )


def test_a_conflict_is_sent_again_above_the_servers_revision(store):
    (report_id,) = make_reports(store, 1)

    def answer(items: list[dict]) -> tuple[int, dict]:
        if items[0]["revision"] == 1:  # the server holds another revision 1, and a 2
            return 200, answers(items, "conflict", reason="other content", latest_revision=2)
        return 200, answers(items)

    with PushServer(answer) as server:
        result = SyncEngine(store, Transport(server.url, token="t")).run_pass(pull=False)
    assert [[(i["revision"], i["data"]) for i in push] for push in server.pushes] == [
        [(1, server.pushes[0][0]["data"])],
        [(3, server.pushes[0][0]["data"])],  # the same content, numbered above the server's
    ]
    assert (result.conflicts, result.delivered, result.pending) == (1, 1, 0)
    with store.session() as session:
        shown = get_report(session=session, report_id=report_id)
    assert (shown.report.state, shown.report.revision) == (ReportState.DELIVERED, 3)
    assert [(r.revision, r.renumbered_from) for r in shown.revisions] == [(3, 1)]


def test_answers_arriving_as_a_pass_stops_are_applied(store):
    make_reports(store, 40)
    stop = threading.Event()
    arrived = threading.Condition()
    count = 0

    def answer(items: list[dict]) -> tuple[int, dict]:
        # Hold every answer until three pushes are in flight, then stop the pass: the
        # engine collects the first answer and must still apply the two that follow.
        nonlocal count
        with arrived:
            count += 1
            if count == 3:
                stop.set()
                arrived.notify_all()
            else:
                arrived.wait_for(lambda: count >= 3, timeout=WAIT)
        return 200, answers(items)

    with PushServer(answer) as server:
        transport = Transport(server.url, token="t", sizer=BatchSizer(initial_items=8))
        engine = SyncEngine(store, transport, stop_event=stop)
        result = engine.run_pass(pull=False)
    answered = {(i["id"], i["revision"]) for push in server.pushes for i in push}
    assert stop.is_set() and len(server.pushes) == 3  # stopped with pushes in flight
    assert result.delivered == len(answered) and answered
    # Whatever the server answered left the outbox; the rest waits for the next pass.
    assert not _queued(store) & answered
    with store.session() as session:
        assert pending_count(session=session)[0] == 40 - len(answered) > 0
