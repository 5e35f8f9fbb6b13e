"""`/bundel`: an office's flash-drive bundle uploaded by an analyst or admin, its results, its receipt."""

from __future__ import annotations

import logging
import re
import secrets
from pathlib import Path
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from sync import fileio
from sync.bundle.province import ImportOutcome, import_bundle
from sync.bundle.seal import SealError
from sync.regions import Regions
from sync.server.audit import console_actor
from sync.server.deps import SessionDep, SettingsDep
from sync.server.models import Report
from sync.server.settings import ServerSettings
from sync.server.tokens import utcnow

from .nav import REVIEWERS
from .pages import render
from .security import PageError, Reviewer

log = logging.getLogger(__name__)
router = APIRouter()
PAGE = "/bundel"
UPLOADS = {PAGE: REVIEWERS}  # the body guard lets these roles send a bundle this large here
RECEIPTS = "receipts"
RECEIPT_KEEP_S = 90 * 24 * 3600.0  # kept for download this long; uploading the bundle again makes a new one
RECEIPT_NAME = re.compile(r"^tanda-terima-(\d\d\.\d\d)-bundel-(\d+)-([A-Za-z0-9_-]{16,64})\.pantau$")
STATUS_LABELS = {
    "accepted": "diterima",
    "duplicate": "sudah ada",
    "conflict": "konflik",
    "rejected": "ditolak",
}
NOTHING_STORED = " Tidak ada yang disimpan."
TITLE_BATCH = 500  # ids per query when the results' titles are looked up


def page(request: Request, *, error: str = "", status: int = 200, **context: object) -> Response:
    return render(
        request,
        "bundel.html",
        {"title": "Bundel flashdisk", "error": error, "status_labels": STATUS_LABELS, **context},
        status=status,
    )


@router.get(PAGE)
def bundel(request: Request, user: Reviewer) -> Response:
    return page(request)


@router.post(PAGE)
async def unggah(request: Request, db: SessionDep, settings: SettingsDep, user: Reviewer) -> Response:
    """Open, check and store the bundle (all or nothing), keep its receipt, show what came of it."""
    upload = (await request.form()).get("berkas")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return page(request, error="Pilih berkas bundel (.pantau) dari flashdisk lebih dulu.", status=422)
    data = await upload.read()
    try:
        outcome = await run_in_threadpool(
            import_bundle, session=db, settings=settings, data=data, now=utcnow(),
            actor=console_actor(user.username),
        )
    except SealError as exc:
        db.rollback()
        log.warning("bundle %r refused in the console (%s): %s", upload.filename, user.username, exc.message)
        return page(request, error=exc.message_id + NOTHING_STORED, status=422)
    name = _keep_receipt(settings, outcome)
    return page(
        request,
        outcome=outcome,
        counts=outcome.counts(),
        office_name=Regions.load().name(outcome.office) or outcome.office,
        receipt=name,
        filename=upload.filename,
        titles=_titles(db, [r.id for r in outcome.results]),
    )


def _titles(db: Session, ids: list[UUID]) -> dict[UUID, str]:
    """The titles the server holds for these reports (a refused first revision has none)."""
    found: dict[UUID, str] = {}
    for start in range(0, len(ids), TITLE_BATCH):
        batch = ids[start : start + TITLE_BATCH]
        found.update(db.exec(select(Report.id, Report.title).where(Report.id.in_(batch))).all())
    return found


def _keep_receipt(settings: ServerSettings, outcome: ImportOutcome) -> str:
    """The receipt under a name nobody can guess, named for the office and bundle it answers;
    receipts older than 90 days go (a receipt being downloaded right now stays until next time)."""
    name = f"tanda-terima-{outcome.office}-bundel-{outcome.number}-{secrets.token_urlsafe(16)}.pantau"
    folder = _folder(settings)
    fileio.write_bytes(folder / name, outcome.receipt)
    fileio.remove_leftovers(folder, "tanda-terima-*.pantau", older_than=RECEIPT_KEEP_S)
    return name


def _folder(settings: ServerSettings) -> Path:
    folder = settings.data_dir / RECEIPTS
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@router.get(PAGE + "/tanda-terima/{name}")
def tanda_terima(name: str, settings: SettingsDep, user: Reviewer) -> Response:
    found = RECEIPT_NAME.match(name)
    path = _folder(settings) / name
    if found is None or not path.is_file():
        raise PageError(404, "Tanda terima ini tidak ada. Unggah bundelnya lagi untuk membuat yang baru; "
                             "tidak ada yang disimpan dua kali.", title="Tidak ditemukan")  # fmt: skip
    office, number, _token = found.groups()
    return FileResponse(
        path,
        media_type="application/octet-stream",
        filename=f"tanda-terima-{office}-bundel-{number}.pantau",
    )
