"""Fixtures of the bundle tests: a real server, an enrolled office store, CLI runners."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.client.conftest import no_os_keyring  # noqa: F401 (the PCs here have no OS keyring either)
from tests.support.fixtures import enroll_store
from tests.support.server import ROOT, ServerHandle


@dataclass
class Ran:
    code: int
    out: str
    err: str


def run(*args: str, env: dict | None = None) -> Ran:
    done = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def server_import(
    handle: ServerHandle, bundle: Path, receipt: Path, *extra: str, process: bool = False
) -> Ran:
    """`pantau-server bundle import BUNDLE --receipt-out RECEIPT` on the server's data (through
    the CLI's main() in this process, or with `process` the installed command)."""
    done = handle.command(
        "bundle", "import", str(bundle), "--receipt-out", str(receipt), *extra, process=process
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def pantau(data_dir: Path, *args: str) -> Ran:
    return run("desktop.entry", "--data-dir", str(data_dir), *args)


@pytest.fixture
def enrolled(store, server):  # noqa: F811 - the fixtures imported above
    enroll_store(store, server)
    return store
