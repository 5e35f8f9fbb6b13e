"""Fixtures of the sync-client tests: a tiny HTTP server, a real Pantau server, an office store."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import keyring
import pytest
import requests
from keyring.backends import fail

from sync.client.backoff import Backoff
from sync.client.engine import SyncEngine
from sync.client.enrollment import enroll, transport_for
from sync.store import Store, open_store
from tests.client.factories import OFFICE, prepare_office
from tests.support.server import ServerHandle, running_server


class _Handler(BaseHTTPRequestHandler):
    """GET /bytes/N → N bytes; any method /status/N → that status with a JSON detail; else echo."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - BaseHTTPRequestHandler's name
        pass

    def _reply(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append((self.command, self.path, dict(self.headers), body))  # type: ignore[attr-defined]
        parts = self.path.strip("/").split("/")
        if parts[-2:-1] == ["bytes"]:
            self._reply(200, b"x" * int(parts[-1]), "application/octet-stream")
        elif "status" in parts:
            self._reply(
                int(parts[parts.index("status") + 1]),
                json.dumps({"detail": "told to fail", "code": "test"}).encode(),
            )
        elif parts[-1] == "health":
            self._reply(200, b'{"status": "ok", "time": "2026-01-01T00:00:00+00:00"}')
        else:
            self._reply(200, json.dumps({"size": len(body)}).encode())

    do_GET = do_POST = do_PUT = _handle


@pytest.fixture(autouse=True)
def no_os_keyring(monkeypatch) -> Iterator[None]:
    """Never touch the developer's real keyring: behave like a PC without one."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def tiny_server() -> Iterator[ThreadingHTTPServer]:
    """A plain HTTP/1.1 server on 127.0.0.1; `.seen` lists (method, path, headers, body)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def server(tmp_path) -> Iterator[ServerHandle]:
    """A real Pantau server process (SQLite) on 127.0.0.1."""
    with running_server(tmp_path / "server") as handle:
        yield handle


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    """An office PC's store (office 81.01), not enrolled yet."""
    opened = open_store(tmp_path / "pc", auto_backup=False)
    prepare_office(opened)
    yield opened
    opened.close()


def enroll_store(store: Store, server: ServerHandle, url: str | None = None) -> str:
    """Enrol `store` with `server` (through `url`, e.g. a proxy); returns the device id."""
    answer = enroll(
        store, server_url=url or server.url, code=server.enroll_code(OFFICE), label="test PC"
    )
    return str(answer.device_id)


def engine_for(store: Store, **options) -> SyncEngine:
    """An engine on the store's configured server, with fast backoff for tests."""
    options.setdefault("backoff", Backoff(base=0.05, cap=0.5))
    return SyncEngine(store, transport_for(store), **options)


class Analyst:
    """The province's side, straight to the server (no proxy): what arrived, and reviews."""

    def __init__(self, server: ServerHandle) -> None:
        self.api = server.api
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {server.analyst_token()}"

    def report_ids(self) -> list[str]:
        ids, offset = [], 0
        for _ in range(100):
            page = self.session.get(
                f"{self.api}/reports", params={"limit": 500, "offset": offset}, timeout=30
            )
            page.raise_for_status()
            items = page.json()["items"]
            ids += [item["id"] for item in items]
            offset += len(items)
            if not items:
                break
        return ids

    def detail(self, report_id) -> dict:
        answer = self.session.get(f"{self.api}/reports/{report_id}", timeout=30)
        answer.raise_for_status()
        return answer.json()

    def review(self, report_id, decision: str, comment: str) -> None:
        answer = self.session.post(
            f"{self.api}/reports/{report_id}/review",
            json={"decision": decision, "comment": comment},
            timeout=30,
        )
        answer.raise_for_status()


@pytest.fixture
def analyst(server) -> Analyst:
    return Analyst(server)
