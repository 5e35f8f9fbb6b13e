"""The monthly recap: choose a month, see the figures, save them as PDF (with letterhead) and XLSX."""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.printing import (
    MONTHS_ID,
    Letterhead,
    cell,
    html_document,
    letterhead_for,
    letterhead_html,
    letterhead_images,
    office_letterhead,
    signature_html,
    write_pdf,
)
from desktop.recap_map import RESOURCE, RecapMap, recap_map
from desktop.report_editor import show_failure
from desktop.report_table_model import alert_label
from desktop.screen_fit import fit_on_screen
from desktop.settings import gui_settings
from desktop.tasks import run_task
from sync.forms import WIT, UnknownForm, display
from sync.recap import ALERT_LEVELS, COORDINATION, RESERVE_FUND, Recap, monthly_recap

log = logging.getLogger(__name__)

_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")



def month_label(month: str) -> str:
    """'2024-02' → 'Februari 2024'."""
    year, number = month.split("-")
    return f"{MONTHS_ID[int(number) - 1]} {year}"


def load_recap(ctx: AppContext, month: str) -> Recap:
    with ctx.store.session() as session:
        return monthly_recap(session=session, month=month)


def _form_title(ctx: AppContext, form_id: str) -> str:
    try:
        return ctx.forms.get(form_id).title(ctx.lang)
    except UnknownForm:
        return form_id


def recap_tables(ctx: AppContext, recap: Recap) -> list[tuple[str, list[str], list[list[object]]]]:
    """The recap as (caption, header, rows) tables: the same figures on screen, on paper and in Excel."""
    forms = [[_form_title(ctx, form_id), count] for form_id, count in recap.reports_by_form.items()]
    forms.append([QCoreApplication.translate("Recap", "Jumlah"), recap.total_reports])
    forms.append([QCoreApplication.translate("Recap", "Di antaranya mendesak (siaga/awas)"), recap.urgent])
    levels = [alert_label(level) for level in ALERT_LEVELS]
    warnings = [[k.name, *(k.by_level[level] for level in ALERT_LEVELS), k.total]
                for k in recap.warnings_by_kecamatan]
    warnings.append([QCoreApplication.translate("Recap", "Jumlah"), *(recap.warnings_by_level[level] for level in ALERT_LEVELS),
                     sum(recap.warnings_by_level.values())])
    education = [[QCoreApplication.translate("Recap", "Kegiatan"), recap.education_activities],
                 [QCoreApplication.translate("Recap", "Peserta laki-laki"), recap.participants_male],
                 [QCoreApplication.translate("Recap", "Peserta perempuan"), recap.participants_female],
                 [QCoreApplication.translate("Recap", "Jumlah peserta"), recap.participants_total]]
    funds = [[f.report_date.strftime("%d/%m/%Y"), f.year if f.year is not None else "–",
              _rupiah(f.amount), _rupiah(f.accumulated), _rupiah(f.disbursed),
              _choice(ctx, RESERVE_FUND, ("status_realisasi",), f.status)] for f in recap.reserve_funds]
    follow_ups = [[f.meeting.strftime("%d/%m/%Y"), f.action or "–", f.owner or "–", _day(f.due),
                   _choice(ctx, COORDINATION, ("tindak_lanjut", "status"), f.status)] for f in recap.follow_ups]
    return [
        (QCoreApplication.translate("Recap", "Laporan per jenis"), [QCoreApplication.translate("Recap", "Jenis laporan"), QCoreApplication.translate("Recap", "Jumlah")], forms),
        (QCoreApplication.translate("Recap", "Peringatan dini per kecamatan dan tingkat"), [QCoreApplication.translate("Recap", "Kecamatan"), *levels, QCoreApplication.translate("Recap", "Jumlah")], warnings),
        (QCoreApplication.translate("Recap", "Pendidikan politik"), [QCoreApplication.translate("Recap", "Uraian"), QCoreApplication.translate("Recap", "Jumlah")], education),
        (QCoreApplication.translate("Recap", "Dana cadangan Pilkada"), [QCoreApplication.translate("Recap", "Tanggal laporan"), QCoreApplication.translate("Recap", "Tahun anggaran"), QCoreApplication.translate("Recap", "Jumlah tahun ini (Rp)"),
                                       QCoreApplication.translate("Recap", "Akumulasi (Rp)"), QCoreApplication.translate("Recap", "Disalurkan (Rp)"), QCoreApplication.translate("Recap", "Status realisasi")], funds),
        (QCoreApplication.translate("Recap", "Tindak lanjut rapat Forkopimda"), [QCoreApplication.translate("Recap", "Tanggal rapat"), QCoreApplication.translate("Recap", "Tindakan"), QCoreApplication.translate("Recap", "Penanggung jawab"),
                                                QCoreApplication.translate("Recap", "Batas waktu"), QCoreApplication.translate("Recap", "Status")], follow_ups),
    ]


def _rupiah(amount: int | None) -> int | str:
    """An amount stays a number (Excel adds it up); a missing one is a dash."""
    return amount if amount is not None else "–"


