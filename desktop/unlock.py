"""Opening the encrypted store at start: the passphrase and recovery-key dialogs, the recovery key shown once."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sync.store import keys
from sync.store.errors import (
    KeyMissing,
    KeyThrottled,
    PassphraseNeeded,
    StoreError,
    WrongPassphrase,
)

if TYPE_CHECKING:
    from sync.store import Store

log = logging.getLogger(__name__)

T = TypeVar("T")
MIN_PASSPHRASE = 8


def _tr(text: str) -> str:
    return QCoreApplication.translate("Unlock", text)


def off_gui_thread(work: Callable[[], T]) -> T:
    """Run `work` (a key derivation, opening the store) in a thread while the window stays responsive."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller's thread as it is
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="unlock", daemon=True)
    thread.start()
    loop = QEventLoop()
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
    timer.start()
    if thread.is_alive():
        loop.exec()
    timer.stop()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


class SecretDialog(QDialog):
    """One secret asked (twice when a passphrase is being chosen), with a line for what went wrong."""

    def __init__(self, title: str, prompt: str, *, confirm: bool, masked: bool, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.secret = QLineEdit()
        self.secret.setAccessibleName(title)
        if masked:
            self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.secret)
        self.again: QLineEdit | None = None
        if confirm:
            self.again = QLineEdit()
            self.again.setEchoMode(QLineEdit.EchoMode.Password)
            self.again.setPlaceholderText(_tr("Ketik sekali lagi"))
            self.again.setAccessibleName(_tr("Ketik sekali lagi"))
            layout.addWidget(self.again)
        self.asked = 0
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_tr("Buka"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_tr("Keluar"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _check(self) -> None:
        text = self.secret.text()
        if self.again is not None and len(text) < MIN_PASSPHRASE:
            self.problem.setText(_tr("Frasa sandi paling sedikit 8 karakter."))
        elif self.again is not None and self.again.text() != text:
            self.problem.setText(_tr("Kedua frasa sandi tidak sama."))
        elif text:
            self.accept()

    def ask(self, problem: str = "") -> str | None:
        self.asked += 1
        self.problem.setText(problem)
        self.secret.clear()
        if self.again is not None:
            self.again.clear()
        return self.secret.text() if self.exec() == QDialog.DialogCode.Accepted else None


def passphrase_dialog(new: bool, parent: QWidget | None) -> SecretDialog:
    if new:
        prompt = _tr(
            "Data Pantau di komputer ini disandikan. Komputer ini tidak punya tempat penyimpanan "
            "kunci, jadi pilih frasa sandi untuk membukanya setiap kali Pantau dimulai."
        )
    else:
        prompt = _tr("Masukkan frasa sandi untuk membuka data Pantau.")
    return SecretDialog(_tr("Frasa sandi Pantau"), prompt, confirm=new, masked=True, parent=parent)


def recovery_dialog(parent: QWidget | None) -> SecretDialog:
    return SecretDialog(_tr("Kunci pemulihan"), KeyMissing.message_id, confirm=False, masked=False, parent=parent)


class RecoveryKeyShown(QDialog):
    """The recovery key of a new store, shown once, with a button to print it."""

    def __init__(self, recovery: str, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recovery = recovery
        self.setWindowTitle(_tr("Kunci pemulihan Pantau"))
        self.setMinimumWidth(560)  # the key on two lines, not four
        layout = QVBoxLayout(self)
        intro = QLabel(_tr(
            "Data Pantau di komputer ini disandikan. Cetak kunci pemulihan di bawah dan serahkan "
            "kepada kepala kantor. Tanpa kunci ini data tidak dapat dibuka bila kunci di komputer "
            "ini hilang. Kunci hanya ditampilkan sekali."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.key_label = QLabel(recovery)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(font.pointSize() + 2)
        self.key_label.setFont(font)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setWordWrap(True)
        layout.addWidget(self.key_label)
        folder = QLabel(_tr("Folder data: %1").replace("%1", str(data_dir)))
        folder.setWordWrap(True)
        layout.addWidget(folder)
        buttons = QDialogButtonBox()
        self.print_button = QPushButton(_tr("Cetak…"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        done = buttons.addButton(_tr("Sudah saya catat"), QDialogButtonBox.ButtonRole.AcceptRole)
        done.clicked.connect(self.accept)
        self.print_button.clicked.connect(self.print_key)
        layout.addWidget(buttons)

    def document(self) -> QTextDocument:
        document = QTextDocument()
        document.setPlainText(
            _tr("Kunci pemulihan Pantau") + "\n\n" + self.recovery + "\n\n"
            + _tr("Simpan di tempat aman. Siapa pun yang memegang kunci ini dan salinan folder data dapat membaca laporan.")
        )
        return document

    def print_key(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # loaded only to print

        printer = QPrinter()
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.document().print_(printer)


def _recover(data_dir: Path, parent: QWidget | None) -> bool:
    """Ask for the recovery key until it opens the store (False: the clerk gave up)."""
    from sync.store import rekey

    dialog, problem = recovery_dialog(parent), ""
    while (code := dialog.ask(problem)) is not None:
        passphrase: str | None = None
        while True:
            try:
                off_gui_thread(functools.partial(rekey.recover, data_dir, code, passphrase=passphrase))
                return True
            except PassphraseNeeded as exc:  # no credential store: the key is kept by a new passphrase
                passphrase = passphrase_dialog(exc.new, parent).ask()
                if passphrase is None:
                    return False
            except StoreError as exc:
                problem = exc.message_id
                break
    return False


def open_store_asking(data_dir: Path, parent: QWidget | None = None) -> Store | None:
    """Open the store, asking for the passphrase or the recovery key when the key needs it.

    None: the clerk cancelled. Other store errors (damaged, too new…) are raised as by `open_store`.
    """
    from sync.store import open_store

    passphrase: str | None = None
    problem = ""
    while True:
        try:
            store = off_gui_thread(functools.partial(open_store, data_dir, passphrase=passphrase))
            break
        except PassphraseNeeded as exc:
            new = exc.new
        except (WrongPassphrase, KeyThrottled) as exc:
            log.warning("store key not unlocked: %s", exc)
            new, problem = False, exc.message_id
        except KeyMissing:
            if not _recover(data_dir, parent):
                return None
            continue
        passphrase = passphrase_dialog(new, parent).ask(problem)
        if passphrase is None:
            return None
    keys.share_with_children(store.key)
    if store.new_recovery:
        RecoveryKeyShown(store.new_recovery, data_dir, parent).exec()
    return store
