"""One report's life: every revision and what changed, the province's reviews, and its actions."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.events import events
from desktop.printing import cell, field_rows, print_report_dialog, print_report_pdf
from desktop.report_editor import ReportEditor, open_editor_for, show_failure
from desktop.report_table_model import state_label
from desktop.screen_fit import fit_on_screen
from desktop.settings import gui_settings
from desktop.tasks import run_task
from sync.forms import FormDef
from sync.forms.display import format_value, format_wit
from sync.store import reports
from sync.store.schemas import ReportDetail, ReportState, RevisionPublic

log = logging.getLogger(__name__)

_BANNER = "padding: 8px; border-radius: 4px; border: 1px solid {border}; background: {background};"


def _empty(value: Any) -> bool:
    return value in (None, "", [], {})


def changed_fields(form: FormDef, before: dict[str, Any], after: dict[str, Any], lang: str
                   ) -> list[tuple[str, str, str]]:
    """(label, old, new) of each field whose value differs between two revisions, in form order."""
    changes = []
    for field in form.fields:
        old, new = before.get(field.id), after.get(field.id)
        if old != new and not (_empty(old) and _empty(new)):
            changes.append((field.label(lang), format_value(field, old, lang) or "–",
                            format_value(field, new, lang) or "–"))
    return changes


class WithdrawDialog(QDialog):
    """Asks why a report is withdrawn; the reason is required (it travels to the province)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tarik laporan"))
        explanation = QLabel(self.tr(
            "Laporan yang ditarik tetap tersimpan dan provinsi diberi tahu. Tulis alasannya:"), self)
        explanation.setWordWrap(True)
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("Misalnya: laporan ganda, sudah dilaporkan dengan nomor lain"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.confirm = self.buttons.addButton(self.tr("Tarik laporan"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm.setEnabled(False)
        self.reason.textChanged.connect(
            lambda: self.confirm.setEnabled(bool(self.reason.toPlainText().strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)

    def text(self) -> str:
        return self.reason.toPlainText().strip()


class ReportDetailDialog(QDialog):
    """Revisions (with what changed), the province's comments, and amend / withdraw / print."""

    def __init__(self, ctx: AppContext, report_id: UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report_id = report_id
        self.detail: ReportDetail | None = None
        self.setWindowTitle(self.tr("Rincian laporan — Pantau"))
        fit_on_screen(self, 960, 700)
        self._title = QLabel(self)
        self._title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self._title.setWordWrap(True)
        self._state = QLabel(self)
        self._banner = QLabel(self)
        self._banner.setWordWrap(True)
        self._banner.setTextFormat(Qt.TextFormat.RichText)
        self._banner.hide()
        self._revisions = QListWidget(self)
        self._revisions.setWordWrap(True)
        self._revisions.setSpacing(3)
        self._revisions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._revisions.currentRowChanged.connect(self._show_revision)
        self._body = QTextBrowser(self)
        self._body.setOpenLinks(False)
        splitter = QSplitter(self)
        splitter.addWidget(self._revisions)
        splitter.addWidget(self._body)
        splitter.setSizes([300, 660])
        self.edit_button = QPushButton(self.tr("Lanjutkan draf"), self)
        self.amend_button = QPushButton(self.tr("Ubah (revisi baru)"), self)
        self.withdraw_button = QPushButton(self.tr("Tarik laporan…"), self)
        self.pdf_button = QPushButton(self.tr("Simpan PDF…"), self)
        self.print_button = QPushButton(self.tr("Cetak…"), self)
        close = QPushButton(self.tr("Tutup"), self)
        self._note = QLabel(self)
        self._note.setStyleSheet("color: #555;")
        self.edit_button.clicked.connect(self.open_draft)
        self.amend_button.clicked.connect(self.amend)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(lambda: print_report_dialog(self.ctx, self.report_id, self))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.amend_button, self.withdraw_button, self.pdf_button,
                       self.print_button):
            button.setAutoDefault(False)
            button.setEnabled(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        header = QHBoxLayout()
        header.addWidget(self._title, 1)
        header.addWidget(self._state)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self._banner)
        layout.addWidget(splitter, 1)
        layout.addWidget(self._note)
        layout.addLayout(buttons)
        events().reports_changed.connect(self.reload)
        self.reload()

    # --- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        store, report_id = self.ctx.store, self.report_id

        def load() -> ReportDetail:
            with store.session() as session:
                return reports.get_report(session=session, report_id=report_id)

        run_task(load, on_success=self._show, on_failure=self._load_failed, owner=self)

    def _load_failed(self, error: BaseException) -> None:
        log.error("report %s could not be loaded", self.report_id, exc_info=error)
        self._title.setText(self.tr("Laporan tidak dapat dibuka."))

    def _form(self, revision: RevisionPublic) -> FormDef:
        assert self.detail is not None
        return self.ctx.forms.get(self.detail.report.form_id, revision.form_version)

    def _show(self, detail: ReportDetail) -> None:
        self.detail = detail
        report = detail.report
        self._title.setText(f"{self._form(detail.revisions[-1]).title(self.ctx.lang)}: {report.title}")
        self._state.setText(state_label(report.state, revision=report.revision, bundle=report.bundle_number))
        self._state.setStyleSheet("font-weight: bold; padding: 3px 8px; border: 1px solid #999; border-radius: 8px;")
        self._show_banner(detail)
        current = self._revisions.currentRow()
        same_revisions = self._revisions.count() == len(detail.revisions)
        self._revisions.blockSignals(True)
        self._revisions.clear()
        for revision in detail.revisions:
            self._revisions.addItem(QListWidgetItem(self._revision_caption(revision)))
        self._revisions.blockSignals(False)
        # The newest revision, unless the clerk is reading another one and none was added.
        self._revisions.setCurrentRow(current if same_revisions and current >= 0 else len(detail.revisions) - 1)
        self._show_revision(self._revisions.currentRow())
        has_draft = detail.revisions[-1].status == "draft"
        submitted = any(r.status == "submitted" for r in detail.revisions)
        withdrawn = report.state is ReportState.WITHDRAWN or detail.revisions[-1].status == "withdrawn"
        self.edit_button.setEnabled(has_draft)
        self.edit_button.setText(self.tr("Lanjutkan perubahan") if submitted else self.tr("Lanjutkan draf"))
        self.amend_button.setEnabled(submitted and not withdrawn and not has_draft)
        self.withdraw_button.setEnabled(submitted and not withdrawn and not has_draft)
        self.pdf_button.setEnabled(True)
        self.print_button.setEnabled(True)

    def _revision_caption(self, revision: RevisionPublic) -> str:
        when = format_wit(revision.created_at)
        if revision.status == "draft":
            return self.tr("Revisi %1 — draf, belum dikirim\n%2").replace("%1", str(revision.revision)).replace("%2", when)
        kind = self.tr("ditarik") if revision.status == "withdrawn" else self.tr("dikirim")
        delivered = (self.tr("diterima provinsi %1").replace("%1", format_wit(revision.delivered_at))
                     if revision.delivered_at else self.tr("belum diterima provinsi"))
        caption = (self.tr("Revisi %1 — %2 %3\n%4").replace("%1", str(revision.revision))
                   .replace("%2", kind).replace("%3", when).replace("%4", delivered))
        if revision.renumbered_from is not None:
            caption += self.tr("\nsemula revisi %1: server menyimpan isi lain dengan nomor itu, "
                               "jadi dikirim ulang dengan nomor ini").replace("%1", str(revision.renumbered_from))
        return caption

    def _show_banner(self, detail: ReportDetail) -> None:
        report = detail.report
        if report.state is ReportState.NEEDS_REVISION:
            text = self.tr("<b>Provinsi meminta perbaikan:</b> %1<br/>Pakai <i>Ubah (revisi baru)</i> "
                           "untuk memperbaiki dan mengirim ulang.").replace("%1", cell(report.review_comment or ""))
            style = _BANNER.format(border="#e0a800", background="#fff3cd")
        elif report.state is ReportState.REJECTED:
            text = self.tr("<b>Ditolak oleh server provinsi:</b> %1").replace("%1", cell(report.rejected_reason or ""))
            style = _BANNER.format(border="#c0392b", background="#fdecea")
        else:
            self._banner.hide()
            return
        self._banner.setText(text)
        self._banner.setStyleSheet(style)
        self._banner.show()

    def _show_revision(self, row: int) -> None:
        if self.detail is None or not 0 <= row < len(self.detail.revisions):
            return
        revision = self.detail.revisions[row]
        form = self._form(revision)
        lang = self.ctx.lang
        parts = []
        if revision.withdraw_reason:
            parts.append(f"<p><b>{cell(self.tr('Alasan penarikan'))}:</b> {cell(revision.withdraw_reason)}</p>")
        if revision.rejected_reason:
            parts.append(f"<p><b>{cell(self.tr('Ditolak'))}:</b> {cell(revision.rejected_reason)}</p>")
        reviews = [r for r in self.detail.reviews if r.revision == revision.revision]
        for review in reviews:
            decision = self.tr("Terverifikasi") if review.decision == "verified" else self.tr("Perlu perbaikan")
            parts.append(f"<p><b>{cell(self.tr('Tanggapan provinsi'))} ({format_wit(review.reviewed_at)}): "
                         f"{cell(decision)}</b><br/>{cell(review.comment)}</p>")
        if row == 0:
            parts.append(f"<p><i>{cell(self.tr('Laporan pertama.'))}</i></p>")
        else:
            previous = self.detail.revisions[row - 1]
            changes = changed_fields(form, previous.data, revision.data, lang)
            if changes:
                parts.append(f"<p><b>{cell(self.tr('Yang berubah dari revisi sebelumnya'))}:</b></p>"
                             '<table border="1" cellspacing="0" cellpadding="3" width="100%">'
                             f"<tr><th>{cell(self.tr('Isian'))}</th><th>{cell(self.tr('Sebelumnya'))}</th>"
                             f"<th>{cell(self.tr('Menjadi'))}</th></tr>"
                             + "".join(f"<tr><td>{cell(label)}</td><td>{cell(old)}</td>"
                                       f'<td bgcolor="#e8f5e9">{cell(new)}</td></tr>'
                                       for label, old, new in changes)
                             + "</table>")
            else:
                parts.append(f"<p><i>{cell(self.tr('Isi sama dengan revisi sebelumnya.'))}</i></p>")
        parts.append('<br/><table border="1" cellspacing="0" cellpadding="4" width="100%">')
        parts.extend(field_rows(form.fields, revision.data, {a.sha256: a for a in revision.attachments}, lang))
        parts.append("</table>")
        self._body.setHtml("".join(parts))

    def body_text(self) -> str:
        """What the revision pane shows, as plain text."""
        return self._body.toPlainText()

    def banner_text(self) -> str:
        return self._banner.text() if self._banner.isVisibleTo(self) else ""

    # --- actions ------------------------------------------------------------------------------

    def open_draft(self) -> None:
        self._open_editor(amend=False)

    def amend(self) -> None:
        self._open_editor(amend=True)

    def _open_editor(self, *, amend: bool) -> QDialog:
        if (editor := open_editor_for(self.report_id)) is not None:
            editor.raise_()
            editor.activateWindow()
            return editor
        editor = ReportEditor(self.ctx, report_id=self.report_id, amend=amend, parent=self)
        editor.setWindowFlag(Qt.WindowType.Window)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.show()
        return editor

    def withdraw(self) -> None:
        dialog = WithdrawDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.withdraw_with_reason(dialog.text())

    def withdraw_with_reason(self, reason: str) -> None:
        store, report_id = self.ctx.store, self.report_id

        def write() -> None:
            with store.session() as session:
                reports.withdraw_report(session=session, report_id=report_id, reason=reason)

        self.withdraw_button.setEnabled(False)
        run_task(write, on_success=lambda _: events().reports_changed.emit(),
                 on_failure=lambda error: self._failed(self.tr("Laporan tidak dapat ditarik."), error), owner=self)

    def save_pdf(self) -> None:
        assert self.detail is not None
        folders = gui_settings(self.ctx.store.data_dir)
        suggested = Path(folders.last_folder("papers")) / f"{self.detail.report.form_id}-{str(self.report_id)[:8]}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Simpan sebagai PDF"), str(suggested),
                                              self.tr("Dokumen PDF (*.pdf)"))
        if path:
            folders.set_last_folder("papers", str(Path(path).parent))
            self.write_pdf(Path(path))

    def write_pdf(self, path: Path) -> None:
        ctx, report_id = self.ctx, self.report_id
        self.pdf_button.setEnabled(False)

        def written(out: Path) -> None:
            self.pdf_button.setEnabled(True)
            self._note.setText(self.tr("PDF disimpan: %1").replace("%1", str(out)))

        def failed(error: BaseException) -> None:
            self.pdf_button.setEnabled(True)
            self._failed(self.tr("PDF tidak dapat disimpan."), error)

        run_task(lambda: print_report_pdf(ctx, report_id, path), on_success=written, on_failure=failed,
                 owner=self)

    def _failed(self, headline: str, error: BaseException) -> None:
        self.reload()
        show_failure(self, headline, error)
