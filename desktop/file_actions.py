"""The Berkas menu's work on whole data: a backup copy of the database and an export of every report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.context import AppContext
from desktop.report_editor import show_failure
from desktop.settings import gui_settings
from desktop.tasks import run_task
from sync.export import export_reports
from sync.forms import WIT
from sync.store import backup
from sync.store.backup import verify_backup

EXPORT_FILTERS = {"xlsx": "Buku kerja Excel (*.xlsx)", "csv": "CSV (*.csv)", "json": "JSON (*.json)"}


def _ask_path(parent: QWidget, ctx: AppContext, title: str, name: str, filters: str) -> tuple[Path, str] | None:
    folders = gui_settings(ctx.store.data_dir)
    path, chosen = QFileDialog.getSaveFileName(parent, title, str(Path(folders.last_folder("papers")) / name), filters)
    if not path:
        return None
    folders.set_last_folder("papers", str(Path(path).parent))
    return Path(path), chosen


def show_done(parent: QWidget, text: str) -> None:
    """Say that a file action the clerk started is done."""
    QMessageBox.information(parent, "Pantau", text)


def backup_copy(parent: QWidget, ctx: AppContext) -> None:
    """Ask where, then write a full copy of the database there (off the GUI thread)."""
    translate = QCoreApplication.translate
    stamp = datetime.now(WIT).strftime("%Y%m%d-%H%M")
    chosen = _ask_path(parent, ctx, translate("FileActions", "Simpan cadangan"), f"pantau-cadangan-{stamp}.db",
                       translate("FileActions", "Cadangan Pantau (*.db)"))
    if chosen is None:
        return
    target = chosen[0]
    run_task(lambda: backup(ctx.store, target),
             on_success=lambda path: show_done(parent, translate("FileActions", "Cadangan disimpan di %1.").replace("%1", str(path))),
             on_failure=lambda exc: show_failure(parent, translate("FileActions", "Cadangan tidak dapat disimpan."), exc),
             owner=parent)


def export_all(parent: QWidget, ctx: AppContext) -> None:
    """Ask where and in which format (by the file type chosen), then export every report."""
    translate = QCoreApplication.translate
    chosen = _ask_path(parent, ctx, translate("FileActions", "Ekspor semua laporan"), "laporan-pantau.xlsx",
                       ";;".join(EXPORT_FILTERS.values()))
    if chosen is None:
        return
    target, chosen_filter = chosen
    typed = target.suffix.lower().lstrip(".")  # the name typed wins over the file type shown
    fmt = typed if typed in EXPORT_FILTERS else next(
        (f for f, text in EXPORT_FILTERS.items() if text == chosen_filter), "xlsx")
    if typed != fmt:
        target = target.with_name(target.name + f".{fmt}")

    def write() -> int:
        with ctx.store.session() as session:
            return export_reports(session=session, fmt=fmt, out=target)

    run_task(write,
             on_success=lambda count: show_done(parent, translate("FileActions", "%1 laporan diekspor ke %2.")
                                            .replace("%1", str(count)).replace("%2", str(target))),
             on_failure=lambda exc: show_failure(parent, translate("FileActions", "Ekspor tidak berhasil."), exc),
             owner=parent)


def restore_backup(window: QWidget, ctx: AppContext) -> None:
    """Choose a backup, check it, confirm; then the windows close, it is put in place and Pantau reopens."""
    translate = QCoreApplication.translate
    folders = gui_settings(ctx.store.data_dir)
    path, _ = QFileDialog.getOpenFileName(window, translate("FileActions", "Pulihkan dari cadangan"),
                                          folders.last_folder("papers"), translate("FileActions", "Cadangan Pantau (*.db)"))
    if not path:
        return
    folders.set_last_folder("papers", str(Path(path).parent))

    def confirm(_key: bytes | None) -> None:
        answer = QMessageBox.question(window, translate("FileActions", "Pulihkan dari cadangan"), translate(
            "FileActions", "Semua laporan di komputer ini diganti dengan isi cadangan %1. Basis data sekarang "
            "disimpan terpisah, tidak dihapus. Pantau ditutup sebentar lalu dibuka lagi. Lanjutkan?").replace("%1", path))
        if answer == QMessageBox.StandardButton.Yes:
            ctx.restore_from = Path(path)
            window.close()  # the program then restores and opens its windows again (desktop.app.run)

    run_task(lambda: verify_backup(ctx.store.data_dir, ctx.store.key, Path(path)), on_success=confirm,
             on_failure=lambda exc: show_failure(window, translate("FileActions", "Berkas itu bukan cadangan Pantau yang utuh."), exc),
             owner=window)
