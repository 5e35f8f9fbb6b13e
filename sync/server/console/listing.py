"""Daftar laporan's query: filters and search from the URL, sorted, paged by keyset at any depth."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

import sqlalchemy as sa
from sqlmodel import Session, func, select
from starlette.datastructures import QueryParams

from sync.regions import Regions
from sync.server.models import Report
from sync.server.reports import unreviewed

from .labels import ALERT_LEVELS, REVIEW_STATES, Labels

PAGE_SIZE = 50
# Counting every match of a broad filter costs more than the page itself: count up to here.
COUNT_CAP = 10_000
# A search's matches are found in the text index, then each is read from the table to be
# counted: 10,000 of them took 0.2–0.7 s at 200,000 reports, a thousand a tenth of that.
SEARCH_COUNT_CAP = 1_000
MAX_WORDS = 8
# A period this short is read through its date index and sorted, rather than found by walking
# the reception order: a month's last page walked the two years received before it (2 s).
SHORT_PERIOD = timedelta(days=92)
MAX_Q = 200
# name → (column, newest/largest first?)
SORTS: dict[str, tuple[Any, bool]] = {
    "diterima": (Report.received_at, True),
    "diterima_lama": (Report.received_at, False),
    "tanggal": (Report.report_date, True),
    "tanggal_lama": (Report.report_date, False),
}
SORT_LABELS = {
    "diterima": "Diterima terbaru",
    "diterima_lama": "Diterima terlama",
    "tanggal": "Tanggal laporan terbaru",
    "tanggal_lama": "Tanggal laporan terlama",
}
WITHDRAWN = {"": "Semua", "tidak": "Tanpa yang ditarik", "ya": "Hanya yang ditarik"}
FILTER_KEYS = ("kabupaten", "formulir", "tingkat", "kategori", "kecamatan", "dari", "sampai",
               "tinjauan", "ditarik", "q", "urut")  # fmt: skip
KECAMATAN = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")


class BadFilter(ValueError):
    """The URL's filters cannot be used; the messages say which and why (Indonesian)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class ListQuery:
    offices: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    kecamatan: str = ""
    date_from: date | None = None
    date_to: date | None = None
    review: str = ""
    withdrawn: str = ""
    q: str = ""
    sort: str = "diterima"
    after: tuple[Any, UUID] | None = None
    before: tuple[Any, UUID] | None = None

    def params(self, **changes: Any) -> list[tuple[str, str]]:
        """The query as URL parameters (paging dropped unless given in `changes`)."""
        query = replace(self, after=None, before=None)
        pairs: list[tuple[str, str]] = []
        pairs += [("kabupaten", v) for v in query.offices]
        pairs += [("formulir", v) for v in query.forms]
        pairs += [("tingkat", v) for v in query.levels]
        pairs += [("kategori", v) for v in query.categories]
        for key, value in (
            ("kecamatan", query.kecamatan),
            ("dari", query.date_from.isoformat() if query.date_from else ""),
            ("sampai", query.date_to.isoformat() if query.date_to else ""),
            ("tinjauan", query.review),
            ("ditarik", query.withdrawn),
            ("q", query.q),
            ("urut", "" if query.sort == "diterima" else query.sort),
        ):
            if value:
                pairs.append((key, value))
        pairs += [(k, v) for k, v in changes.items() if v]
        return pairs

    def url(self, path: str = "/laporan", **changes: Any) -> str:
        params = self.params(**changes)
        return path + (f"?{urlencode(params)}" if params else "")


def _one_of(values: list[str], allowed: dict[str, str] | tuple[str, ...], what: str, problems: list[str]) -> tuple[str, ...]:
    wrong = [v for v in values if v and v not in allowed]
    if wrong:
        problems.append(f"{what} tidak dikenal: {', '.join(wrong[:5])}")
    return tuple(dict.fromkeys(v for v in values if v and v in allowed))


