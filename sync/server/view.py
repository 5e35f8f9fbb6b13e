"""The read-only provincial view: one server-rendered page of incoming reports by regency."""

from __future__ import annotations

from html import escape
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Cookie, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sync.forms import WIT
from sync.server import admin, reports
from sync.server.auth import authenticate
from sync.server.deps import LAST_SEEN_GRANULARITY, SessionDep
from sync.server.errors import NotAuthenticated
from sync.server.schemas import OfficeInfo
from sync.server.tokens import utcnow
from sync.wire import ReportSummary

router = APIRouter(include_in_schema=False)
COOKIE = "pantau_analyst"
PER_OFFICE = 100
REVIEW_LABELS = {
    None: "belum ditinjau",
    "verified": "terverifikasi",
    "needs_revision": "perlu perbaikan",
}

_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.4rem} h2{font-size:1.1rem;margin-top:1.5rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%} td,th{padding:.25rem .5rem;text-align:left;border-bottom:1px solid #eee}
tr.urgent td{background:#fde8e8} .tag{font-size:.8rem;padding:0 .3rem;border-radius:3px;background:#eee}
tr.urgent .tag{background:#c0392b;color:#fff} .muted{color:#777}
"""


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (
        f'<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body>{body}</body></html>"
    )
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def _login(message: str = "", status: int = 200) -> HTMLResponse:
    note = f'<p class="muted">{escape(message)}</p>' if message else ""
    return _page(
        "Pantau — masuk",
        "<h1>Pantau — Bakesbangpol Provinsi Maluku</h1>"
        f"{note}<form method=post action=/view/login>"
        "<label>Token analis <input type=password name=token autocomplete=off size=48></label> "
        "<button>Masuk</button></form>",
        status,
    )


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/view", status_code=303)


@router.post("/view/login")
async def login(request: Request) -> Response:
    """Checks the analyst token once and keeps it in an HttpOnly cookie."""
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    token = (form.get("token") or [""])[0].strip()
    response = RedirectResponse("/view", status_code=303)
    secure = request.url.scheme == "https"  # behind the TLS proxy (X-Forwarded-Proto)
    response.set_cookie(
        COOKIE, token, httponly=True, secure=secure, samesite="strict", max_age=12 * 3600
    )
    return response


@router.get("/view")
def provincial_view(
    request: Request,
    session: SessionDep,
    token: Annotated[str | None, Query(max_length=256)] = None,
    cookie_token: Annotated[str | None, Cookie(alias=COOKIE, max_length=256)] = None,
) -> HTMLResponse:
    """Incoming reports grouped by regency, urgent first then newest (analyst token)."""
    secret = token or cookie_token
    if not secret:
        return _login()
    try:
        principal = authenticate(
            session=session, token=secret, now=utcnow(), touch_after=LAST_SEEN_GRANULARITY
        )
    except NotAuthenticated as exc:
        return _login(f"Token ditolak: {exc.message}", status=401)
    if principal.kind != "analyst":
        return _login(
            "Halaman ini untuk analis provinsi; token perangkat kantor tidak berlaku.", status=403
        )
    offices = admin.list_offices(session=session)
    grouped = reports.grouped_for_view(session=session, per_office=PER_OFFICE)
    registry = request.app.state.catalogue.registry(session=session)
    titles = {form.id: form.title("id") for form in registry.forms()}
    sections = [_office_section(office, grouped.get(office.code, []), titles) for office in offices]
    total = sum(office.reports for office in offices)
    return _page(
        "Pantau — laporan masuk",
        f"<h1>Laporan masuk — Provinsi Maluku</h1><p class=muted>{total} laporan. "
        "Mendesak di atas, lalu yang terbaru.</p>" + "".join(sections),
    )


def _office_section(office: OfficeInfo, items: list[ReportSummary], titles: dict[str, str]) -> str:
    head = (
        f"<h2>{escape(office.name)} <span class=muted>({escape(office.code)}) — "
        f"{office.reports} laporan, {office.backlog} belum ditinjau</span></h2>"
    )
    if not items:
        return head + "<p class=muted>Belum ada laporan.</p>"
    rows = "".join(_row(item, titles) for item in items)
    return (
        head + "<table><tr><th>Diterima</th><th>Jenis</th><th>Judul</th><th>Revisi</th>"
        f"<th>Tinjauan</th></tr>{rows}</table>"
    )


def _row(item: ReportSummary, titles: dict[str, str]) -> str:
    received = item.received_at.astimezone(WIT).strftime("%d/%m/%Y %H:%M")
    urgent = '<span class="tag">MENDESAK</span> ' if item.urgent else ""
    withdrawn = " (ditarik)" if item.status == "withdrawn" else ""
    return (
        f'<tr class="{"urgent" if item.urgent else ""}"><td>{received} WIT</td>'
        f"<td>{urgent}{escape(titles.get(item.form_id, item.form_id))}</td>"
        f"<td>{escape(item.title)}</td><td>rev. {item.latest_revision}{withdrawn}</td>"
        f"<td>{REVIEW_LABELS[item.review]}</td></tr>"
    )
