"""Reports on paper: an official A4 page with letterhead, fields, signature block and page numbers.

`print_report_pdf` is plain blocking work (QTextDocument and QPdfWriter are safe off the GUI
thread): call it through `run_task`. `print_report_dialog` sends the same page to a printer.

A PDF is painted into a temporary file beside the target, then replaces it (`sync.fileio`): a
PDF open in a viewer, or a folder that Windows protects, fails with a `PrintError` that tells
the clerk what to do, never with a half-written file or a false "PDF disimpan".
"""

from __future__ import annotations

import html
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
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.attachments_panel import format_size
from desktop.context import AppContext
from desktop.offices import offices
from desktop.photos import thumbnail
from sync import fileio
from sync.forms import WIT, FieldDef, FormDef
from sync.forms.display import format_value, format_wit
from sync.regions import Regions
from sync.store import attachments as store_attachments
from sync.store import reports, settings
from sync.store.schemas import AttachmentInfo, ReportDetail
from sync.store.settings import OfficePapers

log = logging.getLogger(__name__)

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")
MARGINS_MM = QMarginsF(25, 15, 20, 15)  # left wider for binding into the office file
FOOTER_PT = 22  # space kept at the foot of each page for "Halaman 1 dari 2"
PHOTO_SIDE = 900  # pixels of a photo printed in the documentation section
RESOLUTION = 300
CLASSIFICATION = "pantau_classification"  # document property: the mark printed on every page


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
    contact: str = ""  # Kode Pos 97511 · Telp. (0914) 21234 · Pos-el kesbangpol@…
    emblem: str = ""  # path of the regency's emblem image, printed left of the letterhead
    signatory_name: str = ""
    signatory_position: str = ""  # Kepala Badan Kesatuan Bangsa dan Politik
    signatory_nip: str = ""


def letterhead_for(office: str | None, papers: OfficePapers | None = None) -> Letterhead:
    """The letterhead of an office (regency/city code): `resources/letterhead/offices.json`, with
    what the office set in the app (`papers`) over it; a neutral one before the office is set."""
    regency = (Regions.load().name(office) if office else None) or "Provinsi Maluku"
    entry = offices().get(office or "", {})
    papers = papers or OfficePapers()
    translate = QCoreApplication.translate
    contact = [
        translate("Printing", "Kode Pos %1").replace("%1", papers.postal_code) if papers.postal_code else "",
        translate("Printing", "Telp. %1").replace("%1", papers.phone) if papers.phone else "",
        translate("Printing", "Pos-el %1").replace("%1", papers.email) if papers.email else "",
    ]
    return Letterhead(
        government=f"PEMERINTAH {regency.upper()}",
        agency="BADAN KESATUAN BANGSA DAN POLITIK",
        address=papers.address or entry.get("address", regency),
        seat=entry.get("seat", regency),
        regency=regency,
        contact=" · ".join(part for part in contact if part),
        emblem=papers.emblem if papers.emblem and Path(papers.emblem).is_file() else "",
        signatory_name=papers.signatory_name,
        signatory_position=papers.signatory_position,
        signatory_nip=papers.signatory_nip,
    )


def office_letterhead(ctx: AppContext, office: str | None) -> Letterhead:
    """The letterhead with this PC's office settings (reads the store: not on the GUI thread)."""
    with ctx.store.session() as session:
        papers = settings.get_office_papers(session=session)
    return letterhead_for(office, papers)


EMBLEM = "letterhead-emblem"  # the emblem's resource name in a document
EMBLEM_PX = 300  # the emblem is scaled to this many pixels high: sharp at 300 dpi, 2.5 cm printed


def letterhead_images(head: Letterhead) -> dict[str, QImage]:
    """The images a letterhead's HTML refers to: the emblem, when the office chose a readable one."""
    image = QImage(head.emblem) if head.emblem else QImage()
    if image.isNull():
        return {}
    return {EMBLEM: image.scaledToHeight(EMBLEM_PX, Qt.TransformationMode.SmoothTransformation)}


