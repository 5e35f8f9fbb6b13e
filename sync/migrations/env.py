"""Alembic environment: runs on the engine handed over by `sync.migrations.upgrade`."""

from __future__ import annotations

from alembic import context

from sync.store.db import IMMEDIATE_OPTION
from sync.store.models import SQLModel

config = context.config
engine = config.attributes["engine"]

# BEGIN IMMEDIATE: when two programs open a new store at once, the second waits for the
# first to finish migrating, then finds the schema up to date.
with engine.connect().execution_options(**{IMMEDIATE_OPTION: True}) as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode recreates tables
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
