"""Opening the store: WAL and pragmas, fast reopen, and refusing files it cannot trust."""

from __future__ import annotations

import os
import stat
import time
import tomllib
from pathlib import Path

import pytest
import sqlalchemy as sa

import sync
from sync import fileio, migrations
from sync.store import check, keys, open_store
from sync.store.db import DB_NAME
from sync.store.errors import KeyMissing, StoreDamaged, StoreDiskFull, StoreTooNew
from sync.store.settings import set_office
from tests.support.disk import fill_up
from tests.support.programs import at_once, open_store_in_a_program

ROOT = Path(__file__).resolve().parents[2]


def test_open_creates_a_wal_database_with_pragmas(tmp_path: Path) -> None:
    store = open_store(tmp_path, auto_backup=False)
    assert store.db_path == tmp_path / DB_NAME and store.attachments_dir.is_dir()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    store.close()


def test_reopening_an_up_to_date_store_runs_no_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The time it takes is bench/store.py's figure; here: no migration work at all."""
    open_store(tmp_path, auto_backup=False).close()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an up-to-date store was migrated again")

    monkeypatch.setattr(migrations, "upgrade", refuse)
    open_store(tmp_path, auto_backup=False).close()


def test_default_folder_is_the_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANTAU_DATA_DIR", str(tmp_path / "env"))
    assert open_store(auto_backup=False).data_dir == tmp_path / "env"


def test_a_file_that_is_no_database_is_refused(tmp_path: Path) -> None:
    open_store(tmp_path, auto_backup=False).close()
    for part in ("", "-wal", "-shm"):
        fileio.unlink(f"{tmp_path / DB_NAME}{part}")
    (tmp_path / DB_NAME).write_bytes(b"this is a word document, not a database" * 100)
    with pytest.raises(StoreDamaged):
        open_store(tmp_path, auto_backup=False)
    # Without its key file the same bytes could be an encrypted store: the recovery key is asked.
    keys.key_path(tmp_path).unlink()
    keys.forget()
    with pytest.raises(KeyMissing):
        open_store(tmp_path, auto_backup=False)


def _as_if_made_by(data_dir: Path, version: str) -> None:
    """Make the store look as a newer Pantau leaves it: an unknown revision, its version stamped."""
    store = open_store(data_dir, auto_backup=False)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    migrations.stamp_made_by(store.engine, version)
    store.close()


def test_a_database_from_a_newer_pantau_is_refused_as_too_new_not_damaged(tmp_path: Path) -> None:
    _as_if_made_by(tmp_path, "7.3.1")
    with pytest.raises(StoreTooNew) as refused:
        open_store(tmp_path, auto_backup=False)
    assert not isinstance(refused.value, StoreDamaged)
    assert refused.value.needs == "7.3.1"
    assert "Install Pantau 7.3.1" in str(refused.value) and "not damaged" in str(refused.value)
    assert "Pantau versi 7.3.1" in refused.value.message_id


def test_a_newer_database_that_does_not_say_its_version_asks_for_a_newer_pantau(tmp_path: Path) -> None:
    _as_if_made_by(tmp_path, sync.__version__)  # stamped, but no newer than this program
    with pytest.raises(StoreTooNew, match="a newer Pantau") as refused:
        open_store(tmp_path, auto_backup=False)
    assert refused.value.needs is None


def test_a_new_store_records_the_pantau_that_made_its_schema(tmp_path: Path) -> None:
    store = open_store(tmp_path, auto_backup=False)
    assert migrations.made_by(store.engine) == sync.__version__
    store.close()


def test_the_version_is_the_one_of_the_package() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert sync.__version__ == pyproject["project"]["version"]


def test_a_folder_name_with_uri_characters_opens(tmp_path: Path) -> None:
    folder = tmp_path / "Data Kantor #1 ?100%"
    store = open_store(folder, auto_backup=False)
    store.close()
    assert (folder / DB_NAME).stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_the_database_and_its_folders_are_private(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data").chmod(0o755)  # as an older Pantau left it
    store = open_store(tmp_path / "data")
    with store.session() as session:
        set_office(session=session, code="81.01")
    for folder in (store.data_dir, store.attachments_dir, store.backups_dir):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    files = [store.db_path, Path(f"{store.db_path}-wal"), *store.backups_dir.iterdir()]
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    store.close()


def test_programs_opening_a_new_store_at_once_migrate_it_once(tmp_path: Path) -> None:
    # three processes, let go at the same moment once each has loaded the program
    assert at_once(3, open_store_in_a_program, tmp_path) == [(0, "")] * 3
    assert check(open_store(tmp_path, auto_backup=False)).ok


def test_a_full_disk_is_reported_as_full_not_as_a_damaged_database(tiny_disk: Path) -> None:
    store = open_store(tiny_disk / "data")
    with store.session() as session:
        set_office(session=session, code="81.01")
    store.close()
    fill_up(tiny_disk)
    with pytest.raises(StoreDiskFull, match="is full") as refused:
        open_store(tiny_disk / "data")
    assert not isinstance(refused.value, StoreDamaged)
    (tiny_disk / "filler").unlink()
    reopened = open_store(tiny_disk / "data")
    assert check(reopened).ok
    reopened.close()


def test_temporary_files_left_by_a_crash_are_removed_on_the_next_start(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    leftovers = [
        tmp_path / ".pantau.db.k2j4h1.tmp",  # an interrupted restore
        tmp_path / "pantau.db.restoring",  # the same, by an older Pantau
        tmp_path / "backups" / ".pantau-000002-20240210T013000Z.db.x9.tmp",
        tmp_path / "backups" / "pantau-20240210T013000Z.db.partial",
        tmp_path / "attachments" / ".incoming-abc123",
    ]
    in_progress = tmp_path / "attachments" / ".incoming-now"  # another program writing it now
    two_hours_ago = time.time() - 7200
    for path in leftovers:
        path.write_bytes(b"half")
        os.utime(path, (two_hours_ago, two_hours_ago))
    in_progress.write_bytes(b"being written")
    store = open_store(tmp_path)
    store.close()
    assert [path for path in leftovers if path.exists()] == []
    assert in_progress.exists()