def letterhead_html(head: Letterhead, *, emblem: bool = False) -> str:
    """The letterhead; `emblem` when `letterhead_images(head)` was given to the document."""
    lines = (
        f'<tr><td align="center" style="font-size:14pt; font-weight:bold;">{html.escape(head.government)}</td></tr>'
        f'<tr><td align="center" style="font-size:16pt; font-weight:bold;">{html.escape(head.agency)}</td></tr>'
        f'<tr><td align="center" style="font-size:10pt;">{html.escape(head.address)}</td></tr>'
        + (f'<tr><td align="center" style="font-size:9pt;">{html.escape(head.contact)}</td></tr>' if head.contact else "")
    )
    picture = f'<td width="80" valign="middle"><img src="{EMBLEM}" height="70"/></td>' if emblem else ""
    # With an emblem, an empty cell as wide on the right keeps the text centred on the page.
    balance = '<td width="80"></td>' if emblem else ""
    return (
        '<table width="100%" cellspacing="0" cellpadding="0"><tr>'
        f'{picture}<td><table width="100%" cellspacing="0" cellpadding="0">{lines}</table></td>{balance}'
        "</tr></table>"
        # The letterhead's rule: a thick line over a thin one, drawn as two black table rows.
        '<table width="100%" cellspacing="0" cellpadding="0" style="margin-top:4px;">'
        '<tr><td bgcolor="#000000" height="3" style="font-size:1pt;">&nbsp;</td></tr>'
        '<tr><td height="2" style="font-size:1pt;">&nbsp;</td></tr>'
        '<tr><td bgcolor="#000000" height="1" style="font-size:1pt;">&nbsp;</td></tr></table>'
    )


def signature_html(head: Letterhead, day: date) -> str:
    position = head.signatory_position or (
        QCoreApplication.translate("Printing", "Kepala Badan Kesatuan Bangsa dan Politik") + "\n" + head.regency)
    name = f"<u>{html.escape(head.signatory_name)}</u>" if head.signatory_name else "(.........................................)"
    nip = html.escape(head.signatory_nip) if head.signatory_nip else "........................................."
    return (
        '<br/><table width="100%" cellspacing="0" cellpadding="0"><tr>'
        '<td width="42%"></td><td width="58%" align="center">'
        f"{html.escape(head.seat)}, {long_date(day)}<br/>"
        f"{cell(position)},<br/><br/><br/><br/><br/>"
        f"<b>{name}</b><br/>"
        f"{html.escape(QCoreApplication.translate('Printing', 'NIP.'))} {nip}</td></tr></table>"
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
                printed_on: date, photos: list[tuple[str, str]], emblem: bool = False) -> str:
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
        letterhead_html(head, emblem=emblem),
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
    if photos:  # two per row, each with its file name under it; a row is its own table, so that
        parts.append("<br/>")  # the last one can go to the next page with the signature
        for start in range(0, len(photos), 2):
            pair = photos[start:start + 2]
            parts.append('<table cellspacing="6" cellpadding="0">'
                         + "<tr>" + "".join(f'<td><img src="{name}" width="290"/></td>' for name, _ in pair) + "</tr>"
                         + "<tr>" + "".join(f'<td align="center" style="font-size:9pt;">{cell(caption)}</td>'
                                            for _, caption in pair) + "</tr></table>")
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


def _keep_rows_whole(document: QTextDocument, page_height: float) -> None:
    """The lines of a table cell stay on one page with their row (a row is not cut in two), unless
    the cell is too long for a page anyway (a long chronology runs on, nothing is cut off)."""
    layout = document.documentLayout()
    block = document.begin()
    while block.isValid():
        cursor = QTextCursor(block)
        if (cursor.currentTable() is not None and not block.blockFormat().nonBreakableLines()
                and layout.blockBoundingRect(block).height() < page_height / 3):
            form = block.blockFormat()
            form.setNonBreakableLines(True)
            cursor.setBlockFormat(form)
        block = block.next()


