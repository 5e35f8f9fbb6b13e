"""Each revision's content hash, so a resent (report id, revision) with other content is a conflict.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sync.server.content import content_hash

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade() -> None:
    op.add_column("report_revision", sa.Column("content_hash", sa.String(64), nullable=True))
    _backfill()
    with op.batch_alter_table("report_revision") as batch:
        batch.alter_column("content_hash", existing_type=sa.String(64), nullable=False)


def _backfill() -> None:
    table = sa.table(
        "report_revision",
        sa.column("seq", sa.BigInteger()),
        sa.column("content_hash", sa.String(64)),
        sa.column("form_id", sa.String()),
        sa.column("form_version", sa.Integer()),
        sa.column("status", sa.String()),
        sa.column("data", sa.JSON()),
        sa.column("attachments", sa.JSON()),
        sa.column("withdraw_reason", sa.String()),
    )
    connection = op.get_bind()
    after = -1
    while True:
        rows = connection.execute(
            sa.select(table)
            .where(table.c.seq > after, table.c.content_hash.is_(None))
            .order_by(table.c.seq)
            .limit(BATCH)
        ).mappings().all()
        if not rows:
            return
        connection.execute(
            table.update().where(table.c.seq == sa.bindparam("_seq")),
            [{"_seq": row["seq"], "content_hash": content_hash(row)} for row in rows],
        )
        after = rows[-1]["seq"]


def downgrade() -> None:
    with op.batch_alter_table("report_revision") as batch:
        batch.drop_column("content_hash")
