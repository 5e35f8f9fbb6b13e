"""The map's filters (the report list's query parameters) and its figures from the server's reports."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, func, select
from starlette.datastructures import QueryParams

from sync.forms import FormRegistry
from sync.forms.text import WIT
from sync.maps import PROVINCE, MapTally, tally
from sync.regions import Regions
from sync.server.models import Report, ReportRevision

from . import listing
from .labels import EARLY_WARNING, Labels
from .listing import ListQuery
from .security import PageError

DEFAULT_DAYS = 30  # as Beranda's tables: today and the 30 days before it
LONGEST = timedelta(days=3 * 366)  # a longer period is a typo, and a slow query


@dataclass(frozen=True, slots=True)
class MapFilter:
    """What the map counts: the report list's query, always with a period, a form and without the
    withdrawn reports unless asked, so that a click shows the list of exactly what was counted."""

    query: ListQuery

    @property
    def first(self) -> date:
        return self.query.date_from  # type: ignore[return-value]

    @property
    def last(self) -> date:
        return self.query.date_to  # type: ignore[return-value]

    @property
    def regency(self) -> str | None:
        """The one regency/city chosen, whose map is drawn; the province otherwise."""
        return self.query.offices[0] if len(self.query.offices) == 1 else None

    @property
    def area(self) -> str:
        return self.regency or PROVINCE

    def where(self, session: Session) -> list[sa.ColumnElement[bool]]:
        return listing.conditions(session, self.query)

    def list_url(self, kecamatan: str) -> str:
        """The report list filtered as the map, and to one kecamatan."""
        return self.query.url("/laporan", kecamatan=kecamatan)


def last_days(days: int = DEFAULT_DAYS, *, now: datetime) -> tuple[date, date]:
    today = now.astimezone(WIT).date()
    return today - timedelta(days=days), today


def map_filter(query: ListQuery, *, now: datetime) -> MapFilter:
    """The list's query with the map's defaults: the last 30 days, early warnings, not withdrawn."""
    first, last = last_days(now=now)
    query = replace(
        query,
        kecamatan="",  # the map's own dimension
        forms=query.forms or (EARLY_WARNING,),
        date_from=query.date_from or (first if query.date_to is None else query.date_to - timedelta(days=DEFAULT_DAYS)),
        date_to=query.date_to or max(last, query.date_from or last),
        withdrawn=query.withdrawn or "tidak",
        sort="diterima",
        after=None,
        before=None,
    )
    if query.date_to - query.date_from > LONGEST:  # type: ignore[operator]
        raise PageError(422, "Periode peta paling panjang tiga tahun.", title="Filter tidak valid")
    return MapFilter(query)


def parse_filter(params: QueryParams, *, labels: Labels, now: datetime) -> MapFilter:
    """The map filter from the URL, read by the report list's own parser (same names, same checks)."""
    try:
        query = listing.parse(params, labels)
    except listing.BadFilter as exc:
        raise PageError(422, "Filter tidak dapat digunakan: " + "; ".join(exc.problems) + ".",
                        title="Filter tidak valid") from None  # fmt: skip
    return map_filter(query, now=now)


def coordinate_fields(registry: FormRegistry, forms: tuple[str, ...]) -> dict[str, list[str]]:
    """Field id of a coordinates field → the chosen forms that have it (in any version)."""
    found: dict[str, list[str]] = {}
    for form_id in forms:
        for version in registry.versions(form_id):
            for field in registry.get(form_id, version).fields:
                if field.type == "coordinates" and form_id not in found.get(field.id, []):
                    found.setdefault(field.id, []).append(form_id)
    return found


def map_tally(*, session: Session, chosen: MapFilter, registry: FormRegistry) -> MapTally:
    """Reports matching `chosen` per kecamatan and alert level, and their coordinates as points."""
    where = chosen.where(session)
    counts = session.exec(
        select(Report.kecamatan, Report.alert_level, func.count())
        .where(*where)
        .group_by(Report.kecamatan, Report.alert_level)
    ).all()
    points: list[tuple[object, object, str | None, int]] = []
    for field_id, forms in coordinate_fields(registry, chosen.query.forms).items():
        data = ReportRevision.data  # type: ignore[attr-defined]
        # Text, not numbers: a stray value must not make PostgreSQL's cast fail the page.
        located = (
            select(
                data[(field_id, "lat")].as_string().label("lat"),
                data[(field_id, "lon")].as_string().label("lon"),
                Report.alert_level.label("level"),  # type: ignore[union-attr]
            )
            .join(ReportRevision, sa.and_(ReportRevision.report_id == Report.id,
                                          ReportRevision.revision == Report.latest_revision))  # fmt: skip
            .where(*where, Report.form_id.in_(forms), data[field_id].as_string().is_not(None))  # type: ignore[attr-defined]
            .subquery()
        )
        points += session.exec(
            select(located.c.lat, located.c.lon, located.c.level, func.count())
            .group_by(located.c.lat, located.c.lon, located.c.level)
        ).all()
    return tally(area=chosen.area, by_kecamatan=counts, coordinates=points)


def period_tally(*, session: Session, registry: FormRegistry, first: date, last: date) -> MapTally:
    """The province's early warnings of a period (not withdrawn), for the recap's map page."""
    chosen = MapFilter(replace(ListQuery(), forms=(EARLY_WARNING,), date_from=first, date_to=last, withdrawn="tidak"))
    return map_tally(session=session, chosen=chosen, registry=registry)


def regency_name(code: str | None) -> str:
    return (Regions.load().name(code) if code else None) or "Provinsi Maluku"