def _keep_signature_with_the_end(document: QTextDocument, page_height: float) -> None:
    """The signature block (the document's last table) never stands alone at the top of a page:
    when it does not fit after the report's end, the last part before it (a row of photos, a
    short table) goes to the next page with it."""
    frames = [f for f in document.rootFrame().childFrames() if isinstance(f, QTextTable)]
    if len(frames) < 2:
        return
    layout = document.documentLayout()
    signature, before = frames[-1], frames[-2]
    cell = signature.cellAt(0, signature.columns() - 1)
    top = layout.blockBoundingRect(cell.firstCursorPosition().block()).top()
    bottom = layout.blockBoundingRect(cell.lastCursorPosition().block()).bottom()
    pages = {int(top // page_height), int((bottom - 1) // page_height),
             int((layout.frameBoundingRect(before).bottom() - 1) // page_height)}
    if len(pages) == 1:
        return
    # What is before goes along unless it is too big to move (it would leave half a page empty);
    # then the signature at least goes whole.
    moved = before if layout.frameBoundingRect(before).height() <= page_height / 2 else signature
    form = moved.format()
    form.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    moved.setFormat(form)


def _relayout(document: QTextDocument) -> None:
    """Lay the whole document out again after a format change: Qt's incremental layout otherwise
    leaves blocks after a large image with no height, and they are never painted (the recap's
    map page lost its text)."""
    document.markContentsDirty(0, document.characterCount())


def paint_pages(document: QTextDocument, device: QPagedPaintDevice) -> int:
    """Lay `document` out on A4 pages of `device` with "Halaman n dari N" at the foot and its
    classification mark (if any) at the head and the foot; returns N."""
    device.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    device.setPageOrientation(QPageLayout.Orientation.Portrait)
    device.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)
    area = device.pageLayout().paintRectPixels(device.resolution())
    mark = document.property(CLASSIFICATION) or ""
    footer = FOOTER_PT * device.resolution() / 72
    header = footer if mark else 0.0
    document.documentLayout().setPaintDevice(device)
    body = QSizeF(area.width(), area.height() - footer - header)
    document.setPageSize(body)
    _keep_rows_whole(document, body.height())
    _relayout(document)
    _keep_signature_with_the_end(document, body.height())
    _relayout(document)
    total = document.pageCount()
    painter = QPainter()
    if not painter.begin(device):  # a file that cannot be opened, a printer that is gone
        raise PrintError(QCoreApplication.translate(
            "Printing", "Halaman tidak dapat ditulis: berkas atau printer tujuan tidak dapat dibuka."))
    footer_font = QFont(document.defaultFont())
    footer_font.setPointSizeF(9)
    mark_font = QFont(document.defaultFont())
    mark_font.setPointSizeF(11)
    mark_font.setBold(True)
    try:
        for page in range(total):
            if page:
                device.newPage()
            painter.save()
            painter.translate(0, header - page * body.height())
            visible = QRectF(0, page * body.height(), body.width(), body.height())
            painter.setClipRect(visible)  # what belongs to the next page must not peek out at the foot
            document.drawContents(painter, visible)
            painter.restore()
            foot = QRectF(0, header + body.height(), body.width(), footer)
            if mark:
                painter.setFont(mark_font)
                painter.drawText(QRectF(0, 0, body.width(), header),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, mark)
                painter.drawText(foot, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, mark)
            painter.setFont(footer_font)
            painter.drawText(foot, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
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
        if info.mime.startswith("image/") and store_attachments.attachment_size(ctx.store, info.sha256):
            image = thumbnail(store_attachments.read_attachment(ctx.store, info.sha256), PHOTO_SIDE)
            if not image.isNull():
                name = f"photo-{info.sha256[:16]}"
                images[name] = image
                captions.append((name, info.filename))
    head = office_letterhead(ctx, detail.report.office or ctx.office)
    emblem = letterhead_images(head)
    body = report_html(form, detail, head, lang=ctx.lang, printed_on=datetime.now(WIT).date(),
                       photos=captions, emblem=bool(emblem))
    document = html_document(body, images | emblem)
    if form.classification is not None:
        set_classification(document, form.classification.get(ctx.lang))
    return document


def set_classification(document: QTextDocument, mark: str) -> None:
    """Print `mark` (e.g. TERBATAS) at the head and the foot of every page of `document`."""
    document.setProperty(CLASSIFICATION, mark)


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
