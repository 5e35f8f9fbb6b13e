"""The server's HTTP protocol: the header deadline counts from a request's first byte, so a
deep-buffer link keeps its connections; every answer leaves at once (TCP_NODELAY)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
import requests

from tests.support.netproxy import LinkProfile, NetProxy
from tests.support.server import ServerHandle, running_server

# Seconds, scaled down together from the field's (30 s deadline, 75 s keep-alive, tens of
# seconds queued) so that the queue is still three times the deadline and the keep-alive
# outlasts the queue by far more than a loaded machine's scheduling delays.
HEADER_TIMEOUT = 0.25
KEEP_ALIVE = 1.5
QUEUED = 0.75  # seconds of the PC's other traffic ahead of the request: 3 × HEADER_TIMEOUT
DRIBBLE = 0.1  # seconds between header lines: several lines within one deadline
SHORT_KEEP_ALIVE = 0.3  # a server that only waits out silent connections needs no room for a queue
WAIT = 30  # generous: every answer comes long before this


def _strict(folder: Path, keep_alive: float) -> AbstractContextManager[ServerHandle]:
    return running_server(
        folder, extra_env={"PANTAU_SERVER_HEADER_TIMEOUT": str(HEADER_TIMEOUT)}, keep_alive=keep_alive
    )


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    with _strict(tmp_path_factory.mktemp("strict"), KEEP_ALIVE) as handle:
        yield handle


def test_a_new_connection_whose_request_waits_in_a_deep_queue_is_answered(
    strict: ServerHandle,
) -> None:
    """The proxy opens the server's connection at once (the handshake crosses before the
    data); the request's bytes then wait behind other traffic in the modem's queue, three
    times the header deadline."""
    with NetProxy(strict.port, LinkProfile.kbit(64, 100, buffer_seconds=30)) as proxy:
        proxy.occupy(QUEUED)
        answer = requests.get(f"{proxy.url}/api/v1/health", timeout=WAIT)
        assert proxy.connections == 1
    assert answer.status_code == 200


def test_a_silent_connection_is_still_closed(tmp_path: Path) -> None:
    """Counting from the first byte does not let a connection that sends nothing stay open:
    it ends after the keep-alive time, like any idle connection."""
    with _strict(tmp_path, SHORT_KEEP_ALIVE) as strict, socket.create_connection(
        ("127.0.0.1", strict.port), timeout=WAIT
    ) as silent:
        silent.settimeout(WAIT)
        assert silent.recv(1) == b""


def test_headers_dribbled_after_the_first_byte_still_end_the_connection(
    strict: ServerHandle,
) -> None:
    with socket.create_connection(("127.0.0.1", strict.port), timeout=WAIT) as dribble:
        dribble.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        dribble.settimeout(WAIT)
        closed = False
        for _ in range(int(WAIT / DRIBBLE)):  # bounded: a header line every DRIBBLE s
            try:
                dribble.sendall(b"X-Slow: 1\r\n")
                dribble.settimeout(DRIBBLE)
                closed = dribble.recv(1) == b""
            except TimeoutError:
                continue
            except OSError:
                closed = True
            if closed:
                break
        assert closed


def test_every_connection_sends_without_waiting_for_acks(strict: ServerHandle) -> None:
    """The test server listens on a socket made as uvicorn makes it for `serve --workers N`
    (asyncio sets no TCP_NODELAY there): the protocol sets it on each connection itself, or
    an answer's body would wait for the client's delayed ACK of its head."""
    with requests.Session() as session:
        assert session.get(f"{strict.api}/health", timeout=WAIT).status_code == 200
        sockets = strict.connection_sockets()
        assert sockets
        assert all(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) for s in sockets)
