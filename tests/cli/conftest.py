"""Fixtures of the CLI tests: run `pantau` in-process or as a real process on a temporary data folder."""

from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sync.cli import main
from tests.store.conftest import tiny_disk  # noqa: F401 (a fixture the CLI tests share)
from tests.support.stores import OPENING_LOCK, new_store

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    code: int
    out: str
    err: str


@dataclass
class Pantau:
    """`pantau --data-dir <tmp> …`, in-process (fast) or as a child process (`spawn`)."""

    data_dir: Path
    capsys: pytest.CaptureFixture[str]

    def __call__(
        self, *args: str, stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None
    ) -> Result:
        if stdin is not None:
            assert monkeypatch is not None, "pass monkeypatch to feed stdin"
            import io

            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        self.capsys.readouterr()
        code = main(["--data-dir", str(self.data_dir), *args])
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def spawn(self, *args: str, stdin: str | None = None, timeout: float = 60) -> Result:
        done = subprocess.run(
            [sys.executable, "-m", "desktop.entry", "--data-dir", str(self.data_dir), *args],
            input=stdin,
            capture_output=True,
            text=True, encoding="utf-8",
            timeout=timeout,
            cwd=ROOT,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
        )
        return Result(done.returncode, done.stdout, done.stderr)

    def write_json(self, name: str, value: Any) -> Path:
        path = self.data_dir.parent / name
        path.write_text(json.dumps(value), encoding="utf-8")
        return path


@functools.cache
def _initialised() -> Path:
    """A data folder as `pantau init --office 81.01` leaves it, its first automatic backup made
    (so the next command makes none), once per test process."""
    folder = Path(tempfile.mkdtemp(prefix="pantau-cli-template-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    new_store(folder / "data", office="81.01", auto_backup=True).close()
    return folder / "data"


@pytest.fixture
def pantau(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Pantau:
    """`pantau` on a new store of office 81.01: a copy of `_initialised()` (test_key_commands and
    test_lock_and_disk run `init` itself)."""
    shutil.copytree(_initialised(), tmp_path / "data", ignore=shutil.ignore_patterns(OPENING_LOCK))
    return Pantau(tmp_path / "data", capsys)
