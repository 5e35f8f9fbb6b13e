"""The sync client's side of the store: what to push, what came back, and the sync log."""

from __future__ import annotations

import copy
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from datetime import UTC, datetime
from uuid import UUID

import sqlalchemy as sa
from sqlmodel import Session, func, select

from sync.store.form_versions import form_registry, store_form_version
from sync.store.models import (
    Attachment,
    OutboxItem,
    Report,
    Review,
    Revision,
    RevisionAttachment,
    SyncLog,
)
from sync.store.public import report_public
from sync.store.schemas import AttachmentInfo, OutboxEntry, ReportPublic, SyncStatus
from sync.store.states import id_chunks, refresh_state, refresh_states
from sync.store.units import writing
from sync.wire import PushItem

__all__ = [
    "apply_review",
    "form_registry",
    "log_sync",
    "mark_bundled",
    "mark_delivered",
    "mark_delivered_many",
    "mark_rejected",
    "next_batch",
    "note_server_revisions",
    "pending_count",
    "pending_entries",
    "quarantined",
    "reports_sent",
    "resolve_conflict",
    "store_form_version",
    "sync_status",
]

logger = logging.getLogger(__name__)

SUCCESS = "success"


def _now() -> datetime:
    return datetime.now(UTC)


def _entry(
    queued: OutboxItem, report: Report, revision: Revision, files: list[AttachmentInfo], *, urgent: bool
) -> OutboxEntry:
    item = PushItem(
        id=report.id,
        revision=revision.revision,
        form_id=report.form_id,
        form_version=revision.form_version,
        office=report.office,
        status="withdrawn" if revision.status == "withdrawn" else "submitted",
        created_at=report.created_at,
        # A PC clock set back after the report was made must not send a time before it.
        updated_at=max(revision.created_at, report.created_at),
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
        urgent=urgent,
        queued_at=queued.queued_at,
        item=item,
        attachments=files,
        size_bytes=size,
    )


def _entries(session: Session, wanted: list[tuple[OutboxItem, bool]]) -> Iterator[OutboxEntry]:
    """The entries of these queued revisions (with their urgency), in order: three queries
    for all of them, however many (a slow PC read ~70 reports a second one by one)."""
    report_ids = {queued.report_id for queued, _ in wanted}
    reports: dict[UUID, Report] = {}
    revisions: dict[tuple[UUID, int], Revision] = {}
    files: dict[tuple[UUID, int], list[AttachmentInfo]] = defaultdict(list)
    for ids in id_chunks(sorted(report_ids)):
        reports.update((r.id, r) for r in session.exec(select(Report).where(Report.id.in_(ids))))  # type: ignore[attr-defined]
        revisions.update(
            ((r.report_id, r.revision), r)
            for r in session.exec(
                select(Revision)
                .join(
                    OutboxItem,
                    sa.and_(
                        OutboxItem.report_id == Revision.report_id,
                        OutboxItem.revision == Revision.revision,
                    ),
                )
                .where(Revision.report_id.in_(ids))  # type: ignore[attr-defined]
            )
        )
        for link, size in session.exec(
            select(RevisionAttachment, Attachment.size)
            .join(Attachment, Attachment.sha256 == RevisionAttachment.sha256)
            .where(RevisionAttachment.report_id.in_(ids))  # type: ignore[attr-defined]
            .order_by(RevisionAttachment.filename)
        ):
            files[(link.report_id, link.revision)].append(
                AttachmentInfo(link.sha256, link.filename, link.mime, size)
            )
    for queued, urgent in wanted:
        key = (queued.report_id, queued.revision)
        # The outbox row's foreign key guarantees its revision and report.
        yield _entry(queued, reports[queued.report_id], revisions[key], files.get(key, []), urgent=urgent)


