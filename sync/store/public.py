"""Turning store rows into the plain objects of `sync.store.schemas` (copies, safe across threads)."""

from __future__ import annotations

import copy
import functools
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from uuid import UUID

from sync.store.schemas import (
    AttachmentInfo,
    ReportDetail,
    ReportPublic,
    ReportState,
    ReviewPublic,
    RevisionPublic,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from sync.store.models import Report


def report_public(report: Report | Mapping[str, Any]) -> ReportPublic:
    """From a loaded row, or from the column values of one just inserted in bulk."""
    get: Callable[[str], Any] = (
        report.__getitem__ if isinstance(report, Mapping) else functools.partial(getattr, report)
    )
    return ReportPublic(
        id=get("id"),
        form_id=get("form_id"),
        form_version=get("form_version"),
        office=get("office"),
        state=ReportState(get("state")),
        revision=get("revision"),
        title=get("title"),
        urgent=get("urgent"),
        alert_level=get("alert_level"),
        kecamatan=get("kecamatan"),
        report_date=get("report_date"),
        created_at=get("created_at"),
        updated_at=get("updated_at"),
        data=copy.deepcopy(get("data")),
        rejected_reason=get("rejected_reason"),
        review_comment=get("review_comment"),
        draft_revision=get("draft_revision"),
        bundle_number=get("bundle_number"),
    )


def revision_attachments(session: Session, report_id: UUID) -> dict[int, list[AttachmentInfo]]:
    """Attachments of every revision of one report, by revision number."""
    # Imported here: `report_public` serves the desktop's first window, before SQLModel loads.
    from sqlmodel import select

    from sync.store.models import Attachment, RevisionAttachment

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
    from sqlmodel import select

    from sync.store.models import Review, Revision

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
                renumbered_from=r.renumbered_from,
            )
            for r in revisions
        ],
        reviews=[ReviewPublic(v.revision, v.decision, v.comment, v.reviewed_at) for v in reviews],
    )
