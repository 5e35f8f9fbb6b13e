"""A poor-link TCP proxy on 127.0.0.1 for tests and benches: bandwidth, latency, cuts, counters.

The proxy runs an asyncio loop in a background thread. Each direction is one shared pipe
of `bandwidth` bytes/s: a chunk leaves when the pipe is free and arrives one-way delay
(RTT/2) later, so throughput is bandwidth-bound, not latency-bound. A new connection pays
one RTT for its handshake. With `cut_after`, every connection is closed once that many
bytes (both directions) went through, optionally at a random point around it.

`buffer_seconds` is the depth of the bottleneck queue, shared by all connections: the
proxy reads what a sender writes at once until that many seconds of data wait for the
pipe, and delivers it in order. The default (0.2 s) is a shallow router buffer; a 3G/4G
modem or a VSAT terminal queues tens of seconds (`LinkProfile.kbit(64, 600, buffer_seconds=30)`).

It also parses the HTTP/1.1 it carries, so tests can prove what was (not) sent twice:
every request seen, whether its body fully reached the server, and whether its response
fully reached the client.

Orderings that a real link gives through its latency can be made events instead of waits:
`hold(until)` lets what the PC sends reach the server only once `until()` holds (e.g.
the server has finished with a request the link cut, or the link has taken two requests
to deliver together), and `stall(match)` leaves a matching request stuck on the link,
never answered, until the proxy stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

CHUNK = 1024  # bytes read at a time on a link with a bandwidth (its shaping's grain)
UNSHAPED_CHUNK = 64 * 1024  # on one without, where only the bytes count
HOLD_LIMIT = 10.0  # seconds held data waits for its condition at most
SHALLOW_BUFFER = 0.2  # seconds of data a router queues before senders feel backpressure


@dataclass(frozen=True, slots=True)
class LinkProfile:
    bandwidth: float | None = None  # bytes per second, each direction; None = unlimited
    rtt: float = 0.0  # seconds; each direction adds rtt / 2
    cut_after: int | None = None  # close each connection after about this many bytes
    cut_jitter: float = 0.0  # each connection's limit is uniform in cut_after * (1 ± jitter)
    buffer_seconds: float = SHALLOW_BUFFER  # the shared queue's depth, in seconds of data

    @classmethod
    def kbit(cls, kbit_per_s: float, rtt_ms: float, **kw: object) -> LinkProfile:
        return cls(bandwidth=kbit_per_s * 1000 / 8, rtt=rtt_ms / 1000, **kw)  # type: ignore[arg-type]


@dataclass(slots=True)
class HttpExchange:
    """One HTTP request seen by the proxy and what became of it."""

    connection: int
    method: str
    path: str
    headers: dict[str, str]
    content_length: int
    body_delivered: int = 0  # body bytes written to the server
    body: bytearray | None = None  # captured body when the capture filter asked for it
    response_status: int | None = None
    response_complete: bool = False  # the whole response reached the client

    @property
    def request_complete(self) -> bool:
        return self.body_delivered >= self.content_length


class _Pipe:
    """One direction of the link: serialisation at `bandwidth`, then a fixed delay."""

    def __init__(self) -> None:
        self.free_at = 0.0

    def schedule(self, size: int, profile: LinkProfile, now: float) -> float:
        start = max(now, self.free_at)
        self.free_at = start + (size / profile.bandwidth if profile.bandwidth else 0.0)
        return self.free_at + profile.rtt / 2

    def backlog(self, now: float) -> float:
        return self.free_at - now


_HEAD_END = b"\r\n\r\n"
_REQUEST_LINE = re.compile(rb"^([A-Z]+) (\S+) HTTP/1\.[01]$")
_STATUS_LINE = re.compile(rb"^HTTP/1\.[01] (\d{3})")


def _parse_headers(lines: list[bytes]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in lines:
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers


class _StreamParser:
    """Follows one direction of a connection; collects bytes until an HTTP head is complete."""

    def __init__(self, conn: _Connection) -> None:
        self.conn = conn
        self.buffer = b""
        self.current: HttpExchange | None = None

    def _read_head(self, data: bytes) -> tuple[list[bytes], bytes] | None:
        """The head's lines and the bytes after it, or None while the head is incomplete."""
        self.buffer += data
        end = self.buffer.find(_HEAD_END)
        if end < 0:
            return None
        head, rest = self.buffer[:end], self.buffer[end + 4 :]
        self.buffer = b""
        return head.split(b"\r\n"), rest


class _RequestParser(_StreamParser):
    """Follows the client→server byte stream and records each request."""

    def feed(self, data: bytes) -> None:
        while data:
            if self.current is not None and not self.current.request_complete:
                take = min(len(data), self.current.content_length - self.current.body_delivered)
                if self.current.body is not None:
                    self.current.body += data[:take]
                self.current.body_delivered += take
                data = data[take:]
                continue
            read = self._read_head(data)
            if read is None:
                return
            lines, data = read
            match = _REQUEST_LINE.match(lines[0])
            if match is None:
                return  # not HTTP: stop following this stream
            headers = _parse_headers(lines[1:])
            method, path = match.group(1).decode(), match.group(2).decode()
            stalled = self.conn.proxy._stall(method, path)
            self.current = HttpExchange(
                connection=self.conn.number,
                method=method,
                path=path,
                headers=headers,
                content_length=int(headers.get("content-length", "0")),
                body=bytearray() if self.conn.proxy.capture(method, path) else None,
            )
            self.conn.awaiting.append(self.current)
            self.conn.proxy._record(self.current)
            if stalled:
                self.conn.stalled = True  # nothing more of this connection reaches the server
                return


