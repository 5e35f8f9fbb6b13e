"""SQLModel tables of the office PC's local store (the schema itself is made by migrations)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(sa.TypeDecorator[datetime]):
    """A UTC instant stored as fixed-width text (sorts correctly); naive input is taken as UTC."""

    impl = sa.String(26)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.strftime(TIME_FORMAT)

    def process_result_value(self, value: str | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.strptime(value, TIME_FORMAT).replace(tzinfo=UTC)


def _time(*, nullable: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_type=UtcDateTime, nullable=True)
    return Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class Setting(SQLModel, table=True):
    """Key-value settings of this PC; read and written only through `sync.store.settings`."""

    key: str = Field(primary_key=True, max_length=64)
    value: str


class FormVersion(SQLModel, table=True):
    """A form definition published by the province and pulled to this PC."""

    __tablename__ = "form_version"

    form_id: str = Field(primary_key=True, max_length=64)
    version: int = Field(primary_key=True)
    definition: dict[str, Any] = Field(sa_type=sa.JSON)
    received_at: datetime = _time()


class ReportBase(SQLModel):
    """Columns shown in the report list, kept from the latest revision for fast SQL sort/filter."""

    form_id: str = Field(max_length=64)
    form_version: int
    office: str = Field(max_length=8)
    state: str = Field(max_length=16)
    title: str = ""
    urgent: bool = False
    alert_level: str | None = Field(default=None, max_length=16)
    alert_rank: int = 0  # order of alert_level (0 none, 1 normal … 4 awas), for sorting by index
    kecamatan: str | None = Field(default=None, max_length=16)
    report_date: date | None = None


class Report(ReportBase, table=True):
    """One report: its current list columns plus bookkeeping of its revisions."""

    # `num` is the FTS rowid: an explicit INTEGER PRIMARY KEY survives VACUUM, an implicit rowid not.
    num: int | None = Field(default=None, primary_key=True)
    id: UUID = Field(unique=True)
    revision: int  # latest revision, including an open draft
    submitted_revision: int = 0  # latest frozen revision, 0 while never submitted
    draft_revision: int | None = None  # the open draft (new report or amendment), if any
    # The newest revision the server is known to hold (it may hold some this PC lost in a
    # restore): new revisions are numbered above it.
    server_revision: int = 0
    withdrawn: bool = False
    data: dict[str, Any] = Field(sa_type=sa.JSON)
    search_text: str = ""
    rejected_reason: str | None = None
    review_comment: str | None = None
    bundle_number: int | None = None  # the bundle that carried the waiting revision, if one did
    created_at: datetime = _time()
    updated_at: datetime = _time()


class Revision(SQLModel, table=True):
    """Every revision of a report; frozen once its status is no longer `draft`."""

    report_id: UUID = Field(primary_key=True, foreign_key="report.id", ondelete="CASCADE")
    revision: int = Field(primary_key=True)
    status: str = Field(max_length=16)  # draft | submitted | withdrawn
    form_version: int
    data: dict[str, Any] = Field(sa_type=sa.JSON)
    created_at: datetime = _time()
    delivered_at: datetime | None = _time(nullable=True)
    withdraw_reason: str | None = None
    rejected_reason: str | None = None
    # The number this revision had when the server answered that it held other content under
    # it (a conflict); it was then sent again under this one.
    renumbered_from: int | None = None


class Attachment(SQLModel, table=True):
    """A file stored once under `attachments/` and named by its SHA-256."""

    sha256: str = Field(primary_key=True, max_length=64)
    size: int
    mime: str = Field(max_length=127)
    created_at: datetime = _time()


class RevisionAttachment(SQLModel, table=True):
    """Which files a revision carries, under which name."""

    __tablename__ = "revision_attachment"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["report_id", "revision"],
            ["revision.report_id", "revision.revision"],
            ondelete="CASCADE",
        ),
    )

    report_id: UUID = Field(primary_key=True)
    revision: int = Field(primary_key=True)
    sha256: str = Field(primary_key=True, foreign_key="attachment.sha256", max_length=64)
    filename: str = Field(max_length=255)
    mime: str = Field(max_length=127)


class OutboxItem(SQLModel, table=True):
    """A frozen revision waiting for the province's acknowledgement."""

    __tablename__ = "outbox"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["report_id", "revision"],
            ["revision.report_id", "revision.revision"],
            ondelete="CASCADE",
        ),
    )

    report_id: UUID = Field(primary_key=True)
    revision: int = Field(primary_key=True)
    urgent: bool = False
    queued_at: datetime = _time()
    attempts: int = 0
    quarantine_reason: str | None = None
    bundle_number: int | None = None  # the last flash-drive bundle that carried it


class Review(SQLModel, table=True):
    """The province's feedback on one revision, pulled back to this PC."""

    __table_args__ = (sa.UniqueConstraint("report_id", "revision", "reviewed_at"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: UUID = Field(foreign_key="report.id", ondelete="CASCADE")
    revision: int
    decision: str = Field(max_length=16)
    comment: str = ""
    reviewed_at: datetime = _time()


class SyncLog(SQLModel, table=True):
    """One sync attempt, for the status screen and for support."""

    __tablename__ = "sync_log"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = _time()
    finished_at: datetime = _time()
    outcome: str = Field(max_length=32)
    items_sent: int = 0
    items_delivered: int = 0
    items_rejected: int = 0
    bytes_up: int = 0
    bytes_down: int = 0
    detail: str = ""
