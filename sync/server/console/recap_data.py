"""The provincial recap of a month or date range: plain figures for the page, the PDF and the XLSX."""

from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, func, select

from sync.forms import FormRegistry
from sync.server.models import Report, ReportRevision

from .labels import ALERT_LEVELS, EARLY_WARNING, Labels

GOVERNMENT = "PEMERINTAH PROVINSI MALUKU"  # the letterhead of the PDF and the XLSX
AGENCY = "BADAN KESATUAN BANGSA DAN POLITIK"
EDUCATION = "pendidikan_politik"
MEETING = "koordinasi_forkopimda"
RESERVE = "dana_cadangan"
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")  # fmt: skip
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MAX_DAYS = 366


class BadPeriod(ValueError):
    """The period asked for cannot be recapped; the message is Indonesian."""


@dataclass(slots=True)
class Reserve:
    year: int | None = None
    status: str = ""
    amount: int = 0
    accumulated: int = 0
    reported: date | None = None


@dataclass(slots=True)
class Recap:
    first: date
    last: date
    title: str
    labels: Labels
    by_office_form: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    levels: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    categories: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    education: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    targets: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    meetings: Counter[str] = field(default_factory=Counter)
    reserves: dict[str, Reserve] = field(default_factory=dict)
    target_labels: dict[str, str] = field(default_factory=dict)
    reserve_status_labels: dict[str, str] = field(default_factory=dict)

    @property
    def silent(self) -> list[str]:
        """Offices that sent nothing dated in the period."""
        return [code for code in self.labels.offices if not sum(self.by_office_form[code].values())]

    def total(self, table: dict[str, Counter[str]], key: str) -> int:
        return sum(table[office][key] for office in self.labels.offices)


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def period(*, bulan: str | None, dari: str | None, sampai: str | None, today: date) -> tuple[date, date, str]:
    """The recap's first and last day and its title; BadPeriod for nonsense or the future."""
    if bulan:
        match = MONTH.match(bulan.strip())
        if match is None:
            raise BadPeriod(f"Bulan harus ditulis TTTT-BB, misalnya 2024-02, bukan “{bulan[:20]}”.")
        year, month = int(match[1]), int(match[2])
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        title = f"{MONTHS[month - 1]} {year}"
    else:
        try:
            first = date.fromisoformat(dari or "")
            last = date.fromisoformat(sampai or "")
        except ValueError:
            raise BadPeriod("Pilih bulan, atau tanggal “dari” dan “sampai” yang valid.") from None
        if first > last:
            raise BadPeriod("Tanggal “dari” jatuh setelah tanggal “sampai”.")
        if (last - first).days >= MAX_DAYS:
            raise BadPeriod("Rentang rekap paling panjang satu tahun.")
        title = f"{long_date(first)} – {long_date(last)}"
    if first > today:
        raise BadPeriod(f"Periode {title} belum terjadi; rekap hanya untuk periode yang sudah berjalan.")
    return first, last, title


def build(*, session: Session, registry: FormRegistry, labels: Labels, first: date, last: date, title: str) -> Recap:
    recap = Recap(first=first, last=last, title=title, labels=labels)
    counted = [Report.report_date.between(first, last), Report.status == "submitted"]
    for office, form_id, count in session.exec(
        select(Report.office, Report.form_id, func.count()).where(*counted).group_by(Report.office, Report.form_id)
    ):
        recap.by_office_form[office][form_id] += count
    for office, level, category, count in session.exec(
        select(Report.office, Report.alert_level, Report.category, func.count())
        .where(*counted, Report.form_id == EARLY_WARNING)
        .group_by(Report.office, Report.alert_level, Report.category)
    ):
        recap.levels[office][level or ""] += count
        recap.categories[office][category or ""] += count
    education = registry.latest(EDUCATION)
    recap.target_labels = {c.value: c.label("id") for c in education.field("sasaran").choices}
    reserve_form = registry.latest(RESERVE)
    recap.reserve_status_labels = {c.value: c.label("id") for c in reserve_form.field("status_realisasi").choices}
    for office, form_id, day, data in session.exec(
        select(Report.office, Report.form_id, Report.report_date, ReportRevision.data)
        .join(ReportRevision, ReportRevision.seq == Report.latest_seq)
        .where(*counted, Report.form_id.in_((EDUCATION, MEETING, RESERVE)))
        .order_by(Report.report_date)
    ):
        if form_id == EDUCATION:
            _education(recap, office, data)
        elif form_id == MEETING:
            recap.meetings[office] += 1
        else:
            recap.reserves[office] = _reserve(data, day)  # the latest report of the period wins
    return recap


