"""The report editor: choose a form, fill it in, autosave the draft, submit or amend."""

from __future__ import annotations

import functools
import html
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.events import events
from desktop.fields.base import FieldEnv
from desktop.form_widget import FormWidget
from desktop.photos import PhotoError, PhotoOptions, prepare_for_sending
from desktop.screen_fit import fit_on_screen
from desktop.settings import gui_settings
from desktop.tasks import run_task, wait_for_tasks
from sync.forms import WIT, FormDef, apply_defaults
from sync.forms.display import format_wit
from sync.store import attachments as store_attachments
from sync.store import reports, settings
from sync.store.errors import StoreError, ValidationFailed
from sync.store.filecrypt import FileDamaged
from sync.store.schemas import AttachmentInfo, ReportDetail, ReviewPublic

log = logging.getLogger(__name__)



@dataclass(frozen=True, slots=True)
class _Loaded:
    form: FormDef
    data: dict[str, Any]
    attachments: list[AttachmentInfo]
    photo_options: PhotoOptions
    editable: bool = True  # False for a frozen revision opened without `amend`
    submitted_data: dict[str, Any] | None = None  # amending: the values being amended
    answers: ReviewPublic | None = None  # amending: the province's latest review, which this answers


def show_failure(parent: QWidget, headline: str, error: BaseException, *, explanation: str | None = None) -> None:
    """A dialog for what the clerk started: one line in Indonesian, the details below (and the log).
    `explanation` (Indonesian) replaces the error's own words under the headline."""
    log.error("%s", headline, exc_info=error)
    box = QMessageBox(QMessageBox.Icon.Warning, "Pantau", headline, QMessageBox.StandardButton.Ok, parent)
    if explanation is None:
        explanation = error.message_id if isinstance(error, StoreError) else str(error)
    box.setInformativeText(explanation)
    box.setDetailedText(f"{type(error).__name__}: {error}")
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()


class _EditorAttachments:
    """The attachments host of one editor: files go into the store against its draft."""

    def __init__(self, editor: ReportEditor) -> None:
        self._editor = editor
        self._infos: dict[str, AttachmentInfo] = {}

    def remember(self, infos: list[AttachmentInfo]) -> None:
        self._infos.update((info.sha256, info) for info in infos)

    def info(self, sha256: str) -> AttachmentInfo | None:
        return self._infos.get(sha256)

    def file_data(self, sha256: str) -> bytes | None:
        """The stored file's plaintext (blocking: call it off the GUI thread); None when it is not stored."""
        try:
            return store_attachments.read_attachment(self._editor.ctx.store, sha256)
        except (OSError, FileDamaged):
            return None

    @property
    def folder(self) -> str:
        return gui_settings(self._editor.ctx.store.data_dir).last_folder("photos")

    @folder.setter
    def folder(self, value: str) -> None:
        gui_settings(self._editor.ctx.store.data_dir).set_last_folder("photos", value)

    def remove_files(self, hashes: list[str]) -> None:
        """Unlink files from the draft, so they do not travel with it (the stored copy stays)."""
        store, report_id = self._editor.ctx.store, self._editor.report_id
        if report_id is None:
            return

        def unlink() -> None:
            for sha in hashes:
                with store.session() as session:
                    store_attachments.remove_attachment(session=session, report_id=report_id, sha256=sha)

        run_task(unlink, on_failure=lambda error: log.warning("could not unlink %s", hashes, exc_info=error))

    def add_files(self, paths: list[str], done: Callable[[list[AttachmentInfo]], None]) -> None:
        """Store each file (photos reduced first) against the draft; one bad file spoils no other."""
        store = self._editor.ctx.store
        options = self._editor.photo_options

        def store_files(report_id: UUID) -> tuple[list[AttachmentInfo], list[tuple[str, BaseException]]]:
            infos, failures = [], []
            with tempfile.TemporaryDirectory(prefix="pantau-photo-", ignore_cleanup_errors=True) as work:
                for path in map(Path, paths):
                    try:
                        prepared = prepare_for_sending(path, work_dir=Path(work),
                                                       keep_original=functools.partial(
                                                           store_attachments.keep_original, store),
                                                       options=options)
                        with store.session() as session:
                            infos.append(store_attachments.add_attachment(
                                store=store, session=session, report_id=report_id, source=prepared.path,
                                filename=prepared.filename, mime=prepared.mime))
                    except (OSError, PhotoError, StoreError) as error:
                        failures.append((path.name, error))
            return infos, failures

        def stored(result: tuple[list[AttachmentInfo], list[tuple[str, BaseException]]]) -> None:
            infos, failures = result
            self.remember(infos)
            done(infos)
            if failures:
                names = ", ".join(name for name, _ in failures)
                self._editor.show_failure(
                    QCoreApplication.translate("ReportEditor", "Berkas ini tidak dapat dilampirkan: %1").replace("%1", names),
                    failures[0][1])

        def failed(error: BaseException) -> None:
            done([])
            self._editor.show_failure(QCoreApplication.translate("ReportEditor", "Lampiran tidak dapat disimpan."), error)

        self._editor.with_draft(lambda report_id: run_task(lambda: store_files(report_id), on_success=stored,
                                                           on_failure=failed, owner=self._editor))


