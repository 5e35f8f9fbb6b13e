"""Conflicts after a restore: the server's newest revision of each report, and revisions renumbered above it."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report") as batch:
        batch.add_column(
            sa.Column("server_revision", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("revision") as batch:
        batch.add_column(sa.Column("renumbered_from", sa.Integer(), nullable=True))
    # Every delivered revision is held by the server.
    op.execute(
        "UPDATE report SET server_revision = COALESCE((SELECT max(revision) FROM revision"
        " WHERE revision.report_id = report.id AND revision.delivered_at IS NOT NULL), 0)"
    )


def downgrade() -> None:
    with op.batch_alter_table("revision") as batch:
        batch.drop_column("renumbered_from")
    with op.batch_alter_table("report") as batch:
        batch.drop_column("server_revision")
