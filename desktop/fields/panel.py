"""A column of labelled field editors for a list of field definitions (a form, or one group row)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop.fields.base import FieldEditor, FieldEnv, split_path
from desktop.fields.region import RegionEditor
from desktop.fields.registry import make_editor
from sync.forms import FieldDef


class _Row:
    """One field's label, editor, help line and error line."""

    def __init__(self, field_def: FieldDef, editor: FieldEditor, label: QLabel, error: QLabel) -> None:
        self.field_def = field_def
        self.editor = editor
        self.label = label
        self.error = error


class FieldsPanel(QWidget):
    """Edits a dict whose keys are the ids of `fields`; keys it does not know are kept as they are."""

    changed = Signal(str)  # id of the field that changed

    def __init__(self, fields: list[FieldDef], env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._extra: dict[str, Any] = {}
        self._rows: dict[str, _Row] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        grid.setHorizontalSpacing(12)
        for field_def in fields:
            section = field_def.section(env.lang)
            if section:
                heading = QLabel(f"<b>{html.escape(section)}</b>", self)
                heading.setStyleSheet("margin-top: 10px; border-bottom: 1px solid #c8c8c8;")
                grid.addWidget(heading, grid.rowCount(), 0, 1, 2)
            self._rows[field_def.id] = self._add_row(grid, grid.rowCount(), field_def, env)
        self._link_regions()
        self._chain_tab_order()

    def _add_row(self, grid: QGridLayout, index: int, field_def: FieldDef, env: FieldEnv) -> _Row:
        editor = make_editor(field_def, env, self)
        text = html.escape(field_def.label(env.lang))
        if field_def.required:
            text += ' <span style="color:#c0392b">*</span>'
        label = QLabel(text, self)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setMinimumWidth(160)
        label.setMaximumWidth(220)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        label.setContentsMargins(0, 4, 0, 0)  # level with the text inside the input box
        focus = editor.focus_widgets()
        if focus:
            label.setBuddy(focus[0])
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(editor)
        help_text = field_def.help(env.lang)
        if help_text:
            help_label = QLabel(help_text, self)
            help_label.setWordWrap(True)
            help_label.setStyleSheet("color: #6b6b6b; font-size: 9pt;")
            column.addWidget(help_label)
            editor.setToolTip(help_text)
        error = QLabel(self)
        error.setWordWrap(True)
        error.setStyleSheet("color: #c0392b; font-size: 9pt;")
        error.setObjectName(f"error_{field_def.id}")
        # The line is always there, empty or not: a message coming and going must not move the
        # fields below it while the clerk types (a click would land in the wrong field).
        error.setMinimumHeight(error.fontMetrics().height())
        column.addWidget(error)
        grid.addWidget(label, index, 0)
        grid.addLayout(column, index, 1)
        editor.changed.connect(lambda fid=field_def.id: self.changed.emit(fid))
        return _Row(field_def, editor, label, error)

    def _link_regions(self) -> None:
        """A desa picker whose definition names a kecamatan field takes the kecamatan from it."""
        for row in self._rows.values():
            parent = row.field_def.parent if row.field_def.type == "region" else None
            if parent in self._rows and isinstance(row.editor, RegionEditor):
                row.editor.follow(self._rows[parent].editor)

    def _chain_tab_order(self) -> None:
        widgets = self.focus_widgets()
        for first, second in zip(widgets, widgets[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def focus_widgets(self) -> list[QWidget]:
        return [w for row in self._rows.values() for w in row.editor.focus_widgets()]

    def editor(self, field_id: str) -> FieldEditor:
        return self._rows[field_id].editor

    def editors(self) -> dict[str, FieldEditor]:
        return {fid: row.editor for fid, row in self._rows.items()}

    def value(self) -> dict[str, Any]:
        data = dict(self._extra)
        for field_id, row in self._rows.items():
            value = row.editor.value()
            if value is not None:
                data[field_id] = value
        return data

    def set_value(self, data: dict[str, Any]) -> None:
        self._extra = {k: v for k, v in data.items() if k not in self._rows}
        for field_id, row in self._rows.items():
            row.editor.set_value(data.get(field_id))

    def input_errors(self) -> dict[str, str]:
        """Fields whose typed text cannot become a value, by path."""
        errors: dict[str, str] = {}
        for field_id, row in self._rows.items():
            for sub_path, message in row.editor.input_errors().items():
                errors[field_id + sub_path] = message
        return errors

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show `errors` (path → message); clears the messages of every other field."""
        nested: dict[str, dict[str, str]] = {fid: {} for fid in self._rows}
        own: dict[str, str] = {}
        for path, message in errors.items():
            head, rest = split_path(path)
            if head not in self._rows:
                continue
            if rest:
                nested[head][rest] = message
            else:
                own.setdefault(head, message)
        for field_id, row in self._rows.items():
            row.error.setText(own.get(field_id, ""))
            row.editor.show_errors(nested[field_id])

    def focus_path(self, path: str) -> None:
        head, rest = split_path(path)
        if head in self._rows:
            self._rows[head].editor.focus_path(rest)
