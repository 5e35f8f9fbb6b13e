"""Attachments: files stored once under `attachments/ab/abcdef…` beside the database, linked to revisions.

The files are encrypted (`filecrypt`) with a key derived from the store key and still named
by the SHA-256 of their plaintext, so deduplication and the sync protocol do not change.
Everything that reads one (the uploader, the bundle, check, the desktop's previews and
printing) reads the plaintext through `read_attachment`.

Files can be added to or removed from an open draft only: a new report's draft, or the
draft of an amendment (`reports.start_amendment`), which starts with the files of the last
submitted revision. Frozen revisions keep their files for ever.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import mimetypes
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO
from uuid import UUID

from sqlmodel import Session, select

from sync import fileio
from sync.forms import FieldError, FormDef
from sync.store import filecrypt, keys
from sync.store.db import Store
from sync.store.errors import InvalidTransition, StoreError
from sync.store.models import Attachment, Report, RevisionAttachment
from sync.store.schemas import AttachmentInfo
from sync.store.units import load_report, writing

logger = logging.getLogger(__name__)

_CHUNK = 1 << 20


def attachment_path(store: Store, sha256: str) -> Path:
    """Where the file with this SHA-256 lives (whether or not it is there)."""
    return store.attachments_dir / sha256[:2] / sha256


ORIGINALS_DIR = "originals"  # full-size photos of which a reduced copy was attached
ENCRYPTED_MARK = ".encrypted"  # in the attachments folder: every file there is encrypted


def file_sha256(path: Path) -> str:
    """The SHA-256 of a plain file (one to attach)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def files_key(store_key: bytes) -> bytes:
    """The key of the attachment files, derived from the store key (a rotation re-encrypts them)."""
    return hashlib.blake2b(store_key, digest_size=32, person=b"pantau-attachm").digest()


def _keys_of(store: Store) -> Iterator[bytes]:
    """The files key, then those of retired store keys (a rotation cut short left files under one)."""
    yield files_key(store.key)
    yield from (files_key(k) for k in keys.retired_keys(store.data_dir, store.key))


def read_attachment(store: Store, sha256: str, offset: int = 0, size: int | None = None) -> bytes:
    """The plaintext of the stored file `sha256` (`size` bytes from `offset`; all when None).

    Raises `FileNotFoundError` when it is not stored, `filecrypt.FileDamaged` when it does
    not decrypt (damaged, or encrypted with a key this store no longer knows).
    """
    path = attachment_path(store, sha256)
    for key in _keys_of(store):
        with contextlib.suppress(filecrypt.FileDamaged):
            return filecrypt.read_range(path, key, offset, size)
    raise filecrypt.FileDamaged(f"attachment {sha256} does not decrypt with this store's key")


def attachment_size(store: Store, sha256: str) -> int | None:
    """The plaintext size of the stored file `sha256`, None when it is not stored."""
    path = attachment_path(store, sha256)
    return filecrypt.plaintext_size(path) if path.is_file() else None


def stored_sha256(store: Store, sha256: str) -> str | None:
    """The SHA-256 of the stored file's plaintext (None: missing or not decryptable)."""
    path = attachment_path(store, sha256)
    for key in _keys_of(store):
        digest = hashlib.sha256()
        try:
            for chunk in filecrypt.chunks(path, key):
                digest.update(chunk)
        except filecrypt.FileDamaged:
            continue
        except FileNotFoundError:
            return None
        return digest.hexdigest()
    return None


def _encrypt_into_folder(store: Store, source: BinaryIO, key: bytes) -> tuple[str, Path]:
    """Encrypt `source` into a temporary file of the attachments folder; returns its plaintext SHA-256."""
    digest = hashlib.sha256()
    store.attachments_dir.mkdir(exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=store.attachments_dir, prefix=".incoming-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in filecrypt.encrypt(source, out, key):
                digest.update(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        fileio.unlink(tmp)
        raise
    return digest.hexdigest(), tmp


def _store_file(store: Store, source: Path) -> tuple[str, int]:
    """Copy `source` encrypted into the content-addressed folder (once); returns (sha256, size)."""
    with source.open("rb") as src:
        sha, tmp = _encrypt_into_folder(store, src, files_key(store.key))
    try:
        target = attachment_path(store, sha)
        if target.exists():
            fileio.unlink(tmp)
        else:
            target.parent.mkdir(exist_ok=True)
            fileio.replace(tmp, target)
            logger.info("stored attachment %s (%d bytes)", sha, source.stat().st_size)
        return sha, filecrypt.plaintext_size(target)
    except BaseException:
        fileio.unlink(tmp)
        raise


def keep_original(store: Store, source: Path) -> Path:
    """Keep a full-size photo, encrypted, in `originals/` beside the attachments (named by its SHA-256), once."""
    folder = fileio.make_private_dir(store.data_dir / ORIGINALS_DIR)
    with source.open("rb") as src:
        sha, tmp = _encrypt_into_folder(store, src, files_key(store.key))
    kept = folder / sha
    if kept.exists():
        fileio.unlink(tmp)
    else:
        fileio.replace(tmp, kept)
    return kept


def _stored_files(store: Store) -> list[Path]:
    found = [*store.attachments_dir.glob("??/*"), *(store.data_dir / ORIGINALS_DIR).glob("*")]
    return [p for p in found if p.is_file() and not p.name.startswith(".")]


def reencrypt_files(store: Store, old: bytes | None, new: bytes) -> int:
    """Encrypt every attachment under store key `new`: from `old` (a rotation) or from plaintext
    (None: an older Pantau's files). One file at a time, each replaced atomically: a crash leaves
    each file whole under one of the keys, and `read_attachment` tries the retired ones."""
    done = 0
    for path in _stored_files(store):
        if old is None and filecrypt.is_encrypted(path):
            continue
        if old is not None:
            try:
                plain = filecrypt.read_range(path, files_key(old))
            except filecrypt.FileDamaged:
                continue  # already under the new key (a rotation finished for it), or damaged
            source: BinaryIO = io.BytesIO(plain)
        else:
            source = path.open("rb")
        with source:
            _sha, tmp = _encrypt_into_folder(store, source, files_key(new))
        fileio.replace(tmp, path)
        done += 1
    return done


def encrypt_plain_files(store: Store) -> None:
    """Encrypt an older Pantau's plaintext attachments, once (a marker file says it was done)."""
    mark = store.attachments_dir / ENCRYPTED_MARK
    if mark.exists():
        return
    done = reencrypt_files(store, None, store.key)
    if done:
        logger.info("encrypted %d attachment file(s) of an older Pantau", done)
    fileio.write_bytes(mark, b"")


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
