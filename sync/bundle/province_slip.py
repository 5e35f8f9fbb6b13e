"""Province side of enrolment slips: enrol a device for a PC that has no link, and sign its slip."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from sync.bundle.province import server_keys
from sync.bundle.seal import KeyPair
from sync.bundle.slip import Slip, sign_slip
from sync.server import admin
from sync.server.errors import InvalidInput
from sync.server.settings import ServerSettings


def issue_slip(
    *,
    session: Session,
    settings: ServerSettings,
    office: str,
    label: str,
    server_url: str,
    actor: str,
    now: datetime,
) -> tuple[Slip, bytes]:
    """A new device of `office` (through a one-time code, used at once) and its signed slip.

    The PC's key pair is made here, as the PC cannot send its public half without a link.
    """
    url = server_url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise InvalidInput(f"--server-url {server_url!r}: give the address PCs sync with, e.g. https://…")
    keys = server_keys(settings)
    device_keys = KeyPair.generate()
    issued = admin.issue_enrolment_code(
        session=session, office=office, label=label, ttl=settings.enrolment_code_ttl, actor=actor, now=now
    )
    answer = admin.enroll_device(
        session=session,
        code=issued.code,
        label="",
        bundle_key=device_keys.public.encoded(),
        server_bundle_key=keys.public.encoded(),
        now=now,
    )
    slip = Slip(
        server_url=url,
        server_key=keys.public,
        office=answer.office,
        device_id=answer.device_id,
        token=answer.token,
        device_keys=device_keys,
        label=issued.label,
    )
    return slip, sign_slip(slip, server=keys)
