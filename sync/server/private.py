"""The server's data folder readable by the server's own user only (0700 folders, 0600 files)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)


def keep_private(data_dir: Path) -> None:
    """From now on this process creates private files; what exists in `data_dir` is made so.

    POSIX only: on Windows the folder's ACL (inherited from the service account's profile)
    is what protects it.
    """
    if os.name != "posix":
        return
    os.umask(0o077)
    data_dir.mkdir(parents=True, exist_ok=True)
    for folder, _subfolders, files in os.walk(data_dir):
        _chmod(Path(folder), 0o700)
        for name in files:
            _chmod(Path(folder) / name, 0o600)


def _chmod(path: Path, mode: int) -> None:
    try:
        if not path.is_symlink():
            os.chmod(path, mode)
    except OSError as exc:  # another user's file: say so, the command itself may still work
        log.warning("cannot make %s private: %s", path, exc.strerror)
