"""Random secrets shown once and the SHA-256 hashes that are all the database keeps."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime


def new_token() -> str:
    """A device or analyst bearer token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def new_enrolment_code() -> str:
    """A one-time code an administrator reads out or sends to an office: short but unguessable."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: dictated over the phone
    raw = "".join(secrets.choice(alphabet) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def normalise_code(code: str) -> str:
    """Codes are typed by people: ignore case, spaces and dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def code_hash(code: str) -> str:
    return token_hash(normalise_code(code))


def utcnow() -> datetime:
    return datetime.now(UTC)
