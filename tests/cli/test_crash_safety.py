"""Crash safety: SIGKILL a process writing reports at random moments; nothing returned is ever lost."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from uuid import UUID

import pytest

from sync.cli import main
from sync.store import open_store
from sync.store import reports as repo
from sync.store.models import OutboxItem
from tests.cli.conftest import ROOT

KILLS = 24
READY_TIMEOUT = 60.0


def _start_writer(data_dir: Path, seed: int) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.cli.crash_writer", str(data_dir), str(seed)],
        stdout=subprocess.PIPE,
        text=True, encoding="utf-8",
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert child.stdout is not None
    ready, _, _ = select.select([child.stdout], [], [], READY_TIMEOUT)
    assert ready and child.stdout.readline().strip() == "ready"
    return child


def _verify(data_dir: Path, lines: list[str]) -> None:
    store = open_store(data_dir, auto_backup=False)
    try:
        with store.session() as s:
            for line in lines:
                kind, report_id, *rest = line.split()
                detail = repo.get_report(session=s, report_id=UUID(report_id))
                number = 1 if kind == "new" else int(rest[0])
                revision = detail.revisions[number - 1]
                assert (revision.revision, revision.status) == (number, "submitted"), line
                assert revision.data["kronologi"] == rest[-1], line
                assert s.get(OutboxItem, (UUID(report_id), number)) is not None, (
                    f"not queued: {line}"
                )
    finally:
        store.close()


@pytest.mark.slow
def test_sigkill_while_writing_loses_nothing_that_returned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    assert main(["--data-dir", str(data_dir), "init", "--office", "81.01"]) == 0
    rnd = random.Random(20240214)
    returned: list[str] = []
    deadline = time.monotonic() + 240
    for seed in range(KILLS):
        assert time.monotonic() < deadline, "crash test took too long"
        child = _start_writer(data_dir, seed)
        time.sleep(rnd.uniform(0.0, 0.35))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL
        # Only whole lines: a line is printed after its transaction committed.
        returned += [line for line in out.splitlines(keepends=True) if line.endswith("\n")]
        capsys.readouterr()
        code = main(["--data-dir", str(data_dir), "check"])
        report = capsys.readouterr().out
        assert code == 0, report
        _verify(data_dir, [line.strip() for line in returned])
    assert len(returned) > KILLS  # the kills did land while reports were being written
