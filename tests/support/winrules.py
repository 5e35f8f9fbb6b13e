"""Windows' file rules on Linux, as a pytest plugin: `pytest -p tests.support.winrules` (or PANTAU_WINRULES=1).

Two rules that Windows enforces and Linux does not, so code written on Linux breaks on the
office PCs:

- `os.fsync` needs a handle opened for writing (`FlushFileBuffers`): a read-only descriptor
  fails with EBADF.
- A file that is open cannot be replaced, renamed or deleted (Python, SQLite and most programs
  open files without FILE_SHARE_DELETE): `os.replace`, `os.rename`, `os.unlink`/`os.remove`
  (and so `Path.unlink/rename/replace` and `shutil.move`) raise PermissionError when the
  source or the target is held open by this process.

"Held open" is read from /proc/self/fd, so every opener counts: `open()`, `os.open`, temporary
files, and SQLite's own database, `-wal` and `-shm` handles. Folders are exempt (Windows code
never opens them; `fileio.fsync_dir` is POSIX-only). Only this process is watched: child
processes run under Linux' rules.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from collections.abc import Callable, Iterator
from typing import Any

import pytest

ENV = "PANTAU_WINRULES"
_real = {name: getattr(os, name) for name in ("fsync", "replace", "rename", "unlink", "remove")}


def _identity(path: Any, dir_fd: int | None = None) -> tuple[int, int] | None:
    try:
        st = os.stat(path, dir_fd=dir_fd, follow_symlinks=False)
    except (OSError, TypeError, ValueError):
        return None
    return None if stat.S_ISDIR(st.st_mode) else (st.st_dev, st.st_ino)


def _open_identities() -> Iterator[tuple[int, int]]:
    for name in os.listdir("/proc/self/fd"):
        try:
            st = os.stat(f"/proc/self/fd/{name}")
        except OSError:
            continue  # the descriptor of the listing itself, already closed
        if stat.S_ISREG(st.st_mode):
            yield st.st_dev, st.st_ino


def held_open(path: Any, dir_fd: int | None = None) -> bool:
    """Whether this process holds the file at `path` open (folders: never)."""
    identity = _identity(path, dir_fd)
    return identity is not None and identity in set(_open_identities())


def _refuse_if_open(operation: str, *paths: tuple[Any, int | None]) -> None:
    for path, dir_fd in paths:
        if held_open(path, dir_fd):
            raise PermissionError(
                errno.EACCES,
                f"[winrules] {operation}: the process cannot access the file because it is "
                "being used by another process",
                os.fsdecode(path) if isinstance(path, str | bytes | os.PathLike) else str(path),
            )


def _fsync(fd: Any) -> None:
    number = fd if isinstance(fd, int) else fd.fileno()
    read_only = fcntl.fcntl(number, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY
    if read_only and not stat.S_ISDIR(os.fstat(number).st_mode):
        raise OSError(errno.EBADF, "[winrules] fsync of a read-only descriptor: Bad file descriptor")
    _real["fsync"](number)


def _two_paths(name: str) -> Callable[..., None]:
    def moved(src: Any, dst: Any, *, src_dir_fd: int | None = None, dst_dir_fd: int | None = None) -> None:
        _refuse_if_open(name, (src, src_dir_fd), (dst, dst_dir_fd))
        _real[name](src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)

    moved.__name__ = name
    return moved


def _one_path(name: str) -> Callable[..., None]:
    def deleted(path: Any, *, dir_fd: int | None = None) -> None:
        _refuse_if_open(name, (path, dir_fd))
        _real[name](path, dir_fd=dir_fd)

    deleted.__name__ = name
    return deleted


def install() -> None:
    """Put the rules in place for the rest of the process (`Path` and `shutil` go through `os`)."""
    os.fsync = _fsync
    os.replace = _two_paths("replace")
    os.rename = _two_paths("rename")
    os.unlink = _one_path("unlink")
    os.remove = _one_path("remove")


def uninstall() -> None:
    for name, function in _real.items():
        setattr(os, name, function)


def active() -> bool:
    return os.fsync is _fsync


def pytest_configure(config: pytest.Config) -> None:
    install()


def pytest_report_header(config: pytest.Config) -> str:
    return "winrules: Windows file rules emulated (fsync needs a writable fd; open files stay put)"


def pytest_unconfigure(config: pytest.Config) -> None:
    uninstall()
