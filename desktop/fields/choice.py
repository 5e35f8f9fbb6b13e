"""Single choice (a drop-down), multiple choice (check boxes) and yes/no."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QWidget

from desktop.fields.base import FieldEditor, FieldEnv, combo_value
from sync.forms import FieldDef

_COLUMNS = 2  # multiple-choice boxes per row


def choice_items(field_def: FieldDef, lang: str) -> list[tuple[str, str]]:
    """(value, label) of each choice, in the definition's order."""
    return [(choice.value, choice.label(lang)) for choice in field_def.choices]


class ChoiceEditor(FieldEditor):
    def __init__(self, field_def: FieldDef, env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(field_def, env, parent)
        self._combo = QComboBox(self)
        self._combo.addItem(QCoreApplication.translate("FieldEditor", "— pilih —"))
        for value, label in choice_items(field_def, env.lang):
            self._combo.addItem(label, value)
        self._combo.setEnabled(not env.read_only)
        self._combo.currentIndexChanged.connect(self.notify_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._combo)
        layout.addStretch(1)

    def value(self) -> Any:
        return combo_value(self._combo)

    def set_value(self, value: Any) -> None:
        index = self._combo.findData(value) if value is not None else 0
        if index < 0:  # a value this version does not know: keep it visible rather than lose it
            self._combo.addItem(str(value), value)
            index = self._combo.count() - 1
        self._combo.setCurrentIndex(index)

    def focus_widgets(self) -> list[QWidget]:
        return [self._combo]


class MultiChoiceEditor(FieldEditor):
    """JSON value: the chosen values, in the definition's order."""

    def __init__(self, field_def: FieldDef, env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(field_def, env, parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._boxes: list[tuple[str, QCheckBox]] = []
        for value, label in choice_items(field_def, env.lang):
            self._add_box(value, label)

    def _add_box(self, value: str, label: str) -> QCheckBox:
        box = QCheckBox(label, self)
        box.setEnabled(not self.env.read_only)
        box.toggled.connect(self.notify_changed)
        count = len(self._boxes)
        self._grid.addWidget(box, count // _COLUMNS, count % _COLUMNS)
        self._boxes.append((value, box))
        return box

    def value(self) -> Any:
        chosen = [value for value, box in self._boxes if box.isChecked()]
        return chosen or None

    def set_value(self, value: Any) -> None:
        chosen = list(value or [])
        known = {v for v, _ in self._boxes}
        for extra in chosen:
            if extra not in known:  # unknown to this version: shown, kept
                self._add_box(extra, str(extra))
        for v, box in self._boxes:
            box.blockSignals(True)
            box.setChecked(v in chosen)
            box.blockSignals(False)
        self.changed.emit()

    def focus_widgets(self) -> list[QWidget]:
        return [box for _, box in self._boxes]


class BooleanEditor(FieldEditor):
    """A check box; unticked is False, except that a missing value stays missing."""

    def __init__(self, field_def: FieldDef, env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(field_def, env, parent)
        self._loaded: Any = None
        self._box = QCheckBox(QCoreApplication.translate("FieldEditor", "Ya"), self)
        self._box.setEnabled(not env.read_only)
        self._box.toggled.connect(self._toggled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._box)
        layout.addStretch(1)

    def _toggled(self) -> None:
        self._loaded = False  # the clerk has answered: unticked now means "no"
        self.changed.emit()

    def value(self) -> Any:
        return True if self._box.isChecked() else self._loaded

    def set_value(self, value: Any) -> None:
        self._box.blockSignals(True)
        self._box.setChecked(bool(value))
        self._box.blockSignals(False)
        self._loaded = False if value is False else None
        self.changed.emit()

    def focus_widgets(self) -> list[QWidget]:
        return [self._box]
