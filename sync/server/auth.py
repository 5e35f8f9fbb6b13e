"""Bearer-token authentication of devices and analysts against the stored hashes."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from sync.server.errors import NotAuthenticated
from sync.server.models import Analyst, Device
from sync.server.schemas import Principal
from sync.server.tokens import token_hash

MAX_TOKEN_LENGTH = 256
TOKEN_REQUIRED = "a bearer token is required (Authorization: Bearer TOKEN)"
# A device's last contact is written at most this often.
LAST_SEEN_GRANULARITY = timedelta(minutes=1)


def authenticate(
    *, session: Session, token: str, now: datetime, touch_after: timedelta
) -> Principal:
    """The device or analyst owning `token`; `NotAuthenticated` if unknown or revoked.

    A device's last contact is refreshed at most once per `touch_after`, so a busy device
    does not turn every read into a write. The transaction is closed before returning.
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise NotAuthenticated("unknown token")
    hashed = token_hash(token)
    device = session.exec(select(Device).where(Device.token_hash == hashed)).first()
    if device is not None:
        if device.revoked_at is not None:
            session.rollback()
            raise NotAuthenticated("this device was revoked; enrol it again", code="revoked")
        principal = Principal(kind="device", id=device.id, office=device.office)
        if device.last_seen_at is None or now - device.last_seen_at > touch_after:
            session.exec(sa.update(Device).where(Device.id == device.id).values(last_seen_at=now))
            session.commit()
        else:
            session.rollback()
        return principal
    analyst = session.exec(
        select(Analyst.id, Analyst.revoked_at).where(Analyst.token_hash == hashed)
    ).first()
    session.rollback()
    if analyst is None:
        raise NotAuthenticated("unknown token")
    analyst_id, revoked_at = analyst
    if revoked_at is not None:
        raise NotAuthenticated("this analyst account was revoked", code="revoked")
    return Principal(kind="analyst", id=analyst_id, office=None)
