"""Fixtures of the sync-client tests: a tiny HTTP server, no OS keyring (the server and store: tests/support)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import keyring
import pytest
from keyring.backends import fail


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
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)
