"""Office side: write a sealed bundle of the outbox, read the province's sealed receipt."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from pydantic import TypeAdapter, ValidationError

from sync import fileio
from sync.bundle.payload import BUNDLE_MAGIC, RECEIPT_MAGIC, RECEIPT_WORDS, pack, unpack
from sync.bundle.seal import KeyPair, PublicKeys, SealError, open_sealed, read_file, seal
from sync.client.pull import apply_item
from sync.client.push import BatchOutcome, apply_answers
from sync.store import Store
from sync.store.attachments import read_attachment, stored_sha256
from sync.store.outbox import mark_bundled, pending_entries
from sync.store.settings import (
    get_device_id,
    get_office,
    get_pull_cursor,
    get_receipt_number,
    get_server_bundle_key,
    next_bundle_number,
    set_pull_cursor,
    set_receipt_number,
)
from sync.store.units import writing
from sync.wire import FormPublished, PushResponse, ReviewFeedback

log = logging.getLogger(__name__)

KEY_FILE = "bundle.key"
_FEED = TypeAdapter(list[ReviewFeedback | FormPublished])


def office_keys(store: Store) -> KeyPair:
    """This PC's bundle key pair, made on first use and kept in the data folder."""
    return KeyPair.load_or_create(store.data_dir / KEY_FILE)


@dataclass(slots=True)
class Exported:
    number: int
    items: int
    files: int
    size: int


@dataclass(slots=True)
class ReceiptRead:
    number: int
    outcome: BatchOutcome
    feed_items: int
    reviews: int  # of the feed items, the province's reviews


def _identity(store: Store) -> tuple[str, UUID, PublicKeys]:
    with store.session() as session:
        office = get_office(session=session)
        device_id = get_device_id(session=session)
        server_key = get_server_bundle_key(session=session)
    if office is None or device_id is None or server_key is None:
        raise SealError(
            "this PC holds no key of the province: enrol it first (online, or with an enrolment slip)",
            "Komputer ini belum terdaftar dengan kunci provinsi. Daftarkan dulu.",
        )
    return office, device_id, PublicKeys.parse(server_key)


def export_bundle(store: Store, out: Path) -> Exported:
    """Seal every unacknowledged revision with its files into `out` (written whole or not at all).

    The revisions stay in the outbox, marked with the bundle's number: a later sync or bundle
    still carries what is unconfirmed.
    """
    office, device_id, server_key = _identity(store)
    with store.session() as session:
        entries = pending_entries(session=session)
        cursor = get_pull_cursor(session=session)
    files: dict[str, bytes] = {}
    for info in {f.sha256: f for e in entries for f in e.attachments}.values():
        if stored_sha256(store, info.sha256) != info.sha256:
            raise SealError(
                f"attachment {info.filename} is missing or damaged on this PC",
                f"Lampiran {info.filename} hilang atau rusak di komputer ini.",
            )
        files[info.sha256] = read_attachment(store, info.sha256)
    with store.session() as session, writing(session):
        number = next_bundle_number(session=session)
        meta = {
            "kind": "bundle",
            "number": number,
            "device_id": str(device_id),
            "office": office,
            "created_at": datetime.now(UTC).isoformat(),
            "pull_cursor": cursor,
            "items": [e.item for e in entries],
        }
        data = seal(
            BUNDLE_MAGIC,
            pack(meta, files),
            sender=office_keys(store),
            sender_id=device_id,
            recipient=server_key,
        )
        mark_bundled(session=session, revisions=[(e.report_id, e.revision) for e in entries], number=number)
        fileio.write_bytes(out, data)  # a temp file replaced at the end: a full drive leaves nothing
    log.info("bundle %d written to %s: %d items, %d files", number, out, len(entries), len(files))
    return Exported(number=number, items=len(entries), files=len(files), size=len(data))


def import_receipt(store: Store, path: Path) -> ReceiptRead:
    """Apply a receipt as a sync would; a receipt already read (or older) is refused."""
    _office, device_id, server_key = _identity(store)
    _server, payload = open_sealed(
        RECEIPT_MAGIC,
        read_file(path),
        recipient=office_keys(store),
        sender_key=lambda _id: server_key,
        what=RECEIPT_WORDS,
    )
    meta, _files = unpack(payload, what=RECEIPT_WORDS)
    try:
        number = int(meta["number"])
        response = PushResponse(results=meta["results"], server_time=meta["server_time"])
        feed = _FEED.validate_python(meta["feed"])
        receipt_device = UUID(meta["device_id"])
    except (KeyError, TypeError, ValueError, ValidationError):
        raise SealError("the receipt is signed but malformed", "Isi tanda terima ini tidak sah.") from None
    if receipt_device != device_id:
        raise SealError(
            "this receipt is for another PC", "Tanda terima ini untuk komputer lain."
        )
    with store.session() as session:
        if number <= get_receipt_number(session=session):
            raise SealError(
                f"the receipt of bundle {number} was already read (or a newer one was); nothing changed",
                f"Tanda terima bundel {number} sudah pernah dibaca; tidak ada yang berubah.",
            )
        answered = {(r.id, r.revision) for r in response.results}
        entries = [e for e in pending_entries(session=session) if (e.report_id, e.revision) in answered]
    outcome = apply_answers(store, entries, response)
    with store.session() as session:
        for item in feed:
            apply_item(session, item)
        if get_pull_cursor(session=session) == meta.get("cursor_from"):
            set_pull_cursor(session=session, cursor=meta.get("cursor"))
        set_receipt_number(session=session, number=number)
    log.info("receipt of bundle %d read: %d delivered, %d refused", number, outcome.delivered, len(outcome.rejected))
    reviews = sum(isinstance(item, ReviewFeedback) for item in feed)
    return ReceiptRead(number=number, outcome=outcome, feed_items=len(feed), reviews=reviews)
