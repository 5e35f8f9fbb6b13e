"""A report's `ReportState`, derived from its revisions, the outbox and the province's reviews."""

from __future__ import annotations

from sqlmodel import Session, select

from sync.store.models import OutboxItem, Report, Review, Revision
from sync.store.schemas import ReportState


def refresh_state(session: Session, report: Report) -> None:
    """Recompute `report.state`, `rejected_reason` and `review_comment` (from the last frozen revision)."""
    report.rejected_reason = None
    report.review_comment = None
    if report.submitted_revision == 0:
        report.state = ReportState.DRAFT
        return
    queued = session.get(OutboxItem, (report.id, report.submitted_revision))
    if queued is not None:
        report.rejected_reason = queued.quarantine_reason
        if queued.quarantine_reason:
            report.state = ReportState.REJECTED
        elif _renumbered(session, report):
            report.state = ReportState.CONFLICT
        else:
            report.state = ReportState.QUEUED
        return
    if report.withdrawn:
        report.state = ReportState.WITHDRAWN
        return
    review = session.exec(
        select(Review)
        .where(Review.report_id == report.id, Review.revision == report.submitted_revision)
        .order_by(Review.reviewed_at.desc())  # type: ignore[attr-defined]
        .limit(1)
    ).first()
    if review is None:
        report.state = ReportState.DELIVERED
    else:
        report.state = ReportState(review.decision)
        report.review_comment = review.comment or None


def _renumbered(session: Session, report: Report) -> bool:
    revision = session.get(Revision, (report.id, report.submitted_revision))
    return revision is not None and revision.renumbered_from is not None
