"""Backups: rotating automatic ones, on demand while in use, and verified restore."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sync import fileio
from sync.store import Store, backup, check, cipher, open_store, restore
from sync.store import reports as repo
from sync.store.backup import KEEP, list_backups, rotate_backups
from sync.store.errors import StoreDamaged, StoreTooNew, StoreUnavailable
from sync.store.schemas import ReportQuery
from tests.support.reports import warning_data


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
        conn = cipher.connect(path, store.key)
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
    conn = cipher.connect(kept, restored.key)  # the kept file is a whole db, under the store's key
    assert conn.execute("SELECT count(*) FROM report").fetchone() == (2,)
    conn.close()


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


def test_a_clock_years_ahead_does_not_stop_automatic_backups(store: Store) -> None:
    now = datetime.now(UTC)
    ahead = rotate_backups(store, now=now + timedelta(days=3 * 365))  # the PC said 2029
    assert ahead is not None and list_backups(store)[0] == ahead
    # The clock is right again: the "2029" backup is not fresh, a new one is made and is newest.
    made = rotate_backups(store, now=now + timedelta(hours=1))
    assert made is not None and list_backups(store)[0] == made
    assert rotate_backups(store, now=now + timedelta(hours=3)) is None  # and then daily again


def test_a_clock_years_behind_does_not_rotate_new_backups_away(store: Store) -> None:
    behind = datetime(1990, 1, 1, tzinfo=UTC)
    made = [rotate_backups(store, now=behind + timedelta(days=day)) for day in range(KEEP + 2)]
    assert None not in made
    assert list_backups(store) == made[::-1][:KEEP]  # the newest made, not the newest named


def test_backups_of_an_older_pantau_still_count(store: Store) -> None:
    old_name = store.backups_dir / "pantau-20240101T000000Z.db"
    list_backups(store)[0].rename(old_name)
    assert list_backups(store) == [old_name]
    made = rotate_backups(store, now=datetime.now(UTC) + timedelta(days=2))
    assert list_backups(store) == [made, old_name]


def test_a_backup_from_a_newer_pantau_is_refused_with_the_version_needed(
    store: Store, tmp_path: Path
) -> None:
    saved = backup(store, tmp_path / "from-the-future.db")
    conn = cipher.connect(saved, store.key)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.execute("PRAGMA user_version = 7000000")  # as Pantau 7.0.0 stamps it
    conn.commit()
    conn.close()
    with pytest.raises(StoreTooNew, match="Pantau 7.0.0") as refused:
        restore(store.data_dir, saved)
    assert not isinstance(refused.value, StoreDamaged)
    assert check(store).ok


def test_a_failed_restore_keeps_the_database_and_leaves_nothing_half_done(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = backup(store, tmp_path / "cadangan.db")
    with store.session() as s:
        repo.create_draft(session=s, form_id="deteksi_dini", data=warning_data(), submit=True)
    store.close()
    before = sorted(p.name for p in store.data_dir.iterdir())
    real_replace = os.replace

    def refuse_the_database(src: str, dst: str) -> None:
        if Path(dst) == store.db_path:  # another program holds pantau.db (Windows says so)
            raise PermissionError(13, "The process cannot access the file", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(fileio, "RETRY_DELAYS", (0, 0))
    monkeypatch.setattr(os, "replace", refuse_the_database)
    with pytest.raises(StoreUnavailable, match="cannot use"):
        restore(store.data_dir, saved)
    monkeypatch.undo()
    after = sorted(p.name for p in store.data_dir.iterdir() if "before-restore" not in p.name)
    assert [n for n in after if n not in before] == []  # no .tmp, no .restoring, no .partial
    reopened = open_store(store.data_dir, auto_backup=False)
    assert _count(reopened) == 1 and check(reopened).ok
    reopened.close()


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_backups_and_copies_kept_aside_are_private(store: Store, tmp_path: Path) -> None:
    saved = backup(store, tmp_path / "cadangan.db")
    store.close()
    kept = restore(store.data_dir, saved)
    for path in (saved, kept, store.db_path, *list_backups(store)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
