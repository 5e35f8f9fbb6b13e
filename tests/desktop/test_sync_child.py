"""The sync child on an office PC: it loads no QtWidgets, a blocked program is reported and tried
again, stopping a child never freezes the window, and a wrong PC clock it reports is shown."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

import desktop.sync_worker as sync_worker
from desktop.main_window import MainWindow
from desktop.sync_worker import SyncBlocked, SyncWorker
from sync.client.credentials import CredentialStore
from sync.client.scheduler import Scheduler
from sync.store.settings import set_server_url
from tests.support.qt import TICK_MS, LoopWatch, close_next_box, wait_loaded

ROOT = Path(__file__).resolve().parents[2]
NOWHERE = "http://127.0.0.1:9"  # the discard port: refused at once, nothing is sent anywhere
STUCK_WAIT_MS = 400  # how long a stopping child that does not answer is waited for, in the test

# The child as the window starts it, plus one last line saying which Qt modules it loaded.
_CHILD = """
import json, sys
from desktop.entry import main
code = main(["--sync-worker", "--data-dir", sys.argv[1]])
loaded = sorted(name for name in sys.modules if name.startswith(("PySide6", "shiboken6")))
print(json.dumps({"kind": "modules", "code": code, "loaded": loaded}), flush=True)
"""

# A child that runs: it says one line (the link is down), then waits until its input closes.
_SPEAKS = "import sys; print('{\"kind\": \"link\", \"value\": \"disconnected\"}', flush=True); sys.stdin.read()"


def _enrolled_offline(store) -> None:
    """This PC looks enrolled, with a server that refuses connections."""
    with store.session() as session:
        set_server_url(session=session, url=NOWHERE)
    CredentialStore(store.data_dir).save("token-uji")


def test_the_sync_child_never_loads_qt_widgets(data_dir):
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(data_dir)], cwd=ROOT, text=True,
                             encoding="utf-8", stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        first = json.loads(child.stdout.readline())
        out, _ = child.communicate("stop\n", timeout=60)
    finally:
        child.kill()
    assert first["kind"] == "error" and first["type"] == "SyncAuthError"  # not enrolled: it ran
    modules = json.loads(out.strip().splitlines()[-1])
    assert modules["code"] == 0
    assert "PySide6.QtWidgets" not in modules["loaded"]
    assert modules["loaded"] == []  # no Qt at all: nothing for an antivirus to hold up


@pytest.fixture
def blocked_program(tmp_path: Path, monkeypatch) -> Path:
    """The sync program as AppLocker leaves it: there, but it may not be executed."""
    program = tmp_path / "pantau.exe"
    program.write_bytes(b"MZ")
    program.chmod(0o600)
    monkeypatch.setattr(sync_worker, "worker_command", lambda data_dir: [str(program), "--sync-worker"])
    monkeypatch.setattr(sync_worker, "RESTART_AFTER_MS", 50)
    return program


def test_the_waits_of_an_office_pc(store):
    """The tests shorten these; on an office PC quitting during a stuck sync returns within 2 s,
    a dead or blocked sync program is tried again after 30 s, doubling up to 10 minutes, and a
    submitted report leaves 1 s after its submit (the scheduler's own delay)."""
    assert sync_worker.STOP_WAIT_MS == 1_000
    assert (sync_worker.RESTART_AFTER_MS, sync_worker.RESTART_MAX_MS) == (30_000, 600_000)
    assert SyncWorker(store).submit_delay is None
    assert inspect.signature(Scheduler).parameters["submit_delay"].default == 1.0


def test_a_blocked_sync_program_is_reported_and_tried_again(qtbot, store, blocked_program, monkeypatch):
    _enrolled_offline(store)
    worker = SyncWorker(store)
    failures: list[tuple[object, bool]] = []
    worker.failed.connect(lambda error, user, _auth: failures.append((error, user)))
    with qtbot.waitSignal(worker.blocked_changed, timeout=10_000) as blocked:
        worker.start()
    assert blocked.args == [True]
    qtbot.waitUntil(lambda: len(failures) >= 3, timeout=10_000)  # after 0.05 s, then 0.1 s
    assert all(isinstance(error, SyncBlocked) and not user for error, user in failures)
    assert not worker.is_running()

    # The clerk presses "Kirim sekarang": tried at once, and the failure is theirs (a dialog).
    worker._restart_timer.start(60_000)
    count = len(failures)
    worker.request_sync(user_started=True)
    qtbot.waitUntil(lambda: len(failures) > count, timeout=10_000)
    assert failures[-1][1] is True

    # The IT staff add the exclusion: the next try runs, and the warning goes away. (A program
    # that speaks as the child does; the real child's words are test_sync_worker's.)
    monkeypatch.setattr(sync_worker, "worker_command", lambda data_dir: [sys.executable, "-c", _SPEAKS])
    with qtbot.waitSignal(worker.blocked_changed, timeout=30_000) as unblocked:
        worker._restart_timer.start(0)
    assert unblocked.args == [False]
    assert worker.is_running()
    worker.shutdown()
    assert not worker.is_running()


def _blocked_window(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    wait_loaded(qtbot, window.model)
    qtbot.waitUntil(lambda: window.status.blocked.isVisible(), timeout=10_000)
    return window


def test_the_window_says_the_sync_program_is_blocked(qtbot, ctx, store, blocked_program):
    _enrolled_offline(store)
    window = _blocked_window(qtbot, ctx)
    assert window.status.blocked.text() == "Pengiriman diblokir — periksa antivirus"
    assert QApplication.activeModalWidget() is None  # in the background: no dialog
    window.close()


def test_stopping_a_child_that_does_not_answer_keeps_the_window_responsive(qtbot, store, monkeypatch):
    """A child stuck in a long request: the window waits for it without freezing, then kills it."""
    _enrolled_offline(store)
    # Each wait is twice the stall bound below: a GUI thread blocked by it would be seen.
    monkeypatch.setattr(sync_worker, "STOP_WAIT_MS", STUCK_WAIT_MS)
    monkeypatch.setattr(sync_worker, "worker_command", lambda data_dir: [
        sys.executable, "-c", "import time; time.sleep(120)"])  # reads no command, never stops
    worker = SyncWorker(store)
    worker.start()
    qtbot.waitUntil(worker.is_running, timeout=10_000)
    stuck = worker._process.processId()

    watch = LoopWatch(0.2)
    watch.start()
    qtbot.wait(50)
    worker.reconfigure()  # settings saved: the stuck child is replaced, the window goes on
    qtbot.waitUntil(lambda: worker.is_running() and worker._process.processId() != stuck,
                    timeout=10_000)
    worker.shutdown()  # the window closes: it waits, pumping events, then kills
    qtbot.wait(50)
    watch.stop()
    assert not worker.is_running() and not worker._stopping
    assert watch.ticks > 2 * STUCK_WAIT_MS // TICK_MS // 3  # the loop ran through both waits
    assert watch.worst < 0.2, f"the window froze {watch.worst * 1000:.0f} ms: {watch.stalls}"
    with pytest.raises(ProcessLookupError):
        os.kill(stuck, 0)


def test_a_wrong_pc_clock_is_shown_in_the_status_bar(qtbot, ctx):
    window = MainWindow(ctx, start_sync=False)
    qtbot.addWidget(window)
    window.show()
    wait_loaded(qtbot, window.model)
    window.sync_worker._dispatch({"kind": "clock", "offset": 7200.0})  # a line from the child
    assert window.status.clock.isVisible()
    assert window.status.clock.text() == (
        "Jam komputer 2 jam lebih lambat dari server provinsi — periksa jam dan zona waktu")
    window.sync_worker._dispatch({"kind": "clock", "offset": -5400.0})
    assert window.status.clock.text().startswith("Jam komputer 1 jam 30 menit lebih cepat")
    window.sync_worker._dispatch({"kind": "clock", "offset": 42.0})  # clock fixed
    assert not window.status.clock.isVisible()
    window.close()


def test_send_now_while_blocked_says_what_to_ask_the_it_staff(qtbot, ctx, store, blocked_program):
    _enrolled_offline(store)
    window = _blocked_window(qtbot, ctx)
    seen = close_next_box()
    window.send_now_action.trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert "antivirus atau AppLocker" in seen[0][1]
    window.close()
