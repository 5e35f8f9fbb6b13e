"""Atomic, durable writes (sync.fileio): old or new content, never half, private when asked."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from sync import fileio


def test_write_text_replaces_the_whole_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_text("old", encoding="utf-8")
    fileio.write_text(target, "baru ✓")
    assert target.read_text(encoding="utf-8") == "baru ✓"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_a_failed_write_keeps_the_old_content(tmp_path: Path) -> None:
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), fileio.atomic_open(target) as f:
        f.write(b"half")
        raise RuntimeError("disk pulled out")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_atomic_path_gives_a_file_name_to_writers_that_want_one(tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    with fileio.atomic_path(target, private=True) as tmp:
        conn = sqlite3.connect(tmp)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    assert sqlite3.connect(target).execute("SELECT count(*) FROM t").fetchone() == (0,)
    assert [p.name for p in tmp_path.iterdir()] == ["copy.db"]


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_private_files_and_folders_are_the_owners_only(tmp_path: Path) -> None:
    fileio.write_bytes(tmp_path / "secret", b"x", private=True)
    fileio.write_bytes(tmp_path / "public", b"x")
    folder = fileio.make_private_dir(tmp_path / "data" / "inner")
    assert stat.S_IMODE((tmp_path / "secret").stat().st_mode) == 0o600
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "public").stat().st_mode) == 0o666 & ~umask  # as the umask says
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_text_mode_needs_an_encoding(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="encoding"), fileio.atomic_open(tmp_path / "x", "w"):
        pass


def test_a_file_held_for_a_moment_is_replaced_after_a_retry(tmp_path: Path, monkeypatch) -> None:
    # An antivirus scanner holds a new file for a moment: Windows says PermissionError meanwhile.
    real_replace = os.replace
    refusals = iter([PermissionError(13, "in use"), PermissionError(13, "in use")])

    def busy_then_free(src, dst):
        if (error := next(refusals, None)) is not None:
            raise error
        real_replace(src, dst)

    monkeypatch.setattr(fileio, "RETRY_DELAYS", (0, 0, 0))
    monkeypatch.setattr(os, "replace", busy_then_free)
    fileio.write_bytes(tmp_path / "t", b"new")
    assert (tmp_path / "t").read_bytes() == b"new"


def test_a_file_held_for_good_fails_with_permission_error(tmp_path: Path, monkeypatch) -> None:
    def always_busy(src, dst):
        raise PermissionError(13, "in use")

    monkeypatch.setattr(fileio, "RETRY_DELAYS", (0, 0))
    monkeypatch.setattr(os, "replace", always_busy)
    with pytest.raises(PermissionError):
        fileio.write_bytes(tmp_path / "t", b"new")
    assert list(tmp_path.iterdir()) == []
