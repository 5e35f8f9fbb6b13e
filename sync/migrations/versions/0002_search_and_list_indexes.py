"""Full-text search (FTS5 over report text) and the indexes that keep the list fast at 100k reports."""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# (name, columns): each list sort key ends with `num` so that ties have a stable order and
# paging through the index needs no temporary B-tree.
LIST_INDEXES = [
    ("ix_report_date", ["report_date", "num"]),
    ("ix_report_updated", ["updated_at", "num"]),
    ("ix_report_form_date", ["form_id", "report_date", "num"]),
    ("ix_report_state_date", ["state", "report_date", "num"]),
    ("ix_report_form_state_date", ["form_id", "state", "report_date", "num"]),
    ("ix_report_kecamatan_date", ["kecamatan", "report_date", "num"]),
    ("ix_report_urgent_date", ["urgent", "report_date", "num"]),
    ("ix_report_title", ["title", "num"]),
]


def upgrade() -> None:
    for name, columns in LIST_INDEXES:
        op.create_index(name, "report", columns)
    op.create_index("ix_outbox_next", "outbox", ["quarantine_reason", "urgent", "queued_at"])
    op.create_index("ix_review_report", "review", ["report_id", "revision"])
    op.create_index("ix_revision_attachment_sha", "revision_attachment", ["sha256"])
    # External-content FTS5: the text lives once, in report.title/search_text; the repository
    # keeps the index in step in the same transaction as each report write.
    op.execute(
        "CREATE VIRTUAL TABLE report_fts USING fts5(title, search_text, content='report',"
        " content_rowid='num', tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute("INSERT INTO report_fts(report_fts) VALUES ('rebuild')")


def downgrade() -> None:
    op.execute("DROP TABLE report_fts")
    op.drop_index("ix_revision_attachment_sha", "revision_attachment")
    op.drop_index("ix_review_report", "review")
    op.drop_index("ix_outbox_next", "outbox")
    for name, _columns in reversed(LIST_INDEXES):
        op.drop_index(name, "report")
