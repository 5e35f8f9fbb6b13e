"""List indexes that cover every filter column, so any filter with any sort reads one index only."""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OLD = {
    "ix_report_date": ["report_date", "num"],
    "ix_report_updated": ["updated_at", "num"],
    "ix_report_form_date": ["form_id", "report_date", "num"],
    "ix_report_state_date": ["state", "report_date", "num"],
    "ix_report_kecamatan_date": ["kecamatan", "report_date", "num"],
    "ix_report_urgent_date": ["urgent", "report_date", "num"],
    "ix_report_title": ["title", "num"],
    "ix_report_alert": ["alert_rank", "num"],
}
FILTERS = ["form_id", "state", "urgent", "kecamatan", "report_date"]
# Sort order first (ties broken by report date, then `num`), then the filter columns: a page
# of the list is a walk along one index, checking filters without touching the table.
SORTS = {
    "ix_list_date": ["report_date", "num"],
    "ix_list_updated": ["updated_at", "num"],
    "ix_list_title": ["title", "num"],
    "ix_list_alert": ["alert_rank", "report_date", "num"],
    "ix_list_form": ["form_id", "report_date", "num"],
    "ix_list_state": ["state", "report_date", "num"],
    "ix_list_kecamatan": ["kecamatan", "report_date", "num"],
    "ix_list_urgent": ["urgent", "report_date", "num"],
}


def upgrade() -> None:
    for name in OLD:
        op.drop_index(name, "report")
    for name, order in SORTS.items():
        op.create_index(name, "report", order + [c for c in FILTERS if c not in order])


def downgrade() -> None:
    for name in SORTS:
        op.drop_index(name, "report")
    for name, columns in OLD.items():
        op.create_index(name, "report", columns)
