"""The clerk's main window: the report list with its filters, actions and the sync status."""

from __future__ import annotations

import logging
from types import ModuleType
from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSystemTrayIcon,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.events import events
from desktop.filter_bar import FilterBar
from desktop.icons import icon
from desktop.report_table_model import REPORT_ROLE, Column, ReportTableModel
from desktop.review_notice import ReviewNotice, notice_text, tray_icon
from desktop.screen_fit import fit_on_screen, keep_on_screen
from desktop.settings import gui_settings
from desktop.status_bar import SyncStatusBar
from desktop.store_opening import OpeningStore
from desktop.sync_worker import SendProgress, SyncBlocked, SyncWorker
from desktop.tasks import run_task
from sync import __version__
from sync.regions import Regions
from sync.store.schemas import ReportPublic, ReportQuery, ReportState, SyncStatus

if TYPE_CHECKING:
    from sync.store.reviews import ReceivedReview

log = logging.getLogger(__name__)
NOTICE_REVIEWS = 20  # at most this many newest reviews are read for a notice

REFRESH_DELAY_MS = 150  # coalesce bursts of change notifications (autosave, sync) into one reload


def _file_actions() -> ModuleType:
    """The Berkas menu's backup, export and restore: loaded when first used, with the export code."""
    from desktop import file_actions

    return file_actions


def window_title(office: str | None) -> str:
    """"Pantau — <office name>", or just "Pantau" before the office is set."""
    name = Regions.load().name(office) if office else None
    return f"Pantau — {name}" if name else "Pantau"


