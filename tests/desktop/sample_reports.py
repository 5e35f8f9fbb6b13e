"""Old home of the desktop's numbered reports: now in tests/support/reports.py (names kept)."""

from tests.support.reports import (  # noqa: F401
    CATEGORIES,
    LEVELS,
    PLACES,
    START,
    add_reports,
    deliver,
    reject,
    review,
)
from tests.support.reports import numbered_education as education  # noqa: F401
from tests.support.reports import numbered_warning as early_warning  # noqa: F401
