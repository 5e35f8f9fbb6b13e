"""The rotating log files of the window and of the sync child (Qt-free: the child uses it too)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from sync import paths

LOG_FILE = "pantau.log"
SYNC_LOG_FILE = "pantau-sync.log"  # the sync child's own file: two processes never rotate one
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 5


def configure_logging(directory: Path | None = None, name: str = LOG_FILE) -> Path:
    """Send log records to a rotating file, once per process; returns the file's path."""
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and getattr(handler, "pantau_file", False):
            return Path(handler.baseFilename)
    path = (directory or paths.log_dir()) / name
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_MAX_BYTES,
                                                   backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.pantau_file = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
