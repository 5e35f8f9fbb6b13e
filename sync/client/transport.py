"""HTTP transport of sync protocol v1: one `requests.Session`, timeouts, compression, domain errors.

Every call has an explicit (connect, read) timeout; `requests` exceptions and HTTP error
statuses become the errors of `sync.client.errors`. A request whose connection closed
before any answer (the server dropped an idle keep-alive connection while the request
waited in a modem's queue) is sent again at once on a new connection. Bodies go as zstd
with a trained dictionary once the server has named one it holds, else gzip. The
transport also counts requests and wire bytes, and feeds each request's timing to the
link estimator. `abort()` (from any thread) ends requests in flight at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import logging
import socket
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import requests
import urllib3
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter

from sync import compression, wire
from sync.client.batching import BatchSizer
from sync.client.errors import (
    SyncAnswerBroken,
    SyncAuthError,
    SyncConnectionClosed,
    SyncNoAnswer,
    SyncProtocolError,
    SyncRejected,
    SyncUnavailable,
)

log = logging.getLogger(__name__)

Model = TypeVar("Model", bound=BaseModel)
USER_AGENT = "pantau-sync/1"
MAX_RESENDS = 8  # tries of one request at once, while the server gets further each time
# The server no longer holds the start of a body it was sent the rest of: send it whole.
RESUME_REFUSED = frozenset({"wrong_offset", "push_id_mismatch", "bad_range"})
PROBE_TIMEOUT = 3.0


@dataclass(frozen=True, slots=True)
class Exchange:
    """One finished request: the parsed body and what it cost on the wire."""

    body: Any
    bytes_up: int
    bytes_down: int
    elapsed: float


def _head_size(start_line: str, headers: Mapping[str, str]) -> int:
    return len(start_line) + 2 + sum(len(k) + len(v) + 4 for k, v in headers.items()) + 2


def _closed_before_answer(exc: requests.exceptions.ConnectionError) -> bool:
    """The connection was open and closed before any answer (not a refused connection)."""
    reason = exc.args[0] if exc.args else None
    if not isinstance(reason, urllib3.exceptions.ProtocolError):
        return False
    cause = reason.args[1] if len(reason.args) > 1 else None
    return isinstance(
        cause, http.client.RemoteDisconnected | ConnectionResetError | BrokenPipeError
    )


def _encoding_refused(exc: SyncRejected) -> bool:
    """The server could not decode the body's coding (an old server, an unknown dictionary)."""
    return exc.status == 415 or exc.code in ("bad_encoding", "unknown_dictionary")


