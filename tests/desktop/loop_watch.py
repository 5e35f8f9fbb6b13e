"""Old home of LoopWatch: now in tests/support/qt.py."""

from tests.support.qt import TICK_MS, LoopWatch  # noqa: F401
