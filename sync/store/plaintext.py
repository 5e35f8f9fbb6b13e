"""The one-time encryption of an older Pantau's plaintext store, crash-safe at every step.

The plaintext database is checkpointed, exported into `pantau.db.encrypting` beside it,
flushed and verified; then the marker `pantau.db.encrypting.done` says the copy is complete,
and one atomic rename puts it in place of `pantau.db`. A kill at any moment leaves `pantau.db`
either the old plaintext file or the new encrypted one, and the next start finishes (marker
present: the rename) or rolls back (no marker: the half-made copy is deleted and made again).
Older automatic backups and kept-aside copies are encrypted the same way, one file at a time.
"""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path

from sync import fileio
from sync.store import cipher

logger = logging.getLogger(__name__)

STAGED_SUFFIX = ".encrypting"
DONE_SUFFIX = ".encrypting.done"
# Tests kill the migration at a named step (SIGKILL, as a power cut or the task manager would).
CRASH_ENV = "PANTAU_TEST_CRASH_AT"


def _crash_point(step: str) -> None:
    if os.environ.get(CRASH_ENV) == step:
        logger.warning("killed at %s as %s asks", step, CRASH_ENV)
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def _staged(db: Path) -> Path:
    return Path(f"{db}{STAGED_SUFFIX}")


def _marker(db: Path) -> Path:
    return Path(f"{db}{DONE_SUFFIX}")


def finish_pending(db: Path) -> None:
    """Complete or roll back an encryption of `db` that a crash interrupted (a no-op otherwise)."""
    staged, marker = _staged(db), _marker(db)
    if marker.exists() and staged.exists():
        _swap(db, staged, marker)
        return
    for leftover in (staged, Path(f"{staged}-journal"), marker):
        fileio.unlink(leftover)


def _fold_wal(db: Path) -> None:
    """Write the plaintext WAL into the main file, so the file alone is the whole database."""
    conn = cipher.connect(db, None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        conn.execute("PRAGMA journal_mode = DELETE").fetchall()
    finally:
        conn.close()


def _swap(db: Path, staged: Path, marker: Path) -> None:
    _crash_point("before-swap")
    for suffix in ("-wal", "-shm"):  # the plaintext file's; never replayed onto the encrypted one
        fileio.unlink(f"{db}{suffix}")
    fileio.replace(staged, db)
    _crash_point("after-swap")
    fileio.unlink(marker)
    fileio.fsync_dir(db.parent)


def encrypt_file(path: Path, key: bytes, *, crash_points: bool = False) -> None:
    """Replace the plaintext database `path` by an encrypted copy (the same content), crash-safely."""
    path = Path(path)
    staged, marker = _staged(path), _marker(path)
    finish_pending(path)
    if not cipher.is_plaintext(path):
        return
    _fold_wal(path)
    fileio.unlink(staged)
    source = cipher.connect(path, None)
    try:
        cipher.export(source, staged, key)
    finally:
        source.close()
    if crash_points:
        _crash_point("after-export")
    fileio.fsync_file(staged)
    check = cipher.connect(staged, key, readonly=True)
    try:
        intact = check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        check.close()
    if not intact:
        fileio.unlink(staged)
        raise cipher.DatabaseError(f"the encrypted copy of {path} did not verify")
    fileio.write_bytes(marker, b"")
    if crash_points:
        _crash_point("after-marker")
    _swap(path, staged, marker)


def encrypt_folder(directory: Path, db: Path, key: bytes, backups: Path) -> None:
    """Encrypt the plaintext store `db` and every plaintext copy of it in `directory` and `backups`."""
    if cipher.is_plaintext(db):
        logger.info("encrypting the plaintext store %s (once)", db)
        encrypt_file(db, key, crash_points=True)
    copies = [*directory.glob(f"{db.name}.before-restore-*"), *backups.glob("*.db")]
    for copy in copies:
        if copy.name.endswith((STAGED_SUFFIX, DONE_SUFFIX, "-wal", "-shm")):
            continue
        if cipher.is_plaintext(copy) or _marker(copy).exists():
            encrypt_file(copy, key)
