"""Beranda's figures: what waits for review, what is new, each office's month, early-warning trends."""

from __future__ import annotations

from dataclasses import dataclass
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
    trend: dict[str, list[int]]  # level → count per week


@dataclass(frozen=True, slots=True)
class Shared:
    """What every reader sees alike on one day with one data version: kept in the memo."""

    attention: tuple[tuple[str, str, str, str | None, datetime], ...]  # id, office, title, level, received
    attention_total: int
    by_form: dict[str, dict[str, int]]  # office → form → reports this month
    unreviewed: dict[str, int]  # office → reports this month not reviewed
    warnings_by_category: dict[str, dict[str, int]]
    trend_weeks: list[date]
    trend: dict[str, list[int]]


def _waiting(row: tuple[str, str, str, str | None, datetime], now: datetime) -> Waiting:
    report_id, office, title, level, received_at = row
    return Waiting(report_id, office, title, level, received_at, now - received_at)


def _listed(reports: list[Report]) -> tuple[tuple[str, str, str, str | None, datetime], ...]:
    return tuple((str(r.id), r.office, r.title, r.alert_level, r.received_at) for r in reports)


def shared(*, session: Session, today: date) -> Shared:
    """Beranda's figures that do not depend on the reader: nine queries, worth keeping."""
    urgent_waiting = [Report.urgent.is_(True), Report.status == "submitted", unreviewed()]
    attention = session.exec(
        select(Report).where(*urgent_waiting).order_by(Report.received_at).limit(ATTENTION_LIMIT)
    ).all()
    month_start = today.replace(day=1)
    in_month = [Report.report_date.between(month_start, today), Report.status == "submitted"]
    by_form: dict[str, dict[str, int]] = {}
    for office, form_id, count in session.exec(
        select(Report.office, Report.form_id, func.count()).where(*in_month).group_by(Report.office, Report.form_id)
    ):
        by_form.setdefault(office, {})[form_id] = count
    waiting = session.exec(select(Report.office, func.count()).where(*in_month, unreviewed()).group_by(Report.office))
    return Shared(
        attention=_listed(list(attention)),
        attention_total=count_matches(session, urgent_waiting),
        by_form=by_form,
        unreviewed=dict(waiting.all()),
        warnings_by_category=_warnings_by_category(session, today - timedelta(days=30), today),
        **_trend(session, today),
    )


def build(*, session: Session, labels: Labels, now: datetime, since: datetime | None, figures: Shared) -> Dashboard:
    """The board: the shared `figures`, with what is new for this reader and each office's last contact."""
    today = now.astimezone(WIT).date()
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
        attention=[_waiting(row, now) for row in figures.attention],
        attention_total=figures.attention_total,
        new_since=since,
        new_reports=[_waiting(row, now) for row in _listed(new_reports)],
        new_total=new_total,
        month_start=today.replace(day=1),
        offices=_offices(session, labels, figures),
        warnings_by_category=figures.warnings_by_category,
        trend_weeks=figures.trend_weeks,
        trend=figures.trend,
    )


def _offices(session: Session, labels: Labels, figures: Shared) -> list[OfficeMonth]:
    """Each office's month; the last contact is read fresh, a PC's sync changes it without a report."""
    last_seen = sa.type_coerce(func.max(Device.last_seen_at), UTCDateTime())
    contacts = dict(session.exec(select(Device.office, last_seen).group_by(Device.office)).all())
    return [
        OfficeMonth(code, name, {**dict.fromkeys(labels.forms, 0), **figures.by_form.get(code, {})},
                    figures.unreviewed.get(code, 0), contacts.get(code))
        for code, name in labels.offices.items()
    ]  # fmt: skip


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
