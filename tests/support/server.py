"""A real Pantau server process on 127.0.0.1 for tests: start, enrol, restart, stop.

    with running_server(tmp_path / "server") as server:
        code = server.enroll_code("81.71")
        requests.post(f"{server.url}/api/v1/enroll", json={"code": code, "label": "PC"})

`pg_database_url()` gives a fresh PostgreSQL database (or None when
PANTAU_TEST_DATABASE_URL is unset) that is dropped when the test process exits.
"""

from __future__ import annotations

import atexit
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 120.0  # only an upper bound: a loaded 2-core machine is slow to start it
STOP_TIMEOUT = 10.0
PORT_ATTEMPTS = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ServerHandle:
    """A server subprocess; its combined stdout/stderr (JSON log lines) go to `log_path`."""

    url: str
    port: int
    data_dir: Path
    database_url: str | None
    process: subprocess.Popen[bytes] | None = None
    extra_env: dict[str, str] = field(default_factory=dict)
    workers: int = 1
    keep_alive: float | None = None  # seconds an idle connection stays open; None: the server's default

    @property
    def api(self) -> str:
        return f"{self.url}/api/v1"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "server-process.log"

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "PANTAU_SERVER_DATABASE_URL")
        }
        env["PANTAU_SERVER_DATA_DIR"] = str(self.data_dir)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        env.update(self.extra_env)
        return env

    def cli(self, *args: str) -> str:
        """Run `pantau-server ARGS` against this server's data; returns stdout (fails loudly)."""
        done = subprocess.run(
            [sys.executable, "-m", "sync.server.cli", *args],
            env=self.env(),
            cwd=ROOT,
            capture_output=True,
            text=True, encoding="utf-8",
            timeout=60,
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"pantau-server {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}"
            )
        return done.stdout

    def enroll_code(self, office: str, label: str = "PC") -> str:
        """A fresh one-time enrolment code for a PC of `office`."""
        return json.loads(self.cli("device", "enroll", office, "--label", label, "--json"))["code"]

    def analyst_token(self, name: str = "analis") -> str:
        return json.loads(self.cli("analyst", "add", name, "--json"))["token"]

    def start(self) -> None:
        """Start (or restart) the server on the same port and data; waits until it answers."""
        if self.process is not None and self.process.poll() is None:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "sync.server.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
        ]
        if self.keep_alive is not None:
            command += ["--keep-alive", str(self.keep_alive)]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command, env=self.env(), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"server exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            try:
                if requests.get(f"{self.api}/health", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            f"server did not answer within {START_TIMEOUT:.0f} s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after a grace period)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT)

    def log_lines(self) -> list[dict]:
        """The server's structured log so far (access lines have "logger": "sync.server.access")."""
        if not self.log_path.exists():
            return []
        lines = []
        for raw in self.log_path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                lines.append(json.loads(raw))
            except ValueError:
                continue
        return lines

    def access_log(self) -> list[dict]:
        return [line for line in self.log_lines() if line.get("logger") == "sync.server.access"]

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


@contextmanager
def running_server(
    data_dir: Path,
    *,
    database_url: str | None = None,
    port: int | None = None,
    extra_env: dict | None = None,
    workers: int = 1,
    keep_alive: float | None = None,
) -> Iterator[ServerHandle]:
    """A started server on 127.0.0.1 (free port unless given), terminated on exit."""
    for attempt in range(PORT_ATTEMPTS):
        chosen = port or free_port()
        handle = ServerHandle(
            url=f"http://127.0.0.1:{chosen}",
            port=chosen,
            data_dir=Path(data_dir),
            database_url=database_url,
            extra_env={k: str(v) for k, v in (extra_env or {}).items()},
            workers=workers,
            keep_alive=keep_alive,
        )
        try:
            handle.start()
            break
        except RuntimeError:
            # Another test process (pytest -n) may take a free port before the server binds it.
            if port is not None or attempt == PORT_ATTEMPTS - 1 or "in use" not in handle.log_tail():
                raise
    try:
        yield handle
    finally:
        handle.stop()


def pg_database_url() -> str | None:
    """A new empty PostgreSQL database from PANTAU_TEST_DATABASE_URL, dropped at exit; None if unset."""
    base = os.environ.get("PANTAU_TEST_DATABASE_URL")
    if not base:
        return None
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(base)
    name = f"pantau_test_{uuid.uuid4().hex[:12]}"
    admin_dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_dsn, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    atexit.register(drop)
    return url.set(database=name, drivername="postgresql+psycopg").render_as_string(
        hide_password=False
    )
