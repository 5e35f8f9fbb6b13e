"""Plain objects a sync pass reports: live progress and the result of one pass."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from sync.client.errors import SyncError

# Outcomes of a pass, as written to the sync log.
SUCCESS = "success"  # everything pending was pushed (or quarantined) and feedback pulled
PARTIAL = "partial"  # stopped on request, or work was left for the next pass
UNREACHABLE = "unreachable"  # the link went away; retry later
AUTH = "auth"  # the token was refused; enrol again
ERROR = "error"  # the server spoke something unexpected
NOT_ENROLLED = "not_enrolled"

# What the PC can honestly say about the link (status bar, `pantau status`).
CONNECTED = "connected"  # the server answers ("Terhubung")
UNANSWERED = "unanswered"  # connected, but requests go unanswered ("Server tidak menjawab")
DISCONNECTED = "disconnected"  # the server cannot be reached ("Tidak terhubung")


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """Where a pass is; the GUI's worker turns these into Qt signals."""

    phase: str  # "push" | "upload" | "pull" | "done"
    items_done: int
    items_total: int
    bytes_up: int
    bytes_down: int
    current_report: UUID | None = None
    sending: frozenset[UUID] = frozenset()


@dataclass(frozen=True, slots=True)
class Rejection:
    report_id: UUID
    revision: int
    reason: str


@dataclass(slots=True)
class SyncResult:
    """What one pass achieved; `error` is set when it ended on a failure."""

    outcome: str = SUCCESS
    delivered: int = 0  # accepted as new by the server
    duplicates: int = 0  # the server had them already (a resend after a cut)
    rejected: list[Rejection] = field(default_factory=list)
    conflicts: int = 0  # the server held other content under a number: sent again above it
    pulled: int = 0
    attachments_uploaded: int = 0
    bytes_up: int = 0
    bytes_down: int = 0
    requests: int = 0
    elapsed: float = 0.0
    pending: int = 0  # still waiting after the pass
    pending_urgent: int = 0
    failures: int = 0  # requests that failed (cut, timed out, refused) and were retried
    resent: int = 0  # sent again at once: their connection closed before any answer
    error: SyncError | None = None

    @property
    def acknowledged(self) -> int:
        return self.delivered + self.duplicates
