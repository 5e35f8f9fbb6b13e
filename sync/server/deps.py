"""Typed FastAPI dependencies: the database session and who is calling."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from sync.server import device_health
from sync.server.auth import LAST_SEEN_GRANULARITY, TOKEN_REQUIRED, authenticate
from sync.server.errors import Forbidden, NotAuthenticated
from sync.server.schemas import Principal
from sync.server.settings import ServerSettings
from sync.server.tokens import utcnow
from sync.wire import HEARTBEAT_HEADER

bearer = HTTPBearer(auto_error=False, description="Device token (office PC) or analyst token")


def get_settings(request: Request) -> ServerSettings:
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[ServerSettings, Depends(get_settings)]


def get_principal(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    checked = getattr(request.state, "auth", None)  # BodyGuard verified it before the body
    if checked is not None:
        return checked
    if credentials is None:
        raise NotAuthenticated(TOKEN_REQUIRED)
    principal = authenticate(
        session=session,
        token=credentials.credentials,
        now=utcnow(),
        touch_after=LAST_SEEN_GRANULARITY,
    )
    request.state.principal = f"{principal.kind}:{principal.id}"
    return principal


def get_device(
    request: Request, session: SessionDep, principal: Annotated[Principal, Depends(get_principal)]
) -> Principal:
    """The calling office PC; its heartbeat (if any) is kept for the sync-health board."""
    if principal.kind != "device":
        raise Forbidden("this call is for office devices; analyst tokens cannot push or pull")
    device_health.record(
        session=session,
        device_id=principal.id,
        header=request.headers.get(HEARTBEAT_HEADER),
        now=utcnow(),
    )
    return principal


def get_analyst(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
    if principal.kind != "analyst":
        raise Forbidden(
            "this call is for provincial analysts; a device token cannot read other reports"
        )
    return principal


CurrentDevice = Annotated[Principal, Depends(get_device)]
CurrentAnalyst = Annotated[Principal, Depends(get_analyst)]
