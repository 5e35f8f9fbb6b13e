"""Sync health: each PC's last heartbeat and last push, its contacts per day.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sync.server.models import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_health",
        sa.Column("device_id", sa.Uuid(), sa.ForeignKey("device.id"), primary_key=True),
        sa.Column("heard_at", UTCDateTime(), nullable=False),
        sa.Column("heartbeat", sa.JSON(), nullable=False),
        sa.Column("last_push_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "device_contact",
        sa.Column("device_id", sa.Uuid(), sa.ForeignKey("device.id"), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("contacts", sa.Integer(), nullable=False),
    )
    # Reports each PC sent in the last days, for the board.
    op.create_index(
        "ix_report_revision_device_received", "report_revision", ["device_id", "received_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_report_revision_device_received", "report_revision")
    op.drop_table("device_contact")
    op.drop_table("device_health")
