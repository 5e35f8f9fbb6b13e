"""A report's `ReportState`, derived from its revisions, the outbox and the province's reviews."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from uuid import UUID

from sqlmodel import Session, select

from sync.store.models import OutboxItem, Report, Review, Revision
from sync.store.schemas import ReportState

IN_LIST = 500  # ids per IN (…) list: far below SQLite's variable limit


def refresh_state(session: Session, report: Report) -> None:
    """Recompute `report.state`, `rejected_reason` and `review_comment` (from the last frozen revision)."""
    refresh_states(session, [report])


def refresh_states(session: Session, reports: Iterable[Report]) -> None:
    """`refresh_state` for many reports in three queries, not two or three per report."""
    reports = list(reports)
    frozen = {r.id: r for r in reports if r.submitted_revision != 0}
    for report in reports:
        if report.submitted_revision == 0:
            report.rejected_reason = report.review_comment = report.bundle_number = None
            report.state = ReportState.DRAFT
    queued: dict[tuple[UUID, int], OutboxItem] = {}
    renumbered: set[tuple[UUID, int]] = set()
    reviews: dict[tuple[UUID, int], Review] = {}
    for ids in id_chunks(sorted(frozen)):
        queued.update(
            ((q.report_id, q.revision), q)
            for q in session.exec(select(OutboxItem).where(OutboxItem.report_id.in_(ids)))  # type: ignore[attr-defined]
        )
        renumbered.update(
            session.exec(
                select(Revision.report_id, Revision.revision).where(
                    Revision.report_id.in_(ids),  # type: ignore[attr-defined]
                    Revision.renumbered_from.is_not(None),  # type: ignore[union-attr]
                )
            ).all()
        )
        for review in session.exec(
            select(Review)
            .where(Review.report_id.in_(ids))  # type: ignore[attr-defined]
            .order_by(Review.reviewed_at.desc())  # type: ignore[attr-defined]
        ):
            reviews.setdefault((review.report_id, review.revision), review)  # the latest
    for report in frozen.values():
        key = (report.id, report.submitted_revision)
        report.rejected_reason = None
        report.review_comment = None
        report.bundle_number = None
        waiting = queued.get(key)
        if waiting is not None:
            report.rejected_reason = waiting.quarantine_reason
            if waiting.quarantine_reason:
                report.state = ReportState.REJECTED
            elif waiting.bundle_number is not None:
                report.state = ReportState.BUNDLED
                report.bundle_number = waiting.bundle_number
            elif key in renumbered:
                report.state = ReportState.CONFLICT
            else:
                report.state = ReportState.QUEUED
        elif report.withdrawn:
            report.state = ReportState.WITHDRAWN
        elif key in reviews:
            report.state = ReportState(reviews[key].decision)
            report.review_comment = reviews[key].comment or None
        else:
            report.state = ReportState.DELIVERED


def id_chunks(ids: list[UUID]) -> Iterator[list[UUID]]:
    """`ids` in slices short enough for one IN (…) list each."""
    for start in range(0, len(ids), IN_LIST):
        yield ids[start : start + IN_LIST]
