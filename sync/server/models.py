"""Database tables of the provincial server (SQLModel); the schema itself lives in migrations."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


class ServerTable(SQLModel, registry=registry()):
    """Base of the server's tables: a metadata of their own, apart from the office store's."""


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Stores UTC, returns aware UTC datetimes on every backend (SQLite keeps no offset)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_column(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(sa_column=sa.Column(UTCDateTime(), nullable=nullable, index=index))


def json_column() -> Any:
    return Field(sa_column=sa.Column(sa.JSON(), nullable=False))


class Office(ServerTable, table=True):
    """A regency or city Kesbangpol office, seeded from the regions data."""

    code: str = Field(primary_key=True, max_length=8)
    name: str = Field(max_length=200)


class Device(ServerTable, table=True):
    """An enrolled office PC; only the SHA-256 of its token is kept."""

    id: UUID = Field(primary_key=True)
    office: str = Field(foreign_key="office.code", index=True, max_length=8)
    label: str = Field(max_length=200)
    token_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = utc_column()
    revoked_at: datetime | None = utc_column(nullable=True)
    last_seen_at: datetime | None = utc_column(nullable=True)
    bundle_key: str | None = Field(default=None, max_length=100)  # public keys for flash-drive bundles


class EnrolmentCode(ServerTable, table=True):
    """A one-time code that turns into a device token; stored hashed, single use."""

    __tablename__ = "enrolment_code"

    code_hash: str = Field(primary_key=True, max_length=64)
    office: str = Field(foreign_key="office.code", max_length=8)
    label: str = Field(max_length=200)
    created_at: datetime = utc_column()
    expires_at: datetime = utc_column()
    used_at: datetime | None = utc_column(nullable=True)
    device_id: UUID | None = Field(default=None)


class Analyst(ServerTable, table=True):
    """A provincial account that reads and reviews every office's reports."""

    id: UUID = Field(primary_key=True)
    name: str = Field(max_length=200)
    token_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = utc_column()
    revoked_at: datetime | None = utc_column(nullable=True)


class ReportRevision(ServerTable, table=True):
    """One accepted revision; `seq` is the server's global order, (report_id, revision) unique."""

    __tablename__ = "report_revision"
    __table_args__ = (
        sa.UniqueConstraint("report_id", "revision", name="uq_report_revision"),
        sa.Index("ix_report_revision_device_received", "device_id", "received_at"),
    )

    seq: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    )
    report_id: UUID
    revision: int
    office: str = Field(max_length=8)
    device_id: UUID
    form_id: str = Field(max_length=64)
    form_version: int
    status: str = Field(max_length=16)
    urgent: bool
    title: str = Field(max_length=300)
    data: dict[str, Any] = json_column()
    attachments: list[dict[str, Any]] = json_column()
    withdraw_reason: str | None = Field(default=None, max_length=2000)
    created_at: datetime = utc_column()
    updated_at: datetime = utc_column()
    received_at: datetime = utc_column()
    content_hash: str = Field(max_length=64)  # sync.server.content: same revision, same content


# A report whose latest revision the province has not reviewed yet (a partial index's condition).
REVIEW_WAITING = sa.text("reviewed_revision IS NULL OR reviewed_revision < latest_revision")


class Report(ServerTable, table=True):
    """The latest state of a report, kept up to date on every push for the analysts' lists."""

    __table_args__ = (
        sa.Index("ix_report_order", "urgent", "received_at"),
        # the map's count as an index-only scan (migration 0004)
        sa.Index("ix_report_map", "report_date", "form_id", "status", "kecamatan", "alert_level", "lat", "lon"),
        # the console's lists and Beranda (migrations 0003 and 0006)
        sa.Index("ix_report_received", "received_at", "id"),
        sa.Index("ix_report_date", "report_date", "id"),
        sa.Index("ix_report_date_received", "report_date", "received_at", "id"),  # migration 0008
        sa.Index("ix_report_office_received", "office", "received_at"),
        sa.Index("ix_report_form_received", "form_id", "received_at"),
        sa.Index("ix_report_kecamatan", "kecamatan"),
        sa.Index("ix_report_category", "category"),
        sa.Index("ix_report_alert_level", "alert_level"),
        sa.Index(
            "ix_report_form_date_cover",
            "form_id", "report_date", "status", "alert_level", "category", "office",
        ),
        sa.Index(
            "ix_report_waiting",
            "urgent", "status", "received_at",
            postgresql_where=REVIEW_WAITING,
            sqlite_where=REVIEW_WAITING,
        ),
    )

    id: UUID = Field(primary_key=True)
    office: str = Field(foreign_key="office.code", index=True, max_length=8)
    form_id: str = Field(max_length=64)
    latest_revision: int
    latest_seq: int = Field(sa_column=sa.Column(sa.BigInteger(), nullable=False))
    status: str = Field(max_length=16)
    urgent: bool
    title: str = Field(max_length=300)
    received_at: datetime = utc_column()
    review: str | None = Field(default=None, max_length=16)
    review_comment: str | None = Field(default=None, max_length=5000)
    reviewed_revision: int | None = None
    reviewed_at: datetime | None = utc_column(nullable=True)
    # List columns from the latest revision's data, for the console's filters and search.
    alert_level: str | None = Field(default=None, max_length=32)
    category: str | None = Field(default=None, max_length=64)
    kecamatan: str | None = Field(default=None, max_length=16)
    report_date: date | None = None
    search_text: str = Field(default="", sa_column=sa.Column(sa.Text(), nullable=False, server_default=""))
    # The coordinates of the latest revision as typed, for the map's points.
    lat: float | None = None
    lon: float | None = None


