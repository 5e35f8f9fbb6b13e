"""Opening the local store: one SQLite file in WAL mode, migrated to the newest schema."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

from sync import migrations, paths
from sync.store.errors import StoreDamaged

logger = logging.getLogger(__name__)

DB_NAME = "pantau.db"
BACKUPS_DIR = "backups"
BUSY_TIMEOUT_MS = 10_000
# Set on a session's connection by `write_session`: begin with BEGIN IMMEDIATE, so that a unit
# of work that reads then writes takes the write lock first and never fails half-way with BUSY.
IMMEDIATE_OPTION = "pantau_immediate"


@dataclass(frozen=True)
class Store:
    """The open local store: a thread-safe engine to share, one Session per unit of work."""

    data_dir: Path
    engine: sa.Engine

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


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # The driver must not open transactions on its own; `_on_begin` does it explicitly.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _on_begin(conn: sa.Connection) -> None:
    conn.exec_driver_sql(
        "BEGIN IMMEDIATE" if conn.get_execution_options().get(IMMEDIATE_OPTION) else "BEGIN"
    )


def make_engine(db_path: Path) -> sa.Engine:
    """An engine on `db_path` with Pantau's pragmas and explicit transaction control."""
    engine = sa.create_engine(f"sqlite:///{db_path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def write_session(session: Session) -> None:
    """Start `session`'s write transaction with BEGIN IMMEDIATE (ending a read one it may hold)."""
    if session.in_transaction():
        # A read transaction would pin an old snapshot and could not become a write one.
        session.commit()
    session.connection(execution_options={IMMEDIATE_OPTION: True})


def open_store(data_dir: Path | None = None, *, auto_backup: bool = True) -> Store:
    """Open (creating or migrating if needed) the store in `data_dir` (default: `paths.data_dir()`)."""
    directory = Path(data_dir) if data_dir is not None else paths.data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    engine = make_engine(directory / DB_NAME)
    store = Store(data_dir=directory, engine=engine)
    try:
        revision = migrations.current_revision(engine)
        if revision is not None and revision not in migrations.KNOWN:
            raise StoreDamaged(
                f"{store.db_path} has schema revision {revision!r}, made by a newer Pantau",
                message_id="Basis data dibuat oleh versi Pantau yang lebih baru.",
            )
        migrations.upgrade(engine)
    except sa.exc.DatabaseError as exc:
        engine.dispose()
        raise StoreDamaged(f"{store.db_path} is not a usable Pantau database: {exc.orig}") from exc
    except StoreDamaged:
        engine.dispose()
        raise
    store.attachments_dir.mkdir(exist_ok=True)
    logger.debug("local store open: %s", store.db_path)
    if auto_backup:
        from sync.store.backup import rotate_backups  # backup builds on this module

        rotate_backups(store)
    return store
