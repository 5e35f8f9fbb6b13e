"""Initial schema: offices, devices, enrolment codes, analysts, reports, reviews, feed, forms.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sync.server.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "office",
        sa.Column("code", sa.String(8), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
    )
    op.create_table(
        "analyst",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "device",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("office", sa.String(8), sa.ForeignKey("office.code"), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("last_seen_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_device_office", "device", ["office"])
    op.create_table(
        "enrolment_code",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("office", sa.String(8), sa.ForeignKey("office.code"), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.Column("device_id", sa.Uuid(), nullable=True),
    )
    op.create_table(
        "report_revision",
        sa.Column("seq", BIG_ID, primary_key=True),
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(8), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("withdraw_reason", sa.String(2000), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("report_id", "revision", name="uq_report_revision"),
    )
    op.create_table(
        "report",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("office", sa.String(8), sa.ForeignKey("office.code"), nullable=False),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("latest_revision", sa.Integer(), nullable=False),
        sa.Column("latest_seq", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("review", sa.String(16), nullable=True),
        sa.Column("review_comment", sa.String(5000), nullable=True),
        sa.Column("reviewed_revision", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_report_office", "report", ["office"])
    op.create_index("ix_report_order", "report", ["urgent", "received_at"])
    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Uuid(), sa.ForeignKey("report.id"), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("analyst_id", sa.Uuid(), sa.ForeignKey("analyst.id"), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("comment", sa.String(5000), nullable=False),
        sa.Column("reviewed_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_review_report_id", "review", ["report_id"])
    op.create_table(
        "feed_event",
        sa.Column("seq", BIG_ID, primary_key=True),
        sa.Column("office", sa.String(8), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_feed_event_office", "feed_event", ["office"])
    op.create_table(
        "published_form",
        sa.Column("form_id", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("published_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "attachment",
        sa.Column("office", sa.String(8), primary_key=True),
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("stored_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "attachment",
        "published_form",
        "feed_event",
        "review",
        "report",
        "report_revision",
        "enrolment_code",
        "device",
        "analyst",
        "office",
    ):
        op.drop_table(table)