def _number(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _education(recap: Recap, office: str, data: dict[str, Any]) -> None:
    male, female = _number(data.get("peserta_laki_laki")), _number(data.get("peserta_perempuan"))
    row = recap.education[office]
    row["kegiatan"] += 1
    row["laki_laki"] += male
    row["perempuan"] += female
    row["disabilitas"] += _number(data.get("peserta_disabilitas"))
    targets = data.get("sasaran")
    for target in targets if isinstance(targets, list) else []:
        if isinstance(target, str):
            recap.targets[target]["kegiatan"] += 1
            recap.targets[target]["peserta"] += male + female


def _reserve(data: dict[str, Any], day: date | None) -> Reserve:
    year = data.get("tahun_anggaran")
    status = data.get("status_realisasi")
    return Reserve(
        year=year if isinstance(year, int) else None,
        status=status if isinstance(status, str) else "",
        amount=_number(data.get("jumlah")),
        accumulated=_number(data.get("akumulasi")),
        reported=day,
    )


def sections(recap: Recap) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The recap as titled tables (header, rows; last row the total) — the one layout of PDF and XLSX."""
    labels = recap.labels
    offices = list(labels.offices.items())
    forms = list(labels.forms.items())
    tables: list[tuple[str, list[str], list[list[Any]]]] = []
    header = ["Kabupaten/kota", *(title for _, title in forms), "Jumlah"]
    rows = [[name, *(recap.by_office_form[code][f] for f, _ in forms), sum(recap.by_office_form[code].values())] for code, name in offices]
    tables.append(("Laporan per kabupaten/kota dan jenis", header, [*rows, _totals(rows)]))
    levels = [(lv, labels.alert_levels.get(lv, lv)) for lv in ALERT_LEVELS]
    rows = [[name, *(recap.levels[code][lv] for lv, _ in levels), sum(recap.levels[code].values())] for code, name in offices]
    tables.append(("Deteksi dini per tingkat kewaspadaan", ["Kabupaten/kota", *(t for _, t in levels), "Jumlah"], [*rows, _totals(rows)]))
    categories = list(labels.categories.items())
    rows = [[name, *(recap.categories[code][c] for c, _ in categories)] for code, name in offices]
    tables.append(("Deteksi dini per kategori", ["Kabupaten/kota", *(t for _, t in categories)], [*rows, _totals(rows)]))
    rows = [[name, recap.education[code]["kegiatan"], recap.education[code]["laki_laki"], recap.education[code]["perempuan"],
             recap.education[code]["laki_laki"] + recap.education[code]["perempuan"], recap.education[code]["disabilitas"]] for code, name in offices]
    tables.append(("Pendidikan politik: kegiatan dan peserta", ["Kabupaten/kota", "Kegiatan", "Laki-laki", "Perempuan", "Jumlah peserta", "Penyandang disabilitas"], [*rows, _totals(rows)]))
    rows = [[label, recap.targets[value]["kegiatan"], recap.targets[value]["peserta"]] for value, label in recap.target_labels.items()]
    tables.append(("Pendidikan politik per kelompok sasaran", ["Kelompok sasaran", "Kegiatan", "Peserta"], rows))
    rows = [[name, recap.meetings[code]] for code, name in offices]
    tables.append(("Rapat koordinasi Forkopimda", ["Kabupaten/kota", "Rapat"], [*rows, _totals(rows)]))
    rows = []
    for code, name in offices:
        reserve = recap.reserves.get(code)
        rows.append(
            [name, str(reserve.year or "") if reserve else "", recap.reserve_status_labels.get(reserve.status, reserve.status) if reserve else "Tidak ada laporan",
             reserve.amount if reserve else "", reserve.accumulated if reserve else ""]
        )
    tables.append(("Dana cadangan Pilkada (laporan terakhir dalam periode)", ["Kabupaten/kota", "Tahun anggaran", "Status", "Jumlah (Rp)", "Akumulasi (Rp)"], rows))
    return tables


def _totals(rows: list[list[Any]]) -> list[Any]:
    return ["Jumlah", *(sum(row[i] for row in rows) for i in range(1, len(rows[0])))]
