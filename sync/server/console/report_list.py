"""`/laporan` Daftar laporan: filters, search, sort and keyset paging; CSV/XLSX of the filtered set."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from sync.regions import Regions
from sync.server.deps import SessionDep
from sync.server.tokens import utcnow

from . import exports, listing
from .labels import ALERT_LEVELS, REVIEW_STATES, labels_for
from .pages import render
from .security import PageError, Reader

router = APIRouter()


def _query(request: Request, db: SessionDep) -> tuple[listing.ListQuery, object]:
    labels = labels_for(request.app.state.catalogue.registry(session=db))
    try:
        return listing.parse(request.query_params, labels), labels
    except listing.BadFilter as exc:
        raise PageError(
            422,
            "Filter tidak dapat digunakan: " + "; ".join(exc.problems) + ".",
            title="Filter tidak valid",
        ) from None


@router.get("/laporan")
def report_list(request: Request, db: SessionDep, user: Reader) -> Response:
    query, labels = _query(request, db)
    result = listing.page(session=db, query=query)
    partial = request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == "hasil"
    regions = Regions.load()
    return render(
        request,
        "_laporan_hasil.html" if partial else "laporan.html",
        {
            "title": "Daftar laporan",
            "query": query,
            "page": result,
            "labels": labels,
            "alert_levels": ALERT_LEVELS,
            "review_states": REVIEW_STATES,
            "withdrawn_choices": listing.WITHDRAWN,
            "sorts": listing.SORT_LABELS,
            "kecamatan_by_office": {
                code: regions.kecamatan_of(code) for code in labels.offices
            },
        },
    )


@router.get("/laporan/ekspor")
def export(request: Request, db: SessionDep, user: Reader, format: str = "csv") -> Response:
    if format not in exports.FORMATS:
        raise PageError(422, "Format ekspor harus csv atau xlsx.", title="Format tidak dikenal")
    query, labels = _query(request, db)
    stamp = utcnow().strftime("%Y%m%d-%H%M")
    filename = f"laporan-pantau-{stamp}.{format}"
    body = exports.write(
        format,
        engine=request.app.state.engine,
        query=query,
        labels=labels,
        registry=request.app.state.catalogue.registry(session=db),
    )
    db.close()  # the stream reads with its own session; SQLite must not see two writers' locks
    return StreamingResponse(
        body,
        media_type=exports.FORMATS[format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
