"""The single-instance lock of a data folder: one program at a time writes there (desktop app or CLI).

The lock is the operating system's lock on `pantau.lock` (flock on POSIX, a byte-range lock
on Windows), held as long as the file stays open. A program that dies loses it at once, so a
lock file left behind by a crash or a power cut is never "stale": it is simply free. The file
is never deleted (deleting it would let two programs lock two different files).
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from sync.store.errors import StoreError

LOCK_FILE = "pantau.lock"
OPENING_FILE = "pantau.opening.lock"
OPENING_WAIT_S = 120.0  # another program's first start may be encrypting or migrating a large store
_WINDOWS_LOCK_OFFSET = 1 << 20  # past the holder's details, so another program can still read them

if os.name == "nt":
    import msvcrt
else:
    import fcntl


class StoreLocked(StoreError):
    """Another Pantau (the desktop app, or a command still running) is using this data folder."""

    message_id = (
        "Pantau sudah terbuka untuk folder data ini. Gunakan jendela Pantau yang sudah terbuka; "
        "menjalankan dua Pantau pada data yang sama dapat merusak laporan."
    )


def _try_lock(fd: int) -> bool:
    try:
        if os.name == "nt":
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if os.name == "nt":
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)


class InstanceLock:
    """The lock of `data_dir`; `acquire()` says whether this program got it."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LOCK_FILE
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        if not _try_lock(fd):
            os.close(fd)
            return False
        details = f"{os.getpid()}\n{Path(sys.argv[0]).name or 'python'}\n{socket.gethostname()}\n"
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, details.encode("utf-8").ljust(256))  # overwrite a longer earlier holder's
        self._fd = fd
        return True

    def holder(self) -> str:
        """Who holds (or last held) the lock, as "process 1234 (pantau.exe)", or ""."""
        try:
            with open(self.path, encoding="utf-8", errors="replace") as f:
                pid, program = (f.readline().strip(), f.readline().strip())
        except OSError:
            return ""
        return f"process {pid} ({program})" if pid.isdigit() else ""

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)

    def __enter__(self) -> InstanceLock:
        if not self.acquire():
            raise StoreLocked(self.refusal())
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()

    def refusal(self) -> str:
        who = self.holder()
        return (
            f"another Pantau{f' ({who})' if who else ''} is using {self.path.parent}: "
            "close the Pantau window (or wait for the other command) and try again"
        )


@contextlib.contextmanager
def opening(data_dir: Path, *, wait: float = OPENING_WAIT_S) -> Iterator[None]:
    """Held while a program opens the store (its key, encryption, migrations, first backup).

    Two programs that open a new or older store at once (the desktop and its sync child, two
    commands) would each make a key or run a migration; with this they do it one after the
    other, and the second finds the work done. Unlike the instance lock it is held only for
    the opening, and waited for (up to `wait` seconds), not refused.
    """
    fd = os.open(Path(data_dir) / OPENING_FILE, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise StoreLocked(
                    f"another Pantau has been opening {data_dir} for {wait:.0f} s: "
                    "wait for it to finish and try again"
                )
            time.sleep(0.05)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                _unlock(fd)
    finally:
        os.close(fd)
