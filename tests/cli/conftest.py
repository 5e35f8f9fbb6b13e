"""Fixtures of the CLI tests: run `pantau` in-process or as a real process on a temporary data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sync.cli import main
from tests.store.conftest import tiny_disk  # noqa: F401 (a fixture the CLI tests share)
from tests.support.stores import new_store

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


@pytest.fixture
def pantau(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Pantau:
    """`pantau` on a new store of office 81.01, as `pantau init --office 81.01` leaves it (a copy of
    the template store; test_key_commands and test_lock_and_disk run `init` itself)."""
    new_store(tmp_path / "data", office="81.01").close()
    return Pantau(tmp_path / "data", capsys)
