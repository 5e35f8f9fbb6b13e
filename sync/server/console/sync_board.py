"""Kesehatan sinkronisasi: each office's and each PC's link, what waits on it, who has gone quiet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlmodel import Session, func, select

from sync.server.device_health import contact_day
from sync.server.models import Device, DeviceContact, DeviceHealth, Office, ReportRevision

URGENT_PATIENCE = timedelta(hours=1)  # an urgent report waiting longer on a PC is marked
RECEIVED_DAYS = 7
HISTORY_DAYS = 30


@dataclass(slots=True)
class DeviceRow:
    id: UUID
    label: str
    revoked_at: datetime | None
    last_contact: datetime | None
    last_push: datetime | None
    received: int  # revisions received in the last 7 days
    app: str
    waiting: int | None  # None: the PC has sent no heartbeat (older client)
    urgent: int
    oldest: timedelta | None  # the age now of the oldest waiting report, as last said
    urgent_oldest: timedelta | None
    error: str
    forms: dict[str, int]

    @property
    def urgent_stuck(self) -> bool:
        return bool(self.urgent) and self.urgent_oldest is not None and self.urgent_oldest > URGENT_PATIENCE


@dataclass(slots=True)
class OfficeRow:
    code: str
    name: str
    devices: list[DeviceRow]
    history: list[int]  # contacts per WIT day, oldest first, the last is today
    silent_for: timedelta | None = None  # set when longer than the threshold
    never: bool = False  # has active PCs that never made contact

    @property
    def last_contact(self) -> datetime | None:
        return max((d.last_contact for d in self.devices if d.last_contact), default=None)

    @property
    def active(self) -> list[DeviceRow]:
        return [d for d in self.devices if d.revoked_at is None]

    @property
    def urgent_stuck(self) -> list[DeviceRow]:
        return [d for d in self.active if d.urgent_stuck]

    @property
    def alarm(self) -> bool:
        return self.silent_for is not None or self.never or bool(self.urgent_stuck)


@dataclass(slots=True)
class Board:
    now: datetime
    threshold: timedelta
    offices: list[OfficeRow]
    days: list[date] = field(default_factory=list)

    @property
    def alarms(self) -> list[OfficeRow]:
        return [o for o in self.offices if o.alarm]


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    return max(a, b) if a and b else a or b


def _since(seconds: Any, heard: datetime, now: datetime) -> timedelta | None:
    return None if seconds is None else timedelta(seconds=int(seconds)) + (now - heard)


def build(*, session: Session, now: datetime, threshold: timedelta) -> Board:
    """The board at `now` (the app's clock): one query per kind of fact, none per device."""
    received = dict(
        session.exec(
            select(ReportRevision.device_id, func.count())
            .where(ReportRevision.received_at >= now - timedelta(days=RECEIVED_DAYS))
            .group_by(ReportRevision.device_id)
        ).all()
    )
    health = {h.device_id: h for h in session.exec(select(DeviceHealth)).all()}
    today = contact_day(now)
    days = [today - timedelta(days=n) for n in range(HISTORY_DAYS - 1, -1, -1)]
    history: dict[str, dict[date, int]] = {}
    for office, day, contacts in session.exec(
        select(Device.office, DeviceContact.day, func.sum(DeviceContact.contacts))
        .join(Device, Device.id == DeviceContact.device_id)
        .where(DeviceContact.day >= days[0])
        .group_by(Device.office, DeviceContact.day)
    ).all():
        history.setdefault(office, {})[day] = int(contacts)
    devices: dict[str, list[DeviceRow]] = {}
    for device in session.exec(select(Device).order_by(Device.office, Device.created_at)).all():
        devices.setdefault(device.office, []).append(_device_row(device, health.get(device.id), received, now))
    offices = []
    for office in session.exec(select(Office).order_by(Office.code)).all():
        row = OfficeRow(
            code=office.code,
            name=office.name,
            devices=devices.get(office.code, []),
            history=[history.get(office.code, {}).get(day, 0) for day in days],
        )
        if row.active:
            last = row.last_contact
            row.never = last is None
            if last is not None and now - last > threshold:
                row.silent_for = now - last
        offices.append(row)
    return Board(now=now, threshold=threshold, offices=offices, days=days)


def _device_row(
    device: Device, health: DeviceHealth | None, received: dict[UUID, int], now: datetime
) -> DeviceRow:
    beat = health.heartbeat if health is not None else {}
    heard = health.heard_at if health is not None else now
    return DeviceRow(
        id=device.id,
        label=device.label,
        revoked_at=device.revoked_at,
        last_contact=_later(device.last_seen_at, health.heard_at if health else None),
        last_push=health.last_push_at if health else None,
        received=received.get(device.id, 0),
        app=str(beat.get("app", "")),
        waiting=int(beat.get("wait", 0)) if beat else None,
        urgent=int(beat.get("urgent", 0)),
        oldest=_since(beat.get("oldest"), heard, now),
        urgent_oldest=_since(beat.get("uoldest"), heard, now),
        error=str(beat.get("err", "")),
        forms={str(k): int(v) for k, v in beat.get("forms", {}).items()},
    )
