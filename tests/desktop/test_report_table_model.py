"""The report list model: paging, SQL sort and filter, state words and icons, urgent rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from desktop.report_table_model import PAGE_SIZE, REPORT_ROLE, Column, ReportTableModel
from sync.store.reports import create_draft
from sync.store.schemas import ReportQuery, ReportState
from tests.support.qt import wait_loaded
from tests.support.reports import add_reports, reject, review
from tests.support.reports import numbered_education as education


def _model(qtbot, ctx) -> ReportTableModel:
    model = ReportTableModel(ctx)
    model.reload()
    wait_loaded(qtbot, model)
    return model


def _row_loaded(qtbot, model, row: int):
    model.report_at(row)
    qtbot.waitUntil(lambda: model.report_at(row) is not None, timeout=5000)
    return model.report_at(row)


def test_passes_qtmodeltester(qtbot, qtmodeltester, ctx, store):
    add_reports(store, 30)
    model = _model(qtbot, ctx)
    qtmodeltester.check(model)
    assert model.rowCount() == 30


def test_empty_store_passes_qtmodeltester(qtbot, qtmodeltester, ctx):
    model = _model(qtbot, ctx)
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_pages_in_lazily_to_the_last_row(qtbot, ctx, store):
    add_reports(store, 2 * PAGE_SIZE + 37)
    model = _model(qtbot, ctx)
    assert model.rowCount() == 2 * PAGE_SIZE + 37
    last = model.rowCount() - 1
    assert model.index(last, Column.TITLE).data() == "Memuat…"  # not fetched yet
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        model.index(last, Column.TITLE).data()
    assert model.index(last, Column.TITLE).data(REPORT_ROLE) is not None
    # Every row is one distinct report, whatever page it came from.
    ids = {_row_loaded(qtbot, model, row).id for row in range(0, model.rowCount(), 7)}
    assert len(ids) == len(range(0, model.rowCount(), 7))


def test_sort_by_date_both_ways_in_sql(qtbot, ctx, store):
    add_reports(store, 40)
    model = _model(qtbot, ctx)
    model.sort(Column.DATE, Qt.SortOrder.AscendingOrder)
    wait_loaded(qtbot, model)
    dates = [model.index(r, 0).data(REPORT_ROLE).report_date for r in range(model.rowCount())]
    assert dates == sorted(dates)
    model.sort(Column.DATE, Qt.SortOrder.DescendingOrder)
    wait_loaded(qtbot, model)
    dates = [model.index(r, 0).data(REPORT_ROLE).report_date for r in range(model.rowCount())]
    assert dates == sorted(dates, reverse=True)
    assert model.query().sort == "report_date" and model.query().descending


def test_sort_by_form_follows_the_title_shown_not_the_id(qtbot, ctx, store):
    add_reports(store, 20)
    model = _model(qtbot, ctx)
    model.set_filter(ReportQuery(kecamatan=None))  # a filter change keeps the title order
    wait_loaded(qtbot, model)
    model.sort(Column.FORM, Qt.SortOrder.AscendingOrder)
    wait_loaded(qtbot, model)
    shown = [model.index(r, Column.FORM).data() for r in range(model.rowCount())]
    # "Kegiatan Pendidikan Politik" (pendidikan_politik) before "Laporan Deteksi Dini" (deteksi_dini)
    assert shown == ["Kegiatan Pendidikan Politik"] * 10 + ["Laporan Deteksi Dini"] * 10
    model.sort(Column.FORM, Qt.SortOrder.DescendingOrder)
    wait_loaded(qtbot, model)
    assert model.index(0, Column.FORM).data() == "Laporan Deteksi Dini"


def test_filter_by_form_state_kecamatan_and_dates(qtbot, ctx, store):
    reports = add_reports(store, 40)
    model = _model(qtbot, ctx)
    model.set_filter(ReportQuery(form_id="pendidikan_politik"))
    wait_loaded(qtbot, model)
    assert model.rowCount() == 20
    assert {model.index(r, 0).data(REPORT_ROLE).form_id for r in range(20)} == {"pendidikan_politik"}

    warning = next(r for r in reports if r.form_id == "deteksi_dini")
    model.set_filter(ReportQuery(kecamatan=warning.kecamatan))
    wait_loaded(qtbot, model)
    assert 0 < model.rowCount() < 40
    assert all(model.index(r, 0).data(REPORT_ROLE).kecamatan == warning.kecamatan
               for r in range(model.rowCount()))

    review(store, reports[0], "needs_revision", "Lengkapi kronologi.")
    model.set_filter(ReportQuery(states=(ReportState.NEEDS_REVISION,)))
    wait_loaded(qtbot, model)
    assert model.rowCount() == 1

    model.set_filter(ReportQuery(date_from=date(2024, 1, 1), date_to=date(2024, 1, 3)))
    wait_loaded(qtbot, model)
    assert model.rowCount() > 0
    assert all(date(2024, 1, 1) <= model.index(r, 0).data(REPORT_ROLE).report_date <= date(2024, 1, 3)
               for r in range(model.rowCount()))


def test_full_text_search(qtbot, ctx, store):
    add_reports(store, 20)
    model = _model(qtbot, ctx)
    model.set_filter(ReportQuery(search="pelabuhan"))
    wait_loaded(qtbot, model)
    assert 0 < model.rowCount() < 20
    for row in range(model.rowCount()):
        assert "pelabuhan" in model.index(row, 0).data(REPORT_ROLE).data["kronologi"]


def test_states_in_indonesian_with_icons_and_reasons(qtbot, ctx, store):
    reports = add_reports(store, 4)
    with store.session() as session:
        create_draft(session=session, form_id="pendidikan_politik", data=education(99))
    review(store, reports[0], "verified", "")
    review(store, reports[1], "needs_revision", "Jumlah peserta belum sesuai daftar hadir.")
    reject(store, reports[2], "Formulir versi lama tidak diterima.")
    model = _model(qtbot, ctx)
    shown = {}
    for row in range(model.rowCount()):
        report = model.index(row, 0).data(REPORT_ROLE)
        index = model.index(row, Column.STATE)
        shown[report.state] = (index.data(), index.data(Qt.ItemDataRole.ToolTipRole))
        assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert shown[ReportState.DRAFT][0] == "Draf"
    assert shown[ReportState.QUEUED][0] == "Menunggu dikirim"
    assert shown[ReportState.VERIFIED][0] == "Terverifikasi"
    assert shown[ReportState.NEEDS_REVISION] == ("Perlu perbaikan",
                                                 "Catatan provinsi: Jumlah peserta belum sesuai daftar hadir.")
    assert shown[ReportState.REJECTED] == ("Ditolak", "Ditolak server: Formulir versi lama tidak diterima.")
    queued = next(r for r in range(model.rowCount())
                  if model.index(r, 0).data(REPORT_ROLE).state is ReportState.QUEUED)
    model.set_sending(frozenset({model.index(queued, 0).data(REPORT_ROLE).id}))
    assert model.index(queued, Column.STATE).data() == "Sedang dikirim"


def test_urgent_warnings_stand_out_and_columns_read_well(qtbot, ctx, store):
    add_reports(store, 8)
    model = _model(qtbot, ctx)
    urgent_rows = [r for r in range(model.rowCount()) if model.index(r, 0).data(REPORT_ROLE).urgent]
    calm_rows = [r for r in range(model.rowCount()) if not model.index(r, 0).data(REPORT_ROLE).urgent]
    assert urgent_rows and calm_rows
    for row in urgent_rows:
        font = model.index(row, Column.TITLE).data(Qt.ItemDataRole.FontRole)
        assert isinstance(font, QFont) and font.bold()
        assert model.index(row, Column.ALERT).data() in {"Siaga", "Awas"}
        assert not model.index(row, Column.ALERT).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.index(calm_rows[0], Column.TITLE).data(Qt.ItemDataRole.FontRole) is None
    report = model.index(urgent_rows[0], 0).data(REPORT_ROLE)
    assert model.index(urgent_rows[0], Column.DATE).data() == report.report_date.strftime("%d/%m/%Y")
    assert model.index(urgent_rows[0], Column.FORM).data() == "Laporan Deteksi Dini"
    assert model.index(urgent_rows[0], Column.KECAMATAN).data()  # a name, not a code
    assert "." not in model.index(urgent_rows[0], Column.KECAMATAN).data()


def test_refresh_keeps_rows_and_shows_changes(qtbot, ctx, store):
    reports = add_reports(store, 10)
    model = _model(qtbot, ctx)
    review(store, reports[3], "verified", "")
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.refresh()
    states = {model.index(r, 0).data(REPORT_ROLE).state for r in range(model.rowCount())}
    assert ReportState.VERIFIED in states
    add_reports(store, 2)
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.refresh()
    assert model.rowCount() == 12


def test_bad_search_reports_failure_not_crash(qtbot, ctx, store):
    add_reports(store, 4)
    model = _model(qtbot, ctx)
    failures: list[BaseException] = []
    model.load_failed.connect(failures.append)
    model.set_filter(replace(model.query(), search='"unbalanced AND ( OR'))
    wait_loaded(qtbot, model)  # an answer (the store quotes the words) or load_failed; never stuck
    assert model.rowCount() == 0 or failures
    model.set_filter(replace(model.query(), search=None))
    wait_loaded(qtbot, model)
    assert model.rowCount() == 4
