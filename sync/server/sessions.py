"""Console sign-in sessions: a random cookie (only its hash stored), a CSRF token, idle expiry."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

import sqlalchemy as sa
from sqlmodel import Session, select

from sync.server.models import ConsoleSession, UserAccount
from sync.server.tokens import new_token, token_hash

COOKIE = "pantau_sesi"
# Writing last_seen on every page would turn reads into writes; a minute is precise enough.
TOUCH_AFTER = timedelta(minutes=1)
MAX_COOKIE = 128


@dataclass(frozen=True, slots=True)
class SignedIn:
    """The person behind a request's session cookie."""

    user_id: UUID
    username: str
    role: str
    csrf_token: str
    last_visit_at: datetime | None


def open_session(*, session: Session, user: UserAccount, now: datetime) -> str:
    """A new session for `user`; returns the cookie value (shown to the browser only)."""
    token = new_token()
    session.add(
        ConsoleSession(
            token_hash=token_hash(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
        )
    )
    user.last_login_at = now
    session.add(user)
    session.commit()
    return token


def resolve(*, session: Session, token: str | None, now: datetime, idle: timedelta) -> SignedIn | None:
    """Who `token` belongs to, or None (unknown, forged, idle too long, account disabled)."""
    if not token or len(token) > MAX_COOKIE:
        return None
    hashed = token_hash(token)
    found = session.exec(
        select(ConsoleSession, UserAccount)
        .join(UserAccount, UserAccount.id == ConsoleSession.user_id)
        .where(ConsoleSession.token_hash == hashed)
    ).first()
    if found is None:
        session.rollback()
        return None
    row, user = found
    if user.disabled_at is not None or now - row.last_seen_at > idle:
        session.exec(sa.delete(ConsoleSession).where(ConsoleSession.token_hash == hashed))
        session.commit()
        return None
    signed_in = SignedIn(
        user_id=user.id,
        username=user.username,
        role=user.role,
        csrf_token=row.csrf_token,
        last_visit_at=user.last_visit_at,
    )
    if now - row.last_seen_at > TOUCH_AFTER:
        session.exec(
            sa.update(ConsoleSession)
            .where(ConsoleSession.token_hash == hashed)
            .values(last_seen_at=now)
        )
        session.commit()
    else:
        session.rollback()
    return signed_in


def close_session(*, session: Session, token: str | None) -> None:
    if token and len(token) <= MAX_COOKIE:
        session.exec(sa.delete(ConsoleSession).where(ConsoleSession.token_hash == token_hash(token)))
        session.commit()