def next_batch(
    *,
    session: Session,
    max_items: int,
    max_bytes: int,
    exclude: Set[tuple[UUID, int]] = frozenset(),
) -> list[OutboxEntry]:
    """The next revisions to push: urgent first, then oldest; never quarantined ones.

    A report goes one revision at a time, its lowest queued one first, so that the server
    numbers and answers them in order (a conflict on one renumbers those behind it); a
    report with a revision in `exclude` (in flight, or left for the next pass) waits. The
    lowest revision takes the place of its most urgent one.

    Stops at `max_items` or before `max_bytes` of item JSON, but always returns at least one
    item when any is pending, even one larger than `max_bytes`.
    """
    waiting = OutboxItem.quarantine_reason.is_(None)  # type: ignore[union-attr]
    rows = session.exec(
        select(OutboxItem)
        .where(waiting)
        .order_by(
            OutboxItem.urgent.desc(),
            OutboxItem.queued_at,
            OutboxItem.report_id,
            OutboxItem.revision,
        )  # type: ignore[attr-defined]
        .limit(max(max_items, 1) + len(exclude))
    ).all()
    busy = {report_id for report_id, _ in exclude}
    chosen: list[OutboxItem] = []
    for queued in rows:
        if queued.report_id not in busy:
            busy.add(queued.report_id)
            chosen.append(queued)
            if len(chosen) >= max(max_items, 1):
                break
    # Each chosen report's lowest waiting revision, with its queued row (one query).
    lowest: dict[UUID, OutboxItem] = {}
    for ids in id_chunks([q.report_id for q in chosen]):
        for first in session.exec(
            select(OutboxItem).where(waiting, OutboxItem.report_id.in_(ids))  # type: ignore[attr-defined]
        ):
            known = lowest.get(first.report_id)
            if known is None or first.revision < known.revision:
                lowest[first.report_id] = first
    batch: list[OutboxEntry] = []
    used = 0
    for entry in _entries(session, [(lowest[q.report_id], q.urgent) for q in chosen]):
        if batch and used + entry.size_bytes > max_bytes:
            break
        batch.append(entry)
        used += entry.size_bytes
    return batch


def pending_entries(*, session: Session) -> list[OutboxEntry]:
    """Every revision waiting for the province, quarantined ones excepted, in push order."""
    rows = session.exec(
        select(OutboxItem)
        .where(OutboxItem.quarantine_reason.is_(None))  # type: ignore[union-attr]
        .order_by(OutboxItem.report_id, OutboxItem.revision)  # type: ignore[arg-type]
    ).all()
    return list(_entries(session, [(queued, queued.urgent) for queued in rows]))


def _report(session: Session, report_id: UUID) -> Report | None:
    return session.exec(select(Report).where(Report.id == report_id)).first()


def mark_delivered(
    *, session: Session, report_id: UUID, revision: int, server_time: datetime
) -> None:
    """The province acknowledged this revision (accepted or duplicate): it leaves the outbox."""
    mark_delivered_many(session=session, keys=[(report_id, revision)], server_time=server_time)


def mark_delivered_many(
    *, session: Session, keys: Sequence[tuple[UUID, int]], server_time: datetime
) -> None:
    """The province acknowledged these revisions: they leave the outbox, in one transaction
    (one commit per batch, not per report: on a slow disk each commit costs a sync to it)."""
    if not keys:
        return
    with writing(session):
        ids = sorted({report_id for report_id, _ in keys})
        queued: dict[tuple[UUID, int], OutboxItem] = {}
        frozen: dict[tuple[UUID, int], Revision] = {}
        reports: dict[UUID, Report] = {}
        for chunk in id_chunks(ids):
            queued.update(
                ((q.report_id, q.revision), q)
                for q in session.exec(select(OutboxItem).where(OutboxItem.report_id.in_(chunk)))  # type: ignore[attr-defined]
            )
            frozen.update(
                ((r.report_id, r.revision), r)
                for r in session.exec(select(Revision).where(Revision.report_id.in_(chunk)))  # type: ignore[attr-defined]
            )
            reports.update(
                (r.id, r) for r in session.exec(select(Report).where(Report.id.in_(chunk)))  # type: ignore[attr-defined]
            )
        touched: dict[UUID, Report] = {}
        for report_id, revision in keys:
            row = queued.pop((report_id, revision), None)
            if row is not None:
                session.delete(row)
            acknowledged = frozen.get((report_id, revision))
            if acknowledged is None:
                logger.warning(
                    "acknowledgement for unknown revision %s/%s ignored", report_id, revision
                )
                continue
            if acknowledged.delivered_at is None:
                acknowledged.delivered_at = server_time
            acknowledged.rejected_reason = None
            report = reports.get(report_id)
            if report is not None:
                report.server_revision = max(report.server_revision, revision)
                touched[report_id] = report
        session.flush()
        now = _now()
        refresh_states(session, touched.values())
        for report in touched.values():
            report.updated_at = now


