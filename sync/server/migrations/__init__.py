"""Alembic migrations of the provincial server database."""
