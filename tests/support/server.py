"""A real Pantau server on 127.0.0.1 for tests: start, enrol, restart, stop.

    with running_server(tmp_path / "server") as server:
        code = server.enroll_code("81.71")
        requests.post(f"{server.url}/api/v1/enroll", json={"code": code, "label": "PC"})

By default the server runs inside the test process: the app that `pantau-server serve` runs,
with its uvicorn options and start-up (migrate, then serve), in a thread on a real socket,
reached over real HTTP. It costs no new Python process and its imports per test, and a new
SQLite database is a copy of one migrated once per test process. `process=True` starts the
real `pantau-server serve` process instead: for what needs a process of its own (its memory,
several workers, several servers racing on one PostgreSQL database).

`cli(...)` runs `pantau-server` commands in-process too, through the CLI's own `main()`, on
this server's configuration; `cli(..., process=True)` runs the installed command.

`pg_database_url()` gives a fresh PostgreSQL database (or None when
PANTAU_TEST_DATABASE_URL is unset) that is dropped when the test process exits.
"""

from __future__ import annotations

import atexit
import contextlib
import contextvars
import functools
import io
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 120.0  # only an upper bound: a loaded 2-core machine is slow to start it
STOP_TIMEOUT = 15.0  # uvicorn lets running requests finish for 10 s before it cancels them
PORT_ATTEMPTS = 3
SETTINGS_PREFIX = "PANTAU_SERVER_"

_commands_one_at_a_time = threading.Lock()
# The in-process server whose thread (or task, or worker thread) logged a record.
_current: contextvars.ContextVar = contextvars.ContextVar("test_server", default=None)


class _LogRouter(logging.Handler):
    """Each in-process server's log records, as the JSON lines its process would write."""

    def emit(self, record: logging.LogRecord) -> None:
        handle = _current.get()
        if handle is None:
            return
        try:
            line = self.format(record)
            with handle.log_lock, open(handle.log_path, "a", encoding="utf-8") as log:
                log.write(line + "\n")
        except Exception:  # noqa: BLE001 - a log line must never break the server
            self.handleError(record)


@functools.cache
def _route_logs() -> None:
    from sync.server.logs import JsonLines

    router = _LogRouter()
    router.setFormatter(JsonLines())
    logging.getLogger().addHandler(router)
    # The levels `pantau-server serve` sets (sync.server.logs.configure), on the server's
    # loggers only: the tests' own logging stays as pytest set it.
    for name in ("sync.server", "uvicorn"):
        logging.getLogger(name).setLevel(logging.INFO)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening_socket(port: int) -> socket.socket:
    # Made as uvicorn makes the socket of `serve --workers N` (no protocol number, so asyncio
    # leaves TCP_NODELAY to the server's own protocol: tests/server/test_protocol.py).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a restart takes its port again
    try:
        sock.bind(("127.0.0.1", port))
    except OSError:
        sock.close()
        raise
    return sock


