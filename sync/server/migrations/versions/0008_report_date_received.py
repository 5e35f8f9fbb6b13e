"""Console: the report list over a short period in reception order reads one index.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

`/laporan?dari=…&sampai=…` sorted by reception walked the reception-order index until it had
a page; for a month's last page that walk went through everything received before it
(2.1 s at 200,000 reports). With (report_date, received_at, id) the period's rows are found
and ordered from the index alone (see docs/benchmarks.md).
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_report_date_received", "report", ["report_date", "received_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_report_date_received", table_name="report")
