"""A report whose change met a conflict reads as such in the list, with its new revision number."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.report_table_model import REPORT_ROLE, Column, ReportTableModel
from sync.store.outbox import resolve_conflict
from sync.store.reports import amend_report
from sync.store.schemas import ReportState
from tests.desktop.conftest import wait_loaded
from tests.desktop.sample_reports import add_reports, deliver


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
