"""`/` Beranda: what needs attention now, what is new, each office's month, early-warning trends."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import Response

from sync.forms.text import WIT
from sync.server.deps import SessionDep
from sync.server.models import UserAccount
from sync.server.tokens import utcnow

from . import chart, dashboard
from .labels import ALERT_LEVELS, labels_for
from .map_view import small_map
from .memo import data_version, memo_of
from .pages import render
from .security import Reader

router = APIRouter()


@router.get("/")
def beranda(request: Request, db: SessionDep, user: Reader) -> Response:
    now = utcnow()
    labels = labels_for(request.app.state.catalogue.registry(session=db))
    today = now.astimezone(WIT).date()
    version = data_version(session=db)
    figures = memo_of(request).get(("beranda", today, version), lambda: dashboard.shared(session=db, today=today))
    board = dashboard.build(session=db, labels=labels, now=now, since=user.last_visit_at, figures=figures)
    map_svg, map_counts, map_filter = memo_of(request).get(
        ("peta-kecil", today, version), lambda: small_map(session=db, now=now)
    )
    db.exec(sa.update(UserAccount).where(UserAccount.id == user.user_id).values(last_visit_at=now))
    db.commit()
    trend = chart.stacked_weeks(
        board.trend_weeks, {level: board.trend[level] for level in ALERT_LEVELS}, labels.alert_levels
    )
    return render(
        request,
        "beranda.html",
        {
            "title": "Beranda",
            "board": board,
            "labels": labels,
            "trend": trend,
            "level_colours": chart.LEVEL_COLOURS,
            "alert_levels": ALERT_LEVELS,
            "map_svg": map_svg,
            "map_counts": map_counts,
            "map_filter": map_filter,
        },
    )
