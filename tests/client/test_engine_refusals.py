"""A request the server refuses as a whole is split until the culprit stands alone and is held."""

from __future__ import annotations

import gzip
import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sync.client.engine import SyncEngine
from sync.client.transport import Transport
from sync.store.outbox import pending_count, quarantined
from tests.client.factories import make_reports


def _strict_server(poisoned: set[str]) -> ThreadingHTTPServer:
    """Accepts pushes, but answers 422 to any push that carries a poisoned report id."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            items = json.loads(gzip.decompress(body))["items"]
            self.server.pushes.append(len(items))  # type: ignore[attr-defined]
            if any(item["id"] in poisoned for item in items):
                status, answer = (
                    422,
                    {"detail": "items.0.data: field 'x' is not allowed", "code": "invalid"},
                )
            else:
                status = 200
                answer = {
                    "results": [
                        {"id": i["id"], "revision": i["revision"], "status": "accepted"}
                        for i in items
                    ],
                    "server_time": datetime.now(UTC).isoformat(),
                }
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.pushes = []  # type: ignore[attr-defined]
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return server


def test_whole_request_refusal_isolates_the_bad_item(store):
    ids = make_reports(store, 40)
    bad = ids[17]
    server = _strict_server({str(bad)})
    try:
        transport = Transport(f"http://127.0.0.1:{server.server_address[1]}", token="t")
        result = SyncEngine(store, transport).run_pass(pull=False)
    finally:
        server.shutdown()
        server.server_close()
    assert result.delivered == 39
    assert [r.report_id for r in result.rejected] == [bad] and "not allowed" in result.rejected[
        0
    ].reason
    with store.session() as session:
        assert pending_count(session=session) == (0, 0)
        assert [r.id for r, _ in quarantined(session=session)] == [bad]
    assert 1 in server.pushes  # it ended up alone in a request
