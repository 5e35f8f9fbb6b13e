"""Structured logging for the server: one JSON object per line, to stderr and a rotating file."""

from __future__ import annotations

import json
import logging
import logging.handlers
import traceback
from datetime import UTC, datetime
from typing import Any

from sync.server.settings import ServerSettings


class JsonLines(logging.Formatter):
    """`{"ts", "level", "logger", "msg", ...fields}`; exceptions become a `"exc"` string."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

    def formatException(self, ei: Any) -> str:  # noqa: N802 (logging's name)
        """Where it failed and what kind of error, never the message: it may quote report text.

        The request line (method, path with the report id, caller) is in the access log.
        """
        parts: list[str] = []
        error: traceback.TracebackException | None = traceback.TracebackException(*ei)
        while error is not None:  # the chain of causes, the first one on top like Python's
            kind = error.exc_type
            name = f"{kind.__module__}.{kind.__qualname__}" if kind else "?"
            parts[:0] = [*error.stack.format(), f"{name}\n"]
            error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
        return "Traceback (most recent call last):\n" + "".join(parts).rstrip("\n")


def configure(settings: ServerSettings) -> None:
    """Send every server log (access, errors, uvicorn) as JSON lines to stderr and a file."""
    formatter = JsonLines()
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if settings.log_file:
        settings.log_dir.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                settings.log_dir / "server.log",
                maxBytes=10 * 1024 * 1024,
                backupCount=5,
                encoding="utf-8",
            )
        )
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        handler.setFormatter(formatter)
        root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # AccessLog writes the structured line
    logging.getLogger("alembic").setLevel(logging.WARNING)
