"""The FTS5 index over report text: kept in step with `report` rows, and safe queries from user text."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlmodel import Session

from sync.store.models import Report

_WORD = re.compile(r"\w+", re.UNICODE)
_DELETE = sa.text(
    "INSERT INTO report_fts(report_fts, rowid, title, search_text) VALUES ('delete', :num, :title, :text)"
)
_INSERT = sa.text("INSERT INTO report_fts(rowid, title, search_text) VALUES (:num, :title, :text)")


def index_report(session: Session, report: Report, *, old: tuple[str, str] | None) -> None:
    """Bring the index in step with `report` (flushed, so it has its `num`); `old` = previous (title, text)."""
    new = (report.title, report.search_text)
    if old == new:
        return
    if old is not None:
        session.execute(_DELETE, {"num": report.num, "title": old[0], "text": old[1]})
    session.execute(_INSERT, {"num": report.num, "title": new[0], "text": new[1]})


def index_new_reports(session: Session, *, after: int) -> None:
    """Index every report inserted with a `num` above `after` (the bulk path)."""
    session.execute(
        sa.text(
            "INSERT INTO report_fts(rowid, title, search_text)"
            " SELECT num, title, search_text FROM report WHERE num > :after"
        ),
        {"after": after},
    )


def unindex_report(session: Session, report: Report) -> None:
    session.execute(_DELETE, {"num": report.num, "title": report.title, "text": report.search_text})


def match_expression(user_text: str) -> str | None:
    """An FTS5 query from what a clerk typed: every word must match, as a prefix; None if no words."""
    words = _WORD.findall(user_text)
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


def fts_in_step(session: Session) -> bool:
    """FTS5's own check that the index matches the report table."""
    try:
        session.execute(
            sa.text("INSERT INTO report_fts(report_fts, rank) VALUES ('integrity-check', 1)")
        )
    except sa.exc.DatabaseError:
        return False
    return True
