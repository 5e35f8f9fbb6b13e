"""Plain objects the server's functions return to the admin CLI and the HTML view."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from uuid import UUID


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: an enrolled device of one office, or a provincial analyst."""

    kind: str  # "device" | "analyst"
    id: UUID
    office: str | None  # None for analysts


@dataclass(frozen=True, slots=True)
class OfficeInfo:
    code: str
    name: str
    devices: int  # active (not revoked)
    last_contact: datetime | None
    reports: int
    backlog: int  # reports whose latest revision the province has not reviewed yet


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    id: UUID
    office: str
    label: str
    created_at: datetime
    revoked_at: datetime | None
    last_seen_at: datetime | None


@dataclass(frozen=True, slots=True)
class EnrolmentIssued:
    code: str  # shown once; only its hash is stored
    office: str
    label: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class AnalystIssued:
    id: UUID
    name: str
    token: str  # shown once; only its hash is stored


@dataclass(frozen=True, slots=True)
class AnalystInfo:
    id: UUID
    name: str
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A console account as lists show it (never its password hash)."""

    id: UUID
    username: str
    role: str  # admin | analyst | viewer
    created_at: datetime
    disabled_at: datetime | None
    last_login_at: datetime | None


@dataclass(frozen=True, slots=True)
class UserIssued:
    user: UserInfo
    password: str | None  # only when generated: shown once


@dataclass(frozen=True, slots=True)
class PublishedFormInfo:
    form_id: str
    version: int
    published_at: datetime


def to_json(obj: Any) -> Any:
    """A dataclass (or list of them) as JSON-ready data, for `--json` output."""
    if isinstance(obj, list):
        return [to_json(item) for item in obj]
    return {key: _plain(value) for key, value in asdict(obj).items()}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value
