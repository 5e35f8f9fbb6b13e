"""Beranda's figures: what waits for review, what is new, each office's month, early-warning trends."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, func, select

from sync.forms.text import WIT
from sync.server.models import Device, Report, UTCDateTime
from sync.server.reports import unreviewed

from .labels import ALERT_LEVELS, EARLY_WARNING, Labels
from .listing import count_matches

ATTENTION_LIMIT = 15
NEW_LIMIT = 10
TREND_WEEKS = 12


@dataclass(frozen=True, slots=True)
class Waiting:
    id: str
    office: str
    title: str
    alert_level: str | None
    received_at: datetime
    waited: timedelta


@dataclass(slots=True)
class OfficeMonth:
    code: str
    name: str
    by_form: dict[str, int]
    unreviewed: int = 0
    last_contact: datetime | None = None

    @property
    def total(self) -> int:
        return sum(self.by_form.values())


@dataclass(slots=True)
class Dashboard:
    attention: list[Waiting]
    attention_total: int
    new_since: datetime | None
    new_reports: list[Waiting]
    new_total: int
    month_start: date
    offices: list[OfficeMonth]
    warnings_by_category: dict[str, dict[str, int]]  # category → office → count
    trend_weeks: list[date]  # Mondays, oldest first
    trend: dict[str, list[int]] = field(default_factory=dict)  # level → count per week


def _waiting(report: Report, now: datetime) -> Waiting:
    return Waiting(
        id=str(report.id),
        office=report.office,
        title=report.title,
        alert_level=report.alert_level,
        received_at=report.received_at,
        waited=now - report.received_at,
    )


def build(*, session: Session, labels: Labels, now: datetime, since: datetime | None) -> Dashboard:
    today = now.astimezone(WIT).date()
    month_start = today.replace(day=1)
    urgent_waiting = [Report.urgent.is_(True), Report.status == "submitted", unreviewed()]
    attention = session.exec(
        select(Report).where(*urgent_waiting).order_by(Report.received_at).limit(ATTENTION_LIMIT)
    ).all()
    attention_total = count_matches(session, urgent_waiting)
    new_reports: list[Report] = []
    new_total = 0
    if since is not None:
        new_reports = list(
            session.exec(
                select(Report)
                .where(Report.received_at > since)
                .order_by(Report.received_at.desc(), Report.id.desc())
                .limit(NEW_LIMIT)
            ).all()
        )
        new_total = count_matches(session, [Report.received_at > since])
    return Dashboard(
        attention=[_waiting(r, now) for r in attention],
        attention_total=attention_total,
        new_since=since,
        new_reports=[_waiting(r, now) for r in new_reports],
        new_total=new_total,
        month_start=month_start,
        offices=_offices(session, labels, month_start, today),
        warnings_by_category=_warnings_by_category(session, today - timedelta(days=30), today),
        **_trend(session, today),
    )


def _offices(session: Session, labels: Labels, first: date, last: date) -> list[OfficeMonth]:
    rows = {code: OfficeMonth(code, name, dict.fromkeys(labels.forms, 0)) for code, name in labels.offices.items()}
    in_month = [Report.report_date.between(first, last), Report.status == "submitted"]
    for office, form_id, count in session.exec(
        select(Report.office, Report.form_id, func.count()).where(*in_month).group_by(Report.office, Report.form_id)
    ):
        if office in rows:
            rows[office].by_form[form_id] = rows[office].by_form.get(form_id, 0) + count
    for office, count in session.exec(
        select(Report.office, func.count()).where(*in_month, unreviewed()).group_by(Report.office)
    ):
        if office in rows:
            rows[office].unreviewed = count
    last_seen = sa.type_coerce(func.max(Device.last_seen_at), UTCDateTime())
    for office, seen in session.exec(select(Device.office, last_seen).group_by(Device.office)):
        if office in rows:
            rows[office].last_contact = seen
    return list(rows.values())


def _warnings_by_category(session: Session, first: date, last: date) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for category, office, count in session.exec(
        select(Report.category, Report.office, func.count())
        .where(
            Report.form_id == EARLY_WARNING,
            Report.status == "submitted",
            Report.report_date.between(first, last),
        )
        .group_by(Report.category, Report.office)
    ):
        table.setdefault(category or "", {})[office] = count
    return table


def _trend(session: Session, today: date) -> dict[str, object]:
    this_monday = today - timedelta(days=today.weekday())
    weeks = [this_monday - timedelta(weeks=n) for n in range(TREND_WEEKS - 1, -1, -1)]
    counts = {level: [0] * TREND_WEEKS for level in ALERT_LEVELS}
    for day, level, count in session.exec(
        select(Report.report_date, Report.alert_level, func.count())
        .where(
            Report.form_id == EARLY_WARNING,
            Report.status == "submitted",
            Report.report_date.between(weeks[0], today),
        )
        .group_by(Report.report_date, Report.alert_level)
    ):
        index = (day - weeks[0]).days // 7
        if level in counts and 0 <= index < TREND_WEEKS:
            counts[level][index] += count
    return {"trend_weeks": weeks, "trend": counts}
