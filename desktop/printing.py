"""Reports on paper: an official A4 page with letterhead, fields, signature block and page numbers.

`print_report_pdf` is plain blocking work (QTextDocument and QPdfWriter are safe off the GUI
thread): call it through `run_task`. `print_report_dialog` sends the same page to a printer.

A PDF is painted into a temporary file beside the target, then replaces it (`sync.fileio`): a
PDF open in a viewer, or a folder that Windows protects, fails with a `PrintError` that tells
the clerk what to do, never with a half-written file or a false "PDF disimpan".
"""

from __future__ import annotations

import functools
import html
import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.attachments_panel import format_size
from desktop.context import AppContext
from desktop.photos import thumbnail
from sync import fileio
from sync.forms import WIT, FieldDef, FormDef
from sync.forms.display import format_value, format_wit
from sync.paths import resource_path
from sync.regions import Regions
from sync.store import attachments as store_attachments
from sync.store import reports
from sync.store.schemas import AttachmentInfo, ReportDetail

log = logging.getLogger(__name__)

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")
MARGINS_MM = QMarginsF(25, 15, 20, 15)  # left wider for binding into the office file
FOOTER_PT = 22  # space kept at the foot of each page for "Halaman 1 dari 2"
PHOTO_SIDE = 900  # pixels of a photo printed in the documentation section
RESOLUTION = 300


class PrintError(Exception):
    """The PDF or the printout was not made; the message (Indonesian) says what to do."""


