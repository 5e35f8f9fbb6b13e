"""Console accounts: add, list, disable, change password or role, check a sign-in."""

from __future__ import annotations

import logging
import re
from datetime import datetime
from uuid import uuid4

import sqlalchemy as sa
from sqlmodel import Session, func, select

from sync.server import passwords
from sync.server.audit import audit
from sync.server.errors import InvalidInput, NotFound
from sync.server.models import ConsoleSession, UserAccount
from sync.server.schemas import UserInfo, UserIssued
from sync.server.tokens import utcnow

log = logging.getLogger(__name__)

ROLES = ("admin", "analyst", "viewer")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def _info(user: UserAccount) -> UserInfo:
    return UserInfo(
        id=user.id,
        username=user.username,
        role=user.role,
        created_at=user.created_at,
        disabled_at=user.disabled_at,
        last_login_at=user.last_login_at,
    )


def normalise_username(username: str) -> str:
    return username.strip().lower()


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise InvalidInput(
            f"unknown role {role!r}; one of {', '.join(ROLES)}", pesan="Peran tidak dikenal."
        )


def find_user(*, session: Session, username: str) -> UserAccount:
    user = session.exec(
        select(UserAccount).where(UserAccount.username == normalise_username(username))
    ).first()
    if user is None:
        raise NotFound(
            f"no account {username!r} (see `pantau-server user list`)", pesan="Akun tidak ditemukan."
        )
    return user


def add_user(
    *,
    session: Session,
    username: str,
    role: str,
    password: str | None,
    actor: str,
    now: datetime | None = None,
) -> UserIssued:
    """A new account; without `password` a strong one is generated and returned (once)."""
    name = normalise_username(username)
    if not USERNAME.match(name):
        raise InvalidInput(
            "the user name must be 2 to 64 characters: letters, digits, '.', '_' or '-'",
            pesan="Nama pengguna harus 2 sampai 64 karakter: huruf, angka, '.', '_' atau '-'.",
        )
    _check_role(role)
    secret = passwords.generate_password() if password is None else password
    hashed = passwords.hash_password(secret)
    if session.exec(select(UserAccount.id).where(UserAccount.username == name)).first():
        raise InvalidInput(
            f"the account {name!r} already exists", pesan=f"Akun {name} sudah ada."
        )
    now = now or utcnow()
    user = UserAccount(id=uuid4(), username=name, role=role, password_hash=hashed, created_at=now)
    session.add(user)
    audit(session, actor, "user.add", name, {"role": role}, now=now)
    session.commit()
    log.info("account added user=%s role=%s", name, role)
    return UserIssued(user=_info(user), password=secret if password is None else None)


def list_users(*, session: Session) -> list[UserInfo]:
    return [_info(u) for u in session.exec(select(UserAccount).order_by(UserAccount.username))]


def _active_admins(session: Session) -> int:
    return session.exec(
        select(func.count())
        .select_from(UserAccount)
        .where(UserAccount.role == "admin", UserAccount.disabled_at.is_(None))
    ).one()


def _refuse_losing_last_admin(session: Session, user: UserAccount) -> None:
    if user.role == "admin" and user.disabled_at is None and _active_admins(session) <= 1:
        raise InvalidInput(
            f"{user.username} is the last active administrator; add another admin first",
            pesan=f"{user.username} adalah administrator aktif terakhir; tambahkan administrator"
            " lain lebih dulu. Tidak ada yang diubah.",
        )


def end_sessions(session: Session, user: UserAccount) -> None:
    session.exec(sa.delete(ConsoleSession).where(ConsoleSession.user_id == user.id))


def _save_ending_sessions(
    session: Session, user: UserAccount, actor: str, action: str, now: datetime | None
) -> None:
    """Commit a change to the account that ends its sessions, audited as `action`."""
    session.add(user)
    end_sessions(session, user)
    audit(session, actor, action, user.username, now=now)
    session.commit()
    session.refresh(user)
    log.info("%s user=%s", action, user.username)


def disable_user(
    *, session: Session, username: str, actor: str, now: datetime | None = None
) -> UserInfo:
    """The account can no longer sign in; its open sessions end at once. History stays."""
    user = find_user(session=session, username=username)
    if user.disabled_at is None:
        _refuse_losing_last_admin(session, user)
        now = now or utcnow()
        user.disabled_at = now
        _save_ending_sessions(session, user, actor, "user.disable", now)
    return _info(user)


def set_password(
    *, session: Session, username: str, password: str, actor: str, now: datetime | None = None
) -> UserInfo:
    """A new password; every session of the account ends (a stolen cookie stops working)."""
    user = find_user(session=session, username=username)
    user.password_hash = passwords.hash_password(password)
    _save_ending_sessions(session, user, actor, "user.password", now)
    return _info(user)


def set_role(
    *, session: Session, username: str, role: str, actor: str, now: datetime | None = None
) -> UserInfo:
    user = find_user(session=session, username=username)
    _check_role(role)
    if role != user.role:
        if role != "admin":
            _refuse_losing_last_admin(session, user)
        audit(session, actor, "user.role", user.username, {"from": user.role, "to": role}, now=now)
        user.role = role
        session.add(user)
        session.commit()
        session.refresh(user)
    return _info(user)


def check_credentials(*, session: Session, username: str, password: str) -> UserAccount | None:
    """The account with this name and password (maybe disabled), else None (same time either way)."""
    name = normalise_username(username)
    user = (
        session.exec(select(UserAccount).where(UserAccount.username == name)).first()
        if USERNAME.match(name)
        else None
    )
    matches = passwords.verify_password(user.password_hash if user else None, password)
    return user if matches else None
