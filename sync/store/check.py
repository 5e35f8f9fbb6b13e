"""`check`: is the local store intact? SQLite integrity, foreign keys, FTS, schema, attachment files."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import select

from sync import migrations
from sync.store.attachments import attachment_size, stored_sha256
from sync.store.db import Store
from sync.store.models import Attachment, Report
from sync.store.schemas import CheckResult
from sync.store.search import fts_in_step


def check(store: Store, *, verify_files: bool = True) -> CheckResult:
    """Every problem found (empty when intact); `verify_files` re-hashes each attachment."""
    problems: list[str] = []
    with store.engine.connect() as conn:
        integrity = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.extend(f"integrity: {line}" for line in integrity)
        for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
    revision = migrations.current_revision(store.engine)
    if revision != migrations.HEAD:
        problems.append(f"schema revision {revision!r}, expected {migrations.HEAD!r}")
    with store.session() as session:
        if not fts_in_step(session):
            problems.append("full-text index is out of step with the reports")
        session.rollback()
        reports = session.exec(select(sa.func.count()).select_from(Report)).one()
        files = session.exec(select(Attachment.sha256, Attachment.size)).all()
    for sha, size in files:
        stored = attachment_size(store, sha)
        if stored is None:
            problems.append(f"attachment {sha} is missing")
        elif stored != size or (verify_files and stored_sha256(store, sha) != sha):
            problems.append(f"attachment {sha} does not match its hash")
    return CheckResult(
        ok=not problems,
        problems=problems,
        schema_revision=revision,
        reports=reports,
        attachments=len(files),
    )
