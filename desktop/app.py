"""Starting the desktop app: options, logging, translations, single instance, store, first run.

A start shows the window before SQLAlchemy and SQLModel load (about a second on an office
PC): `sync.store.quick_read` reads the office, the forms and the list's first page straight
through SQLCipher while the window's modules load, and the store opens in the background
once the window shows (`desktop.store_opening`). A store that asks for its passphrase or
recovery key, needs a migration, or is not what it should be opens the usual way first.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.context import AppContext
from desktop.logs import configure_logging
from desktop.palette import use_light_style
from desktop.settings import LANGUAGES, gui_settings
from desktop.store_opening import OpeningStore
from desktop.tasks import run_task
from desktop.ui_locale import interface_locale
from desktop.unlock import open_store_asking
from sync import paths
from sync.forms import FormRegistry
from sync.forms.display import format_wit
from sync.store import keys
from sync.store.errors import StoreDamaged, StoreError
from sync.store.lock import InstanceLock

if TYPE_CHECKING:
    from desktop.main_window import MainWindow
    from sync.store import Store
    from sync.store.quick_read import Glance
    from sync.store.schemas import ReportPublic

log = logging.getLogger(__name__)
FIRST_PAINT_WAIT_MS = 500  # `AfterFirstPaint`: no window waits longer to paint
# What the clerk's next steps need (the editor, a report's window, the store's SQL under them),
# loaded off the GUI thread once the store has opened behind the window: the first click waits less.
PRELOAD = ("desktop.report_editor", "desktop.report_detail", "sync.store.outbox", "sync.store.reviews")


def parse_args(args: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="pantau", description="Pantau: pelaporan Kesbangpol (desktop)")
    parser.add_argument("--data-dir", help="data folder (default: $PANTAU_DATA_DIR or the user data dir)")
    parser.add_argument("--lang", choices=LANGUAGES, help="interface language (default: the setting, else id)")
    parser.add_argument("--self-test", action="store_true",
                        help="open the main window offscreen on a temporary data folder, create, save "
                             "and list a report, exit 0 when all worked")
    return parser.parse_args(list(args))


def application() -> QApplication:
    """The QApplication (created once)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Pantau")
    app.setOrganizationName("Kesbangpol Maluku")
    use_light_style(app)
    return app  # type: ignore[return-value]


