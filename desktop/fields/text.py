"""Short text (one line) and long text (paragraphs) editors."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from desktop.fields.base import FieldEditor, FieldEnv
from sync.forms import FieldDef


class TextEditor(FieldEditor):
    def __init__(self, field_def: FieldDef, env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(field_def, env, parent)
        self._edit = QLineEdit(self)
        if field_def.max_length:
            self._edit.setMaxLength(field_def.max_length)
        self._edit.setReadOnly(env.read_only)
        self._edit.textChanged.connect(self.notify_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._edit)

    def value(self) -> Any:
        return self._edit.text() or None

    def set_value(self, value: Any) -> None:
        self._edit.setText("" if value is None else str(value))

    def focus_widgets(self) -> list[QWidget]:
        return [self._edit]


class TextAreaEditor(FieldEditor):
    def __init__(self, field_def: FieldDef, env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(field_def, env, parent)
        self._edit = QPlainTextEdit(self)
        self._edit.setTabChangesFocus(True)  # Tab moves to the next field, as everywhere else
        self._edit.setReadOnly(env.read_only)
        # Six lines tall, then it scrolls: the form stays short enough to see what comes next.
        self._edit.setFixedHeight(self._edit.fontMetrics().lineSpacing() * 6 + 12)
        self._edit.textChanged.connect(self.notify_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._edit)

    def value(self) -> Any:
        return self._edit.toPlainText() or None

    def set_value(self, value: Any) -> None:
        self._edit.setPlainText("" if value is None else str(value))

    def focus_widgets(self) -> list[QWidget]:
        return [self._edit]
