"""`/admin/formulir`: upload a form version, check it and preview its fields, then publish it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from sync.forms import FormDef
from sync.server import admin, device_health
from sync.server.audit import console_actor
from sync.server.deps import SessionDep
from sync.server.errors import ServerError

from . import notices
from .pages import render
from .security import Admin

router = APIRouter()
PAGE = "/admin/formulir"
MAX_FORM_BYTES = 512 * 1024


def page(request: Request, db: SessionDep, *, message: str = "", error: str = "",
         form: FormDef | None = None, status: int = 200) -> Response:  # fmt: skip
    published = admin.list_published_forms(session=db)
    held = device_health.forms_held(session=db)
    holders = {
        (p.form_id, p.version): [(office, label) for office, label, forms in held
                                 if forms.get(p.form_id, 0) >= p.version]
        for p in published
    }  # fmt: skip
    return render(
        request,
        "admin_formulir.html",
        {"title": "Formulir", "published": published, "holders": holders, "held": held,
         "message": message, "error": error, "form": form},  # fmt: skip
        status=status,
    )


@router.get(PAGE)
def formulir(request: Request, db: SessionDep, user: Admin, selesai: str | None = None) -> Response:
    return page(request, db, message=notices.done(selesai))


async def _read(request: Request) -> tuple[bytes, str]:
    upload = (await request.form()).get("berkas")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return b"", ""
    return await upload.read(MAX_FORM_BYTES + 1), upload.filename


@router.post(PAGE + "/periksa")
async def periksa(request: Request, db: SessionDep, user: Admin) -> Response:
    """The validator's verdict: its errors, or a preview of the fields ready to publish."""
    data, name = await _read(request)
    if not name:
        return page(request, db, error="Pilih berkas formulir (JSON) lebih dulu.", status=422)
    if len(data) > MAX_FORM_BYTES:
        return page(request, db, error=f"Berkas {name} terlalu besar untuk sebuah formulir.", status=422)
    try:
        form = admin.check_form(session=db, definition=admin.read_form_file(data, name))
    except ServerError as exc:
        return page(request, db, error=notices.refused(exc), status=422)
    return page(request, db, form=form)


@router.post(PAGE + "/terbitkan")
def terbitkan(request: Request, db: SessionDep, user: Admin,
              definisi: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    try:
        definition: dict[str, Any] = admin.read_form_file(definisi.encode(), "yang diperiksa")
        admin.publish_form(session=db, definition=definition, actor=console_actor(user.username))
    except ServerError as exc:
        db.rollback()
        return page(request, db, error=notices.refused(exc), status=422)
    return RedirectResponse(f"{PAGE}?selesai=terbit", status_code=303)
