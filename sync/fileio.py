"""Durable file writes that also hold under Windows' rules: fsync through a writable handle, retried replace.

Windows refuses to replace or delete a file that any process holds open (an antivirus scanner
opens every new file for a moment), and its fsync (`FlushFileBuffers`) needs a handle opened
for writing. Every write of a whole file goes through `atomic_open` or `atomic_path`: the data
goes to a temporary file beside the target, is flushed to the disk, and then replaces the target
in one step, so a crash leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

logger = logging.getLogger(__name__)

# Waits between attempts when Windows says a file is in use (≈1.5 s in all): long enough for a
# scanner to let go of a new file, short enough that a file held for good fails quickly.
RETRY_DELAYS = (0.02, 0.05, 0.1, 0.2, 0.4, 0.8)
PRIVATE = 0o600  # a file only its owner reads (POSIX; Windows: the user profile's own ACL)
PRIVATE_DIR = 0o700
TEMPORARY = ".*.tmp"  # the names `atomic_open` and `atomic_path` write to
LEFTOVER_AGE_S = 3600.0  # a temporary file this old is no write in progress but a crash's leftover

T = TypeVar("T")
StrPath = str | os.PathLike[str]


def retrying(operation: Callable[..., T], *args: Any) -> T:
    """`operation(*args)`, tried again for a moment while it fails with PermissionError."""
    for delay in RETRY_DELAYS:
        try:
            return operation(*args)
        except PermissionError as exc:
            logger.info("%s: %s; trying again in %.2f s", operation.__name__, exc, delay)
            time.sleep(delay)
    return operation(*args)


def fsync_file(path: StrPath) -> None:
    """Flush a closed file's data to the disk (through a writable handle, as Windows needs)."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: StrPath) -> None:
    """Make a rename in folder `path` durable (POSIX; Windows has no handle for a folder)."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot sync a folder; the rename is still atomic
        pass
    finally:
        os.close(fd)


def replace(source: StrPath, target: StrPath) -> None:
    """`os.replace`, retried while the target (or source) is briefly held open, made durable."""
    retrying(os.replace, source, target)
    fsync_dir(Path(target).parent)


def unlink(path: StrPath, *, missing_ok: bool = True) -> None:
    """Delete a file, retried while it is briefly held open by another program."""
    try:
        retrying(os.unlink, path)
    except FileNotFoundError:
        if not missing_ok:
            raise


def remove_leftovers(folder: StrPath, *patterns: str, older_than: float = LEFTOVER_AGE_S) -> int:
    """Delete files in `folder` matching `patterns` and older than `older_than` seconds (by
    default the temporary files a crash or power cut left); returns how many."""
    removed = 0
    now = time.time()
    for pattern in patterns:
        for path in Path(folder).glob(pattern):
            with contextlib.suppress(OSError):  # gone meanwhile, or in use: a later start retries
                if now - path.stat().st_mtime > older_than:
                    os.unlink(path)
                    removed += 1
    if removed:
        logger.info("removed %d old file(s) from %s", removed, folder)
    return removed


def make_private_dir(path: StrPath) -> Path:
    """Create folder `path` (and parents) if needed; on POSIX only its owner may enter it."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    if os.name != "nt":
        os.chmod(folder, PRIVATE_DIR)
    return folder


def _temp_beside(target: Path, private: bool) -> tuple[int, Path]:
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    if not private and os.name != "nt":
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # as `open(target, "w")` would have made it
    return fd, Path(name)


@contextlib.contextmanager
def atomic_path(target: StrPath, *, private: bool = False) -> Iterator[Path]:
    """A temporary path beside `target` to write (by any means, then close); replaces `target` after.

    For writers that want a file name (SQLite, Qt's PDF writer). The temporary file exists
    (empty, private when `private`) when the block starts; if the block raises it is deleted
    and `target` is left as it was.
    """
    target = Path(target)
    fd, tmp = _temp_beside(target, private)
    os.close(fd)
    try:
        yield tmp
        fsync_file(tmp)
        replace(tmp, target)
    except BaseException:
        unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_open(
    target: StrPath, mode: str = "wb", *, encoding: str | None = None, private: bool = False
) -> Iterator[IO[Any]]:
    """A file to write `target`'s new content into; it replaces `target` when the block ends well."""
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open writes a whole file: mode 'w' or 'wb', not {mode!r}")
    if mode == "w" and encoding is None:
        raise ValueError("atomic_open in text mode needs an explicit encoding")
    target = Path(target)
    fd, tmp = _temp_beside(target, private)
    try:
        with os.fdopen(fd, mode, encoding=encoding) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())  # the handle we wrote through is a writable one
        replace(tmp, target)
    except BaseException:
        unlink(tmp)
        raise


def write_bytes(target: StrPath, data: bytes, *, private: bool = False) -> None:
    """Replace `target`'s content with `data`, atomically and durably."""
    with atomic_open(target, "wb", private=private) as f:
        f.write(data)


def write_text(target: StrPath, text: str, *, encoding: str = "utf-8", private: bool = False) -> None:
    """Replace `target`'s content with `text`, atomically and durably."""
    with atomic_open(target, "w", encoding=encoding, private=private) as f:
        f.write(text)
