"""Backups: rotating automatic ones, on demand while in use, and verified restore."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sync.store import Store, backup, check, open_store, restore
from sync.store import reports as repo
from sync.store.backup import KEEP, list_backups, rotate_backups
from sync.store.errors import StoreDamaged
from sync.store.schemas import ReportQuery
from tests.store.conftest import warning_data


def _count(store: Store) -> int:
    with store.session() as s:
        return repo.count_reports(session=s, query=ReportQuery())


def test_automatic_backups_daily_keep_seven(store: Store) -> None:
    assert len(list_backups(store)) == 1  # made when the store was first opened
    start = datetime.now(UTC)
    assert rotate_backups(store, now=start + timedelta(hours=2)) is None  # newest is fresh
    for day in range(1, 10):
        assert rotate_backups(store, now=start + timedelta(days=day)) is not None
    kept = list_backups(store)
    assert len(kept) == KEEP
    for path in kept:
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()


def test_backup_then_restore(store: Store, tmp_path: Path) -> None:
    with store.session() as s:
        repo.create_draft(session=s, form_id="deteksi_dini", data=warning_data(), submit=True)
    saved = backup(store, tmp_path / "out" / "cadangan.db")
    with store.session() as s:
        repo.create_draft(session=s, form_id="deteksi_dini", data=warning_data(), submit=True)
    assert _count(store) == 2
    store.close()
    kept = restore(store.data_dir, saved)
    assert kept.exists()
    restored = open_store(store.data_dir, auto_backup=False)
    assert _count(restored) == 1 and check(restored).ok
    restored.close()
    previous = open_store(
        kept.parent / "previous", auto_backup=False
    )  # the kept file is a whole db
    previous.close()
    kept.rename(previous.db_path)
    assert _count(open_store(previous.data_dir, auto_backup=False)) == 2


def test_restore_refuses_files_that_are_not_pantau_databases(store: Store, tmp_path: Path) -> None:
    junk = tmp_path / "laporan.docx"
    junk.write_bytes(b"PK\x03\x04 not a database" * 50)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    for bad in (junk, other):
        with pytest.raises(StoreDamaged):
            restore(store.data_dir, bad)
    assert check(store).ok  # untouched


def test_backups_are_found_without_opening_the_store(store: Store) -> None:
    assert list_backups(store.data_dir) == list_backups(store) != []


def test_a_damaged_database_does_not_rotate_good_backups_away(store: Store) -> None:
    good = list_backups(store)
    store.close()
    with store.db_path.open("r+b") as f:  # scribble over a page in the middle of the file
        f.seek(4096 * 3)
        f.write(b"\x00garbage" * 500)
    made = rotate_backups(store, now=datetime.now(UTC) + timedelta(days=2))
    assert made is None and list_backups(store) == good
