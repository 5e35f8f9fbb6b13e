"""Rendering: the Jinja2 environment (autoescape on), its filters, and one `render` for every page."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from sync.forms.display import format_wit, number

from . import nav
from .listing import COUNT_CAP
from .security import ANON_CSRF_COOKIE, CSRF_FIELD, ROLE_LABELS, csrf_token_for

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
# Everything the page loads comes from Pantau itself; no inline script, no framing.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def tanggal(value: date | datetime | None) -> str:
    """dd/mm/yyyy; a moment is shown on its WIT day."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return format_wit(value)[:10]
    return value.strftime("%d/%m/%Y")


def wit(value: datetime | None) -> str:
    return format_wit(value) if value is not None else "—"


def lama(value: timedelta) -> str:
    """How long something has waited, as people say it: '2 hari 3 jam', '45 menit'."""
    minutes = max(0, int(value.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} hari {hours} jam" if hours else f"{days} hari"
    if hours:
        return f"{hours} jam {minutes} menit" if minutes else f"{hours} jam"
    return f"{minutes} menit"


def angka(value: int | None) -> str:
    return number(value or 0)


def banyak(value: int, cap: int = COUNT_CAP) -> str:
    """A count from `listing.count_matches`: beyond the cap it reads "10.000+"."""
    return f"{number(cap)}+" if value > cap else number(value)


templates = Jinja2Templates(directory=TEMPLATES)
# The templates ship with the program: no need to look at each file's time on every include.
templates.env.auto_reload = False
templates.env.filters.update(tanggal=tanggal, wit=wit, lama=lama, angka=angka, banyak=banyak)
templates.env.globals.update(role_labels=ROLE_LABELS, csrf_field=CSRF_FIELD)


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """The page `name` with the frame's context: user, navigation, CSRF token."""
    user = getattr(request.state, "visitor", None)
    token = csrf_token_for(request)
    new_anonymous = token is None
    if new_anonymous:
        token = secrets.token_urlsafe(32)
    response = templates.TemplateResponse(
        request,
        name,
        {
            "user": user,
            "nav": nav.visible(user),
            "nav_current": nav.current(request.url.path),
            "csrf_token": token,
            **context,
        },
        status_code=status,
        headers=SECURITY_HEADERS,
    )
    if new_anonymous:
        set_cookie(request, response, ANON_CSRF_COOKIE, token)
    return response


def set_cookie(request: Request, response: Any, name: str, value: str) -> None:
    """HttpOnly, SameSite=Strict, and Secure when the browser came over TLS (via the proxy)."""
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
