"""The map's filters (the report list's query parameters) and its figures from the server's reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlmodel import Session, func, select
from starlette.datastructures import QueryParams

from sync.forms.text import WIT
from sync.maps import PROVINCE, Frame, MapTally, tally
from sync.maps.frame import CELL
from sync.regions import Regions
from sync.server.models import Report

from . import listing
from .labels import EARLY_WARNING, Labels
from .listing import ListQuery
from .security import PageError

DEFAULT_DAYS = 30  # as Beranda's tables: today and the 30 days before it
LONGEST = timedelta(days=3 * 366)  # a longer period is a typo, and a slow query
PAPER_WIDTH = 960  # the recap PDF's map, in SVG pixels


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

    def list_urls(self) -> Callable[[str], str]:
        """kecamatan → the report list filtered as the map, and to that kecamatan."""
        base = self.query.url("/laporan")  # encoded once, not once per kecamatan; it comes last
        joint = "&" if "?" in base else "?"
        return lambda kecamatan: f"{base}{joint}{urlencode({'kecamatan': kecamatan})}"


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


def map_tally(*, session: Session, chosen: MapFilter, width: int) -> MapTally:
    """Reports matching `chosen` per kecamatan and alert level, and their coordinates as points
    on a map `width` pixels wide.

    Two grouped queries, so that a long period costs what a short one does in Python: counts per
    kecamatan × level, and the coordinates per level and CELL-pixel square of the map (the square
    the drawing would merge them into anyway). Coordinates that fall outside the map keep their
    exact values, so that each is told apart as swapped or outside as the tally does it.
    """
    where = chosen.where(session)
    kecamatan = session.exec(
        select(Report.kecamatan, Report.alert_level, func.count())
        .where(*where)
        .group_by(Report.kecamatan, Report.alert_level)
    ).all()
    frame = Frame.of(chosen.area, width)
    inside = sa.and_(Report.lat.between(frame.south, frame.north), Report.lon.between(frame.west, frame.east))
    swapped = sa.and_(Report.lon.between(frame.south, frame.north), Report.lat.between(frame.west, frame.east))
    where_kind = sa.case((inside, 0), (swapped, 1), else_=2)
    column = sa.case((inside, func.round((Report.lon - frame.west) * (frame.x_scale / CELL))),
                     (swapped, None), else_=Report.lon)  # fmt: skip
    row = sa.case((inside, func.round((frame.north - Report.lat) * (frame.scale / CELL))),
                  (swapped, None), else_=Report.lat)  # fmt: skip
    # the smallest latitude and longitude of a square lie in the square (and of the swapped, swapped)
    cells = session.exec(
        select(func.min(Report.lat), func.min(Report.lon), Report.alert_level, func.count())
        .where(*where, sa.or_(Report.lat.is_not(None), Report.lon.is_not(None)))
        .group_by(where_kind, column, row, Report.alert_level)
    ).all()
    return tally(area=chosen.area, by_kecamatan=kecamatan, coordinates=cells)


def period_tally(*, session: Session, first: date, last: date) -> MapTally:
    """The province's early warnings of a period (not withdrawn), for the recap's map page."""
    chosen = MapFilter(replace(ListQuery(), forms=(EARLY_WARNING,), date_from=first, date_to=last, withdrawn="tidak"))
    return map_tally(session=session, chosen=chosen, width=PAPER_WIDTH)


def regency_name(code: str | None) -> str:
    return (Regions.load().name(code) if code else None) or "Provinsi Maluku"
