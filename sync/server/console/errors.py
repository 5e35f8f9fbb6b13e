"""Console pages for every refusal: sign-in needed, CSRF, role, not found, bad input, failure."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.server.errors import ServerError
from sync.wire import API_PREFIX

from .pages import render
from .security import CsrfRefused, PageError, Redirect, SignInRequired

log = logging.getLogger(__name__)
Handler = Callable[[Request, Exception], Awaitable[Response]]
TITLES = {
    401: "Perlu masuk",
    403: "Akses ditolak",
    404: "Tidak ditemukan",
    405: "Tidak diizinkan",
    413: "Terlalu besar",
    422: "Masukan tidak valid",
    500: "Terjadi kesalahan",
    503: "Layanan belum tersedia",
}
MESSAGES = {
    404: "Halaman atau laporan yang Anda cari tidak ada. Periksa alamatnya, atau kembali ke Beranda.",
    405: "Alamat ini tidak menerima cara permintaan tersebut.",
    413: "Data yang dikirim terlalu besar.",
    422: "Masukan tidak dapat digunakan.",
    500: "Terjadi kesalahan di server; tidak ada yang diubah. Administrator dapat melihat rinciannya di log.",
    503: "Basis data sedang tidak tersedia; coba lagi beberapa saat lagi.",
}


def error_page(request: Request, status: int, message: str | None = None, title: str | None = None) -> Response:
    return render(
        request,
        "error.html",
        {
            "title": title or TITLES.get(status, "Kesalahan"),
            "message": message or MESSAGES.get(status, "Permintaan tidak dapat diproses."),
            "status": status,
        },
        status=status,
    )


def login_page(request: Request, *, message: str, status: int) -> Response:
    from .login import login_form

    return login_form(request, message=message, status=status, next_url=_here(request))


def _here(request: Request) -> str:
    if request.method != "GET":
        return "/"
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX) or request.url.path.startswith("/docs") or (
        request.url.path == "/openapi.json"
    )


def install(app: FastAPI) -> None:
    """Console errors answer as pages; API paths keep their JSON handlers."""

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> Response:
        message = (
            "Sesi Anda telah berakhir. Silakan masuk lagi; tidak ada yang diubah."
            if exc.expired
            else "Silakan masuk dengan akun Anda untuk membuka konsol."
        )
        response = login_page(request, message=message, status=401)
        response.delete_cookie("pantau_sesi", path="/")
        return response

    @app.exception_handler(PageError)
    async def _page(request: Request, exc: PageError) -> Response:
        return error_page(request, exc.status, exc.message, exc.title)

    @app.exception_handler(CsrfRefused)
    async def _csrf(request: Request, exc: CsrfRefused) -> Response:
        return render(request, "csrf_error.html", {"title": "Formulir kedaluwarsa"}, status=403)

    @app.exception_handler(Redirect)
    async def _redirect(request: Request, exc: Redirect) -> Response:
        return RedirectResponse(exc.url, status_code=303)

    for kind in list(app.exception_handlers):
        if isinstance(kind, type) and kind not in OWN:
            _wrap(app, kind)


OWN = (SignInRequired, PageError, CsrfRefused, Redirect)


def _wrap(app: FastAPI, kind: type[Exception]) -> None:
    api_handler: Handler = app.exception_handlers[kind]

    async def handler(request: Request, exc: Exception) -> Response:
        if _is_api(request):
            return await api_handler(request, exc)
        if isinstance(exc, StarletteHTTPException):
            return error_page(request, exc.status_code)
        if isinstance(exc, RequestValidationError):
            return error_page(request, 422)
        if isinstance(exc, ServerError):
            return error_page(request, exc.status_code)
        if isinstance(exc, OperationalError):
            log.error("database unavailable: %s", exc.orig)
            return error_page(request, 503)
        log.exception("console page failed: %s", request.url.path)
        return error_page(request, 500)

    app.exception_handlers[kind] = handler
