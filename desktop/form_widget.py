"""One widget that renders any form version from its definition, with inline validation."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.fields.base import FieldEditor, FieldEnv, split_path
from desktop.fields.panel import FieldsPanel
from sync.forms import FieldError, FormDef, validate

log = logging.getLogger(__name__)


class FormWidget(QWidget):
    """Edits a report's data (`value()` / `set_value()` round-trip exactly).

    As the clerk types, the shared validator runs and each field shows its own message —
    only for fields the clerk has already touched, until `check(show_all=True)` (on submit).
    """

    changed = Signal()

    def __init__(self, form: FormDef, env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.env = env
        self._touched: set[str] = set()
        self._show_all = False
        self._loading = False
        self._errors: dict[str, str] = {}
        self._panel = FieldsPanel(list(form.fields), env, self)
        self._panel.changed.connect(self._field_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._panel)
        layout.addStretch(1)

    def editor(self, field_id: str) -> FieldEditor:
        return self._panel.editor(field_id)

    def editors(self) -> dict[str, FieldEditor]:
        return self._panel.editors()

    def focus_widgets(self) -> list[QWidget]:
        return self._panel.focus_widgets()

    def value(self) -> dict[str, Any]:
        return self._panel.value()

    def set_value(self, data: dict[str, Any]) -> None:
        """Load data without counting it as the clerk's edit (no `changed`, no messages)."""
        self._loading = True
        try:
            self._panel.set_value(dict(data))
        finally:
            self._loading = False
        self._touched.clear()
        self._show_all = False
        self._refresh()

    def _field_changed(self, field_id: str) -> None:
        if self._loading:
            return
        self._touched.add(field_id)
        self._refresh()
        self.changed.emit()

    def errors(self) -> dict[str, str]:
        """Every current problem by path ("tindak_lanjut[0].batas_waktu"), in form order."""
        return dict(self._errors)

    def check(self, *, show_all: bool = True) -> dict[str, str]:
        """Validate now; with `show_all`, show messages on every field (as on submit)."""
        self._show_all = self._show_all or show_all
        self._refresh()
        return self.errors()

    def _refresh(self) -> None:
        typed = self._panel.input_errors()  # text that is not yet a value explains itself best
        found = validate(self.form, self.value(), office=self.env.office or "", lang=self.env.lang)
        errors: dict[str, str] = dict(typed)
        for error in found:
            errors.setdefault(error.field, error.message(self.env.lang))
        order = {field.id: index for index, field in enumerate(self.form.fields)}
        self._errors = dict(sorted(errors.items(), key=lambda item: order.get(split_path(item[0])[0], len(order))))
        shown = {path: message for path, message in self._errors.items() if self._show_all or self._edited(path)}
        self._panel.show_errors(shown)

    def show_store_errors(self, errors: list[FieldError]) -> None:
        """Show the problems the store found on submit (normally the same as `check`'s)."""
        self._errors = {error.field: error.message(self.env.lang) for error in errors}
        self._show_all = True
        self._panel.show_errors(self._errors)

    def _edited(self, path: str) -> bool:
        head, rest = split_path(path)
        return head in self._touched and self._panel.editor(head).was_edited(rest)

    def focus_first_error(self) -> str | None:
        """Put the cursor on the first field with a problem; returns its path."""
        if not self._errors:
            return None
        path = next(iter(self._errors))
        self._panel.focus_path(path)
        return path