def _day(value: str | None) -> str:
    try:
        return date.fromisoformat(value).strftime("%d/%m/%Y") if value else "–"
    except ValueError:
        return value or "–"


def _choice(ctx: AppContext, form_id: str, path: tuple[str, ...], value: str | None) -> str:
    """The label of a choice value of a form's field (`path` into groups), the value if unknown."""
    if not value:
        return "–"
    try:
        field = ctx.forms.get(form_id).field(path[0])
        for name in path[1:]:
            field = field.field(name)
    except (UnknownForm, KeyError):
        return value
    return field.choice_label(value, ctx.lang)


def sheet_name(caption: str, taken: set[str]) -> str:
    """An Excel sheet name (at most 31 characters, none of []:*?/\\) cut at a word, never inside one."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in caption).strip()
    name = clean
    if len(name) > 31:
        name = name[:32].rsplit(" ", 1)[0].rstrip(" -—,") if " " in name[:32] else name[:31]
    unique, count = name, 2
    while unique.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({count})"
        unique = name[: 31 - len(suffix)].rstrip() + suffix
        count += 1
    taken.add(unique)
    return unique


def map_html(recap: Recap, regency: str, drawn: RecapMap, *, width: int) -> str:
    """The map page: a new sheet headed as an attachment, the map `width` wide, the odd line, the source."""
    height = round(width * drawn.image.height() / drawn.image.width())
    if height > width * 1.15:  # a tall regency must still fit one A4 page with its heading
        width, height = round(width * width * 1.15 / height), round(width * 1.15)
    return (
        '<p style="page-break-before: always;" align="center">'
        f"<b>{cell(QCoreApplication.translate('Recap', 'Lampiran: Peta peringatan dini per kecamatan'))}</b><br/>"
        f"{cell(month_label(recap.month))} — {cell(regency)}</p>"
        f'<p align="center"><img src="{RESOURCE}" width="{width}" height="{height}"/></p>'
        f"<p>{cell(drawn.odd_line)}</p>"
        f'<p style="font-size:8pt; color:#555555;">{cell(QCoreApplication.translate("Recap", "Angka pada peta: jumlah peringatan dini bulan ini per kecamatan. Batas wilayah: Kepmendagri 300.2.2-2138/2025, data cahyadsn/wilayah_boundaries (MIT)."))}</p>'
    )


def recap_html(ctx: AppContext, recap: Recap, *, letterhead: bool, drawn: RecapMap | None = None,
               map_width: int = 600, head: Letterhead | None = None, emblem: bool = False) -> str:
    """The recap as HTML; `head` is the office's letterhead (the default one when not given)."""
    head = head or letterhead_for(recap.office or ctx.office)
    parts = [letterhead_html(head, emblem=emblem)] if letterhead else []
    parts.append(f'<p align="center" style="font-size:13pt;"><b>{cell(QCoreApplication.translate("Recap", "REKAPITULASI LAPORAN BULANAN"))}</b><br/>'
                 f"{cell(QCoreApplication.translate('Recap', 'Bulan'))} {cell(month_label(recap.month))} — {cell(head.regency)}</p>")
    for caption, header, rows in recap_tables(ctx, recap):
        parts.append(f"<p><b>{cell(caption)}</b></p>"
                     '<table width="100%" border="1" cellspacing="0" cellpadding="4" '
                     'style="border-collapse:collapse; border-color:#000000;">'
                     "<tr>" + "".join(f'<th bgcolor="#eeeeee">{cell(h)}</th>' for h in header) + "</tr>")
        if len(rows) == 1 and header[0] == QCoreApplication.translate("Recap", "Kecamatan"):  # only the total row: nothing reported
            parts.append(f'<tr><td colspan="{len(header)}"><i>{cell(QCoreApplication.translate("Recap", "Tidak ada peringatan dini bulan ini."))}</i></td></tr>')
        for row in rows:
            cells = "".join(f'<td align="right">{display.number(v, ctx.lang)}</td>' if i and isinstance(v, int)
                            else f"<td>{cell(str(v))}</td>" for i, v in enumerate(row))
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    if letterhead:
        parts.append(signature_html(head, datetime.now(WIT).date()))
    if drawn is not None:
        parts.append(map_html(recap, head.regency, drawn, width=map_width))
    return "".join(parts)


def write_recap_pdf(ctx: AppContext, month: str, out_path: Path) -> Path:
    """The month's recap on A4 with letterhead and signature block (blocking: use `run_task`)."""
    recap = load_recap(ctx, month)
    drawn = recap_map(recap)
    head = office_letterhead(ctx, recap.office or ctx.office)
    emblem = letterhead_images(head)
    body = recap_html(ctx, recap, letterhead=True, drawn=drawn, head=head, emblem=bool(emblem))
    write_pdf(html_document(body, {RESOURCE: drawn.image} | emblem), Path(out_path),
              title=f"Rekapitulasi {month_label(month)}")
    return Path(out_path)


