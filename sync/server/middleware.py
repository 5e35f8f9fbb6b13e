"""ASGI middleware: request body limits with safe gzip decoding, and the access log."""

from __future__ import annotations

import json
import logging
import time
import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.concurrency import run_in_threadpool

log = logging.getLogger("sync.server.access")
MAX_JSON_DEPTH = 64
INLINE_CHECK_BYTES = 64 * 1024

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class ClientGone(Exception):
    """The client disconnected before sending its whole body."""


class BadBody(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class BodyGuard:
    """Reads the whole body under a byte cap, inflating gzip with the same cap on the output.

    A gzip bomb stops at `max_bytes` of inflated data instead of filling memory. JSON bodies
    that PostgreSQL could not store (NUL characters) or that standard JSON forbids
    (NaN, Infinity) are refused here with 422 so no route sees them.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            if b"%00" in scope.get("query_string", b""):
                raise BadBody(400, "bad_query", "the query string must not contain NUL characters")
            body = await self._read(receive, headers)
            if "json" in headers.get("content-type", "").lower():
                if len(body) > INLINE_CHECK_BYTES:  # keep the event loop free for big batches
                    await run_in_threadpool(_check_json, body)
                else:
                    _check_json(body)
        except BadBody as exc:
            await _send_error(send, exc)
            return
        except ClientGone:
            return  # the link dropped mid-body (normal on poor links); nobody to answer
        scope["headers"] = [
            (k, v)
            for k, v in scope["headers"]
            if k.lower() not in (b"content-encoding", b"content-length")
        ] + [(b"content-length", str(len(body)).encode())]
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _read(self, receive: Receive, headers: dict[str, str]) -> bytes:
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("identity", "gzip", ""):
            raise BadBody(
                415,
                "unsupported_encoding",
                f"Content-Encoding {encoding!r} is not supported; use gzip",
            )
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise BadBody(
                413, "too_large", f"request body over the limit of {self.max_bytes} bytes"
            )
        inflater = zlib.decompressobj(wbits=31) if encoding == "gzip" else None
        chunks: list[bytes] = []
        raw_size = size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ClientGone
            piece = message.get("body", b"")
            more = message.get("more_body", False)
            raw_size += len(piece)
            if raw_size > self.max_bytes:
                raise BadBody(
                    413, "too_large", f"request body over the limit of {self.max_bytes} bytes"
                )
            if inflater is not None:
                piece = self._inflate(inflater, piece, self.max_bytes - size)
            size += len(piece)
            chunks.append(piece)
        if inflater is not None and not inflater.eof and raw_size:
            raise BadBody(400, "bad_gzip", "the gzip body is truncated")
        return b"".join(chunks)

    @staticmethod
    def _inflate(inflater: Any, data: bytes, allowance: int) -> bytes:
        try:
            out = inflater.decompress(data, allowance + 1)
        except zlib.error as exc:
            raise BadBody(400, "bad_gzip", f"the body is not valid gzip: {exc}") from None
        if len(out) > allowance or inflater.unconsumed_tail:
            raise BadBody(413, "too_large", "request body over the limit once decompressed")
        return out


def _reject_constant(name: str) -> Any:
    raise BadBody(422, "invalid_json", f"malformed JSON: {name} is not allowed")


def _check_json(body: bytes) -> None:
    """Refuse JSON that no column should receive: NaN/Infinity, NUL characters, deep nesting."""
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
        if isinstance(value, str) and "\x00" in value:
            raise BadBody(422, "invalid_json", "text must not contain the NUL character (\\u0000)")


async def _send_error(send: Send, exc: BadBody) -> None:
    payload = json.dumps({"detail": exc.message, "code": exc.code}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": exc.status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


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
