"""`/admin/akun`: console accounts — add, change role, reset password, disable (the CLI's rules)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from sync.server import passwords, users
from sync.server.audit import console_actor
from sync.server.deps import SessionDep
from sync.server.errors import ServerError
from sync.server.schemas import UserIssued

from . import notices
from .pages import render
from .security import Admin

router = APIRouter()
PAGE = "/admin/akun"


def page(request: Request, db: SessionDep, *, message: str = "", error: str = "",
         issued: UserIssued | None = None, status: int = 200) -> Response:  # fmt: skip
    return render(
        request,
        "admin_akun.html",
        {"title": "Akun", "accounts": users.list_users(session=db), "roles": users.ROLES,
         "message": message, "error": error, "issued": issued},  # fmt: skip
        status=status,
    )


@router.get(PAGE)
def akun(request: Request, db: SessionDep, user: Admin, selesai: str | None = None) -> Response:
    return page(request, db, message=notices.done(selesai))


def _refused(request: Request, db: SessionDep, exc: ServerError) -> Response:
    db.rollback()
    return page(request, db, error=notices.refused(exc), status=422)


@router.post(PAGE + "/tambah")
def tambah(
    request: Request,
    db: SessionDep,
    user: Admin,
    nama: Annotated[str, Form()] = "",
    peran: Annotated[str, Form()] = "",
) -> Response:
    """A new account with a generated password, shown once."""
    try:
        issued = users.add_user(
            session=db, username=nama, role=peran, password=None, actor=console_actor(user.username)
        )
    except ServerError as exc:
        return _refused(request, db, exc)
    return page(request, db, message=notices.done("akun"), issued=issued)


@router.post(PAGE + "/{username}/sandi")
def sandi(request: Request, db: SessionDep, user: Admin, username: str) -> Response:
    """A new generated password, shown once; the account's sessions end."""
    password = passwords.generate_password()
    try:
        account = users.set_password(
            session=db, username=username, password=password, actor=console_actor(user.username)
        )
    except ServerError as exc:
        return _refused(request, db, exc)
    return page(request, db, message="Kata sandi baru telah dibuat; sesi akun itu berakhir.",
                issued=UserIssued(user=account, password=password))  # fmt: skip


@router.post(PAGE + "/{username}/peran")
def peran(
    request: Request, db: SessionDep, user: Admin, username: str, peran: Annotated[str, Form()] = ""
) -> Response:
    try:
        users.set_role(session=db, username=username, role=peran, actor=console_actor(user.username))
    except ServerError as exc:
        return _refused(request, db, exc)
    return RedirectResponse(f"{PAGE}?selesai=peran", status_code=303)


@router.post(PAGE + "/{username}/nonaktif")
def nonaktif(request: Request, db: SessionDep, user: Admin, username: str) -> Response:
    try:
        users.disable_user(session=db, username=username, actor=console_actor(user.username))
    except ServerError as exc:
        return _refused(request, db, exc)
    return RedirectResponse(f"{PAGE}?selesai=nonaktif", status_code=303)
