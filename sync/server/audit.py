"""The audit trail: every change made in the console or by `pantau-server` admin commands."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from sync.server.models import AuditEntry
from sync.server.tokens import utcnow


@dataclass(frozen=True, slots=True)
class AuditInfo:
    at: datetime
    actor: str
    action: str
    target: str
    detail: dict[str, Any]


def audit(
    session: Session,
    actor: str,
    action: str,
    target: str,
    detail: dict[str, Any] | None = None,
    *,
    now: datetime | None = None,
) -> None:
    """Add one entry to `session`; it is committed with the change it describes, never alone."""
    session.add(
        AuditEntry(
            at=now or utcnow(),
            actor=actor[:200],
            action=action[:64],
            target=target[:200],
            detail=detail or {},
        )
    )


def console_actor(username: str) -> str:
    return f"konsol:{username}"


def cli_actor() -> str:
    """Who ran `pantau-server` on the server's shell (the operating-system account)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no passwd entry (containers)
        return "cli"


def list_entries(
    *,
    session: Session,
    action: str | None = None,
    actor: str | None = None,
    target: str | None = None,
    limit: int = 200,
) -> list[AuditInfo]:
    """The newest entries first, optionally of one action, one actor, a target containing `target`."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEntry.action == action)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if target:
        query = query.where(AuditEntry.target.contains(target, autoescape=True))
    return [
        AuditInfo(at=e.at, actor=e.actor, action=e.action, target=e.target, detail=e.detail)
        for e in session.exec(query).all()
    ]


def actions_and_actors(*, session: Session) -> tuple[list[str], list[str]]:
    """Every action and every actor in the audit, for the console's filters."""
    actions = session.exec(select(AuditEntry.action).distinct().order_by(AuditEntry.action)).all()
    actors = session.exec(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)).all()
    return list(actions), list(actors)
