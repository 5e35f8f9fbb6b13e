"""Plain objects the local store hands to the GUI, the CLI and the sync client.

Never live ORM rows: these are copies, safe to pass between threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID


class ReportState(StrEnum):
    """What the clerk sees of a report, derived from its lifecycle, sync and review."""

    DRAFT = "draft"  # local only, editable, never synced
    QUEUED = "queued"  # submitted (or amended/withdrawn), waiting in the outbox
    DELIVERED = "delivered"  # province acknowledged the latest revision
    VERIFIED = "verified"  # province reviewed: verified
    NEEDS_REVISION = "needs_revision"  # province reviewed: needs revision (comment attached)
    REJECTED = "rejected"  # server refused the latest revision; quarantined with a reason
    # The server held other content under the latest revision's number (e.g. after a restore):
    # renumbered above the server's newest revision and queued again.
    CONFLICT = "conflict"
    # Waiting in the outbox, and carried by a flash-drive bundle whose receipt is not read yet.
    BUNDLED = "bundled"
    WITHDRAWN = "withdrawn"  # withdrawal delivered


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    sha256: str
    filename: str
    mime: str
    size: int


@dataclass(frozen=True, slots=True)
class RevisionPublic:
    revision: int
    status: str  # "draft" | "submitted" | "withdrawn"
    form_version: int
    data: dict[str, Any]
    attachments: list[AttachmentInfo]
    created_at: datetime  # UTC
    delivered_at: datetime | None
    withdraw_reason: str | None = None
    rejected_reason: str | None = None
    renumbered_from: int | None = None  # its number before a conflict made it this one


@dataclass(frozen=True, slots=True)
class ReviewPublic:
    revision: int
    decision: str  # "verified" | "needs_revision"
    comment: str
    reviewed_at: datetime  # UTC


@dataclass(frozen=True, slots=True)
class ReportPublic:
    """One report with its latest revision's values, for lists and the CLI."""

    id: UUID
    form_id: str
    form_version: int
    office: str
    state: ReportState
    revision: int  # latest submitted revision number (1 for a never-submitted draft)
    title: str
    urgent: bool
    alert_level: str | None  # deteksi_dini `tingkat`, else None
    kecamatan: str | None  # region code, when the form has one
    report_date: date | None  # the date the report is about, for sorting and the monthly recap
    created_at: datetime  # UTC
    updated_at: datetime  # UTC
    data: dict[str, Any] = field(default_factory=dict)
    rejected_reason: str | None = None
    review_comment: str | None = None
    # The open draft revision, if any: 1 for a never-submitted report, or n+1 for an amendment
    # being edited (whose values are in ReportDetail.revisions; `data`, `revision` and `state`
    # stay those of the last submitted revision until the amendment is submitted).
    draft_revision: int | None = None
    bundle_number: int | None = None  # with state BUNDLED: the bundle that carried it


@dataclass(frozen=True, slots=True)
class ReportDetail:
    report: ReportPublic
    revisions: list[RevisionPublic]
    reviews: list[ReviewPublic]


@dataclass(frozen=True, slots=True)
class ReportQuery:
    """Filters and sort for the report list; all applied in SQL."""

    form_id: str | None = None
    states: tuple[ReportState, ...] = ()
    search: str | None = None  # FTS5 query over report text
    kecamatan: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    urgent_only: bool = False
    sort: str = "report_date"  # report_date | updated_at | form_id | state | title | alert_level | kecamatan
    # With sort="form_id": the form ids in the order people see them (by title); others after.
    form_order: tuple[str, ...] = ()
    descending: bool = True
    limit: int = 200
    offset: int = 0


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """One revision waiting to be pushed, with the wire item already built."""

    report_id: UUID
    revision: int
    urgent: bool
    queued_at: datetime
    item: dict[str, Any]  # a `sync.wire.PushItem` as JSON-ready dict
    attachments: list[AttachmentInfo]
    size_bytes: int  # len of the item's JSON, for the client's byte budget


@dataclass(frozen=True, slots=True)
class SyncStatus:
    pending: int
    pending_urgent: int
    quarantined: int
    last_success: datetime | None
    last_attempt: datetime | None


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What `sync.store.check` found; `ok` when `problems` is empty."""

    ok: bool
    problems: list[str]
    schema_revision: str | None
    reports: int
    attachments: int
