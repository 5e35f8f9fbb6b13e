"""Old home of the sync client's report data: now in tests/support/reports.py (names kept)."""

from tests.support.reports import (  # noqa: F401
    OFFICE,
    make_report_with_photo,
    make_reports,
    prepare_office,
    random_photo,
)
from tests.support.reports import prose_data as report_data  # noqa: F401
