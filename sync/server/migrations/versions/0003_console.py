"""Console: people accounts, sessions, sign-in failures, audit; report list columns and search.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30

PostgreSQL searches a stored tsvector with a GIN index; SQLite an FTS5 table kept in step
by triggers (a later migration that rebuilds `report` in batch mode must recreate them).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel import Session

from sync.server.models import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

REPORT_INDEXES = {
    "ix_report_received": ["received_at", "id"],
    "ix_report_date": ["report_date", "id"],
    "ix_report_office_received": ["office", "received_at"],
    "ix_report_form_received": ["form_id", "received_at"],
    "ix_report_kecamatan": ["kecamatan"],
    "ix_report_category": ["category"],
    "ix_report_alert_level": ["alert_level"],
}
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE report_fts USING fts5(id UNINDEXED, search_text,"
    " tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER report_fts_insert AFTER INSERT ON report BEGIN"
    " INSERT INTO report_fts(id, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER report_fts_update AFTER UPDATE OF search_text ON report BEGIN"
    " DELETE FROM report_fts WHERE id = old.id;"
    " INSERT INTO report_fts(id, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER report_fts_delete AFTER DELETE ON report BEGIN"
    " DELETE FROM report_fts WHERE id = old.id; END",
]


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("disabled_at", UTCDateTime(), nullable=True),
        sa.Column("last_login_at", UTCDateTime(), nullable=True),
        sa.Column("last_visit_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "console_session",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("user_account.id"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_console_session_user_id", "console_session", ["user_id"])
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("failed_at", UTCDateTime(), nullable=False),
    )
    for column in ("username", "address", "failed_at"):
        op.create_index(f"ix_login_failure_{column}", "login_failure", [column])
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
    )
    op.create_index("ix_audit_entry_at", "audit_entry", ["at"])
    op.create_index("ix_audit_entry_action", "audit_entry", ["action"])

    with op.batch_alter_table("review") as batch:
        batch.alter_column("analyst_id", existing_type=sa.Uuid(), nullable=True)
        batch.add_column(
            sa.Column(
                "user_id",
                sa.Uuid(),
                sa.ForeignKey("user_account.id", name="fk_review_user_id"),
                nullable=True,
            )
        )

    # Plain ADD COLUMN (no batch rebuild), so SQLite keeps the rowids and the triggers below.
    op.add_column("report", sa.Column("alert_level", sa.String(32), nullable=True))
    op.add_column("report", sa.Column("category", sa.String(64), nullable=True))
    op.add_column("report", sa.Column("kecamatan", sa.String(16), nullable=True))
    op.add_column("report", sa.Column("report_date", sa.Date(), nullable=True))
    op.add_column(
        "report", sa.Column("search_text", sa.Text(), nullable=False, server_default="")
    )
    for name, columns in REPORT_INDEXES.items():
        op.create_index(name, "report", columns)
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE report ADD COLUMN search_vector tsvector"
            " GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED"
        )
        op.execute("CREATE INDEX ix_report_search ON report USING gin (search_vector)")
    else:
        for statement in SQLITE_FTS:
            op.execute(statement)
    _fill_list_columns(bind)


def _fill_list_columns(bind: sa.engine.Connection) -> None:
    """Reports received before this migration get their list columns from their latest revision."""
    from sync.server.catalogue import FormCatalogue
    from sync.server.report_columns import list_columns

    registry = FormCatalogue().registry(session=Session(bind=bind))
    rows = bind.execute(
        sa.text(
            "SELECT r.id, v.form_id, v.form_version, v.data, r.received_at FROM report r"
            " JOIN report_revision v ON v.seq = r.latest_seq"
        ).columns(id=sa.Uuid(), data=sa.JSON(), received_at=UTCDateTime())
    ).all()
    report = sa.table(
        "report",
        sa.column("id", sa.Uuid()),
        *(sa.column(name) for name in ("alert_level", "category", "kecamatan", "search_text")),
        sa.column("report_date", sa.Date()),
    )
    for report_id, form_id, version, data, received_at in rows:
        form = registry.get(form_id, version)
        bind.execute(
            report.update()
            .where(report.c.id == report_id)
            .values(**list_columns(form, data, received_at=received_at))
        )


def downgrade() -> None:
    raise NotImplementedError("the console schema cannot be downgraded; restore a backup")
