"""Push bodies kept per device so that after a cut the PC sends only the rest (resumable pushes).

A push that names its encoded body by SHA-256 (`Pantau-Push-Id`) leaves what arrived of
it in `<data dir>/push-partial/<device>/<id>.part`: the start of a body cut half-way, or
the whole of one whose answer may yet be lost on its way back. The PC asks
`GET /api/v1/push/partial/{id}` how much that is and sends the rest with
`Content-Range: bytes N-END/TOTAL` (nothing but `bytes */TOTAL` when the server holds it
all); the server puts the two together, checks the SHA-256 and reads the whole as any
push body. The bytes are a convenience, never data (the PC still holds every report), so
they are kept briefly and dropped freely.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from starlette.concurrency import run_in_threadpool

from sync import fileio
from sync.server.attachments import expire_parts, parse_content_range
from sync.server.errors import Conflict, InvalidInput, TooLarge
from sync.server.tokens import utcnow
from sync.wire import PUSH_ID_HEADER, SHA256_PATTERN

if TYPE_CHECKING:
    from sync.server.settings import ServerSettings

log = logging.getLogger(__name__)

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
_PUSH_ID = re.compile(SHA256_PATTERN)


class PushSpool:
    """The latest push bodies of each device: the newest `keep` (more than a PC has in flight),
    for `ttl` at most, together within the push size limit. Files in the data dir, so that
    every server process on one database finds what another one kept."""

    def __init__(
        self, root: Path, *, max_bytes: int, keep: int = 16, ttl: timedelta = timedelta(hours=1)
    ) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.keep_per_device = keep
        self.ttl = ttl

    @classmethod
    def for_settings(cls, settings: ServerSettings) -> PushSpool:
        return cls(settings.data_dir / "push-partial", max_bytes=settings.max_body_bytes)

    def _folder(self, device: UUID) -> Path:
        return self.root / str(device)

    def _path(self, device: UUID, push_id: str) -> Path:
        return self._folder(device) / f"{push_id}.part"

    def offset(self, *, device: UUID, push_id: str, now: datetime) -> int:
        """How many bytes of push `push_id` the server holds for this device (0: none)."""
        path = self._path(device, push_id)
        try:
            stat = path.stat()
        except FileNotFoundError:
            return 0
        return stat.st_size if stat.st_mtime >= (now - self.ttl).timestamp() else 0

    def held(self, *, device: UUID, push_id: str) -> bytes:
        try:
            return self._path(device, push_id).read_bytes()
        except FileNotFoundError:
            return b""

    def keep(self, *, device: UUID, push_id: str, data: bytes, now: datetime) -> None:
        """Keep what arrived of a body (replacing what was held of it), then prune."""
        if not data or len(data) > self.max_bytes:
            return
        folder = self._folder(device)
        folder.mkdir(parents=True, exist_ok=True)
        # A plain write, no fsync: these bytes only spare a resend. A write cut by a crash
        # leaves a shorter prefix of the same body (the id is its SHA-256), still a right start.
        self._path(device, push_id).write_bytes(data)
        expire_parts(
            [folder], before=now - self.ttl, keep=self.keep_per_device, max_bytes=self.max_bytes
        )

    def discard(self, *, device: UUID, push_id: str) -> None:
        fileio.unlink(self._path(device, push_id))

    def expire(self, *, now: datetime) -> int:
        """Delete every device's cut bodies older than `ttl`; returns how many."""
        folders = [d for d in self.root.glob("*") if d.is_dir()]
        return expire_parts(folders, before=now - self.ttl)


class SpooledPush:
    """One push request that names its body: the bytes the server held of it (a resumed
    push) and then those arriving, kept if the request is cut and checked when complete."""

    def __init__(
        self, spool: PushSpool, *, device: UUID, push_id: str, held: bytes, total: int | None
    ) -> None:
        self.spool = spool
        self.device = device
        self.push_id = push_id
        self.held = held
        self.total = total  # announced by Content-Range on a resumed push
        self._received: list[bytes] = []
        self._digest = hashlib.sha256(held)

    def receive(self, receive: Receive) -> Receive:
        """`receive` with the held bytes first, remembering each piece of body that arrives."""
        prefix = self.held

        async def spooled() -> Message:
            nonlocal prefix
            if prefix:
                piece, prefix = prefix, b""
                return {"type": "http.request", "body": piece, "more_body": True}
            message = await receive()
            if message["type"] == "http.request" and message.get("body"):
                self._received.append(message["body"])
                self._digest.update(message["body"])
            return message

        return spooled

    async def cut(self) -> None:
        """The request ended before its body did: keep what the server has of the body."""
        if self._received:
            log.info("push %s of device %s cut: kept its start", self.push_id[:12], self.device)
            await self._keep()

    async def complete(self) -> None:
        """The whole body is here: it must be the one its id names. It is kept too, so that
        if its answer is lost on the way back the PC sends nothing of it again."""
        size = len(self.held) + sum(map(len, self._received))
        problem = None
        if self.total is not None and size != self.total:
            problem = f"Content-Range announces {self.total} bytes in all but the body ends at {size}"
        elif self._digest.hexdigest() != self.push_id:
            problem = f"the body's SHA-256 is not its {PUSH_ID_HEADER} {self.push_id}"
        if problem:
            await self.spoilt(problem)
        if self._received:
            await self._keep()

    async def _keep(self) -> None:
        data = self.held + b"".join(self._received)
        await run_in_threadpool(
            self.spool.keep, device=self.device, push_id=self.push_id, data=data, now=utcnow()
        )

    async def spoilt(self, problem: str) -> None:
        """The body is not the one its id names: forget what was held of it and refuse it."""
        await run_in_threadpool(self.spool.discard, device=self.device, push_id=self.push_id)
        if self.held:
            problem = f"the {len(self.held)} bytes held of this push and the rest sent do not make its body: {problem}"
        raise InvalidInput(
            f"{problem}; nothing was stored, send the whole body again", code="push_id_mismatch"
        )


async def begin(spool: PushSpool, *, device: UUID, headers: dict[str, str]) -> SpooledPush | None:
    """The spooled push for a request's headers; None when it does not name its body."""
    push_id = headers.get(PUSH_ID_HEADER.lower())
    if push_id is None:
        return None
    if not _PUSH_ID.fullmatch(push_id):
        raise InvalidInput(
            f"{PUSH_ID_HEADER} must be the lowercase hex SHA-256 of the encoded body",
            code="bad_push_id",
        )
    if "content-range" not in headers:
        return SpooledPush(spool, device=device, push_id=push_id, held=b"", total=None)
    chunk = parse_content_range(headers["content-range"])
    if chunk.total > spool.max_bytes:
        raise TooLarge(f"request body over the limit of {spool.max_bytes} bytes")
    held = (
        await run_in_threadpool(spool.held, device=device, push_id=push_id) if chunk.start else b""
    )
    if len(held) != chunk.start:
        raise Conflict(
            f"the server holds {len(held)} bytes of push {push_id}, not {chunk.start}; "
            "ask again or send the whole body",
            code="wrong_offset",
            offset=len(held),
        )
    return SpooledPush(spool, device=device, push_id=push_id, held=held, total=chunk.total)
