"""Content-addressed attachment storage per office, with resumable chunked uploads."""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from uuid import UUID

from sqlmodel import Session, select

from sync import fileio
from sync.server.db import upsert_insert
from sync.server.errors import Conflict, InvalidInput, TooLarge
from sync.server.models import Attachment
from sync.wire import UploadState

if TYPE_CHECKING:
    from sync.server.settings import ServerSettings

log = logging.getLogger(__name__)

_RANGE = re.compile(r"^bytes (\d{1,15})-(\d{1,15})/(\d{1,15})$")
_FINISH = re.compile(r"^bytes \*/(\d{1,15})$")
_HASH_BLOCK = 1024 * 1024
_QUERY_CHUNK = 5000


@dataclass(frozen=True, slots=True)
class ChunkRange:
    """A parsed `Content-Range`: `start`..`end` inclusive of `total`; no bytes when end < start."""

    start: int
    end: int
    total: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1


def parse_content_range(header: str) -> ChunkRange:
    """`bytes START-END/TOTAL`, or `bytes */TOTAL` to finish an upload with no more data."""
    if match := _RANGE.match(header.strip()):
        start, end, total = (int(g) for g in match.groups())
        if start > end or end >= total:
            raise InvalidInput(
                f"Content-Range {header!r} is not a range inside the file", code="bad_range"
            )
        return ChunkRange(start, end, total)
    if match := _FINISH.match(header.strip()):
        total = int(match.group(1))
        return ChunkRange(total, total - 1, total)
    raise InvalidInput(
        "Content-Range must be 'bytes START-END/TOTAL' or 'bytes */TOTAL'", code="bad_range"
    )


class AttachmentStore:
    """Files under `root/<office>/`: complete ones named by SHA-256, partial ones in `partial/`.

    Partial data stays on disk, so an upload cut by the network or a server restart resumes
    at the byte the server holds. A file lock per upload keeps two processes from appending
    to the same file at once.
    """

    def __init__(
        self,
        root: Path,
        *,
        max_bytes: int,
        partial_quota: int | None = None,
        partial_ttl: timedelta = timedelta(days=7),
    ) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.partial_quota = partial_quota or 4 * max_bytes
        self.partial_ttl = partial_ttl

    @classmethod
    def for_settings(cls, settings: ServerSettings) -> AttachmentStore:
        return cls(
            settings.attachments_dir,
            max_bytes=settings.max_attachment_bytes,
            partial_quota=settings.max_unfinished_upload_bytes,
            partial_ttl=settings.unfinished_upload_ttl,
        )

    def path(self, office: str, sha256: str) -> Path:
        return self.root / office / sha256[:2] / sha256

    def _partial_dir(self, office: str, device: UUID) -> Path:
        return self.root / office / "partial" / str(device)

    def _partial(self, office: str, sha256: str, device: UUID) -> Path:
        return self._partial_dir(office, device) / f"{sha256}.part"

    def expire_partials(self, *, now: datetime, office: str | None = None, device: UUID | None = None) -> int:
        """Delete unfinished uploads untouched for `partial_ttl` (of one device, or all); how many."""
        if office is not None and device is not None:
            folders = [self._partial_dir(office, device)]
        else:
            folders = [d for d in self.root.glob("*/partial/*") if d.is_dir()]
        removed = expire_parts(folders, before=now - self.partial_ttl)
        if removed:
            log.info("expired %d unfinished uploads", removed)
        return removed

    def _check_quota(self, office: str, device: UUID, sha256: str, adding: int) -> None:
        """The device's unfinished uploads, with this chunk, must stay within `partial_quota`."""
        held = sum(p.stat().st_size for p in self._partial_dir(office, device).glob("*.part"))
        if held + adding > self.partial_quota:
            raise TooLarge(
                f"this device's unfinished uploads would exceed {self.partial_quota} bytes; "
                "finish them first (unfinished ones expire after "
                f"{self.partial_ttl.days} days)",
                code="upload_quota",
            )

    def missing(self, *, session: Session, office: str, hashes: list[str]) -> list[str]:
        """The hashes among `hashes` this office has not uploaded completely, in order."""
        wanted = list(dict.fromkeys(hashes))
        held = held_sizes(session=session, office=office, hashes=wanted)
        return [sha for sha in wanted if sha not in held]

    def state(self, *, session: Session, office: str, device: UUID, sha256: str) -> UploadState:
        held = session.get(Attachment, (office, sha256))
        if held is not None:
            return UploadState(offset=held.size, complete=True)
        partial = self._partial(office, sha256, device)
        return UploadState(offset=partial.stat().st_size if partial.exists() else 0, complete=False)

    def put_chunk(
        self,
        *,
        session: Session,
        office: str,
        device: UUID,
        sha256: str,
        chunk_range: ChunkRange,
        data: bytes,
        now: datetime,
    ) -> UploadState:
        """Append `data` at `chunk_range.start`; on the last byte verify the hash and keep the file."""
        if chunk_range.total > self.max_bytes:
            raise TooLarge(f"attachments are limited to {self.max_bytes} bytes")
        if len(data) != max(chunk_range.length, 0):
            raise InvalidInput(
                f"Content-Range announces {max(chunk_range.length, 0)} bytes but the body has {len(data)}",
                code="bad_range",
            )
        self.expire_partials(now=now, office=office, device=device)
        self._check_quota(office, device, sha256, len(data))
        with self._locked_partial(office, sha256, device) as handle:
            # Checked under the file lock: another process may have just finished this upload.
            held = session.get(Attachment, (office, sha256))
            session.rollback()  # never hold a database transaction while waiting on files
            offset = os.fstat(handle.fileno()).st_size
            if held is not None:
                if offset == 0:
                    self._partial(office, sha256, device).unlink()  # opened just now by this request
                return UploadState(offset=held.size, complete=True)
            if chunk_range.start != offset:
                raise Conflict(
                    f"upload of {sha256} continues at byte {offset}, not {chunk_range.start}",
                    code="wrong_offset",
                    offset=offset,
                )
            handle.write(data)
            handle.flush()
            if chunk_range.end + 1 < chunk_range.total:
                return UploadState(offset=offset + len(data), complete=False)
            return self._finish(session=session, partial=self._partial(office, sha256, device), office=office, sha256=sha256, now=now)

    def _finish(
        self, *, session: Session, partial: Path, office: str, sha256: str, now: datetime
    ) -> UploadState:
        size = partial.stat().st_size
        if _file_sha256(partial) != sha256:
            partial.unlink()
            log.warning(
                "attachment refused office=%s sha256=%s: content does not match", office, sha256
            )
            raise InvalidInput(
                f"the uploaded bytes do not have SHA-256 {sha256}; the upload was discarded, send it again",
                code="hash_mismatch",
            )
        final = self.path(office, sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial, final)
        _record(
            session=session, row=Attachment(office=office, sha256=sha256, size=size, stored_at=now)
        )
        log.info("attachment stored office=%s sha256=%s size=%d", office, sha256, size)
        return UploadState(offset=size, complete=True)

    @contextmanager
    def _locked_partial(self, office: str, sha256: str, device: UUID) -> Iterator[BinaryIO]:
        """The partial file opened for appending, under an exclusive lock.

        A process that waited for the lock may find the file it opened already renamed
        (finished) or deleted (refused) by the holder; it then opens the current one.
        """
        partial = self._partial(office, sha256, device)
        partial.parent.mkdir(parents=True, exist_ok=True)
        for _attempt in range(5):
            handle = open(partial, "ab")  # noqa: SIM115 (closed below or by the caller's with)
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                current = os.stat(partial).st_ino if partial.exists() else None
                if current == os.fstat(handle.fileno()).st_ino:
                    yield handle
                    return
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
                handle.close()
        raise Conflict(f"upload of {sha256} is busy; try again", code="busy")


