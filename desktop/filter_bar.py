"""The row of filters above the report list: form, state, kecamatan, dates, search."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from desktop.context import AppContext
from desktop.icons import icon
from desktop.report_table_model import state_label
from desktop.ui_locale import interface_locale
from sync.regions import Regions
from sync.store.schemas import ReportQuery, ReportState

SEARCH_DELAY_MS = 300  # wait for a pause in typing before searching
_NO_DATE = QDate(2000, 1, 1)  # a date edit at its minimum means "no limit"


class _Calendar(QCalendarWidget):
    """The date filter's calendar: with no date chosen it opens at this month, not at the "no limit" date."""

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if self.selectedDate() <= _NO_DATE:
            today = QDate.currentDate()
            self.setCurrentPage(today.year(), today.month())
        super().showEvent(event)


class FilterBar(QWidget):
    """Emits `changed` whenever the clerk changes a filter (search is debounced)."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._updating = False
        self._lang = ctx.lang

        self.form = QComboBox()
        self.form.addItem(self.tr("Semua formulir"), None)
        for form in ctx.forms.forms():
            self.form.addItem(form.title(ctx.lang), form.id)

        self.state = QComboBox()
        self.state.addItem(self.tr("Semua status"), None)
        for state in ReportState:
            self.state.addItem(state_label(state), state.value)

        self.kecamatan = QComboBox()
        self.kecamatan.addItem(self.tr("Semua kecamatan"), None)
        if ctx.office:
            for region in Regions.load().kecamatan_of(ctx.office):
                self.kecamatan.addItem(region.name, region.code)

        self.date_from = self._date_edit(self.tr("Dari tanggal (kosong: semua)"))
        self.date_to = self._date_edit(self.tr("Sampai tanggal (kosong: semua)"))

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Cari laporan… (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(160)

        self.needs_revision = QToolButton()
        self.needs_revision.setCheckable(True)
        self.needs_revision.setIcon(icon("state_needs_revision"))
        self.needs_revision.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.needs_revision.setText(self.tr("Perlu perbaikan"))
        self.needs_revision.setToolTip(self.tr("Tampilkan hanya laporan yang diminta diperbaiki oleh provinsi"))

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.changed)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 2)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.state, 1)
        layout.addWidget(self.kecamatan, 1)
        layout.addWidget(QLabel(self.tr("Tanggal:")))
        layout.addWidget(self.date_from)
        layout.addWidget(QLabel("–"))
        layout.addWidget(self.date_to)
        layout.addWidget(self.needs_revision)

        for combo in (self.form, self.state, self.kecamatan):
            # Long form titles must not widen the bar past a 1024-pixel screen: the list drops down wider.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(9)
            combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
            combo.currentIndexChanged.connect(self._emit)
        self.date_from.dateChanged.connect(self._emit)
        self.date_to.dateChanged.connect(self._emit)
        self.search.textChanged.connect(self._search_timer.start)
        self.state.currentIndexChanged.connect(self._sync_quick_filter)
        self.needs_revision.toggled.connect(self._quick_filter_toggled)

    def _date_edit(self, tooltip: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        calendar = _Calendar(edit)
        calendar.setLocale(interface_locale(self._lang))
        edit.setCalendarWidget(calendar)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setMinimumDate(_NO_DATE)
        edit.setSpecialValueText(self.tr("semua"))
        edit.setDate(_NO_DATE)
        edit.setToolTip(tooltip)
        return edit

    def _emit(self) -> None:
        if not self._updating:
            self.changed.emit()

    def _quick_filter_toggled(self, checked: bool) -> None:
        if checked:
            self.state.setCurrentIndex(self.state.findData(ReportState.NEEDS_REVISION.value))
        elif self.state.currentData() == ReportState.NEEDS_REVISION.value:
            self.state.setCurrentIndex(0)

    def _sync_quick_filter(self) -> None:
        self.needs_revision.blockSignals(True)
        self.needs_revision.setChecked(self.state.currentData() == ReportState.NEEDS_REVISION.value)
        self.needs_revision.blockSignals(False)

    def set_needs_revision_count(self, count: int) -> None:
        """Show how many reports wait for a correction on the quick-filter button."""
        text = self.tr("Perlu perbaikan")
        self.needs_revision.setText(f"{text} ({count})" if count else text)

    def flush_search(self) -> None:
        """Apply a pending search at once (Enter in the search box)."""
        if self._search_timer.isActive():
            self._search_timer.stop()
            self.changed.emit()

    def query(self, base: ReportQuery | None = None) -> ReportQuery:
        """`base` (or a default query) with this bar's filters applied."""
        state = self.state.currentData()
        text = self.search.text().strip()
        return replace(
            base or ReportQuery(),
            form_id=self.form.currentData(),
            states=(ReportState(state),) if state is not None else (),
            kecamatan=self.kecamatan.currentData(),
            date_from=self._date(self.date_from),
            date_to=self._date(self.date_to),
            search=text or None,
        )

    @staticmethod
    def _date(edit: QDateEdit) -> date | None:
        value = edit.date()
        return None if value == _NO_DATE else value.toPython()
