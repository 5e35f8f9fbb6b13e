"""The main window as a clerk uses it: list, filters, search, sort, quick filter, status, actions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop.main_window import FormChooser
from desktop.report_table_model import REPORT_ROLE, Column
from sync.store.reports import create_draft
from sync.store.schemas import ReportQuery, ReportState
from tests.support.reports import add_reports, review
from tests.support.reports import numbered_education as education


def _reload(qtbot, window) -> None:
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.refresh()


def test_opens_with_office_title_and_lists_reports(qtbot, store, window):
    assert window.windowTitle() == "Pantau — Kabupaten Maluku Tengah"
    add_reports(store, 25)
    _reload(qtbot, window)
    assert window.model.rowCount() == 25
    assert window.count_label.text() == "25 laporan"
    headers = [window.model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers == ["Tanggal", "Formulir", "Judul / ringkasan", "Kecamatan", "Tingkat", "Status"]


def test_filter_widgets_filter_the_list(qtbot, store, window):
    add_reports(store, 30)
    _reload(qtbot, window)
    bar = window.filters
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        bar.form.setCurrentIndex(bar.form.findData("pendidikan_politik"))
    assert window.model.rowCount() == 15
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        bar.form.setCurrentIndex(0)
    assert window.model.rowCount() == 30
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        bar.kecamatan.setCurrentIndex(1)
    code = bar.kecamatan.currentData()
    assert all(window.model.index(r, 0).data(REPORT_ROLE).kecamatan == code
               for r in range(window.model.rowCount()))


def test_search_box_is_debounced_and_searches_full_text(qtbot, store, window):
    add_reports(store, 30)
    _reload(qtbot, window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000) as blocker:
        qtbot.keyClicks(window.filters.search, "pelabuhan")
    assert window.model.query().search == "pelabuhan"
    assert 0 < blocker.args[0] < 30
    assert window.count_label.text() == f"{blocker.args[0]} laporan"


def test_ctrl_f_focuses_search(qtbot, window):
    window.activateWindow()
    window.table.setFocus()
    window.search_action.trigger()
    qtbot.waitUntil(lambda: window.filters.search.hasFocus(), timeout=2000)
    assert window.search_action.shortcut().matches(Qt.Modifier.CTRL | Qt.Key.Key_F)
    assert window.new_action.shortcut().matches(Qt.Modifier.CTRL | Qt.Key.Key_N)


def test_sort_by_clicking_a_column(qtbot, store, window):
    add_reports(store, 20)
    _reload(qtbot, window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.table.sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder)
    titles = [window.model.index(r, Column.TITLE).data() for r in range(window.model.rowCount())]
    assert window.model.query().sort == "title" and not window.model.query().descending
    assert titles == sorted(titles, key=str.casefold) or titles == sorted(titles)


def test_needs_revision_quick_filter_with_count(qtbot, store, window):
    reports = add_reports(store, 10)
    review(store, reports[0], "needs_revision", "Lengkapi foto.")
    review(store, reports[1], "needs_revision", "Tanggal salah.")
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.refresh()
    qtbot.waitUntil(lambda: window.filters.needs_revision.text() == "Perlu perbaikan (2)", timeout=3000)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        qtbot.mouseClick(window.filters.needs_revision, Qt.MouseButton.LeftButton)
    assert window.model.rowCount() == 2
    assert window.filters.state.currentData() == ReportState.NEEDS_REVISION.value
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        qtbot.mouseClick(window.filters.needs_revision, Qt.MouseButton.LeftButton)
    assert window.model.rowCount() == 10


def test_status_bar_counts_what_waits(qtbot, store, window):
    add_reports(store, 8)  # levels cycle: 2 of the 4 warnings are siaga/awas
    window.refresh()
    qtbot.waitUntil(lambda: window.status.waiting.text() == "Menunggu dikirim: 8 (2 mendesak)", timeout=3000)
    assert window.status.last_sync.text() == "Belum pernah terkirim"
    qtbot.waitUntil(lambda: window.status.connection.text() == "Belum terdaftar di server provinsi", timeout=3000)


def test_changes_elsewhere_reload_the_list(qtbot, store, window):
    from desktop.events import events

    with store.session() as session:
        create_draft(session=session, form_id="pendidikan_politik", data=education(3))
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        events().reports_changed.emit()
    assert window.model.rowCount() == 1
    assert window.model.index(0, Column.STATE).data() == "Draf"


def test_ctrl_n_chooses_a_form_and_opens_the_editor(qtbot, window):

    def choose() -> None:
        chooser = QApplication.activeModalWidget()
        assert isinstance(chooser, FormChooser)
        chooser.list.setCurrentRow(next(i for i in range(chooser.list.count())
                                        if chooser.list.item(i).data(Qt.ItemDataRole.UserRole) == "deteksi_dini"))
        chooser.accept()

    QTimer.singleShot(100, choose)
    window.new_action.trigger()
    assert len(window._open_windows) == 1
    editor = window._open_windows[0]
    qtbot.waitUntil(lambda: editor.form_widget is not None, timeout=5000)
    assert editor.form_widget.form.id == "deteksi_dini"
    editor.close()


def test_form_chooser_lists_every_form(qtbot, ctx):
    chooser = FormChooser(ctx)
    qtbot.addWidget(chooser)
    titles = [chooser.list.item(i).text() for i in range(chooser.list.count())]
    assert "Laporan Deteksi Dini" in titles and len(titles) == len(ctx.forms.forms())
    assert chooser.form_id() is not None


def test_opening_a_row_opens_the_editor_for_a_draft_once(qtbot, store, window):
    with store.session() as session:
        create_draft(session=session, form_id="pendidikan_politik", data=education(1))
    _reload(qtbot, window)
    window.select_row(0)
    window.open_action.trigger()
    assert len(window._open_windows) == 1
    editor = window._open_windows[0]
    qtbot.waitUntil(lambda: editor.form_widget is not None, timeout=5000)
    window.open_action.trigger()  # the same draft again: the open window comes forward
    assert window._open_windows == [editor]
    editor.close()


def test_opening_a_submitted_report_opens_its_detail(qtbot, store, window):
    from desktop.report_detail import ReportDetailDialog

    (report,) = add_reports(store, 1)
    _reload(qtbot, window)
    window.select_row(0)
    window.open_action.trigger()
    assert len(window._open_windows) == 1
    detail = window._open_windows[0]
    assert isinstance(detail, ReportDetailDialog) and detail.report_id == report.id
    detail.close()


def test_background_failure_goes_to_status_bar_not_a_dialog(qtbot, window):
    from sync.client.errors import SyncUnavailable

    window._sync_failed(SyncUnavailable("connection refused"), False, False)
    assert "akan dicoba lagi" in window.status.currentMessage()
    assert QApplication.activeModalWidget() is None


def test_user_started_failure_shows_one_dialog(qtbot, window):
    from sync.client.errors import SyncUnavailable

    seen = []

    def close_dialog() -> None:
        box = QApplication.activeModalWidget()
        seen.append(box.text() if isinstance(box, QMessageBox) else None)
        box.done(0)

    QTimer.singleShot(100, close_dialog)
    window._sync_failed(SyncUnavailable("connection refused"), True, False)
    assert seen and "Laporan belum dapat dikirim" in seen[0]


def test_send_now_when_not_enrolled_says_how(qtbot, window):
    seen = []

    def close_dialog() -> None:
        box = QApplication.activeModalWidget()
        seen.append(box.text())
        box.done(QDialog.DialogCode.Accepted)

    qtbot.waitUntil(lambda: window.sync_worker.is_enrolled() is False, timeout=5000)
    QTimer.singleShot(100, close_dialog)
    window.send_now_action.trigger()
    assert seen and "belum terdaftar" in seen[0]


def test_double_click_opens_one_detail_window_and_escape_closes_it(qtbot, store, window):
    add_reports(store, 2)
    _reload(qtbot, window)
    rect = window.table.visualRect(window.model.index(0, Column.TITLE))
    for _ in range(2):  # a double click also "activates" the row: still one window
        qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    details = [w for w in window._open_windows if type(w).__name__ == "ReportDetailDialog"]
    assert len(details) == 1
    assert window.open_detail(details[0].report_id) is details[0]
    detail = details[0]
    qtbot.waitExposed(detail)
    detail.activateWindow()
    qtbot.waitUntil(detail.isActiveWindow, timeout=2000)
    qtbot.keyClick(detail, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not detail.isVisible(), timeout=2000)


def test_the_date_filter_calendar_opens_at_this_month(qtbot, window):
    from PySide6.QtCore import QDate, QLocale, QPoint

    edit = window.filters.date_from
    calendar = edit.calendarWidget()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 5, edit.height() // 2))  # the arrow
    qtbot.waitUntil(calendar.isVisible, timeout=2000)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    assert calendar.locale().language() == QLocale.Language.Indonesian  # "Februari", "Sen", …
    calendar.window().hide()
    assert window.filters.query().date_from is None  # opening it chose nothing


def test_a_review_arriving_is_announced_in_the_window(qtbot, store, window):
    reports = add_reports(store, 3)
    _reload(qtbot, window)
    qtbot.waitUntil(lambda: window._reviews_seen == 0, timeout=5000)  # first read: nothing to announce
    assert window.review_notice.isHidden()
    review(store, reports[0], "needs_revision", "Lengkapi foto.")
    window.refresh_status()  # what a finished sync pass leads to
    qtbot.waitUntil(window.review_notice.isVisible, timeout=5000)
    assert window.review_notice.label.text() == f"Provinsi meminta perbaikan: {reports[0].title}"
    qtbot.mouseClick(window.review_notice.open_button, Qt.MouseButton.LeftButton)
    assert window.review_notice.isHidden()
    details = [w for w in window._open_windows if type(w).__name__ == "ReportDetailDialog"]
    assert [d.report_id for d in details] == [reports[0].id]
    review(store, reports[1], "verified", "")
    review(store, reports[2], "verified", "")
    window.refresh_status()
    qtbot.waitUntil(window.review_notice.isVisible, timeout=5000)
    assert window.review_notice.label.text() == "Provinsi menanggapi 2 laporan"


SMALL_SCREEN = {"synchronousWindowSystemEvents": True, "windowFrameMargins": False, "screens": [
    {"name": "netbook", "x": 0, "y": 0, "width": 1024, "height": 600, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}


@pytest.mark.slow
def test_every_window_fits_a_1024_by_600_screen(tmp_path):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SMALL_SCREEN), encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", PYTHONPATH=str(root))
    done = subprocess.run([sys.executable, "-m", "tests.desktop.small_screen"], cwd=root, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    screen = shown["screen"]
    assert (screen["width"], screen["height"]) == (1024, 600)
    for name, rect in shown["windows"].items():
        assert rect["x"] >= 0 and rect["y"] >= 0, name
        assert rect["x"] + rect["width"] <= 1024 and rect["y"] + rect["height"] <= 600, (name, rect)
    assert shown["editor_buttons"] == {"Simpan draf": True, "Kirim": True}


def test_backup_and_export_from_the_berkas_menu(qtbot, store, window, tmp_path, monkeypatch):
    import openpyxl
    from PySide6.QtWidgets import QFileDialog

    add_reports(store, 4)
    berkas = window.menuBar().actions()[0].menu()
    titles = [a.text() for a in berkas.actions() if a.text()]
    assert {"Simpan cadangan…", "Ekspor semua laporan…", "Data kantor…"} <= set(titles)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    answers = iter([(str(tmp_path / "cadangan.db"), ""), (str(tmp_path / "semua"), "Buku kerja Excel (*.xlsx)")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: next(answers))
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: len(told) == 1, timeout=10_000)
    assert told[0] == f"Cadangan disimpan di {tmp_path / 'cadangan.db'}."
    assert (tmp_path / "cadangan.db").stat().st_size > 0
    window.export_action.trigger()
    qtbot.waitUntil(lambda: len(told) == 2, timeout=10_000)
    assert told[1] == f"4 laporan diekspor ke {tmp_path / 'semua.xlsx'}."
    assert openpyxl.load_workbook(tmp_path / "semua.xlsx").sheetnames


def test_the_about_box_shows_version_and_contact(qtbot, window, monkeypatch):
    from sync import __version__

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.about_action.trigger()
    assert f"Pantau versi {__version__}" in shown[0] and "Bantuan:" in shown[0]


def test_restore_from_the_berkas_menu_closes_then_restores(qtbot, store, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from desktop.app import restore_chosen_backup
    from sync.store import backup, open_store
    from sync.store.reports import count_reports

    add_reports(store, 2)
    copy = backup(store, tmp_path / "cadangan.db")
    add_reports(store, 1)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(copy), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    window.restore_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert window.ctx.restore_from == copy
    from desktop.tasks import wait_for_tasks

    wait_for_tasks()
    store.close()
    restore_chosen_backup(store.data_dir, copy)  # what desktop.app.run does next, before reopening
    reopened = open_store(store.data_dir)
    try:
        with reopened.session() as session:
            assert count_reports(session=session, query=ReportQuery()) == 2
    finally:
        reopened.close()
