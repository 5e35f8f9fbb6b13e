"""Backups of the local store with SQLite's online backup API: rotating daily ones, and on demand.

A backup is encrypted with the store key, as the store is; restoring one made with another
key (another PC's, a key rotated away long ago and lost) says so and changes nothing.

Automatic backups are named `pantau-<sequence>-<UTC time>.db`. The sequence, not the time,
orders them: an office PC's clock may be years off, and a backup stamped 2029 must neither
count as the newest for years nor make later ones look old enough to delete.
"""

from __future__ import annotations

import logging
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sync import __version__, fileio, migrations
from sync.store import cipher, keys
from sync.store.db import BACKUPS_DIR, DB_NAME, Store, store_errors
from sync.store.errors import StoreDamaged, StoreTooNew, WrongKey
from sync.store.settings import mark_as_copy

logger = logging.getLogger(__name__)

KEEP = 7
EVERY = timedelta(days=1)
_PREFIX = "pantau-"
_STAMP = "%Y%m%dT%H%M%SZ"
# `pantau-000012-20240210T013000Z.db`; the sequence is absent in names of older Pantau versions.
_NAME = re.compile(r"pantau-(?:(\d+)-)?(\d{8}T\d{6}Z)\.db")


def _copy_database(source: Path, source_key: bytes | None, target: Path, key: bytes) -> None:
    """A consistent copy of a live database (other connections may be writing), private, via a
    temp file, encrypted with `key` (`source_key` None: the source is an older plaintext copy)."""
    with fileio.atomic_path(target, private=True) as tmp:
        src = cipher.connect(source, source_key)
        try:
            if source_key is None:  # the backup API copies pages between encrypted files only
                cipher.export(src, tmp, key)
            dst = cipher.connect(tmp, key)
            try:
                if source_key is not None:
                    src.backup(dst)
                mark_as_copy(dst)  # whoever uses this copy as a store learns what the server holds
                dst.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
            finally:
                dst.close()
        finally:
            src.close()


