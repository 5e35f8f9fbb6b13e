"""The monthly recap of an office: plain figures the desktop renders to PDF/XLSX and `export` can use."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, func, select

from sync.regions import Regions
from sync.store.form_versions import form_registry
from sync.store.models import Report
from sync.store.settings import get_office

ALERT_LEVELS = ("normal", "waspada", "siaga", "awas")
EARLY_WARNING = "deteksi_dini"
EDUCATION = "pendidikan_politik"
RESERVE_FUND = "dana_cadangan"
COORDINATION = "koordinasi_forkopimda"
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, slots=True)
class KecamatanWarnings:
    code: str | None
    name: str
    by_level: dict[str, int]  # every level of ALERT_LEVELS, zero included

    @property
    def total(self) -> int:
        return sum(self.by_level.values())


@dataclass(frozen=True, slots=True)
class ReserveFund:
    """One reserve-fund report of the month: amounts in Rupiah as written (None when not filled)."""

    report_date: date
    year: int | None
    amount: int | None  # this year's allocation
    accumulated: int | None
    disbursed: int  # the transfers (NPHD) listed, added up
    status: str | None  # a choice value of `status_realisasi`


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One follow-up action agreed in a Forkopimda meeting of the month."""

    meeting: date
    action: str
    owner: str
    due: str | None  # YYYY-MM-DD as written
    status: str | None  # a choice value of the form's `status`


@dataclass(frozen=True, slots=True)
class Recap:
    """Submitted, not withdrawn reports whose date falls in `month` (the office's own)."""

    month: str  # YYYY-MM
    office: str | None
    first_day: date
    last_day: date
    reports_by_form: dict[str, int]  # form id → count, every known form (zero included)
    urgent: int
    warnings_by_level: dict[str, int]  # deteksi_dini by alert level
    warnings_by_kecamatan: list[KecamatanWarnings] = field(default_factory=list)  # most first
    # (lat, lon, alert level, count) of the early warnings that carry coordinates, as typed
    warning_points: list[tuple[Any, Any, str | None, int]] = field(default_factory=list)
    education_activities: int = 0
    participants_male: int = 0
    participants_female: int = 0
    reserve_funds: list[ReserveFund] = field(default_factory=list)  # by report date
    follow_ups: list[FollowUp] = field(default_factory=list)  # by meeting date

    @property
    def total_reports(self) -> int:
        return sum(self.reports_by_form.values())

    @property
    def participants_total(self) -> int:
        return self.participants_male + self.participants_female


def month_bounds(month: str) -> tuple[date, date]:
    """First and last day of a `YYYY-MM` month; ValueError for anything else."""
    match = _MONTH.match(month.strip())
    if match is None:
        raise ValueError(f"month must be YYYY-MM (e.g. 2024-02), not {month!r}")
    year, number = int(match[1]), int(match[2])
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


def monthly_recap(*, session: Session, month: str) -> Recap:
    first, last = month_bounds(month)
    counted = [
        Report.report_date.between(first, last),  # type: ignore[union-attr]
        Report.submitted_revision > 0,
        Report.withdrawn.is_(False),  # type: ignore[attr-defined]
    ]
    counts = dict(
        session.exec(
            select(Report.form_id, func.count()).where(*counted).group_by(Report.form_id)
        ).all()
    )
    by_form = {
        form.id: counts.pop(form.id, 0) for form in form_registry(session=session).forms()
    } | counts
    urgent = session.exec(
        select(func.count()).select_from(Report).where(*counted, Report.urgent.is_(True))  # type: ignore[attr-defined]
    ).one()
    warnings = session.exec(
        select(Report.kecamatan, Report.alert_level, func.count())
        .where(*counted, Report.form_id == EARLY_WARNING)
        .group_by(Report.kecamatan, Report.alert_level)
    ).all()
    by_level = dict.fromkeys(ALERT_LEVELS, 0)
    per_kecamatan: dict[str | None, dict[str, int]] = {}
    for kecamatan, level, count in warnings:
        if level in by_level:
            by_level[level] += count
            per_kecamatan.setdefault(kecamatan, dict.fromkeys(ALERT_LEVELS, 0))[level] += count
    regions = Regions.load()
    kecamatan_rows = sorted(
        (
            KecamatanWarnings(code, (regions.name(code) if code else None) or code or "—", levels)
            for code, levels in per_kecamatan.items()
        ),
        key=lambda k: (-k.total, k.name),
    )
    lat, lon = (sa.func.json_extract(Report.data, f"$.koordinat.{part}") for part in ("lat", "lon"))
    points = session.exec(
        select(lat, lon, Report.alert_level, func.count())
        .where(*counted, Report.form_id == EARLY_WARNING, sa.func.json_extract(Report.data, "$.koordinat").is_not(None))
        .group_by(lat, lon, Report.alert_level)
    ).all()
    male, female = session.exec(
        select(
            func.coalesce(func.sum(sa.func.json_extract(Report.data, "$.peserta_laki_laki")), 0),
            func.coalesce(func.sum(sa.func.json_extract(Report.data, "$.peserta_perempuan")), 0),
        ).where(*counted, Report.form_id == EDUCATION)
    ).one()
    def reports_of(form_id: str) -> list[tuple[date, dict[str, Any]]]:
        rows = session.exec(
            select(Report.report_date, Report.data)
            .where(*counted, Report.form_id == form_id)
            .order_by(Report.report_date, Report.num)
        ).all()
        return [(day, data) for day, data in rows if isinstance(data, dict)]

    return Recap(
        month=month.strip(),
        office=get_office(session=session),
        first_day=first,
        last_day=last,
        reports_by_form=by_form,
        urgent=urgent,
        warnings_by_level=by_level,
        warnings_by_kecamatan=kecamatan_rows,
        warning_points=[tuple(row) for row in points],
        education_activities=by_form.get(EDUCATION, 0),
        participants_male=int(male),
        participants_female=int(female),
        reserve_funds=[_reserve_fund(day, data) for day, data in reports_of(RESERVE_FUND)],
        follow_ups=[item for day, data in reports_of(COORDINATION) for item in _follow_ups(day, data)],
    )


def _whole(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _entries(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _reserve_fund(day: date, data: dict[str, Any]) -> ReserveFund:
    return ReserveFund(
        report_date=day,
        year=_whole(data.get("tahun_anggaran")),
        amount=_whole(data.get("jumlah")),
        accumulated=_whole(data.get("akumulasi")),
        disbursed=sum(_whole(item.get("jumlah")) or 0 for item in _entries(data.get("penyaluran"))),
        status=_text(data.get("status_realisasi")) or None,
    )


def _follow_ups(day: date, data: dict[str, Any]) -> list[FollowUp]:
    return [
        FollowUp(
            meeting=day,
            action=_text(item.get("tindakan")),
            owner=_text(item.get("penanggung_jawab")),
            due=_text(item.get("batas_waktu")) or None,
            status=_text(item.get("status")) or None,
        )
        for item in _entries(data.get("tindak_lanjut"))
    ]