def _day(value: str | None, what: str, problems: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{what} harus tanggal yang valid (TTTT-BB-HH), bukan “{value[:40]}”")
        return None


def _cursor(value: str | None, sort: str, problems: list[str]) -> tuple[Any, UUID] | None:
    if not value:
        return None
    try:
        key, _, report_id = value.rpartition("~")
        parsed: Any = (
            datetime.fromisoformat(key) if sort.startswith("diterima") else date.fromisoformat(key)
        )
        if isinstance(parsed, datetime) and parsed.tzinfo is None:
            raise ValueError("no offset")
        return parsed, UUID(report_id)
    except ValueError:
        problems.append("penanda halaman tidak valid; mulai lagi dari halaman pertama")
        return None


def parse(params: QueryParams, labels: Labels) -> ListQuery:
    """The filters in `params`; BadFilter lists every value that makes no sense."""
    problems: list[str] = []
    get = params.getlist
    sort = params.get("urut") or "diterima"
    if sort not in SORTS:
        problems.append(f"urutan tidak dikenal: {sort[:40]}")
        sort = "diterima"
    kecamatan = (params.get("kecamatan") or "").strip()
    if kecamatan and not (KECAMATAN.match(kecamatan) and Regions.load().get(kecamatan)):
        problems.append(f"kecamatan tidak dikenal: {kecamatan[:40]}")
    review = params.get("tinjauan") or ""
    if review and review not in REVIEW_STATES:
        problems.append(f"status tinjauan tidak dikenal: {review[:40]}")
    withdrawn = params.get("ditarik") or ""
    if withdrawn not in WITHDRAWN:
        problems.append(f"pilihan laporan ditarik tidak dikenal: {withdrawn[:40]}")
    q = (params.get("q") or "").strip()
    if len(q) > MAX_Q:
        problems.append(f"kata pencarian terlalu panjang (paling banyak {MAX_Q} karakter)")
    query = ListQuery(
        offices=_one_of(get("kabupaten"), labels.offices, "kabupaten/kota", problems),
        forms=_one_of(get("formulir"), labels.forms, "jenis laporan", problems),
        levels=_one_of(get("tingkat"), ALERT_LEVELS, "tingkat kewaspadaan", problems),
        categories=_one_of(get("kategori"), labels.categories, "kategori", problems),
        kecamatan=kecamatan,
        date_from=_day(params.get("dari"), "tanggal “dari”", problems),
        date_to=_day(params.get("sampai"), "tanggal “sampai”", problems),
        review=review,
        withdrawn=withdrawn,
        q=q,
        sort=sort,
        after=_cursor(params.get("sesudah"), sort, problems),
        before=_cursor(params.get("sebelum"), sort, problems),
    )
    if query.date_from and query.date_to and query.date_from > query.date_to:
        problems.append("tanggal “dari” jatuh setelah tanggal “sampai”")
    if problems:
        raise BadFilter(problems)
    return query


def search_words(q: str) -> list[str]:
    return re.findall(r"\w+", q.lower())[:MAX_WORDS]


def _search(session: Session, q: str) -> sa.ColumnElement[bool] | None:
    words = search_words(q)
    if not words:
        return None
    if session.get_bind().dialect.name == "postgresql":
        tsquery = " & ".join(f"{w}:*" for w in words)
        return sa.literal_column("report.search_vector").op("@@")(
            func.to_tsquery("simple", tsquery)
        )
    match = " ".join(f'"{w}"*' for w in words)
    fts = sa.table("report_fts", sa.column("id"))
    return Report.id.in_(
        sa.select(fts.c.id).where(sa.text("report_fts MATCH :match").bindparams(match=match))
    )


def conditions(session: Session, query: ListQuery) -> list[sa.ColumnElement[bool]]:
    found: list[sa.ColumnElement[bool]] = []
    for column, values in (
        (Report.office, query.offices),
        (Report.form_id, query.forms),
        (Report.alert_level, query.levels),
        (Report.category, query.categories),
    ):
        if values:
            found.append(column.in_(values))
    if query.kecamatan:
        found.append(Report.kecamatan == query.kecamatan)
    if query.date_from:
        found.append(Report.report_date >= query.date_from)
    if query.date_to:
        found.append(Report.report_date <= query.date_to)
    current = Report.reviewed_revision == Report.latest_revision
    if query.review == "belum":
        found.append(unreviewed())
    elif query.review == "terverifikasi":
        found.append(sa.and_(current, Report.review == "verified"))
    elif query.review == "perlu_perbaikan":
        found.append(sa.and_(current, Report.review == "needs_revision"))
    if query.withdrawn == "ya":
        found.append(Report.status == "withdrawn")
    elif query.withdrawn == "tidak":
        found.append(Report.status != "withdrawn")
    searched = _search(session, query.q)
    if searched is not None:
        found.append(searched)
    return found


@dataclass(slots=True)
class Page:
    rows: list[Report]
    total: int  # at most cap + 1 (then shown as "more than 10,000")
    cap: int = COUNT_CAP
    next_cursor: str | None = None
    previous_cursor: str | None = None
    first: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def count_matches(session: Session, where: list[sa.ColumnElement[bool]], cap: int = COUNT_CAP) -> int:
    """How many reports match, counted up to `cap` + 1."""
    # A constant, not a column: a covering or partial index can answer without the table.
    capped = select(sa.literal(1)).select_from(Report).where(*where).limit(cap + 1).subquery()
    return session.exec(select(func.count()).select_from(capped)).one()


def cursor_of(report: Report, sort: str) -> str:
    key = report.received_at if sort.startswith("diterima") else report.report_date
    return f"{key.isoformat()}~{report.id}"


def page(*, session: Session, query: ListQuery, size: int = PAGE_SIZE, count: bool = True) -> Page:
    """One page: after `query.after`, before `query.before`, or the first."""
    where = conditions(session, query)
    column, newest_first = SORTS[query.sort]
    cap = SEARCH_COUNT_CAP if search_words(query.q) else COUNT_CAP
    total = count_matches(session, where, cap) if count else -1
    backwards = query.before is not None and query.after is None
    descending = newest_first != backwards
    key = sa.tuple_(column, Report.id)
    statement = select(Report.id).where(*where)
    mark = query.before if backwards else query.after
    if mark is not None:
        bound = sa.tuple_(sa.literal(mark[0], column.type), sa.literal(mark[1], Report.id.type))
        statement = statement.where(key < bound if descending else key > bound)
    short = query.date_from and query.date_to and query.date_to - query.date_from <= SHORT_PERIOD
    # an expression, not the column: the planner then reads the period's index (ix_report_date_received)
    sort = sa.func.coalesce(column, column) if short and query.sort.startswith("diterima") else column
    order = (sort.desc(), Report.id.desc()) if descending else (sort.asc(), Report.id.asc())
    # the page's ids from the indexes first, then only those rows from the table
    ids = list(session.exec(statement.order_by(*order).limit(size + 1)).all())
    found = {r.id: r for r in session.exec(select(Report).where(Report.id.in_(ids)))} if ids else {}
    rows = [found[i] for i in ids]
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    result = Page(rows=rows, total=total, cap=cap, first=mark is None or (backwards and not more))
    if rows:
        has_next = more if not backwards else True
        has_previous = (mark is not None and not backwards) or (backwards and more)
        result.next_cursor = cursor_of(rows[-1], query.sort) if has_next else None
        result.previous_cursor = cursor_of(rows[0], query.sort) if has_previous else None
    return result


def walk(*, session: Session, query: ListQuery, batch: int = 1000) -> Iterator[Report]:
    """Every matching report in the query's order, a batch at a time (for exports)."""
    current = replace(query, after=None, before=None)
    while True:
        chunk = page(session=session, query=current, size=batch, count=False)
        yield from chunk.rows
        if chunk.next_cursor is None:
            return
        last = chunk.rows[-1]
        key = last.received_at if query.sort.startswith("diterima") else last.report_date
        current = replace(current, after=(key, last.id))
        session.expunge_all()
