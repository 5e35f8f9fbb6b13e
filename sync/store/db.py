"""Opening the local store: one SQLCipher (encrypted SQLite) file in WAL mode, migrated to the newest schema."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

from sync import __version__, fileio, migrations, paths
from sync.store import cipher, keys, lock
from sync.store.errors import (
    KeyMissing,
    StoreDamaged,
    StoreDiskFull,
    StoreError,
    StoreTooNew,
    StoreUnavailable,
)

logger = logging.getLogger(__name__)

DB_NAME = "pantau.db"
BACKUPS_DIR = "backups"
BUSY_TIMEOUT_MS = 10_000
# Pages kept decrypted in memory per connection (grown only as used): every page SQLCipher
# reads from the OS's file cache is decrypted and checked again (docs/benchmarks.md).
CACHE_KIB = 32 * 1024
# Set on a session's connection by `write_session`: begin with BEGIN IMMEDIATE, so that a unit
# of work that reads then writes takes the write lock first and never fails half-way with BUSY.
IMMEDIATE_OPTION = "pantau_immediate"
# SQLite's primary result codes that mean "this file is not (or no longer) a Pantau database".
_SQLITE_DAMAGED = {1, 11, 26}  # SQLITE_ERROR (schema not as expected), _CORRUPT, _NOTADB
_SQLITE_FULL = 13
_SQLITE_IOERR = 10
# An I/O error with less than this left on the disk is a full disk (SQLite reports a failed
# write of its WAL index as an I/O error, not as "full").
NEARLY_FULL_BYTES = 1 << 20


@dataclass(frozen=True)
class Store:
    """The open local store: a thread-safe engine to share, one Session per unit of work."""

    data_dir: Path
    engine: sa.Engine
    key: bytes = field(repr=False, compare=False, default=b"")
    # The recovery key of a key made by this opening (the store's first start): shown once.
    new_recovery: str | None = None

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_NAME

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / BACKUPS_DIR

    def session(self) -> Session:
        """A new Session for one unit of work (`with store.session() as s:`)."""
        return Session(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()


def _on_connect(dbapi_conn: cipher.Connection, _record: object) -> None:
    # The driver must not open transactions on its own; `_on_begin` does it explicitly.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    cursor.close()


def _on_begin(conn: sa.Connection) -> None:
    conn.exec_driver_sql(
        "BEGIN IMMEDIATE" if conn.get_execution_options().get(IMMEDIATE_OPTION) else "BEGIN"
    )


def make_engine(db_path: Path, key: bytes | None) -> sa.Engine:
    """An engine on `db_path` (encrypted with `key`; None: an older plaintext one) with Pantau's pragmas and explicit transaction control."""
    engine = sa.create_engine(
        "sqlite://",
        module=cipher.dbapi,  # SQLAlchemy then wraps SQLCipher's errors as it does sqlite3's
        creator=lambda: cipher.connect(db_path, key, check_same_thread=False),
        poolclass=sa.pool.QueuePool,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def write_session(session: Session) -> None:
    """Start `session`'s write transaction with BEGIN IMMEDIATE (ending a read one it may hold)."""
    if session.in_transaction():
        # A read transaction would pin an old snapshot and could not become a write one.
        session.commit()
    session.connection(execution_options={IMMEDIATE_OPTION: True})


def _disk_full(folder: Path, exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == _SQLITE_FULL:
        return True
    if code == _SQLITE_IOERR:
        with contextlib.suppress(OSError):
            return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    return False


def classify_error(db_path: Path, exc: BaseException) -> StoreError:
    """What a failure of SQLite or of the file system while using `db_path` means for the clerk."""
    cause = exc.orig if isinstance(exc, sa.exc.DBAPIError) else exc
    if _disk_full(db_path.parent, cause):
        return StoreDiskFull(f"the disk holding {db_path.parent} is full; free some space ({cause})")
    code = getattr(cause, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _SQLITE_DAMAGED:
        return StoreDamaged(f"{db_path} is not a usable Pantau database: {cause}")
    if isinstance(cause, OSError):
        where = cause.filename or db_path
        return StoreUnavailable(f"cannot use {where}: {cause.strerror or cause}")
    return StoreUnavailable(f"cannot use {db_path}: {cause}")


@contextlib.contextmanager
def store_errors(db_path: Path) -> Iterator[None]:
    """Turn SQLite's and the file system's errors inside the block into `StoreError`s that say why."""
    try:
        yield
    except (sa.exc.DBAPIError, cipher.Error, OSError) as exc:
        raise classify_error(db_path, exc) from exc


def _newer_version(version: str | None) -> str | None:
    newer = version and migrations.version_number(version) > migrations.version_number(__version__)
    return version if newer else None


def _private_database(db_path: Path) -> None:
    """The database file exists and only its owner reads it (SQLite gives -wal/-shm the same mode)."""
    if os.name == "nt":
        return  # the user profile's own ACL protects it (docs/deploy.md)
    fd = os.open(db_path, os.O_RDWR | os.O_CREAT, fileio.PRIVATE)
    try:
        os.fchmod(fd, fileio.PRIVATE)
    finally:
        os.close(fd)


def _store_key(directory: Path, db_path: Path, passphrase: str | None) -> keys.Unlocked:
    """The key of the store in `directory`; a new one (with its recovery key) for a new or plaintext store."""
    if keys.read_key_file(directory) is not None:
        return keys.Unlocked(key=keys.unlock(directory, passphrase=passphrase))
    if db_path.is_file() and db_path.stat().st_size > 0 and not cipher.is_plaintext(db_path):
        raise KeyMissing(
            f"{keys.key_path(directory)} is missing; give the recovery key to open the store "
            "(`pantau key recovery`)"
        )
    return keys.create(directory, passphrase=passphrase)


def _open_encrypted(db_path: Path, key: bytes, retired: list[bytes]) -> None:
    """Check `key` opens the database; one a rotation left under an older key is re-keyed now."""
    conn = cipher.connect(db_path, key)
    try:
        if cipher.readable(conn):
            return
    finally:
        conn.close()
    for old in retired:
        conn = cipher.connect(db_path, old)
        try:
            if cipher.readable(conn):
                logger.info("finishing an interrupted key rotation of %s", db_path)
                conn.execute(f"PRAGMA rekey = {cipher.key_sql(key)}")
                return
        finally:
            conn.close()
    raise StoreDamaged(f"{db_path} does not open with this store's key: it is damaged or not this folder's database")


def open_store(
    data_dir: Path | None = None, *, auto_backup: bool = True, passphrase: str | None = None
) -> Store:
    """Open (creating, encrypting or migrating if needed) the store in `data_dir` (default: `paths.data_dir()`).

    The key comes from `keys` (the credential store, or `passphrase` / `PANTAU_PASSPHRASE`).
    Raises `StoreTooNew` for a database of a newer Pantau, `StoreDamaged` for one that is not
    a Pantau database, `StoreDiskFull` and `StoreUnavailable` when the disk is at fault, and
    the key's errors (`PassphraseNeeded`, `WrongPassphrase`, `KeyThrottled`, `KeyMissing`).
    """
    directory = Path(data_dir) if data_dir is not None else paths.data_dir()
    db_path = directory / DB_NAME
    with store_errors(db_path):
        fileio.make_private_dir(directory)
    with store_errors(db_path), lock.opening(directory):
        return _open(directory, db_path, auto_backup=auto_backup, passphrase=passphrase)


def _open(directory: Path, db_path: Path, *, auto_backup: bool, passphrase: str | None) -> Store:
    """`open_store`'s work, done by one program at a time (`lock.opening`)."""
    from sync.store import plaintext  # these build on this module
    from sync.store.attachments import encrypt_plain_files

    with store_errors(db_path):
        plaintext.finish_pending(db_path)
        unlocked = _store_key(directory, db_path, passphrase)
        plaintext.encrypt_folder(directory, db_path, unlocked.key, directory / BACKUPS_DIR)
        _private_database(db_path)
        if db_path.stat().st_size > 0:
            _open_encrypted(db_path, unlocked.key, keys.retired_keys(directory, unlocked.key))
    engine = make_engine(db_path, unlocked.key)
    store = Store(data_dir=directory, engine=engine, key=unlocked.key, new_recovery=unlocked.recovery)
    try:
        with store_errors(db_path):
            revision = migrations.current_revision(engine)
            if revision is not None and revision not in migrations.KNOWN:
                raise StoreTooNew(
                    f"{db_path} (schema revision {revision!r})",
                    needs=_newer_version(migrations.made_by(engine)),
                    have=__version__,
                )
            if revision != migrations.HEAD:
                migrations.upgrade(engine)
                migrations.stamp_made_by(engine, __version__)
            fileio.make_private_dir(store.attachments_dir)
            encrypt_plain_files(store)
            # What an interrupted backup, restore or attachment left (older Pantau versions'
            # names included): nothing stays half-done for good.
            fileio.remove_leftovers(directory, fileio.TEMPORARY, f"{DB_NAME}.restoring")
            fileio.remove_leftovers(store.backups_dir, fileio.TEMPORARY, "*.partial")
            fileio.remove_leftovers(store.attachments_dir, ".incoming-*")
            if auto_backup:
                from sync.store.backup import rotate_backups  # backup builds on this module

                rotate_backups(store)
    except BaseException:
        engine.dispose()
        raise
    logger.debug("local store open: %s", store.db_path)
    return store
