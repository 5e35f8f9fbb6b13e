"""uvicorn's HTTP/1.1 protocol with a deadline on each request's headers (slow-header guard),
which also hands the app the body bytes that arrived just before a connection closed."""

from __future__ import annotations

import asyncio
import functools
import logging
import socket
from collections.abc import Callable
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol, RequestResponseCycle

log = logging.getLogger(__name__)


class _KeepsLastBytes(RequestResponseCycle):
    """uvicorn answers `http.disconnect` as soon as the connection is gone, dropping the body
    bytes that arrived with the close and were not read yet (on a cut link: the last piece
    before the cut, or all of it while authentication ran). This cycle hands them over
    first, so that a cut push keeps every byte that reached the server
    (`sync.server.push_spool`)."""

    async def receive(self) -> Any:
        if self.disconnected and self.body and not self.response_complete:
            message = {"type": "http.request", "body": bytes(self.body), "more_body": True}
            self.body = bytearray()
            return message
        return await super().receive()


class HeaderDeadlineProtocol(H11Protocol):
    """Closes a connection whose request headers are not complete `header_timeout` seconds
    after the first byte of that request arrived, and a new connection that sends nothing
    for the keep-alive time.

    uvicorn's keep-alive timer stops at the first byte, so without this a client sending a
    header byte now and then would hold its connection (and a slot) for ever. The deadline
    counts from the first byte, not from the connection's opening: on a deep-buffer link
    (a modem or VSAT terminal queueing 30 s of data) the handshake arrives at once and the
    request's first byte tens of seconds later, behind the data already queued.
    """

    def __init__(self, *args: Any, header_timeout: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout = header_timeout
        self._header_timer: asyncio.TimerHandle | None = None
        self._silent = True  # no byte received yet on this connection

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        _no_delay(transport)
        # A silent new connection is an idle one: it waits as long as a kept-alive one.
        idle = max(self.timeout_keep_alive, self.header_timeout)
        self._header_timer = self.loop.call_later(idle, self._headers_too_slow)

    def data_received(self, data: bytes) -> None:
        first = self._silent and bool(data)
        if first:
            self._silent = False
            self._stop_timer()
        super().data_received(data)
        if type(self.cycle) is RequestResponseCycle:
            # Just made for a new request, its app task not started yet: nothing has taken
            # its `receive` so far, so the subclass's is the one the app gets.
            self.cycle.__class__ = _KeepsLastBytes
        waiting = self.conn.their_state is h11.IDLE and (
            self.cycle is None or self.cycle.response_complete
        )
        if not waiting:
            self._stop_timer()
        elif self._header_timer is None and (first or self.conn.trailing_data[0]):
            self._header_timer = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_timer()
        super().connection_lost(exc)

    def _stop_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            log.info("closed a connection whose request headers came too slowly")
            self.transport.close()


def _no_delay(transport: asyncio.Transport) -> None:
    """Send each write at once (TCP_NODELAY). asyncio sets it only on sockets made with the TCP
    protocol number; `serve --workers N` listens on uvicorn's own socket, made without it. There,
    an answer whose head and body are written apart waited for the client's delayed ACK of the
    head: ~40 ms on every answer after a connection's first (up to 200 ms from Windows)."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def with_header_deadline(header_timeout: float) -> Callable[..., HeaderDeadlineProtocol]:
    """The protocol factory for `uvicorn.run(http=...)`."""
    return functools.partial(HeaderDeadlineProtocol, header_timeout=header_timeout)
