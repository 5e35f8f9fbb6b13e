"""Domain errors raised by the server's plain functions; the app maps each to one HTTP status."""

from __future__ import annotations


class ServerError(Exception):
    """Base: `code` is stable for machines, the message is a sentence for people."""

    status_code = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: object,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.headers = headers or {}
        self.extra = extra


class InvalidInput(ServerError):
    """The request is well-formed JSON but its content cannot be used."""

    status_code = 422
    code = "invalid_input"


class NotAuthenticated(ServerError):
    """No token, or an unknown, revoked or expired credential."""

    status_code = 401
    code = "not_authenticated"


class Forbidden(ServerError):
    """A valid credential that may not do this (an analyst pushing, a device reviewing)."""

    status_code = 403
    code = "forbidden"


class NotFound(ServerError):
    status_code = 404
    code = "not_found"


class Conflict(ServerError):
    """The request does not fit the current state (e.g. an upload chunk at the wrong offset)."""

    status_code = 409
    code = "conflict"


class TooLarge(ServerError):
    status_code = 413
    code = "too_large"


class TooManyAttempts(ServerError):
    """Refused for a while after repeated failures (enrolment code guessing)."""

    status_code = 429
    code = "too_many_attempts"