class Review(ServerTable, table=True):
    """Every review decision ever made (the report row keeps only the current one)."""

    id: int | None = Field(default=None, primary_key=True)
    report_id: UUID = Field(foreign_key="report.id", index=True)
    revision: int
    analyst_id: UUID | None = Field(default=None, foreign_key="analyst.id")  # by API token
    user_id: UUID | None = Field(default=None, foreign_key="user_account.id")  # in the console
    decision: str = Field(max_length=16)
    comment: str = Field(max_length=5000)
    reviewed_at: datetime = utc_column()


class FeedEvent(ServerTable, table=True):
    """What devices pull, in commit order: reviews for one office, forms for all (office NULL)."""

    __tablename__ = "feed_event"

    seq: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    )
    office: str | None = Field(default=None, max_length=8, index=True)
    kind: str = Field(max_length=16)
    payload: dict[str, Any] = json_column()
    created_at: datetime = utc_column()


class PublishedForm(ServerTable, table=True):
    """A form version published by the province, on top of the bundled ones."""

    __tablename__ = "published_form"

    form_id: str = Field(primary_key=True, max_length=64)
    version: int = Field(primary_key=True)
    definition: dict[str, Any] = json_column()
    published_at: datetime = utc_column()


class Attachment(ServerTable, table=True):
    """A complete, hash-verified attachment file held for one office."""

    office: str = Field(primary_key=True, max_length=8)
    sha256: str = Field(primary_key=True, max_length=64)
    size: int = Field(sa_column=sa.Column(sa.BigInteger(), nullable=False))
    stored_at: datetime = utc_column()


class UserAccount(ServerTable, table=True):
    """A person who signs in to the console; the password is kept as an argon2id hash."""

    __tablename__ = "user_account"

    id: UUID = Field(primary_key=True)
    username: str = Field(unique=True, max_length=64)
    role: str = Field(max_length=16)
    password_hash: str = Field(max_length=255)
    created_at: datetime = utc_column()
    disabled_at: datetime | None = utc_column(nullable=True)
    last_login_at: datetime | None = utc_column(nullable=True)
    # When the user last opened Beranda: what came after it is "new since your last visit".
    last_visit_at: datetime | None = utc_column(nullable=True)


class ConsoleSession(ServerTable, table=True):
    """A signed-in browser; only the SHA-256 of the cookie is kept, with its CSRF token."""

    __tablename__ = "console_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: UUID = Field(foreign_key="user_account.id", index=True)
    csrf_token: str = Field(max_length=64)
    created_at: datetime = utc_column()
    last_seen_at: datetime = utc_column()


class LoginFailure(ServerTable, table=True):
    """One failed sign-in, counted per account and per address to throttle guessing."""

    __tablename__ = "login_failure"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, index=True)
    address: str = Field(max_length=64, index=True)
    failed_at: datetime = utc_column(index=True)


class AuditEntry(ServerTable, table=True):
    """Who changed what and when, from the console or the `pantau-server` CLI."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = utc_column(index=True)
    actor: str = Field(max_length=200)
    action: str = Field(max_length=64, index=True)
    target: str = Field(max_length=200)
    detail: dict[str, Any] = json_column()


class DeviceHealth(ServerTable, table=True):
    """What an office PC last said of itself (its heartbeat), for display only."""

    __tablename__ = "device_health"

    device_id: UUID = Field(foreign_key="device.id", primary_key=True)
    heard_at: datetime = utc_column()
    heartbeat: dict[str, Any] = json_column()
    last_push_at: datetime | None = utc_column(nullable=True)


class DeviceContact(ServerTable, table=True):
    """How many times a PC got through on one UTC day: the board's 30-day history."""

    __tablename__ = "device_contact"

    device_id: UUID = Field(foreign_key="device.id", primary_key=True)
    day: date = Field(primary_key=True)
    contacts: int
