"""`/peta`: Maluku's kecamatan shaded by the filtered reports, with a table, linked to the report list."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup
from sqlmodel import Session

from sync.maps import MapTally, render_svg, tally
from sync.maps.svg import LEVEL_COLOURS
from sync.server.deps import SessionDep
from sync.server.tokens import utcnow

from .labels import ALERT_LEVELS, REVIEW_STATES, Labels, labels_for
from .listing import ListQuery
from .map_query import MapFilter, map_filter, map_tally, parse_filter, regency_name
from .memo import data_version, memo_of
from .pages import render
from .security import Reader

router = APIRouter()
PAGE_WIDTH, SMALL_WIDTH = 900, 460


def warm_up() -> None:
    """Simplify the boundaries for both map sizes now, so that the first visitor does not wait."""
    for width in (PAGE_WIDTH, SMALL_WIDTH):
        render_svg(tally(by_kecamatan=[]), width=width)


def map_svg(counts: MapTally, chosen: MapFilter, *, width: int, title: str) -> Markup:
    """The SVG for a page; every text in it was escaped by `render_svg`."""
    # the "tanpa lokasi/di luar peta" line is the page's own text, under the map
    svg = render_svg(counts, width=width, title=title, note=False, link=chosen.list_urls())
    return Markup(svg)  # noqa: S704


def small_map(*, session: Session, now: datetime) -> tuple[Markup, MapTally, MapFilter]:
    """Beranda's map: early warnings of the last 30 days, small."""
    chosen = map_filter(ListQuery(), now=now)
    counts = map_tally(session=session, chosen=chosen, width=SMALL_WIDTH)
    return map_svg(counts, chosen, width=SMALL_WIDTH, title="Peta deteksi dini 30 hari terakhir"), counts, chosen


@router.get("/peta")
def peta(request: Request, db: SessionDep, user: Reader) -> Response:
    labels: Labels = labels_for(request.app.state.catalogue.registry(session=db))
    chosen = parse_filter(request.query_params, labels=labels, now=utcnow())
    place = regency_name(chosen.regency)
    link = chosen.list_urls()

    def draw() -> tuple[MapTally, Markup]:
        counts = map_tally(session=db, chosen=chosen, width=PAGE_WIDTH)
        return counts, map_svg(counts, chosen, width=PAGE_WIDTH, title=f"Peta laporan per kecamatan — {place}")

    counts, svg = memo_of(request).get(("peta", chosen.query, data_version(session=db)), draw)
    return render(
        request,
        "peta.html",
        {
            "title": "Peta",
            "chosen": chosen,
            "counts": counts,
            "place": place,
            "svg": svg,
            "links": {row.code: link(row.code) for row in counts.rows()},
            "labels": labels,
            "alert_levels": ALERT_LEVELS,
            "review_states": REVIEW_STATES,
            "level_colours": LEVEL_COLOURS,
        },
    )
