"""The one way the GUI runs slow work: a function on Qt's thread pool, results back on the GUI thread.

    run_task(lambda: list_reports(...), on_success=self._show, on_failure=self._fail)

The function must not touch widgets; the callbacks run on the GUI thread. Pass `owner=self`
when the callbacks use a window that may be closed and deleted before the task ends: they are
then dropped instead of touching a deleted widget.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

_running: set[_Relay] = set()  # keeps relays alive until their task reports back


class _Relay(QObject):
    """Lives on the GUI thread; its slots therefore run there (queued from the worker)."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, on_success: Callable[[Any], None] | None,
                 on_failure: Callable[[BaseException], None] | None, owner: QObject | None = None) -> None:
        super().__init__()
        self._on_success = on_success
        self._on_failure = on_failure
        self._owner = owner
        self.fn: Callable[[], Any] | None = None  # the task's function, released here too
        self.succeeded.connect(self._success)
        self.failed.connect(self._failure)

    def _owner_gone(self) -> bool:
        return self._owner is not None and not shiboken6.isValid(self._owner)

    @Slot(object)
    def _success(self, result: Any) -> None:
        on_success, owner_gone = self._on_success, self._owner_gone()
        self._let_go()
        if on_success is not None and not owner_gone:
            on_success(result)

    @Slot(object)
    def _failure(self, error: BaseException) -> None:
        on_failure, owner_gone = self._on_failure, self._owner_gone()
        self._let_go()
        if on_failure is not None and not owner_gone:
            on_failure(error)
        else:
            log.error("background task failed", exc_info=error)

    def _let_go(self) -> None:
        """Drop the callbacks here, on the GUI thread. The pool's thread may hold the relay last;
        were a window's bound method still inside, that thread would release the window, and
        PySide6 6.11 deletes such a widget later in the main thread, after Qt did (a crash)."""
        _running.discard(self)
        self._on_success = self._on_failure = self._owner = self.fn = None


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        # The function (whose closure may hold a window) is released on the GUI thread, by the
        # relay's `_let_go`: this thread lets go of its own references before reporting.
        fn, self._fn = self._fn, None
        relay = self._relay
        try:
            result = fn()
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            del fn
            relay.failed.emit(exc)
        else:
            del fn
            relay.succeeded.emit(result)


def _task(fn: Callable[[], Any], on_success: Callable[[Any], None] | None,
          on_failure: Callable[[BaseException], None] | None, owner: QObject | None) -> _Task:
    relay = _Relay(on_success, on_failure, owner)
    relay.fn = fn  # released with the callbacks, on the GUI thread
    _running.add(relay)
    return _Task(fn, relay)


def run_task(fn: Callable[[], Any], *, on_success: Callable[[Any], None] | None = None,
             on_failure: Callable[[BaseException], None] | None = None, owner: QObject | None = None) -> None:
    """Run `fn()` off the GUI thread; call `on_success(result)` or `on_failure(exc)` on it."""
    QThreadPool.globalInstance().start(_task(fn, on_success, on_failure, owner))


def run_in_thread(fn: Callable[[], Any], *, name: str, on_success: Callable[[Any], None] | None = None,
                  on_failure: Callable[[BaseException], None] | None = None) -> threading.Thread:
    """`run_task` on a thread of its own, for work that pool tasks wait for (the store opening at start).

    On the pool it could wait behind the very tasks that wait for it. Join the thread before
    the QApplication goes.
    """
    thread = threading.Thread(target=_task(fn, on_success, on_failure, None).run, name=name, daemon=True)
    thread.start()
    return thread


def wait_for_tasks(msecs: int = 5000) -> bool:
    """Block until running tasks finish (on shutdown and in tests)."""
    return QThreadPool.globalInstance().waitForDone(msecs)
