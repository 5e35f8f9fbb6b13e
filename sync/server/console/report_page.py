"""`/laporan/{id}` Rincian: the report, its files and history; the review form; next to review."""

from __future__ import annotations

import re
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from sync.server import reports
from sync.server.audit import console_actor
from sync.server.deps import SessionDep, SettingsDep
from sync.server.errors import NotFound
from sync.server.tokens import utcnow

from . import detail, thumbnails
from .labels import DECISIONS, labels_for
from .pages import SECURITY_HEADERS, render
from .security import PageError, Reader, Reviewer

router = APIRouter()
COMMENT_MAX = 5000
SHA256 = re.compile(r"^[0-9a-f]{64}$")
MISSING = "Laporan ini tidak ada. Mungkin alamatnya salah ketik; cari di Daftar laporan."
NOTICES = {
    "terverifikasi": "Tinjauan disimpan: laporan terverifikasi. Kantor menerimanya pada sinkronisasi berikutnya.",
    "perlu_perbaikan": "Tinjauan disimpan: laporan perlu perbaikan. Kantor menerima komentar Anda pada sinkronisasi berikutnya.",
}


def _report_id(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise PageError(404, MISSING, title="Laporan tidak ditemukan") from None


@router.get("/laporan/berikutnya")
def next_report(db: SessionDep, user: Reader, sesudah: str = "") -> Response:
    """The next report waiting for review (skipping `sesudah`), or the list when none is left."""
    after = None
    if sesudah:
        after = _report_id(sesudah)
    found = detail.next_to_review(session=db, after=after)
    return RedirectResponse(f"/laporan/{found}" if found else "/laporan?tinjauan=belum", status_code=303)


@router.get("/laporan/{report_id}")
def report_detail(request: Request, report_id: str, db: SessionDep, user: Reader, ditinjau: str = "") -> Response:
    registry = request.app.state.catalogue.registry(session=db)
    view = detail.load(session=db, report_id=_report_id(report_id), registry=registry)
    if view is None:
        raise PageError(404, MISSING, title="Laporan tidak ditemukan")
    return render(
        request,
        "rincian.html",
        {
            "title": view.report.title,
            "view": view,
            "r": view.report,
            "labels": labels_for(registry),
            "next_id": detail.next_to_review(session=db, after=view.report.id),
            "can_review": user.role in ("analyst", "admin"),
            "notice": NOTICES.get(ditinjau, ""),
        },
    )


@router.post("/laporan/{report_id}/tinjau")
async def review(request: Request, report_id: str, db: SessionDep, user: Reviewer) -> Response:
    form = await request.form()
    decision = str(form.get("keputusan") or "")
    comment = str(form.get("komentar") or "").strip()
    target = _report_id(report_id)
    if decision not in DECISIONS:
        raise PageError(422, "Pilih keputusan: Terverifikasi atau Perlu perbaikan. Tidak ada yang diubah.", title="Tinjauan tidak lengkap")
    if decision == "perlu_perbaikan" and not comment:
        raise PageError(
            422,
            "Untuk “Perlu perbaikan”, tulis komentar yang menjelaskan apa yang harus diperbaiki kantor. Tidak ada yang diubah.",
            title="Komentar wajib diisi",
        )
    if len(comment) > COMMENT_MAX:
        raise PageError(422, f"Komentar terlalu panjang (paling banyak {COMMENT_MAX} karakter). Tidak ada yang diubah.", title="Komentar terlalu panjang")
    try:
        reports.review_report(
            session=db,
            report_id=target,
            decision=DECISIONS[decision],  # type: ignore[arg-type]
            comment=comment,
            now=utcnow(),
            user_id=user.user_id,
            actor=console_actor(user.username),
        )
    except NotFound:
        raise PageError(404, MISSING, title="Laporan tidak ditemukan") from None
    return RedirectResponse(f"/laporan/{target}?ditinjau={decision}", status_code=303)


def _file(db: SessionDep, report_id: str, sha256: str) -> tuple[str, detail.FileRef]:
    found = None
    if SHA256.match(sha256):
        found = detail.has_file(session=db, report_id=_report_id(report_id), sha256=sha256)
    if found is None:
        raise PageError(404, "Berkas ini tidak ada pada laporan tersebut.", title="Berkas tidak ditemukan")
    return found


@router.get("/laporan/{report_id}/berkas/{sha256}")
def download(request: Request, report_id: str, sha256: str, db: SessionDep, user: Reader) -> Response:
    office, ref = _file(db, report_id, sha256)
    path = request.app.state.attachments.path(office, sha256)
    if not path.exists():
        raise PageError(404, "Berkas ini belum lengkap diterima server.", title="Berkas belum ada")
    # Always a download: an uploaded HTML or SVG file must never run in the console's origin.
    return FileResponse(
        path,
        media_type="application/octet-stream",
        filename=ref.filename,
        headers={**SECURITY_HEADERS, "Content-Security-Policy": "sandbox"},
    )


@router.get("/laporan/{report_id}/berkas/{sha256}/kecil")
def thumbnail(request: Request, report_id: str, sha256: str, db: SessionDep, settings: SettingsDep, user: Reader) -> Response:
    office, ref = _file(db, report_id, sha256)
    source = request.app.state.attachments.path(office, sha256)
    if not ref.is_image or not source.exists():
        raise PageError(404, "Tidak ada gambar kecil untuk berkas ini.", title="Gambar tidak ada")
    try:
        small = thumbnails.thumbnail(source, settings.thumbnails_dir, sha256)
    except thumbnails.NotAnImage:
        raise PageError(422, "Berkas ini tidak dapat dibaca sebagai gambar.", title="Bukan gambar") from None
    return FileResponse(small, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=86400"})
