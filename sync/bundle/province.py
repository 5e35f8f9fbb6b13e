"""Province side: open an office's bundle, ingest it like a push, and seal the receipt for its PC."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pydantic import ValidationError
from sqlmodel import Session

from sync.bundle.payload import BUNDLE_MAGIC, BUNDLE_WORDS, RECEIPT_MAGIC, pack, unpack
from sync.bundle.seal import KeyPair, PublicKeys, SealError, open_sealed, read_file, seal  # noqa: F401 - read_file: for the import commands
from sync.server import device_health, feed, ingest
from sync.server.attachments import AttachmentStore, ChunkRange
from sync.server.audit import audit
from sync.server.catalogue import FormCatalogue
from sync.server.models import Device
from sync.server.schemas import Principal
from sync.server.settings import ServerSettings
from sync.wire import ItemResult, PushItem

log = logging.getLogger(__name__)

KEY_FILE = "bundle.key"
FEED_PAGES = 20  # reviews and forms carried back per receipt; the next receipt or sync continues


def server_keys(settings: ServerSettings) -> KeyPair:
    """The province's bundle key pair, made on first use and kept in the data folder."""
    return KeyPair.load_or_create(settings.data_dir / KEY_FILE)


@dataclass(slots=True)
class ImportOutcome:
    device_id: UUID
    office: str
    number: int
    results: list[ItemResult]
    feed_items: int
    receipt: bytes

    def counts(self) -> dict[str, int]:
        return status_counts(self.results)


def status_counts(results: list[ItemResult]) -> dict[str, int]:
    counted: dict[str, int] = {}
    for result in results:
        counted[result.status] = counted.get(result.status, 0) + 1
    return counted


def _device_key(session: Session, device_id: UUID) -> tuple[Device, PublicKeys]:
    device = session.get(Device, device_id)
    if device is None or not device.bundle_key:
        raise SealError(
            f"this bundle comes from device {device_id}, which this server does not know "
            "(or which enrolled without a bundle key)",
            "Bundel ini dari perangkat yang tidak dikenal server.",
        )
    if device.revoked_at is not None:
        raise SealError(
            f"this bundle comes from device {device_id} ({device.label}), which was revoked; "
            "nothing of it is stored",
            "Bundel ini dari perangkat yang sudah dicabut.",
        )
    return device, PublicKeys.parse(device.bundle_key)


def import_bundle(
    *, session: Session, settings: ServerSettings, data: bytes, now: datetime, actor: str = "system"
) -> ImportOutcome:
    """Check everything first (`SealError`: nothing stored), then store attachments and items;
    the import is audited as `actor`'s."""
    keys = server_keys(settings)
    found: dict[UUID, Device] = {}

    def sender_key(device_id: UUID) -> PublicKeys:
        device, public = _device_key(session, device_id)
        found[device_id] = device
        return public

    sender, payload = open_sealed(
        BUNDLE_MAGIC, data, recipient=keys, sender_key=sender_key, what=BUNDLE_WORDS
    )
    device = found[sender]
    meta, files = unpack(payload, what=BUNDLE_WORDS)
    if meta.get("device_id") != str(sender) or meta.get("office") != device.office:
        raise SealError(
            f"this bundle claims office {meta.get('office')!r} but is signed by a PC of office "
            f"{device.office}; it is refused",
            "Bundel ini ditandatangani oleh komputer kantor lain; ditolak.",
        )
    try:
        items = [PushItem.model_validate(item) for item in meta["items"]]
        number = int(meta["number"])
        cursor = meta.get("pull_cursor")
    except (KeyError, TypeError, ValueError, ValidationError):
        raise SealError(
            "the bundle is signed but its items are malformed", "Isi bundel ini tidak sah."
        ) from None
    session.rollback()
    _store_files(session=session, settings=settings, device=device, files=files, now=now)
    registry = FormCatalogue().registry(session=session)
    session.commit()
    results = ingest.push_items(
        session=session,
        device=Principal(kind="device", id=device.id, office=device.office),
        items=items,
        registry=registry,
        max_attachment_bytes=settings.max_attachment_bytes,
        now=now,
    )
    audit(session, actor, "bundle.import", str(device.id),
          {"office": device.office, "bundle": number, "counts": status_counts(results)}, now=now)  # fmt: skip
    session.commit()
    device_health.pushed(session=session, device_id=device.id, now=now)
    feed_items, new_cursor = _feed(session=session, office=device.office, cursor=cursor, settings=settings)
    receipt_meta = {
        "kind": "receipt",
        "number": number,
        "device_id": str(device.id),
        "office": device.office,
        "server_time": now.isoformat(),
        "results": [r.model_dump(mode="json") for r in results],
        "feed": feed_items,
        "cursor_from": cursor,
        "cursor": new_cursor,
    }
    receipt = seal(
        RECEIPT_MAGIC,
        pack(receipt_meta, {}),
        sender=keys,
        sender_id=UUID(int=0),
        recipient=PublicKeys.parse(device.bundle_key or ""),
    )
    outcome = ImportOutcome(device.id, device.office, number, results, len(feed_items), receipt)
    log.info("bundle %d of device %s (%s) imported: %s", number, device.id, device.office, outcome.counts())
    return outcome


def _store_files(
    *, session: Session, settings: ServerSettings, device: Device, files: dict[str, bytes], now: datetime
) -> None:
    """Each file the office does not hold yet goes through the upload path, from its offset."""
    store = AttachmentStore.for_settings(settings)
    for sha, blob in files.items():
        if len(blob) > settings.max_attachment_bytes:
            continue  # the item naming it is refused by the ingest's size rule
        state = store.state(session=session, office=device.office, device=device.id, sha256=sha)
        if state.complete:
            continue
        chunk = blob[state.offset :]
        store.put_chunk(
            session=session,
            office=device.office,
            device=device.id,
            sha256=sha,
            chunk_range=ChunkRange(start=state.offset, end=len(blob) - 1, total=len(blob)),
            data=chunk,
            now=now,
        )
        session.commit()


def _feed(
    *, session: Session, office: str, cursor: str | None, settings: ServerSettings
) -> tuple[list[dict], str | None]:
    items: list[dict] = []
    for _ in range(FEED_PAGES):
        page = feed.pull(session=session, office=office, cursor=cursor, limit=settings.pull_page_size)
        items += [item.model_dump(mode="json") for item in page.items]
        cursor = page.cursor
        if not page.more:
            break
    return items, cursor
