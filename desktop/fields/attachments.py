"""The attachments field: a list of SHA-256 hashes, edited through the attachments panel."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.attachments_panel import AttachmentsPanel
from desktop.fields.base import FieldEditor, FieldEnv
from sync.forms import FieldDef


class AttachmentsEditor(FieldEditor):
    def __init__(self, field_def: FieldDef, env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(field_def, env, parent)
        self.panel = AttachmentsPanel(env.attachments, read_only=env.read_only, parent=self)
        self.panel.changed.connect(self.notify_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)

    def value(self) -> Any:
        return self.panel.hashes() or None

    def set_value(self, value: Any) -> None:
        self.panel.set_hashes(list(value or []))

    def focus_widgets(self) -> list[QWidget]:
        return self.panel.focus_widgets()
