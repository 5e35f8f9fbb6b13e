"""Typed accessors for this PC's settings; defaults live here, nowhere else."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from uuid import UUID

from sqlmodel import Session, select

from sync.regions import Regions
from sync.store import cipher
from sync.store.errors import OfficeMismatch
from sync.store.models import Report, Setting
from sync.store.units import writing

DEFAULT_SYNC_INTERVAL_MINUTES = 15
DEFAULT_PHOTO_MAX_SIDE = 1600
DEFAULT_PHOTO_QUALITY = 80

_OFFICE = "office"
_SERVER_URL = "server_url"
_CA_BUNDLE = "ca_bundle"
_DEVICE_ID = "device_id"
_PULL_CURSOR = "pull_cursor"
_SYNC_INTERVAL = "sync_interval_minutes"
_PHOTO_MAX_SIDE = "photo_max_side"
_PHOTO_QUALITY = "photo_quality"
_RESTORED = "restored_copy"
_SERVER_BUNDLE_KEY = "server_bundle_key"
_BUNDLE_NUMBER = "bundle_number"  # of the last bundle written
_RECEIPT_NUMBER = "receipt_number"  # of the newest receipt read


def _get(session: Session, key: str) -> str | None:
    row = session.get(Setting, key)
    return None if row is None else row.value


def _put(session: Session, key: str, value: str | None) -> None:
    """Write (or with None, remove) one setting, in the caller's transaction."""
    row = session.get(Setting, key)
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def _set(session: Session, key: str, value: str | None) -> None:
    with writing(session):
        _put(session, key, value)


def _get_int(session: Session, key: str, default: int) -> int:
    value = _get(session, key)
    return default if value is None else int(value)


def get_office(*, session: Session) -> str | None:
    """The regency/city code (e.g. "81.01") this PC reports for, None before `init`."""
    return _get(session, _OFFICE)


def set_office(*, session: Session, code: str) -> None:
    """Set this PC's office; refuses a code that is no office, and any change once reports were sent."""
    code = code.strip()
    if not Regions.load().is_office(code):
        raise OfficeMismatch(
            f"{code!r} is not a regency/city office of Maluku (81.01 … 81.72)",
            message_id=f"{code!r} bukan kode kabupaten/kota di Maluku (81.01 … 81.72).",
        )
    with writing(session):
        current = _get(session, _OFFICE)
        if current not in (None, code):
            sent = session.exec(
                select(Report.num).where(Report.submitted_revision > 0).limit(1)
            ).first()
            if sent is not None:
                raise OfficeMismatch(
                    f"this PC already submitted reports as office {current}; it cannot become {code}",
                    message_id=f"Komputer ini sudah mengirim laporan sebagai kantor {current}.",
                )
        _put(session, _OFFICE, code)


def get_server_url(*, session: Session) -> str | None:
    return _get(session, _SERVER_URL)


def set_server_url(*, session: Session, url: str | None) -> None:
    _set(session, _SERVER_URL, url.rstrip("/") if url else None)


def get_ca_bundle(*, session: Session) -> str | None:
    """Path of a PEM bundle to verify the provincial server with (None: system CAs)."""
    return _get(session, _CA_BUNDLE)


def set_ca_bundle(*, session: Session, path: str | None) -> None:
    _set(session, _CA_BUNDLE, path)


def get_device_id(*, session: Session) -> UUID | None:
    value = _get(session, _DEVICE_ID)
    return None if value is None else UUID(value)


def set_device_id(*, session: Session, device_id: UUID | None) -> None:
    _set(session, _DEVICE_ID, None if device_id is None else str(device_id))


def get_server_bundle_key(*, session: Session) -> str | None:
    """The province's public keys for bundles, from the enrolment answer (None: older server)."""
    return _get(session, _SERVER_BUNDLE_KEY)


def set_server_bundle_key(*, session: Session, key: str | None) -> None:
    _set(session, _SERVER_BUNDLE_KEY, key)


