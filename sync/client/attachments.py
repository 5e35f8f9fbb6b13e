"""Attachments before the reports that reference them: only what the server lacks, resumable.

Each upload starts at the offset the server reports and continues chunk by chunk; after a
cut the next attempt asks the offset again, so an acknowledged chunk is never sent twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from sync.client.errors import SyncProtocolError, SyncRejected
from sync.client.transport import Transport
from sync.store import Store
from sync.store.attachments import attachment_size, read_attachment
from sync.store.filecrypt import FileDamaged
from sync.store.schemas import AttachmentInfo

log = logging.getLogger(__name__)

_MISSING_LIMIT = 1000  # hashes per "missing" question (the protocol allows 10,000)


class AttachmentProblem(Exception):
    """An attachment cannot be delivered as it is (file gone locally, or refused by the server)."""

    def __init__(self, sha256: str, reason: str) -> None:
        super().__init__(reason)
        self.sha256 = sha256


class AttachmentUploader:
    """Uploads the files of a batch that the server does not hold yet."""

    def __init__(
        self, transport: Transport, store: Store, *, on_chunk: Callable[[], None] = lambda: None
    ) -> None:
        self.transport = transport
        self.store = store
        self.on_chunk = on_chunk
        self.uploaded = 0
        self._asked: set[str] = set()
        self._lacking: dict[str, AttachmentInfo] = {}

    def missing(self, files: Iterable[AttachmentInfo]) -> list[AttachmentInfo]:
        """Of `files`, those the server lacks; each file is asked about once, then kept up to date
        by `upload` (a retry, even of a re-planned smaller batch, reuses the answers)."""
        wanted = {f.sha256: f for f in files}
        new = sorted(set(wanted) - self._asked)
        for start in range(0, len(new), _MISSING_LIMIT):
            part = new[start : start + _MISSING_LIMIT]
            lacking = set(self.transport.missing(part))
            self._lacking.update((sha, wanted[sha]) for sha in part if sha in lacking)
            self._asked.update(part)
        return [self._lacking[sha] for sha in sorted(wanted) if sha in self._lacking]

    def upload(self, info: AttachmentInfo) -> None:
        """Upload one file from the server's offset to the end; raises on a cut (retry later)."""
        if attachment_size(self.store, info.sha256) != info.size:
            raise AttachmentProblem(
                info.sha256, f"attachment {info.filename} is missing or damaged on this PC"
            )
        state = self.transport.upload_state(info.sha256)
        offset = state.offset
        # Bounded: chunks are at least 1 KiB, and a 409 is answered by the server's own offset.
        for _ in range(2 * (info.size // 1024) + 8):
            if state.complete:
                self.uploaded += 1
                self._lacking.pop(info.sha256, None)
                return
            if not 0 <= offset <= info.size:
                raise SyncProtocolError(
                    f"server offset {offset} outside {info.filename} ({info.size} bytes)"
                )
            try:
                chunk = read_attachment(self.store, info.sha256, offset, self.transport.sizer.limits().chunk_bytes)
            except FileDamaged as exc:
                raise AttachmentProblem(info.sha256, f"attachment {info.filename} is damaged on this PC") from exc
            try:
                answer = self.transport.upload_chunk(
                    info.sha256, start=offset, data=chunk, total=info.size
                )
            except SyncRejected as exc:
                raise AttachmentProblem(
                    info.sha256, f"server refused attachment {info.filename}: {exc}"
                ) from exc
            if answer is None:  # 409: we and the server disagree on the offset; the server wins
                answer = self.transport.upload_state(info.sha256)
            else:
                self.transport.sizer.record_success(wire_bytes=len(chunk))
            state, offset = answer, answer.offset
            self.on_chunk()
        raise SyncProtocolError(f"upload of {info.filename} made no progress")
