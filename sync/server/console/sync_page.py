"""`/sinkronisasi` Kesehatan sinkronisasi: the board of every office's link (every role)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sync.server.deps import SessionDep, SettingsDep

from . import sync_board
from .pages import render
from .security import Reader

router = APIRouter()


@router.get("/sinkronisasi")
def sinkronisasi(request: Request, db: SessionDep, settings: SettingsDep, user: Reader) -> Response:
    board = sync_board.build(
        session=db, now=request.app.state.clock(), threshold=settings.silence_threshold
    )
    peak = max((max(o.history) for o in board.offices), default=0) or 1
    return render(
        request,
        "sinkronisasi.html",
        {
            "title": "Kesehatan sinkronisasi",
            "board": board,
            "peak": peak,
            "urgent_patience": sync_board.URGENT_PATIENCE,
        },
    )
