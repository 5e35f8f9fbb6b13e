"""Forms as data: versioned definitions, the shared validator, and display of field values."""

from sync.forms.definition import Choice, FieldDef, FormDef, parse_form
from sync.forms.errors import FieldError, FormDefinitionError, UnknownForm
from sync.forms.registry import FormRegistry
from sync.forms.text import WIT
from sync.forms.validation import apply_defaults, validate

__all__ = [
    "WIT",
    "Choice",
    "FieldDef",
    "FieldError",
    "FormDef",
    "FormDefinitionError",
    "FormRegistry",
    "UnknownForm",
    "apply_defaults",
    "parse_form",
    "validate",
]
