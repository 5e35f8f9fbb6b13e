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

EXPORT_FILTERS = {"xlsx": "Buku kerja Excel (*.xlsx)", "csv": "CSV (*.csv)", "json": "JSON (*.json)"}


def _ask_path(parent: QWidget, ctx: AppContext, title: str, name: str, filters: str) -> tuple[Path, str] | None:
    folders = gui_settings(ctx.store.data_dir)
    path, chosen = QFileDialog.getSaveFileName(parent, title, str(Path(folders.last_folder("papers")) / name), filters)
    if not path:
        return None
    folders.set_last_folder("papers", str(Path(path).parent))
    return Path(path), chosen


def _done(parent: QWidget, text: str) -> None:
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
             on_success=lambda path: _done(parent, translate("FileActions", "Cadangan disimpan di %1.").replace("%1", str(path))),
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
             on_success=lambda count: _done(parent, translate("FileActions", "%1 laporan diekspor ke %2.")
                                            .replace("%1", str(count)).replace("%2", str(target))),
             on_failure=lambda exc: show_failure(parent, translate("FileActions", "Ekspor tidak berhasil."), exc),
             owner=parent)
