"""The report list as a Qt table model: a windowed cache of pages over the store.

Sorting, filtering and search happen in SQL (`list_reports`/`count_reports`), off the
GUI thread through `run_task`. `rowCount` is the full count at once, so the scroll bar
is right from the start; pages of `PAGE_SIZE` rows are fetched when a view asks for a
row that is not cached, and the oldest pages are dropped beyond `MAX_PAGES`.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import replace
from datetime import date
from enum import IntEnum
from typing import Any
from uuid import UUID

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from desktop.context import AppContext
from desktop.icons import icon, state_icon
from desktop.tasks import run_task
from desktop.tooltips import plain_tooltip
from sync.forms import WIT
from sync.regions import Regions
from sync.store.schemas import ReportPublic, ReportQuery, ReportState

log = logging.getLogger(__name__)

PAGE_SIZE = 200
MAX_PAGES = 40  # 8,000 rows kept in memory at most
REPORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's ReportPublic (None until its page loads)

_ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    DATE = 0
    FORM = 1
    TITLE = 2
    KECAMATAN = 3
    ALERT = 4
    STATE = 5


SORT_KEYS = {
    Column.DATE: "report_date",
    Column.FORM: "form_id",
    Column.TITLE: "title",
    Column.KECAMATAN: "kecamatan",
    Column.ALERT: "alert_level",
    Column.STATE: "state",
}

# The roles `_value` answers, looked up once (each lookup of a Qt enum member costs, per cell).
_DISPLAY, _DECORATION, _TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole
_FONT, _FOREGROUND, _BACKGROUND = Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole

_URGENT_TEXT = QColor("#b71c1c")
_URGENT_BACKGROUND = QColor("#ffebee")
_REVISION_BACKGROUND = QColor("#fff8e1")


def format_date(value: date) -> str:
    """dd/mm/yyyy, the way dates are written in Indonesian offices."""
    return value.strftime("%d/%m/%Y")


def state_label(state: ReportState, *, sending: bool = False, revision: int | None = None,
                bundle: int | None = None) -> str:
    """The words a clerk reads for a report state (`revision`: the report's, for a conflict;
    `bundle`: the number of the flash-drive bundle that carried it)."""
    if sending and state in (ReportState.QUEUED, ReportState.BUNDLED):
        return QCoreApplication.translate("ReportState", "Sedang dikirim")
    if state is ReportState.BUNDLED and bundle is not None:
        return QCoreApplication.translate(
            "ReportState", "Dikirim lewat flashdisk (bundel %1)").replace("%1", str(bundle))
    if state is ReportState.CONFLICT and revision is not None:
        return QCoreApplication.translate(
            "ReportState", "Bentrok — dikirim ulang sebagai revisi %1"
        ).replace("%1", str(revision))
    return {
        ReportState.DRAFT: QCoreApplication.translate("ReportState", "Draf"),
        ReportState.QUEUED: QCoreApplication.translate("ReportState", "Menunggu dikirim"),
        ReportState.DELIVERED: QCoreApplication.translate("ReportState", "Terkirim"),
        ReportState.VERIFIED: QCoreApplication.translate("ReportState", "Terverifikasi"),
        ReportState.NEEDS_REVISION: QCoreApplication.translate("ReportState", "Perlu perbaikan"),
        ReportState.REJECTED: QCoreApplication.translate("ReportState", "Ditolak"),
        ReportState.CONFLICT: QCoreApplication.translate("ReportState", "Bentrok"),
        ReportState.BUNDLED: QCoreApplication.translate("ReportState", "Dikirim lewat flashdisk"),
        ReportState.WITHDRAWN: QCoreApplication.translate("ReportState", "Ditarik"),
    }[state]


def alert_label(level: str) -> str:
    """The words for an early-warning alert level (normal < waspada < siaga < awas)."""
    labels = {
        "normal": QCoreApplication.translate("AlertLevel", "Normal"),
        "waspada": QCoreApplication.translate("AlertLevel", "Waspada"),
        "siaga": QCoreApplication.translate("AlertLevel", "Siaga"),
        "awas": QCoreApplication.translate("AlertLevel", "Awas"),
    }
    return labels.get(level, level)


def _first_page(ctx: AppContext, query: ReportQuery, pages: list[int]) -> tuple[int, dict[int, list[ReportPublic]]]:
    """Count and the given pages, in one session (runs off the GUI thread)."""
    # SQLAlchemy loads with the first query, not before the window shows.
    from sync.store.reports import count_reports, list_reports

    with ctx.store.session() as session:
        total = count_reports(session=session, query=query)
        loaded = {
            page: list_reports(session=session, query=replace(query, offset=page * PAGE_SIZE, limit=PAGE_SIZE))
            for page in pages
            if page * PAGE_SIZE < max(total, 1)
        }
    return total, loaded


def _page(ctx: AppContext, query: ReportQuery, page: int) -> list[ReportPublic]:
    from sync.store.reports import list_reports

    with ctx.store.session() as session:
        return list_reports(session=session, query=replace(query, offset=page * PAGE_SIZE, limit=PAGE_SIZE))


class ReportTableModel(QAbstractTableModel):
    """Reports matching a `ReportQuery`, sorted in SQL, paged in lazily."""

    loaded = Signal(int)  # a (re)load finished; the total number of matching reports
    load_failed = Signal(object)  # the exception of a failed query (e.g. a bad search)

    def __init__(self, ctx: AppContext, parent: QObject | None = None, *,
                 first_page: tuple[int, list[ReportPublic]] | None = None) -> None:
        """`first_page`: the count and first page of the default query, read before the store opened."""
        super().__init__(parent)
        self._ctx = ctx
        self._regions = Regions.load()
        # The Formulir column sorts by the title shown, in the window's language.
        titles = sorted(ctx.forms.forms(), key=lambda form: form.title(ctx.lang).casefold())
        self._query = ReportQuery(limit=PAGE_SIZE, form_order=tuple(form.id for form in titles))
        self._total = 0
        self._pages: OrderedDict[int, list[ReportPublic]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self._loading = False
        self._sending: frozenset[UUID] = frozenset()
        self._form_titles: dict[tuple[str, int], str] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        if first_page is not None:
            self._total, self._pages[0] = first_page
            self._generation = 1  # loaded: the view's first sort by date keeps it

    # -- what the window drives --------------------------------------------------------

    def query(self) -> ReportQuery:
        return self._query

    def is_loading(self) -> bool:
        return self._loading

    def set_filter(self, query: ReportQuery) -> None:
        """Show reports matching `query`'s filters; the current sort is kept."""
        self._query = replace(query, sort=self._query.sort, descending=self._query.descending,
                              form_order=self._query.form_order, offset=0, limit=PAGE_SIZE)
        self.reload()

    def reload(self) -> None:
        """Run the query again from the first page (after a filter or sort change)."""
        self._load([0], keep_rows=False)

    def refresh(self) -> None:
        """Data changed somewhere: re-read the count and the pages seen last, keep the view."""
        recent = list(self._pages)[-3:] or [0]
        self._load(sorted(set(recent)), keep_rows=True)

    def set_sending(self, report_ids: frozenset[UUID]) -> None:
        """Reports being sent right now show "Sedang dikirim".

        Only the status cells of loaded rows that change are said to change: a range would make
        the view repaint every visible row, at every progress report of a sync.
        """
        changed = report_ids ^ self._sending
        self._sending = report_ids
        if not changed:
            return
        for page, rows in self._pages.items():
            for offset, report in enumerate(rows):
                if report.id in changed:
                    cell = self.index(page * PAGE_SIZE + offset, Column.STATE)
                    self.dataChanged.emit(cell, cell, [_DISPLAY, _DECORATION])

    def report_at(self, row: int) -> ReportPublic | None:
        """The report shown in `row`, or None while its page is loading."""
        page, offset = divmod(row, PAGE_SIZE)
        rows = self._pages.get(page)
        if rows is None:
            self._fetch(page)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    # -- loading ----------------------------------------------------------------------

    def _load(self, pages: list[int], *, keep_rows: bool) -> None:
        self._generation += 1
        generation, query, ctx = self._generation, self._query, self._ctx
        self._loading = True
        run_task(lambda: _first_page(ctx, query, pages),
                 on_success=lambda result: self._loaded(generation, result, keep_rows),
                 on_failure=lambda exc: self._failed(generation, exc))

    def _loaded(self, generation: int, result: tuple[int, dict[int, list[ReportPublic]]],
                keep_rows: bool) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return
        total, pages = result
        self._loading = False
        self._pending.clear()
        if keep_rows and total == self._total:
            self._pages = OrderedDict(sorted(pages.items()))
            if total:
                self.dataChanged.emit(self.index(0, 0), self.index(total - 1, len(Column) - 1))
        else:
            self.beginResetModel()
            self._total = total
            self._pages = OrderedDict(sorted(pages.items()))
            self.endResetModel()
        self.loaded.emit(total)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return
        self._loading = False
        log.warning("report list query failed: %s", error)
        self.load_failed.emit(error)

    def _fetch(self, page: int) -> None:
        if page in self._pending or self._loading:
            return
        self._pending.add(page)
        generation, query, ctx = self._generation, self._query, self._ctx
        run_task(lambda: _page(ctx, query, page),
                 on_success=lambda rows: self._page_loaded(generation, page, rows),
                 on_failure=lambda exc: self._page_failed(generation, page, exc))

    def _page_loaded(self, generation: int, page: int, rows: list[ReportPublic]) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return
        self._pending.discard(page)
        self._pages[page] = rows
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        first = page * PAGE_SIZE
        last = min(self._total, first + PAGE_SIZE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))

    def _page_failed(self, generation: int, page: int, error: BaseException) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return
        self._pending.discard(page)
        log.warning("loading page %d of the report list failed: %s", page, error)
        self.load_failed.emit(error)

    # -- Qt model interface -----------------------------------------------------------

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(Column):
            return None
        return (self.tr("Tanggal"), self.tr("Formulir"), self.tr("Judul / ringkasan"),
                self.tr("Kecamatan"), self.tr("Tingkat"), self.tr("Status"))[section]

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(Column(column)) if 0 <= column < len(Column) else None
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._query.sort, self._query.descending) and self._generation:
            return
        self._query = replace(self._query, sort=key, descending=descending)
        self.reload()

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._total:
            return None
        return self._value(self.report_at(index.row()), Column(index.column()), role)

    def multiData(self, index: _ModelIndex, roleDataSpan: QModelRoleDataSpan) -> None:  # noqa: N802, N803 - Qt override
        """Every role a delegate paints a cell with (seven), in one call instead of seven `data` calls.

        Repainting rows is most of what the GUI thread does while a sync reports progress, and
        each call into Python may first wait for the GIL (docs/benchmarks.md, Desktop).
        """
        valid = index.isValid() and 0 <= index.row() < self._total
        report = self.report_at(index.row()) if valid else None
        column = Column(index.column()) if valid else None
        for role_data in roleDataSpan:
            value = self._value(report, column, role_data.role()) if column is not None else None
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def _value(self, report: ReportPublic | None, column: Column, role: int) -> Any:
        """What `data` gives for `role` of `report`'s cell in `column` (None: its page is loading)."""
        if report is None:
            return self.tr("Memuat…") if role == _DISPLAY and column is Column.TITLE else None
        if role == _DISPLAY:
            return self._text(report, column)
        if role == _DECORATION:
            return self._decoration(report, column)
        if role == REPORT_ROLE:
            return report
        if role == _TOOLTIP:
            return self._tooltip(report, column)
        if role == _FONT and report.urgent:
            return self._bold
        if role == _FOREGROUND and report.urgent:
            return _URGENT_TEXT
        if role == _BACKGROUND:
            if report.urgent:
                return _URGENT_BACKGROUND
            if report.state is ReportState.NEEDS_REVISION:
                return _REVISION_BACKGROUND
        return None

    # -- cell contents ----------------------------------------------------------------

    def _text(self, report: ReportPublic, column: Column) -> str:
        if column is Column.DATE:
            if report.report_date is not None:
                return format_date(report.report_date)
            return format_date(report.created_at.astimezone(WIT).date()
                               if report.created_at.tzinfo else report.created_at.date())
        if column is Column.FORM:
            return self._form_title(report.form_id, report.form_version)
        if column is Column.TITLE:
            return report.title
        if column is Column.KECAMATAN:
            return (self._regions.name(report.kecamatan) or report.kecamatan) if report.kecamatan else ""
        if column is Column.ALERT:
            return alert_label(report.alert_level) if report.alert_level else ""
        return state_label(report.state, sending=report.id in self._sending, revision=report.revision,
                           bundle=report.bundle_number)

    def _decoration(self, report: ReportPublic, column: Column) -> Any:
        if column is Column.STATE:
            return state_icon(report.state, sending=report.id in self._sending)
        if column is Column.ALERT and report.urgent:
            return icon("urgent")
        return None

    def _tooltip(self, report: ReportPublic, column: Column) -> str | None:
        if column is Column.STATE:
            if report.state is ReportState.REJECTED and report.rejected_reason:
                return plain_tooltip(self.tr("Ditolak server: %1").replace("%1", report.rejected_reason))
            if report.state is ReportState.NEEDS_REVISION and report.review_comment:
                return plain_tooltip(self.tr("Catatan provinsi: %1").replace("%1", report.review_comment))
            if report.state is ReportState.CONFLICT:
                # E.g. after a restore: the server holds other content under the old number.
                text = self.tr("Server sudah menyimpan isi lain dengan nomor revisi ini; perubahan dikirim ulang sebagai revisi %1, tidak ada yang hilang.")
                return text.replace("%1", str(report.revision))
            if report.state is ReportState.BUNDLED:
                return self.tr("Dibawa ke provinsi dalam bundel flashdisk; tetap menunggu sampai tanda "
                               "terimanya dibaca atau sinkronisasi berikut mengonfirmasinya.")
            return None
        if column is Column.ALERT and report.urgent:
            return self.tr("Peringatan dini mendesak: dikirim lebih dulu")
        if column is Column.TITLE:
            return plain_tooltip(report.title)
        return None

    def _form_title(self, form_id: str, version: int) -> str:
        key = (form_id, version)
        title = self._form_titles.get(key)
        if title is None:
            try:
                title = self._ctx.forms.get(form_id, version).title(self._ctx.lang)
            except LookupError:
                title = form_id
            self._form_titles[key] = title
        return title