def resolve_conflict(
    *, session: Session, report_id: UUID, revision: int, server_latest: int | None
) -> int | None:
    """The server holds other content under this queued revision's number: renumber it above
    the server's newest revision (`server_latest`), with every undelivered revision after it
    (an open draft included), and leave it queued. One transaction; no revision is dropped.

    Returns the revision's new number (None when it is not queued any more).
    """
    with writing(session):
        report = _report(session, report_id)
        if report is None or session.get(OutboxItem, (report_id, revision)) is None:
            logger.warning("conflict on %s/%s, which is not queued, ignored", report_id, revision)
            return None
        revisions = session.exec(select(Revision).where(Revision.report_id == report_id)).all()
        held = max((r.revision for r in revisions if r.delivered_at is not None), default=0)
        above = max(server_latest or revision, report.server_revision, held)
        shift = max(1, above + 1 - revision)
        moving = sorted(
            (r.revision for r in revisions if r.revision >= revision and r.delivered_at is None),
            reverse=True,  # the highest first: each new number is free when it is taken
        )
        session.flush()
        for obj in [o for o in session if getattr(o, "report_id", None) == report_id]:
            if not isinstance(obj, Report):
                session.expunge(obj)  # their keys change under the ORM's feet
        # The revision's key changes before its outbox row's and files' keys follow it.
        session.execute(sa.text("PRAGMA defer_foreign_keys = ON"))
        for old in moving:
            _renumber(session, report_id, old, old + shift)
        report.server_revision = max(report.server_revision, server_latest or 0)
        report.revision += shift if report.revision >= revision else 0
        report.submitted_revision += shift if report.submitted_revision >= revision else 0
        if report.draft_revision is not None and report.draft_revision >= revision:
            report.draft_revision += shift
        session.flush()
        refresh_state(session, report)
        report.updated_at = _now()
        logger.info(
            "report %s rev %d conflicts with the server's (latest %s): sent again as rev %d",
            report_id,
            revision,
            server_latest,
            revision + shift,
        )
        return revision + shift


def _renumber(session: Session, report_id: UUID, old: int, new: int) -> None:
    revisions = Revision.__table__
    session.execute(
        sa.update(revisions)
        .where(revisions.c.report_id == report_id, revisions.c.revision == old)
        .values(revision=new, renumbered_from=sa.func.coalesce(revisions.c.renumbered_from, old))
    )
    for table in (OutboxItem.__table__, RevisionAttachment.__table__):
        session.execute(
            sa.update(table)
            .where(table.c.report_id == report_id, table.c.revision == old)
            .values(revision=new)
        )


def reports_sent(*, session: Session) -> list[UUID]:
    """Ids of every report this PC ever submitted (whose revisions the server may hold)."""
    return list(session.exec(select(Report.id).where(Report.submitted_revision > 0)).all())


def note_server_revisions(*, session: Session, latest: Mapping[UUID, int]) -> None:
    """Remember the server's newest revision of these reports: new revisions are numbered above."""
    with writing(session):
        for report_id, revision in latest.items():
            report = _report(session, report_id)
            if report is not None and revision > report.server_revision:
                report.server_revision = revision


def mark_bundled(*, session: Session, revisions: Iterable[tuple[UUID, int]], number: int) -> None:
    """These queued revisions travelled in bundle `number` (in the caller's transaction); they
    stay queued until a receipt or a sync acknowledges them."""
    wanted = set(revisions)
    touched: list[Report] = []
    for chunk in id_chunks(sorted({report_id for report_id, _ in wanted})):
        for queued in session.exec(
            select(OutboxItem).where(
                OutboxItem.report_id.in_(chunk),  # type: ignore[attr-defined]
                OutboxItem.quarantine_reason.is_(None),  # type: ignore[union-attr]
            )
        ):
            if (queued.report_id, queued.revision) in wanted:  # not acknowledged meanwhile by a sync
                queued.bundle_number = number
        touched += session.exec(select(Report).where(Report.id.in_(chunk))).all()  # type: ignore[attr-defined]
    session.flush()
    refresh_states(session, touched)


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
