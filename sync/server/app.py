"""The FastAPI application: routers, error mapping, middleware and lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.server import console, logs, routes_reports, routes_sync
from sync.server.attachments import AttachmentStore
from sync.server.catalogue import FormCatalogue
from sync.server.db import make_engine
from sync.server.dictionaries import DictionaryOffer
from sync.server.encodings import DECODERS
from sync.server.enrol_throttle import FailureThrottle
from sync.server.errors import ServerError
from sync.server.middleware import AccessLog, BodyGuard, BodyLimits, SecurityHeaders
from sync.server.private import keep_private
from sync.server.push_spool import PushSpool
from sync.server.settings import ServerSettings
from sync.server.tokens import utcnow
from sync.wire import API_PREFIX

log = logging.getLogger(__name__)


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    """The app for `settings` (default: from the environment); the schema must be migrated."""
    settings = settings or ServerSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(settings.resolved_database_url, pool_size=settings.db_pool_size)
        app.state.settings = settings
        app.state.engine = engine
        app.state.catalogue = FormCatalogue()
        app.state.clock = utcnow  # the console's "now"; a test moves it instead of sleeping
        app.state.enrol_throttle = FailureThrottle(
            limit=settings.enrol_failures_allowed, window=settings.enrol_failure_window
        )
        app.state.attachments = AttachmentStore.for_settings(settings)
        app.state.attachments.expire_partials(now=utcnow())
        app.state.push_spool = PushSpool.for_settings(settings)
        app.state.push_spool.expire(now=utcnow())
        log.info(
            "server ready",
            extra={"fields": {"database": engine.url.render_as_string(hide_password=True)}},
        )
        try:
            yield
        finally:
            engine.dispose()

    app = FastAPI(
        title="Pantau provincial server",
        version="1",
        description="Sync protocol v1 between Kesbangpol office PCs and the provincial Bakesbangpol.",
        lifespan=lifespan,
        # The API's description helps attackers as much as integrators: off unless asked for.
        openapi_url="/openapi.json" if settings.api_docs else None,
    )
    app.include_router(routes_sync.router, prefix=API_PREFIX)
    app.include_router(routes_reports.router, prefix=API_PREFIX)
    _install_error_handlers(app)
    console.install(app)
    app.add_middleware(BodyGuard, limits=BodyLimits.of(settings, console.UPLOADS))
    # Answers travel back over the same 64 kbit/s links: compress all but the tiny ones.
    app.add_middleware(GZipMiddleware, minimum_size=512)
    # Every answer, errors too, names the request codings and zstd dictionaries understood.
    app.add_middleware(DictionaryOffer, codings=", ".join(DECODERS))
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)
    return app


def _error(
    status: int, detail: object, code: str, headers: dict[str, str] | None = None, **extra: object
) -> JSONResponse:
    return JSONResponse(
        {"detail": detail, "code": code, **extra}, status_code=status, headers=headers
    )


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ServerError)
    async def _server_error(_request: Request, exc: ServerError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else {}
        return _error(exc.status_code, exc.message, exc.code, headers | exc.headers, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, _describe(exc), "invalid_request")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, exc.detail, "http_error", exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, _exc: Exception) -> JSONResponse:
        # Starlette logs the traceback after this answer; the client gets JSON like any error.
        return _error(
            500, "internal server error; the administrator can find it in the log", "internal"
        )

    @app.exception_handler(OperationalError)
    async def _database_down(_request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database unavailable: %s", exc.orig)
        return _error(
            503,
            "the database is unavailable; try again later",
            "unavailable",
            {"Retry-After": "30"},
        )


def _describe(exc: RequestValidationError) -> str:
    """One readable sentence per problem: `body.items[0].revision: Input should be ...`."""
    parts = []
    for error in exc.errors()[:10]:
        location = ""
        for piece in error.get("loc", ()):
            location += (
                f"[{piece}]"
                if isinstance(piece, int)
                else (f".{piece}" if location else str(piece))
            )
        message = error.get("msg", "invalid")
        if error.get("type") == "json_invalid":
            position = error.get("loc", ("body", 0))[-1]
            message = f"malformed JSON at character {position}: {error.get('ctx', {}).get('error', message)}"
            location = ""
        elif tuple(error.get("loc", ())) == ("body",):
            message += " (send a JSON object with Content-Type: application/json)"
        parts.append(f"{location}: {message}" if location else message)
    more = len(exc.errors()) - 10
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def serve_app() -> FastAPI:
    """Factory for uvicorn (each worker process): JSON logging, then the app."""
    settings = ServerSettings()
    keep_private(settings.data_dir)  # worker processes too
    logs.configure(settings)
    return create_app(settings)
