"""The sync client's side of the store: batches, acknowledgements, quarantine, reviews, forms, log."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta

import pytest

from sync.forms import FormDefinitionError, FormRegistry
from sync.store import Store
from sync.store import reports as repo
from sync.store.outbox import (
    apply_review,
    form_registry,
    log_sync,
    mark_delivered,
    mark_rejected,
    next_batch,
    pending_count,
    quarantined,
    store_form_version,
    sync_status,
)
from sync.store.schemas import ReportState
from sync.wire import PushItem
from tests.support.reports import education_data, warning_data

T0 = datetime(2024, 2, 14, 1, 0, tzinfo=UTC)


def _submit(store: Store, form_id: str, data: dict):
    with store.session() as s:
        return repo.create_draft(session=s, form_id=form_id, data=data, submit=True)


def test_urgent_first_then_oldest_and_items_are_wire_items(store: Store) -> None:
    first = _submit(store, "pendidikan_politik", education_data())
    second = _submit(store, "deteksi_dini", warning_data(tingkat="normal"))
    urgent = _submit(store, "deteksi_dini", warning_data(tingkat="awas"))
    with store.session() as s:
        batch = next_batch(session=s, max_items=10, max_bytes=1_000_000)
    assert [e.report_id for e in batch] == [urgent.id, first.id, second.id]
    assert [e.urgent for e in batch] == [True, False, False]
    for entry in batch:
        item = PushItem.model_validate(entry.item)  # the exact wire body
        assert item.office == "81.01" and item.status == "submitted" and item.revision == 1
        assert entry.size_bytes == len(
            json.dumps(entry.item, separators=(",", ":"), ensure_ascii=False).encode()
        )


def test_budget_limits_and_exclusions(store: Store) -> None:
    reports = [_submit(store, "deteksi_dini", warning_data(kronologi="x" * 2000)) for _ in range(4)]
    with store.session() as s:
        one = next_batch(session=s, max_items=10, max_bytes=10)  # too small: still one item
        assert len(one) == 1
        size = one[0].size_bytes
        assert len(next_batch(session=s, max_items=10, max_bytes=size * 2 + 1)) == 2
        assert len(next_batch(session=s, max_items=3, max_bytes=10**9)) == 3
        skipped = {(reports[0].id, 1), (reports[1].id, 1)}
        rest = next_batch(session=s, max_items=10, max_bytes=10**9, exclude=skipped)
        assert [e.report_id for e in rest] == [reports[2].id, reports[3].id]


def test_delivery_rejection_and_counts(store: Store) -> None:
    good = _submit(store, "deteksi_dini", warning_data(tingkat="siaga"))
    bad = _submit(store, "pendidikan_politik", education_data())
    with store.session() as s:
        assert pending_count(session=s) == (2, 1)
        mark_delivered(session=s, report_id=good.id, revision=1, server_time=T0)
        mark_delivered(
            session=s, report_id=good.id, revision=1, server_time=T0 + timedelta(hours=1)
        )  # again
        mark_rejected(session=s, report_id=bad.id, revision=1, reason="office mismatch")
        assert pending_count(session=s) == (0, 0)
        assert next_batch(session=s, max_items=10, max_bytes=10**6) == []
        held = quarantined(session=s)
        assert [(r.id, why) for r, why in held] == [(bad.id, "office mismatch")]
        assert held[0][0].state is ReportState.REJECTED
        detail = repo.get_report(session=s, report_id=good.id)
        assert detail.report.state is ReportState.DELIVERED
        assert detail.revisions[0].delivered_at == T0  # the first acknowledgement counts
        status = sync_status(session=s)
        assert (status.pending, status.pending_urgent, status.quarantined) == (0, 0, 1)


def test_withdrawal_goes_out_as_a_withdrawn_item(store: Store) -> None:
    report = _submit(store, "deteksi_dini", warning_data())
    with store.session() as s:
        mark_delivered(session=s, report_id=report.id, revision=1, server_time=T0)
        repo.withdraw_report(session=s, report_id=report.id, reason="Laporan ganda")
        (entry,) = next_batch(session=s, max_items=10, max_bytes=10**6)
    assert entry.item["status"] == "withdrawn" and entry.item["revision"] == 2
    assert entry.item["withdraw_reason"] == "Laporan ganda"


def test_reviews_are_idempotent_and_only_the_latest_revision_sets_the_state(store: Store) -> None:
    report = _submit(store, "deteksi_dini", warning_data())
    with store.session() as s:
        mark_delivered(session=s, report_id=report.id, revision=1, server_time=T0)
        for _ in range(2):
            apply_review(
                session=s,
                report_id=report.id,
                revision=1,
                decision="needs_revision",
                comment="Tambahkan pihak terlibat",
                reviewed_at=T0,
            )
        assert len(repo.get_report(session=s, report_id=report.id).reviews) == 1
        repo.amend_report(
            session=s, report_id=report.id, data=warning_data(pihak_terlibat="Dua kelompok pemuda")
        )
        assert repo.get_report(session=s, report_id=report.id).report.state is ReportState.QUEUED
        mark_delivered(session=s, report_id=report.id, revision=2, server_time=T0)
        apply_review(
            session=s,
            report_id=report.id,
            revision=2,
            decision="verified",
            comment="",
            reviewed_at=T0 + timedelta(days=1),
        )
        assert repo.get_report(session=s, report_id=report.id).report.state is ReportState.VERIFIED
        apply_review(
            session=s,
            report_id=report.id,
            revision=9,
            decision="verified",
            comment="",
            reviewed_at=T0,
        )  # unknown revision: kept, state unchanged
        with pytest.raises(ValueError):
            apply_review(
                session=s,
                report_id=report.id,
                revision=2,
                decision="maybe",
                comment="",
                reviewed_at=T0,
            )


def test_published_form_versions_join_the_registry(store: Store) -> None:
    definition = copy.deepcopy(FormRegistry.bundled().get("dana_cadangan").definition)
    definition["version"] = 2
    with store.session() as s:
        store_form_version(session=s, form_id="dana_cadangan", version=2, definition=definition)
        store_form_version(session=s, form_id="dana_cadangan", version=2, definition=definition)
        assert form_registry(session=s).versions("dana_cadangan") == [1, 2]
        with pytest.raises(ValueError):
            store_form_version(session=s, form_id="dana_cadangan", version=3, definition=definition)
        with pytest.raises(FormDefinitionError):
            store_form_version(session=s, form_id="rusak", version=1, definition={"id": "rusak"})
    made = _submit(
        store,
        "dana_cadangan",
        {
            "tanggal_laporan": "2024-01-10",
            "tahun_anggaran": 2024,
            "jumlah": 5_000_000_000,
            "dasar_hukum": "Perda Nomor 3 Tahun 2022",
            "status_realisasi": "dicadangkan",
        },
    )
    assert made.form_version == 2  # new reports use the latest version


def test_sync_log_and_status(store: Store) -> None:
    with store.session() as s:
        assert sync_status(session=s).last_attempt is None
        log_sync(
            session=s,
            started_at=T0,
            finished_at=T0 + timedelta(seconds=5),
            outcome="success",
            items_sent=3,
            items_delivered=3,
            items_rejected=0,
            bytes_up=1200,
            bytes_down=300,
        )
        log_sync(
            session=s,
            started_at=T0 + timedelta(hours=1),
            finished_at=T0 + timedelta(hours=1, seconds=9),
            outcome="unavailable",
            items_sent=0,
            items_delivered=0,
            items_rejected=0,
            bytes_up=0,
            bytes_down=0,
            detail="connection timed out",
        )
        status = sync_status(session=s)
    assert status.last_success == T0 + timedelta(seconds=5)
    assert status.last_attempt == T0 + timedelta(hours=1, seconds=9)


def test_a_clock_set_back_never_sends_an_update_before_the_creation(store: Store) -> None:
    from sync.store.models import Revision

    made = _submit(store, "deteksi_dini", warning_data())
    with store.session() as s:
        revision = s.get(Revision, (made.id, 1))
        revision.created_at = revision.created_at - timedelta(days=2)  # the PC clock went back
        s.add(revision)
        s.commit()
        (entry,) = next_batch(session=s, max_items=10, max_bytes=1_000_000)
    item = PushItem.model_validate(entry.item)
    assert item.updated_at >= item.created_at
