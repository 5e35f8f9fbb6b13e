"""Administration: offices, device enrolment and revocation, analysts, form publication."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import sqlalchemy as sa
from sqlmodel import Session, func, select

from sync.bundle.seal import PublicKeys
from sync.forms import FormDef, FormDefinitionError, FormRegistry, parse_form
from sync.regions import Regions
from sync.server import feed
from sync.server.audit import audit
from sync.server.db import upsert_insert
from sync.server.errors import InvalidInput, NotAuthenticated, NotFound
from sync.server.models import (
    Analyst,
    Device,
    EnrolmentCode,
    Office,
    PublishedForm,
    Report,
    UTCDateTime,
)
from sync.server.schemas import (
    AnalystInfo,
    AnalystIssued,
    DeviceInfo,
    EnrolmentIssued,
    OfficeInfo,
    PublishedFormInfo,
)
from sync.server.tokens import (
    code_hash,
    new_enrolment_code,
    new_token,
    token_hash,
    utcnow,
)
from sync.wire import EnrollResponse, FormPublished

log = logging.getLogger(__name__)
CODE_REFUSED = (
    "unknown, already used or expired enrolment code; ask the provincial administrator for a new one"
)


def seed_offices(*, session: Session) -> None:
    """Insert the regency and city offices missing from the table (safe to run concurrently)."""
    rows = [{"code": region.code, "name": region.name} for region in Regions.load().regencies()]
    session.execute(upsert_insert(session, Office).on_conflict_do_nothing(), rows)
    session.commit()


def list_offices(*, session: Session) -> list[OfficeInfo]:
    devices = dict(
        session.exec(
            select(Device.office, func.count())
            .where(Device.revoked_at.is_(None))
            .group_by(Device.office)
        ).all()
    )
    last_seen = sa.type_coerce(func.max(Device.last_seen_at), UTCDateTime())
    last_contact = dict(
        session.exec(select(Device.office, last_seen).group_by(Device.office)).all()
    )
    unreviewed = sa.or_(
        Report.reviewed_revision.is_(None), Report.reviewed_revision < Report.latest_revision
    )
    counts = {
        office: (total, backlog or 0)
        for office, total, backlog in session.exec(
            select(
                Report.office,
                func.count(),
                func.sum(sa.case((unreviewed, 1), else_=0)),
            ).group_by(Report.office)
        ).all()
    }
    offices = session.exec(select(Office).order_by(Office.code)).all()
    return [
        OfficeInfo(
            code=office.code,
            name=office.name,
            devices=devices.get(office.code, 0),
            last_contact=last_contact.get(office.code),
            reports=counts.get(office.code, (0, 0))[0],
            backlog=int(counts.get(office.code, (0, 0))[1]),
        )
        for office in offices
    ]


def require_office(*, session: Session, office: str) -> Office:
    found = session.get(Office, office)
    if found is None:
        raise InvalidInput(
            f"unknown office {office!r}; `pantau-server office list` shows the codes"
        )
    return found


def check_label(label: str) -> str:
    """A device label as the administrator typed it: printable only (it reaches terminals)."""
    label = label.strip()
    if not label or len(label) > 200 or not label.isprintable():
        raise InvalidInput(
            "the device label must be 1 to 200 printable characters",
            pesan="Label PC harus 1 sampai 200 karakter yang dapat dicetak (tanpa karakter kendali).",
        )
    return label


def issue_enrolment_code(
    *,
    session: Session,
    office: str,
    label: str,
    ttl: timedelta,
    actor: str = "system",
    now: datetime | None = None,
) -> EnrolmentIssued:
    """A single-use code for one PC of `office`, valid for `ttl`."""
    require_office(session=session, office=office)
    label = check_label(label)
    now = now or utcnow()
    code = new_enrolment_code()
    row = EnrolmentCode(
        code_hash=code_hash(code), office=office, label=label, created_at=now, expires_at=now + ttl
    )
    session.add(row)
    audit(session, actor, "device.code", office, {"label": label}, now=now)
    session.commit()
    log.info("enrolment code issued office=%s label=%r expires=%s", office, label, row.expires_at)
    return EnrolmentIssued(code=code, office=office, label=label, expires_at=row.expires_at)


def enroll_device(
    *,
    session: Session,
    code: str,
    label: str,
    bundle_key: str | None = None,
    server_bundle_key: str | None = None,
    now: datetime | None = None,
) -> EnrollResponse:
    """Exchange a valid enrolment code for a new device token (the code is used up)."""
    now = now or utcnow()
    if bundle_key is not None:
        try:
            PublicKeys.parse(bundle_key)
        except ValueError:
            raise InvalidInput("bundle_key is not a Pantau public key (base64 of 64 bytes)") from None
    hashed = code_hash(code)
    # Marking the code used with a conditional UPDATE makes two racing enrolments get one device.
    used = session.exec(
        sa.update(EnrolmentCode)
        .where(
            EnrolmentCode.code_hash == hashed,
            EnrolmentCode.used_at.is_(None),
            EnrolmentCode.expires_at > now,
        )
        .values(used_at=now)
        .returning(EnrolmentCode.office, EnrolmentCode.label)
    ).first()
    if used is None:
        session.rollback()
        # One answer for unknown, used and expired codes: a guesser learns nothing.
        raise NotAuthenticated(CODE_REFUSED, code="invalid_code")
    office, admin_label = used
    device_label = (
        admin_label if label.strip() in ("", admin_label) else f"{admin_label} ({label.strip()})"
    )
    token = new_token()
    device = Device(
        id=uuid4(),
        office=office,
        label=device_label[:200],
        token_hash=token_hash(token),
        created_at=now,
        bundle_key=bundle_key,
    )
    session.add(device)
    session.exec(
        sa.update(EnrolmentCode)
        .where(EnrolmentCode.code_hash == hashed)
        .values(device_id=device.id)
    )
    session.commit()
    log.info("device enrolled device=%s office=%s label=%r", device.id, office, device.label)
    return EnrollResponse(
        device_id=device.id, token=token, office=office, server_bundle_key=server_bundle_key
    )


def _device_info(device: Device) -> DeviceInfo:
    return DeviceInfo(
        id=device.id,
        office=device.office,
        label=device.label,
        created_at=device.created_at,
        revoked_at=device.revoked_at,
        last_seen_at=device.last_seen_at,
    )


def list_devices(*, session: Session, office: str | None = None) -> list[DeviceInfo]:
    query = select(Device).order_by(Device.office, Device.created_at)
    if office:
        query = query.where(Device.office == office)
    return [_device_info(device) for device in session.exec(query).all()]


def _device(session: Session, device_id: UUID) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        raise NotFound(
            f"no device {device_id} (see `pantau-server device list`)", pesan="PC tidak ditemukan."
        )
    return device


def revoke_device(
    *,
    session: Session,
    device_id: UUID,
    actor: str,
    reason: str = "",
    now: datetime | None = None,
) -> DeviceInfo:
    """Revoke a device's token at once; its office's reports stay. Revoking twice is refused."""
    device = _device(session, device_id)
    if device.revoked_at is not None:
        raise InvalidInput(
            f"device {device.id} is already revoked",
            pesan="PC ini sudah dicabut sebelumnya; tidak ada yang diubah.",
        )
    reason = " ".join(reason.split())[:500]
    device.revoked_at = now or utcnow()
    session.add(device)
    audit(session, actor, "device.revoke", str(device.id),
          {"office": device.office, "label": device.label, "reason": reason}, now=now)  # fmt: skip
    session.commit()
    session.refresh(device)
    log.info("device revoked device=%s office=%s reason=%r", device.id, device.office, reason)
    return _device_info(device)


def relabel_device(
    *, session: Session, device_id: UUID, label: str, actor: str, now: datetime | None = None
) -> DeviceInfo:
    """A new label for a PC (the token stays)."""
    device = _device(session, device_id)
    label = check_label(label)
    if label != device.label:
        audit(session, actor, "device.label", str(device.id), {"from": device.label, "to": label}, now=now)
        device.label = label
        session.add(device)
        session.commit()
        session.refresh(device)
    return _device_info(device)


def add_analyst(*, session: Session, name: str, now: datetime | None = None) -> AnalystIssued:
    name = name.strip()
    if not name or len(name) > 200:
        raise InvalidInput("the analyst name must be 1 to 200 characters")
    token = new_token()
    analyst = Analyst(
        id=uuid4(), name=name, token_hash=token_hash(token), created_at=now or utcnow()
    )
    session.add(analyst)
    session.commit()
    log.info("analyst added id=%s name=%r", analyst.id, name)
    return AnalystIssued(id=analyst.id, name=name, token=token)


def list_analysts(*, session: Session) -> list[AnalystInfo]:
    return [
        _analyst_info(a) for a in session.exec(select(Analyst).order_by(Analyst.created_at)).all()
    ]


def _analyst_info(analyst: Analyst) -> AnalystInfo:
    return AnalystInfo(
        id=analyst.id, name=analyst.name, created_at=analyst.created_at, revoked_at=analyst.revoked_at
    )


def revoke_analyst(
    *, session: Session, analyst_id: UUID, actor: str, now: datetime | None = None
) -> AnalystInfo:
    """The analyst token stops working at once; the reviews made with it stay."""
    analyst = session.get(Analyst, analyst_id)
    if analyst is None:
        raise NotFound(f"no analyst {analyst_id} (see `pantau-server analyst list`)")
    if analyst.revoked_at is None:
        analyst.revoked_at = now or utcnow()
        session.add(analyst)
        audit(session, actor, "analyst.revoke", str(analyst.id), {"name": analyst.name})
        session.commit()
        session.refresh(analyst)
        log.info("analyst revoked id=%s", analyst.id)
    return _analyst_info(analyst)


def read_form_file(data: bytes, name: str) -> dict[str, Any]:
    """A form file's JSON object; anything else is refused with a message naming the file."""
    try:
        definition = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            f"{name} is not valid JSON: {exc}", pesan=f"Berkas {name} bukan JSON yang sah: {exc}"
        ) from None
    if not isinstance(definition, dict):
        raise InvalidInput(
            f"{name} must hold one JSON object (a form definition)",
            pesan=f"Berkas {name} harus berisi satu objek JSON (definisi formulir).",
        )
    return definition


