"""The province's reviews as this PC received them: how many, and the newest with their report's title."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlmodel import Session, func, select

from sync.store.models import Report, Review


@dataclass(frozen=True, slots=True)
class ReceivedReview:
    report_id: UUID
    title: str
    decision: str  # "verified" | "needs_revision"
    comment: str
    reviewed_at: datetime  # UTC


def count_reviews(*, session: Session) -> int:
    """Reviews are never deleted: a larger count means new ones have arrived."""
    return session.exec(select(func.count()).select_from(Review)).one()


def newest_reviews(*, session: Session, limit: int) -> list[ReceivedReview]:
    """The last `limit` reviews received (newest first)."""
    rows = session.exec(
        select(Review, Report.title)
        .join(Report, Report.id == Review.report_id)  # type: ignore[arg-type]
        .order_by(Review.id.desc())  # type: ignore[union-attr]
        .limit(max(limit, 0))
    ).all()
    return [
        ReceivedReview(review.report_id, title, review.decision, review.comment, review.reviewed_at)
        for review, title in rows
    ]