def long_date(day: date) -> str:
    """14 Februari 2024 — how an Indonesian letter writes a date."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


@dataclass(frozen=True, slots=True)
class Letterhead:
    government: str  # PEMERINTAH KABUPATEN MALUKU TENGAH
    agency: str  # BADAN KESATUAN BANGSA DAN POLITIK
    address: str
    seat: str  # where the head signs: Masohi
    regency: str  # Kabupaten Maluku Tengah


@functools.cache
def _offices() -> dict[str, dict[str, str]]:
    return json.loads(resource_path("letterhead", "offices.json").read_text(encoding="utf-8"))


def letterhead_for(office: str | None) -> Letterhead:
    """The letterhead of an office (regency/city code); a neutral one before the office is set."""
    regency = (Regions.load().name(office) if office else None) or "Provinsi Maluku"
    entry = _offices().get(office or "", {})
    return Letterhead(
        government=f"PEMERINTAH {regency.upper()}",
        agency="BADAN KESATUAN BANGSA DAN POLITIK",
        address=entry.get("address", regency),
        seat=entry.get("seat", regency),
        regency=regency,
    )


def letterhead_html(head: Letterhead) -> str:
    return (
        '<table width="100%" cellspacing="0" cellpadding="0">'
        f'<tr><td align="center" style="font-size:14pt; font-weight:bold;">{html.escape(head.government)}</td></tr>'
        f'<tr><td align="center" style="font-size:16pt; font-weight:bold;">{html.escape(head.agency)}</td></tr>'
        f'<tr><td align="center" style="font-size:10pt;">{html.escape(head.address)}</td></tr>'
        "</table>"
        # The letterhead's rule: a thick line over a thin one, drawn as two black table rows.
        '<table width="100%" cellspacing="0" cellpadding="0" style="margin-top:4px;">'
        '<tr><td bgcolor="#000000" height="3" style="font-size:1pt;">&nbsp;</td></tr>'
        '<tr><td height="2" style="font-size:1pt;">&nbsp;</td></tr>'
        '<tr><td bgcolor="#000000" height="1" style="font-size:1pt;">&nbsp;</td></tr></table>'
    )


def signature_html(head: Letterhead, day: date) -> str:
    return (
        '<br/><table width="100%" cellspacing="0" cellpadding="0"><tr>'
        '<td width="42%"></td><td width="58%" align="center">'
        f"{html.escape(head.seat)}, {long_date(day)}<br/>"
        f"{html.escape(QCoreApplication.translate('Printing', 'Kepala Badan Kesatuan Bangsa dan Politik'))}<br/>"
        f"{html.escape(head.regency)},<br/><br/><br/><br/><br/>"
        "<b>(.........................................)</b><br/>"
        f"{html.escape(QCoreApplication.translate('Printing', 'NIP.'))} .........................................</td></tr></table>"
    )


def cell(text: str) -> str:
    """Text for an HTML table cell: escaped, line breaks kept."""
    return html.escape(text).replace("\n", "<br/>")


def _shown(field: FieldDef, value: Any, files: dict[str, AttachmentInfo], lang: str) -> str:
    if field.type == "attachments" and isinstance(value, list):
        return "\n".join(f"{files[sha].filename} ({format_size(files[sha].size)})" if sha in files
                         else sha[:12] for sha in value)
    return format_value(field, value, lang)


def field_rows(fields: tuple[FieldDef, ...], data: dict[str, Any], files: dict[str, AttachmentInfo],
                lang: str) -> list[str]:
    """Table rows of the filled fields (empty optional ones would only waste paper), by section."""
    rows: list[str] = []
    heading: str | None = None
    for field in fields:
        heading = field.section(lang) or heading
        value = data.get(field.id)
        if value in (None, "", [], {}):
            continue
        if heading:  # a section's heading only above its first filled field
            rows.append(f'<tr><td colspan="2" bgcolor="#eeeeee"><b>{cell(heading)}</b></td></tr>')
            heading = None
        if field.type == "group" and isinstance(value, list):
            for number, item in enumerate(value, start=1):
                rows.append(f'<tr><td colspan="2"><i>{cell(field.label(lang))} {number}</i></td></tr>')
                rows.extend(
                    f'<tr><td>&nbsp;&nbsp;&nbsp;{cell(sub.label(lang))}</td>'
                    f"<td>{cell(_shown(sub, item.get(sub.id), files, lang) or '–')}</td></tr>"
                    for sub in field.fields if isinstance(item, dict)
                )
            continue
        rows.append(f'<tr><td width="34%">{cell(field.label(lang))}</td>'
                    f"<td>{cell(_shown(field, value, files, lang))}</td></tr>")
    return rows


def report_html(form: FormDef, detail: ReportDetail, head: Letterhead, *, lang: str,
                printed_on: date, photos: list[tuple[str, str]]) -> str:
    """The whole page as HTML for QTextDocument; `photos` are (image resource name, caption)."""
    report = detail.report
    revision = detail.revisions[-1]
    data = revision.data
    meta = [
        (QCoreApplication.translate("Printing", "Nomor laporan"), str(report.id).upper()[:8]),
        (QCoreApplication.translate("Printing", "Revisi"), str(revision.revision)),
        (QCoreApplication.translate("Printing", "Tanggal laporan"), report.report_date.strftime("%d/%m/%Y") if report.report_date else "–"),
        (QCoreApplication.translate("Printing", "Dibuat"), format_wit(revision.created_at)),
    ]
    parts = [
        letterhead_html(head),
        f'<p align="center" style="font-size:13pt;"><b>{cell(form.title(lang).upper())}</b><br/>'
        f"{cell(report.title)}</p>",
        '<table cellspacing="0" cellpadding="1">'
        + "".join(f"<tr><td>{cell(k)}</td><td>: {cell(v)}</td></tr>" for k, v in meta)
        + "</table><br/>",
        '<table width="100%" border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse;">',
        *field_rows(form.fields, data, {a.sha256: a for a in revision.attachments}, lang),
        "</table>",
    ]
    if revision.withdraw_reason:
        parts.append(f"<p><b>{cell(QCoreApplication.translate('Printing', 'Ditarik kembali'))}:</b> {cell(revision.withdraw_reason)}</p>")
    if photos:  # two per row, each with its file name under it
        parts.append('<br/><table cellspacing="6" cellpadding="0">')
        for start in range(0, len(photos), 2):
            pair = photos[start:start + 2]
            parts.append("<tr>" + "".join(f'<td><img src="{name}" width="290"/></td>' for name, _ in pair) + "</tr>")
            parts.append("<tr>" + "".join(f'<td align="center" style="font-size:9pt;">{cell(caption)}</td>'
                                          for _, caption in pair) + "</tr>")
        parts.append("</table>")
    parts.append(signature_html(head, printed_on))
    return "".join(parts)


def html_document(body: str, images: dict[str, QImage] | None = None) -> QTextDocument:
    """A QTextDocument of `body` in the paper font, with `images` as named resources."""
    document = QTextDocument()
    font = QFont()
    font.setFamilies(["Times New Roman", "Liberation Serif", "DejaVu Serif"])
    font.setPointSizeF(11)
    document.setDefaultFont(font)
    document.setDocumentMargin(0)
    for name, image in (images or {}).items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    document.setHtml(body)
    return document


def paint_pages(document: QTextDocument, device: QPagedPaintDevice) -> int:
    """Lay `document` out on A4 pages of `device` with "Halaman n dari N" at the foot; returns N."""
    device.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    device.setPageOrientation(QPageLayout.Orientation.Portrait)
    device.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)
    area = device.pageLayout().paintRectPixels(device.resolution())
    footer = FOOTER_PT * device.resolution() / 72
    document.documentLayout().setPaintDevice(device)
    body = QSizeF(area.width(), area.height() - footer)
    document.setPageSize(body)
    total = document.pageCount()
    painter = QPainter()
    if not painter.begin(device):  # a file that cannot be opened, a printer that is gone
        raise PrintError(QCoreApplication.translate(
            "Printing", "Halaman tidak dapat ditulis: berkas atau printer tujuan tidak dapat dibuka."))
    footer_font = QFont(document.defaultFont())
    footer_font.setPointSizeF(9)
    try:
        for page in range(total):
            if page:
                device.newPage()
            painter.save()
            painter.translate(0, -page * body.height())
            visible = QRectF(0, page * body.height(), body.width(), body.height())
            painter.setClipRect(visible)  # what belongs to the next page must not peek out at the foot
            document.drawContents(painter, visible)
            painter.restore()
            painter.setFont(footer_font)
            painter.drawText(QRectF(0, body.height(), body.width(), footer),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                             QCoreApplication.translate("Printing", "Halaman %1 dari %2").replace("%1", str(page + 1)).replace("%2", str(total)))
    finally:
        painter.end()
    return total


def report_document(ctx: AppContext, report_id: UUID) -> QTextDocument:
    """One report laid out for paper: its newest revision, photos included (blocking)."""
    with ctx.store.session() as session:
        detail = reports.get_report(session=session, report_id=report_id)
    revision = detail.revisions[-1]
    form = ctx.forms.get(detail.report.form_id, revision.form_version)
    images: dict[str, QImage] = {}
    captions: list[tuple[str, str]] = []
    for info in revision.attachments:
        path = store_attachments.attachment_path(ctx.store, info.sha256)
        if info.mime.startswith("image/") and path.exists():
            image = thumbnail(path, PHOTO_SIDE)
            if not image.isNull():
                name = f"photo-{info.sha256[:16]}"
                images[name] = image
                captions.append((name, info.filename))
    body = report_html(form, detail, letterhead_for(detail.report.office or ctx.office), lang=ctx.lang,
                       printed_on=datetime.now(WIT).date(), photos=captions)
    return html_document(body, images)


def _paint_pdf(document: QTextDocument, path: Path, *, title: str) -> int:
    writer = QPdfWriter(str(path))  # closes its file when painting ends, before the replace
    writer.setResolution(RESOLUTION)
    writer.setTitle(title)
    writer.setCreator("Pantau")
    return paint_pages(document, writer)


def _save_failure(out_path: Path, error: OSError) -> PrintError:
    """What the clerk reads when the PDF could not be saved, by what Windows refused."""
    translate = QCoreApplication.translate
    if isinstance(error, PermissionError) and error.filename2 is not None:  # the replace
        text = translate("Printing", "Berkas %1 sedang dibuka di program lain (misalnya pembaca PDF). "
                         "Tutup berkas itu lalu simpan lagi, atau simpan dengan nama lain.")
        return PrintError(text.replace("%1", str(out_path)))
    if isinstance(error, PermissionError):
        text = translate("Printing", "Pantau tidak diizinkan menyimpan di folder %1. Pilih folder lain. "
                         "Bila folder ini dilindungi \"Akses folder terkendali\" (Keamanan Windows), "
                         "minta petugas TI mengizinkan Pantau.")
        return PrintError(text.replace("%1", str(out_path.parent)))
    text = translate("Printing", "PDF tidak dapat disimpan ke %1 (%2). Periksa ruang disk atau pilih "
                     "folder lain.")
    return PrintError(text.replace("%1", str(out_path)).replace("%2", error.strerror or str(error)))


def write_pdf(document: QTextDocument, out_path: Path, *, title: str) -> int:
    """Paint `document` on A4 pages into a PDF file; returns the number of pages.

    Raises `PrintError` (and leaves any earlier file at `out_path` as it was) when it cannot.
    """
    out_path = Path(out_path)
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with fileio.atomic_path(out_path) as partial:
            return _paint_pdf(document, partial, title=title)
    except OSError as exc:
        log.warning("PDF %s not saved: %s", out_path, exc)
        raise _save_failure(out_path, exc) from exc


def print_report_pdf(ctx: AppContext, report_id: UUID, out_path: Path) -> Path:
    """Write one report as an A4 PDF to `out_path` (blocking: run it with `run_task`)."""
    out_path = Path(out_path)
    pages = write_pdf(report_document(ctx, report_id), out_path, title=f"Pantau {report_id}")
    log.info("report %s printed to %s (%d pages)", report_id, out_path, pages)
    return out_path


def print_report_dialog(ctx: AppContext, report_id: UUID, parent: QWidget | None = None) -> bool:
    """Ask for a printer (QPrintDialog) and print the report on it; False when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("Printing", "Cetak laporan"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    try:
        paint_pages(report_document(ctx, report_id), printer)
    except PrintError as exc:
        log.warning("printing report %s failed: %s", report_id, exc)
        QMessageBox.warning(parent, QCoreApplication.translate("Printing", "Cetak laporan"), str(exc))
        return False
    return True