def next_bundle_number(*, session: Session) -> int:
    """Count one more bundle written (in the caller's transaction) and return its number."""
    number = _get_int(session, _BUNDLE_NUMBER, 0) + 1
    _put(session, _BUNDLE_NUMBER, str(number))
    return number


def get_receipt_number(*, session: Session) -> int:
    return _get_int(session, _RECEIPT_NUMBER, 0)


def set_receipt_number(*, session: Session, number: int) -> None:
    _set(session, _RECEIPT_NUMBER, str(number))


def get_pull_cursor(*, session: Session) -> str | None:
    return _get(session, _PULL_CURSOR)


def set_pull_cursor(*, session: Session, cursor: str | None) -> None:
    _set(session, _PULL_CURSOR, cursor)


def get_sync_interval_minutes(*, session: Session) -> int:
    return _get_int(session, _SYNC_INTERVAL, DEFAULT_SYNC_INTERVAL_MINUTES)


def set_sync_interval_minutes(*, session: Session, minutes: int) -> None:
    if minutes < 1:
        raise ValueError("sync interval must be at least one minute")
    _set(session, _SYNC_INTERVAL, str(minutes))


def get_photo_max_side(*, session: Session) -> int:
    """Longest side, in pixels, photos are scaled down to before they are stored for sending."""
    return _get_int(session, _PHOTO_MAX_SIDE, DEFAULT_PHOTO_MAX_SIDE)


def set_photo_max_side(*, session: Session, pixels: int) -> None:
    if pixels < 320:
        raise ValueError("photos need at least 320 pixels on their longest side")
    _set(session, _PHOTO_MAX_SIDE, str(pixels))


def get_photo_quality(*, session: Session) -> int:
    """JPEG quality (1–95) of stored photos."""
    return _get_int(session, _PHOTO_QUALITY, DEFAULT_PHOTO_QUALITY)


def set_photo_quality(*, session: Session, quality: int) -> None:
    if not 1 <= quality <= 95:
        raise ValueError("JPEG quality must be between 1 and 95")
    _set(session, _PHOTO_QUALITY, str(quality))


def mark_as_copy(conn: cipher.Connection) -> None:
    """Flag a copy of a store (a backup, a restored database): this PC may have sent revisions
    the copy lacks, so before numbering new ones its next sync asks the server which it holds."""
    try:
        conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES (?, '1')", (_RESTORED,))
        conn.commit()
    except cipher.DatabaseError:
        conn.rollback()  # a damaged copy, which no restore accepts anyway


def is_copy(*, session: Session) -> bool:
    """The store was restored from a copy and has not yet learnt the server's revisions."""
    return _get(session, _RESTORED) is not None


def clear_copy_mark(*, session: Session) -> None:
    """The server's newest revisions were learnt: number new revisions as usual again."""
    _set(session, _RESTORED, None)


_OFFICE_PAPERS = "office_papers"


@dataclass(frozen=True, slots=True)
class OfficePapers:
    """What the office's own papers say beyond `resources/letterhead/offices.json`; "" is unset."""

    address: str = ""
    postal_code: str = ""
    phone: str = ""
    email: str = ""
    emblem: str = ""  # path of the emblem image, a copy kept in the data folder
    signatory_name: str = ""
    signatory_position: str = ""
    signatory_nip: str = ""


def get_office_papers(*, session: Session) -> OfficePapers:
    raw = _get(session, _OFFICE_PAPERS)
    try:
        stored = json.loads(raw) if raw else {}
    except ValueError:
        stored = {}
    known = {f.name for f in fields(OfficePapers)}
    return OfficePapers(**{k: str(v) for k, v in stored.items() if k in known}) if isinstance(stored, dict) else OfficePapers()


def set_office_papers(*, session: Session, papers: OfficePapers) -> None:
    values = {k: v.strip() for k, v in asdict(papers).items() if v.strip()}
    _set(session, _OFFICE_PAPERS, json.dumps(values, ensure_ascii=False) if values else None)
