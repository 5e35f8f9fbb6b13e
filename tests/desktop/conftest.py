"""Fixtures of the desktop shell tests: a real store in tmp_path, the app context, the main window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.app import load_context
from desktop.context import AppContext
from desktop.tasks import wait_for_tasks
from sync.store import Store
from tests.support.qt import wait_loaded
from tests.support.stores import new_store

OFFICE = "81.01"  # Kabupaten Maluku Tengah


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Logs, settings and keyring entries of the code under test stay in tmp_path."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


def _opened(data_dir: Path, office: str | None) -> Iterator[Store]:
    # No backup at opening: the app's own opening makes one (test_app); these tests start there.
    store = new_store(data_dir, office=office)
    yield store
    wait_for_tasks()
    store.close()


@pytest.fixture
def blank_store(data_dir: Path, qapp) -> Iterator[Store]:
    """A new store with no office set (the first run)."""
    yield from _opened(data_dir, None)


@pytest.fixture
def store(data_dir: Path, qapp) -> Iterator[Store]:
    """A new store of office 81.01."""
    yield from _opened(data_dir, OFFICE)


@pytest.fixture
def ctx(store: Store) -> AppContext:
    return load_context(store, "id")


@pytest.fixture
def window(qtbot, ctx):
    """The main window on `ctx`, shown, its list loaded; no background sync."""
    from desktop.main_window import MainWindow

    win = MainWindow(ctx, start_sync=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    wait_loaded(qtbot, win.model)
    return win
