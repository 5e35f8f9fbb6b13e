"""Fixtures of the store tests: a real store file per test, with this PC's office set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.store import Store, cipher, keys
from sync.store.db import DB_NAME
from sync.store.settings import set_office
from tests.support.disk import fill_up, small_disk  # noqa: F401 (fill_up: re-exported)
from tests.support.reports import (  # noqa: F401 (re-exported for the store and CLI tests)
    KECAMATAN,
    OFFICE,
    OTHER_KECAMATAN,
    education_data,
    warning_data,
)
from tests.support.stores import new_store


@pytest.fixture
def bare_store(tmp_path: Path) -> Iterator[Store]:
    """A new store with no office set."""
    store = new_store(tmp_path / "data", office=None, auto_backup=True)
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
    with small_disk(tmp_path / "disk") as disk:
        yield disk


def raw_connection(data_dir: Path) -> cipher.Connection:
    """A DB-API connection to the store database in `data_dir`, under its key (to damage or age it)."""
    return cipher.connect(Path(data_dir) / DB_NAME, keys.unlock(data_dir))
