"""Engine creation, SQLite tuning, and schema migration under a cross-process lock."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any constant works; it only has to be the same in every server process.
MIGRATION_LOCK_KEY = 0x50414E5441550001
FEED_LOCK_KEY = 0x50414E5441550002


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    """An engine for `url`; SQLite gets WAL, a busy timeout and write-locking transactions."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, hide_parameters=True
        )
        _tune_sqlite(engine)
        return engine
    return sa.create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        pool_recycle=1800,
        hide_parameters=True,  # errors (and so the log) never quote report content
    )


def _tune_sqlite(engine: Engine) -> None:
    # pysqlite's implicit BEGIN defers the write lock, so two writers that both read first
    # fail with "database is locked" instead of waiting; BEGIN IMMEDIATE makes them queue.
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def is_postgres(bind: Engine | Connection) -> bool:
    return bind.dialect.name == "postgresql"


def upsert_insert(session: Session, table: sa.Table | type) -> Any:
    """An INSERT with `on_conflict_do_nothing/do_update` for the session's backend."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


@contextmanager
def advisory_lock(connection: Connection, key: int) -> Iterator[None]:
    """Hold a PostgreSQL session lock while the block runs (SQLite's own locking suffices)."""
    if not is_postgres(connection):
        yield
        return
    connection.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": key})
    connection.commit()
    try:
        yield
    finally:
        connection.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
        connection.commit()


def lock_feed(connection: Connection) -> None:
    """Serialise feed writers until commit, so feed sequence order equals commit order."""
    if is_postgres(connection):
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": FEED_LOCK_KEY})


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; safe when several processes start at once."""
    config = alembic_config()
    with engine.connect() as connection, advisory_lock(connection, MIGRATION_LOCK_KEY):
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()
    log.info("database schema is current")
