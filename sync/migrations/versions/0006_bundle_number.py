"""Which flash-drive bundle last carried a waiting revision, for the clerk's "Dikirim lewat flashdisk"."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("bundle_number", sa.Integer(), nullable=True))
    with op.batch_alter_table("report") as batch:
        batch.add_column(sa.Column("bundle_number", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report") as batch:
        batch.drop_column("bundle_number")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("bundle_number")
