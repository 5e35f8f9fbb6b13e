"""A stand-in for the server's push route on 127.0.0.1, answering as a test scripts it.

    with PushServer(lambda items: (200, answers(items))) as server:
        SyncEngine(store, Transport(server.url, token="t")).run_pass(pull=False)

Every push's items are kept in `pushes`; `answers` builds the usual per-item answer.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = Callable[[list[dict[str, Any]]], tuple[int, dict[str, Any]]]


def answers(items: list[dict[str, Any]], status: str = "accepted", **extra: Any) -> dict[str, Any]:
    """The body of a 200 answer giving every item `status` (and `extra` fields)."""
    return {
        "results": [
            {"id": i["id"], "revision": i["revision"], "status": status, **extra} for i in items
        ],
        "server_time": datetime.now(UTC).isoformat(),
    }


class PushServer:
    """Answers `POST …/push` with `answer(items)`; other paths, and every GET, get 404."""

    def __init__(self, answer: Answer) -> None:
        self.pushes: list[list[dict[str, Any]]] = []
        lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if len(body) < int(self.headers["Content-Length"]):
                    return  # cut on its way: nobody to answer
                if not self.path.endswith("/push"):
                    status, reply = 404, {"detail": "not here", "code": "not_found"}
                else:
                    items = json.loads(gzip.decompress(body))["items"]
                    with lock:
                        owner.pushes.append(items)
                    status, reply = answer(items)
                self._reply(status, reply)

            def do_GET(self) -> None:  # a server of before resumable pushes
                self._reply(404, {"detail": "Not Found", "code": "http_error"})

            def _reply(self, status: int, reply: dict[str, Any]) -> None:
                payload = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> PushServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
