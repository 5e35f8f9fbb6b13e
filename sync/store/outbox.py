"""The sync client's side of the store: what to push, what came back, and the sync log."""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Set
from datetime import UTC, datetime
from uuid import UUID

from sqlmodel import Session, func, select

from sync.store.form_versions import form_registry, store_form_version
from sync.store.models import OutboxItem, Report, Review, Revision, SyncLog
from sync.store.public import report_public, revision_attachments
from sync.store.schemas import OutboxEntry, ReportPublic, SyncStatus
from sync.store.states import refresh_state
from sync.store.units import writing
from sync.wire import PushItem

__all__ = [
    "apply_review",
    "form_registry",
    "log_sync",
    "mark_delivered",
    "mark_rejected",
    "next_batch",
    "pending_count",
    "quarantined",
    "store_form_version",
    "sync_status",
]

logger = logging.getLogger(__name__)

SUCCESS = "success"


def _now() -> datetime:
    return datetime.now(UTC)


def _entry(session: Session, queued: OutboxItem) -> OutboxEntry:
    report = session.exec(select(Report).where(Report.id == queued.report_id)).one()
    revision = session.get(Revision, (queued.report_id, queued.revision))
    assert revision is not None  # the outbox row's foreign key guarantees it
    files = revision_attachments(session, queued.report_id).get(queued.revision, [])
    item = PushItem(
        id=report.id,
        revision=revision.revision,
        form_id=report.form_id,
        form_version=revision.form_version,
        office=report.office,
        status="withdrawn" if revision.status == "withdrawn" else "submitted",
        created_at=report.created_at,
        updated_at=revision.created_at,
        data=copy.deepcopy(revision.data),
        attachments=[
            {"sha256": f.sha256, "size": f.size, "filename": f.filename, "mime": f.mime}
            for f in files
        ],
        withdraw_reason=revision.withdraw_reason,
    ).model_dump(mode="json")
    size = len(json.dumps(item, separators=(",", ":"), ensure_ascii=False).encode())
    return OutboxEntry(
        report_id=report.id,
        revision=revision.revision,
        urgent=queued.urgent,
        queued_at=queued.queued_at,
        item=item,
        attachments=files,
        size_bytes=size,
    )


def next_batch(
    *,
    session: Session,
    max_items: int,
    max_bytes: int,
    exclude: Set[tuple[UUID, int]] = frozenset(),
) -> list[OutboxEntry]:
    """The next revisions to push: urgent first, then oldest; never quarantined ones.

    Stops at `max_items` or before `max_bytes` of item JSON, but always returns at least one
    item when any is pending, even one larger than `max_bytes`.
    """
    rows = session.exec(
        select(OutboxItem)
        .where(OutboxItem.quarantine_reason.is_(None))  # type: ignore[union-attr]
        .order_by(
            OutboxItem.urgent.desc(),
            OutboxItem.queued_at,
            OutboxItem.report_id,
            OutboxItem.revision,
        )  # type: ignore[attr-defined]
        .limit(max(max_items, 1) + len(exclude))
    ).all()
    batch: list[OutboxEntry] = []
    used = 0
    for queued in rows:
        if (queued.report_id, queued.revision) in exclude:
            continue
        entry = _entry(session, queued)
        if batch and used + entry.size_bytes > max_bytes:
            break
        batch.append(entry)
        used += entry.size_bytes
        if len(batch) >= max_items:
            break
    return batch


def _report(session: Session, report_id: UUID) -> Report | None:
    return session.exec(select(Report).where(Report.id == report_id)).first()


def mark_delivered(
    *, session: Session, report_id: UUID, revision: int, server_time: datetime
) -> None:
    """The province acknowledged this revision (accepted or duplicate): it leaves the outbox."""
    with writing(session):
        queued = session.get(OutboxItem, (report_id, revision))
        if queued is not None:
            session.delete(queued)
        frozen = session.get(Revision, (report_id, revision))
        if frozen is None:
            logger.warning(
                "acknowledgement for unknown revision %s/%s ignored", report_id, revision
            )
            return
        if frozen.delivered_at is None:
            frozen.delivered_at = server_time
        frozen.rejected_reason = None
        session.flush()
        report = _report(session, report_id)
        if report is not None:
            refresh_state(session, report)
            report.updated_at = _now()


