"""The office PC's local store: reports, revisions, outbox, attachments, settings (SQLite, no Qt)."""

from sync.store.backup import backup, restore
from sync.store.check import check
from sync.store.db import Store, open_store

__all__ = ["Store", "backup", "check", "open_store", "restore"]
