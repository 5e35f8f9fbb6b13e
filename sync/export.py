"""Export the office's reports to CSV (one flat row each), JSON (everything) or XLSX (a sheet per form)."""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlmodel import Session, select

from sync import fileio
from sync.cells import csv_text, xlsx_cell
from sync.forms import FormDef, FormRegistry
from sync.recap import month_bounds
from sync.regions import Regions
from sync.store.form_versions import form_registry
from sync.store.models import Report
from sync.store.public import report_detail, report_public
from sync.store.schemas import ReportPublic

FORMATS = ("csv", "json", "xlsx")
# The columns every report has, before its form's own fields.
COMMON = (
    "id", "form_id", "form_version", "office", "state", "revision", "title", "urgent",
    "alert_level", "kecamatan", "kecamatan_name", "report_date", "created_at", "updated_at",
)  # fmt: skip
_BATCH = 500


def _reports(session: Session, month: str | None) -> Iterator[Report]:
    """Reports in date order (those of `month` only, if given), loaded a batch at a time."""
    order = select(Report.num).order_by(Report.report_date, Report.num)  # type: ignore[arg-type]
    if month:
        first, last = month_bounds(month)
        order = order.where(Report.report_date.between(first, last))  # type: ignore[union-attr]
    nums = session.exec(order).all()  # one walk of the date index, however many reports
    for start in range(0, len(nums), _BATCH):
        chunk = nums[start : start + _BATCH]
        rows = {r.num: r for r in session.exec(select(Report).where(Report.num.in_(chunk))).all()}  # type: ignore[union-attr]
        yield from (rows[num] for num in chunk)


def _common(report: ReportPublic, regions: Regions) -> dict[str, Any]:
    return {
        "id": str(report.id),
        "form_id": report.form_id,
        "form_version": report.form_version,
        "office": report.office,
        "state": report.state.value,
        "revision": report.revision,
        "title": report.title,
        "urgent": report.urgent,
        "alert_level": report.alert_level or "",
        "kecamatan": report.kecamatan or "",
        "kecamatan_name": (regions.name(report.kecamatan) if report.kecamatan else None) or "",
        "report_date": report.report_date.isoformat() if report.report_date else "",
        "created_at": report.created_at.isoformat(),
        "updated_at": report.updated_at.isoformat(),
    }


def flat_value(value: Any) -> str | int | float:
    """A field value as one CSV cell: lists joined by "; ", objects and groups as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return value
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "; ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _field_ids(registry: FormRegistry) -> list[str]:
    """Every field id of the latest forms, in form order, each once."""
    seen: dict[str, None] = {}
    for form in registry.forms():
        for field in form.fields:
            seen.setdefault(field.id, None)
    return list(seen)


def _write_csv(session: Session, out: Path, month: str | None) -> int:
    regions = Regions.load()
    columns = [*COMMON, *_field_ids(form_registry(session=session))]
    count = 0
    with out.open("w", newline="", encoding="utf-8-sig") as f:  # BOM: Excel then reads UTF-8
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for report in _reports(session, month):
            public = report_public(report)
            row = _common(public, regions)
            for key, value in public.data.items():
                row.setdefault(key, flat_value(value))
            writer.writerow({key: csv_text(value) for key, value in row.items()})
            count += 1
    return count


def _json_default(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def _write_json(session: Session, out: Path, month: str | None) -> int:
    count = 0
    with out.open("w", encoding="utf-8") as f:
        f.write("[")
        for report in _reports(session, month):
            detail = dataclasses.asdict(report_detail(session, report))
            f.write(
                ("," if count else "")
                + "\n"
                + json.dumps(detail, default=_json_default, ensure_ascii=False)
            )
            count += 1
        f.write("\n]\n")
    return count


def _cell(form: FormDef, field_id: str, value: Any) -> Any:
    """An XLSX cell: numbers and dates stay typed (Excel can sum and sort them), the rest as shown."""
    if value is None:
        return None
    kind = form.field(field_id).type
    if (
        kind in ("integer", "money", "year")
        and isinstance(value, int)
        and not isinstance(value, bool)
    ):
        return value
    if kind == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return form.format_value(field_id, value)


def _write_xlsx(session: Session, out: Path, month: str | None) -> int:
    from openpyxl import Workbook  # with numpy, a quarter-second of every start otherwise

    regions = Regions.load()
    registry = form_registry(session=session)
    book = Workbook()
    overview = book.active
    overview.title = "Laporan"
    overview.append(list(COMMON))
    sheets: dict[str, Any] = {}
    count = 0
    for report in _reports(session, month):
        public = report_public(report)
        common = _common(public, regions)
        overview.append([xlsx_cell(overview, common[c]) for c in COMMON])
        # Columns of the form's latest version; a report of an older version fills those it has.
        latest = registry.get(public.form_id)
        form = registry.get(public.form_id, public.form_version)
        sheet = sheets.get(latest.id)
        if sheet is None:
            sheet = sheets[latest.id] = book.create_sheet(latest.id[:31])
            sheet.append(["id", "state", "report_date", *(f.label("id") for f in latest.fields)])
            sheet.freeze_panes = "A2"
        known = {f.id for f in form.fields}
        values = [common["id"], common["state"], public.report_date] + [
            _cell(form, f.id, public.data.get(f.id)) if f.id in known else None
            for f in latest.fields
        ]
        sheet.append([xlsx_cell(sheet, value) for value in values])
        count += 1
    overview.freeze_panes = "A2"
    book.save(out)
    return count


def export_reports(*, session: Session, fmt: str, out: Path, month: str | None = None) -> int:
    """Write the reports (of `month` YYYY-MM, if given) to `out`; returns how many were written."""
    writers = {"csv": _write_csv, "json": _write_json, "xlsx": _write_xlsx}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    if month:
        month_bounds(month)  # a bad month fails before the file is created
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Whole or not at all: a failure (or a file open in Excel) leaves the previous export as it was.
    with fileio.atomic_path(out) as tmp:
        return writers[fmt](session, tmp, month)
