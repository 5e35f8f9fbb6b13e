"""The PC clock against the server's: measured on every answer, reported after each pass."""

from __future__ import annotations

import time

import requests

from sync.client.clock import ClockWatch, clock_is_wrong
from sync.client.scheduler import Scheduler
from tests.support.fixtures import enroll_store
from tests.support.reports import make_reports

TWO_HOURS = 2 * 3600.0


def _one_pass(store, clock: ClockWatch) -> list[float]:
    offsets: list[float] = []
    scheduler = Scheduler(store, on_clock=offsets.append, clock=clock, interval_seconds=3600)
    scheduler.run(until_idle=True, max_passes=1)
    return offsets


def test_a_pc_clock_two_hours_behind_is_reported_after_the_pass(store, server):
    enroll_store(store, server)
    make_reports(store, 2)
    offsets = _one_pass(store, ClockWatch(now=lambda: time.time() - TWO_HOURS))  # set to WITA
    assert offsets, "the pass reported the clock"
    assert abs(offsets[-1] - TWO_HOURS) < 60
    assert clock_is_wrong(offsets[-1])


def test_a_right_clock_is_not_a_problem(store, server):
    enroll_store(store, server)
    offsets = _one_pass(store, ClockWatch())
    assert offsets and abs(offsets[-1]) < 60
    assert not clock_is_wrong(offsets[-1])


def test_every_answer_is_measured_and_a_bad_date_header_is_ignored(tiny_server):
    watch = ClockWatch(now=lambda: time.time() + TWO_HOURS)  # a PC clock ahead
    with requests.Session() as session:
        watch.attach(session)
        assert watch.offset is None
        session.get(f"http://127.0.0.1:{tiny_server.server_address[1]}/health", timeout=10)
        measured = watch.offset
        assert measured is not None and abs(measured + TWO_HOURS) < 60
        answer = requests.Response()
        answer.headers["Date"] = "kemarin sore"
        watch.observe(answer)
    assert watch.offset == measured


def test_pantau_sync_warns_about_a_pc_clock_two_hours_behind(store, server, capsys, monkeypatch):
    import sync.client.scheduler as scheduler_module
    from sync.cli import main

    enroll_store(store, server)
    make_reports(store, 1)
    monkeypatch.setattr(scheduler_module, "ClockWatch",
                        lambda: ClockWatch(now=lambda: time.time() - TWO_HOURS))  # the PC's clock
    assert main(["--data-dir", str(store.data_dir), "sync", "--once"]) == 0
    err = capsys.readouterr().err
    assert "this PC's clock is 2 h 0 min behind the server's" in err
    assert "UTC+09:00" in err
