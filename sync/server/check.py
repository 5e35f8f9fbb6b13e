"""`pantau-server check`: find stored rows whose text a read would fail on (from before 422s)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import sqlalchemy as sa
from sqlmodel import Session

from sync.server.models import Device, ReportRevision
from sync.server.text_rules import strings_in, text_problem

BATCH = 1000


@dataclass(frozen=True, slots=True)
class BadText:
    table: str
    row: str  # report id and revision, or device id
    problem: str


def find_bad_text(*, session: Session) -> list[BadText]:
    """Every revision and device label holding NUL or a lone surrogate, in storage order."""
    found: list[BadText] = []
    table = ReportRevision.__table__
    columns = (table.c.title, table.c.data, table.c.attachments, table.c.withdraw_reason)
    after = -1
    while True:
        rows = session.execute(
            sa.select(table.c.seq, table.c.report_id, table.c.revision, *columns)
            .where(table.c.seq > after)
            .order_by(table.c.seq)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        for row in rows:
            problem = _first_problem([row.title, row.data, row.attachments, row.withdraw_reason])
            if problem:
                found.append(BadText("report_revision", f"{row.report_id} rev {row.revision}", problem))
        after = rows[-1].seq
    for device_id, label in session.execute(sa.select(Device.id, Device.label)).all():
        if problem := _first_problem([label]):
            found.append(BadText("device", str(UUID(str(device_id))), problem))
    session.rollback()
    return found


def _first_problem(values: list[object]) -> str | None:
    for value in values:
        for text in strings_in(value):
            if problem := text_problem(text):
                return problem
    return None
