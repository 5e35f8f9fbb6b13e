"""The background sync: the engine's Qt-free scheduler in a child process, signals out.

Why a process and not a QThread: the sync engine is Python (SQLAlchemy, pydantic, requests)
and shares the GIL with the GUI. Measured with 2,000 reports over a slow link, the event
loop stalled 60-160 ms in a thread; in a child process the GUI only reads short JSON lines.

The child (`pantau --sync-worker --data-dir D`, i.e. `run_sync_process`) runs
`sync.client.scheduler.Scheduler` and writes one JSON object per line on stdout:
`progress`, `result`, `error`, `reachable`. It reads commands on stdin (`sync`,
`submitted`, `stop`) and stops when stdin closes, so it never outlives the window.

The worker never touches widgets. The window listens to `progress`, `finished`, `failed`,
`online_changed`, `enrolment_changed`, and calls `start`, `request_sync`,
`notify_submitted`, `reconfigure`, `shutdown`.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import shiboken6
from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from desktop.events import events
from desktop.tasks import run_task
from sync.client import errors as sync_errors
from sync.store import Store

log = logging.getLogger(__name__)

WORKER_OPTION = "--sync-worker"
STOP_WAIT_MS = 10_000  # on close, how long a pass may take to reach a safe point
PROGRESS_EVERY_MS = 100  # progress reaches the window at most this often
RESTART_AFTER_MS = 30_000  # a sync process that died is started again after this pause
_ERRORS = {cls.__name__: cls for cls in (sync_errors.SyncAuthError, sync_errors.SyncUnavailable,
                                         sync_errors.SyncProtocolError, sync_errors.SyncError)}


@dataclass(frozen=True, slots=True)
class SendProgress:
    """What the window shows while sending: `done` of `total` items, the ids on their way."""

    done: int
    total: int
    sending: frozenset[UUID]


def error_from_message(message: dict[str, Any]) -> sync_errors.SyncError:
    """The engine error a child reported, rebuilt on the GUI side."""
    if message.get("type") == "SyncRejected":
        return sync_errors.SyncRejected(message["message"], status=message.get("status", 400),
                                        code=message.get("code"))
    return _ERRORS.get(message.get("type", ""), sync_errors.SyncError)(message["message"])


def _enrolled(store: Store) -> bool:
    from sync.client.credentials import CredentialStore
    from sync.store.settings import get_server_url

    with store.session() as session:
        url = get_server_url(session=session)
    return bool(url) and CredentialStore(store.data_dir).load() is not None


def worker_command(data_dir: Path) -> list[str]:
    """The program and arguments that start the sync child (also from the PyInstaller bundle)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_OPTION, "--data-dir", str(data_dir)]
    return [sys.executable, "-m", "desktop.entry", WORKER_OPTION, "--data-dir", str(data_dir)]


