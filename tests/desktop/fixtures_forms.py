"""Old home of the form and editor helpers: now in tests/support/qt.py (names kept)."""

from tests.support.qt import (  # noqa: F401
    ALL_TYPES_FORM,
    DESA,
    EARLY_WARNING,
    FULL_VALUE,
    KECAMATAN,
    OFFICE,
    all_types_form,
    field_env,
    open_editor,
    pdf_pages,
    shown,
    submitted_report,
)
