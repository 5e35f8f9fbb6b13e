"""Errors of the local store: English `str()` for the CLI and log, `.message_id` for the GUI."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sync.forms import FieldError


class StoreError(Exception):
    """Base of every store error; the operation did not happen and nothing was written."""

    message_id: str = "Terjadi kesalahan pada penyimpanan lokal."

    def __init__(self, message: str, *, message_id: str | None = None) -> None:
        super().__init__(message)
        if message_id is not None:
            self.message_id = message_id


class ReportNotFound(StoreError):
    """No report has that id (or the prefix matches none or several)."""

    message_id = "Laporan tidak ditemukan."


class InvalidTransition(StoreError):
    """The report's state does not allow that action (e.g. editing a submitted report)."""

    message_id = "Tindakan ini tidak diizinkan untuk laporan dalam status ini."


class ValidationFailed(StoreError):
    """The report's values do not satisfy its form; `errors` name each field."""

    message_id = "Isian laporan belum benar."

    def __init__(self, errors: list[FieldError], *, context: str = "") -> None:
        self.errors = list(errors)
        self.summary = f"{context}invalid report"
        lines = "; ".join(f"{e.field}: {e.message_en}" for e in self.errors)
        super().__init__(f"{self.summary}: {lines}")
        self.message_id = "Isian laporan belum benar: " + "; ".join(str(e) for e in self.errors)


class OfficeNotSet(StoreError):
    """This PC has no office yet (`pantau init --office CODE`)."""

    message_id = "Kantor untuk komputer ini belum ditetapkan."

    def __init__(self) -> None:
        super().__init__("no office is set for this PC; run `pantau init --office CODE` first")


class OfficeMismatch(StoreError):
    """The office code is not an office, or differs from the one reports were already sent as."""

    message_id = "Kode kantor tidak sesuai."


class StoreDamaged(StoreError):
    """The database file is damaged, is not a Pantau database, or is from a newer Pantau."""

    message_id = "Basis data rusak atau tidak dikenali. Pulihkan dari cadangan."


class StoreTooNew(StoreError):
    """The database was made by a newer Pantau: it is not damaged, this program is too old."""

    def __init__(self, what: str, *, needs: str | None, have: str) -> None:
        version = f"Pantau {needs}" if needs else "a newer Pantau"
        super().__init__(
            f"{what} was made by {version}; this is Pantau {have}. Install {version} (or newer) "
            "to open it. It is not damaged: do not restore a backup over it",
            message_id=(
                f"Basis data ini dibuat oleh Pantau versi {needs or 'yang lebih baru'}, sedangkan "
                f"yang terpasang versi {have}. Pasang Pantau versi {needs or 'terbaru'} (atau yang "
                "lebih baru) untuk membukanya. Basis data tidak rusak: jangan pulihkan cadangan."
            ),
        )
        self.needs = needs


class StoreDiskFull(StoreError):
    """The disk holding the data folder is full: nothing was written; free some space."""

    message_id = (
        "Disk penyimpanan penuh. Kosongkan sebagian ruang disk lalu coba lagi; "
        "tidak ada data yang hilang."
    )


class StoreUnavailable(StoreError):
    """The database could not be opened or written (permissions, a file in use, an I/O error)."""

    message_id = "Basis data Pantau tidak dapat dibuka atau ditulis saat ini."


class UnsafeDataFolder(StoreError):
    """The data folder is on a network drive or synced by OneDrive: the database would break there."""

    def __init__(self, problem: str) -> None:
        super().__init__(
            f"{problem}; Pantau's database must be on this PC's own disk, outside OneDrive "
            "(use the default folder, or choose a local one with --data-dir)",
            message_id=(
                "Folder data Pantau berada di drive jaringan atau disinkronkan oleh OneDrive; basis "
                f"data dapat rusak di sana ({problem}). Gunakan folder di disk komputer ini sendiri."
            ),
        )


class PassphraseNeeded(StoreError):
    """The store key is unlocked by a passphrase, and none was given (`PANTAU_PASSPHRASE`, a prompt)."""

    message_id = "Masukkan frasa sandi Pantau untuk membuka data."

    def __init__(self, message: str, *, new: bool) -> None:
        super().__init__(message)
        self.new = new  # no key exists yet: the passphrase to choose, asked twice


class WrongPassphrase(StoreError):
    """The passphrase does not unlock the store key; nothing was changed."""

    message_id = "Frasa sandi salah. Tidak ada data yang diubah."


class KeyThrottled(StoreError):
    """Too many wrong passphrases: the next try is allowed after `wait_s` seconds."""

    def __init__(self, wait_s: int) -> None:
        super().__init__(
            f"too many wrong passphrases; try again in {wait_s} s",
            message_id=f"Terlalu banyak frasa sandi salah. Coba lagi dalam {wait_s} detik.",
        )
        self.wait_s = wait_s


class KeyMissing(StoreError):
    """The store key is gone from the OS credential store (or its key file is lost): the recovery key opens it."""

    message_id = (
        "Kunci data Pantau tidak ditemukan di komputer ini. Masukkan kunci pemulihan yang "
        "dicetak saat Pantau pertama kali dipasang."
    )


class WrongRecoveryKey(StoreError):
    """The recovery key given is malformed or does not open this store; nothing was changed."""

    message_id = "Kunci pemulihan tidak cocok dengan data ini. Tidak ada data yang diubah."


class WrongKey(StoreDamaged):
    """The database (a backup) was encrypted with another store key; nothing was changed."""

    message_id = "Cadangan ini dibuat dengan kunci lain. Tidak ada data yang diubah."
