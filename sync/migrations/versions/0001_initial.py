"""Initial local store: settings, forms, reports, revisions, attachments, outbox, reviews, sync log."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _time(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(26), nullable=nullable)


def _revision_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["report_id", "revision"], ["revision.report_id", "revision.revision"], ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "setting",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )
    op.create_table(
        "form_version",
        sa.Column("form_id", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("definition", sa.JSON(), nullable=False),
        _time("received_at"),
    )
    op.create_table(
        "report",
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(8), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("alert_level", sa.String(16), nullable=True),
        sa.Column("kecamatan", sa.String(16), nullable=True),
        sa.Column("report_date", sa.Date(), nullable=True),
        sa.Column("num", sa.Integer(), primary_key=True),
        sa.Column("id", sa.Uuid(), nullable=False, unique=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("submitted_revision", sa.Integer(), nullable=False),
        sa.Column("draft_revision", sa.Integer(), nullable=True),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("search_text", sa.String(), nullable=False),
        sa.Column("rejected_reason", sa.String(), nullable=True),
        sa.Column("review_comment", sa.String(), nullable=True),
        _time("created_at"),
        _time("updated_at"),
    )
    op.create_table(
        "revision",
        sa.Column(
            "report_id", sa.Uuid(), sa.ForeignKey("report.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("revision", sa.Integer(), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        _time("created_at"),
        _time("delivered_at", nullable=True),
        sa.Column("withdraw_reason", sa.String(), nullable=True),
        sa.Column("rejected_reason", sa.String(), nullable=True),
    )
    op.create_table(
        "attachment",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(127), nullable=False),
        _time("created_at"),
    )
    op.create_table(
        "revision_attachment",
        sa.Column("report_id", sa.Uuid(), primary_key=True),
        sa.Column("revision", sa.Integer(), primary_key=True),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("attachment.sha256"), primary_key=True),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("mime", sa.String(127), nullable=False),
        _revision_fk(),
    )
    op.create_table(
        "outbox",
        sa.Column("report_id", sa.Uuid(), primary_key=True),
        sa.Column("revision", sa.Integer(), primary_key=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        _time("queued_at"),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("quarantine_reason", sa.String(), nullable=True),
        _revision_fk(),
    )
    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "report_id", sa.Uuid(), sa.ForeignKey("report.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("comment", sa.String(), nullable=False),
        _time("reviewed_at"),
        sa.UniqueConstraint("report_id", "revision", "reviewed_at"),
    )
    op.create_table(
        "sync_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        _time("started_at"),
        _time("finished_at"),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("items_sent", sa.Integer(), nullable=False),
        sa.Column("items_delivered", sa.Integer(), nullable=False),
        sa.Column("items_rejected", sa.Integer(), nullable=False),
        sa.Column("bytes_up", sa.Integer(), nullable=False),
        sa.Column("bytes_down", sa.Integer(), nullable=False),
        sa.Column("detail", sa.String(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "sync_log",
        "review",
        "outbox",
        "revision_attachment",
        "attachment",
        "revision",
        "report",
        "form_version",
        "setting",
    ):
        op.drop_table(table)
