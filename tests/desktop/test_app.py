"""Starting the app: single instance, damaged database, crash dialog, first run, self-test."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import app as desktop_app
from desktop.first_run import FirstRunDialog
from desktop.main_window import MainWindow
from desktop.tasks import wait_for_tasks
from sync.store import open_store
from sync.store.backup import rotate_backups
from sync.store.settings import get_office, set_office
from tests.support.reports import add_reports
from tests.support.stores import new_store

ROOT = Path(__file__).resolve().parents[2]


class ModalWatcher:
    """Handles the modal dialogs that code under test opens, one after the other."""

    def __init__(self, qtbot) -> None:
        self.seen: list[str] = []
        self._handlers = []
        self._timer = QTimer()
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._poll)
        self._timer.start()
        self._qtbot = qtbot

    def expect(self, handler) -> ModalWatcher:
        self._handlers.append(handler)
        return self

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or not self._handlers or getattr(widget, "_watched", False):
            return
        widget._watched = True
        self.seen.append(widget.text() if isinstance(widget, QMessageBox) else type(widget).__name__)
        handler = self._handlers.pop(0)
        QTimer.singleShot(0, lambda: handler(widget))

    def stop(self) -> None:
        self._timer.stop()


@pytest.fixture
def modals(qtbot):
    watcher = ModalWatcher(qtbot)
    yield watcher
    watcher.stop()


@pytest.fixture
def app_run(monkeypatch):
    """`desktop.app.run` with sys.excepthook restored afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    return desktop_app.run


def _close_main_window_later(seen: list[str]) -> None:
    def close() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget.windowTitle())
                widget.close()
                return
        QTimer.singleShot(50, close)

    QTimer.singleShot(50, close)


def test_second_instance_on_the_same_data_is_refused(qapp, data_dir, modals, app_run):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom sync.store.lock import InstanceLock\n"
         "lock = InstanceLock(sys.argv[1])\nassert lock.acquire()\n"
         "print('locked', flush=True)\ntime.sleep(60)\n", str(data_dir)],
        stdout=subprocess.PIPE, text=True, encoding="utf-8", cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "locked"
        modals.expect(lambda box: box.done(0))
        assert app_run(["--data-dir", str(data_dir)]) == 1
        assert "Pantau sudah terbuka untuk folder data ini" in modals.seen[0]
    finally:
        holder.kill()
        holder.wait(10)
    # Once the other copy is gone (even killed), the lock is free again.
    lock = desktop_app.acquire_lock(data_dir)
    assert lock is not None
    lock.release()


def test_lock_is_exclusive_within_a_process_too(data_dir, qapp):
    first = desktop_app.acquire_lock(data_dir)
    assert first is not None
    assert desktop_app.acquire_lock(data_dir) is None
    first.release()


def test_with_office_set_opens_straight_to_the_main_window(qapp, data_dir, app_run):
    store = new_store(data_dir, office=None)
    with store.session() as session:
        set_office(session=session, code="81.71")
    store.close()
    titles: list[str] = []
    _close_main_window_later(titles)
    assert app_run(["--data-dir", str(data_dir)]) == 0
    assert titles == ["Pantau — Kota Ambon"]


def test_first_start_asks_for_the_office_then_opens(qapp, data_dir, modals, app_run):
    def choose_office(dialog: FirstRunDialog) -> None:
        dialog.office_combo.setCurrentIndex(dialog.office_combo.findData("81.07"))
        dialog.offline_button.click()

    titles: list[str] = []
    modals.expect(lambda shown: shown.accept())  # the new store's recovery key, shown once
    modals.expect(choose_office)
    _close_main_window_later(titles)
    assert app_run(["--data-dir", str(data_dir)]) == 0
    assert modals.seen == ["RecoveryKeyShown", "FirstRunDialog"]
    assert titles == ["Pantau — Kabupaten Kepulauan Aru"]
    store = open_store(data_dir)
    with store.session() as session:
        assert get_office(session=session) == "81.07"
    store.close()


def test_first_run_dialog_needs_an_office(qtbot, blank_store):
    ctx = desktop_app.load_context(blank_store, "id")
    dialog = FirstRunDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.offline_button.click()
    assert dialog.message.text() == "Pilih dulu kabupaten/kota kantor ini."
    dialog.office_combo.setCurrentIndex(dialog.office_combo.findData("81.04"))
    dialog.enroll_button.click()
    assert "Isi alamat server dan kode pendaftaran" in dialog.message.text()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.offline_button.click()
    assert dialog.office() == "81.04"


