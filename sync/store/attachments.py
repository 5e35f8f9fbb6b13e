"""Attachments: files stored once under `attachments/ab/abcdef…` beside the database, linked to revisions.

Files can be added to or removed from an open draft only: a new report's draft, or the
draft of an amendment (`reports.start_amendment`), which starts with the files of the last
submitted revision. Frozen revisions keep their files for ever.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from sqlmodel import Session, select

from sync import fileio
from sync.forms import FieldError, FormDef
from sync.store.db import Store
from sync.store.errors import InvalidTransition, StoreError
from sync.store.models import Attachment, Report, RevisionAttachment
from sync.store.schemas import AttachmentInfo
from sync.store.units import load_report, writing

if TYPE_CHECKING:
    from collections.abc import Iterator

logger = logging.getLogger(__name__)

_CHUNK = 1 << 20


def attachment_path(store: Store, sha256: str) -> Path:
    """Where the file with this SHA-256 lives (whether or not it is there)."""
    return store.attachments_dir / sha256[:2] / sha256


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _store_file(store: Store, source: Path) -> tuple[str, int]:
    """Copy `source` into the content-addressed folder (once); returns (sha256, size)."""
    digest = hashlib.sha256()
    store.attachments_dir.mkdir(exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=store.attachments_dir, prefix=".incoming-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        target = attachment_path(store, sha)
        if target.exists():
            fileio.unlink(tmp)
        else:
            target.parent.mkdir(exist_ok=True)
            fileio.replace(tmp, target)
            logger.info("stored attachment %s (%d bytes)", sha, target.stat().st_size)
        return sha, target.stat().st_size
    except BaseException:
        fileio.unlink(tmp)
        raise


def _draft_of(report: Report) -> int:
    if report.draft_revision is None:
        raise InvalidTransition(
            f"report {report.id} has no open draft; start an amendment to change its files",
            message_id="Lampiran hanya dapat diubah pada draf atau perubahan laporan.",
        )
    return report.draft_revision


def add_attachment(
    *,
    store: Store,
    session: Session,
    report_id: UUID,
    source: Path,
    filename: str | None = None,
    mime: str | None = None,
) -> AttachmentInfo:
    """Attach a copy of `source` to the report's open draft; the same file is stored only once."""
    source = Path(source)
    if not source.is_file():
        raise StoreError(
            f"attachment {source} is not a readable file",
            message_id="Berkas lampiran tidak ditemukan.",
        )
    if source.stat().st_size == 0:  # an empty file is a failed copy or download, never a document
        raise StoreError(
            f"attachment {source} is empty (0 bytes)",
            message_id="Berkas lampiran kosong (0 byte); pilih berkas yang benar.",
        )
    name = filename or source.name
    kind = mime or mimetypes.guess_type(name)[0] or "application/octet-stream"
    try:
        sha, size = _store_file(store, source)
    except PermissionError as exc:
        raise StoreError(
            f"attachment {source} cannot be read: {exc.strerror}",
            message_id="Berkas lampiran tidak dapat dibaca (tidak ada izin membaca).",
        ) from exc
    with writing(session):
        report = load_report(session, report_id)
        revision = _draft_of(report)
        if session.get(Attachment, sha) is None:
            session.add(Attachment(sha256=sha, size=size, mime=kind))
        if session.get(RevisionAttachment, (report_id, revision, sha)) is None:
            session.add(
                RevisionAttachment(
                    report_id=report_id, revision=revision, sha256=sha, filename=name, mime=kind
                )
            )
    return AttachmentInfo(sha, name, kind, size)


def remove_attachment(*, session: Session, report_id: UUID, sha256: str) -> None:
    """Take a file off the report's open draft (the file stays if other revisions use it)."""
    with writing(session):
        report = load_report(session, report_id)
        link = session.get(RevisionAttachment, (report_id, _draft_of(report), sha256))
        if link is not None:
            session.delete(link)


def referenced_files(form: FormDef, data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(sha256, field path) of every file named in the form's attachments fields, groups included."""
    for field in form.fields:
        value = data.get(field.id)
        if not isinstance(value, list):
            continue
        if field.type == "attachments":
            for i, sha in enumerate(value):
                yield sha, f"{field.id}[{i}]"
        elif field.type == "group":
            for j, item in enumerate(value):
                if not isinstance(item, dict):
                    continue
                for sub in field.fields:
                    files = item.get(sub.id)
                    if sub.type == "attachments" and isinstance(files, list):
                        for i, sha in enumerate(files):
                            yield sha, f"{field.id}[{j}].{sub.id}[{i}]"


def missing_links(
    session: Session, *, report_id: UUID, revision: int, form: FormDef, data: dict[str, Any]
) -> tuple[list[FieldError], list[dict[str, Any]]]:
    """Files the revision's data names: errors for those this PC lacks, and rows to link the others.

    Rows are `revision_attachment` rows for files not linked to the revision yet.
    """
    errors: list[FieldError] = []
    rows: dict[str, dict[str, Any]] = {}
    for sha, path in referenced_files(form, data):
        if not isinstance(sha, str) or sha in rows:
            continue  # the validator reports a wrong type; a file named twice is linked once
        stored = session.get(Attachment, sha)
        if stored is None:
            errors.append(
                FieldError(
                    field=path,
                    code="attachment_missing",
                    message_id="Berkas lampiran belum disimpan di komputer ini",
                    message_en="the attached file is not stored on this PC",
                )
            )
        elif session.get(RevisionAttachment, (report_id, revision, sha)) is None:
            known = session.exec(
                select(RevisionAttachment.filename).where(RevisionAttachment.sha256 == sha).limit(1)
            ).first()
            rows[sha] = {
                "report_id": report_id,
                "revision": revision,
                "sha256": sha,
                "filename": known or sha,
                "mime": stored.mime,
            }
    return errors, list(rows.values())


def copy_links(session: Session, *, report_id: UUID, source: int, target: int) -> None:
    """Give revision `target` the same files as revision `source`."""
    for link in session.exec(
        select(RevisionAttachment).where(
            RevisionAttachment.report_id == report_id, RevisionAttachment.revision == source
        )
    ).all():
        session.add(
            RevisionAttachment(
                report_id=report_id,
                revision=target,
                sha256=link.sha256,
                filename=link.filename,
                mime=link.mime,
            )
        )
