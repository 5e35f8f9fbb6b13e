"""Fixtures of the store tests: a real store file per test, with this PC's office set."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sync.store import Store, cipher, keys, open_store
from sync.store.db import DB_NAME
from sync.store.settings import set_office

OFFICE = "81.01"  # Kabupaten Maluku Tengah
KECAMATAN = "81.01.01"  # Amahai, inside it
OTHER_KECAMATAN = "81.71.01"  # in Kota Ambon, outside it


def warning_data(**changes: Any) -> dict[str, Any]:
    """A valid `deteksi_dini` report with just the fixed fields."""
    data = {
        "waktu_kejadian": "2024-02-10T10:30:00+09:00",
        "kecamatan": KECAMATAN,
        "kategori": "hoaks",
        "tingkat": "waspada",
        "kronologi": "Beredar pesan berantai tentang surat suara tercoblos di Desa Haruru.",
    }
    data.update(changes)
    return data


def education_data(**changes: Any) -> dict[str, Any]:
    """A valid `pendidikan_politik` report with just the fixed fields."""
    data = {
        "tanggal": "2024-02-05",
        "sasaran": ["pemilih_pemula", "perempuan"],
        "peserta_laki_laki": 40,
        "peserta_perempuan": 35,
        "platform": "konvensional",
    }
    data.update(changes)
    return data


@pytest.fixture
def bare_store(tmp_path: Path) -> Iterator[Store]:
    """A new store with no office set."""
    store = open_store(tmp_path / "data")
    yield store
    store.close()


@pytest.fixture
def store(bare_store: Store) -> Store:
    with bare_store.session() as session:
        set_office(session=session, code=OFFICE)
    return bare_store


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MiB file system (tmpfs) to fill up; skipped where mounting is not allowed."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode('utf-8', 'replace')}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill_up(disk: Path) -> None:
    """Write to `disk` until it has no byte left."""
    with (disk / "filler").open("wb", buffering=0) as f:
        for _ in range(10_000):
            try:
                f.write(b"\0" * 4096)
            except OSError:
                return
    raise AssertionError(f"{disk} never filled up")


def raw_connection(data_dir: Path) -> cipher.Connection:
    """A DB-API connection to the store database in `data_dir`, under its key (to damage or age it)."""
    return cipher.connect(Path(data_dir) / DB_NAME, keys.unlock(data_dir))