def mark_rejected(*, session: Session, report_id: UUID, revision: int, reason: str) -> None:
    """The province refused this revision: quarantined with the reason until the clerk amends it."""
    with writing(session):
        queued = session.get(OutboxItem, (report_id, revision))
        if queued is None:
            logger.warning("rejection of %s/%s, which is not queued, ignored", report_id, revision)
            return
        queued.quarantine_reason = reason or "rejected"
        queued.attempts += 1
        frozen = session.get(Revision, (report_id, revision))
        if frozen is not None:
            frozen.rejected_reason = queued.quarantine_reason
        session.flush()
        report = _report(session, report_id)
        if report is not None:
            refresh_state(session, report)
            report.updated_at = _now()


def pending_count(*, session: Session) -> tuple[int, int]:
    """(revisions waiting to be sent, of which urgent); quarantined ones are not waiting."""
    waiting = OutboxItem.quarantine_reason.is_(None)  # type: ignore[union-attr]
    total = session.exec(select(func.count()).select_from(OutboxItem).where(waiting)).one()
    urgent = session.exec(
        select(func.count()).select_from(OutboxItem).where(waiting, OutboxItem.urgent.is_(True))  # type: ignore[attr-defined]
    ).one()
    return total, urgent


def quarantined(*, session: Session) -> list[tuple[ReportPublic, str]]:
    """Reports whose revision the province rejected, with its reason."""
    rows = session.exec(
        select(Report, OutboxItem.quarantine_reason)
        .join(OutboxItem, OutboxItem.report_id == Report.id)
        .where(OutboxItem.quarantine_reason.is_not(None))  # type: ignore[union-attr]
        .order_by(OutboxItem.queued_at)
    ).all()
    return [(report_public(report), reason or "") for report, reason in rows]


def apply_review(
    *,
    session: Session,
    report_id: UUID,
    revision: int,
    decision: str,
    comment: str,
    reviewed_at: datetime,
) -> None:
    """Record the province's review of one revision (idempotent: the same review twice is kept once)."""
    if decision not in ("verified", "needs_revision"):
        raise ValueError(f"unknown review decision {decision!r}")
    with writing(session):
        report = _report(session, report_id)
        if report is None:
            logger.warning("review of unknown report %s ignored", report_id)
            return
        existing = session.exec(
            select(Review).where(
                Review.report_id == report_id,
                Review.revision == revision,
                Review.reviewed_at == reviewed_at,
            )
        ).first()
        if existing is None:
            session.add(
                Review(
                    report_id=report_id,
                    revision=revision,
                    decision=decision,
                    comment=comment,
                    reviewed_at=reviewed_at,
                )
            )
            session.flush()
        refresh_state(session, report)
        report.updated_at = _now()


def log_sync(
    *,
    session: Session,
    started_at: datetime,
    finished_at: datetime,
    outcome: str,
    items_sent: int,
    items_delivered: int,
    items_rejected: int,
    bytes_up: int,
    bytes_down: int,
    detail: str = "",
) -> None:
    """Record one sync attempt; `outcome` "success" marks a complete, successful pass."""
    with writing(session):
        session.add(
            SyncLog(
                started_at=started_at,
                finished_at=finished_at,
                outcome=outcome,
                items_sent=items_sent,
                items_delivered=items_delivered,
                items_rejected=items_rejected,
                bytes_up=bytes_up,
                bytes_down=bytes_down,
                detail=detail,
            )
        )


def sync_status(*, session: Session) -> SyncStatus:
    pending, urgent = pending_count(session=session)
    held = session.exec(
        select(func.count())
        .select_from(OutboxItem)
        .where(OutboxItem.quarantine_reason.is_not(None))  # type: ignore[union-attr]
    ).one()
    return SyncStatus(
        pending=pending,
        pending_urgent=urgent,
        quarantined=held,
        last_success=session.exec(
            select(func.max(SyncLog.finished_at)).where(SyncLog.outcome == SUCCESS)
        ).one(),
        last_attempt=session.exec(select(func.max(SyncLog.finished_at))).one(),
    )
