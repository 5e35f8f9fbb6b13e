"""Sign-in and sign-out; the old `/view` page now leads to the console."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from sync.server import login_throttle, sessions, users
from sync.server.deps import SessionDep, SettingsDep
from sync.server.tokens import utcnow

from .pages import render, set_cookie
from .security import Visitor

log = logging.getLogger(__name__)
router = APIRouter()
WRONG = "Nama pengguna atau kata sandi salah."
DISABLED = "Akun ini telah dinonaktifkan. Hubungi administrator Bakesbangpol Provinsi Maluku."


def _safe_next(value: object) -> str:
    """Only a path on this server: never `//elsewhere` or `https://…` (open redirect)."""
    if isinstance(value, str) and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value[:2000]
    return "/"


def login_form(
    request: Request, *, message: str = "", status: int = 200, next_url: str = "/", username: str = ""
) -> Response:
    return render(
        request,
        "login.html",
        {"title": "Masuk", "message": message, "next_url": _safe_next(next_url), "username": username},
        status=status,
    )


@router.get("/login")
def login_page(request: Request, user: Visitor, lanjut: str = "/") -> Response:
    if user is not None:
        return RedirectResponse(_safe_next(lanjut), status_code=303)
    return login_form(request, next_url=lanjut)


@router.post("/login")
async def sign_in(request: Request, db: SessionDep, settings: SettingsDep) -> Response:
    form = await request.form()
    username = str(form.get("username") or "").strip()[:64]
    password = str(form.get("password") or "")
    next_url = _safe_next(form.get("lanjut"))
    address = request.client.host if request.client else "?"
    name = users.normalise_username(username)
    now = utcnow()
    wait = login_throttle.wait_minutes(
        session=db,
        username=name,
        address=address,
        now=now,
        window=settings.login_window,
        per_account=settings.login_failures_per_account,
        per_address=settings.login_failures_per_address,
    )
    if wait:
        log.warning("sign-in throttled user=%r address=%s", name, address)
        return login_form(
            request,
            message=f"Terlalu banyak percobaan masuk yang gagal. Demi keamanan, coba lagi dalam {wait} menit.",
            status=429,
            next_url=next_url,
            username=username,
        )
    if not name or not password:
        return login_form(
            request, message="Isi nama pengguna dan kata sandi.", status=422, next_url=next_url, username=username
        )
    account = users.check_credentials(session=db, username=name, password=password)
    if account is None:
        login_throttle.record_failure(session=db, username=name, address=address, now=now)
        log.warning("sign-in failed user=%r address=%s", name, address)
        return login_form(request, message=WRONG, status=401, next_url=next_url, username=username)
    if account.disabled_at is not None:
        return login_form(request, message=DISABLED, status=403, next_url=next_url, username=username)
    token = sessions.open_session(session=db, user=account, now=now)
    login_throttle.forget(session=db, username=name, now=now, window=settings.login_window)
    log.info("signed in user=%s address=%s", name, address)
    response = RedirectResponse(next_url, status_code=303)
    set_cookie(request, response, sessions.COOKIE, token)
    return response


@router.post("/keluar")
def sign_out(request: Request, db: SessionDep) -> Response:
    sessions.close_session(session=db, token=request.cookies.get(sessions.COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(sessions.COOKIE, path="/")
    return response


@router.get("/view")
def old_view() -> Response:
    """The token page is gone: bookmarks and old links land in the console."""
    return RedirectResponse("/", status_code=303)
