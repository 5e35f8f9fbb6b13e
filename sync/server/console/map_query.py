"""The map's filters (the report list's query parameters) and its figures from the server's reports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, func, select

from sync.forms import FormRegistry
from sync.forms.text import WIT
from sync.maps import PROVINCE, MapTally, tally
from sync.regions import Regions
from sync.server.models import Report, ReportRevision
from sync.server.reports import unreviewed

from .labels import ALERT_LEVELS, EARLY_WARNING, REVIEW_STATES, Labels
from .security import PageError

DEFAULT_DAYS = 30  # as Beranda's tables: today and the 30 days before it
LONGEST = timedelta(days=3 * 366)  # a longer period is a typo, and a slow query


@dataclass(frozen=True, slots=True)
class MapFilter:
    """What the map counts: the report list's filters, without the kecamatan (the map's own)."""

    first: date
    last: date
    forms: tuple[str, ...] = (EARLY_WARNING,)
    levels: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    review: str | None = None  # a key of REVIEW_STATES
    regency: str | None = None  # "81.xx": the map of one regency/city

    @property
    def area(self) -> str:
        return self.regency or PROVINCE

    def where(self) -> list[sa.ColumnElement[bool]]:
        conditions = [
            Report.report_date.between(self.first, self.last),  # type: ignore[union-attr]
            Report.status != "withdrawn",
            Report.form_id.in_(self.forms),  # type: ignore[attr-defined]
        ]
        if self.levels:
            conditions.append(Report.alert_level.in_(self.levels))  # type: ignore[union-attr]
        if self.categories:
            conditions.append(Report.category.in_(self.categories))  # type: ignore[union-attr]
        if self.regency:
            conditions.append(Report.office == self.regency)
        if self.review == "belum":
            conditions.append(unreviewed())
        elif self.review:
            decision = {"terverifikasi": "verified", "perlu_perbaikan": "needs_revision"}[self.review]
            conditions += [Report.review == decision, Report.reviewed_revision == Report.latest_revision]
        return conditions

    def params(self) -> list[tuple[str, str]]:
        """The filter as query parameters, for links to the report list and back to the map."""
        pairs = [("dari", self.first.isoformat()), ("sampai", self.last.isoformat())]
        pairs += [("jenis", form) for form in self.forms]
        pairs += [("tingkat", level) for level in self.levels]
        pairs += [("kategori", category) for category in self.categories]
        if self.review:
            pairs.append(("tinjauan", self.review))
        if self.regency:
            pairs.append(("kabupaten", self.regency))
        return pairs


def last_days(days: int = DEFAULT_DAYS, *, now: datetime) -> tuple[date, date]:
    today = now.astimezone(WIT).date()
    return today - timedelta(days=days), today


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise PageError(422, f"Tanggal {name} harus berupa tanggal (tttt-bb-hh), bukan “{value}”.") from None


def _choices(query: Mapping[str, list[str]], name: str, allowed: Mapping[str, str] | set[str], what: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(v for v in query.get(name, []) if v))
    unknown = [v for v in chosen if v not in allowed]
    if unknown:
        raise PageError(422, f"{what} “{unknown[0]}” tidak dikenal.")
    return chosen


def parse_filter(query: Mapping[str, list[str]], *, labels: Labels, now: datetime) -> MapFilter:
    """The map filter from query parameters (each a list, repeated parameters allowed).

    Nonsense values are refused with a 422 page naming them, in Indonesian; nothing is guessed.
    """
    first, last = last_days(now=now)
    if query.get("dari", [""])[0]:
        first = _day(query["dari"][0], "awal")
    if query.get("sampai", [""])[0]:
        last = _day(query["sampai"][0], "akhir")
    if first > last:
        raise PageError(422, "Tanggal awal periode jatuh setelah tanggal akhirnya.")
    if last - first > LONGEST:
        raise PageError(422, "Periode peta paling panjang tiga tahun.")
    forms = _choices(query, "jenis", labels.forms, "Jenis laporan") or (EARLY_WARNING,)
    review = _choices(query, "tinjauan", REVIEW_STATES, "Status tinjauan")
    regency = _choices(query, "kabupaten", labels.offices, "Kabupaten/kota")
    if len(review) > 1 or len(regency) > 1:
        raise PageError(422, "Pilih satu status tinjauan dan satu kabupaten/kota saja.")
    return MapFilter(
        first=first,
        last=last,
        forms=forms,
        levels=_choices(query, "tingkat", set(ALERT_LEVELS), "Tingkat kewaspadaan"),
        categories=_choices(query, "kategori", labels.categories, "Kategori"),
        review=review[0] if review else None,
        regency=regency[0] if regency else None,
    )


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
    where = chosen.where()
    counts = session.exec(
        select(Report.kecamatan, Report.alert_level, func.count())
        .where(*where)
        .group_by(Report.kecamatan, Report.alert_level)
    ).all()
    points: list[tuple[object, object, str | None, int]] = []
    for field_id, forms in coordinate_fields(registry, chosen.forms).items():
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


def regency_name(code: str | None) -> str:
    return (Regions.load().name(code) if code else None) or "Provinsi Maluku"
