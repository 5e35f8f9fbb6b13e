"""Each office PC's heartbeat and contacts per day, kept for the sync-health board (display only)."""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from pydantic import ValidationError
from sqlmodel import Session

from sync.forms.text import WIT
from sync.server.db import upsert_insert
from sync.server.models import Device, DeviceContact, DeviceHealth
from sync.wire import MAX_HEARTBEAT_BYTES, Heartbeat

log = logging.getLogger(__name__)
# Requests closer together than this are one contact; the row is not rewritten for them.
CONTACT_GAP = timedelta(minutes=1)


def parse(header: str | None) -> dict[str, Any] | None:
    """The heartbeat a request carried, or None if none or unreadable (a request never fails for it)."""
    if not header or len(header) > MAX_HEARTBEAT_BYTES:
        return None
    try:
        beat = Heartbeat.model_validate(json.loads(header))
    except (ValueError, ValidationError):
        log.info("unreadable heartbeat ignored: %.80r", header)
        return None
    return beat.model_dump(exclude_defaults=True)


def contact_day(moment: datetime) -> date:
    """The WIT day a contact belongs to."""
    return moment.astimezone(WIT).date()


def record(*, session: Session, device_id: UUID, header: str | None, now: datetime) -> None:
    """Keep what the PC said and count a contact; no write for a quick repeat of the same state."""
    beat = parse(header)
    row = session.get(DeviceHealth, device_id)
    new_contact = row is None or now - row.heard_at >= CONTACT_GAP
    if not new_contact and (beat is None or beat == row.heartbeat):
        session.rollback()
        return
    kept = beat if beat is not None else (row.heartbeat if row is not None else {})
    insert = upsert_insert(session, DeviceHealth).values(
        device_id=device_id, heard_at=now, heartbeat=kept
    )
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["device_id"], set_={"heard_at": now, "heartbeat": kept}
        )
    )
    if new_contact:
        add = upsert_insert(session, DeviceContact).values(
            device_id=device_id, day=contact_day(now), contacts=1
        )
        session.execute(
            add.on_conflict_do_update(
                index_elements=["device_id", "day"],
                set_={"contacts": DeviceContact.__table__.c.contacts + 1},
            )
        )
    session.commit()


def pushed(*, session: Session, device_id: UUID, now: datetime) -> None:
    """A push from this PC was answered."""
    session.execute(
        sa.update(DeviceHealth).where(DeviceHealth.device_id == device_id).values(last_push_at=now)
    )
    session.commit()


def forms_held(*, session: Session) -> list[tuple[str, str, dict[str, int]]]:
    """(office, label, highest version per form) of each active PC that has said which it holds."""
    rows = session.exec(
        sa.select(Device.office, Device.label, DeviceHealth.heartbeat)
        .join(DeviceHealth, DeviceHealth.device_id == Device.id)
        .where(Device.revoked_at.is_(None))
        .order_by(Device.office, Device.label)
    ).all()
    return [(office, label, dict(beat.get("forms", {}))) for office, label, beat in rows]
