"""Fixtures of the store tests: a real store file per test, with this PC's office set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sync.store import Store, open_store
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
