"""API v1 for provincial analysts: report lists, details and reviews."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from sync.server import reports
from sync.server.deps import CurrentAnalyst, SessionDep
from sync.server.errors import InvalidInput
from sync.server.tokens import utcnow
from sync.wire import (
    OFFICE_PATTERN,
    ErrorBody,
    ItemStatus,
    ReportDetail,
    ReportList,
    ReportSummary,
    ReviewRequest,
)

router = APIRouter(prefix="/reports", tags=["analyst"])
ERRORS = {401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 404: {"model": ErrorBody}}


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError:
        raise InvalidInput("since is out of range") from None


@router.get("", response_model=ReportList, responses=ERRORS)
def list_reports(
    session: SessionDep,
    analyst: CurrentAnalyst,
    office: Annotated[str | None, Query(pattern=OFFICE_PATTERN)] = None,
    form: Annotated[str | None, Query(pattern=r"^[a-z0-9_]{1,64}$")] = None,
    status: ItemStatus | None = None,
    urgent: bool | None = None,
    since: Annotated[
        datetime | None, Query(description="received at or after (ISO 8601; UTC if no offset)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ReportList:
    """Every office's reports, urgent first, then the most recently received."""
    query = reports.ReportFilter(
        office=office,
        form_id=form,
        status=status,
        urgent=urgent,
        since=_utc(since),
        limit=limit,
        offset=offset,
    )
    return reports.list_reports(session=session, query=query)


@router.get("/{report_id}", response_model=ReportDetail, responses=ERRORS)
def report_detail(report_id: UUID, session: SessionDep, analyst: CurrentAnalyst) -> ReportDetail:
    """One report with every revision the province received."""
    return reports.report_detail(session=session, report_id=report_id)


@router.post("/{report_id}/review", response_model=ReportSummary, responses=ERRORS)
def review(
    report_id: UUID, body: ReviewRequest, session: SessionDep, analyst: CurrentAnalyst
) -> ReportSummary:
    """Verify the latest revision or ask the office to revise it; the office pulls the result."""
    return reports.review_report(
        session=session,
        analyst_id=analyst.id,
        report_id=report_id,
        decision=body.decision,
        comment=body.comment,
        now=utcnow(),
        actor=f"api:analyst:{analyst.id}",
    )