def expire_parts(
    folders: Iterable[Path],
    *,
    before: datetime,
    keep: int | None = None,
    max_bytes: int | None = None,
) -> int:
    """Delete the `*.part` files in `folders` last written before `before` and, with `keep`
    and `max_bytes`, all but the newest of each folder within that count and size; returns
    how many were deleted."""
    horizon = before.timestamp()
    removed = 0
    for folder in folders:
        parts = []
        for part in folder.glob("*.part") if folder.is_dir() else ():
            with suppress(FileNotFoundError):  # finished or expired meanwhile by another process
                stat = part.stat()
                parts.append((stat.st_mtime, stat.st_size, part))
        parts.sort(reverse=True)
        held = 0
        for rank, (written, size, part) in enumerate(parts):
            held += size
            too_many = (keep is not None and rank >= keep) or (max_bytes is not None and held > max_bytes)
            if written < horizon or too_many:
                with suppress(OSError):  # held open (Windows): a later pass tries again
                    fileio.unlink(part)
                    removed += 1
    return removed


def held_sizes(*, session: Session, office: str, hashes: Iterable[str]) -> dict[str, int]:
    """Size of each complete attachment among `hashes` that `office` holds."""
    wanted = list(hashes)
    held: dict[str, int] = {}
    for start in range(0, len(wanted), _QUERY_CHUNK):  # stay under SQLite's variable limit
        part = wanted[start : start + _QUERY_CHUNK]
        query = select(Attachment.sha256, Attachment.size).where(
            Attachment.office == office, Attachment.sha256.in_(part)
        )
        held.update(session.exec(query).all())
    return held


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _record(*, session: Session, row: Attachment) -> None:
    """Insert the attachment row once, even when two processes finish the same upload."""
    session.execute(
        upsert_insert(session, Attachment).values(**row.model_dump()).on_conflict_do_nothing()
    )
    session.commit()