class _ResponseParser(_StreamParser):
    """Follows the server→client stream and marks responses that fully arrived."""

    def __init__(self, conn: _Connection) -> None:
        super().__init__(conn)
        self.remaining = 0
        self.chunked = False

    def feed(self, data: bytes) -> None:
        while data:
            if self.current is not None:
                if self.chunked:
                    self.buffer = (self.buffer + data)[-16:]
                    data = b""
                    if self.buffer.endswith(b"0\r\n\r\n"):
                        self._finish()
                    continue
                take = min(len(data), self.remaining)
                self.remaining -= take
                data = data[take:]
                if self.remaining == 0:
                    self._finish()
                continue
            read = self._read_head(data)
            if read is None:
                return
            lines, data = read
            match = _STATUS_LINE.match(lines[0])
            if match is None or not self.conn.awaiting:
                return
            headers = _parse_headers(lines[1:])
            self.current = self.conn.awaiting.popleft()
            self.current.response_status = int(match.group(1))
            self.chunked = "chunked" in headers.get("transfer-encoding", "")
            self.remaining = int(headers.get("content-length", "0"))
            if not self.chunked and self.remaining == 0:
                self._finish()

    def _finish(self) -> None:
        assert self.current is not None
        self.current.response_complete = True
        self.current = None
        self.buffer = b""


class _Connection:
    def __init__(self, proxy: NetProxy, number: int, limit: int | None) -> None:
        self.proxy = proxy
        self.number = number
        self.remaining = limit
        self.awaiting: deque[HttpExchange] = deque()
        self.writers: list[asyncio.StreamWriter] = []
        self.closed = False
        self.cut_at_answer = False
        self.stalled = False

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        for writer in self.writers:
            writer.close()


