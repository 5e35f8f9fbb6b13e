"""The store opening in the background while the first window already shows (a start's last second)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.tasks import run_in_thread

if TYPE_CHECKING:
    from sync.store import Store

logger = logging.getLogger(__name__)


def _daily_backup(store: Store) -> None:
    """The day's automatic backup (`open_store` makes it in the usual start), made once the store
    is open, so that the day's first list and sync do not wait for a copy of the whole database.
    One that fails (a full disk) is logged and tried again at the next start; writes then say the
    disk is full."""
    from sync.store.backup import rotate_backups

    try:
        rotate_backups(store)
    except OSError as exc:
        logger.error("no automatic backup made: %s", exc)


class OpeningStore:
    """Stands for the `Store` that `open_store` is opening in a thread of its own.

    `data_dir` answers at once. Anything else (`session()`, `key`, `close()`…) waits until the
    store is open, then is the store's, or raises what stopped it from opening. Off the GUI
    thread that wait is what the window's first reads do; on the GUI thread only a clerk's
    action within the first second of a start can meet it.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._opened: Future[Store] = Future()
        self._thread: threading.Thread | None = None
        self._backing_up: threading.Thread | None = None  # the day's backup, after the opening
        self._closing = False
        self._lock = threading.Lock()
        self._callbacks: tuple[Callable[[Store], None], Callable[[BaseException], None]] | None = None
        self._reported = False

    def start(self, *, on_opened: Callable[[Store], None], on_failed: Callable[[BaseException], None]) -> None:
        """Open the store (migrated: all `open_store` does but the day's backup) in a thread; then
        call back on the GUI thread. The backup follows (`_opened_well`)."""
        self._callbacks = (on_opened, on_failed)
        self._begin()
        self._report()  # already opened (see `result`): at once

    def _begin(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = run_in_thread(self._open, name="store-opening", on_success=self._opened_well,
                                             on_failure=lambda _error: self._report())

    def _open(self) -> Store:
        from sync.store import open_store

        try:
            store = open_store(self.data_dir, auto_backup=False)
        except BaseException as exc:
            self._opened.set_exception(exc)
            raise
        self._opened.set_result(store)
        return store

    def _opened_well(self, store: Store) -> None:
        """On the GUI thread: report, then the day's backup in a thread of its own (reads and
        the first sync do not wait for it; `close` does)."""
        self._report()
        with self._lock:
            if not self._closing:  # a window closed at once: the next start makes it
                self._backing_up = run_in_thread(lambda: _daily_backup(store), name="daily-backup")

    def _report(self) -> None:
        """On the GUI thread: the outcome to `start`'s callbacks, once both are there."""
        if self._reported or self._callbacks is None or not self._opened.done():
            return
        self._reported = True
        on_opened, on_failed = self._callbacks
        error = self._opened.exception()
        if error is not None:
            on_failed(error)
        else:
            on_opened(self._opened.result())

    def failed(self) -> bool:
        """The opening ended in an error (the window closes; the usual start says why)."""
        return self._opened.done() and self._opened.exception() is not None

    def result(self) -> Store:
        """The open store (waiting for it)."""
        if self._thread is None and threading.current_thread() is threading.main_thread():
            self._begin()  # asked on the GUI thread before `start`: open now rather than wait for ever
        return self._opened.result()

    def close(self) -> None:
        """Close the store once the opening thread has ended; nothing to close when it did not open."""
        if self._thread is None:
            return
        self._thread.join()
        with self._lock:
            self._closing = True
            backing_up = self._backing_up
        if backing_up is not None:
            backing_up.join()
        if self._opened.exception() is None:
            self._opened.result().close()

    def __getattr__(self, name: str) -> Any:
        # Only names this class lacks arrive here: the store's own, once it is open.
        return getattr(self.result(), name)