def backup(store: Store, out: Path) -> Path:
    """Write a complete copy of the store's database to `out` (while it stays in use)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _copy_database(store.db_path, store.key, out, store.key)
    logger.info("backup written to %s", out)
    return out


def _order(path: Path) -> tuple[int, str]:
    found = _NAME.fullmatch(path.name)
    assert found is not None
    return int(found.group(1) or 0), found.group(2)


def _made_at(path: Path) -> datetime:
    return datetime.strptime(_order(path)[1], _STAMP).replace(tzinfo=UTC)


def list_backups(where: Store | Path) -> list[Path]:
    """The automatic backups of a store (or of the store folder, even one that will not open), newest first."""
    folder = where.backups_dir if isinstance(where, Store) else Path(where) / BACKUPS_DIR
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{_PREFIX}*.db") if _NAME.fullmatch(p.name)]
    return sorted(found, key=_order, reverse=True)


def rotate_backups(store: Store, *, now: datetime | None = None) -> Path | None:
    """Make an automatic backup unless the newest was made less than a day ago; keep the newest seven.

    A newest backup "made" in the future (the clock was ahead then, or is behind now) is due.
    """
    now = now or datetime.now(UTC)
    existing = list_backups(store)
    if existing and timedelta(0) <= now - _made_at(existing[0]) < EVERY:
        return None
    fileio.make_private_dir(store.backups_dir)
    sequence = _order(existing[0])[0] + 1 if existing else 1
    try:
        made = backup(store, store.backups_dir / f"{_PREFIX}{sequence:06d}-{now.strftime(_STAMP)}.db")
    except cipher.DatabaseError as exc:  # a damaged page fails its authentication while copied
        logger.error("the database is damaged (%s); no automatic backup made", exc)
        return None
    if not _intact(made, store.key):
        # A damaged copy must not push the last good backups out of the rotation.
        logger.error("the database is damaged; automatic backup %s discarded", made)
        fileio.unlink(made)
        return None
    for old in list_backups(store)[KEEP:]:
        fileio.unlink(old)
    return made


def _intact(path: Path, key: bytes) -> bool:
    conn = cipher.connect(path, key)
    try:
        return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except cipher.DatabaseError:
        return False
    finally:
        conn.close()


def backup_key(path: Path, candidates: list[bytes]) -> bytes | None:
    """Which of `candidates` opens the database `path` (None: it is an unencrypted one).

    Raises `WrongKey` when it is encrypted with none of them (or is no database at all: an
    encrypted file and random bytes cannot be told apart without the key).
    """
    if cipher.is_plaintext(path):
        return None
    if not Path(path).is_file():
        raise StoreDamaged(f"{path} cannot be opened: no such file")
    for key in candidates:
        conn = cipher.connect(path, key, readonly=True)
        try:
            if cipher.readable(conn):
                return key
        finally:
            conn.close()
    raise WrongKey(
        f"{path} was made with another key (or is not a Pantau backup): it does not open with "
        "this store's key; nothing was changed"
    )


def verify_database(path: Path, key: bytes | None) -> str:
    """Check `path` (encrypted with `key`) is an intact Pantau database this version can open; returns its schema revision."""
    try:
        conn = cipher.connect(path, key, readonly=True)
    except cipher.Error as exc:
        raise StoreDamaged(f"{path} cannot be opened: {exc}") from exc
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            raise StoreDamaged(f"{path} is damaged: {integrity}")
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not {"alembic_version", "report", "revision", "outbox"} <= tables:
            raise StoreDamaged(f"{path} is not a Pantau database")
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        stamped = conn.execute("PRAGMA user_version").fetchone()[0]
    except cipher.DatabaseError as exc:
        raise StoreDamaged(f"{path} is not a Pantau database: {exc}") from exc
    finally:
        conn.close()
    if revision is None:
        raise StoreDamaged(f"{path} has no schema revision")
    if revision[0] not in migrations.KNOWN:
        made_by = migrations.version_name(stamped)
        newer = made_by and migrations.version_number(made_by) > migrations.version_number(__version__)
        raise StoreTooNew(f"the backup {path}", needs=made_by if newer else None, have=__version__)
    return revision[0]


def verify_backup(store_dir: Path, key: bytes, file: Path) -> bytes | None:
    """Check `file` is an intact backup of the store keyed `key`; returns the key that opens it.

    That is `key`, one a rotation retired, or None for an older Pantau's plaintext backup;
    `WrongKey` for a backup made with another key.
    """
    source_key = backup_key(file, [key, *keys.retired_keys(store_dir, key)])
    verify_database(file, source_key)
    return source_key


def _aside_name(db: Path, now: datetime) -> Path:
    kept = db.with_name(f"{DB_NAME}.before-restore-{now.strftime(_STAMP)}")
    n = 1
    while kept.exists():  # two restores within a second must not overwrite the first one's copy
        n += 1
        kept = db.with_name(f"{DB_NAME}.before-restore-{now.strftime(_STAMP)}-{n}")
    return kept


def restore(store_dir: Path, file: Path, *, passphrase: str | None = None) -> Path:
    """Replace the database in `store_dir` with the backup `file`, after verifying it.

    The backup may be encrypted with the store's key or one a rotation retired (it is
    re-encrypted with the current one), or be an older Pantau's plaintext one.

    The caller holds the folder's single-instance lock and has closed every store on it (on
    Windows an open database cannot be replaced). The replaced database is kept aside as
    `pantau.db.before-restore-<time>`; returns that path (or the new db's when there was none).
    At every moment `pantau.db` is either the old database or the restored one; a failure
    leaves the old one in place and no temporary file behind.
    """
    store_dir = Path(store_dir)
    db = store_dir / DB_NAME
    with store_errors(db):
        key = keys.unlock(store_dir, passphrase=passphrase)
        source_key = verify_backup(store_dir, key, Path(file))
        kept = db
        with fileio.atomic_path(db, private=True) as staged:
            _copy_database(Path(file), source_key, staged, key)
            if db.exists():
                _checkpoint(db, key)
                kept = _aside_name(db, datetime.now(UTC))
                for suffix in ("", "-wal"):  # a WAL that could not be folded in goes with it
                    part = Path(f"{db}{suffix}")
                    if part.exists() and part.stat().st_size > 0:
                        with fileio.atomic_path(f"{kept}{suffix}", private=True) as copy:
                            shutil.copyfile(part, copy)
                # The WAL is folded in (and kept aside with it); left here, SQLite would
                # replay its frames onto the restored file.
                for suffix in ("-wal", "-shm"):
                    fileio.unlink(f"{db}{suffix}")
        # atomic_path has now put the restored copy in place of pantau.db in one step.
    logger.info("restored %s from %s (previous database kept as %s)", db, file, kept)
    return kept


def _checkpoint(db: Path, key: bytes) -> None:
    """Fold the WAL into the main file so the copy kept aside is complete on its own."""
    try:
        conn = cipher.connect(db, key)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except cipher.DatabaseError:
        logger.warning("could not checkpoint %s before restore; keeping it as it is", db)