class SyncWorker(QObject):
    """Owns the sync child. Background failures: `failed(error, False, auth)`; user-started: True."""

    progress = Signal(object)  # SendProgress
    finished = Signal(object)  # dict: the counts of one successful pass
    failed = Signal(object, bool, bool)  # error, started by the clerk, token rejected
    online_changed = Signal(bool)
    enrolment_changed = Signal(bool)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._process: QProcess | None = None
        self._enrolled = False
        self._known = False  # whether the enrolment check has answered yet
        self._user_waiting = False
        self._wanted = False
        self._latest: SendProgress | None = None
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
        return self._process is not None and self._process.state() == QProcess.ProcessState.Running

    def start(self) -> None:
        """Sync in the background once this PC is enrolled (checked off the GUI thread)."""
        self._wanted = True
        self.reconfigure()

    def reconfigure(self) -> None:
        """Settings or enrolment changed: re-read them and restart the child if needed."""
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
                self._send("sync")

    def _launch(self) -> None:
        program, *arguments = worker_command(self._store.data_dir)
        process = QProcess(self)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        process.setStandardErrorFile(QProcess.nullDevice())  # the child logs to its own file
        process.readyReadStandardOutput.connect(self._read)
        process.finished.connect(self._child_ended)
        process.start(program, arguments)
        self._process = process
        log.info("background sync started (%s)", " ".join([program, *arguments]))

    def _send(self, command: str) -> None:
        if self._process is not None:
            self._process.write(f"{command}\n".encode())

    def request_sync(self, *, user_started: bool = False) -> None:
        """Sync now; when the clerk asked (`user_started`), a failure of that pass gets a dialog."""
        self._user_waiting = self._user_waiting or user_started
        self._send("sync")  # without a child yet: sent as soon as it runs

    def notify_submitted(self) -> None:
        """A report was just submitted: the scheduler sends it soon."""
        self._send("submitted")

    def shutdown(self) -> None:
        """The window closes: stop for good, also on later settings changes."""
        self._wanted = False
        events().settings_changed.disconnect(self.reconfigure)
        self.stop()

    def stop(self) -> None:
        """Stop cooperatively: the child finishes its current request, then exits."""
        process, self._process = self._process, None
        if process is None:
            return
        process.finished.disconnect(self._child_ended)
        if process.state() != QProcess.ProcessState.NotRunning:
            process.write(b"stop\n")
            process.closeWriteChannel()
            if not process.waitForFinished(STOP_WAIT_MS):
                log.warning("sync process did not stop within %d ms; killing it", STOP_WAIT_MS)
                process.kill()
                process.waitForFinished(1000)
        process.deleteLater()
        log.info("background sync stopped")

    # -- messages from the child (GUI thread) --------------------------------------------

    def _read(self) -> None:
        process = self._process
        while process is not None and process.canReadLine():
            line = bytes(process.readLine()).decode("utf-8", "replace").strip()
            try:
                message = json.loads(line)
            except ValueError:
                log.warning("sync process said something unexpected: %r", line[:200])
                continue
            self._dispatch(message)

    def _dispatch(self, message: dict[str, Any]) -> None:
        kind = message.get("kind")
        if kind == "progress":
            self._latest = SendProgress(done=message["done"], total=message["total"],
                                        sending=frozenset(UUID(i) for i in message["sending"]))
            if not self._progress_timer.isActive():
                self._progress_timer.start()
        elif kind == "result":
            self._user_waiting = False
            self._latest = None
            events().reports_changed.emit()
            self.finished.emit(message)
        elif kind == "error":
            self._latest = None
            self._failed(error_from_message(message))
        elif kind == "reachable":
            self.online_changed.emit(bool(message["value"]))

    def _emit_progress(self) -> None:
        progress, self._latest = self._latest, None
        if progress is not None:
            self.progress.emit(progress)

    def _failed(self, error: sync_errors.SyncError) -> None:
        user_started, self._user_waiting = self._user_waiting, False
        if isinstance(error, sync_errors.SyncUnavailable):
            self.online_changed.emit(False)
        log.info("sync pass failed: %s", error)
        self.failed.emit(error, user_started, isinstance(error, sync_errors.SyncAuthError))

    def _child_ended(self, code: int, _status: QProcess.ExitStatus) -> None:
        if self._process is None:
            return
        log.error("sync process ended unexpectedly (exit code %s); restarting it in %d s",
                  code, RESTART_AFTER_MS // 1000)
        self._process.deleteLater()
        self._process = None
        self._failed(sync_errors.SyncError(f"the sync process ended (exit code {code})"))
        QTimer.singleShot(RESTART_AFTER_MS, self, self._restart)

    def _restart(self) -> None:
        if self._wanted and self._process is None:
            self.reconfigure()


# -- the child process -------------------------------------------------------------------


class _Reporter:
    """Writes the scheduler's callbacks as JSON lines on stdout (from any thread)."""

    def __init__(self, out) -> None:
        self._out = out
        self._lock = threading.Lock()

    def write(self, **message: Any) -> None:
        line = json.dumps(message, default=str)
        with self._lock:
            self._out.write(line + "\n")
            self._out.flush()

    def progress(self, progress) -> None:
        if progress.phase != "done":
            self.write(kind="progress", done=progress.items_done, total=progress.items_total,
                       sending=[str(i) for i in progress.sending])

    def result(self, result) -> None:
        self.write(kind="result", outcome=result.outcome, delivered=result.delivered,
                   duplicates=result.duplicates, rejected=len(result.rejected), pending=result.pending)

    def error(self, error: BaseException) -> None:
        self.write(kind="error", type=type(error).__name__, message=str(error),
                   status=getattr(error, "status", None), code=getattr(error, "code", None))

    def reachable(self, value: bool) -> None:
        self.write(kind="reachable", value=value)


def _listen(scheduler, commands) -> None:
    """Commands from the window; end of input (the window is gone) stops the scheduler."""
    for line in commands:
        command = line.strip()
        if command == "sync":
            scheduler.request_sync()
        elif command == "submitted":
            scheduler.notify_submitted()
        elif command == "stop":
            break
    scheduler.stop()


def run_sync_process(data_dir: Path) -> int:
    """The child's main: run the scheduler on `data_dir` until told to stop."""
    from sync.client.scheduler import Scheduler
    from sync.store import open_store

    if sys.stdout is None or sys.stdin is None:  # started without pipes: nobody to report to
        log.error("the sync process needs stdin and stdout pipes from the window")
        return 2
    store = open_store(data_dir, auto_backup=False)
    reporter = _Reporter(sys.stdout)
    scheduler = Scheduler(store, on_progress=reporter.progress, on_result=reporter.result,
                          on_error=reporter.error, on_reachability=reporter.reachable)
    threading.Thread(target=_listen, args=(scheduler, sys.stdin), name="commands", daemon=True).start()
    try:
        scheduler.run()
    finally:
        store.close()
    return 0
