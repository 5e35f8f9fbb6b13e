"""ASGI middleware: authentication before the body, body limits and decoding, the access log."""

from __future__ import annotations

import asyncio
import email.message
import html
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import CookieError, SimpleCookie
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.routing import Match

from sync.server import push_spool
from sync.server.auth import LAST_SEEN_GRANULARITY, TOKEN_REQUIRED, authenticate
from sync.server.encodings import DECODERS, BodyTooLarge, MalformedBody, new_decoder
from sync.server.errors import NotAuthenticated, ServerError
from sync.server.schemas import Principal
from sync.server.sessions import COOKIE, resolve
from sync.server.settings import ServerSettings
from sync.server.text_rules import text_problem
from sync.server.tokens import utcnow
from sync.wire import API_PREFIX

log = logging.getLogger("sync.server.access")
MAX_JSON_DEPTH = 64
INLINE_CHECK_BYTES = 64 * 1024
# Headers that decide how the body is read: a second copy would let two readers disagree.
SINGLE_HEADERS = frozenset(
    {"content-type", "content-encoding", "content-length", "transfer-encoding", "authorization"}
)
ANY_SECURITY_HEADERS = ((b"x-content-type-options", b"nosniff"),)
HTML_SECURITY_HEADERS = (
    *ANY_SECURITY_HEADERS,
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
        b"form-action 'self'",
    ),
    (b"x-frame-options", b"DENY"),
)
PUSH_PATH = f"{API_PREFIX}/push"
PUBLIC_API = frozenset({f"{API_PREFIX}/health", f"{API_PREFIX}/enroll"})
DRAIN_FACTOR = 4  # an upload page reads up to this many times its limit before refusing it
# A body refused before it was read (401, 413, …) is read on and dropped up to this much and this
# long before the answer: closing a socket with unread data resets it, and a reset can reach the
# client before it has read the refusal.
LINGER_BYTES = 256 * 1024
LINGER_S = 2.0
# What a browser shows when the body of a console page was refused before the page ran.
ERROR_PAGE = (
    '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Ditolak — Pantau</title>'
    '<link rel="stylesheet" href="/static/pantau.css"></head><body><main><h1>Permintaan ditolak</h1>'
    '<p class="alert" role="alert">{message}</p><p><a href="/">Kembali ke Beranda</a></p></main></body></html>'
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
T = TypeVar("T")


class ClientGone(Exception):
    """The client disconnected before sending its whole body."""


class _Received:
    """`receive`, remembering whether the request's body has ended (or the client gone)."""

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self.ended = False

    async def __call__(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.disconnect" or not message.get("more_body", False):
            self.ended = True
        return message

    async def linger(self, headers: dict[str, str]) -> None:
        """Read and drop the rest of a refused body, within `LINGER_BYTES` and `LINGER_S`."""
        declared = headers.get("content-length", "")
        if self.ended or (declared.isdigit() and int(declared) > LINGER_BYTES):
            return
        loop = asyncio.get_running_loop()
        ends, dropped = loop.time() + LINGER_S, 0
        while not self.ended and dropped <= LINGER_BYTES:
            try:
                message = await asyncio.wait_for(self(), max(ends - loop.time(), 0.001))
            except TimeoutError:
                return
            dropped += len(message.get("body", b""))


class BadBody(Exception):
    """A refused request body; `message_id` is the Indonesian sentence a console page shows."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        *,
        message_id: str = "Permintaan ini tidak dapat dibaca; tidak ada yang disimpan.",
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.message_id = message_id


@dataclass(frozen=True, slots=True)
class BodyLimits:
    """How much body, and how slowly, the server accepts; smaller before authentication."""

    max_bytes: int
    max_anonymous_bytes: int
    idle_timeout: float  # seconds without a byte of body
    anonymous_timeout: float  # seconds for a whole body sent without a token
    # Console pages that take a file upload (path -> roles): up to `max_upload_bytes` for a
    # signed-in person of those roles, checked from the session cookie before the body.
    uploads: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    max_upload_bytes: int = 0
    console_idle: timedelta = timedelta(0)

    @classmethod
    def of(cls, settings: ServerSettings, uploads: Mapping[str, tuple[str, ...]] | None = None) -> BodyLimits:
        return cls(
            max_bytes=settings.max_body_bytes,
            max_anonymous_bytes=settings.max_anonymous_body_bytes,
            idle_timeout=settings.body_idle_timeout,
            anonymous_timeout=settings.anonymous_body_timeout,
            uploads=dict(uploads or {}),
            max_upload_bytes=settings.max_upload_bytes,
            console_idle=settings.console_idle,
        )


class BodyGuard:
    """Checks who is calling from the headers, then reads the body under a cap and a clock.

    The bearer token is verified before a byte of body is read, so a caller without one
    gets at most `max_anonymous_bytes` (decoded) read for it, within `anonymous_timeout`;
    API calls other than health and enrolment answer 401 without reading anything.
    Content-encodings decode piece by piece with the cap on their output
    (`sync.server.encodings`). JSON that PostgreSQL could not store (NUL characters, lone
    UTF-16 surrogates) or that standard JSON forbids (NaN, Infinity) is refused here with
    422. Headers that decide how the body is read may appear once only, so this guard and
    FastAPI read the same request.
    """

    def __init__(self, app: ASGIApp, *, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = None
        received = receive = _Received(receive)
        headers: dict[str, str] = {}
        try:
            headers = single_headers(scope["headers"])
            if b"%00" in scope.get("query_string", b""):
                raise BadBody(400, "bad_query", "the query string must not contain NUL characters")
            principal = await _authenticate(scope, headers)
            spooled = await _spooled_push(scope, principal, headers)
            if spooled is not None:
                receive = spooled.receive(receive)
            drain = False
            if principal is not None:
                cap, deadline = self.limits.max_bytes, None
            elif await self._uploader(scope, headers):
                # a person's browser: read an oversized file to its end so the page reaches them
                cap, deadline, drain = self.limits.max_upload_bytes, None, True
            else:
                cap, deadline = self.limits.max_anonymous_bytes, self.limits.anonymous_timeout
            try:
                body = await _read(
                    receive, headers, cap=cap, idle=self.limits.idle_timeout, deadline=deadline, drain=drain
                )
            except (ClientGone, BadBody) as exc:
                if spooled is not None and (isinstance(exc, ClientGone) or exc.code == "too_slow"):
                    await spooled.cut()  # the PC sends the rest of this body, not all of it again
                if spooled is not None and spooled.held and getattr(exc, "code", "") == "bad_encoding":
                    await _refused_as_body(spooled.spoilt(exc.message))  # type: ignore[union-attr]
                raise
            if spooled is not None:
                await _refused_as_body(spooled.complete())
            if body and reads_as_json(headers.get("content-type")):
                if len(body) > INLINE_CHECK_BYTES:  # keep the event loop free for big batches
                    await run_in_threadpool(_check_json, body)
                else:
                    _check_json(body)
        except BadBody as exc:
            if body is None and exc.code != "too_slow":
                await received.linger(headers)
            await _send_error(send, exc, close=body is None, page=not scope["path"].startswith(API_PREFIX + "/"))
            return
        except ClientGone:
            return  # the link dropped mid-body (normal on poor links); nobody to answer
        scope["headers"] = [
            (k, v)
            for k, v in scope["headers"]
            if k.lower() not in (b"content-encoding", b"content-length", b"transfer-encoding")
        ] + [(b"content-length", str(len(body)).encode())]
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _uploader(self, scope: Scope, headers: dict[str, str]) -> bool:
        """Whether this is a POST to an upload page by a signed-in person allowed to use it."""
        roles = self.limits.uploads.get(scope["path"])
        if roles is None or scope["method"] != "POST":
            return False
        try:
            morsel = SimpleCookie(headers.get("cookie", "")).get(COOKIE)
        except CookieError:
            return False
        if morsel is None:
            return False
        engine = scope["app"].state.engine
        try:
            user = await run_in_threadpool(_signed_in, engine, morsel.value, self.limits.console_idle)
        except OperationalError:
            return False  # the page itself reports the database's absence
        return user is not None and user.role in roles


def single_headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """The request headers by lower-case name; 400 if one that shapes the body repeats."""
    headers: dict[str, str] = {}
    for key, value in raw:
        name = key.decode("latin-1").lower()
        if name in headers and name in SINGLE_HEADERS:
            raise BadBody(400, "duplicate_header", f"the {name} header may appear only once")
        headers[name] = value.decode("latin-1")
    return headers


def reads_as_json(content_type: str | None) -> bool:
    """Whether FastAPI parses a body with this Content-Type as JSON (it does when absent)."""
    if not content_type:
        return True
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


async def _authenticate(scope: Scope, headers: dict[str, str]) -> Principal | None:
    """The API caller's principal from its bearer token (kept in the scope for the routes).

    None for the calls that need no token (health, enrolment) and for the HTML pages.
    """
    path = scope["path"]
    if not path.startswith(API_PREFIX + "/") or path in PUBLIC_API or not _routed(scope):
        return None  # pages, public calls and unknown paths (404) take only a small body
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthenticated(NotAuthenticated(TOKEN_REQUIRED))
    engine = scope["app"].state.engine
    try:
        principal = await run_in_threadpool(_principal_of, engine, token.strip())
    except NotAuthenticated as exc:
        raise _unauthenticated(exc) from None
    except OperationalError as exc:
        log.error("database unavailable: %s", exc.orig)
        raise BadBody(
            503, "unavailable", "the database is unavailable; try again later", {"Retry-After": "30"}
        ) from None
    state = scope.setdefault("state", {})
    state["auth"] = principal
    state["principal"] = f"{principal.kind}:{principal.id}"
    return principal


async def _spooled_push(
    scope: Scope, principal: Principal | None, headers: dict[str, str]
) -> push_spool.SpooledPush | None:
    """For a device's push that names its body (`Pantau-Push-Id`): the bytes of it held
    from a cut request, the rest to come (`sync.server.push_spool`)."""
    if principal is None or principal.kind != "device" or scope["path"] != PUSH_PATH:
        return None
    spool = scope["app"].state.push_spool
    return await _refused_as_body(push_spool.begin(spool, device=principal.id, headers=headers))


async def _refused_as_body(step: Awaitable[T]) -> T:
    """`step`'s value; its `ServerError` as the refusal of the body."""
    try:
        return await step
    except ServerError as exc:
        raise BadBody(exc.status_code, exc.code, exc.message) from None


def _routed(scope: Scope) -> bool:
    """Whether a route of the app answers this path (with any method)."""
    return any(
        route.matches(scope)[0] is not Match.NONE for route in scope["app"].router.routes
    )


def _principal_of(engine: Engine, token: str) -> Principal:
    with Session(engine) as session:
        return authenticate(
            session=session, token=token, now=utcnow(), touch_after=LAST_SEEN_GRANULARITY
        )


def _signed_in(engine: Engine, token: str, idle: timedelta) -> Any:
    with Session(engine) as session:
        return resolve(session=session, token=token, now=utcnow(), idle=idle)


def _unauthenticated(exc: NotAuthenticated) -> BadBody:
    return BadBody(401, exc.code, exc.message, {"WWW-Authenticate": "Bearer"})


def _size_id(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{size // 1024} KB"


async def _read(
    receive: Receive,
    headers: dict[str, str],
    *,
    cap: int,
    idle: float,
    deadline: float | None,
    drain: bool = False,
) -> bytes:
    """The decoded body under `cap`; with `drain`, an oversized one is read to its end (up to
    `DRAIN_FACTOR` × `cap`, then the connection closes) before it is refused."""
    encoding = headers.get("content-encoding", "")
    decoder = new_decoder(encoding)
    if decoder is None:
        supported = ", ".join(sorted(DECODERS))
        raise BadBody(
            415,
            "unsupported_encoding",
            f"Content-Encoding {encoding.strip()!r} is not supported; use one of: {supported}",
        )
    too_large = BadBody(
        413,
        "too_large",
        f"request body over the limit of {cap} bytes",
        message_id=f"Berkas yang dikirim lebih besar dari batas {_size_id(cap)}; tidak ada yang disimpan.",
    )
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap * (DRAIN_FACTOR if drain else 1):
        raise too_large
    loop = asyncio.get_running_loop()
    ends = None if deadline is None else loop.time() + deadline
    chunks: list[bytes] = []
    raw_size = size = 0
    more = True
    while more:
        wait = idle if ends is None else min(idle, ends - loop.time())
        try:
            message = await asyncio.wait_for(receive(), max(wait, 0.001))
        except TimeoutError:
            raise BadBody(
                408,
                "too_slow",
                "the request body came too slowly; send it again",
                message_id="Data datang terlalu lambat dan tidak disimpan; kirim ulang.",
            ) from None
        if message["type"] == "http.disconnect":
            raise ClientGone
        piece = message.get("body", b"")
        more = message.get("more_body", False)
        raw_size += len(piece)
        if raw_size > cap:
            if drain and raw_size <= cap * DRAIN_FACTOR:
                chunks.clear()  # keep reading, keep nothing
                continue
            raise too_large
        try:
            piece = decoder.decode(piece, cap - size)
            if not more:
                decoder.finish()
        except BodyTooLarge:
            raise BadBody(
                413,
                "too_large",
                f"request body over the limit of {cap} bytes once decompressed",
                message_id=too_large.message_id,
            ) from None
        except MalformedBody as exc:
            raise BadBody(400, "bad_encoding", str(exc)) from None
        size += len(piece)
        chunks.append(piece)
    if raw_size > cap:
        raise too_large  # drained to its end: the browser can now read the refusal
    return b"".join(chunks)


def _reject_constant(name: str) -> Any:
    raise BadBody(422, "invalid_json", f"malformed JSON: {name} is not allowed")


def _check_text(value: str) -> None:
    if problem := text_problem(value):
        raise BadBody(422, "invalid_json", f"text must not contain {problem}")


def _check_json(body: bytes) -> None:
    """Refuse JSON that no column should receive: NaN/Infinity, NUL, lone surrogates, deep nesting."""
    try:
        parsed = json.loads(body, parse_constant=_reject_constant)
    except RecursionError:
        raise BadBody(
            422, "invalid_json", f"JSON nested deeper than {MAX_JSON_DEPTH} levels"
        ) from None
    except ValueError:
        return  # FastAPI reports the syntax error with its position
    stack: list[tuple[Any, int]] = [(parsed, 1)]
    while stack:  # iterative: the depth is what is being checked
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise BadBody(422, "invalid_json", f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
            value = "".join(value)  # its keys
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
            continue
        if isinstance(value, str):
            _check_text(value)


async def _send_error(send: Send, exc: BadBody, *, close: bool, page: bool = False) -> None:
    """The error as JSON, or for a console `page` as a short page in Indonesian; `close` ends
    the connection when its body was left unread."""
    if page:
        payload = ERROR_PAGE.format(message=html.escape(exc.message_id)).encode()
        headers = {"content-type": "text/html; charset=utf-8", "content-length": str(len(payload))}
    else:
        payload = json.dumps({"detail": exc.message, "code": exc.code}).encode()
        headers = {"content-type": "application/json", "content-length": str(len(payload))}
    headers |= {k.lower(): v for k, v in exc.headers.items()}
    if close:
        headers["connection"] = "close"
    await send(
        {
            "type": "http.response.start",
            "status": exc.status,
            "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()],
        }
    )
    await send({"type": "http.response.body", "body": payload})


class SecurityHeaders:
    """Every answer: nosniff; every HTML answer also a CSP that forbids framing and foreign code.

    A page that sets its own (the console's, stricter ones) keeps it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def add_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                html = any(
                    k.lower() == b"content-type" and v.lower().startswith(b"text/html")
                    for k, v in headers
                )
                wanted = HTML_SECURITY_HEADERS if html else ANY_SECURITY_HEADERS
                headers += [(k, v) for k, v in wanted if k not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, add_headers if scope["type"] == "http" else send)


class AccessLog:
    """One structured line per request: method, path, status, time, sizes, caller."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        status = 499  # nginx's "client closed request": no answer was sent
        sent_bytes = 0
        logged = False

        def write_line() -> None:
            nonlocal logged
            logged = True
            state = scope.get("state") or {}
            fields: dict[str, Any] = {
                "method": scope["method"],
                "path": scope["path"],
                "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "bytes_in": int(headers.get("content-length") or 0)
                if headers.get("content-length", "").isdigit()
                else 0,
                "bytes_out": sent_bytes,
                "client": (scope.get("client") or ("-",))[0],
            }
            if "content-range" in headers:
                fields["range"] = headers["content-range"]
            if state.get("principal"):
                fields["caller"] = state["principal"]
            log.info("request", extra={"fields": fields})

        async def watch(message: Message) -> None:
            nonlocal status, sent_bytes
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                sent_bytes += len(message.get("body", b""))
                if not message.get("more_body", False):
                    # Logged before the last byte leaves, so a caller that has the answer
                    # can already find its line in the log.
                    write_line()
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except BaseException:
            status = 500 if status == 499 else status
            raise
        finally:
            if not logged:
                write_line()