class NetProxy:
    """`with NetProxy(port, profile) as proxy:` → clients connect to `proxy.url` instead."""

    def __init__(
        self,
        target_port: int,
        profile: LinkProfile | None = None,
        *,
        target_host: str = "127.0.0.1",
        seed: int = 0,
        capture: Callable[[str, str], bool] = lambda method, path: False,
    ) -> None:
        self.target = (target_host, target_port)
        self.profile = profile or LinkProfile()
        self.capture = capture
        self.port = 0
        self.bytes_up = 0
        self.bytes_down = 0
        self.connections = 0
        self.cuts = 0
        self._exchanges: list[HttpExchange] = []
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._pipes = {"up": _Pipe(), "down": _Pipe()}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._thread: threading.Thread | None = None
        self._open: set[_Connection] = set()
        self._next_limits: deque[int] = deque()  # `cut_next`: limits of the next connections
        self._answer_cuts = 0  # `cut_next_answer`: connections still to cut at their answer
        self._taken = {"up": 0, "down": 0}  # bytes read from senders, delivered or queued
        self._admit: Callable[[], bool] = lambda: True  # `hold`
        self._stall: Callable[[str, str], bool] = lambda method, path: False  # `stall`

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def set_profile(self, profile: LinkProfile) -> None:
        self.profile = profile

    def exchanges(self) -> list[HttpExchange]:
        """A snapshot of every request seen so far, in order."""
        with self._lock:
            return [replace(e, headers=dict(e.headers), body=e.body) for e in self._exchanges]

    def occupy(self, seconds: float, direction: str = "up") -> None:
        """The PC's other traffic takes the link for `seconds` more: it queues ahead of
        whatever arrives next, as in a modem's shared buffer."""
        loop = self._loop
        if loop is None:
            return

        def take() -> None:
            pipe = self._pipes[direction]
            pipe.free_at = max(pipe.free_at, loop.time()) + seconds

        loop.call_soon_threadsafe(take)

    def cut_next(self, after: int) -> None:
        """Close the next connection opened once `after` bytes (both directions) went through,
        whatever the profile says: one request cut at a chosen point."""
        self._next_limits.append(after)

    def cut_next_answer(self) -> None:
        """Close the next connection opened as its first answer starts back: the request
        reached the server whole, the answer is lost."""
        self._answer_cuts += 1

    def hold(self, until: Callable[[], bool]) -> None:
        """What the PC sends from now on reaches the server only once `until()` holds (checked
        every 10 ms on the proxy's thread, for HOLD_LIMIT seconds at most): a link on which what
        `until` waits for, e.g. the server finishing a request the link cut, always comes first."""
        self._admit = until

    def taken(self, direction: str) -> int:
        """Bytes the link has read from the `"up"` (PC) or `"down"` (server) side: delivered,
        or queued and held."""
        return self._taken[direction]

    def stall(self, match: Callable[[str, str], bool]) -> None:
        """A request whose (method, path) matches gets stuck on the link: it and everything
        after it on its connection never reach the server, so it is never answered."""
        self._stall = match

    def pipe_backlog(self, direction: str) -> float:
        """Seconds of data waiting for the `"up"` or `"down"` pipe."""
        loop = self._loop
        return max(0.0, self._pipes[direction].backlog(loop.time())) if loop else 0.0

    def reset_counters(self) -> None:
        with self._lock:
            self._exchanges.clear()
        self.bytes_up = self.bytes_down = self.connections = self.cuts = 0

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self, timeout: float = 10.0) -> NetProxy:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            self._server = loop.run_until_complete(
                asyncio.start_server(self._accept, "127.0.0.1", self.port)
            )
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._thread = threading.Thread(target=run, name="netproxy", daemon=True)
        self._thread.start()
        if not ready.wait(timeout):
            raise RuntimeError("netproxy did not start")
        return self

    def stop(self, timeout: float = 10.0) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return

        async def shutdown() -> None:
            assert self._server is not None
            self._server.close()
            for conn in list(self._open):
                conn.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(shutdown(), loop).result(timeout)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)
        self._loop = self._thread = None

    def __enter__(self) -> NetProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the link ----------------------------------------------------------------------------

    def _record(self, exchange: HttpExchange) -> None:
        with self._lock:
            self._exchanges.append(exchange)

    def _connection_limit(self) -> int | None:
        if self._next_limits:
            return self._next_limits.popleft()
        profile = self.profile
        if profile.cut_after is None:
            return None
        spread = profile.cut_after * profile.cut_jitter
        return max(
            1, int(self._rng.uniform(profile.cut_after - spread, profile.cut_after + spread))
        )

    async def _accept(
        self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter
    ) -> None:
        self.connections += 1
        conn = _Connection(self, self.connections, self._connection_limit())
        if self._answer_cuts:
            self._answer_cuts -= 1
            conn.cut_at_answer = True
        self._open.add(conn)
        conn.writers.append(client_writer)
        try:
            server_reader, server_writer = await asyncio.wait_for(
                asyncio.open_connection(*self.target), 10
            )
        except (OSError, TimeoutError):
            conn.close()
            self._open.discard(conn)
            return
        conn.writers.append(server_writer)
        try:
            await asyncio.sleep(self.profile.rtt)  # the TCP handshake over the slow link
            await asyncio.gather(
                self._pump(conn, client_reader, server_writer, "up", _RequestParser(conn).feed),
                self._pump(conn, server_reader, client_writer, "down", _ResponseParser(conn).feed),
            )
        except asyncio.CancelledError:
            pass  # proxy stopping; asyncio's stream callback would log a cancelled handler
        finally:
            conn.close()
            self._open.discard(conn)

    async def _admitted(self) -> None:
        deadline = time.monotonic() + HOLD_LIMIT
        while not self._admit() and time.monotonic() < deadline:
            await asyncio.sleep(0.01)

    async def _pump(
        self,
        conn: _Connection,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        direction: str,
        observe: Callable[[bytes], None],
    ) -> None:
        pipe = self._pipes[direction]
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            loop = asyncio.get_running_loop()
            while True:
                arrival, data = await queue.get()
                await asyncio.sleep(max(0.0, arrival - loop.time()))
                if not data or conn.closed:
                    conn.close()
                    return
                if direction == "down" and conn.cut_at_answer:
                    self.cuts += 1
                    conn.close()
                    return
                cut = conn.remaining is not None and len(data) >= conn.remaining
                if conn.remaining is not None:
                    data = data[: conn.remaining]
                    conn.remaining -= len(data)
                if direction == "up":
                    if conn.stalled:
                        continue  # stuck on the link
                    await self._admitted()
                    if conn.closed:
                        return
                observe(data)  # before the write: the receiver may act on the bytes at once
                if direction == "up" and conn.stalled:
                    continue  # this chunk starts a request that gets stuck
                writer.write(data)
                if direction == "up":
                    self.bytes_up += len(data)
                else:
                    self.bytes_down += len(data)
                with contextlib.suppress(ConnectionError):
                    await writer.drain()
                if cut:
                    self.cuts += 1
                    conn.close()
                    return

        deliverer = asyncio.ensure_future(deliver())
        loop = asyncio.get_running_loop()
        try:
            while not conn.closed and not deliverer.done():
                backlog = pipe.backlog(loop.time())
                if backlog > self.profile.buffer_seconds:
                    await asyncio.sleep(backlog - self.profile.buffer_seconds)
                    continue
                try:
                    data = await reader.read(CHUNK if self.profile.bandwidth else UNSHAPED_CHUNK)
                except ConnectionError:
                    data = b""
                self._taken[direction] += len(data)
                queue.put_nowait((pipe.schedule(len(data), self.profile, loop.time()), data))
                if not data:
                    break
            else:
                queue.put_nowait((0.0, b""))  # closed from the other side: wake the deliverer
            await deliverer
        finally:
            deliverer.cancel()
