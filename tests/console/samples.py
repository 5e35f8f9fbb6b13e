"""Old home of the console's sample reports: now in tests/support/reports.py (names kept)."""

from tests.support.reports import sample_education as education  # noqa: F401
from tests.support.reports import sample_meeting as meeting  # noqa: F401
from tests.support.reports import sample_reserve as reserve  # noqa: F401
from tests.support.reports import sample_warning as warning  # noqa: F401
