"""Repeating groups: rows of sub-fields (e.g. follow-up actions) the clerk adds and removes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.fields.base import FieldEditor, FieldEnv, split_path
from sync.forms import FieldDef

if TYPE_CHECKING:
    from desktop.fields.panel import FieldsPanel

_INDEX = re.compile(r"^\[(\d+)\]\.?(.*)$")  # "[1].batas_waktu" → 1, "batas_waktu"


def _in_sentence(label: str) -> str:
    """A label inside a button's sentence: "Tindak lanjut" → "tindak lanjut", "NPHD" stays."""
    return label[0].lower() + label[1:] if label[:2].istitle() else label


class GroupEditor(FieldEditor):
    """JSON value: a list of dicts, one per row; paths of errors index rows from 0."""

    def __init__(self, field_def: FieldDef, env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(field_def, env, parent)
        self._rows: list[tuple[QGroupBox, FieldsPanel]] = []
        self._edited: dict[FieldsPanel, set[str]] = {}  # per row, the sub-fields the clerk changed
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._add_button = QPushButton(QCoreApplication.translate("FieldEditor", "+ Tambah {label}").format(label=_in_sentence(field_def.label(env.lang))), self)
        self._add_button.setEnabled(not env.read_only)
        self._add_button.clicked.connect(self._add_clicked)
        bar = QHBoxLayout()
        bar.addWidget(self._add_button)
        bar.addStretch(1)
        self._layout.addLayout(bar)

    def _add_clicked(self) -> None:
        panel = self._append_row()
        self._retab()
        widgets = panel.focus_widgets()
        if widgets:
            widgets[0].setFocus()
        self.changed.emit()

    def _append_row(self) -> FieldsPanel:
        from desktop.fields.panel import FieldsPanel  # a row is a panel of editors of any kind

        box = QGroupBox(self)
        panel = FieldsPanel(list(self.field_def.fields), self.env, box)
        panel.changed.connect(lambda fid, p=panel: self._row_changed(p, fid))
        remove = QPushButton(QCoreApplication.translate("FieldEditor", "Hapus baris"), box)
        remove.setEnabled(not self.env.read_only)
        remove.clicked.connect(lambda: self._remove(box))
        inner = QVBoxLayout(box)
        inner.addWidget(panel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(remove)
        inner.addLayout(buttons)
        self._layout.insertWidget(len(self._rows), box)
        self._rows.append((box, panel))
        self._renumber()
        return panel

    def _row_changed(self, panel: FieldsPanel, field_id: str) -> None:
        self._edited.setdefault(panel, set()).add(field_id)
        self.changed.emit()

    def was_edited(self, path: str) -> bool:
        """A new row's empty fields stay quiet until the clerk has typed in them (or submits)."""
        match = _INDEX.match(path)
        if match is None or int(match.group(1)) >= len(self._rows):
            return True  # the group itself, e.g. too few rows
        panel = self._rows[int(match.group(1))][1]
        return split_path(match.group(2))[0] in self._edited.get(panel, set())

    def _remove(self, box: QGroupBox) -> None:
        self._edited = {p: f for p, f in self._edited.items() if p.parent() is not box}
        self._rows = [(b, p) for b, p in self._rows if b is not box]
        box.hide()
        box.deleteLater()
        self._renumber()
        self._retab()
        self._add_button.setFocus()
        self.changed.emit()

    def _renumber(self) -> None:
        label = self.field_def.label(self.env.lang)
        for number, (box, _) in enumerate(self._rows, start=1):
            box.setTitle(f"{label} {number}")

    def _retab(self) -> None:
        # Rows come and go: keep Tab running through them in order, then to the add button.
        widgets = self.focus_widgets()
        for first, second in zip(widgets, widgets[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def row_count(self) -> int:
        return len(self._rows)

    def row_panel(self, index: int) -> FieldsPanel:
        return self._rows[index][1]

    def add_row(self) -> FieldsPanel:
        """Append an empty row and return its panel (what the add button does)."""
        self._add_clicked()
        return self._rows[-1][1]

    def value(self) -> Any:
        items = [panel.value() for _, panel in self._rows]
        return items or None

    def set_value(self, value: Any) -> None:
        for box, _ in self._rows:
            box.hide()
            box.deleteLater()
        self._rows = []
        self._edited = {}
        for item in value or []:
            self._append_row().set_value(item if isinstance(item, dict) else {})
        self._retab()

    def input_errors(self) -> dict[str, str]:
        return {
            f"[{index}].{path}": message
            for index, (_, panel) in enumerate(self._rows)
            for path, message in panel.input_errors().items()
        }

    def show_errors(self, errors: dict[str, str]) -> None:
        per_row: dict[int, dict[str, str]] = {}
        for path, message in errors.items():
            match = _INDEX.match(path)
            if match:
                per_row.setdefault(int(match.group(1)), {})[match.group(2)] = message
        for index, (_, panel) in enumerate(self._rows):
            panel.show_errors(per_row.get(index, {}))

    def focus_path(self, path: str) -> None:
        match = _INDEX.match(path)
        if match and int(match.group(1)) < len(self._rows):
            self._rows[int(match.group(1))][1].focus_path(match.group(2))
        else:
            self._add_button.setFocus()

    def focus_widgets(self) -> list[QWidget]:
        return [w for _, panel in self._rows for w in panel.focus_widgets()] + [self._add_button]
