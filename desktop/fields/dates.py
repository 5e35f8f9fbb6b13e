"""Dates typed as dd/mm/yyyy, and date-times entered in WIT (UTC+9) but stored in UTC."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QPoint, Qt
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from desktop.fields.base import FieldEditor, FieldEnv
from desktop.ui_locale import interface_locale
from sync.forms import FieldDef

WIT = timezone(timedelta(hours=9), "WIT")


def _dmy_parts(text: str) -> tuple[int, int, int] | None:
    """'14/02/2024' (also 14-02-2024, 14.2.2024) → (14, 2, 2024), whether or not that day exists."""
    parts = text.strip().replace("-", "/").replace(".", "/").split("/")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts) or len(parts[2]) != 4:
        return None
    return int(parts[0]), int(parts[1]), int(parts[2])


def parse_dmy(text: str) -> date | None:
    """'14/02/2024' (also 14-02-2024, 14.2.2024) → date; None when it is not a real date."""
    parts = _dmy_parts(text)
    try:
        return date(parts[2], parts[1], parts[0]) if parts else None
    except ValueError:
        return None


def date_problem(text: str) -> str | None:
    """Why typed date text is not a date: not written hh/bb/tttt, or a day the calendar lacks."""
    if not text.strip() or parse_dmy(text) is not None:
        return None
    parts = _dmy_parts(text)
    if parts is None:
        return QCoreApplication.translate("FieldEditor", "Tanggal tidak dikenali; tulis sebagai hh/bb/tttt, misalnya 14/02/2024")
    day, month, year = parts
    if not 1 <= month <= 12:
        return QCoreApplication.translate("FieldEditor", "Tanggal tidak ada: bulan {month} tidak ada (bulan 1 sampai 12)").format(month=month)
    last = calendar.monthrange(year, month)[1] if year >= 1 else 31
    return QCoreApplication.translate("FieldEditor", "Tanggal tidak ada: {month:02d}/{year} hanya sampai tanggal {last}").format(month=month, year=year, last=last)


def parse_hm(text: str) -> time | None:
    """'10:30' (also 10.30) → time; None when it is not a time of day."""
    parts = text.strip().replace(".", ":").split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    try:
        return time(int(parts[0]), int(parts[1]))
    except ValueError:
        return None


def parse_iso_datetime(value: Any) -> datetime | None:
    """An ISO 8601 string with offset → aware datetime; None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


class _DateInput(QWidget):
    """A dd/mm/yyyy line edit with a calendar button beside it (the button stays out of Tab)."""

    def __init__(self, read_only: bool, lang: str, parent: QWidget) -> None:
        super().__init__(parent)
        self._lang = lang
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(QCoreApplication.translate("FieldEditor", "hh/bb/tttt"))
        self.edit.setMaximumWidth(110)
        self.edit.setReadOnly(read_only)
        button = QToolButton(self)
        button.setText("▾")
        button.setToolTip(QCoreApplication.translate("FieldEditor", "Pilih dari kalender"))
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setEnabled(not read_only)
        button.clicked.connect(self._pick)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(button)

    def _pick(self) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setLocale(interface_locale(self._lang))
        current = parse_dmy(self.edit.text())
        if current:
            calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def chosen(day: QDate) -> None:
            self.edit.setText(day.toString("dd/MM/yyyy"))
            menu.close()

        calendar.clicked.connect(chosen)
        calendar.activated.connect(chosen)
        menu.exec(self.edit.mapToGlobal(QPoint(0, self.edit.height())))

    def date(self) -> date | None:
        return parse_dmy(self.edit.text())

    def set_date(self, day: date | None) -> None:
        self.edit.setText(day.strftime("%d/%m/%Y") if day else "")


class DateEditor(FieldEditor):
    """JSON value 'YYYY-MM-DD'."""

    def __init__(self, field_def: FieldDef, env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(field_def, env, parent)
        self._input = _DateInput(env.read_only, env.lang, self)
        self._input.edit.textChanged.connect(self.notify_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._input)
        layout.addStretch(1)

    def value(self) -> Any:
        day = self._input.date()
        return day.isoformat() if day else None

    def set_value(self, value: Any) -> None:
        try:
            day = date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        self._input.set_date(day)

    def input_error(self) -> str | None:
        return date_problem(self._input.edit.text())

    def focus_widgets(self) -> list[QWidget]:
        return [self._input.edit]


class DateTimeEditor(FieldEditor):
    """Entered as a date and an hh:mm time in WIT; JSON value ISO 8601 in UTC."""

    def __init__(self, field_def: FieldDef, env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(field_def, env, parent)
        self._loaded: tuple[Any, datetime | None] = (None, None)
        self._date = _DateInput(env.read_only, env.lang, self)
        self._time = QLineEdit(self)
        self._time.setPlaceholderText(QCoreApplication.translate("FieldEditor", "jj:mm"))
        self._time.setMaximumWidth(60)
        self._time.setReadOnly(env.read_only)
        for edit in (self._date.edit, self._time):
            edit.textChanged.connect(self.notify_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._date)
        layout.addWidget(self._time)
        layout.addWidget(QLabel("WIT", self))
        layout.addStretch(1)

    def _entered(self) -> datetime | None:
        day, clock = self._date.date(), parse_hm(self._time.text())
        if day is None or clock is None:
            return None
        return datetime.combine(day, clock, WIT)

    def value(self) -> Any:
        entered = self._entered()
        if entered is None:
            return None
        raw, loaded = self._loaded
        if loaded is not None and loaded.replace(second=0, microsecond=0) == entered:
            return raw  # unchanged: give back exactly what was loaded (seconds, offset and all)
        return entered.astimezone(UTC).isoformat()

    def set_value(self, value: Any) -> None:
        moment = parse_iso_datetime(value)
        self._loaded = (value, moment)
        local = moment.astimezone(WIT) if moment else None
        self._date.set_date(local.date() if local else None)
        self._time.setText(local.strftime("%H:%M") if local else "")

    def input_error(self) -> str | None:
        date_text, time_text = self._date.edit.text().strip(), self._time.text().strip()
        if not date_text and not time_text:
            return None
        problems = [date_problem(date_text) if date_text else QCoreApplication.translate("FieldEditor", "Tanggal belum diisi")]
        if parse_hm(time_text) is None:  # both halves are told at once, not one after the other
            problems.append(
                QCoreApplication.translate("FieldEditor", "Jam belum diisi") if not time_text
                else QCoreApplication.translate("FieldEditor", "Jam tidak dikenali; tulis sebagai jj:mm WIT, misalnya 10:30"))
        return "\n".join(p for p in problems if p) or None

    def focus_widgets(self) -> list[QWidget]:
        return [self._date.edit, self._time]
