"""The filtered report list as CSV or XLSX: one row per report, text always as text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from sync.cells import csv_text, xlsx_cell
from sync.forms import FormDef, FormRegistry
from sync.forms.display import format_value, format_wit
from sync.server.models import Report, ReportRevision

from . import listing
from .labels import DECISION_LABELS, Labels

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
COMMON = ("ID", "Kabupaten/kota", "Jenis laporan", "Judul", "Tanggal laporan", "Diterima (WIT)",
          "Revisi", "Tingkat", "Kategori", "Kecamatan", "Tinjauan", "Ditarik")  # fmt: skip
BATCH = 1000


def _review(report: Report) -> str:
    if report.reviewed_revision != report.latest_revision or report.review is None:
        return "Belum ditinjau"
    return DECISION_LABELS.get(report.review, report.review)


def _common(report: Report, labels: Labels) -> list[Any]:
    return [
        str(report.id),
        labels.offices.get(report.office, report.office),
        labels.forms.get(report.form_id, report.form_id),
        report.title,
        report.report_date.strftime("%d/%m/%Y") if report.report_date else "",
        format_wit(report.received_at)[:16],
        report.latest_revision,
        labels.alert_levels.get(report.alert_level or "", ""),
        labels.categories.get(report.category or "", ""),
        labels.region(report.kecamatan) if report.kecamatan else "",
        _review(report),
        "Ya" if report.status == "withdrawn" else "Tidak",
    ]


def _rows(
    engine: Engine, query: listing.ListQuery, labels: Labels, registry: FormRegistry
) -> Iterator[list[Any]]:
    """The header, then a row per report; one form filtered adds that form's fields."""
    form: FormDef | None = registry.latest(query.forms[0]) if len(query.forms) == 1 else None
    fields = [f for f in form.fields if f.type != "attachments"] if form else []
    yield [*COMMON, *(f.label("id") for f in fields)]
    with Session(engine) as session:
        batch: list[Report] = []
        for report in listing.walk(session=session, query=query, batch=BATCH):
            batch.append(report)
            if len(batch) == BATCH:
                yield from _with_fields(session, batch, labels, fields)
                batch = []
        yield from _with_fields(session, batch, labels, fields)


def _with_fields(session: Session, batch: list[Report], labels: Labels, fields: list[Any]) -> Iterator[list[Any]]:
    data: dict[int, dict[str, Any]] = {}
    if fields and batch:
        data = dict(
            session.exec(
                select(ReportRevision.seq, ReportRevision.data).where(
                    ReportRevision.seq.in_([r.latest_seq for r in batch])
                )
            ).all()
        )
    for report in batch:
        values = data.get(report.latest_seq, {})
        yield _common(report, labels) + [_shown(f, values.get(f.id)) for f in fields]


def _shown(field: Any, value: Any) -> str:
    try:
        return format_value(field, value)
    except (KeyError, TypeError, ValueError):
        return str(value)


def write(
    fmt: str, *, engine: Engine, query: listing.ListQuery, labels: Labels, registry: FormRegistry
) -> Iterator[bytes]:
    rows = _rows(engine, query, labels, registry)
    return _csv(rows) if fmt == "csv" else _xlsx(rows)


def _csv(rows: Iterator[list[Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # Excel then reads the file as UTF-8
    for count, row in enumerate(rows):
        writer.writerow([csv_text(value) for value in row])
        if count % 500 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _xlsx(rows: Iterator[list[Any]]) -> Iterator[bytes]:
    from openpyxl import Workbook  # here: the server starts without openpyxl

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Laporan")
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    yield out.getvalue()
