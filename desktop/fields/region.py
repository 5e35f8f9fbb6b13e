"""Region pickers offering only the kecamatan (and their desa) of the office's regency."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from desktop.fields.base import FieldEditor, FieldEnv, combo_value
from sync.forms import FieldDef


def _parent_code(code: str) -> str:
    return code.rpartition(".")[0]


class RegionEditor(FieldEditor):
    """Level `kecamatan`: one drop-down. Level `desa`: kecamatan, then desa within it.

    A desa picker can follow a kecamatan field of the same form (`follow`), so the clerk
    chooses the kecamatan once.
    """

    def __init__(self, field_def: FieldDef, env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(field_def, env, parent)
        self._wants_desa = (field_def.level or "kecamatan") != "kecamatan"
        self._kecamatan = QComboBox(self)
        self._kecamatan.setEnabled(not env.read_only)
        self._kecamatan.addItem(QCoreApplication.translate("FieldEditor", "— pilih kecamatan —"))
        for region in env.regions.kecamatan_of(env.office) if env.office else []:
            self._kecamatan.addItem(region.name, region.code)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._kecamatan)
        self._desa: QComboBox | None = None
        if self._wants_desa:
            self._desa = QComboBox(self)
            self._desa.setEnabled(not env.read_only)
            layout.addWidget(self._desa)
            self._kecamatan.currentIndexChanged.connect(self._fill_desa)
            self._desa.currentIndexChanged.connect(self.notify_changed)
            self._fill_desa()
        else:
            self._kecamatan.currentIndexChanged.connect(self.notify_changed)
        layout.addStretch(1)

    def follow(self, kecamatan_editor: RegionEditor) -> None:
        """Take the kecamatan from another field instead of asking for it again."""
        self._kecamatan.hide()
        kecamatan_editor.changed.connect(lambda: self._select(self._kecamatan, kecamatan_editor.value()))
        self._select(self._kecamatan, kecamatan_editor.value())

    def _fill_desa(self) -> None:
        assert self._desa is not None
        previous = combo_value(self._desa)
        kecamatan = combo_value(self._kecamatan)
        self._desa.blockSignals(True)
        self._desa.clear()
        self._desa.addItem(QCoreApplication.translate("FieldEditor", "— pilih desa/kelurahan —"))
        for region in self.env.regions.desa_of(kecamatan) if kecamatan else []:
            self._desa.addItem(region.name, region.code)
        index = self._desa.findData(previous) if previous else 0
        self._desa.setCurrentIndex(max(index, 0))
        self._desa.blockSignals(False)
        self.changed.emit()

    def _select(self, combo: QComboBox, code: str | None) -> None:
        index = combo.findData(code) if code else 0
        if index < 0:  # e.g. a code of the older edition: shown by name and kept
            combo.addItem(self.env.regions.name(code) or code, code)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    def is_kecamatan_picker(self) -> bool:
        return not self._wants_desa

    def value(self) -> Any:
        combo = self._desa if self._desa is not None else self._kecamatan
        return combo_value(combo)

    def set_value(self, value: Any) -> None:
        if self._desa is None:
            self._select(self._kecamatan, value)
            return
        if value and not self._kecamatan.isHidden():
            self._select(self._kecamatan, _parent_code(value))
        self._select(self._desa, value)

    def focus_widgets(self) -> list[QWidget]:
        widgets: list[QWidget] = [] if self._kecamatan.isHidden() else [self._kecamatan]
        return widgets + ([self._desa] if self._desa is not None else [])
