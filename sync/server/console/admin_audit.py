"""`/admin/audit`: who changed what and when, in the console or with `pantau-server`, filterable."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from sync.server.audit import actions_and_actors, list_entries
from sync.server.deps import SessionDep

from .pages import render
from .security import Admin

router = APIRouter()
LIMIT = 500


@router.get("/admin/audit")
def audit_page(
    request: Request,
    db: SessionDep,
    user: Admin,
    tindakan: Annotated[str, Query(max_length=64)] = "",
    pelaku: Annotated[str, Query(max_length=200)] = "",
    sasaran: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    actions, actors = actions_and_actors(session=db)
    entries = list_entries(session=db, action=tindakan or None, actor=pelaku or None,
                           target=sasaran.strip() or None, limit=LIMIT)  # fmt: skip
    return render(
        request,
        "admin_audit.html",
        {"title": "Audit", "entries": entries, "actions": actions, "actors": actors,
         "tindakan": tindakan, "pelaku": pelaku, "sasaran": sasaran, "limit": LIMIT},  # fmt: skip
    )
