"""Console: covering indexes for Beranda's early-warning tables, a partial one for the review queue.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

Beranda groups the last weeks' early warnings by category, regency and level; with these
the groupings read only the index (measured at 200,000 reports: 200–270 ms → see
docs/benchmarks.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

WAITING = sa.text("reviewed_revision IS NULL OR reviewed_revision < latest_revision")

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_report_form_date_cover",
        "report",
        ["form_id", "report_date", "status", "alert_level", "category", "office"],
    )
    # The review queue (Beranda's "Perlu perhatian", "next to review", tinjauan=belum).
    op.create_index(
        "ix_report_waiting",
        "report",
        ["urgent", "status", "received_at"],
        postgresql_where=WAITING,
        sqlite_where=WAITING,
    )


def downgrade() -> None:
    op.drop_index("ix_report_waiting", table_name="report")
    op.drop_index("ix_report_form_date_cover", table_name="report")
