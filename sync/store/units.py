"""Units of work on the store: one write transaction, and finding a report by id."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

import sqlalchemy as sa
from sqlmodel import Session, select

from sync.store.db import write_session
from sync.store.errors import ReportNotFound
from sync.store.models import Report

MIN_PREFIX = 8
_HEX = re.compile(r"^[0-9a-f]+$")


@contextmanager
def writing(session: Session) -> Iterator[Session]:
    """One write transaction (BEGIN IMMEDIATE): committed at the end, rolled back on any error."""
    write_session(session)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


def load_report(session: Session, report_id: UUID) -> Report:
    report = session.exec(select(Report).where(Report.id == report_id)).first()
    if report is None:
        raise ReportNotFound(f"no report with id {report_id}")
    return report


def resolve_report_id(*, session: Session, text: str) -> UUID:
    """A report's id from its full form or a unique prefix of at least 8 hex digits."""
    cleaned = text.strip().lower().replace("-", "")
    if len(cleaned) == 32 and _HEX.match(cleaned):
        report_id = UUID(cleaned)
        load_report(session, report_id)
        return report_id
    if len(cleaned) < MIN_PREFIX or not _HEX.match(cleaned):
        raise ReportNotFound(
            f"{text!r} is not a report id (give the id or at least {MIN_PREFIX} of its first hex digits)"
        )
    # Uuid columns are stored on SQLite as 32 hex digits without dashes.
    matches = session.exec(
        select(Report.id).where(sa.cast(Report.id, sa.String).like(f"{cleaned}%")).limit(2)
    ).all()
    if not matches:
        raise ReportNotFound(f"no report id starts with {text!r}")
    if len(matches) > 1:
        raise ReportNotFound(f"several reports start with {text!r}; give more digits")
    return matches[0]
