"""Backups of the local store with SQLite's online backup API: rotating daily ones, and on demand."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sync import fileio, migrations
from sync.store.db import BACKUPS_DIR, DB_NAME, Store
from sync.store.errors import StoreDamaged
from sync.store.settings import mark_as_copy

logger = logging.getLogger(__name__)

KEEP = 7
EVERY = timedelta(days=1)
_PREFIX = "pantau-"
_STAMP = "%Y%m%dT%H%M%SZ"


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a live database (other connections may be writing), via a temp file."""
    with fileio.atomic_path(target, private=True) as tmp:
        src = sqlite3.connect(source)
        try:
            dst = sqlite3.connect(tmp)
            try:
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
    _copy_database(store.db_path, out)
    logger.info("backup written to %s", out)
    return out


def list_backups(where: Store | Path) -> list[Path]:
    """The automatic backups of a store (or of the store folder, even one that will not open), newest first."""
    folder = where.backups_dir if isinstance(where, Store) else Path(where) / BACKUPS_DIR
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{_PREFIX}*.db"), reverse=True)


def rotate_backups(store: Store, *, now: datetime | None = None) -> Path | None:
    """Make an automatic backup if the newest is older than a day; keep the newest seven."""
    now = now or datetime.now(UTC)
    existing = list_backups(store)
    if existing:
        newest = datetime.strptime(existing[0].stem.removeprefix(_PREFIX), _STAMP).replace(
            tzinfo=UTC
        )
        if now - newest < EVERY:
            return None
    store.backups_dir.mkdir(exist_ok=True)
    made = backup(store, store.backups_dir / f"{_PREFIX}{now.strftime(_STAMP)}.db")
    if not _intact(made):
        # A damaged copy must not push the last good backups out of the rotation.
        logger.error("the database is damaged; automatic backup %s discarded", made)
        fileio.unlink(made)
        return None
    for old in list_backups(store)[KEEP:]:
        fileio.unlink(old)
    return made


def _intact(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def verify_database(path: Path) -> str:
    """Check `path` is an intact Pantau database this version can open; returns its schema revision."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
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
    except sqlite3.DatabaseError as exc:
        raise StoreDamaged(f"{path} is not a Pantau database: {exc}") from exc
    finally:
        conn.close()
    if revision is None or revision[0] not in migrations.KNOWN:
        raise StoreDamaged(f"{path} has an unknown schema revision {revision and revision[0]!r}")
    return revision[0]


def restore(store_dir: Path, file: Path) -> Path:
    """Replace the database in `store_dir` with the backup `file`, after verifying it.

    No store may be open on `store_dir` meanwhile. The replaced database is kept aside as
    `pantau.db.before-restore-<time>`; returns that path (or the new db's when there was none).
    """
    store_dir = Path(store_dir)
    verify_database(Path(file))
    db = store_dir / DB_NAME
    staged = store_dir / (DB_NAME + ".restoring")
    _copy_database(Path(file), staged)
    kept = db
    if db.exists():
        _checkpoint(db)
        kept = store_dir / f"{DB_NAME}.before-restore-{datetime.now(UTC).strftime(_STAMP)}"
        fileio.replace(db, kept)
    for suffix in ("-wal", "-shm"):
        fileio.unlink(f"{db}{suffix}")
    fileio.replace(staged, db)
    logger.info("restored %s from %s (previous database kept as %s)", db, file, kept)
    return kept


def _checkpoint(db: Path) -> None:
    """Fold the WAL into the main file so the copy kept aside is complete on its own."""
    try:
        conn = sqlite3.connect(db)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        logger.warning("could not checkpoint %s before restore; keeping it as it is", db)
