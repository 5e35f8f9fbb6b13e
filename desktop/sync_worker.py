"""The background sync: the engine's Qt-free scheduler run on its own QThread, signals out.

The worker never touches widgets. The window listens to `progress`, `finished`, `failed`
and `online_changed`, and calls `request_sync`, `notify_submitted`, `reconfigure`, `stop`.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

import shiboken6
from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from desktop.events import events
from desktop.tasks import run_task
from sync.client.credentials import CredentialStore
from sync.client.errors import SyncAuthError, SyncUnavailable
from sync.client.progress import SyncProgress, SyncResult
from sync.client.scheduler import Scheduler
from sync.store import Store
from sync.store.settings import get_server_url

log = logging.getLogger(__name__)

STOP_WAIT_MS = 10_000  # on close, how long to wait for a pass to reach a safe point
SYNC_NICENESS = 10  # Linux: lower CPU priority of the sync threads
PROGRESS_EVERY_MS = 100  # progress reaches the window at most this often


@dataclass(frozen=True, slots=True)
class SendProgress:
    """What the window shows while sending: `done` of `total` items, the ids on their way."""

    done: int
    total: int
    sending: frozenset[UUID]


def _lower_this_threads_priority() -> None:
    """The GUI thread wins the CPU over sync work (threads the sync starts inherit this on Linux)."""
    if hasattr(os, "setpriority"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), SYNC_NICENESS)
        except OSError as exc:
            log.info("could not lower the sync thread's priority: %s", exc)


SchedulerFactory = Callable[[Store, "_Runner"], Scheduler]


class _Runner(QObject):
    """Lives on the sync thread; calls the blocking scheduler loop and relays its callbacks."""

    progress = Signal(object)
    pass_done = Signal(object)
    pass_failed = Signal(object)
    online = Signal(bool)

    def __init__(self, store: Store, scheduler_factory: SchedulerFactory) -> None:
        super().__init__()
        self.scheduler = scheduler_factory(store, self)

    @Slot()
    def run(self) -> None:
        _lower_this_threads_priority()
        try:
            self.scheduler.run()
        except BaseException as exc:  # noqa: BLE001 - reported to the window, never a silent death
            log.exception("sync scheduler stopped on an error")
            self.pass_failed.emit(exc)


def _make_scheduler(store: Store, runner: _Runner) -> Scheduler:
    """The engine's scheduler, its callbacks relayed as the runner's signals (any thread)."""
    return Scheduler(
        store,
        on_progress=runner.progress.emit,
        on_result=runner.pass_done.emit,
        on_error=runner.pass_failed.emit,
        on_reachability=runner.online.emit,
    )


def _enrolled(store: Store) -> bool:
    with store.session() as session:
        url = get_server_url(session=session)
    return bool(url) and CredentialStore(store.data_dir).load() is not None


class SyncWorker(QObject):
    """Owns the sync thread. Background failures: `failed(error, False, auth)`; user-started: True."""

    progress = Signal(object)  # SendProgress
    finished = Signal(object)  # the SyncResult of one successful pass
    failed = Signal(object, bool, bool)  # error, started by the clerk, token rejected
    online_changed = Signal(bool)
    enrolment_changed = Signal(bool)

    def __init__(self, store: Store, parent: QObject | None = None, *,
                 scheduler_factory: SchedulerFactory | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._factory = scheduler_factory or _make_scheduler
        self._thread: QThread | None = None
        self._runner: _Runner | None = None
        self._enrolled = False
        self._known = False  # whether the enrolment check has answered yet
        self._user_waiting = False
        self._wanted = False
        self._latest: SyncProgress | None = None
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_EVERY_MS)
        self._progress_timer.timeout.connect(self._emit_progress)
        events().settings_changed.connect(self.reconfigure)

    # -- control (GUI thread) -----------------------------------------------------------

    def is_enrolled(self) -> bool | None:
        """Whether this PC is enrolled; None until the (off-thread) check has answered."""
        return self._enrolled if self._known else None

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self) -> None:
        """Start syncing in the background once this PC is enrolled (checked off the GUI thread)."""
        self._wanted = True
        self.reconfigure()

    def reconfigure(self) -> None:
        """Settings or enrolment changed: re-read them and restart the scheduler if needed."""
        store = self._store
        run_task(lambda: _enrolled(store), on_success=self._configured,
                 on_failure=lambda exc: log.warning("reading the sync settings failed: %s", exc))

    def _configured(self, enrolled: bool) -> None:
        if not shiboken6.isValid(self):
            return
        self._enrolled, self._known = enrolled, True
        self.enrolment_changed.emit(enrolled)
        self.stop()
        if enrolled and self._wanted:
            self._launch()
            if self._user_waiting:
                self._runner.scheduler.request_sync()

    def _launch(self) -> None:
        runner = _Runner(self._store, self._factory)
        thread = QThread(self)
        thread.setObjectName("pantau-sync")
        runner.moveToThread(thread)
        thread.started.connect(runner.run)
        runner.progress.connect(self._on_progress)
        runner.pass_done.connect(self._on_done)
        runner.pass_failed.connect(self._on_failed)
        runner.online.connect(self.online_changed)
        self._runner, self._thread = runner, thread
        thread.start(QThread.Priority.LowPriority)  # honoured on Windows and macOS
        log.info("background sync started")

    def request_sync(self, *, user_started: bool = False) -> None:
        """Sync now; when the clerk asked (`user_started`), a failure of that pass gets a dialog."""
        self._user_waiting = self._user_waiting or user_started
        if self._runner is not None:
            self._runner.scheduler.request_sync()  # else: sent as soon as the worker runs

    def notify_submitted(self) -> None:
        """A report was just submitted: the scheduler sends it soon."""
        if self._runner is not None:
            self._runner.scheduler.notify_submitted()

    def shutdown(self) -> None:
        """The window closes: stop for good, also on later settings changes."""
        self._wanted = False
        events().settings_changed.disconnect(self.reconfigure)
        self.stop()

    def stop(self) -> None:
        """Stop cooperatively: the scheduler finishes its current step, then the thread ends."""
        runner, thread = self._runner, self._thread
        self._runner = self._thread = None
        if runner is None or thread is None:
            return
        runner.scheduler.stop()
        thread.quit()
        if not thread.wait(STOP_WAIT_MS):
            log.warning("sync thread did not stop within %d ms", STOP_WAIT_MS)
        runner.deleteLater()
        thread.deleteLater()
        log.info("background sync stopped")

    # -- relays (GUI thread) ------------------------------------------------------------

    def _on_progress(self, progress: SyncProgress) -> None:
        self._latest = progress
        if not self._progress_timer.isActive():
            self._progress_timer.start()

    def _emit_progress(self) -> None:
        progress, self._latest = self._latest, None
        if progress is not None and progress.phase != "done":
            self.progress.emit(SendProgress(done=progress.items_done, total=progress.items_total,
                                            sending=frozenset(progress.sending)))

    def _on_done(self, result: SyncResult) -> None:
        self._user_waiting = False
        self._latest = None
        events().reports_changed.emit()
        self.finished.emit(result)

    def _on_failed(self, error: BaseException) -> None:
        self._latest = None
        user_started, self._user_waiting = self._user_waiting, False
        auth = isinstance(error, SyncAuthError)
        if isinstance(error, SyncUnavailable):
            self.online_changed.emit(False)
        log.info("sync pass failed: %s", error)
        self.failed.emit(error, user_started, auth)
