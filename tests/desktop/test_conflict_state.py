"""A report whose change met a conflict reads as such in the list and its window, with both numbers."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from desktop.report_detail import ReportDetailDialog
from desktop.report_table_model import REPORT_ROLE, Column, ReportTableModel
from sync.store.outbox import mark_delivered, resolve_conflict
from sync.store.reports import amend_report
from sync.store.schemas import ReportState
from tests.support.qt import EARLY_WARNING, shown, submitted_report, wait_loaded
from tests.support.reports import add_reports, deliver


def test_a_conflict_reads_bentrok_with_the_new_revision(qtbot, ctx, store):
    report = add_reports(store, 1)[0]
    deliver(store, report)
    with store.session() as session:
        amend_report(session=session, report_id=report.id, data=report.data)
        resolve_conflict(session=session, report_id=report.id, revision=2, server_latest=2)
    model = ReportTableModel(ctx)
    model.reload()
    wait_loaded(qtbot, model)
    assert model.index(0, 0).data(REPORT_ROLE).state is ReportState.CONFLICT
    state = model.index(0, Column.STATE)
    assert state.data() == "Bentrok — dikirim ulang sebagai revisi 3"
    assert "revisi 3" in state.data(Qt.ItemDataRole.ToolTipRole)
    assert not state.data(Qt.ItemDataRole.DecorationRole).isNull()


def test_the_report_window_tells_the_conflict_and_the_old_number(qtbot, ctx):
    report = submitted_report(ctx)
    with ctx.store.session() as session:
        mark_delivered(session=session, report_id=report.id, revision=1, server_time=datetime.now(UTC))
        amend_report(session=session, report_id=report.id, data=dict(EARLY_WARNING, tingkat="awas"))
        resolve_conflict(session=session, report_id=report.id, revision=2, server_latest=2)
    dialog = ReportDetailDialog(ctx, report.id)
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10_000)
    assert dialog._state.text() == "Bentrok — dikirim ulang sebagai revisi 3"
    caption = dialog._revisions.item(1).text()
    assert caption.startswith("Revisi 3 — dikirim") and "semula revisi 2" in caption
