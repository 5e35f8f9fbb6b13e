"""The report detail: revisions and what changed, the province's comments, withdraw, amend, PDF."""

from __future__ import annotations

from datetime import UTC, datetime

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.report_detail import ReportDetailDialog, WithdrawDialog
from desktop.report_editor import ReportEditor
from desktop.tasks import wait_for_tasks
from sync.store import reports
from sync.store.outbox import apply_review, mark_delivered
from sync.store.schemas import ReportState
from tests.support.qt import EARLY_WARNING, pdf_pages, shown, submitted_report


def _open(qtbot, ctx, report_id) -> ReportDetailDialog:
    dialog = ReportDetailDialog(ctx, report_id)
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10_000)
    return dialog


def _state(ctx, report_id) -> ReportState:
    with ctx.store.session() as session:
        return reports.get_report(session=session, report_id=report_id).report.state


def test_revisions_show_what_changed(qtbot, ctx):
    report = submitted_report(ctx)
    with ctx.store.session() as session:
        reports.amend_report(session=session, report_id=report.id,
                             data=dict(EARLY_WARNING, tingkat="siaga", kronologi="Situasi mereda."))
    dialog = _open(qtbot, ctx, report.id)
    assert dialog._revisions.count() == 2
    assert dialog._revisions.currentRow() == 1  # the newest first on screen
    text = dialog.body_text()
    assert "Yang berubah dari revisi sebelumnya" in text
    assert "Awas" in text and "Siaga" in text and "Situasi mereda." in text
    dialog._revisions.setCurrentRow(0)
    assert "Laporan pertama." in dialog.body_text()


def test_needs_revision_shows_the_comment_and_offers_amend(qtbot, ctx):
    report = submitted_report(ctx)
    with ctx.store.session() as session:
        mark_delivered(session=session, report_id=report.id, revision=1, server_time=datetime.now(UTC))
        apply_review(session=session, report_id=report.id, revision=1, decision="needs_revision",
                     comment="Lengkapi jumlah massa dan pihak yang terlibat.", reviewed_at=datetime.now(UTC))
    dialog = _open(qtbot, ctx, report.id)
    assert "Provinsi meminta perbaikan" in dialog.banner_text()
    assert "Lengkapi jumlah massa" in dialog.banner_text()
    assert "Lengkapi jumlah massa" in dialog.body_text()  # the review, under its revision
    assert dialog.amend_button.isEnabled()
    qtbot.mouseClick(dialog.amend_button, Qt.MouseButton.LeftButton)
    editor = dialog.findChild(ReportEditor)
    assert editor is not None and editor.amend
    qtbot.waitUntil(lambda: editor.form_widget is not None)
    assert editor.form_widget.value()["kronologi"] == EARLY_WARNING["kronologi"]


def test_withdraw_asks_for_a_reason(qtbot, ctx):
    report = submitted_report(ctx)
    dialog = _open(qtbot, ctx, report.id)
    seen = {}

    def answer() -> None:
        ask = QApplication.activeModalWidget()
        assert isinstance(ask, WithdrawDialog)
        seen["enabled_when_empty"] = ask.confirm.isEnabled()
        qtbot.keyClicks(ask.reason, "Laporan ganda, sudah dikirim dengan nomor lain.")
        qtbot.mouseClick(ask.confirm, Qt.MouseButton.LeftButton)

    QTimer.singleShot(100, answer)
    qtbot.mouseClick(dialog.withdraw_button, Qt.MouseButton.LeftButton)
    assert seen == {"enabled_when_empty": False}
    qtbot.waitUntil(lambda: dialog._revisions.count() == 2, timeout=10_000)
    assert _state(ctx, report.id) in (ReportState.QUEUED, ReportState.WITHDRAWN)
    assert "Laporan ganda" in dialog.body_text()
    assert not dialog.withdraw_button.isEnabled() and not dialog.amend_button.isEnabled()


def test_withdraw_cancelled_changes_nothing(qtbot, ctx):
    report = submitted_report(ctx)
    dialog = _open(qtbot, ctx, report.id)
    QTimer.singleShot(100, lambda: QApplication.activeModalWidget().reject())
    qtbot.mouseClick(dialog.withdraw_button, Qt.MouseButton.LeftButton)
    with ctx.store.session() as session:
        assert len(reports.get_report(session=session, report_id=report.id).revisions) == 1


def test_save_pdf_from_the_detail(qtbot, ctx, tmp_path):
    report = submitted_report(ctx)
    dialog = _open(qtbot, ctx, report.id)
    out = tmp_path / "laporan.pdf"
    dialog.write_pdf(out)
    qtbot.waitUntil(lambda: dialog.pdf_button.isEnabled() and out.exists(), timeout=10_000)
    assert "LAPORAN DETEKSI DINI" in pdf_pages(out)[0]


def test_a_draft_offers_to_continue_editing(qtbot, ctx):
    with ctx.store.session() as session:
        draft = reports.create_draft(session=session, form_id="deteksi_dini", data={"kronologi": "Awal"})
    dialog = _open(qtbot, ctx, draft.id)
    assert dialog.edit_button.isEnabled()
    assert not dialog.amend_button.isEnabled() and not dialog.withdraw_button.isEnabled()


def test_an_empty_value_becoming_another_empty_value_is_no_change(ctx):
    from desktop.report_detail import changed_fields

    form = ctx.forms.get("deteksi_dini")
    assert changed_fields(form, {"instansi_dilibatkan": None}, {"instansi_dilibatkan": []}, "id") == []
    assert changed_fields(form, {"tingkat": "awas"}, {"tingkat": "siaga"}, "id") == [
        ("Tingkat kewaspadaan", "Awas", "Siaga")]


def test_closing_before_the_report_has_loaded_is_harmless(qtbot, ctx):
    report = submitted_report(ctx)
    dialog = ReportDetailDialog(ctx, report.id)  # starts loading the report in the background
    shiboken6.delete(dialog)  # the main window's WA_DeleteOnClose, before the answer is back
    wait_for_tasks()
    qtbot.wait(50)  # the answer arrives for a deleted window and is dropped, not an exception
