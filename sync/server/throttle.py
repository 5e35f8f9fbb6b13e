"""Failed sign-ins slow down guessing: too many for one account or one address lock it a while."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, func, select

from sync.server.models import LoginFailure, UTCDateTime


def wait_minutes(
    *,
    session: Session,
    username: str,
    address: str,
    now: datetime,
    window: timedelta,
    per_account: int,
    per_address: int,
) -> int:
    """Minutes until a sign-in for `username` from `address` is allowed again; 0 if it is now."""
    since = now - window
    waits = []
    for column, value, limit in (
        (LoginFailure.username, username, per_account),
        (LoginFailure.address, address, per_address),
    ):
        count, oldest = session.exec(
            select(func.count(), sa.type_coerce(func.min(LoginFailure.failed_at), UTCDateTime())).where(
                column == value, LoginFailure.failed_at > since
            )
        ).one()
        if count >= limit:
            waits.append(max(1, math.ceil((oldest + window - now).total_seconds() / 60)))
    session.rollback()
    return max(waits, default=0)


def record_failure(*, session: Session, username: str, address: str, now: datetime) -> None:
    session.add(LoginFailure(username=username[:64], address=address[:64], failed_at=now))
    session.commit()


def forget(*, session: Session, username: str, now: datetime, window: timedelta) -> None:
    """After a good sign-in the account's failures no longer count; old rows of all are pruned."""
    session.exec(
        sa.delete(LoginFailure).where(
            sa.or_(LoginFailure.username == username, LoginFailure.failed_at <= now - window)
        )
    )
    session.commit()
