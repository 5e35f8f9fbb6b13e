"""Errors of the forms package: a bad definition, an unknown form, a field-level problem."""

from __future__ import annotations

from dataclasses import dataclass


class FormDefinitionError(ValueError):
    """A form definition (file or published JSON) is malformed; the message says where."""


class UnknownForm(KeyError):
    """No definition for this form id (or version); the message lists what is known."""

    def __str__(self) -> str:  # KeyError would repr() the message, quotes and all
        return str(self.args[0]) if self.args else "unknown form"


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one field of a report; `field` is a path like `tindak_lanjut[1].batas_waktu`."""

    field: str
    code: str
    message_id: str
    message_en: str

    def message(self, lang: str = "id") -> str:
        return self.message_en if lang == "en" else self.message_id

    def __str__(self) -> str:
        return f"{self.field}: {self.message_id}"
