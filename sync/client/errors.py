"""Domain errors of the sync client; each docstring says whether retrying is safe."""

from __future__ import annotations


class SyncError(Exception):
    """Base of every sync-client error; `str(exc)` is a sentence for people."""


class SyncAuthError(SyncError):
    """The server refused the device token (unknown or revoked).

    Retrying is pointless: nothing is lost locally, but the PC must be enrolled again
    (`pantau enroll`) before it can sync.
    """


class SyncUnavailable(SyncError):
    """The server could not be reached, timed out, or answered 5xx.

    Safe to retry with backoff: every push is idempotent on (report id, revision) and
    uploads resume at the server's offset, so a repeat never duplicates anything.
    """


class SyncRejected(SyncError):
    """The server refused a request on its merits (4xx other than auth), e.g. too large.

    Do not retry the same request unchanged: make it smaller or fix the content first.
    """

    def __init__(self, message: str, *, status: int, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class SyncProtocolError(SyncError):
    """The server's answer does not follow protocol v1 (bad JSON, unexpected shape).

    Retrying the same request is safe but will most likely fail again: the client or the
    server needs an update.
    """
