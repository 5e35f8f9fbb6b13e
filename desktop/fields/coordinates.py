"""Coordinates as decimal latitude and longitude ({"lat": -3.69, "lon": 128.18})."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.fields.base import FieldEditor, FieldEnv
from desktop.offices import seat_point
from desktop.ui_locale import decimal
from sync.forms import FieldDef

AMBON = (-3.6954, 128.1814)  # before the office is set


def _number(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "."))  # Indonesian keyboards write 3,69
    except ValueError:
        return None


class CoordinatesEditor(FieldEditor):
    def __init__(self, field_def: FieldDef, env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(field_def, env, parent)
        self._loaded: Any = None
        self._lat = QLineEdit(self)
        self._lon = QLineEdit(self)
        # The example is the office's own seat (Masohi for Maluku Tengah), not always Ambon.
        lat, lon = seat_point(env.office) or AMBON
        self._lat.setPlaceholderText(decimal(f"{lat:.4f}", env.lang))
        self._lon.setPlaceholderText(decimal(f"{lon:.4f}", env.lang))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for caption, edit in ((QCoreApplication.translate("FieldEditor", "Lintang"), self._lat), (QCoreApplication.translate("FieldEditor", "Bujur"), self._lon)):
            edit.setMaximumWidth(110)
            edit.setReadOnly(env.read_only)
            edit.textChanged.connect(self.notify_changed)
            layout.addWidget(QLabel(caption, self))
            layout.addWidget(edit)
        layout.addStretch(1)

    def value(self) -> Any:
        lat, lon = _number(self._lat.text()), _number(self._lon.text())
        if lat is None or lon is None:
            return None
        if isinstance(self._loaded, dict) and (self._loaded.get("lat"), self._loaded.get("lon")) == (lat, lon):
            return dict(self._loaded)  # unchanged: with any extra keys it came with
        return {"lat": lat, "lon": lon}

    def set_value(self, value: Any) -> None:
        self._loaded = value
        point = value if isinstance(value, dict) else {}
        for edit, key in ((self._lat, "lat"), (self._lon, "lon")):
            edit.setText("" if point.get(key) is None else decimal(repr(point[key]), self.env.lang))

    def input_error(self) -> str | None:
        lat_text, lon_text = self._lat.text().strip(), self._lon.text().strip()
        if not lat_text and not lon_text:
            return None
        if _number(lat_text) is None or _number(lon_text) is None:
            return QCoreApplication.translate("FieldEditor", "Isi lintang dan bujur sebagai angka desimal, misalnya %1 dan %2").replace(
                "%1", self._lat.placeholderText()).replace("%2", self._lon.placeholderText())
        return None

    def focus_widgets(self) -> list[QWidget]:
        return [self._lat, self._lon]
