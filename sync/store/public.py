"""Turning store rows into the plain objects of `sync.store.schemas` (copies, safe across threads)."""

from __future__ import annotations

import copy
from collections import defaultdict
from uuid import UUID

from sqlmodel import Session, select

from sync.store.models import Attachment, Report, Review, Revision, RevisionAttachment
from sync.store.schemas import (
    AttachmentInfo,
    ReportDetail,
    ReportPublic,
    ReportState,
    ReviewPublic,
    RevisionPublic,
)


def report_public(report: Report, *, with_data: bool = True) -> ReportPublic:
    return ReportPublic(
        id=report.id,
        form_id=report.form_id,
        form_version=report.form_version,
        office=report.office,
        state=ReportState(report.state),
        revision=report.revision,
        title=report.title,
        urgent=report.urgent,
        alert_level=report.alert_level,
        kecamatan=report.kecamatan,
        report_date=report.report_date,
        created_at=report.created_at,
        updated_at=report.updated_at,
        data=copy.deepcopy(report.data) if with_data else {},
        rejected_reason=report.rejected_reason,
        review_comment=report.review_comment,
        draft_revision=report.draft_revision,
    )


def revision_attachments(session: Session, report_id: UUID) -> dict[int, list[AttachmentInfo]]:
    """Attachments of every revision of one report, by revision number."""
    rows = session.exec(
        select(RevisionAttachment, Attachment.size)
        .join(Attachment, Attachment.sha256 == RevisionAttachment.sha256)
        .where(RevisionAttachment.report_id == report_id)
        .order_by(RevisionAttachment.filename)
    ).all()
    found: dict[int, list[AttachmentInfo]] = defaultdict(list)
    for link, size in rows:
        found[link.revision].append(AttachmentInfo(link.sha256, link.filename, link.mime, size))
    return found


def report_detail(session: Session, report: Report) -> ReportDetail:
    revisions = session.exec(
        select(Revision).where(Revision.report_id == report.id).order_by(Revision.revision)
    ).all()
    reviews = session.exec(
        select(Review).where(Review.report_id == report.id).order_by(Review.reviewed_at)
    ).all()
    files = revision_attachments(session, report.id)
    return ReportDetail(
        report=report_public(report),
        revisions=[
            RevisionPublic(
                revision=r.revision,
                status=r.status,
                form_version=r.form_version,
                data=copy.deepcopy(r.data),
                attachments=files.get(r.revision, []),
                created_at=r.created_at,
                delivered_at=r.delivered_at,
                withdraw_reason=r.withdraw_reason,
                rejected_reason=r.rejected_reason,
            )
            for r in revisions
        ],
        reviews=[ReviewPublic(v.revision, v.decision, v.comment, v.reviewed_at) for v in reviews],
    )
