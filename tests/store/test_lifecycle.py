"""Report lifecycle rules (design §3): every allowed and every forbidden transition."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from sync.forms import UnknownForm
from sync.store import Store
from sync.store import reports as repo
from sync.store.errors import InvalidTransition, OfficeNotSet, ReportNotFound, ValidationFailed
from sync.store.outbox import apply_review, mark_delivered, mark_rejected, pending_count
from sync.store.schemas import ReportQuery, ReportState
from tests.support.reports import OTHER_KECAMATAN, education_data, warning_data

NOW = datetime(2024, 2, 11, 3, 0, tzinfo=UTC)


def _submitted(store: Store, **changes):
    with store.session() as s:
        return repo.create_draft(
            session=s, form_id="deteksi_dini", data=warning_data(**changes), submit=True
        )


def _delivered(store: Store):
    report = _submitted(store)
    with store.session() as s:
        mark_delivered(session=s, report_id=report.id, revision=1, server_time=NOW)
    return report


def _state(store: Store, report_id) -> ReportState:
    with store.session() as s:
        return repo.get_report(session=s, report_id=report_id).report.state


def test_draft_is_editable_incomplete_and_never_queued(store: Store) -> None:
    with store.session() as s:
        draft = repo.create_draft(
            session=s, form_id="deteksi_dini", data={"kronologi": "baru mulai"}
        )
        assert draft.state is ReportState.DRAFT and draft.draft_revision == 1
        saved = repo.save_draft(session=s, report_id=draft.id, data=warning_data())
        assert saved.data == warning_data() and saved.title != ""
        assert pending_count(session=s) == (0, 0)


def test_submit_validates_freezes_and_queues(store: Store) -> None:
    with store.session() as s:
        draft = repo.create_draft(session=s, form_id="deteksi_dini", data={"kronologi": "x"})
        with pytest.raises(ValidationFailed) as failed:
            repo.submit_report(session=s, report_id=draft.id)
        assert {"waktu_kejadian", "kecamatan", "kategori", "tingkat"} <= {
            e.field for e in failed.value.errors
        }
        assert repo.get_report(session=s, report_id=draft.id).report.state is ReportState.DRAFT
        repo.save_draft(session=s, report_id=draft.id, data=warning_data())
        submitted = repo.submit_report(session=s, report_id=draft.id)
        assert submitted.state is ReportState.QUEUED and submitted.draft_revision is None
        # datetimes are normalised to UTC when frozen
        assert submitted.data["waktu_kejadian"].startswith("2024-02-10T01:30:00")
        assert pending_count(session=s) == (1, 0)
        with pytest.raises(InvalidTransition):
            repo.save_draft(session=s, report_id=draft.id, data=warning_data(kronologi="diubah"))
        with pytest.raises(InvalidTransition):
            repo.submit_report(session=s, report_id=draft.id)
        with pytest.raises(InvalidTransition):
            repo.delete_draft(session=s, report_id=draft.id)


def test_delivered_then_reviewed(store: Store) -> None:
    report = _delivered(store)
    assert _state(store, report.id) is ReportState.DELIVERED
    with store.session() as s:
        apply_review(
            session=s,
            report_id=report.id,
            revision=1,
            decision="needs_revision",
            comment="Lengkapi kronologi",
            reviewed_at=NOW,
        )
        shown = repo.get_report(session=s, report_id=report.id)
    assert shown.report.state is ReportState.NEEDS_REVISION
    assert shown.report.review_comment == "Lengkapi kronologi"
    assert shown.revisions[0].delivered_at == NOW


def test_amend_after_submit_delivery_and_review_keeps_every_revision(store: Store) -> None:
    report = _delivered(store)
    with store.session() as s:
        apply_review(
            session=s,
            report_id=report.id,
            revision=1,
            decision="verified",
            comment="",
            reviewed_at=NOW,
        )
        amended = repo.amend_report(
            session=s, report_id=report.id, data=warning_data(tingkat="awas")
        )
        assert amended.revision == 2 and amended.state is ReportState.QUEUED and amended.urgent
        again = repo.amend_report(
            session=s, report_id=report.id, data=warning_data(tingkat="siaga")
        )
        detail = repo.get_report(session=s, report_id=report.id)
    assert again.revision == 3
    assert [r.status for r in detail.revisions] == ["submitted"] * 3
    assert [r.data["tingkat"] for r in detail.revisions] == ["waspada", "awas", "siaga"]


def test_amendment_is_validated_and_atomic(store: Store) -> None:
    report = _submitted(store)
    with store.session() as s:
        with pytest.raises(ValidationFailed) as failed:
            repo.amend_report(
                session=s, report_id=report.id, data=warning_data(kecamatan=OTHER_KECAMATAN)
            )
        assert [e.field for e in failed.value.errors] == ["kecamatan"]
        detail = repo.get_report(session=s, report_id=report.id)
        assert len(detail.revisions) == 1 and detail.report.draft_revision is None
        assert pending_count(session=s) == (1, 0)


def test_amendment_draft_edit_submit_or_discard(store: Store) -> None:
    report = _delivered(store)
    with store.session() as s:
        opened = repo.start_amendment(session=s, report_id=report.id)
        assert opened.draft_revision == 2 and opened.state is ReportState.DELIVERED
        repo.save_draft(
            session=s, report_id=report.id, data=warning_data(kronologi="Kronologi diperbaiki.")
        )
        listed = repo.get_report(session=s, report_id=report.id)
        assert (
            listed.report.data["kronologi"] == warning_data()["kronologi"]
        )  # list shows what was sent
        assert listed.revisions[-1].status == "draft"
        with pytest.raises(InvalidTransition):
            repo.withdraw_report(session=s, report_id=report.id, reason="salah input")
        repo.delete_draft(session=s, report_id=report.id)  # discard the amendment
        assert len(repo.get_report(session=s, report_id=report.id).revisions) == 1
        repo.start_amendment(session=s, report_id=report.id)
        repo.save_draft(session=s, report_id=report.id, data=warning_data(kronologi="Versi kedua."))
        submitted = repo.submit_report(session=s, report_id=report.id)
    assert submitted.revision == 2 and submitted.data["kronologi"] == "Versi kedua."
    assert submitted.state is ReportState.QUEUED


def test_withdraw_is_a_revision_and_ends_the_report(store: Store) -> None:
    report = _delivered(store)
    with store.session() as s:
        with pytest.raises(Exception, match="reason"):
            repo.withdraw_report(session=s, report_id=report.id, reason="  ")
        withdrawn = repo.withdraw_report(session=s, report_id=report.id, reason="Laporan ganda")
        assert withdrawn.state is ReportState.QUEUED and withdrawn.revision == 2
        detail = repo.get_report(session=s, report_id=report.id)
        assert detail.revisions[-1].status == "withdrawn"
        assert detail.revisions[-1].withdraw_reason == "Laporan ganda"
        assert detail.revisions[-1].data == detail.revisions[0].data
        for forbidden in (
            lambda: repo.amend_report(session=s, report_id=report.id, data=warning_data()),
            lambda: repo.start_amendment(session=s, report_id=report.id),
            lambda: repo.withdraw_report(session=s, report_id=report.id, reason="lagi"),
            lambda: repo.delete_draft(session=s, report_id=report.id),
            lambda: repo.save_draft(session=s, report_id=report.id, data=warning_data()),
        ):
            with pytest.raises(InvalidTransition):
                forbidden()
        mark_delivered(session=s, report_id=report.id, revision=2, server_time=NOW)
        assert repo.get_report(session=s, report_id=report.id).report.state is ReportState.WITHDRAWN


def test_drafts_cannot_be_amended_or_withdrawn_but_can_be_deleted(store: Store) -> None:
    with store.session() as s:
        draft = repo.create_draft(session=s, form_id="pendidikan_politik", data=education_data())
        with pytest.raises(InvalidTransition):
            repo.amend_report(session=s, report_id=draft.id, data=education_data())
        with pytest.raises(InvalidTransition):
            repo.withdraw_report(session=s, report_id=draft.id, reason="x")
        with pytest.raises(InvalidTransition):
            repo.start_amendment(session=s, report_id=draft.id)
        repo.delete_draft(session=s, report_id=draft.id)
        with pytest.raises(ReportNotFound):
            repo.get_report(session=s, report_id=draft.id)


def test_rejected_is_quarantined_until_amended(store: Store) -> None:
    report = _submitted(store)
    with store.session() as s:
        mark_rejected(session=s, report_id=report.id, revision=1, reason="form version unknown")
        rejected = repo.get_report(session=s, report_id=report.id).report
        assert (
            rejected.state is ReportState.REJECTED
            and rejected.rejected_reason == "form version unknown"
        )
        assert pending_count(session=s) == (0, 0)
        amended = repo.amend_report(session=s, report_id=report.id, data=warning_data())
        assert amended.state is ReportState.QUEUED and amended.rejected_reason is None
        assert pending_count(session=s) == (1, 0)


def test_urgency_follows_the_alert_level(store: Store) -> None:
    levels = {
        level: _submitted(store, tingkat=level).urgent
        for level in ("normal", "waspada", "siaga", "awas")
    }
    assert levels == {"normal": False, "waspada": False, "siaga": True, "awas": True}
    with store.session() as s:
        assert pending_count(session=s) == (4, 2)


def test_unknown_form_and_unknown_id(store: Store) -> None:
    with store.session() as s:
        with pytest.raises(UnknownForm):
            repo.create_draft(session=s, form_id="laporan_fiktif", data={})
        with pytest.raises(ReportNotFound):
            repo.submit_report(session=s, report_id=uuid4())


def test_no_office_no_report(bare_store: Store) -> None:
    with bare_store.session() as s, pytest.raises(OfficeNotSet):
        repo.create_draft(session=s, form_id="deteksi_dini", data=warning_data())


def test_region_outside_the_office_is_refused(store: Store) -> None:
    with store.session() as s, pytest.raises(ValidationFailed) as failed:
        repo.create_draft(
            session=s,
            form_id="deteksi_dini",
            data=warning_data(kecamatan=OTHER_KECAMATAN),
            submit=True,
        )
    assert failed.value.errors[0].field == "kecamatan"
    assert "Maluku Tengah" in failed.value.errors[0].message_id


def test_bulk_import_is_all_or_nothing(store: Store) -> None:
    items = [warning_data(), warning_data(tingkat="bahaya"), warning_data(), {"kronologi": 5}]
    with store.session() as s:
        with pytest.raises(ValidationFailed) as failed:
            repo.import_reports(session=s, form_id="deteksi_dini", items=items, submit=True)
        fields = {e.field for e in failed.value.errors}
        assert "#2.tingkat" in fields and "#4.kronologi" in fields and "#4.kecamatan" in fields
        assert repo.count_reports(session=s, query=ReportQuery()) == 0
        made = repo.import_reports(
            session=s, form_id="deteksi_dini", items=[warning_data()] * 3, submit=True
        )
        assert len({r.id for r in made}) == 3
        assert repo.count_reports(session=s, query=ReportQuery()) == 3
        assert pending_count(session=s) == (3, 0)


def test_resolve_id_by_prefix(store: Store) -> None:
    report = _submitted(store)
    with store.session() as s:
        assert repo.resolve_report_id(session=s, text=str(report.id)) == report.id
        assert repo.resolve_report_id(session=s, text=report.id.hex[:8].upper()) == report.id
        with pytest.raises(ReportNotFound):
            repo.resolve_report_id(session=s, text=report.id.hex[:7])
        with pytest.raises(ReportNotFound):
            repo.resolve_report_id(session=s, text="zzzzzzzz")
