"""What every field editor is: a widget that edits one form field's JSON value."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from sync.forms import FieldDef
from sync.regions import Regions
from sync.store.schemas import AttachmentInfo

_PATH_HEAD = re.compile(r"^([^.\[]+)(.*)$")


def split_path(path: str) -> tuple[str, str]:
    """An error's field path → its first field and the rest: 'tindak_lanjut[1].batas_waktu' →
    ('tindak_lanjut', '[1].batas_waktu')."""
    match = _PATH_HEAD.match(path)
    return (match.group(1), match.group(2)) if match else (path, "")


def combo_value(combo: QComboBox) -> Any:
    """The data of the chosen item; None for the "— pilih —" placeholder at index 0."""
    index = combo.currentIndex()
    return combo.itemData(index) if index > 0 else None


class AttachmentHost(Protocol):
    """Where an attachments field stores files: the report editor (needs a draft to attach to)."""

    def add_files(self, paths: list[str], done: Callable[[list[AttachmentInfo]], None]) -> None: ...

    def remove_files(self, hashes: list[str]) -> None: ...

    def info(self, sha256: str) -> AttachmentInfo | None: ...

    def file_data(self, sha256: str) -> bytes | None: ...  # plaintext, off the GUI thread

    @property
    def folder(self) -> str:
        """The folder the file picker opens in: the one photos were last taken from."""
        ...

    @folder.setter
    def folder(self, value: str) -> None: ...


@dataclass
class FieldEnv:
    """What editors need besides their definition: the office, the language, region data."""

    office: str | None
    lang: str = "id"
    regions: Regions = field(default_factory=Regions.load)
    attachments: AttachmentHost | None = None
    read_only: bool = False


class FieldEditor(QWidget):
    """Edits one field; `value()` is the JSON value (None when empty) and `set_value` its inverse.

    A value given to `set_value` comes back unchanged from `value()` until the clerk edits it,
    even when the widget shows it differently (a UTC time shown in WIT, say).
    """

    changed = Signal()

    def __init__(self, field_def: FieldDef, env: FieldEnv, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field_def = field_def
        self.env = env

    def notify_changed(self, *_args: object) -> None:
        """Slot for the inner widgets' change signals, whatever they carry."""
        self.changed.emit()

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def input_error(self) -> str | None:
        """A message when what was typed cannot become a value (e.g. "31/02/2024"), else None."""
        return None

    def input_errors(self) -> dict[str, str]:
        """Such messages by path inside this field ("" for the field itself; groups have more)."""
        message = self.input_error()
        return {"": message} if message else {}

    def focus_widgets(self) -> list[QWidget]:
        """The widgets that take keyboard focus, in Tab order."""
        raise NotImplementedError

    def was_edited(self, path: str) -> bool:
        """Whether the clerk has edited the part named by `path` ("" is the whole field)."""
        del path
        return True  # called only for fields that changed; groups answer per row and sub-field

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show messages for paths inside this field ("[1].batas_waktu"); only groups have any."""
        del errors

    def focus_path(self, path: str) -> None:
        """Put the cursor on this field, or on the part of it named by `path`."""
        del path
        widgets = self.focus_widgets()
        if widgets:
            widgets[0].setFocus()
