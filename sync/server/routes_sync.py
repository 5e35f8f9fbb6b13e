"""API v1 for office devices: health, enrolment, push, attachments, pull."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request
from starlette.concurrency import run_in_threadpool

from sync.bundle.province import server_keys
from sync.server import admin, device_health, feed, ingest
from sync.server.attachments import parse_content_range
from sync.server.deps import CurrentDevice, SessionDep, SettingsDep
from sync.server.errors import InvalidInput, NotAuthenticated, TooManyAttempts
from sync.server.tokens import utcnow
from sync.wire import (
    PUSH_ID_HEADER,
    SHA256_PATTERN,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    Health,
    LatestRevisionsRequest,
    LatestRevisionsResponse,
    MissingRequest,
    MissingResponse,
    PullResponse,
    PushPartial,
    PushRequest,
    PushResponse,
    UploadState,
)

router = APIRouter(tags=["sync"])
AUTH_ERRORS = {401: {"model": ErrorBody}, 403: {"model": ErrorBody}}
_SHA256 = re.compile(SHA256_PATTERN)
Sha256 = Annotated[
    str, Path(pattern=SHA256_PATTERN, description="lowercase hex SHA-256 of the file")
]


@router.get("/health", response_model=Health)
def health() -> Health:
    return Health(time=utcnow())


@router.post(
    "/enroll",
    response_model=EnrollResponse,
    responses={401: {"model": ErrorBody}, 429: {"model": ErrorBody}},
)
def enroll(
    body: EnrollRequest, request: Request, session: SessionDep, settings: SettingsDep
) -> EnrollResponse:
    """Exchange a one-time enrolment code for this PC's device token (shown once).

    Unknown, used and expired codes get one answer; after repeated refusals from one
    address the server answers 429 with `Retry-After` for a while.
    """
    throttle = request.app.state.enrol_throttle
    address = request.client.host if request.client else "-"
    wait = throttle.retry_after(address)
    if wait:
        raise TooManyAttempts(
            "too many refused enrolment codes from this address; try again later",
            headers={"Retry-After": str(wait)},
        )
    try:
        return admin.enroll_device(
            session=session,
            code=body.code,
            label=body.label,
            bundle_key=body.bundle_key,
            server_bundle_key=server_keys(settings).public.encoded(),
        )
    except NotAuthenticated:
        throttle.failed(address)
        raise


@router.post(
    "/push",
    response_model=PushResponse,
    responses={
        **AUTH_ERRORS,
        409: {"model": ErrorBody, "description": "a resumed body's start is not what the server holds"},
        413: {"model": ErrorBody},
        422: {"model": ErrorBody, "description": "invalid items, or a body that is not its Pantau-Push-Id"},
    },
)
def push(
    body: PushRequest,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    device: CurrentDevice,
    push_id: Annotated[
        str | None,
        Header(
            alias=PUSH_ID_HEADER,
            pattern=SHA256_PATTERN,
            description="lowercase hex SHA-256 of the body as sent (encoded): names it, so that "
            "a cut one can be resumed",
        ),
    ] = None,
    content_range: Annotated[
        str | None,
        Header(
            description="with Pantau-Push-Id: bytes START-END/TOTAL, the rest of a body the "
            "server holds the first START bytes of (GET /push/partial/{push_id})"
        ),
    ] = None,
) -> PushResponse:
    """Store a batch of report revisions; every item gets its own result.

    The body may be sent with `Content-Encoding: gzip` or `zstd`. Attachments an item refers to must
    be uploaded first, or the item is rejected with reason "missing attachment". A
    (report id, revision) the server already holds is `duplicate` when its content is the
    same and `conflict` (with `latest_revision`) when it differs.

    A body named by `Pantau-Push-Id` and cut before its end is kept for a while; the PC then
    sends only the rest, with `Content-Range`, and the server reads the two as one body.
    """
    registry = request.app.state.catalogue.registry(session=session)
    session.commit()  # end the read: on SQLite every transaction holds the write lock
    lang = "id" if request.headers.get("accept-language", "").lower().startswith("id") else "en"
    now = utcnow()
    results = ingest.push_items(
        session=session,
        device=device,
        items=body.items,
        registry=registry,
        max_attachment_bytes=settings.max_attachment_bytes,
        lang=lang,
        now=now,
    )
    device_health.pushed(session=session, device_id=device.id, now=now)
    return PushResponse(results=results, server_time=now)


@router.get("/push/partial/{push_id}", response_model=PushPartial, responses=AUTH_ERRORS)
def push_partial(
    push_id: Annotated[
        str, Path(pattern=SHA256_PATTERN, description="the Pantau-Push-Id of a cut push")
    ],
    request: Request,
    device: CurrentDevice,
) -> PushPartial:
    """How many bytes of this device's cut push body the server holds: send the rest from
    there with `Content-Range` (0: none, send it whole). Kept an hour at most."""
    return PushPartial(
        offset=request.app.state.push_spool.offset(device=device.id, push_id=push_id, now=utcnow())
    )


@router.post("/revisions/latest", response_model=LatestRevisionsResponse, responses=AUTH_ERRORS)
def revisions_latest(
    body: LatestRevisionsRequest, session: SessionDep, device: CurrentDevice
) -> LatestRevisionsResponse:
    """The server's newest revision of each of these reports of this office (after a restore).

    Reports the server lacks, and reports of other offices, are left out of the answer.
    """
    assert device.office is not None
    return LatestRevisionsResponse(
        latest=ingest.latest_revisions(session=session, office=device.office, ids=body.ids)
    )


@router.post("/attachments/missing", response_model=MissingResponse, responses=AUTH_ERRORS)
def attachments_missing(
    body: MissingRequest, request: Request, session: SessionDep, device: CurrentDevice
) -> MissingResponse:
    """Which of these SHA-256 hashes this office still has to upload."""
    for sha in body.sha256:
        if not _SHA256.fullmatch(sha):
            raise InvalidInput(f"not a lowercase hex SHA-256: {sha[:80]!r}")
    store = request.app.state.attachments
    return MissingResponse(
        missing=store.missing(session=session, office=device.office, hashes=body.sha256)
    )


@router.get("/attachments/{sha256}", response_model=UploadState, responses=AUTH_ERRORS)
def attachment_state(
    sha256: Sha256, request: Request, session: SessionDep, device: CurrentDevice
) -> UploadState:
    """How many bytes of this file the server holds for this office (resume point)."""
    return request.app.state.attachments.state(
        session=session, office=device.office, device=device.id, sha256=sha256
    )


@router.put(
    "/attachments/{sha256}",
    response_model=UploadState,
    responses={
        **AUTH_ERRORS,
        409: {"model": ErrorBody},
        413: {"model": ErrorBody},
        422: {"model": ErrorBody},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
async def attachment_chunk(
    sha256: Sha256,
    request: Request,
    session: SessionDep,
    device: CurrentDevice,
    content_range: Annotated[
        str, Header(description="bytes START-END/TOTAL, or bytes */TOTAL to finish")
    ],
) -> UploadState:
    """Append one chunk at the server's offset (409 with the right offset otherwise).

    After the last byte the server checks the SHA-256 and keeps the file only if it matches.
    """
    chunk_range = parse_content_range(content_range)
    data = await request.body()
    return await run_in_threadpool(
        request.app.state.attachments.put_chunk,
        session=session,
        office=device.office,
        device=device.id,
        sha256=sha256,
        chunk_range=chunk_range,
        data=data,
        now=utcnow(),
    )


@router.get(
    "/pull", response_model=PullResponse, responses={**AUTH_ERRORS, 422: {"model": ErrorBody}}
)
def pull(
    session: SessionDep,
    settings: SettingsDep,
    device: CurrentDevice,
    cursor: Annotated[
        str | None, Query(max_length=64, description="cursor of the previous pull")
    ] = None,
) -> PullResponse:
    """Review results for this office's reports and newly published forms, after `cursor`."""
    return feed.pull(
        session=session, office=device.office, cursor=cursor, limit=settings.pull_page_size
    )
