"""Alembic migrations of the office PC's local store, applied automatically by `open_store`."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlalchemy as sa
    from alembic.config import Config

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent
# The newest revision in `versions/`; a test checks that it matches Alembic's head. Comparing
# with it lets an up-to-date database open without loading Alembic's script machinery.
HEAD = "0006"
KNOWN = ("0001", "0002", "0003", "0004", "0005", "0006")


def alembic_config(engine: sa.Engine) -> Config:
    """An Alembic config bound to `engine` (no alembic.ini needed)."""
    from alembic.config import Config  # imported on demand: Alembic costs ~0.15 s of start-up

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def version_number(version: str) -> int:
    """"1.4.2" as 1_004_002, what SQLite's 32-bit `user_version` can hold."""
    found = re.match(r"(\d+)\.(\d+)(?:\.(\d+))?", version)
    if found is None:
        raise ValueError(f"not a version: {version!r}")
    major, minor, patch = (int(part or 0) for part in found.groups())
    return major * 1_000_000 + minor * 1_000 + patch


def stamp_made_by(engine: sa.Engine, version: str) -> None:
    """Record in the database that Pantau `version` gave it its schema (SQLite's user_version).

    An older Pantau that cannot open the schema reads it to say which version is needed.
    """
    from sync.store.db import IMMEDIATE_OPTION  # as env.py: the write lock first, never BUSY midway

    with engine.connect().execution_options(**{IMMEDIATE_OPTION: True}) as conn, conn.begin():
        conn.exec_driver_sql(f"PRAGMA user_version = {version_number(version)}")


def made_by(engine: sa.Engine) -> str | None:
    """The Pantau version that gave the database its schema, None when it did not say."""
    with engine.connect() as conn:
        return version_name(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)


def version_name(number: int) -> str | None:
    """1_004_002 as "1.4.2"; None for 0 (a database that does not say)."""
    if number <= 0:
        return None
    return f"{number // 1_000_000}.{number // 1_000 % 1_000}.{number % 1_000}"


def current_revision(engine: sa.Engine) -> str | None:
    """The revision stamped in the database, None for an empty one."""
    import sqlalchemy as sa  # not at import: the desktop reads `HEAD` before SQLAlchemy loads

    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: sa.Engine, target: str = "head") -> None:
    """Bring the schema to `target`; a no-op costing one query when already at head."""
    if target == "head" and current_revision(engine) == HEAD:
        return
    from alembic import command

    logger.info("migrating local store to %s", target)
    command.upgrade(alembic_config(engine), target)