@dataclass
class ServerHandle:
    """A server on 127.0.0.1; its log (JSON lines, as the process writes them) is at `log_path`."""

    port: int
    data_dir: Path
    database_url: str | None
    extra_env: dict[str, str] = field(default_factory=dict)
    workers: int = 1
    keep_alive: float | None = None  # seconds an idle connection stays open; None: the server's default
    in_process: bool = True
    process: subprocess.Popen[bytes] | None = None  # the `pantau-server serve` process, if any
    log_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _uvicorn: Any = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return f"{self.url}/api/v1"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "server-process.log"

    def env(self) -> dict[str, str]:
        """The environment of a `pantau-server` process on this server's data."""
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

    def settings(self):  # -> ServerSettings (imported late: the server's modules are heavy)
        """The configuration `env()` gives a server process, without the process."""
        from sync.server.settings import ServerSettings

        fields: dict[str, Any] = {}
        for key, value in self.extra_env.items():
            if not key.startswith(SETTINGS_PREFIX):
                raise ValueError(f"{key} is no server setting: start this server with process=True")
            fields[key.removeprefix(SETTINGS_PREFIX).lower()] = value
        return ServerSettings(data_dir=self.data_dir, database_url=self.database_url, **fields)

    def command(
        self, *args: str, stdin: str = "", process: bool = False
    ) -> subprocess.CompletedProcess[str]:
        """`pantau-server ARGS` on this server's data and configuration (the server need not run).

        In this process through the CLI's own `main()`, with its output captured, unless
        `process`: then the installed command in a new process."""
        if process:
            return subprocess.run(
                [sys.executable, "-m", "sync.server.cli", *args],
                input=stdin,
                env=self.env(),
                cwd=ROOT,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=60,
            )
        from sync.server import cli

        out, err = io.StringIO(), io.StringIO()
        # Alembic's context is global to a process: one in-process command at a time.
        with _commands_one_at_a_time:
            given, sys.stdin = sys.stdin, io.StringIO(stdin)
            try:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    code = cli.main(list(args), settings=self.settings())
            except SystemExit as exc:  # argparse refusing the command line
                code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
            finally:
                sys.stdin = given
        return subprocess.CompletedProcess(
            ["pantau-server", *args], code, out.getvalue(), err.getvalue()
        )

    def cli(self, *args: str, process: bool = False) -> str:
        """Run `pantau-server ARGS` (see `command`); returns stdout, fails loudly."""
        done = self.command(*args, process=process)
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

    @property
    def running(self) -> bool:
        if self.in_process:
            return self._thread is not None and self._thread.is_alive()
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start (or restart) the server on the same port and data; waits until it answers."""
        if self.running:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.database_url is None:
            copy_migrated_sqlite(self.data_dir)
        if self.in_process:
            self._start_thread()
        else:
            self._start_process()

    def _start_thread(self) -> None:
        import uvicorn

        from sync.server.app import create_app
        from sync.server.cli import KEEP_ALIVE_SECONDS, uvicorn_options

        _route_logs()
        settings = self.settings()
        self.cli("migrate")  # what `serve` does first
        sock = _listening_socket(self.port)
        self.port = sock.getsockname()[1]
        options = uvicorn_options(settings, keep_alive=self.keep_alive or KEEP_ALIVE_SECONDS)
        server = uvicorn.Server(uvicorn.Config(create_app(settings), lifespan="on", **options))

        def serve() -> None:
            _current.set(self)  # every task and worker thread of this server inherits it
            try:
                server.run(sockets=[sock])
            except SystemExit:  # uvicorn's answer to a failed start; the log says why
                pass
            finally:
                sock.close()

        self._uvicorn = server
        self._thread = threading.Thread(target=serve, name=f"server-{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if not self._thread.is_alive():
                raise RuntimeError(f"the server did not start:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"server did not start within {START_TIMEOUT:.0f} s")
            time.sleep(0.01)

    def _start_process(self) -> None:
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

    def stop(self, *, wait: bool = True) -> None:
        """Stop the server as SIGTERM does (running requests may finish), then for good.

        In-process, `wait=False` only asks: the port closes at once, the rest of the shutdown
        (a tenth of a second or more) goes on beside the next test."""
        if self.in_process:
            if self._thread is None:
                return
            self._uvicorn.should_exit = True
            if not wait:
                self._thread = None
                return
            self._thread.join(STOP_TIMEOUT)
            if self._thread.is_alive():
                self._uvicorn.force_exit = True
                self._thread.join(STOP_TIMEOUT)
            assert not self._thread.is_alive(), "the in-process server did not stop"
            self._thread = None
            return
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

    def connection_sockets(self) -> list[socket.socket]:
        """The server's side of its open connections (a server in this process only)."""
        assert self._uvicorn is not None, "a server in this process"
        return [c.transport.get_extra_info("socket") for c in self._uvicorn.server_state.connections]

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _windows_rules() -> bool:
    rules = sys.modules.get("tests.support.winrules")
    return rules is not None and rules.active()


def stopped_server(data_dir: Path, *, database_url: str | None = None) -> ServerHandle:
    """A handle on a server's data that is not started: for `pantau-server` commands."""
    return ServerHandle(port=0, data_dir=Path(data_dir), database_url=database_url)


