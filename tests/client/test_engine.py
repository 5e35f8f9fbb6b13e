"""One sync pass against a real server process: order, rejections, outages, revocation, feedback."""

from __future__ import annotations

import json

from sync.client import progress as outcomes
from sync.client.errors import SyncAuthError
from sync.paths import resource_path
from sync.store.outbox import pending_count, quarantined, store_form_version, sync_status
from sync.store.reports import create_draft, get_report
from sync.store.schemas import ReportState
from tests.support.fixtures import engine_for, enroll_store
from tests.support.reports import make_reports


def _seq_order(analyst, ids) -> list:
    """The report ids in the order the server received them (its sequence numbers)."""
    seqs = {rid: analyst.detail(rid)["revisions"][0]["seq"] for rid in map(str, ids)}
    return sorted(seqs, key=seqs.get)


def test_pass_delivers_everything_urgent_first_and_logs_it(store, server, analyst):
    enroll_store(store, server)
    normal = make_reports(store, 9, seed=1)
    urgent = make_reports(store, 3, seed=2, urgent=True)  # created last
    progress = []
    result = engine_for(store, on_progress=progress.append).run_pass()
    assert result.outcome == outcomes.SUCCESS and result.error is None
    assert (result.delivered, result.duplicates, result.rejected, result.pending) == (12, 0, [], 0)
    assert sorted(analyst.report_ids()) == sorted(map(str, normal + urgent))
    order = _seq_order(analyst, normal + urgent)
    assert set(order[:3]) == set(map(str, urgent))
    assert progress[-1].phase == "done" and progress[-1].items_done == 12
    with store.session() as session:
        status = sync_status(session=session)
        assert (status.pending, status.quarantined) == (0, 0) and status.last_success is not None
        assert (
            get_report(session=session, report_id=normal[0]).report.state == ReportState.DELIVERED
        )
    # A second pass has nothing to push and sends nothing again.
    again = engine_for(store).run_pass()
    assert (again.outcome, again.delivered, again.duplicates) == (outcomes.SUCCESS, 0, 0)


def test_rejected_item_is_quarantined_and_does_not_block_the_queue(store, server, analyst):
    enroll_store(store, server)
    # A form version this PC has but the province never published: the server must refuse it.
    definition = json.loads(resource_path("forms", "pendidikan_politik.v1.json").read_text(encoding="utf-8"))
    definition["version"] = 9
    with store.session() as session:
        store_form_version(
            session=session, form_id="pendidikan_politik", version=9, definition=definition
        )
        refused = create_draft(
            session=session,
            form_id="pendidikan_politik",
            data={
                "tanggal": "2024-01-20",
                "sasaran": ["pemilih_pemula"],
                "peserta_laki_laki": 10,
                "peserta_perempuan": 12,
                "platform": "konvensional",
            },
            submit=True,
        )
    good = make_reports(store, 10)
    result = engine_for(store).run_pass()
    assert result.delivered == 10 and result.pending == 0
    assert [(r.report_id, r.revision) for r in result.rejected] == [(refused.id, 1)]
    assert result.rejected[0].reason
    with store.session() as session:
        held = quarantined(session=session)
        assert [(r.id, reason) for r, reason in held] == [(refused.id, result.rejected[0].reason)]
        assert (
            get_report(session=session, report_id=refused.id).report.state == ReportState.REJECTED
        )
    assert sorted(analyst.report_ids()) == sorted(map(str, good))
    # Not retried until amended: the next pass does not send it.
    pushes = len([line for line in server.access_log() if "/push" in json.dumps(line)])
    assert engine_for(store).run_pass().rejected == []
    assert len([line for line in server.access_log() if "/push" in json.dumps(line)]) == pushes


def test_server_down_then_up_loses_nothing(store, server, analyst):
    enroll_store(store, server)
    ids = make_reports(store, 12)
    server.stop()
    down = engine_for(store, patience=0.3).run_pass()
    assert down.outcome == outcomes.UNREACHABLE and "unreachable" in str(down.error)
    assert down.pending == 12
    with store.session() as session:
        status = sync_status(session=session)
        assert status.last_attempt is not None and status.last_success is None
    server.start()
    up = engine_for(store).run_pass()
    assert (up.outcome, up.delivered, up.pending) == (outcomes.SUCCESS, 12, 0)
    assert sorted(analyst.report_ids()) == sorted(map(str, ids))


def test_revoked_device_gets_a_clear_message_and_keeps_its_reports(store, server, analyst):
    device_id = enroll_store(store, server)
    make_reports(store, 2, seed=1)
    assert engine_for(store).run_pass().delivered == 2
    server.cli("device", "revoke", device_id)
    later = make_reports(store, 5, seed=3)
    result = engine_for(store).run_pass()
    assert result.outcome == outcomes.AUTH and isinstance(result.error, SyncAuthError)
    assert "enrol" in str(result.error)
    with store.session() as session:
        assert pending_count(session=session) == (5, 0)
    # Enrolled again, the same reports go out.
    enroll_store(store, server)
    assert engine_for(store).run_pass().delivered == 5
    assert set(map(str, later)) <= set(analyst.report_ids())


def test_review_feedback_is_pulled_back_onto_the_report(store, server, analyst):
    enroll_store(store, server)
    first, second = make_reports(store, 2)
    engine_for(store).run_pass()
    analyst.review(first, "needs_revision", "Lengkapi kronologi dengan jam kejadian.")
    analyst.review(second, "verified", "")
    result = engine_for(store).run_pass()
    assert result.pulled >= 2
    with store.session() as session:
        detail = get_report(session=session, report_id=first)
        assert detail.report.state == ReportState.NEEDS_REVISION
        assert detail.reviews[0].comment == "Lengkapi kronologi dengan jam kejadian."
        assert get_report(session=session, report_id=second).report.state == ReportState.VERIFIED
    # The cursor was kept: nothing is pulled twice.
    assert engine_for(store).run_pass().pulled == 0
