"""The server's doors: who is calling is known before the body is read; slow or odd requests end."""

from __future__ import annotations

import contextlib
import gzip
import json
import logging
import socket
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from sync.server.logs import JsonLines
from sync.server.middleware import SecurityHeaders
from tests.server.conftest import LIMITS, Client, count_revisions, enrolled, item
from tests.support.server import ServerHandle, running_server

# The doors' timeouts, seconds instead of the production's 30-60 s: each door test waits one.
SHORT = {
    "PANTAU_SERVER_HEADER_TIMEOUT": "0.3",
    "PANTAU_SERVER_ANONYMOUS_BODY_TIMEOUT": "0.3",
    "PANTAU_SERVER_BODY_IDLE_TIMEOUT": "2",
}
# The memory test holds its connections open longer than SHORT lets a test wait.
HELD = SHORT | {"PANTAU_SERVER_HEADER_TIMEOUT": "1", "PANTAU_SERVER_ANONYMOUS_BODY_TIMEOUT": "1"}
DRIBBLE = 0.1  # seconds between header lines: several within one header timeout
WAIT = 15  # generous: each door must answer long before this
SLOW_CONNECTIONS = 200
# 200 held connections: what uvicorn buffers (64 KiB of body, 16 KiB of headers each) plus
# the anonymous body cap (64 KiB) each, with room for the interpreter's own growth.
MEMORY_BOUND = 32 * 1024 * 1024


DEFAULTS = {k: v for k, v in LIMITS.items() if k != "PANTAU_SERVER_API_DOCS"}


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    # Its own process: the file test reads its rotating log.
    with running_server(
        tmp_path_factory.mktemp("guarded"), extra_env=DEFAULTS | SHORT, process=True
    ) as handle:
        yield handle


@pytest.fixture
def held(tmp_path: Path) -> Iterator[ServerHandle]:
    # Its own process, which the memory test measures.
    with running_server(tmp_path / "held", extra_env=DEFAULTS | HELD, process=True) as handle:
        yield handle


def _raw(server: ServerHandle, head: str, body: bytes = b"") -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=WAIT)
    connection.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
    return connection


def _answer(connection: socket.socket) -> tuple[int, dict]:
    """Status and JSON body of the first response on `connection` (fails after WAIT s)."""
    data = b""
    deadline = time.monotonic() + WAIT
    while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _length(data):
        assert time.monotonic() < deadline, data
        piece = connection.recv(65536)
        assert piece, f"connection closed without an answer: {data!r}"
        data += piece
    head, body = data.split(b"\r\n\r\n", 1)
    return int(head.split()[1]), json.loads(body[: _length(data)] or b"null")


def _length(data: bytes) -> int:
    for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


def _closed_within(connection: socket.socket, seconds: float) -> bool:
    connection.settimeout(seconds)
    try:
        while connection.recv(65536):
            pass
    except TimeoutError:
        return False
    except OSError:
        return True
    return True


def test_push_without_a_valid_token_is_401_before_any_body(guarded: ServerHandle) -> None:
    for auth in ("", "Authorization: Bearer not-a-token\n"):
        head = (
            "POST /api/v1/push HTTP/1.1\nHost: x\nContent-Type: application/json\n"
            f"{auth}Content-Length: 900000\n"
        )
        with _raw(guarded, head) as connection:  # not one byte of the body is sent
            status, body = _answer(connection)
        assert status == 401, body
        assert body["code"] in ("not_authenticated",)


def test_a_small_refused_body_is_read_to_its_end_so_the_close_does_not_reset(guarded: ServerHandle) -> None:
    """Closing a socket with unread data resets it, and a reset can overtake the answer on its
    way: a refused body of a few hundred kB is read on and dropped, then the connection ends
    cleanly (FIN, not RST)."""
    body = b"[" + b"0," * 75_000 + b"0]"
    head = f"POST /api/v1/push HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: {len(body)}\n"
    with _raw(guarded, head, body) as connection:
        status, answer = _answer(connection)
        assert status == 401 and answer["code"] == "not_authenticated"
        assert connection.recv(65536) == b""  # an orderly end; ConnectionResetError without the lingering


def test_headers_that_come_too_slowly_end_the_connection(guarded: ServerHandle) -> None:
    with _raw(guarded, "") as silent:
        assert _closed_within(silent, WAIT)
    with socket.create_connection(("127.0.0.1", guarded.port), timeout=WAIT) as dribble:
        dribble.sendall(b"POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        closed = False
        while not closed and time.monotonic() - started < WAIT:
            try:
                dribble.sendall(b"X-Slow: 1\r\n")  # a header line now and then, never the end
            except OSError:
                closed = True
                break
            closed = _closed_within(dribble, DRIBBLE)
        assert closed


def test_a_body_sent_too_slowly_is_408(guarded: ServerHandle) -> None:
    head = "POST /api/v1/enroll HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 100\n"
    with _raw(guarded, head, b'{"code": ') as connection:
        status, body = _answer(connection)
    assert status == 408
    assert body["code"] == "too_slow"


def test_anonymous_bodies_are_capped_small(guarded: ServerHandle) -> None:
    bomb = gzip.compress(json.dumps({"code": "x" * 200_000, "label": "PC"}).encode())
    head = (
        "POST /api/v1/enroll HTTP/1.1\nHost: x\nContent-Type: application/json\n"
        f"Content-Encoding: gzip\nContent-Length: {len(bomb)}\n"
    )
    with _raw(guarded, head, bomb) as connection:
        status, body = _answer(connection)
    assert status == 413 and "decompressed" in body["detail"]


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


@pytest.mark.slow
def test_200_slow_unauthenticated_connections_stay_within_a_memory_bound(held: ServerHandle) -> None:
    """Each sends a gzip body that inflates to almost the 1 MiB limit and holds its last byte."""
    guarded = held
    assert guarded.process is not None
    other_office = enrolled(guarded, "81.72")
    assert other_office.statuses([item("81.72")]) == ["accepted"]  # warm up before measuring
    before = _rss(guarded.process.pid)
    body = gzip.compress(json.dumps({"code": " " * 1_000_000, "label": "x"}).encode(), 9)
    held: list[socket.socket] = []
    try:
        for index in range(SLOW_CONNECTIONS):
            path = "/api/v1/push" if index % 2 else "/api/v1/enroll"
            head = (
                f"POST {path} HTTP/1.1\nHost: x\nContent-Type: application/json\n"
                f"Content-Encoding: gzip\nContent-Length: {len(body)}\n"
            )
            connection = socket.create_connection(("127.0.0.1", guarded.port), timeout=WAIT)
            held.append(connection)
            with contextlib.suppress(OSError):  # answered and closed early: that is the point
                connection.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body[:-1])
        batch = [item("81.72") for _ in range(20)]
        assert other_office.statuses(batch) == ["accepted"] * 20
        peak = max(_rss(guarded.process.pid) for _ in range(20) if not time.sleep(0.1))
    finally:
        for connection in held:
            connection.close()
    print(f"server RSS grew {(peak - before) / 2**20:.1f} MiB")  # noqa: T201
    assert peak - before < MEMORY_BOUND, f"grew {(peak - before) / 2**20:.0f} MiB"
    assert all(count_revisions(guarded, i["id"]) == 1 for i in batch)


