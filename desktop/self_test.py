"""`pantau --self-test`: the real window offscreen on a throw-away data folder, one report through it."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

log = logging.getLogger(__name__)

TIMEOUT_S = 30.0

SAMPLE_REPORT = {
    "tanggal": date.today().isoformat(),
    "sasaran": ["pemilih_pemula"],
    "peserta_laki_laki": 12,
    "peserta_perempuan": 15,
    "platform": "konvensional",
}


def wait_until(condition: Callable[[], bool], timeout_s: float = TIMEOUT_S) -> bool:
    """Process Qt events until `condition()` holds or the time is up."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)
    return True


def _check(ok: bool, what: str) -> None:
    if not ok:
        raise RuntimeError(f"self-test failed: {what}")
    log.info("self-test: %s", what)


def run_self_test(*, lang: str = "id") -> int:
    """Returns 0 when the window opened, a report was created, saved and listed, backed up and restored."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    started = time.monotonic()
    try:
        # A scanner may still hold a file of the folder for a moment: never fail on cleaning up.
        with tempfile.TemporaryDirectory(prefix="pantau-self-test-", ignore_cleanup_errors=True) as tmp:
            _exercise(Path(tmp), lang)
    except Exception:
        log.exception("self-test failed")
        return 1
    log.info("self-test passed in %.2f s", time.monotonic() - started)
    return 0


def _exercise(data_dir: Path, lang: str) -> None:
    from desktop.app import application, install_translations
    from sync.store import keys
    from sync.store.lock import InstanceLock

    app = application()
    install_translations(app, lang)
    # The self-test's own folder is keyed by a passphrase: the PC's credential store is left alone.
    os.environ.setdefault(keys.PASSPHRASE_ENV, "pantau-self-test")
    lock = InstanceLock(data_dir)
    _check(lock.acquire(), "data folder locked")
    try:
        _window_round(data_dir, lang)
        _backup_and_restore(data_dir)
    finally:
        lock.release()


def _window_round(data_dir: Path, lang: str) -> None:
    from desktop.app import load_context
    from desktop.events import events
    from desktop.main_window import MainWindow
    from desktop.report_table_model import REPORT_ROLE
    from desktop.tasks import wait_for_tasks
    from sync.regions import Regions
    from sync.store import open_store
    from sync.store.reports import create_draft, save_draft
    from sync.store.settings import set_office

    store = open_store(data_dir)
    try:
        office = Regions.load().regencies()[0].code
        with store.session() as session:
            set_office(session=session, code=office)
        ctx = load_context(store, lang)
        window = MainWindow(ctx, start_sync=False)
        window.show()
        _check(window.isVisible() and window.windowTitle().startswith("Pantau"), "main window shown")
        _check(wait_until(lambda: not window.model.is_loading()), "empty list loaded")

        with store.session() as session:
            draft = create_draft(session=session, form_id="pendidikan_politik", data=SAMPLE_REPORT)
        with store.session() as session:
            saved = save_draft(session=session, report_id=draft.id,
                               data={**SAMPLE_REPORT, "peserta_perempuan": 16})
        _check(saved.id == draft.id, "report created and saved")
        events().reports_changed.emit()

        def listed() -> bool:
            report = window.model.index(0, 0).data(REPORT_ROLE) if window.model.rowCount() else None
            return report is not None and report.id == draft.id and report.data.get("peserta_perempuan") == 16

        _check(wait_until(listed), "report listed in the main window")
        window.close()
        wait_for_tasks()
    finally:
        store.close()


def _backup_and_restore(data_dir: Path) -> None:
    """The file work that differs most on Windows: backup of an open store, replacing the database."""
    from sync.store import backup, check, cipher, open_store, restore
    from sync.store.reports import count_reports, create_draft
    from sync.store.schemas import ReportQuery

    store = open_store(data_dir, auto_backup=False)
    try:
        saved = backup(store, data_dir / "self-test-backup.db")
        with store.session() as session:
            backed_up = count_reports(session=session, query=ReportQuery())
            create_draft(session=session, form_id="pendidikan_politik", data=SAMPLE_REPORT)
    finally:
        store.close()
    _check(saved.is_file(), "backup written while the store was open")
    kept = restore(data_dir, saved)
    store = open_store(data_dir, auto_backup=False)
    try:
        with store.session() as session:
            reports = count_reports(session=session, query=ReportQuery())
        _check(reports == backed_up and check(store).ok and kept.is_file(),
               "backup restored over the database")
        _check(not cipher.is_plaintext(store.db_path) and not cipher.is_plaintext(saved),
               "store and backup encrypted (SQLCipher)")
    finally:
        store.close()
