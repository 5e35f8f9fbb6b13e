"""Whole numbers and Rupiah amounts, read as Indonesians write them (7.500.000, 7.500.000,00, 15 miliar)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.fields.base import FieldEditor, FieldEnv
from sync.forms import FieldDef
from sync.forms.numbers import NumberError, parse_number

_DIGITS_AND_DOTS = re.compile(r"[\d.]*", re.ASCII)


def group_thousands(digits: str) -> str:
    """'1250000' → '1.250.000' (Indonesian thousands separator)."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


class _NumberEditor(FieldEditor):
    """A line edit whose text is read by the one number parser: exactly, or refused with a message."""

    width = 140

    def __init__(self, field_def: FieldDef, env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(field_def, env, parent)
        self._edit = QLineEdit(self)
        self._edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._edit.setMaximumWidth(self.width)
        self._edit.setReadOnly(env.read_only)
        self._edit.setToolTip(QCoreApplication.translate("FieldEditor", "Boleh ditulis 7500000, 7.500.000, 7.500.000,00 atau 7,5 juta"))
        self._edit.textChanged.connect(self.notify_changed)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self._edit)
        self._layout.addStretch(1)

    def _number(self) -> int | None:
        text = self._edit.text().strip()
        if not text:
            return None
        try:
            return parse_number(text)
        except NumberError:
            return None

    def value(self) -> Any:
        return self._number()

    def input_error(self) -> str | None:
        text = self._edit.text().strip()
        if not text:
            return None
        try:
            parse_number(text)
        except NumberError as exc:
            return exc.text.get(self.env.lang)
        return None

    def focus_widgets(self) -> list[QWidget]:
        return [self._edit]


class IntegerEditor(_NumberEditor):
    def set_value(self, value: Any) -> None:
        if value is None:
            self._edit.setText("")
        elif isinstance(value, int) and self.field_def.grouping:
            self._edit.setText(("-" if value < 0 else "") + group_thousands(str(abs(value))))
        else:
            self._edit.setText(str(value))


class MoneyEditor(_NumberEditor):
    """Rupiah: digits typed are grouped by dots as they go; anything else is left as typed for the parser."""

    width = 220

    def __init__(self, field_def: FieldDef, env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(field_def, env, parent)
        self._edit.setPlaceholderText("0")
        self._edit.textEdited.connect(self._regroup)
        self._layout.insertWidget(0, QLabel("Rp", self))

    def _regroup(self, text: str) -> None:
        # Only plain digits (and the dots this field put there) are regrouped: a comma or a
        # word ("7.500.000,00", "15 miliar") stays as typed, so nothing typed is dropped.
        if not _DIGITS_AND_DOTS.fullmatch(text):
            return
        cursor = self._edit.cursorPosition()
        digits_after = sum(ch.isdigit() for ch in text[cursor:])
        digits = text.replace(".", "").lstrip("0") or ("0" if "0" in text else "")
        grouped = group_thousands(digits) if digits else ""
        if grouped == text:
            return
        self._edit.setText(grouped)
        position, seen = len(grouped), 0  # keep the cursor before the same digits as before
        while position > 0 and seen < digits_after:
            position -= 1
            seen += grouped[position].isdigit()
        self._edit.setCursorPosition(position)

    def set_value(self, value: Any) -> None:
        self._edit.setText("" if value is None else group_thousands(str(int(value))) if isinstance(value, int) else str(value))