def install_translations(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Load the interface translation for `lang` (Indonesian is the source: only Qt's buttons)."""
    names = ["pantau_en"] if lang == "en" else ["qtbase_id"]
    QLocale.setDefault(interface_locale(lang))  # calendars, date edits and numbers Qt draws itself
    installed = []
    for name in names:
        translator = QTranslator(app)
        if translator.load(str(paths.resource_path("i18n", f"{name}.qm"))):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation %s not found; showing the source strings", name)
    return installed


class CrashReporter:
    """`sys.excepthook`: log the exception, then one calm dialog (never a silent exit)."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self._showing = False

    def __call__(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        log.critical("unexpected error", exc_info=(kind, error, tb))
        if self._showing or QApplication.instance() is None:
            return
        self._showing = True
        try:
            title = QCoreApplication.translate("App", "Terjadi kesalahan")
            text = QCoreApplication.translate(
                "App", "Terjadi kesalahan yang tidak terduga. Laporan yang sudah disimpan tetap "
                "aman.\n\nRincian dicatat di: %1").replace("%1", str(self.log_path))
            box = QMessageBox(QMessageBox.Icon.Warning, title, text)
            box.setDetailedText("".join(traceback.format_exception(kind, error, tb)))
            box.exec()
        finally:
            self._showing = False


def keep_gui_responsive() -> None:
    """Keep Python's cyclic GC from pausing the GUI thread for 100 ms and more.

    The GC pauses every thread; a full pass over everything alive after start-up (modules,
    Qt wrappers, SQLAlchemy and pydantic metadata) took 100-150 ms while syncing. Those
    objects live for the whole run: freezing them once leaves later full passes only what
    was made since. Call once, after the main window is shown.
    """
    gc.collect()
    gc.freeze()


def acquire_lock(data_dir: Path) -> InstanceLock | None:
    """The single-instance lock of a data folder, or None when another Pantau holds it.

    The CLI's writing commands take the same lock; one left by a crashed Pantau is free.
    """
    lock = InstanceLock(data_dir)
    return lock if lock.acquire() else None


def refuse_second_instance(data_dir: Path, parent: QWidget | None = None) -> None:
    QMessageBox.warning(parent, "Pantau", QCoreApplication.translate(
        "App", "Pantau sudah terbuka untuk folder data ini:\n%1\n\n"
        "Gunakan jendela Pantau yang sudah terbuka. Menjalankan dua Pantau pada data yang "
        "sama dapat merusak laporan.").replace("%1", str(data_dir)))


def newest_backup(data_dir: Path) -> Path | None:
    """The newest automatic backup of the store in `data_dir` (which may not open)."""
    from sync.store.backup import list_backups

    backups = list_backups(data_dir)
    return backups[0] if backups else None


def _show_store_error(exc: StoreError, data_dir: Path, parent: QWidget | None) -> None:
    log.error("local database cannot be used: %s", exc)
    QMessageBox.critical(parent, "Pantau", QCoreApplication.translate(
        "App", "%1\n\nFolder data: %2").replace("%1", exc.message_id).replace("%2", str(data_dir)))


def open_store_or_offer_backup(data_dir: Path, parent: QWidget | None = None) -> Store | None:
    """Open the store; when it is damaged, offer the newest backup. None: it did not open.

    Only a damaged database is offered a restore: one from a newer Pantau, a full disk or a
    file that cannot be opened now are not damaged, and restoring over them would lose data.
    """
    try:
        return open_store_asking(data_dir, parent)
    except StoreDamaged as exc:
        log.error("local database is damaged: %s", exc)
        backup = newest_backup(data_dir)
    except StoreError as exc:
        _show_store_error(exc, data_dir, parent)
        return None
    if backup is None:
        QMessageBox.critical(parent, "Pantau", QCoreApplication.translate(
            "App", "Basis data Pantau rusak dan tidak ada cadangan yang dapat dipulihkan.\n"
            "Hubungi petugas TI. Folder data: %1").replace("%1", str(data_dir)))
        return None
    box = QMessageBox(QMessageBox.Icon.Warning, "Pantau", QCoreApplication.translate(
        "App", "Basis data Pantau rusak.\n\nPulihkan dari cadangan terbaru (%1)? Laporan yang dibuat "
        "setelah cadangan itu mungkin hilang; berkas yang rusak disimpan terpisah.").replace(
            "%1", format_wit(datetime.fromtimestamp(backup.stat().st_mtime, UTC))))
    restore_button = box.addButton(QCoreApplication.translate("App", "Pulihkan cadangan"),
                                   QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QCoreApplication.translate("App", "Keluar"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore_button)
    box.exec()
    if box.clickedButton() is not restore_button:
        return None
    from sync.store import open_store
    from sync.store.backup import restore

    try:
        restore(data_dir, backup)
        log.warning("restored the local database from %s", backup)
        return open_store(data_dir)
    except StoreError as exc:
        _show_store_error(exc, data_dir, parent)
        return None


def load_context(store: Store, lang: str) -> AppContext:
    """The AppContext of an open store: its office and forms (bundled + published)."""
    from sync.store.outbox import form_registry
    from sync.store.settings import get_office

    with store.session() as session:
        return AppContext(store=store, forms=form_registry(session=session),
                          office=get_office(session=session), lang=lang)


def look_first(data_dir: Path) -> Future[Glance | None]:
    """Read what the first window shows (`sync.store.quick_read`) in a thread, from the start on.

    A passphrase's key derivation and SQLite let go of the GIL: the read overlaps the
    making of the QApplication and the loading of the window's modules.
    """
    looking: Future[Glance | None] = Future()

    def read() -> None:
        from desktop.report_table_model import PAGE_SIZE
        from sync.store.quick_read import glance

        try:
            looking.set_result(glance(data_dir, limit=PAGE_SIZE))
        except BaseException as exc:  # noqa: BLE001 - handed to `quick_start`, on the GUI thread
            looking.set_exception(exc)

    threading.Thread(target=read, name="first-look", daemon=True).start()
    return looking


def quick_start(looking: Future[Glance | None], data_dir: Path, lang: str) -> tuple[AppContext, Glance] | None:
    """The context of a store still to open, and what the window shows meanwhile; None: open it first."""
    import desktop.main_window  # noqa: F401 - the window's modules, while the read goes on

    bundled = FormRegistry.bundled()  # parsed meanwhile too
    try:
        glance = looking.result()
    except Exception:  # the usual opening is always right, and says what is wrong
        log.exception("reading the store before opening it failed")
        return None
    if glance is None or glance.office is None:  # the first run sets the office up: the usual way
        return None
    keys.share_with_children(glance.key)  # the sync child opens the store without asking
    forms = bundled.with_definitions(glance.published_forms)
    ctx = AppContext(store=OpeningStore(data_dir), forms=forms, office=glance.office, lang=lang)
    return ctx, glance


def run(args: Sequence[str]) -> int:
    """`pantau` without a command: the desktop app. Returns the exit code."""
    options = parse_args(args)
    if options.self_test:
        from desktop.self_test import run_self_test

        return run_self_test(lang=options.lang or "id")
    log_path = configure_logging()
    try:
        data_dir = paths.data_dir(options.data_dir)
    except StoreError as exc:  # a network or OneDrive folder
        log.error("data folder refused: %s", exc)
        application()
        QMessageBox.critical(None, "Pantau", exc.message_id)
        return 1
    looking = look_first(data_dir)
    app = application()
    lang = options.lang or gui_settings(data_dir).language()
    install_translations(app, lang)
    sys.excepthook = CrashReporter(log_path)
    log.info("Pantau starting on %s (language %s)", data_dir, lang)

    lock = acquire_lock(data_dir)
    if lock is None:
        refuse_second_instance(data_dir)
        return 1
    try:
        quick = quick_start(looking, data_dir, lang)
        while True:  # once more after a restore chosen in the Berkas menu
            first_page: tuple[int, list[ReportPublic]] | None = None
            if quick is None:
                store = open_store_or_offer_backup(data_dir)
                if store is None:
                    return 1
                ctx = load_context(store, lang)
            else:
                (ctx, glance), quick = quick, None
                first_page = (glance.total, glance.newest)
            try:
                code = _run_windows(app, ctx, first_page)
            finally:
                ctx.store.close()
            if isinstance(ctx.store, OpeningStore) and ctx.store.failed():
                continue  # opening it the usual way says why, and offers a backup if it is damaged
            if ctx.restore_from is None:
                return code
            restore_chosen_backup(data_dir, ctx.restore_from)
    finally:
        lock.release()


def restore_chosen_backup(data_dir: Path, source: Path) -> None:
    """Put the backup the clerk chose in place of the closed database (or say why not: the old one stays)."""
    from sync.store.backup import restore

    try:
        kept = restore(data_dir, source)
    except StoreError as exc:
        log.error("restore from %s failed: %s", source, exc)
        QMessageBox.critical(None, "Pantau", QCoreApplication.translate(
            "App", "Cadangan %1 tidak dapat dipulihkan: %2\nBasis data sebelumnya tetap dipakai.")
            .replace("%1", str(source)).replace("%2", exc.message_id))
        return
    log.warning("restored %s from %s; previous database kept as %s", data_dir, source, kept)


def _run_windows(app: QApplication, ctx: AppContext,
                 first_page: tuple[int, list[ReportPublic]] | None = None) -> int:
    from desktop.main_window import MainWindow
    from desktop.tasks import wait_for_tasks

    if ctx.office is None:
        from desktop.first_run import FirstRunDialog

        first_run = FirstRunDialog(ctx)
        if not first_run.exec():
            return 0
        ctx.office = first_run.office()
    window = MainWindow(ctx, first_page=first_page)
    window.show()
    if isinstance(ctx.store, OpeningStore):
        opening = ctx.store
        AfterFirstPaint(window, lambda: opening.start(on_opened=lambda _store: _store_opened(window),
                                                      on_failed=lambda exc: _opening_failed(window, exc)))
    else:
        keep_gui_responsive()
    code = app.exec()
    wait_for_tasks()
    return code


class AfterFirstPaint(QObject):
    """Calls `then` once the window has painted for the first time (its first expose), or after
    `FIRST_PAINT_WAIT_MS` at the latest (a window started minimized is not exposed).

    The store's opening waits for it: loading SQLAlchemy shares the GIL with the first paint.
    """

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then: Callable[[], None] | None = then
        self._handle = window.windowHandle()
        self._handle.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, self, self._go)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Expose:
            QTimer.singleShot(0, self, self._go_if_exposed)  # once this expose's paint is done
        return False

    def _go_if_exposed(self) -> None:
        if self._handle.isExposed():
            self._go()

    def _go(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            self._handle.removeEventFilter(self)
            then()


def _preload() -> None:
    for name in PRELOAD:
        importlib.import_module(name)


def _store_opened(window: MainWindow) -> None:
    """The store opened behind the shown window: the window goes on, the clerk's next steps load."""
    log.info("local store open, behind the window")
    window.store_opened()
    run_task(_preload, on_success=lambda _none: keep_gui_responsive())


def _opening_failed(window: QWidget, error: BaseException) -> None:
    """The store did not open after the window showed (a full disk, a damaged page…): close it."""
    log.error("local database did not open after the window showed: %s", error)
    if window.isVisible():
        window.close()
