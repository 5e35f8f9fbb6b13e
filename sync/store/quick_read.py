"""The store read straight through SQLCipher, without SQLAlchemy: what the desktop's first window shows.

SQLAlchemy and SQLModel take about a second of a start on an office PC. The desktop shows
its window with what `glance` reads here, and opens the store (`open_store`) in the
background meanwhile. Only a store that needs nothing of `open_store` first is read: its key
unlocks without asking (`keys.unlock`), the file is encrypted with that key, no encryption of
an older plaintext store is half done, and its schema is at `migrations.HEAD`. Otherwise
`glance` returns None and the caller opens the store the usual way. Nothing here writes.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from sync import migrations
from sync.store import cipher, keys, plaintext
from sync.store.errors import StoreError
from sync.store.public import report_public
from sync.store.schemas import ReportPublic

logger = logging.getLogger(__name__)

DB_NAME = "pantau.db"  # as `sync.store.db.DB_NAME` (a test checks), which imports SQLAlchemy
_COLUMNS = (
    "id", "form_id", "form_version", "office", "state", "revision", "title", "urgent",
    "alert_level", "kecamatan", "report_date", "created_at", "updated_at", "data",
    "rejected_reason", "review_comment", "draft_revision", "bundle_number",
)  # fmt: skip
# The list's default order (`ReportQuery()`: newest report date first), paged over the index
# of that order first, as `sync.store.listing.list_reports` does.
_NEWEST = (
    f"SELECT {', '.join(_COLUMNS)} FROM report WHERE num IN "
    "(SELECT num FROM report ORDER BY report_date DESC, num DESC LIMIT ?) "
    "ORDER BY report_date DESC, num DESC"
)


@dataclass(frozen=True, slots=True)
class Glance:
    """What the first window shows, read in one transaction."""

    key: bytes = field(repr=False)  # the store key, unlocked
    office: str | None
    published_forms: list[dict[str, Any]]  # definitions of the form versions the province published
    total: int  # reports in the store
    newest: list[ReportPublic]  # the first page of the list in its default order


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _report(row: tuple[Any, ...]) -> ReportPublic:
    values = dict(zip(_COLUMNS, row, strict=True))
    values.update(
        id=UUID(values["id"]),
        urgent=bool(values["urgent"]),
        report_date=date.fromisoformat(values["report_date"]) if values["report_date"] else None,
        created_at=_utc(values["created_at"]),
        updated_at=_utc(values["updated_at"]),
        data=json.loads(values["data"]),
    )
    return report_public(values)


def _needs_open_store(db_path: Path) -> str | None:
    """Why `open_store` must run before this database is read as it is (None: it need not)."""
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return "no database yet"
    if cipher.is_plaintext(db_path):
        return "an unencrypted database"
    staged = Path(f"{db_path}{plaintext.STAGED_SUFFIX}")
    if staged.exists() or Path(f"{db_path}{plaintext.DONE_SUFFIX}").exists():
        return "an encryption left half done"
    return None


def _read(conn: cipher.Connection, key: bytes, limit: int) -> Glance | None:
    if not cipher.readable(conn):
        logger.info("first look: the database is under an older key")
        return None
    conn.execute("BEGIN")  # one snapshot for the count and the page
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone():
        return None
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    if revision is None or revision[0] != migrations.HEAD:
        logger.info("first look: the schema is at %s, not %s", revision and revision[0], migrations.HEAD)
        return None
    office = conn.execute("SELECT value FROM setting WHERE key = 'office'").fetchone()
    forms = [json.loads(text) for (text,) in conn.execute("SELECT definition FROM form_version")]
    total = conn.execute("SELECT count(*) FROM report").fetchone()[0]
    newest = [_report(row) for row in conn.execute(_NEWEST, (limit,))]
    return Glance(key=key, office=office[0] if office else None, published_forms=forms,
                  total=total, newest=newest)  # fmt: skip


def glance(data_dir: Path, *, limit: int) -> Glance | None:
    """The office, published forms, report count and newest `limit` reports; None when the store must be opened first."""
    db_path = Path(data_dir) / DB_NAME
    reason = _needs_open_store(db_path)
    if reason is not None:
        logger.info("first look skipped: %s", reason)
        return None
    try:
        key = keys.unlock(data_dir)
    except StoreError as exc:  # a passphrase or the recovery key to ask for: the usual way asks
        logger.info("first look skipped: %s", exc)
        return None
    try:
        conn = cipher.connect(db_path, key, readonly=True)
        try:
            return _read(conn, key, limit)
        finally:
            conn.close()
    except (cipher.Error, OSError, ValueError) as exc:  # damaged, in use, unexpected: `open_store` says
        logger.info("first look failed: %s", exc)
        return None