@dataclass(frozen=True, slots=True)
class _Body:
    """A request's bytes as sent and the headers that describe them; `name` is the SHA-256
    of a resumable body (`Pantau-Push-Id`)."""

    data: bytes | None
    headers: dict[str, str]
    dictionary: int | None = None
    name: str | None = None

    @classmethod
    def of(
        cls,
        json_body: Any,
        data: bytes | None,
        headers: dict[str, str] | None,
        *,
        compress: bool,
        named: bool,
        dictionary: int | None,
    ) -> _Body:
        headers = dict(headers or {})
        if json_body is not None:
            data = json.dumps(json_body, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
            if compress:
                data, headers["Content-Encoding"] = compression.encode(data, dict_id=dictionary)
        name = hashlib.sha256(data or b"").hexdigest() if named else None
        if name is not None:
            headers[wire.PUSH_ID_HEADER] = name
        return cls(data, headers, dictionary if compress else None, name)

    def rest(self, held: int) -> _Body:
        """The bytes after the first `held` that the server already holds, as a range."""
        if not held or self.data is None:
            return self
        total = len(self.data)
        span = f"{held}-{total - 1}" if held < total else "*"  # "*": the server holds it all
        headers = self.headers | {"Content-Range": f"bytes {span}/{total}"}
        return replace(self, data=self.data[held:], headers=headers)


class _AbortableAdapter(HTTPAdapter):
    """Remembers the connections it opens so that `abort()` can shut them from any thread."""

    def __init__(self) -> None:
        self._connections: weakref.WeakSet = weakref.WeakSet()
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        opened = self._connections

        def tracked(base: type) -> type:
            class Pool(base):  # type: ignore[misc, valid-type]
                def _new_conn(self):  # noqa: ANN202 - urllib3's signature
                    connection = super()._new_conn()
                    opened.add(connection)
                    return connection

            return Pool

        self.poolmanager.pool_classes_by_scheme = {
            "http": tracked(urllib3.HTTPConnectionPool),
            "https": tracked(urllib3.HTTPSConnectionPool),
        }

    def abort(self) -> None:
        """Shut every socket down: a thread blocked reading one returns at once."""
        for connection in list(self._connections):
            sock = getattr(connection, "sock", None)
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def _error_detail(response: requests.Response) -> tuple[str, str | None]:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or response.reason or "no detail", None
    if isinstance(body, dict):
        detail = body.get("detail")
        return (detail if isinstance(detail, str) else json.dumps(detail)[:500]), body.get("code")
    return str(body)[:200], None


class Transport:
    """The client side of `/api/v1` on one keep-alive session."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        ca_bundle: str | Path | None = None,
        connect_timeout: float = 10.0,
        sizer: BatchSizer | None = None,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"server URL must start with http:// or https://, got {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.connect_timeout = connect_timeout
        self.sizer = sizer or BatchSizer()
        self.session = requests.Session()  # honours HTTP(S)_PROXY / NO_PROXY from the environment
        self._adapter = _AbortableAdapter()
        self.session.mount("http://", self._adapter)
        self.session.mount("https://", self._adapter)
        self.session.headers["User-Agent"] = USER_AGENT
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        if ca_bundle:
            self.session.verify = str(ca_bundle)
        self.requests = 0
        self.bytes_up = 0
        self.bytes_down = 0
        self.resent = 0  # requests sent again because their connection closed before an answer
        self.dictionary: int | None = None  # zstd dictionary the server holds; None: gzip
        self.use_dictionary = True  # False: gzip only (benchmarks compare the two)
        self.resume = True  # False: a cut push goes whole again (an older server, benchmarks)
        self._lock = threading.Lock()  # the engine keeps several pushes in flight
        self._aborted = threading.Event()
        # The engine sets it: the `Pantau-Heartbeat` header value sent with every request.
        self.heartbeat: Callable[[], str] | None = None

    def close(self) -> None:
        self.session.close()

    def abort(self) -> None:
        """Stop now (any thread): requests in flight fail at once, no new one starts."""
        self._aborted.set()
        self._adapter.abort()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the API ---------------------------------------------------------------------------

    def health(self, *, timeout: float = PROBE_TIMEOUT) -> wire.Health:
        """The cheap reachability probe: raises `SyncUnavailable` quickly when the server is not there."""
        exchange = self._call(
            "GET", "/health", timeout=(min(timeout, self.connect_timeout), timeout)
        )
        return self._parse(exchange, wire.Health)

    def measure(self) -> wire.Health:
        """The health call with a read timeout for a slow, deep link (not a quick probe):
        its round trip and the codings the server offers are what a sync needs first."""
        return self.health(timeout=self.sizer.read_timeout(0))

    def enroll(self, *, code: str, label: str, bundle_key: str | None = None) -> wire.EnrollResponse:
        body = wire.EnrollRequest(code=code, label=label, bundle_key=bundle_key).model_dump(
            mode="json", exclude_none=True
        )
        # A one-time code must not be sent twice: no resend after a close.
        exchange = self._call("POST", "/enroll", json_body=body, resend=False)
        return self._parse(exchange, wire.EnrollResponse)

    def push(self, items: list[dict[str, Any]]) -> tuple[wire.PushResponse, Exchange]:
        """Push items compressed; returns the parsed answer and the exchange's cost."""
        exchange = self._call(
            "POST", "/push", json_body={"items": items}, compress=True, resumable=True
        )
        return self._parse(exchange, wire.PushResponse), exchange

    def missing(self, hashes: list[str]) -> list[str]:
        body = wire.MissingRequest(sha256=hashes).model_dump(mode="json")
        exchange = self._call("POST", "/attachments/missing", json_body=body, compress=True)
        return self._parse(exchange, wire.MissingResponse).missing

    def latest_revisions(self, ids: list[UUID]) -> dict[UUID, int]:
        """The server's newest revision of each of these reports of this office it holds."""
        body = wire.LatestRevisionsRequest(ids=ids).model_dump(mode="json")
        exchange = self._call("POST", "/revisions/latest", json_body=body, compress=True)
        return self._parse(exchange, wire.LatestRevisionsResponse).latest

    def upload_state(self, sha256: str) -> wire.UploadState:
        return self._parse(self._call("GET", f"/attachments/{sha256}"), wire.UploadState)

    def upload_chunk(
        self, sha256: str, *, start: int, data: bytes, total: int
    ) -> wire.UploadState | None:
        """PUT one chunk at `start`; None when the server holds a different offset (409)."""
        span = f"{start}-{start + len(data) - 1}" if data else "*"  # "*": an empty file
        headers = {
            "Content-Range": f"bytes {span}/{total}",
            "Content-Type": "application/octet-stream",
        }
        try:
            exchange = self._call("PUT", f"/attachments/{sha256}", data=data, headers=headers)
        except SyncRejected as exc:
            if exc.status == 409:
                return None
            raise
        return self._parse(exchange, wire.UploadState)

    def pull(self, cursor: str | None) -> wire.PullResponse:
        params = {"cursor": cursor} if cursor else None
        return self._parse(self._call("GET", "/pull", params=params), wire.PullResponse)

    # -- plumbing --------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
        compress: bool = False,
        timeout: tuple[float, float] | None = None,
        resend: bool = True,
        resumable: bool = False,
    ) -> Exchange:
        """One request; sent once more at once if its connection closed before any answer,
        or in gzip if the server could not decode its dictionary.

        A `resumable` body (a push) is named by its SHA-256; after a close, when it is big
        enough for the question to pay, the server is asked how much of it arrived and only
        the rest goes, again while each try gets further (`docs/protocol.md`, *Resumable pushes*).
        """
        encode = partial(
            _Body.of, json_body, data, headers, compress=compress, named=resumable
        )
        body = encode(dictionary=self.dictionary if compress else None)
        held = closes = 0  # bytes of `body` the server holds; closes so far
        for _ in range(MAX_RESENDS):
            try:
                return self._attempt(method, path, body.rest(held), params, timeout)
            except SyncConnectionClosed as exc:
                if not resend or self._aborted.is_set():
                    raise
                if isinstance(exc, SyncAnswerBroken) and body.name is None:
                    raise  # the server acted on it: the caller asks the state, not resends
                closes += 1
                with self._lock:
                    self.sizer.dropped()
                before, held = held, self._held(body)
                if closes > 1 and held <= before:
                    raise  # sent again at once already, and the server got no further
            except SyncRejected as exc:
                if held and exc.code in RESUME_REFUSED:
                    log.info("the server refused the rest of push %s (%s); whole again", body.name, exc)
                    held = 0
                elif body.dictionary is not None and _encoding_refused(exc):
                    log.warning(
                        "the server refused zstd dictionary %s (%s); gzip from now on",
                        body.dictionary,
                        exc,
                    )
                    self.use_dictionary = False
                    self.dictionary = None
                    body, held = encode(dictionary=None), 0
                else:
                    raise
            with self._lock:
                self.resent += 1
        raise SyncNoAnswer(f"{method} {path}: no answer after {MAX_RESENDS} tries")

    def _held(self, body: _Body) -> int:
        """Bytes of a cut `body` the server holds (0: send it whole); asked only when it pays."""
        size = len(body.data or b"")
        if body.name is None or not self.resume or size < self.sizer.resume_from():
            return 0
        try:
            exchange = self._call("GET", f"/push/partial/{body.name}")
        except SyncRejected as exc:
            if exc.status != 404:
                raise
            log.info("the server cannot resume pushes (an older one): cut pushes go whole")
            self.resume = False
            return 0
        offset = self._parse(exchange, wire.PushPartial).offset
        return offset if 0 <= offset <= size else 0

    def _attempt(
        self,
        method: str,
        path: str,
        body: _Body,
        params: dict[str, str] | None,
        timeout: tuple[float, float] | None,
    ) -> Exchange:
        if self._aborted.is_set():
            raise SyncUnavailable("sync stopped")
        headers = dict(body.headers)
        if self.heartbeat is not None:
            headers[wire.HEARTBEAT_HEADER] = self.heartbeat()
        data = body.data
        body_size = len(data or b"")
        if timeout is None:
            timeout = (self.connect_timeout, self.sizer.read_timeout(body_size))
        url = f"{self.base_url}{wire.API_PREFIX}{path}"
        started = time.monotonic()
        with self._lock:
            self.requests += 1
        try:
            # verify= on each call: otherwise REQUESTS_CA_BUNDLE would override the chosen CA file.
            response = self.session.request(
                method, url, data=data, headers=headers, params=params, timeout=timeout,
                verify=self.session.verify,
            )
        except requests.exceptions.SSLError as exc:
            raise SyncUnavailable(
                f"TLS failure talking to {self.base_url} (check the CA bundle): {exc}"
            ) from exc
        except requests.exceptions.ConnectionError as exc:
            if self._aborted.is_set():
                raise SyncUnavailable("sync stopped") from exc
            if _closed_before_answer(exc):
                raise SyncConnectionClosed(
                    f"{self.base_url} closed the connection before answering"
                ) from exc
            raise SyncUnavailable(
                f"server {self.base_url} unreachable: {type(exc).__name__}"
            ) from exc
        except requests.exceptions.ChunkedEncodingError as exc:
            # The request got there whole and its answer broke off on the way back.
            raise SyncAnswerBroken(
                f"{self.base_url} closed the connection in the middle of its answer"
            ) from exc
        except requests.exceptions.ReadTimeout as exc:
            raise SyncNoAnswer(
                f"server {self.base_url} did not answer within {timeout[1]:.0f} s"
            ) from exc
        except requests.exceptions.Timeout as exc:
            raise SyncUnavailable(
                f"server {self.base_url} unreachable: {type(exc).__name__}"
            ) from exc
        except requests.exceptions.RequestException as exc:
            raise SyncUnavailable(
                f"transfer to {self.base_url} broke off: {type(exc).__name__}"
            ) from exc
        finished = time.monotonic()
        sent = (
            _head_size(f"{method} {response.request.path_url} HTTP/1.1", response.request.headers)
            + body_size
        )
        received = _head_size(
            f"HTTP/1.1 {response.status_code} {response.reason}", response.headers
        ) + int(response.headers.get("Content-Length") or len(response.content))
        with self._lock:
            self.bytes_up += sent
            self.bytes_down += received
            if self.use_dictionary and compression.DICTIONARIES_HEADER in response.headers:
                self.dictionary = compression.shared_dictionary(
                    response.headers[compression.DICTIONARIES_HEADER]
                )
        self._raise_for_status(response)
        if not response.content:
            # Every answer of protocol v1 has a JSON body: an empty one was cut off.
            raise SyncUnavailable(f"{method} {path}: the answer was cut short")
        with self._lock:
            # Queued behind the previous request, this one only had the link to itself
            # from the moment that one's answer arrived.
            self.sizer.link.observe(bytes_total=sent + received, elapsed=finished - started)
            self.sizer.carried(sent + received)
        try:
            body = response.json()
        except ValueError as exc:
            raise SyncProtocolError(f"{method} {path}: answer is not JSON") from exc
        return Exchange(body=body, bytes_up=sent, bytes_down=received, elapsed=finished - started)

    def _raise_for_status(self, response: requests.Response) -> None:
        status = response.status_code
        if status < 400:
            return
        detail, code = _error_detail(response)
        if status == 401:
            raise SyncAuthError(f"the server refused this PC's token ({detail}); enrol it again")
        if status in (408, 429) or status >= 500:
            raise SyncNoAnswer(f"server busy or failing: HTTP {status} {detail}")
        raise SyncRejected(
            f"server refused the request: HTTP {status} {detail}", status=status, code=code
        )

    @staticmethod
    def _parse(exchange: Exchange, model: type[Model]) -> Model:
        try:
            return model.model_validate(exchange.body)
        except ValidationError as exc:
            raise SyncProtocolError(
                f"unexpected answer for {model.__name__}: {exc.errors()[:2]}"
            ) from exc
