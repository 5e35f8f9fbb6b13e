"""Whole numbers and Rupiah amounts ("Rp 1.250.000"), typed as digits."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.fields.base import FieldEditor, FieldEnv
from sync.forms import FieldDef

_INTEGER = re.compile(r"-?\d+")


def group_thousands(digits: str) -> str:
    """'1250000' → '1.250.000' (Indonesian thousands separator)."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


class IntegerEditor(FieldEditor):
    def __init__(self, field_def: FieldDef, env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(field_def, env, parent)
        self._edit = QLineEdit(self)
        self._edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._edit.setMaximumWidth(140)
        self._edit.setReadOnly(env.read_only)
        self._edit.textChanged.connect(self.notify_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._edit)
        layout.addStretch(1)

    def value(self) -> Any:
        text = self._edit.text().strip()
        return int(text) if _INTEGER.fullmatch(text) else None

    def set_value(self, value: Any) -> None:
        self._edit.setText("" if value is None else str(value))

    def input_error(self) -> str | None:
        text = self._edit.text().strip()
        if text and not _INTEGER.fullmatch(text):
            return QCoreApplication.translate("FieldEditor", "Isi dengan bilangan bulat, tanpa titik atau koma")
        return None

    def focus_widgets(self) -> list[QWidget]:
        return [self._edit]


class MoneyEditor(FieldEditor):
    """Rupiah: the clerk types digits, the field shows them grouped by dots as they go."""

    def __init__(self, field_def: FieldDef, env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(field_def, env, parent)
        self._edit = QLineEdit(self)
        self._edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._edit.setMaximumWidth(220)
        self._edit.setPlaceholderText("0")
        self._edit.setReadOnly(env.read_only)
        self._edit.textEdited.connect(self._regroup)
        self._edit.textChanged.connect(self.notify_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Rp", self))
        layout.addWidget(self._edit)
        layout.addStretch(1)

    def _regroup(self, text: str) -> None:
        cursor = self._edit.cursorPosition()
        digits_after = sum(ch.isdigit() for ch in text[cursor:])
        digits = "".join(ch for ch in text if ch.isdigit()).lstrip("0") or ("0" if "0" in text else "")
        grouped = group_thousands(digits) if digits else ""
        if grouped == text:
            return
        self._edit.setText(grouped)
        position, seen = len(grouped), 0  # keep the cursor before the same digits as before
        while position > 0 and seen < digits_after:
            position -= 1
            seen += grouped[position].isdigit()
        self._edit.setCursorPosition(position)

    def value(self) -> Any:
        digits = self._edit.text().replace(".", "")
        return int(digits) if digits.isdigit() else None

    def set_value(self, value: Any) -> None:
        self._edit.setText("" if value is None else group_thousands(str(int(value))))

    def focus_widgets(self) -> list[QWidget]:
        return [self._edit]
