"""Who is signed in, what each role may do, and the one CSRF check of every state-changing form."""

from __future__ import annotations

import hmac
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request

from sync.server.deps import SessionDep, SettingsDep
from sync.server.sessions import COOKIE, SignedIn, resolve
from sync.server.tokens import utcnow
from sync.server.users import ROLES

from .nav import ADMINS, REVIEWERS

CSRF_FIELD = "csrf_token"
# Before sign-in there is no session: the login form's token is a cookie of its own.
ANON_CSRF_COOKIE = "pantau_csrf"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
ROLE_LABELS = {"admin": "administrator", "analyst": "analis", "viewer": "peninjau (hanya baca)"}


class SignInRequired(Exception):
    """No valid session: the login page answers (401), saying so if an old one expired."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("sign-in required")
        self.expired = expired


class PageError(Exception):
    """A page that cannot be shown, with its status and a sentence in Indonesian."""

    def __init__(self, status: int, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.title = title


class CsrfRefused(Exception):
    """The form's CSRF token is missing or not this browser's: nothing was changed."""


class Redirect(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def visitor(request: Request, db: SessionDep, settings: SettingsDep) -> SignedIn | None:
    """The signed-in person, or None; resolved once per request."""
    if not hasattr(request.state, "visitor"):
        request.state.visitor = resolve(
            session=db, token=request.cookies.get(COOKIE), now=utcnow(), idle=settings.console_idle
        )
        if request.state.visitor is not None:
            request.state.principal = f"user:{request.state.visitor.username}"
    return request.state.visitor


Visitor = Annotated[SignedIn | None, Depends(visitor)]


def _session_expired(request: Request) -> bool:
    return bool(request.cookies.get(COOKIE))


def signed_in(request: Request, user: Visitor) -> SignedIn:
    if user is None:
        raise SignInRequired(expired=_session_expired(request))
    return user


def require_role(*roles: str) -> Any:
    """A dependency: the signed-in user if their role is one of `roles`, else a 403 page."""

    def check(user: Annotated[SignedIn, Depends(signed_in)]) -> SignedIn:
        if user.role not in roles:
            raise PageError(
                403,
                "Halaman atau tindakan ini hanya untuk "
                + " atau ".join(ROLE_LABELS[r] for r in roles)
                + f". Anda masuk sebagai {ROLE_LABELS.get(user.role, user.role)}; tidak ada yang diubah.",
                title="Akses ditolak",
            )
        return user

    return Depends(check)


Reader = Annotated[SignedIn, require_role(*ROLES)]
Reviewer = Annotated[SignedIn, require_role(*REVIEWERS)]
Admin = Annotated[SignedIn, require_role(*ADMINS)]


def csrf_token_for(request: Request) -> str | None:
    """The token this browser's forms must carry: the session's, else the sign-in cookie's."""
    user = getattr(request.state, "visitor", None)
    return user.csrf_token if user is not None else request.cookies.get(ANON_CSRF_COOKIE)


async def guard(request: Request, user: Visitor) -> None:
    """Router-wide: old `?token=` links drop the token; every POST passes the CSRF check."""
    if request.method in SAFE_METHODS:
        if "token" in request.query_params:
            kept = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            raise Redirect(request.url.path + (f"?{urlencode(kept)}" if kept else ""))
        return
    if user is None and _session_expired(request) and request.url.path != "/login":
        raise SignInRequired(expired=True)
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    expected = csrf_token_for(request)
    if not isinstance(sent, str) or not expected or not hmac.compare_digest(
        sent.encode(), expected.encode()
    ):
        raise CsrfRefused()