_editing: dict[UUID, ReportEditor] = {}  # report id → its open editor: one report, one window


def open_editor_for(report_id: UUID) -> ReportEditor | None:
    """The editor already open on this report, if any: a draft is never edited in two windows."""
    return _editing.get(report_id)


class ReportEditor(QDialog):
    """Create a report (`form_id`, or a chooser), edit a draft (`report_id`) or amend (`amend=True`)."""

    saved = Signal(object)  # UUID of the draft just written
    submitted = Signal(object)  # UUID of the report just submitted or amended

    AUTOSAVE_MS = 3000  # after the last keystroke: a crash loses at most these few seconds

    def __init__(self, ctx: AppContext, *, form_id: str | None = None, report_id: UUID | None = None,
                 amend: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report_id = report_id
        self.amend = amend
        self.form_widget: FormWidget | None = None
        self.photo_options = PhotoOptions()
        self._attachments = _EditorAttachments(self)
        self._saved_data: dict[str, Any] | None = None
        self._saving = False
        self._after_save: list[Callable[[UUID], None]] = []
        self._closing = False
        self._submitting = False
        self._amend_base: dict[str, Any] | None = None
        self.setWindowTitle(self.tr("Laporan baru") if report_id is None else self.tr("Laporan"))
        self._build()
        fit_on_screen(self, 860, 760)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(self.AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        QCoreApplication.instance().aboutToQuit.connect(self.flush)
        self.finished.connect(self._forget)
        if report_id is not None:
            _editing[report_id] = self
            self._load_existing(report_id)
        elif form_id is not None:
            self._load_form(form_id)
        else:
            self._chooser_row.show()
            self._form_combo.setFocus()

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        self._title = QLabel(self)
        self._title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self._subtitle = QLabel(self)
        self._subtitle.setStyleSheet("color: #555;")
        self._subtitle.setWordWrap(True)
        self._chooser_row = QWidget(self)
        self._form_combo = QComboBox(self._chooser_row)
        for form in sorted(self.ctx.forms.forms(), key=lambda f: f.title(self.ctx.lang)):
            self._form_combo.addItem(form.title(self.ctx.lang), form.id)
        start = QPushButton(self.tr("Mulai isi"), self._chooser_row)
        start.setAutoDefault(False)
        start.clicked.connect(lambda: self._load_form(self._form_combo.currentData()))
        chooser = QHBoxLayout(self._chooser_row)
        chooser.setContentsMargins(0, 0, 0, 0)
        chooser.addWidget(QLabel(self.tr("Jenis laporan:"), self._chooser_row))
        chooser.addWidget(self._form_combo, 1)
        chooser.addWidget(start)
        self._chooser_row.hide()
        self._review = QLabel(self)
        self._review.setObjectName("review_comment")
        self._review.setWordWrap(True)
        self._review.setTextFormat(Qt.TextFormat.RichText)
        self._review.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._review.setStyleSheet("background: #fff8e1; border: 1px solid #f0c36d; padding: 6px;")
        self._review.hide()
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._status = QLabel(self)
        self._status.setWordWrap(True)
        self._save_button = QPushButton(self.tr("Simpan draf"), self)
        self._save_button.setToolTip(self.tr("Simpan draf (Ctrl+S). Draf juga tersimpan otomatis."))
        self._submit_button = QPushButton(self.tr("Kirim"), self)
        self._submit_button.setToolTip(self.tr("Periksa dan kirim ke provinsi (Ctrl+Enter)"))
        close = QPushButton(self.tr("Tutup"), self)
        for button in (self._save_button, self._submit_button, close):
            button.setAutoDefault(False)  # Enter in a field must not press a button
            button.setEnabled(button is close)
        self._save_button.clicked.connect(self.save_draft)
        self._submit_button.clicked.connect(self.submit)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self._status, 1)
        buttons.addWidget(self._save_button)
        buttons.addWidget(self._submit_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._subtitle)
        layout.addWidget(self._chooser_row)
        layout.addWidget(self._review)
        layout.addWidget(self._scroll, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_draft)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)

    # --- loading ------------------------------------------------------------------------------

    def _read_photo_options(self) -> PhotoOptions:
        with self.ctx.store.session() as session:
            return PhotoOptions(settings.get_photo_max_side(session=session),
                                settings.get_photo_quality(session=session))

    def _load_form(self, form_id: str) -> None:
        form = self.ctx.forms.get(form_id)
        self._chooser_row.hide()
        run_task(lambda: _Loaded(form, apply_defaults(form, {}), [], self._read_photo_options()),
                 on_success=self._show_form, on_failure=self._load_failed, owner=self)

    def _load_existing(self, report_id: UUID) -> None:
        self._set_status(self.tr("Memuat laporan…"))
        amend = self.amend

        def load() -> _Loaded:
            with self.ctx.store.session() as session:
                if amend:  # opens draft revision n+1, or reopens the one left by a crash
                    reports.start_amendment(session=session, report_id=report_id)
                detail: ReportDetail = reports.get_report(session=session, report_id=report_id)
            latest = detail.revisions[-1]
            frozen = [r for r in detail.revisions if r.status != "draft"]
            form = self.ctx.forms.get(detail.report.form_id, latest.form_version)
            return _Loaded(form, dict(latest.data), list(latest.attachments), self._read_photo_options(),
                           editable=latest.status == "draft",
                           submitted_data=dict(frozen[-1].data) if amend and frozen else None,
                           answers=detail.reviews[-1] if amend and detail.reviews else None)

        run_task(load, on_success=self._show_form, on_failure=self._load_failed, owner=self)

    def _load_failed(self, error: BaseException) -> None:
        self.show_failure(self.tr("Laporan tidak dapat dibuka."), error)
        self._set_status(self.tr("Laporan tidak dapat dibuka."), problem=True)

    def _show_form(self, loaded: _Loaded) -> None:
        self.photo_options = loaded.photo_options
        self._attachments.remember(loaded.attachments)
        self._amend_base = loaded.submitted_data
        env = FieldEnv(office=self.ctx.office, lang=self.ctx.lang, attachments=self._attachments,
                       read_only=not loaded.editable)
        self.form_widget = FormWidget(loaded.form, env)
        self.form_widget.set_value(loaded.data)
        self._saved_data = self.form_widget.value()  # a new, untouched form is not saved on close
        self.form_widget.changed.connect(self._edited)
        self._scroll.setWidget(self.form_widget)
        self._title.setText(loaded.form.title(self.ctx.lang))
        if self.amend:
            self._subtitle.setText(self.tr("Perubahan atas laporan yang sudah dikirim; "
                                           "disimpan sebagai revisi baru."))
            self._show_review(loaded.answers)
            self._submit_button.setText(self.tr("Kirim perubahan"))
        else:
            self._subtitle.setText(loaded.form.description(self.ctx.lang))
        self.setWindowTitle(f"{loaded.form.title(self.ctx.lang)} — Pantau")
        self._save_button.setEnabled(loaded.editable)
        self._submit_button.setEnabled(loaded.editable)
        if loaded.editable:
            self._set_status(self.tr("Kolom bertanda * wajib diisi."))
        else:
            self._set_status(self.tr("Laporan ini sudah dikirim dan tidak dapat diubah di sini; "
                                         "pakai Ubah pada rincian laporan untuk membuat perubahan."))
        widgets = self.form_widget.focus_widgets()
        if widgets:
            widgets[0].setFocus()

    def _show_review(self, review: ReviewPublic | None) -> None:
        """Above the form, the province's comment this amendment answers."""
        if review is None or not review.comment.strip():
            return
        heading = (self.tr("Provinsi meminta perbaikan") if review.decision == "needs_revision"
                   else self.tr("Tanggapan provinsi"))
        self._review.setText(f"<b>{html.escape(heading)}</b> ({format_wit(review.reviewed_at)}):<br>"
                             f"{html.escape(review.comment).replace(chr(10), '<br>')}")
        self._review.show()

    def review_text(self) -> str:
        """The province's comment shown above the form ("" when none)."""
        return "" if self._review.isHidden() else self._review.text()

    # --- saving -------------------------------------------------------------------------------

    def _edited(self) -> None:
        self._autosave.start()  # restarts: saves AUTOSAVE_MS after the last edit
        self._set_status(self.tr("Belum tersimpan…"))

    def _set_status(self, text: str, *, problem: bool = False) -> None:
        self._status.setText(text)
        self._status.setStyleSheet("color: #c0392b; font-weight: bold;" if problem else "")

    def status_message(self) -> str:
        """What the line beside the buttons says (saved, errors, …)."""
        return self._status.text()

    def is_dirty(self) -> bool:
        return self.form_widget is not None and self.form_widget.value() != self._saved_data

    def save_draft(self) -> None:
        """Write the draft (off the GUI thread); one write at a time, the newest data wins."""
        self._autosave.stop()
        if self.form_widget is None or self._submitting:
            return
        if self._saving:
            self._after_save.append(lambda _id: self.save_draft())
            return
        if not self.is_dirty():
            self._run_after_save()
            return
        data = self.form_widget.value()
        self._saving = True
        run_task(self._writer(data), on_success=lambda rid: self._saved(rid, data), on_failure=self._save_failed,
                 owner=self)

    def _writer(self, data: dict[str, Any]) -> Callable[[], UUID]:
        """The write of `data`: a new report's draft, an existing draft, or an amendment's draft."""
        assert self.form_widget is not None
        store, form_id, report_id = self.ctx.store, self.form_widget.form.id, self.report_id

        def write() -> UUID:
            with store.session() as session:
                if report_id is None:
                    return reports.create_draft(session=session, form_id=form_id, data=data).id
                return reports.save_draft(session=session, report_id=report_id, data=data).id

        return write

    def flush(self) -> None:
        """When the program quits: write what is not saved yet, at once (the wait no longer matters)."""
        if self.form_widget is None or self._submitting:
            return
        self._autosave.stop()
        wait_for_tasks()  # a write in flight ends first…
        QCoreApplication.processEvents()  # …and its answer (the new report's id) is taken in
        if self.is_dirty() and not self._saving:
            data = self.form_widget.value()
            self.report_id = self._writer(data)()
            self._saved_data = data

    def _saved(self, report_id: UUID, data: dict[str, Any]) -> None:
        self._saving = False
        self.report_id = report_id
        _editing.setdefault(report_id, self)
        self._saved_data = data
        self._set_status(self.tr("Draf tersimpan pukul %1").replace("%1", datetime.now(WIT).strftime("%H:%M:%S WIT")))
        self.saved.emit(report_id)
        events().reports_changed.emit()
        if self.is_dirty() and not self._after_save:
            self._autosave.start()
        self._run_after_save()

    def _run_after_save(self) -> None:
        pending, self._after_save = self._after_save, []
        for callback in pending:
            callback(self.report_id)
        if self._closing and not self._saving and not self.is_dirty():
            self._closing = False
            self.done(QDialog.DialogCode.Rejected)

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self._after_save = []
        self._closing = False
        self._set_status(self.tr("Draf GAGAL disimpan. Jangan tutup jendela ini; coba Simpan lagi."), problem=True)
        self.show_failure(self.tr("Draf tidak dapat disimpan."), error)

    def with_draft(self, then: Callable[[UUID], None]) -> None:
        """Call `then(report_id)` once the draft exists in the store (saving it first if needed)."""
        if self.report_id is not None and not self._saving:
            then(self.report_id)
            return
        self._after_save.append(then)
        if not self._saving:
            self._saved_data = None  # force the first write even of an empty form
            self.save_draft()

    # --- submitting ---------------------------------------------------------------------------

    def submit(self) -> None:
        """Validate everything; on errors show them and go to the first; else submit or amend."""
        if self.form_widget is None or self._submitting or self._saving:
            if self._saving:
                self._after_save.append(lambda _id: self.submit())
            return
        errors = self.form_widget.check(show_all=True)
        if errors:
            self._show_invalid(len(errors))
            return
        self._autosave.stop()
        self._submitting = True
        self._submit_button.setEnabled(False)
        self._set_status(self.tr("Mengirim ke antrean…"))
        data = self.form_widget.value()
        store, form_id, report_id, amend = self.ctx.store, self.form_widget.form.id, self.report_id, self.amend

        def write() -> UUID:
            with store.session() as session:
                if amend:
                    assert report_id is not None
                    return reports.amend_report(session=session, report_id=report_id, data=data).id
                if report_id is None:
                    return reports.create_draft(session=session, form_id=form_id, data=data, submit=True).id
                reports.save_draft(session=session, report_id=report_id, data=data)
                return reports.submit_report(session=session, report_id=report_id).id

        run_task(write, on_success=lambda rid: self._submitted(rid, data), on_failure=self._submit_failed,
                 owner=self)

    def _show_invalid(self, count: int) -> None:
        assert self.form_widget is not None
        path = self.form_widget.focus_first_error()
        self._set_status(self.tr("%n isian perlu diperbaiki sebelum dikirim.", "", count), problem=True)
        if path:
            focused = self.focusWidget()
            if focused is not None:
                self._scroll.ensureWidgetVisible(focused)

    def _submitted(self, report_id: UUID, data: dict[str, Any]) -> None:
        self._submitting = False
        self.report_id = report_id
        self._saved_data = data
        self.submitted.emit(report_id)
        events().reports_changed.emit()
        super().done(QDialog.DialogCode.Accepted)

    def _submit_failed(self, error: BaseException) -> None:
        self._submitting = False
        self._submit_button.setEnabled(True)
        if isinstance(error, ValidationFailed) and self.form_widget is not None:
            self.form_widget.show_store_errors(error.errors)
            self._show_invalid(len(error.errors))
            return
        self._set_status(self.tr("Laporan belum terkirim ke antrean."), problem=True)
        self.show_failure(self.tr("Laporan tidak dapat dikirim."), error)

    # --- closing ------------------------------------------------------------------------------

    def _forget(self) -> None:
        if self.report_id is not None and _editing.get(self.report_id) is self:
            del _editing[self.report_id]

    def done(self, result: int) -> None:
        """Closing (button, Esc, window ✕) first saves what is not yet saved, then closes."""
        if self._submitting:
            return  # closes when the submission has answered
        if self._saving or self.is_dirty():
            self._closing = True
            self._set_status(self.tr("Menyimpan sebelum menutup…"))
            self.save_draft()
            return
        if self._amend_base is not None and self.form_widget is not None \
                and self.form_widget.value() == self._amend_base:
            self._discard_amendment(result)
            return
        super().done(result)

    def _discard_amendment(self, result: int) -> None:
        """An amendment opened and closed without a change is dropped, not left half-open."""
        store, report_id = self.ctx.store, self.report_id
        self._amend_base = None

        def discard() -> None:
            with store.session() as session:
                reports.delete_draft(session=session, report_id=report_id)

        def closed(_: object = None) -> None:
            events().reports_changed.emit()
            super(ReportEditor, self).done(result)

        def not_discarded(error: BaseException) -> None:
            log.error("could not discard the empty amendment of %s", report_id, exc_info=error)
            closed()

        run_task(discard, on_success=closed, on_failure=not_discarded, owner=self)

    def show_failure(self, headline: str, error: BaseException) -> None:
        show_failure(self, headline, error)