def _push_raw(server: ServerHandle, device: Client, headers: str, body: bytes) -> tuple[int, dict]:
    head = (
        f"POST /api/v1/push HTTP/1.1\nHost: x\n{device.http.headers and ''}"
        f"Authorization: {device.http.headers['Authorization']}\n{headers}"
        f"Content-Length: {len(body)}\n"
    )
    with _raw(server, head, body) as connection:
        return _answer(connection)


def test_two_content_types_are_refused(guarded: ServerHandle) -> None:
    device = enrolled(guarded, "81.71")
    poisoned = json.dumps({"items": [item()]}).replace('"revision": 1', '"revision": NaN')
    status, body = _push_raw(
        guarded,
        device,
        "Content-Type: text/plain\nContent-Type: application/json\n",
        poisoned.encode(),
    )
    assert status == 400 and body["code"] == "duplicate_header"
    nul = json.dumps({"items": [item(data={"kronologi": "a\u0000b"})]})
    status, body = _push_raw(guarded, device, "", nul.encode())  # no Content-Type: FastAPI reads JSON
    assert status == 422 and "NUL" in body["detail"]


@pytest.mark.parametrize(
    "where",
    ["value", "key", "withdraw_reason", "filename", "title"],
)
def test_lone_surrogates_are_422_everywhere(guarded: ServerHandle, where: str) -> None:
    device = enrolled(guarded, "81.71")
    bad = "\ud800 x"
    pushed = item()
    if where == "value":
        pushed["data"]["kronologi"] = bad
    elif where == "key":
        pushed["data"][bad] = "x"
    elif where == "withdraw_reason":
        pushed.update(status="withdrawn", withdraw_reason=bad)
    elif where == "filename":
        pushed["attachments"] = [{"sha256": "0" * 64, "size": 1, "filename": bad, "mime": "a/b"}]
    else:
        pushed["data"]["kecamatan"] = bad  # part of the report's title
    response = device.push([pushed])
    assert response.status_code == 422, response.text
    assert "surrogate" in response.json()["detail"]
    assert count_revisions(guarded, pushed["id"]) == 0


def test_api_docs_are_off_and_html_answers_carry_security_headers(guarded: ServerHandle) -> None:
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert requests.get(guarded.url + path, timeout=WAIT).status_code == 404
    page = requests.get(guarded.url + "/", timeout=WAIT)
    missing = requests.get(guarded.url + "/tidak-ada", headers={"Accept": "text/html"}, timeout=WAIT)
    for answer in (page, missing):
        if answer.headers.get("Content-Type", "").startswith("text/html"):
            assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Content-Type"].startswith("text/html")


def test_data_and_log_files_are_private(guarded: ServerHandle) -> None:
    enrolled(guarded, "81.71")  # the database has been written
    assert stat.S_IMODE(guarded.data_dir.stat().st_mode) == 0o700
    checked = [p for p in guarded.data_dir.rglob("*") if p.name != guarded.log_path.name]
    assert any(p.name == "server.log" for p in checked) and any(p.suffix == ".db" for p in checked)
    for path in checked:
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path


def test_tracebacks_name_the_error_not_the_content() -> None:
    content = "kronologi: " + "rahasia".upper()  # as if from a report

    def failing(text: str) -> None:
        try:
            raise KeyError(text)
        except KeyError as exc:
            raise ValueError(text * 2) from exc

    try:
        failing(content)
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = json.loads(JsonLines().format(record))
    assert "RAHASIA" not in line["exc"]
    assert "builtins.KeyError" in line["exc"] and "builtins.ValueError" in line["exc"]
    assert "in failing" in line["exc"]


def test_security_headers_are_added_to_any_html_answer() -> None:
    async def page(_request: object) -> HTMLResponse:
        return HTMLResponse("<p>halo</p>")

    async def framed(_request: object) -> HTMLResponse:
        return HTMLResponse("<p>x</p>", headers={"Content-Security-Policy": "sandbox"})

    app = SecurityHeaders(Starlette(routes=[Route("/", page), Route("/own", framed)]))
    with TestClient(app) as http:
        answer, own = http.get("/"), http.get("/own")
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert own.headers["content-security-policy"] == "sandbox"  # a page's own policy stays
