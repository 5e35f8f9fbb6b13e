"""A report's `ReportState`, derived from its revisions, the outbox and the province's reviews."""

from __future__ import annotations

from sqlmodel import Session, select

from sync.store.models import OutboxItem, Report, Review
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
        report.state = ReportState.REJECTED if queued.quarantine_reason else ReportState.QUEUED
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
