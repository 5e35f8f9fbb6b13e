"""`/rekap` Rekap provinsi: the period's figures on the page, as PDF on the letterhead, or as XLSX."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sync.forms.text import WIT
from sync.server.deps import SessionDep, SettingsDep
from sync.server.tokens import utcnow

from . import recap_data
from .labels import labels_for
from .pages import render
from .security import PageError, Reader

router = APIRouter()
FORMATS = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@router.get("/rekap")
def recap(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    user: Reader,
    bulan: str = "",
    dari: str = "",
    sampai: str = "",
    format: str = "",
) -> Response:
    today = utcnow().astimezone(WIT).date()
    if format and format not in FORMATS:
        raise PageError(422, "Format rekap harus pdf atau xlsx.", title="Format tidak dikenal")
    if not (bulan or dari or sampai):
        if format:
            raise PageError(422, "Pilih bulan (TTTT-BB) atau rentang tanggal untuk rekap.", title="Periode belum dipilih")
        bulan = today.strftime("%Y-%m")
    try:
        first, last, title = recap_data.period(bulan=bulan, dari=dari, sampai=sampai, today=today)
    except recap_data.BadPeriod as exc:
        raise PageError(422, str(exc), title="Periode rekap tidak valid") from None
    registry = request.app.state.catalogue.registry(session=db)
    labels = labels_for(registry)
    figures = recap_data.build(session=db, registry=registry, labels=labels, first=first, last=last, title=title)
    stem = f"rekap-provinsi-{first:%Y%m%d}-{last:%Y%m%d}"
    # fpdf2, openpyxl and the map's geometry load with the first recap file, not with the server
    if format == "pdf":
        from . import recap_pdf
        from .map_query import period_tally

        counts = period_tally(session=db, first=first, last=last)
        body = recap_pdf.render(figures, address=settings.letterhead_address, today=today, counts=counts)
    elif format == "xlsx":
        from . import recap_xlsx

        body = recap_xlsx.render(figures)
    else:
        return render(
            request,
            "rekap.html",
            {
                "title": "Rekap provinsi",
                "recap": figures,
                "tables": recap_data.sections(figures),
                "bulan": bulan,
                "dari": dari,
                "sampai": sampai,
                "query": f"bulan={bulan}" if bulan else f"dari={dari}&sampai={sampai}",
            },
        )
    return Response(
        body,
        media_type=FORMATS[format],
        headers={"Content-Disposition": f'attachment; filename="{stem}.{format}"', "Cache-Control": "no-store"},
    )
