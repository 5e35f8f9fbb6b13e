"""Alembic migrations of the office PC's local store, applied automatically by `open_store`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent
# The newest revision in `versions/`; a test checks that it matches Alembic's head. Comparing
# with it lets an up-to-date database open without loading Alembic's script machinery.
HEAD = "0005"
KNOWN = ("0001", "0002", "0003", "0004", "0005")


def alembic_config(engine: sa.Engine) -> Config:
    """An Alembic config bound to `engine` (no alembic.ini needed)."""
    from alembic.config import Config  # imported on demand: Alembic costs ~0.15 s of start-up

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: sa.Engine) -> str | None:
    """The revision stamped in the database, None for an empty one."""
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
