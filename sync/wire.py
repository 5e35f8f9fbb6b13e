"""Sync protocol v1: the JSON bodies exchanged by the office client and the provincial server.

One module shared by `sync.client` and `sync.server`, so both sides always agree.
Every datetime on the wire is ISO 8601 with an offset and is stored in UTC.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

API_PREFIX = "/api/v1"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
OFFICE_PATTERN = r"^81\.\d{2}$"
MAX_ITEMS_PER_PUSH = 1000
# A push body's name: the SHA-256 of its bytes as sent (encoded), so that a cut one resumes.
PUSH_ID_HEADER = "Pantau-Push-Id"

ItemStatus = Literal["submitted", "withdrawn"]
ResultStatus = Literal["accepted", "duplicate", "rejected", "conflict"]
Decision = Literal["verified", "needs_revision"]


class WireModel(BaseModel):
    """Strict base: unknown keys are refused so that typos surface as 422, not silence."""

    model_config = ConfigDict(extra="forbid")


class Health(WireModel):
    status: Literal["ok"] = "ok"
    time: datetime


class EnrollRequest(WireModel):
    code: str = Field(min_length=4, max_length=64)
    label: str = Field(min_length=1, max_length=200)
    bundle_key: str | None = Field(default=None, max_length=100)  # the PC's public keys (bundles)

    @field_validator("label")
    @classmethod
    def _printable(cls, value: str) -> str:
        # The label reaches the administrator's terminal: no control characters or escapes.
        if not value.isprintable():
            raise ValueError("the label must hold printable characters only")
        return value


class EnrollResponse(WireModel):
    device_id: UUID
    token: str
    office: str
    server_bundle_key: str | None = None  # the province's public keys (bundles); absent on old servers


class AttachmentRef(WireModel):
    sha256: str = Field(pattern=SHA256_PATTERN)
    size: int = Field(ge=0)
    filename: str = Field(min_length=1, max_length=255)
    mime: str = Field(min_length=1, max_length=127)


class PushItem(WireModel):
    """One revision of one report, as frozen on the office PC."""

    id: UUID
    revision: int = Field(ge=1)
    form_id: str = Field(min_length=1, max_length=64)
    form_version: int = Field(ge=1)
    office: str = Field(pattern=OFFICE_PATTERN)
    status: ItemStatus
    created_at: datetime
    updated_at: datetime
    data: dict[str, Any]
    attachments: list[AttachmentRef] = Field(default_factory=list)
    withdraw_reason: str | None = Field(default=None, max_length=2000)


class PushRequest(WireModel):
    items: list[PushItem] = Field(max_length=MAX_ITEMS_PER_PUSH)


class ItemResult(WireModel):
    """The server's answer for one pushed item.

    `conflict`: the server already holds this (id, revision) with other content; the
    item is not stored, and `latest_revision` says the server's newest revision of the
    report, so the PC can resend the change as `latest_revision + 1`.
    """

    id: UUID
    revision: int
    status: ResultStatus
    reason: str | None = None
    latest_revision: int | None = None


class PushResponse(WireModel):
    results: list[ItemResult]
    server_time: datetime


class PushPartial(WireModel):
    """How many bytes of a cut push body the server holds (0: none; send it whole)."""

    offset: int


class LatestRevisionsRequest(WireModel):
    """Which revision of these reports does the server hold? (asked after a restore)."""

    ids: list[UUID] = Field(max_length=MAX_ITEMS_PER_PUSH)


class LatestRevisionsResponse(WireModel):
    """Report id → the server's newest revision; ids the server lacks are left out."""

    latest: dict[UUID, int]


class MissingRequest(WireModel):
    sha256: list[str] = Field(max_length=10_000)


class MissingResponse(WireModel):
    missing: list[str]


class UploadState(WireModel):
    offset: int
    complete: bool


class ReviewFeedback(WireModel):
    """The province's decision on one report, pulled back to its office."""

    kind: Literal["review"] = "review"
    report_id: UUID
    revision: int
    decision: Decision
    comment: str = ""
    reviewed_at: datetime


class FormPublished(WireModel):
    """A form version published by the province; `definition` is the form file's JSON."""

    kind: Literal["form"] = "form"
    form_id: str
    version: int
    definition: dict[str, Any]


HEARTBEAT_HEADER = "Pantau-Heartbeat"
MAX_HEARTBEAT_BYTES = 512  # the server ignores a longer header; a client sends < 200 bytes


class Heartbeat(BaseModel):
    """How the office PC is, sent as compact JSON in `Pantau-Heartbeat` with every request.

    Optional (older clients send none) and shown to the province only: never trusted for
    anything else. Unknown keys are ignored so that later clients may add some.
    """

    model_config = ConfigDict(extra="ignore")

    app: str = Field(default="", max_length=32)  # app version
    wait: int = Field(default=0, ge=0)  # revisions waiting to be sent
    urgent: int = Field(default=0, ge=0)  # of which urgent
    oldest: int | None = Field(default=None, ge=0)  # seconds the oldest has waited
    uoldest: int | None = Field(default=None, ge=0)  # seconds the oldest urgent one has waited
    err: str = Field(default="", max_length=120)  # the last sync error, "" after a success
    # the highest version pulled from the province per form (bundled ones go with `app`)
    forms: dict[str, int] = Field(default_factory=dict)

    def header(self) -> str:
        """The header value: ASCII JSON without spaces (headers carry Latin-1 only)."""
        return json.dumps(self.model_dump(exclude_defaults=True), separators=(",", ":"))


class PullResponse(WireModel):
    items: list[ReviewFeedback | FormPublished]
    cursor: str
    more: bool = False


class ReviewRequest(WireModel):
    decision: Decision
    comment: str = Field(default="", max_length=5000)


class RevisionOut(WireModel):
    revision: int
    status: ItemStatus
    form_version: int
    data: dict[str, Any]
    attachments: list[AttachmentRef]
    withdraw_reason: str | None = None
    created_at: datetime
    updated_at: datetime
    received_at: datetime
    seq: int


class ReportSummary(WireModel):
    id: UUID
    office: str
    form_id: str
    latest_revision: int
    status: ItemStatus
    urgent: bool
    title: str
    received_at: datetime
    review: Decision | None = None
    review_comment: str | None = None


class ReportDetail(ReportSummary):
    revisions: list[RevisionOut]


class ReportList(WireModel):
    items: list[ReportSummary]
    count: int


class ErrorBody(WireModel):
    """Every 4xx answer: a stable machine code and a sentence for people."""

    detail: str | list[Any]
    code: str | None = None
    offset: int | None = None  # 409 on an upload chunk: the byte the server holds up to
