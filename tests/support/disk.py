"""A small real file system (tmpfs) to fill up: full disks on the office PC and on the server."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_disk(mount_point: Path, size: str = "2m") -> Iterator[Path]:
    """`mount_point` as a tmpfs of `size`; the test is skipped where mounting is not allowed."""
    mount_point.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode('utf-8', 'replace')}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill_up(disk: Path) -> Path:
    """Write to `disk` until it has no byte left; returns the filler file (delete it to free)."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as f:
        for _ in range(100_000):
            try:
                f.write(b"\0" * 4096)
            except OSError:
                return filler
    raise AssertionError(f"{disk} never filled up")
