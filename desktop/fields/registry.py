"""Which editor edits which field type."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.fields.attachments import AttachmentsEditor
from desktop.fields.base import FieldEditor, FieldEnv
from desktop.fields.choice import BooleanEditor, ChoiceEditor, MultiChoiceEditor
from desktop.fields.coordinates import CoordinatesEditor
from desktop.fields.dates import DateEditor, DateTimeEditor
from desktop.fields.group import GroupEditor
from desktop.fields.numbers import IntegerEditor, MoneyEditor
from desktop.fields.region import RegionEditor
from desktop.fields.text import TextAreaEditor, TextEditor
from sync.forms import FieldDef

EDITORS: dict[str, type[FieldEditor]] = {
    "text": TextEditor,
    "textarea": TextAreaEditor,
    "integer": IntegerEditor,
    "money": MoneyEditor,
    "date": DateEditor,
    "datetime": DateTimeEditor,
    "choice": ChoiceEditor,
    "multichoice": MultiChoiceEditor,
    "boolean": BooleanEditor,
    "region": RegionEditor,
    "coordinates": CoordinatesEditor,
    "group": GroupEditor,
    "attachments": AttachmentsEditor,
}


def make_editor(field_def: FieldDef, env: FieldEnv, parent: QWidget | None = None) -> FieldEditor:
    """The editor for this field; a type this program does not know is a clear error."""
    try:
        editor_class = EDITORS[field_def.type]
    except KeyError:
        raise ValueError(f"field {field_def.id!r}: no editor for field type {field_def.type!r}") from None
    return editor_class(field_def, env, parent)
