"""`/admin/perangkat`: office PCs — enrol with a printable slip, revoke with a reason, re-label."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from sync.server import admin
from sync.server.audit import console_actor
from sync.server.deps import SessionDep, SettingsDep
from sync.server.errors import ServerError

from . import notices
from .pages import render
from .security import Admin

router = APIRouter()
PAGE = "/admin/perangkat"


def page(request: Request, db: SessionDep, *, message: str = "", error: str = "", status: int = 200) -> Response:
    devices: dict[str, list] = {}
    for device in admin.list_devices(session=db):
        devices.setdefault(device.office, []).append(device)
    return render(
        request,
        "admin_perangkat.html",
        {
            "title": "Perangkat",
            "offices": admin.list_offices(session=db),
            "devices": devices,
            "message": message,
            "error": error,
        },
        status=status,
    )


@router.get(PAGE)
def perangkat(request: Request, db: SessionDep, user: Admin, selesai: str | None = None) -> Response:
    return page(request, db, message=notices.done(selesai))


@router.post(PAGE + "/daftar")
def daftar(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    user: Admin,
    kantor: Annotated[str, Form()] = "",
    label: Annotated[str, Form()] = "",
) -> Response:
    """A new enrolment code, shown once on a printable slip."""
    try:
        issued = admin.issue_enrolment_code(
            session=db,
            office=kantor,
            label=label,
            ttl=settings.enrolment_code_ttl,
            actor=console_actor(user.username),
        )
    except ServerError as exc:
        db.rollback()
        return page(request, db, error=notices.refused(exc), status=422)
    offices = {o.code: o.name for o in admin.list_offices(session=db)}
    return render(
        request,
        "slip_pendaftaran.html",
        {
            "title": "Slip pendaftaran",
            "issued": issued,
            "office_name": offices.get(issued.office, issued.office),
            "server_url": str(request.base_url).rstrip("/"),
        },
    )


def _act(request: Request, db: SessionDep, done: str, action) -> Response:  # noqa: ANN001
    try:
        action()
    except ServerError as exc:
        db.rollback()
        return page(request, db, error=notices.refused(exc), status=422)
    return RedirectResponse(f"{PAGE}?selesai={done}", status_code=303)


@router.post(PAGE + "/{device_id}/cabut")
def cabut(
    request: Request,
    db: SessionDep,
    user: Admin,
    device_id: UUID,
    alasan: Annotated[str, Form()] = "",
) -> Response:
    return _act(request, db, "dicabut", lambda: admin.revoke_device(
        session=db, device_id=device_id, actor=console_actor(user.username), reason=alasan))  # fmt: skip


@router.post(PAGE + "/{device_id}/label")
def ubah_label(
    request: Request,
    db: SessionDep,
    user: Admin,
    device_id: UUID,
    label: Annotated[str, Form()] = "",
) -> Response:
    return _act(request, db, "label", lambda: admin.relabel_device(
        session=db, device_id=device_id, label=label, actor=console_actor(user.username)))  # fmt: skip
