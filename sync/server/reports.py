"""What provincial analysts read and decide: report lists, full histories, reviews."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlmodel import Session, func, select

from sync.server import feed
from sync.server.audit import audit
from sync.server.errors import NotFound
from sync.server.models import Report, ReportRevision, Review
from sync.wire import (
    AttachmentRef,
    Decision,
    ItemStatus,
    ReportDetail,
    ReportList,
    ReportSummary,
    ReviewFeedback,
    RevisionOut,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReportFilter:
    """Analyst list filters; None means no filter on that column."""

    office: str | None = None
    form_id: str | None = None
    status: ItemStatus | None = None
    urgent: bool | None = None
    since: datetime | None = None  # received at or after (UTC)
    limit: int = 50
    offset: int = 0


def unreviewed() -> sa.ColumnElement[bool]:
    """Reports whose latest revision the province has not reviewed yet."""
    return sa.or_(
        Report.reviewed_revision.is_(None), Report.reviewed_revision < Report.latest_revision
    )


def _summary(report: Report) -> ReportSummary:
    current = report.reviewed_revision == report.latest_revision
    return ReportSummary(
        id=report.id,
        office=report.office,
        form_id=report.form_id,
        latest_revision=report.latest_revision,
        status=report.status,
        urgent=report.urgent,
        title=report.title,
        received_at=report.received_at,
        review=report.review if current else None,
        review_comment=report.review_comment if current else None,
    )


def list_reports(*, session: Session, query: ReportFilter) -> ReportList:
    """Reports matching `query`, urgent first, then the most recently received."""
    conditions = []
    if query.office:
        conditions.append(Report.office == query.office)
    if query.form_id:
        conditions.append(Report.form_id == query.form_id)
    if query.status:
        conditions.append(Report.status == query.status)
    if query.urgent is not None:
        conditions.append(Report.urgent.is_(query.urgent))
    if query.since is not None:
        conditions.append(Report.received_at >= query.since)
    count = session.exec(select(func.count()).select_from(Report).where(*conditions)).one()
    rows = session.exec(
        select(Report)
        .where(*conditions)
        .order_by(Report.urgent.desc(), Report.received_at.desc(), Report.latest_seq.desc())
        .limit(query.limit)
        .offset(query.offset)
    ).all()
    return ReportList(items=[_summary(row) for row in rows], count=count)


def report_detail(*, session: Session, report_id: UUID) -> ReportDetail:
    report = session.get(Report, report_id)
    if report is None:
        raise NotFound(f"no report {report_id}")
    revisions = session.exec(
        select(ReportRevision)
        .where(ReportRevision.report_id == report_id)
        .order_by(ReportRevision.revision)
    ).all()
    return ReportDetail(
        **_summary(report).model_dump(),
        revisions=[
            RevisionOut(
                revision=rev.revision,
                status=rev.status,
                form_version=rev.form_version,
                data=rev.data,
                attachments=[AttachmentRef(**ref) for ref in rev.attachments],
                withdraw_reason=rev.withdraw_reason,
                created_at=rev.created_at,
                updated_at=rev.updated_at,
                received_at=rev.received_at,
                seq=rev.seq,
            )
            for rev in revisions
        ],
    )


def review_report(
    *,
    session: Session,
    report_id: UUID,
    decision: Decision,
    comment: str,
    now: datetime,
    analyst_id: UUID | None = None,
    user_id: UUID | None = None,
    actor: str | None = None,
) -> ReportSummary:
    """Record a decision on the report's latest revision and queue it for the office's pull.

    By an API token (`analyst_id`) or a console account (`user_id`, audited as `actor`).
    """
    report = session.exec(select(Report).where(Report.id == report_id).with_for_update()).first()
    if report is None:
        raise NotFound(f"no report {report_id}")
    session.add(
        Review(
            report_id=report.id,
            revision=report.latest_revision,
            analyst_id=analyst_id,
            user_id=user_id,
            decision=decision,
            comment=comment,
            reviewed_at=now,
        )
    )
    report.review = decision
    report.review_comment = comment
    report.reviewed_revision = report.latest_revision
    report.reviewed_at = now
    session.add(report)
    feed.append(
        session=session,
        office=report.office,
        event=ReviewFeedback(
            report_id=report.id,
            revision=report.latest_revision,
            decision=decision,
            comment=comment,
            reviewed_at=now,
        ),
        now=now,
    )
    if actor:
        audit(
            session,
            actor,
            "report.review",
            str(report.id),
            {"revision": report.latest_revision, "decision": decision, "comment": comment},
            now=now,
        )
    session.commit()
    session.refresh(report)
    log.info(
        "report reviewed report=%s revision=%s decision=%s",
        report.id,
        report.reviewed_revision,
        decision,
    )
    return _summary(report)
