"""`pantau enroll`, `pantau sync`, `pantau status` against a real server."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys

import pytest

from sync.cli import main
from sync.store import open_store
from sync.store.outbox import pending_count
from sync.store.settings import get_office, get_server_url, set_office, set_server_url
from tests.support.fixtures import enroll_store
from tests.support.netproxy import LinkProfile, NetProxy
from tests.support.reports import OFFICE, make_reports


def _run(store, *args: str) -> int:
    return main(["--data-dir", str(store.data_dir), *args])


def test_enroll_sync_status(store, server, capsys):
    assert _run(store, "enroll", "--server", server.url, "--code", server.enroll_code(OFFICE)) == 0
    assert f"office {OFFICE}" in capsys.readouterr().out
    assert stat.S_IMODE((store.data_dir / "device_token").stat().st_mode) == 0o600
    with store.session() as session:
        assert get_server_url(session=session) == server.url

    make_reports(store, 4, seed=1)
    urgent = make_reports(store, 1, seed=2, urgent=True)
    assert _run(store, "status", "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["pending"], status["pending_urgent"], status["server_reachable"]) == (5, 1, True)
    assert status["pending_reports"][0]["id"] == str(urgent[0]) and status["last_success"] is None

    assert _run(store, "sync") == 0
    out, err = capsys.readouterr()
    assert "delivered 5, duplicates 0, rejected 0" in out and "still waiting: 0" in out
    assert f"[{'#' * 30}] 5/5" in err  # the progress line (plain lines when not on a terminal)

    assert _run(store, "status") == 0
    text = capsys.readouterr().out
    assert (
        "waiting to be sent: 0 (0 urgent)" in text
        and "Terhubung" in text
        and re.search(r"last successful sync: \d\d/\d\d/\d{4} \d\d:\d\d WIT", text)
    )


def test_enroll_refuses_a_code_of_another_office(tmp_path, server, capsys):
    pc = open_store(tmp_path / "other-pc", auto_backup=False)
    with pc.session() as session:
        set_office(session=session, code="81.02")
    code = server.enroll_code(OFFICE)
    assert (
        main(["--data-dir", str(pc.data_dir), "enroll", "--server", server.url, "--code", code])
        == 2
    )
    err = capsys.readouterr().err
    assert f"belongs to office {OFFICE}" in err and "81.02" in err
    assert not (pc.data_dir / "device_token").exists()
    with pc.session() as session:
        assert get_office(session=session) == "81.02" and get_server_url(session=session) is None
    pc.close()


def test_enroll_with_a_bad_code_or_url_says_so(store, server, capsys):
    assert _run(store, "enroll", "--server", server.url, "--code", "WRONG-CODE") == 2
    assert "enrolment refused" in capsys.readouterr().err
    assert _run(store, "enroll", "--server", "pantau.example", "--code", "ABCDEF") == 2
    assert "--server" in capsys.readouterr().err
    assert (
        _run(
            store, "enroll", "--server", server.url, "--code", "ABCDEF", "--ca-bundle", "/nope.pem"
        )
        == 2
    )
    assert "no such file" in capsys.readouterr().err


def test_sync_before_enrolment_is_refused_clearly(store, capsys):
    make_reports(store, 1)
    assert _run(store, "sync", "--once") == 2
    assert "not enrolled" in capsys.readouterr().err


def test_pantau_entry_point_runs_status(store):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop.entry",
            "--data-dir",
            str(store.data_dir),
            "status",
            "--json",
        ],
        capture_output=True,
        text=True, encoding="utf-8",
        timeout=60,
        env={**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["enrolled"] is False



def _limit_file_size(limit: int) -> None:
    """In the child: files may not grow past `limit` bytes (EFBIG, like a full disk)."""
    import resource  # POSIX only

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.skipif(sys.platform == "win32", reason="file size limits are POSIX")
def test_sync_that_crashes_on_a_full_disk_fails_loudly_and_keeps_the_queue(store, server):
    assert _run(store, "enroll", "--server", server.url, "--code", server.enroll_code(OFFICE)) == 0
    make_reports(store, 9, seed=1)
    store.close()  # the log is folded into the database file; the next write starts a new one
    done = subprocess.run(
        [sys.executable, "-m", "desktop.entry", "--data-dir", str(store.data_dir), "sync"],
        capture_output=True,
        text=True, encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
        preexec_fn=lambda: _limit_file_size(40_000),
    )
    assert done.returncode in (1, 2), done.stdout
    assert "still waiting: 0" not in done.stdout
    assert "pantau: sync failed: OperationalError: disk I/O error" in done.stderr
    with open_store(store.data_dir, auto_backup=False).session() as session:
        assert pending_count(session=session)[0] > 0


def test_status_tells_an_unanswering_server_from_no_connection(store, server, capsys):
    enroll_store(store, server)
    with NetProxy(server.port, LinkProfile(rtt=8.0)) as stalled:  # answers after the probe gave up
        with store.session() as session:
            set_server_url(session=session, url=stalled.url)
        assert _run(store, "status") == 0
        assert "Server tidak menjawab" in capsys.readouterr().out
    server.stop()
    assert _run(store, "status", "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["link"], status["server_reachable"]) == ("disconnected", False)
    assert _run(store, "status") == 0
    assert "Tidak terhubung" in capsys.readouterr().out
