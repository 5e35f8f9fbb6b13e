"""Old home of close_next_box: now in tests/support/qt.py."""

from tests.support.qt import close_next_box  # noqa: F401
