"""The background sync: the engine's Qt-free scheduler in a child process, signals out.

Why a process and not a QThread: the sync engine is Python (SQLAlchemy, pydantic, requests)
and shares the GIL with the GUI. Measured with 2,000 reports over a slow link, the event
loop stalled 60-160 ms in a thread; in a child process the GUI only reads short JSON lines.

The child is `desktop.sync_child` (`pantau --sync-worker --data-dir D`). This is the
window's side: it starts the child, reads its lines, and starts it again with growing
pauses when it dies or cannot start at all (an antivirus or AppLocker blocking the program
is reported by `errorOccurred`, never by `finished`). It never waits for the child on the
GUI thread: a stopping child is left to finish its request while the window goes on.

The worker never touches widgets. The window listens to `progress`, `finished`, `failed`,
`link_changed`, `enrolment_changed`, `blocked_changed`, `clock_offset_changed`, and
calls `start`, `request_sync`, `notify_submitted`, `reconfigure`, `shutdown`.
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, QProcess, QTimer, Signal

from desktop.events import events
from desktop.sync_child import SUBMIT_DELAY_OPTION, WORKER_OPTION
from desktop.tasks import run_task
from sync.client import errors as sync_errors

if TYPE_CHECKING:
    from sync.store import Store

log = logging.getLogger(__name__)

# How long a stopping child may take, then it is killed. It abandons requests in flight at
# once (`Scheduler.stop`), and a kill loses nothing: every store change is one transaction.
# Quitting during a stuck sync so returns within 2 s.
STOP_WAIT_MS = 1_000
PROGRESS_EVERY_MS = 100  # progress reaches the window at most this often
RESTART_AFTER_MS = 30_000  # a sync process that died or could not start is tried again after this…
RESTART_MAX_MS = 600_000  # …doubling each time up to this, until one runs


class SyncBlocked(sync_errors.SyncError):
    """The sync program could not run (antivirus, AppLocker, a missing file); retried later."""
_ERRORS = {cls.__name__: cls for cls in (sync_errors.SyncAuthError, sync_errors.SyncUnavailable,
                                         sync_errors.SyncNoAnswer, sync_errors.SyncConnectionClosed,
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
    link_changed = Signal(str)  # sync.client.progress.CONNECTED / UNANSWERED / DISCONNECTED
    enrolment_changed = Signal(bool)
    blocked_changed = Signal(bool)  # True: the sync program cannot run on this PC (see SyncBlocked)
    clock_offset_changed = Signal(float)  # server time minus PC time (s), after each pass

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        # Seconds from a submit to the child's pass (a burst of submits makes one); None: the
        # scheduler's own. Read when a child starts.
        self.submit_delay: float | None = None
        self._process: QProcess | None = None
        self._spoke = False  # whether the running child has said anything yet
        self._stopping: set[QProcess] = set()  # told to stop, finishing their request
        self._enrolled = False
        self._known = False  # whether the enrolment check has answered yet
        self._user_waiting = False
        self._wanted = False
        self._launch_due = False  # launch once no stopping child is left
        self._failures = 0  # children in a row that died or could not start
        self._blocked = False
        self._latest: SendProgress | None = None
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_EVERY_MS)
        self._progress_timer.timeout.connect(self._emit_progress)
        self._restart_timer = QTimer(self)
        self._restart_timer.setSingleShot(True)
        self._restart_timer.timeout.connect(self._restart)
        events().settings_changed.connect(self.reconfigure)

    # -- control (GUI thread) -----------------------------------------------------------

    def is_enrolled(self) -> bool | None:
        """Whether this PC is enrolled; None until the (off-thread) check has answered."""
        return self._enrolled if self._known else None

    def is_running(self) -> bool:
        return self._process is not None and self._process.state() == QProcess.ProcessState.Running

    def is_blocked(self) -> bool:
        """The last try to run the sync program failed to start it (see `blocked_changed`)."""
        return self._blocked

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
        self._launch_due = enrolled and self._wanted
        self._launch_when_free()

    def _launch_when_free(self) -> None:
        """Start the child once the previous one has finished: two never sync at once."""
        if self._launch_due and not self._stopping and self._process is None:
            self._launch_due = False
            self._restart_timer.stop()
            self._launch()
            if self._user_waiting:
                self._send("sync")

    def _launch(self) -> None:
        program, *arguments = worker_command(self._store.data_dir)
        if self.submit_delay is not None:
            arguments += [SUBMIT_DELAY_OPTION, str(self.submit_delay)]
        process = QProcess(self)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        process.setStandardErrorFile(QProcess.nullDevice())  # the child logs to its own file
        process.readyReadStandardOutput.connect(self._read)
        process.finished.connect(self._child_ended)
        process.errorOccurred.connect(self._child_error)
        self._process, self._spoke = process, False
        log.info("starting background sync (%s)", " ".join([program, *arguments]))
        process.start(program, arguments)  # a failure to start arrives as errorOccurred

    def _send(self, command: str) -> None:
        if self._process is not None:
            self._process.write(f"{command}\n".encode())

    def request_sync(self, *, user_started: bool = False) -> None:
        """Sync now; when the clerk asked (`user_started`), a failure of that pass gets a dialog."""
        self._user_waiting = self._user_waiting or user_started
        if self._process is None and self._restart_timer.isActive() and user_started:
            self._restart_timer.stop()  # the clerk asks: try the dead or blocked child again now
            self._restart()
            return
        self._send("sync")  # without a child yet: sent as soon as it runs

    def notify_submitted(self) -> None:
        """A report was just submitted: the scheduler sends it soon."""
        self._send("submitted")

    def shutdown(self) -> None:
        """The window closes: stop for good, also on later settings changes.

        The child finishes its current request (at most `STOP_WAIT_MS`, then it is killed);
        meanwhile the event loop keeps running, so Windows never calls the window
        "Not Responding".
        """
        self._wanted = False
        self._launch_due = False
        self._restart_timer.stop()
        events().settings_changed.disconnect(self.reconfigure)
        self.stop()
        self._wait_stopped(STOP_WAIT_MS + 1000)
        for process in list(self._stopping):  # past its time (the kill timer may not have run)
            process.kill()
            process.waitForFinished(1000)  # a killed process ends at once
            self._forget(process)

    def _wait_stopped(self, msecs: int) -> None:
        """Run the event loop (not block it) until every stopping child has ended, at most `msecs`."""
        if not self._stopping:
            return
        loop = QEventLoop()
        watch, deadline = QTimer(), QTimer()
        watch.setInterval(20)
        watch.timeout.connect(lambda: None if self._stopping else loop.quit())
        deadline.setSingleShot(True)
        deadline.timeout.connect(loop.quit)
        watch.start()
        deadline.start(msecs)
        loop.exec()
        watch.stop()
        deadline.stop()

    def stop(self) -> None:
        """Stop cooperatively without waiting: the child finishes its current request, then exits."""
        process, self._process = self._process, None
        if process is None:
            return
        process.finished.disconnect(self._child_ended)
        process.errorOccurred.disconnect(self._child_error)
        if process.state() == QProcess.ProcessState.NotRunning:
            process.deleteLater()
            return
        self._stopping.add(process)
        process.finished.connect(lambda *_: self._forget(process))
        process.write(b"stop\n")
        process.closeWriteChannel()
        QTimer.singleShot(STOP_WAIT_MS, process, lambda: self._kill_late(process))
        log.info("background sync stopping")

    def _kill_late(self, process: QProcess) -> None:
        if process in self._stopping and process.state() != QProcess.ProcessState.NotRunning:
            log.warning("sync process did not stop within %d ms; killing it", STOP_WAIT_MS)
            process.kill()

    def _forget(self, process: QProcess) -> None:
        if process in self._stopping:
            self._stopping.discard(process)
            process.deleteLater()
            log.info("background sync stopped")
            self._launch_when_free()

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
            self._running_fine()
            self._dispatch(message)

    def _running_fine(self) -> None:
        """The child speaks: it runs, whatever it says. Forget earlier failures to start."""
        if not self._spoke:
            self._spoke = True
            self._failures = 0
            self._set_blocked(False)

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
        elif kind == "link":
            self.link_changed.emit(str(message["value"]))
        elif kind == "clock":
            self.clock_offset_changed.emit(float(message["offset"]))

    def _emit_progress(self) -> None:
        progress, self._latest = self._latest, None
        if progress is not None:
            self.progress.emit(progress)

    def _failed(self, error: sync_errors.SyncError) -> None:
        user_started, self._user_waiting = self._user_waiting, False
        log.info("sync pass failed: %s", error)
        self.failed.emit(error, user_started, isinstance(error, sync_errors.SyncAuthError))

    def _set_blocked(self, blocked: bool) -> None:
        if blocked != self._blocked:
            self._blocked = blocked
            self.blocked_changed.emit(blocked)

    def _child_error(self, error: QProcess.ProcessError) -> None:
        process = self._process
        if process is None or error != QProcess.ProcessError.FailedToStart:
            return  # a crash also ends in `finished`; read/write errors end there too
        log.error("the sync program could not start: %s", process.errorString())
        self._child_gone(process, SyncBlocked(
            f"the sync program could not start ({process.errorString()}); an antivirus or "
            "AppLocker may be blocking it"), blocked=True)

    def _child_ended(self, code: int, status: QProcess.ExitStatus) -> None:
        process = self._process
        if process is None:
            return
        crashed = status == QProcess.ExitStatus.CrashExit
        log.error("sync process ended unexpectedly (exit code %s%s)", code, ", crashed" if crashed else "")
        # Killed before its first word: what an antivirus that quarantines a program does.
        blocked = crashed and not self._spoke
        error = (SyncBlocked("the sync program was stopped as it started; an antivirus may be blocking it")
                 if blocked else sync_errors.SyncError(f"the sync process ended (exit code {code})"))
        self._child_gone(process, error, blocked=blocked)

    def _child_gone(self, process: QProcess, error: sync_errors.SyncError, *, blocked: bool) -> None:
        self._process = None
        process.deleteLater()
        self._failures += 1
        delay = min(RESTART_MAX_MS, RESTART_AFTER_MS * 2 ** min(self._failures - 1, 16))
        log.info("background sync tried again in %d s", delay // 1000)
        if blocked:
            self._set_blocked(True)
        self._failed(error)
        if self._wanted:
            self._restart_timer.start(delay)

    def _restart(self) -> None:
        if self._wanted and self._process is None:
            self.reconfigure()
