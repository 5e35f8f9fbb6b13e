"""Opening the store: WAL and pragmas, fast reopen, and refusing files it cannot trust."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from sync.store import check, open_store
from sync.store.db import DB_NAME
from sync.store.errors import StoreDamaged


def test_open_creates_a_wal_database_with_pragmas(tmp_path: Path) -> None:
    store = open_store(tmp_path, auto_backup=False)
    assert store.db_path == tmp_path / DB_NAME and store.attachments_dir.is_dir()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    store.close()


def test_reopening_an_up_to_date_store_is_fast(tmp_path: Path) -> None:
    open_store(tmp_path, auto_backup=False).close()
    started = time.perf_counter()
    open_store(tmp_path, auto_backup=False).close()
    assert time.perf_counter() - started < 0.5


def test_default_folder_is_the_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANTAU_DATA_DIR", str(tmp_path / "env"))
    assert open_store(auto_backup=False).data_dir == tmp_path / "env"


def test_a_file_that_is_no_database_is_refused(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"this is a word document, not a database" * 100)
    with pytest.raises(StoreDamaged):
        open_store(tmp_path, auto_backup=False)


def test_a_database_from_a_newer_pantau_is_refused(tmp_path: Path) -> None:
    store = open_store(tmp_path, auto_backup=False)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    store.close()
    with pytest.raises(StoreDamaged, match="newer"):
        open_store(tmp_path, auto_backup=False)


def test_programs_opening_a_new_store_at_once_migrate_it_once(tmp_path: Path) -> None:
    script = "import sys; from sync.store import open_store; open_store(sys.argv[1], auto_backup=False).close()"
    root = Path(__file__).resolve().parents[2]
    programs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path)],
            cwd=root,
            stderr=subprocess.PIPE,
            text=True, encoding="utf-8",
        )
        for _ in range(3)
    ]
    for program in programs:
        _, err = program.communicate(timeout=120)
        assert program.returncode == 0, err
    assert check(open_store(tmp_path, auto_backup=False)).ok
