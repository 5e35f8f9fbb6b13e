"""The Berkas menu's flash-drive delivery: write a sealed bundle of the outbox, read the province's receipt."""

from __future__ import annotations

import errno
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.context import AppContext
from desktop.events import events
from desktop.file_actions import show_done
from desktop.report_editor import show_failure
from desktop.settings import gui_settings
from desktop.tasks import run_task
from sync.bundle.office import Exported, ReceiptRead, export_bundle, import_receipt
from sync.bundle.seal import SealError
from sync.forms import WIT
from sync.store.errors import StoreError

BUNDLE_SUFFIX = ".pantau-bundle"
FOLDER = "bundles"  # the last folder of both dialogs: usually the flash drive
translate = QCoreApplication.translate


def bundle_name(office: str | None, now: datetime) -> str:
    """The name offered for a new bundle, e.g. `pantau-81.01-20261201-0930.pantau-bundle`."""
    return f"pantau-{office or 'kantor'}-{now.astimezone(WIT):%Y%m%d-%H%M}{BUNDLE_SUFFIX}"


def refusal(error: BaseException, target: Path | None = None) -> str:
    """Why a bundle or receipt was refused, in the clerk's words (Indonesian)."""
    if isinstance(error, SealError):
        return error.message_id
    if isinstance(error, StoreError):
        return error.message_id
    where = str(target) if target is not None else ""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return translate("BundleActions", "Flashdisk penuh: bundel tidak tersimpan dan tidak ada yang berubah. "
                          "Kosongkan sebagian isi flashdisk lalu coba lagi.")
    if isinstance(error, PermissionError):
        return translate("BundleActions", "Berkas %1 tidak dapat ditulis: flashdisk mungkin terkunci atau berkas itu sedang "
                          "dibuka program lain. Tidak ada yang berubah.").replace("%1", where)
    if isinstance(error, OSError):
        return translate("BundleActions", "Bundel tidak dapat ditulis ke %1 (flashdisk tercabut?). Tidak ada yang berubah; "
                          "pasang lagi flashdisk lalu coba lagi.").replace("%1", where)
    return translate("BundleActions", "Terjadi kesalahan yang tidak terduga; tidak ada yang berubah. Lihat log untuk rinciannya.")


def _folders(ctx: AppContext):
    return gui_settings(ctx.store.data_dir)


def send_by_flash_drive(parent: QWidget, ctx: AppContext) -> None:
    """Ask where (the flash drive), then seal every unacknowledged revision into a bundle there."""
    folders = _folders(ctx)
    suggested = Path(folders.last_folder(FOLDER)) / bundle_name(ctx.office, datetime.now(WIT))
    path, _ = QFileDialog.getSaveFileName(parent, translate("BundleActions", "Kirim lewat flashdisk"), str(suggested),
                                          translate("BundleActions", "Bundel Pantau (*.pantau-bundle)"))
    if not path:
        return
    target = Path(path)
    if target.suffix != BUNDLE_SUFFIX:
        target = target.with_name(target.name + BUNDLE_SUFFIX)
    folders.set_last_folder(FOLDER, str(target.parent))

    def exported(done: Exported) -> None:
        events().reports_changed.emit()
        show_done(parent, translate("BundleActions",
            "Bundel %1 disimpan di %2: %3 revisi laporan, %4 lampiran. Bawa ke Bakesbangpol Provinsi Maluku; "
            "laporan tetap menunggu sampai tanda terimanya dibaca (Berkas → Baca tanda terima…).")
            .replace("%1", str(done.number)).replace("%2", str(target))
            .replace("%3", str(done.items)).replace("%4", str(done.files)))

    run_task(lambda: export_bundle(ctx.store, target), on_success=exported,
             on_failure=lambda exc: show_failure(parent, translate("BundleActions", "Bundel tidak dibuat."), exc,
                                                 explanation=refusal(exc, target)),
             owner=parent)


def receipt_summary(read: ReceiptRead) -> str:
    """"N laporan diterima provinsi, M ditolak, K tinjauan baru" for one receipt."""
    outcome = read.outcome
    return (translate("BundleActions", "Tanda terima bundel %1: %2 laporan diterima provinsi, %3 ditolak, %4 tinjauan baru.")
            .replace("%1", str(read.number)).replace("%2", str(outcome.delivered + outcome.duplicates))
            .replace("%3", str(len(outcome.rejected))).replace("%4", str(read.reviews)))


def read_receipt(parent: QWidget, ctx: AppContext) -> None:
    """Choose the province's receipt, then apply it as a sync would; the list then refreshes."""
    folders = _folders(ctx)
    path, _ = QFileDialog.getOpenFileName(parent, translate("BundleActions", "Baca tanda terima"), folders.last_folder(FOLDER),
                                          translate("BundleActions", "Tanda terima Pantau (*.pantau-receipt *.pantau);;Semua berkas (*)"))
    if not path:
        return
    source = Path(path)
    folders.set_last_folder(FOLDER, str(source.parent))

    def applied(read: ReceiptRead) -> None:
        events().reports_changed.emit()
        show_done(parent, receipt_summary(read))

    run_task(lambda: import_receipt(ctx.store, source), on_success=applied,
             on_failure=lambda exc: show_failure(parent, translate("BundleActions", "Tanda terima tidak dibaca."), exc,
                                                 explanation=refusal(exc, source)),
             owner=parent)
