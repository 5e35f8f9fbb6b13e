"""The store opening behind the first window: waits, callbacks and failures, in any order."""

from __future__ import annotations

import importlib
import threading
from pathlib import Path

import pytest

import sync.store
from desktop.store_opening import OpeningStore
from sync.store.backup import list_backups
from sync.store.errors import StoreDiskFull
from sync.store.listing import count_reports
from sync.store.schemas import ReportQuery
from sync.store.settings import get_office, set_office
from tests.support.disk import fill_up, small_disk
from tests.support.reports import make_reports, prepare_office

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


def _backups(data_dir: Path) -> list[Path]:
    return list_backups(data_dir)


def test_the_days_backup_follows_the_opening_and_nothing_waits_for_it(qtbot, closed_store, monkeypatch):
    """The first reads and the window's callback come while the day's backup is still held;
    the backup is made after, and closing waits for it."""
    for made in _backups(closed_store):  # the fixture's store made today's: a new day's start
        made.unlink()
    held, backing_up = threading.Event(), threading.Event()
    backups = importlib.import_module("sync.store.backup")  # `sync.store.backup` is also a function
    real = backups.rotate_backups

    def held_backup(store, **kwargs):
        backing_up.set()
        assert held.wait(WAIT_MS / 1000)
        return real(store, **kwargs)

    monkeypatch.setattr(backups, "rotate_backups", held_backup)
    opening = OpeningStore(closed_store)
    opened: list[object] = []
    opening.start(on_opened=opened.append, on_failed=pytest.fail)
    qtbot.waitUntil(lambda: bool(opened) and backing_up.is_set(), timeout=WAIT_MS)
    with opening.session() as session:  # read while the backup waits
        assert get_office(session=session) == "81.71"
    assert _backups(closed_store) == []
    held.set()
    opening.close()  # waits for the backup
    assert len(_backups(closed_store)) == 1


def test_a_backup_that_does_not_fit_leaves_the_store_open_and_working(qtbot, tmp_path):
    with small_disk(tmp_path / "disk", size="8m") as disk:
        store = sync.store.open_store(disk / "data")
        prepare_office(store)
        make_reports(store, 300)  # a database larger than the room left below
        for made in _backups(disk / "data"):
            made.unlink()
        store.close()
        filler = fill_up(disk)
        with filler.open("r+b") as f:  # room to open the store (its WAL), not to copy it
            f.truncate(max(0, filler.stat().st_size - 256 * 1024))
        assert (disk / "data" / "pantau.db").stat().st_size > 512 * 1024
        opening = OpeningStore(disk / "data")
        opened: list[object] = []
        opening.start(on_opened=opened.append, on_failed=pytest.fail)
        qtbot.waitUntil(lambda: bool(opened), timeout=WAIT_MS)
        opening.close()  # the backup ended (logged: no room), nothing half-written left
        assert _backups(disk / "data") == []
        assert not [p for p in (disk / "data" / "backups").iterdir()]
        filler.unlink()
        reopened = sync.store.open_store(disk / "data", auto_backup=False)
        with reopened.session() as session:
            assert count_reports(session=session, query=ReportQuery()) == 300
        reopened.close()