def _damage(data_dir: Path) -> None:
    db = data_dir / "pantau.db"
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    raw = bytearray(db.read_bytes())
    raw[:100] = b"\x00garbage" * 12 + b"\x00" * 4  # the SQLite header is gone
    db.write_bytes(bytes(raw))


def _store_with_backup(data_dir: Path) -> int:
    store = new_store(data_dir, office="81.01", auto_backup=True)
    count = len(add_reports(store, 6))
    rotate_backups(store, now=datetime.now(UTC) + timedelta(days=2))
    store.close()
    return count


def test_damaged_database_offers_the_newest_backup(qtbot, data_dir, modals):
    count = _store_with_backup(data_dir)
    _damage(data_dir)

    def restore(box: QMessageBox) -> None:
        next(b for b in box.buttons() if b.text() == "Pulihkan cadangan").click()

    modals.expect(restore)
    store = desktop_app.open_store_or_offer_backup(data_dir)
    assert store is not None
    assert "Basis data Pantau rusak" in modals.seen[0]
    from sync.store.reports import count_reports
    from sync.store.schemas import ReportQuery

    with store.session() as session:
        assert count_reports(session=session, query=ReportQuery()) == count
    store.close()
    assert list(data_dir.glob("pantau.db.before-restore-*")), "the damaged file is kept aside"


def test_damaged_database_declined_exits(qtbot, data_dir, modals):
    _store_with_backup(data_dir)
    _damage(data_dir)
    modals.expect(lambda box: next(b for b in box.buttons() if b.text() == "Keluar").click())
    assert desktop_app.open_store_or_offer_backup(data_dir) is None


def test_damaged_database_without_backup_says_so(qtbot, data_dir, modals):
    new_store(data_dir, office=None).close()
    _damage(data_dir)
    modals.expect(lambda box: box.done(0))
    assert desktop_app.open_store_or_offer_backup(data_dir) is None
    assert "tidak ada cadangan" in modals.seen[0]


def test_a_database_from_a_newer_pantau_is_not_offered_a_restore(qtbot, data_dir, modals):
    _store_with_backup(data_dir)
    store = open_store(data_dir, auto_backup=False)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
        conn.exec_driver_sql("PRAGMA user_version = 7000000")  # what Pantau 7.0.0 stamps
    store.close()
    before = sorted(p.name for p in data_dir.iterdir())
    modals.expect(lambda box: box.done(0))
    assert desktop_app.open_store_or_offer_backup(data_dir) is None
    assert len(modals.seen) == 1 and "Pantau versi 7.0.0" in modals.seen[0]
    assert "rusak" not in modals.seen[0].replace("tidak rusak", "")
    assert sorted(p.name for p in data_dir.iterdir()) == before  # nothing restored


def test_a_onedrive_data_folder_is_refused_with_a_message(qapp, tmp_path, modals, app_run):
    modals.expect(lambda box: box.done(0))
    assert app_run(["--data-dir", str(tmp_path / "OneDrive" / "Pantau")]) == 1
    assert "OneDrive" in modals.seen[0] and "disk komputer ini" in modals.seen[0]
    assert not (tmp_path / "OneDrive").exists()


def test_the_self_test_backs_up_and_restores(data_dir):
    from desktop import self_test

    new_store(data_dir, office="81.01").close()
    self_test._backup_and_restore(data_dir)  # raises when a step fails
    assert list(data_dir.glob("pantau.db.before-restore-*"))


def test_unexpected_error_is_logged_and_shown_once(qtbot, tmp_path, modals):
    log_path = desktop_app.configure_logging(tmp_path)
    reporter = desktop_app.CrashReporter(log_path)
    details: list[str] = []

    def close(box: QMessageBox) -> None:
        details.append(box.detailedText())
        box.done(0)

    modals.expect(close)
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as exc:
        reporter(type(exc), exc, exc.__traceback__)
    assert "Terjadi kesalahan yang tidak terduga" in modals.seen[0]
    assert "ZeroDivisionError: boom" in details[0]
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_path.read_text(encoding="utf-8")
    assert "unexpected error" in text and "ZeroDivisionError: boom" in text


def test_unknown_option_is_refused_clearly():
    with pytest.raises(SystemExit):
        desktop_app.parse_args(["--lang", "fr"])


def test_self_test_command_exits_zero():
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "desktop.entry", "--self-test"], cwd=ROOT,
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "self-test passed" in result.stderr
    assert time.monotonic() - started < 60


def test_tasks_are_drained(qapp):
    assert wait_for_tasks(5000)