@contextmanager
def running_server(
    data_dir: Path,
    *,
    database_url: str | None = None,
    port: int | None = None,
    extra_env: dict | None = None,
    workers: int = 1,
    keep_alive: float | None = None,
    process: bool = False,
) -> Iterator[ServerHandle]:
    """A started server on 127.0.0.1 (free port unless given), stopped on exit.

    In this process unless `process` (or several `workers`): see the module's docstring.
    Under Windows' file rules (tests/support/winrules.py) always in a process of its own, as
    the rules watch this process only: they are the office PC's, not the server's."""
    separate = process or workers > 1 or _windows_rules()
    for attempt in range(PORT_ATTEMPTS):
        handle = ServerHandle(
            port=port or (free_port() if separate else 0),
            data_dir=Path(data_dir),
            database_url=database_url,
            extra_env={k: str(v) for k, v in (extra_env or {}).items()},
            workers=workers,
            keep_alive=keep_alive,
            in_process=not separate,
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
        handle.stop(wait=False)


def _scratch_folder() -> Path:
    """A folder of this test process, deleted when it exits."""
    folder = Path(tempfile.mkdtemp(prefix="pantau-server-template-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


_template_lock = threading.Lock()  # two servers starting at once in a new process migrate once


@functools.cache
def _migrated_sqlite_once() -> Path:
    """A server database migrated and seeded once per test process (copied for each new server)."""
    from sync.server.settings import SQLITE_FILE

    folder = _scratch_folder()
    stopped_server(folder).cli("migrate")
    database = folder / SQLITE_FILE
    assert not database.with_name(f"{SQLITE_FILE}-wal").exists(), "the template is not checkpointed"
    return database


def copy_migrated_sqlite(data_dir: Path) -> None:
    """A new server's SQLite database in `data_dir`, unless it has one: a migrated template's copy."""
    from sync.server.settings import SQLITE_FILE

    target = data_dir / SQLITE_FILE
    if not target.exists():
        with _template_lock:
            template = _migrated_sqlite_once()
        shutil.copyfile(template, target)


def pg_database_url(*, migrated: bool = False) -> str | None:
    """A new PostgreSQL database from PANTAU_TEST_DATABASE_URL, dropped at exit; None if unset.

    Empty, or with `migrated` a copy of one migrated and seeded once per test process (made
    ahead: PostgreSQL copies the next one while the test that took this one runs)."""
    base = os.environ.get("PANTAU_TEST_DATABASE_URL")
    if not base:
        return None
    if not migrated:
        return _pg_database(base, None)
    return _pg_copies(base).take()


class _MigratedCopies:
    """Copies of the migrated template, the next one always on its way in a thread."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.template = _pg_template(base)
        self.maker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-copy")
        self.next: Future[str] | None = None
        self.lock = threading.Lock()

    def take(self) -> str:
        with self.lock:
            made = self.next
            self.next = self.maker.submit(_pg_database, self.base, self.template)
        return made.result() if made is not None else _pg_database(self.base, self.template)


@functools.cache
def _pg_copies(base: str) -> _MigratedCopies:
    return _MigratedCopies(base)


def _pg_database(base: str, template: str | None) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(base)
    name = f"pantau_test_{uuid.uuid4().hex[:12]}"
    admin_dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as connection:
        copied = f' TEMPLATE "{template}"' if template else ""
        connection.execute(f'CREATE DATABASE "{name}"{copied}')

    def drop() -> None:
        with psycopg.connect(admin_dsn, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    atexit.register(drop)
    return url.set(database=name, drivername="postgresql+psycopg").render_as_string(
        hide_password=False
    )


@functools.cache
def _pg_template(base: str) -> str:
    """The name of a database migrated and seeded once per test process (copied by CREATE DATABASE)."""
    from sqlalchemy.engine import make_url

    url = _pg_database(base, None)
    stopped_server(_scratch_folder(), database_url=url).cli("migrate")  # leaves no connection
    return make_url(url).database
