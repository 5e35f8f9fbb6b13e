"""Alembic environment: runs on the connection handed over by `sync.server.db.migrate`."""

from __future__ import annotations

from alembic import context

from sync.server.models import ServerTable

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `pantau-server migrate`, not the alembic command")

context.configure(
    connection=connection,
    target_metadata=ServerTable.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