class FormChooser(QDialog):
    """Pick the form of a new report: a plain list of titles, Enter or double-click to open."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Laporan baru"))
        self.list = QListWidget()
        for form in ctx.forms.forms():
            item = QListWidgetItem(form.title(ctx.lang))
            item.setData(Qt.ItemDataRole.UserRole, form.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(self.accept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Buat"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Pilih jenis laporan:")))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(420, 300)

    def form_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


class MainWindow(QMainWindow):
    """Lists the office's reports; opens the editor and detail windows; runs the sync worker."""

    def __init__(self, ctx: AppContext, *, start_sync: bool = True, parent: QWidget | None = None,
                 first_page: tuple[int, list[ReportPublic]] | None = None) -> None:
        """`first_page`: the report count and the list's first page, read before the store opened."""
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(window_title(ctx.office))
        self.setWindowIcon(icon("app"))
        self._open_windows: list[QWidget] = []
        self._pending: int | None = None  # reports waiting to be sent, as last read
        self._reviews_seen: int | None = None  # reviews received, as last read

        self.model = ReportTableModel(ctx, self, first_page=first_page)
        self.filters = FilterBar(ctx)
        self.table = self._make_table()
        self.count_label = QLabel()
        self.review_notice = ReviewNotice(self)
        self.review_notice.open_requested.connect(self.open_detail)
        self.tray = tray_icon(self)

        self._make_actions()
        self.status = SyncStatusBar(self.send_now_action, self)
        self.setStatusBar(self.status)
        self._make_menus_and_toolbar()

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.review_notice)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.setCentralWidget(central)

        self.filters.changed.connect(self._apply_filters)
        self.filters.search.returnPressed.connect(self.filters.flush_search)
        self.model.loaded.connect(self._show_count)
        self.model.load_failed.connect(self._query_failed)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        events().reports_changed.connect(self._refresh_timer.start)

        self.sync_worker = SyncWorker(ctx.store, self)
        self.sync_worker.progress.connect(self._sync_progress)
        self.sync_worker.finished.connect(self._sync_finished)
        self.sync_worker.failed.connect(self._sync_failed)
        self.sync_worker.link_changed.connect(self._link_changed)
        self.sync_worker.blocked_changed.connect(self.status.show_blocked)
        self.sync_worker.clock_offset_changed.connect(self.status.show_clock_offset)
        self.sync_worker.enrolment_changed.connect(
            lambda enrolled: self.status.show_connection(None, enrolled=enrolled))

        self._restore_layout()
        if first_page is None:
            self.model.reload()
        else:
            self._show_count(first_page[0])
        self._start_sync = start_sync
        self._closed = False
        if not isinstance(ctx.store, OpeningStore):
            self.store_opened()

    def store_opened(self) -> None:
        """The store is open (before the window, or behind it as it showed): read the sync state, start syncing.

        Not earlier: a read waiting for the store would load SQLAlchemy while the window is made.
        """
        if self._closed:  # closed before the store had opened: nothing to start
            return
        self.refresh_status()
        if self._start_sync:
            self.sync_worker.start()
        else:
            self.sync_worker.reconfigure()  # learn whether this PC is enrolled, send nothing

    # -- construction -----------------------------------------------------------------

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setShowGrid(False)
        table.verticalHeader().hide()
        # Fixed row heights: the view never measures 100,000 rows.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        for column, width in ((Column.DATE, 100), (Column.FORM, 250), (Column.KECAMATAN, 150),
                              (Column.ALERT, 100), (Column.STATE, 170)):
            header.resizeSection(column, width)
        table.setSortingEnabled(True)
        header.setSortIndicator(Column.DATE, Qt.SortOrder.DescendingOrder)
        table.activated.connect(self._open_index)
        table.doubleClicked.connect(self._open_index)
        return table

    def _action(self, text: str, slot, *, icon_name: str | None = None,
                shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _make_actions(self) -> None:
        self.new_action = self._action(self.tr("Laporan baru"), self.new_report,
                                       icon_name="new_report", shortcut=QKeySequence.StandardKey.New)
        self.open_action = self._action(self.tr("Buka laporan"), self.open_selected, icon_name="open_report")
        self.send_now_action = self._action(self.tr("Kirim sekarang"), self.send_now, icon_name="send_now")
        self.send_now_action.setToolTip(self.tr("Kirim laporan yang menunggu ke server provinsi sekarang"))
        self.recap_action = self._action(self.tr("Rekap bulanan…"), self.open_recap, icon_name="recap")
        self.settings_action = self._action(self.tr("Pengaturan…"), self.open_settings, icon_name="settings")
        self.search_action = self._action(self.tr("Cari"), self.focus_search, shortcut=QKeySequence.StandardKey.Find)
        self.revision_action = self._action(self.tr("Tampilkan yang perlu perbaikan"),
                                            self.filters.needs_revision.toggle)
        self.quit_action = self._action(self.tr("Keluar"), self.close, shortcut=QKeySequence.StandardKey.Quit)
        self.about_action = self._action(self.tr("Tentang Pantau"), self.show_about)
        self.office_action = self._action(self.tr("Data kantor…"), self.open_office)
        self.backup_action = self._action(self.tr("Simpan cadangan…"), lambda: _file_actions().backup_copy(self, self.ctx))
        self.export_action = self._action(self.tr("Ekspor semua laporan…"), lambda: _file_actions().export_all(self, self.ctx))
        self.restore_action = self._action(self.tr("Pulihkan dari cadangan…"), lambda: _file_actions().restore_backup(self, self.ctx))
        self.bundle_action = self._action(self.tr("Kirim lewat flashdisk…"), self.send_bundle)
        self.receipt_action = self._action(self.tr("Baca tanda terima…"), self.read_receipt)

    def _make_menus_and_toolbar(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&Berkas"))
        file_menu.addActions([self.new_action, self.recap_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addActions([self.bundle_action, self.receipt_action])
        file_menu.addSeparator()
        file_menu.addActions([self.backup_action, self.restore_action, self.office_action, self.settings_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        report_menu = menu.addMenu(self.tr("&Laporan"))
        report_menu.addActions([self.open_action, self.search_action, self.revision_action])
        sync_menu = menu.addMenu(self.tr("&Kirim"))
        sync_menu.addAction(self.send_now_action)
        help_menu = menu.addMenu(self.tr("B&antuan"))
        help_menu.addAction(self.about_action)

        toolbar = self.addToolBar(self.tr("Alat"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.new_action, self.open_action, self.send_now_action, self.recap_action])
        toolbar.addSeparator()
        toolbar.addAction(self.settings_action)

    def _restore_layout(self) -> None:
        geometry, header = gui_settings(self.ctx.store.data_dir).window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
            keep_on_screen(self)  # saved on a larger screen, or a second monitor now gone
        else:
            fit_on_screen(self, 1180, 680)
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    # -- list -------------------------------------------------------------------------

    def _apply_filters(self) -> None:
        self.model.set_filter(self.filters.query(self.model.query()))

    def _show_count(self, total: int) -> None:
        self.count_label.setText(self.tr("%1 laporan").replace("%1", f"{total:,}".replace(",", ".")))

    def _query_failed(self, error: BaseException) -> None:
        if self.model.query().search:
            self.status.show_problem(self.tr("Kata pencarian tidak dapat dipakai. Coba kata lain."))
        else:
            self.status.show_problem(self.tr("Daftar laporan tidak dapat dimuat. Lihat log untuk rinciannya."))

    def refresh(self) -> None:
        """Something changed: reload the visible rows and the counters, keep the scroll position."""
        self.model.refresh()
        self.refresh_status()

    def refresh_status(self) -> None:
        ctx = self.ctx

        def read() -> tuple[SyncStatus, int, int, list[ReceivedReview]]:
            from sync.store.outbox import sync_status
            from sync.store.reports import count_reports
            from sync.store.reviews import count_reviews, newest_reviews

            with ctx.store.session() as session:
                needs = count_reports(session=session, query=ReportQuery(states=(ReportState.NEEDS_REVISION,)))
                reviews = count_reviews(session=session)
                newest = newest_reviews(session=session, limit=NOTICE_REVIEWS)
                return sync_status(session=session), needs, reviews, newest

        run_task(read, on_success=self._show_status,
                 on_failure=lambda exc: log.warning("reading the sync status failed: %s", exc))

    def _show_status(self, result: tuple[SyncStatus, int, int, list[ReceivedReview]]) -> None:
        status, needs_revision, reviews, newest = result
        if self._reviews_seen is not None and reviews > self._reviews_seen:
            self._reviews_arrived(newest[: reviews - self._reviews_seen])
        self._reviews_seen = reviews
        if self._pending is not None and status.pending > self._pending:
            # Submitted, amended or withdrawn somewhere (editor, detail window, CLI): send soon.
            self.sync_worker.notify_submitted()
        self._pending = status.pending
        self.status.show_status(status)
        self.filters.set_needs_revision_count(needs_revision)

    def _reviews_arrived(self, reviews: list[ReceivedReview]) -> None:
        """The province answered: say so in the window and in the tray, not only by a count."""
        self.review_notice.show_reviews(reviews)
        if self.tray is not None:
            self.tray.showMessage("Pantau", notice_text(reviews), QSystemTrayIcon.MessageIcon.Information)

    def select_row(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def focus_search(self) -> None:
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    # -- opening other windows ---------------------------------------------------------

    def _keep_open(self, window: QWidget) -> None:
        """Keep a modeless window alive until it closes."""
        self._open_windows.append(window)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda: self._open_windows.remove(window) if window in self._open_windows else None)
        window.show()

    def new_report(self) -> None:
        chooser = FormChooser(self.ctx, self)
        if chooser.exec() != QDialog.DialogCode.Accepted or chooser.form_id() is None:
            return
        self.open_editor(form_id=chooser.form_id())

    def open_editor(self, *, form_id: str | None = None, report_id: UUID | None = None) -> QWidget:
        from desktop.report_editor import ReportEditor, open_editor_for

        if report_id is not None and (editor := open_editor_for(report_id)) is not None:
            editor.raise_()
            editor.activateWindow()
            return editor
        editor = ReportEditor(self.ctx, form_id=form_id, report_id=report_id, parent=self)
        editor.setWindowFlag(Qt.WindowType.Window)
        editor.submitted.connect(lambda _id: self.sync_worker.notify_submitted())
        self._keep_open(editor)
        return editor

    def open_detail(self, report_id: UUID) -> QWidget:
        from desktop.report_detail import ReportDetailDialog

        for window in self._open_windows:  # one report, one window: bring the open one forward
            if isinstance(window, ReportDetailDialog) and window.report_id == report_id:
                window.raise_()
                window.activateWindow()
                return window
        detail = ReportDetailDialog(self.ctx, report_id, self)
        self._keep_open(detail)
        return detail

    def _open_index(self, index: QModelIndex) -> None:
        report = self.model.data(index, REPORT_ROLE)
        if report is None:
            return
        if report.state is ReportState.DRAFT:
            self.open_editor(report_id=report.id)
        else:
            self.open_detail(report.id)

    def open_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._open_index(index)
        else:
            self.status.show_problem(self.tr("Pilih dulu laporan di daftar."))

    def send_bundle(self) -> None:
        # The bundle code (and the sync client's under it) loads when first used, not at start.
        from desktop import bundle_actions

        bundle_actions.send_by_flash_drive(self, self.ctx)

    def read_receipt(self) -> None:
        from desktop import bundle_actions

        bundle_actions.read_receipt(self, self.ctx)

    def open_recap(self) -> None:
        from desktop.recap_dialog import RecapDialog

        RecapDialog(self.ctx, self).exec()

    def open_settings(self) -> None:
        from desktop.settings_dialog import SettingsDialog

        SettingsDialog(self.ctx, self).exec()  # saving emits settings_changed: the worker restarts

    def open_office(self) -> None:
        from desktop.office_dialog import OfficeDialog

        OfficeDialog(self.ctx, self).exec()

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("Tentang Pantau"), self.tr(
            "Pantau versi %1 — pelaporan pemantauan situasi politik untuk Kesbangpol kabupaten/kota "
            "di Provinsi Maluku.\n\nLaporan disimpan di komputer ini dan dikirim ke "
            "Bakesbangpol Provinsi Maluku setiap kali ada jaringan.\n\n"
            "Bantuan: admin Pantau di Bakesbangpol Provinsi Maluku, Ambon (bidang yang mengelola "
            "server provinsi). Sebutkan versi ini dan folder data:\n%2")
            .replace("%1", __version__).replace("%2", str(self.ctx.store.data_dir)))

    # -- sync -------------------------------------------------------------------------

    def send_now(self) -> None:
        if self.sync_worker.is_enrolled() is False:
            QMessageBox.information(self, self.tr("Kirim sekarang"), self.tr(
                "Komputer ini belum terdaftar di server provinsi. Buka Pengaturan untuk mendaftar."))
            return
        self.status.show_progress(0, 0)
        self.sync_worker.request_sync(user_started=True)

    def _sync_progress(self, progress: SendProgress) -> None:
        self.status.show_progress(progress.done, progress.total)
        self.model.set_sending(progress.sending)

    def _sync_finished(self, _result: object) -> None:
        # The list and counters reload through `reports_changed`, which the worker emitted.
        self.status.hide_progress()
        self.model.set_sending(frozenset())

    def _sync_failed(self, error: BaseException, user_started: bool, auth: bool) -> None:
        self.status.hide_progress()
        self.model.set_sending(frozenset())
        self.refresh_status()
        if auth:
            answer = QMessageBox.warning(
                self, self.tr("Pendaftaran ditolak"),
                self.tr("Server provinsi menolak kunci komputer ini (mungkin dicabut). "
                        "Laporan tetap aman di komputer ini. Daftarkan ulang sekarang?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            if answer == QMessageBox.StandardButton.Yes:
                self.open_settings()
        elif user_started:
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Kirim sekarang"),
                              self.tr("Laporan belum dapat dikirim. Laporan tetap aman dan akan "
                                      "dikirim otomatis saat jaringan tersedia."), parent=self)
            if isinstance(error, SyncBlocked):  # no network problem: say what to ask the IT staff
                box.setInformativeText(self.status.blocked.toolTip())
            box.setDetailedText(str(error))
            box.exec()
        else:
            self.status.show_problem(self.tr("Pengiriman belum berhasil; akan dicoba lagi otomatis."))

    def _link_changed(self, state: str) -> None:
        self.status.show_connection(state, enrolled=self.sync_worker.is_enrolled() is not False)

    # -- closing ----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        settings = gui_settings(self.ctx.store.data_dir)
        settings.set_window_state(self.saveGeometry(), self.table.horizontalHeader().saveState())
        for window in list(self._open_windows):
            window.close()
        events().reports_changed.disconnect(self._refresh_timer.start)
        self._refresh_timer.stop()
        self._closed = True
        self.sync_worker.shutdown()
        super().closeEvent(event)


