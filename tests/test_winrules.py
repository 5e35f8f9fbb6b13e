"""The Windows-file-rules emulation (tests/support/winrules.py) bites where Windows would."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import winrules


@pytest.fixture
def rules() -> Iterator[None]:
    if winrules.active():  # the suite already runs under them
        yield
        return
    winrules.install()
    try:
        yield
    finally:
        winrules.uninstall()


def test_fsync_of_a_read_only_descriptor_fails_and_of_a_writable_one_works(
    tmp_path: Path, rules: None
) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x")
    with path.open("rb") as f, pytest.raises(OSError) as refused:
        os.fsync(f.fileno())
    assert refused.value.errno == errno.EBADF
    with path.open("r+b") as f:
        os.fsync(f.fileno())


def test_an_open_file_cannot_be_deleted_renamed_or_replaced(tmp_path: Path, rules: None) -> None:
    held, other = tmp_path / "held", tmp_path / "other"
    held.write_bytes(b"x")
    other.write_bytes(b"y")
    with held.open("rb"):
        for attempt in (
            held.unlink,
            lambda: os.remove(held),
            lambda: held.rename(tmp_path / "moved"),
            lambda: other.replace(held),  # the target is the open one
            lambda: shutil.move(held, tmp_path / "moved"),
        ):
            with pytest.raises(PermissionError):
                attempt()
    held.unlink()  # closed: allowed again
    assert not held.exists()


def test_a_database_open_in_sqlite_cannot_be_deleted(tmp_path: Path, rules: None) -> None:
    db = tmp_path / "x.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    with pytest.raises(PermissionError):
        db.unlink()
    conn.close()
    db.unlink()


def test_folders_and_files_of_no_one_are_not_affected(tmp_path: Path, rules: None) -> None:
    (tmp_path / "a").write_bytes(b"x")
    os.replace(tmp_path / "a", tmp_path / "b")
    (tmp_path / "d").mkdir()
    os.rename(tmp_path / "d", tmp_path / "e")
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