def write_recap_xlsx(ctx: AppContext, month: str, out_path: Path) -> Path:
    """The month's recap as a workbook, one sheet per table, numbers as numbers (blocking)."""
    recap = load_recap(ctx, month)
    head = letterhead_for(recap.office or ctx.office)
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for caption, header, rows in recap_tables(ctx, recap):
        sheet = book.create_sheet(sheet_name(caption, taken))
        sheet.append([f"{caption} — {month_label(recap.month)} — {head.regency}"])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append(header)
        for column in range(1, len(header) + 1):
            heading = sheet.cell(row=2, column=column)
            heading.font = Font(bold=True)
            heading.fill = _HEADER_FILL
            heading.alignment = Alignment(horizontal="center", wrap_text=True)
        for row in rows:
            sheet.append(row)
        for column in range(1, len(header) + 1):
            widest = max(len(str(sheet.cell(row=r, column=column).value or "")) for r in range(2, sheet.max_row + 1))
            sheet.column_dimensions[get_column_letter(column)].width = min(max(10, widest + 2), 60)
        sheet.freeze_panes = "A3"
    Path(out_path).parent.mkdir(parents=True, exist_ok=True)
    book.save(out_path)
    return Path(out_path)


class RecapDialog(QDialog):
    """Pick a month, look at its figures, save them for the head of office and the province."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.recap: Recap | None = None
        self.setWindowTitle(self.tr("Rekap bulanan — Pantau"))
        fit_on_screen(self, 760, 640)
        today = datetime.now(WIT).date()
        self.month = QComboBox(self)
        for number, name in enumerate(MONTHS_ID, start=1):
            self.month.addItem(name, number)
        self.month.setCurrentIndex(today.month - 1)
        self.year = QSpinBox(self)
        self.year.setRange(2020, 2100)
        self.year.setValue(today.year)
        self.month.currentIndexChanged.connect(self.refresh)
        self.year.valueChanged.connect(self.refresh)
        self.preview = QTextBrowser(self)
        self.pdf_button = QPushButton(self.tr("Simpan PDF…"), self)
        self.xlsx_button = QPushButton(self.tr("Simpan Excel…"), self)
        close = QPushButton(self.tr("Tutup"), self)
        self.note = QLabel(self)
        self.note.setStyleSheet("color: #555;")
        self.pdf_button.clicked.connect(lambda: self._ask_and_save("pdf"))
        self.xlsx_button.clicked.connect(lambda: self._ask_and_save("xlsx"))
        close.clicked.connect(self.close)
        picker = QHBoxLayout()
        picker.addWidget(QLabel(self.tr("Bulan:"), self))
        picker.addWidget(self.month)
        picker.addWidget(self.year)
        picker.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        for button in (self.pdf_button, self.xlsx_button, close):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(picker)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self.refresh()

    def selected_month(self) -> str:
        return f"{self.year.value():04d}-{self.month.currentIndex() + 1:02d}"

    def refresh(self) -> None:
        month, ctx = self.selected_month(), self.ctx

        def recap_and_map() -> tuple[Recap, RecapMap]:
            recap = load_recap(ctx, month)
            return recap, recap_map(recap, pixels=1100)

        run_task(recap_and_map, on_success=self._show,
                 on_failure=lambda error: show_failure(self, self.tr("Rekap tidak dapat dibuat."), error), owner=self)

    def _show(self, result: tuple[Recap, RecapMap]) -> None:
        recap, drawn = result
        if recap.month != self.selected_month():
            return  # an older answer arriving after the clerk chose another month
        self.recap = recap
        document = self.preview.document()
        document.addResource(document.ResourceType.ImageResource, QUrl(RESOURCE), drawn.image)
        self.preview.setHtml(recap_html(self.ctx, recap, letterhead=False, drawn=drawn, map_width=560))

    def _ask_and_save(self, kind: str) -> None:
        month = self.selected_month()
        folders = gui_settings(self.ctx.store.data_dir)
        suggested = Path(folders.last_folder("papers")) / f"rekap-{month}.{kind}"
        description = self.tr("Dokumen PDF (*.pdf)") if kind == "pdf" else self.tr("Buku kerja Excel (*.xlsx)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Simpan rekap"), str(suggested), description)
        if path:
            folders.set_last_folder("papers", str(Path(path).parent))
            self.save(kind, Path(path))

    def save(self, kind: str, path: Path) -> None:
        """Write the selected month's recap as `kind` ("pdf" or "xlsx") to `path`, off the GUI thread."""
        month, ctx = self.selected_month(), self.ctx
        writer = write_recap_pdf if kind == "pdf" else write_recap_xlsx
        button = self.pdf_button if kind == "pdf" else self.xlsx_button
        button.setEnabled(False)

        def saved(out: Path) -> None:
            button.setEnabled(True)
            self.note.setText(self.tr("Disimpan: %1").replace("%1", str(out)))

        def failed(error: BaseException) -> None:
            button.setEnabled(True)
            show_failure(self, self.tr("Rekap tidak dapat disimpan."), error)

        run_task(lambda: writer(ctx, month, path), on_success=saved, on_failure=failed, owner=self)
