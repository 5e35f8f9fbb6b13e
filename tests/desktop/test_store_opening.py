"""The store opening behind the first window: waits, callbacks and failures, in any order."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import sync.store
from desktop.store_opening import OpeningStore
from sync.store.errors import StoreDiskFull
from sync.store.settings import get_office, set_office

WAIT_MS = 10_000


@pytest.fixture
def closed_store(data_dir: Path) -> Path:
    store = sync.store.open_store(data_dir)
    with store.session() as session:
        set_office(session=session, code="81.71")
    store.close()
    return data_dir


def test_a_read_off_the_gui_thread_waits_for_the_opening(qtbot, closed_store):
    opening = OpeningStore(closed_store)
    read: list[str | None] = []

    def reader() -> None:
        with opening.session() as session:  # waits: the opening has not started yet
            read.append(get_office(session=session))

    thread = threading.Thread(target=reader)
    thread.start()
    opened: list[object] = []
    opening.start(on_opened=opened.append, on_failed=pytest.fail)
    qtbot.waitUntil(lambda: bool(opened), timeout=WAIT_MS)
    thread.join(WAIT_MS / 1000)
    assert read == ["81.71"]
    assert opened == [opening.result()] and not opening.failed()
    assert opening.data_dir == closed_store
    opening.close()


def test_asked_on_the_gui_thread_before_it_started_it_opens_there(qtbot, closed_store):
    opening = OpeningStore(closed_store)
    assert opening.key  # no wait for ever: the GUI thread opens it
    opened: list[object] = []
    opening.start(on_opened=opened.append, on_failed=pytest.fail)
    assert opened == [opening.result()]  # already open: told at once
    qtbot.wait(50)
    assert len(opened) == 1  # and only once
    opening.close()


def test_a_failed_opening_is_reported_and_leaves_nothing_to_close(qtbot, closed_store, monkeypatch):
    def full_disk(*_args, **_kwargs):
        raise StoreDiskFull("the disk is full")

    monkeypatch.setattr(sync.store, "open_store", full_disk)
    opening = OpeningStore(closed_store)
    failures: list[BaseException] = []
    opening.start(on_opened=pytest.fail, on_failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
    assert isinstance(failures[0], StoreDiskFull) and opening.failed()
    with pytest.raises(StoreDiskFull):
        opening.session()
    opening.close()


def test_a_store_never_opened_has_nothing_to_close(closed_store):
    OpeningStore(closed_store).close()