def check_form(*, session: Session, definition: dict[str, Any]) -> FormDef:
    """The form a definition describes, if it may be published: valid, and a version not taken."""
    try:
        form = parse_form(definition)
    except FormDefinitionError as exc:
        raise InvalidInput(
            f"form definition refused: {exc}", pesan=f"Definisi formulir ditolak: {exc}"
        ) from exc
    bundled = FormRegistry.bundled()
    if form.id in {f.id for f in bundled.forms()} and form.version in bundled.versions(form.id):
        raise InvalidInput(
            f"{form.id} version {form.version} ships with Pantau; publish a higher version",
            pesan=f"{form.id} versi {form.version} sudah dibawa Pantau; terbitkan versi yang lebih tinggi.",
        )
    if session.get(PublishedForm, (form.id, form.version)) is not None:
        raise InvalidInput(
            f"{form.id} version {form.version} is already published; use a higher version",
            pesan=f"{form.id} versi {form.version} sudah diterbitkan; gunakan versi yang lebih tinggi.",
        )
    return form


def list_published_forms(*, session: Session) -> list[PublishedFormInfo]:
    rows = session.exec(
        select(PublishedForm.form_id, PublishedForm.version, PublishedForm.published_at).order_by(
            PublishedForm.form_id, PublishedForm.version.desc()
        )
    ).all()
    return [PublishedFormInfo(form_id=f, version=v, published_at=at) for f, v, at in rows]


def publish_form(
    *,
    session: Session,
    definition: dict[str, Any],
    actor: str = "system",
    now: datetime | None = None,
) -> PublishedFormInfo:
    """Publish a form version to every office; refuses broken definitions and taken versions."""
    form = check_form(session=session, definition=definition)
    now = now or utcnow()
    session.add(
        PublishedForm(
            form_id=form.id, version=form.version, definition=definition, published_at=now
        )
    )
    feed.append(
        session=session,
        office=None,
        event=FormPublished(form_id=form.id, version=form.version, definition=definition),
        now=now,
    )
    audit(session, actor, "form.publish", f"{form.id} v{form.version}", now=now)
    session.commit()
    log.info("form published form=%s version=%s", form.id, form.version)
    return PublishedFormInfo(form_id=form.id, version=form.version, published_at=now)
