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


class SyncNoAnswer(SyncUnavailable):
    """The server was reached but gave no usable answer: a read timeout, the connection
    closed, or it is busy or failing (408, 429, 5xx).

    The server may be overloaded or the link stalled; safe to retry like `SyncUnavailable`.
    The PC says "Server tidak menjawab" rather than "Tidak terhubung".
    """


class SyncConnectionClosed(SyncNoAnswer):
    """The connection closed before any byte of the answer came back.

    Typically the server closed an idle keep-alive connection while this request still
    waited in a modem's queue, so it never reached the server. Safe to resend at once on a
    new connection; by itself it says nothing about the link.
    """


class SyncAnswerBroken(SyncConnectionClosed):
    """The request reached the server whole; the connection closed in the middle of its answer.

    Safe to resend, but the server acted on it: a push asks what the server holds of its
    body first (it answers again from the body it kept); other calls ask the state again
    (an upload resumes at the server's offset) rather than sending the same bytes twice.
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
