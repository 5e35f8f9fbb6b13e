"""Report list sortable by alert level in its real order (normal < waspada < siaga < awas), by index."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report") as batch:
        batch.add_column(sa.Column("alert_rank", sa.Integer(), nullable=False, server_default="0"))
    op.execute(
        "UPDATE report SET alert_rank = CASE alert_level"
        " WHEN 'normal' THEN 1 WHEN 'waspada' THEN 2 WHEN 'siaga' THEN 3 WHEN 'awas' THEN 4 ELSE 0 END"
    )
    op.create_index("ix_report_alert", "report", ["alert_rank", "num"])


def downgrade() -> None:
    op.drop_index("ix_report_alert", "report")
    with op.batch_alter_table("report") as batch:
        batch.drop_column("alert_rank")
