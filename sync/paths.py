"""Where Pantau finds its bundled resources and keeps its user data."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

import platformdirs

APP_NAME = "Pantau"
SERVER_APP_NAME = "Pantau Server"


def resource_path(*parts: str) -> Path:
    """A file under `resources/`, from a source checkout or a PyInstaller bundle."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base.joinpath("resources", *parts)


# Folders a sync client copies behind the program's back: SQLite's WAL and lock files there break
# the database (and the client may put back an older copy of it).
_SYNCED_FOLDERS = ("onedrive", "dropbox", "google drive", "my drive", "icloud drive")
_DRIVE_REMOTE = 4  # GetDriveTypeW: a mapped network drive


def _windows_remote_drive(root: str) -> bool:
    import ctypes

    return ctypes.windll.kernel32.GetDriveTypeW(root) == _DRIVE_REMOTE  # type: ignore[attr-defined]


def _as_path(text: str) -> PurePath:
    looks_windows = os.name == "nt" or re.match(r"^([A-Za-z]:|\\\\|//)", text) is not None
    return PureWindowsPath(text) if looks_windows else PurePosixPath(text)


def folder_problem(
    folder: str | os.PathLike[str],
    *,
    remote_drive: Callable[[str], bool] | None = None,
    environ: Mapping[str, str] = os.environ,
) -> str | None:
    """Why `folder` cannot hold Pantau's database, or None when it can.

    A network share (UNC path or mapped drive) or a folder synced by OneDrive and the like
    breaks SQLite's write-ahead log. `remote_drive` says whether a drive root ("Z:\\") is a
    network drive (default: Windows' own answer; no drive is remote elsewhere).
    """
    path = _as_path(os.fspath(folder))
    text = str(path)
    if isinstance(path, PureWindowsPath):
        unc = text.startswith("\\\\") and not re.match(r"^\\\\[?.]\\[A-Za-z]:", text)
        if unc or text.upper().startswith("\\\\?\\UNC\\"):
            return f"{text} is a network folder"
        if path.drive and remote_drive is None and os.name == "nt":
            remote_drive = _windows_remote_drive
        if path.drive and remote_drive is not None and remote_drive(path.drive + "\\"):
            return f"{text} is on the network drive {path.drive}"
    synced = [environ[key] for key in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer") if environ.get(key)]
    inside_synced = any(_as_path(root) == path or _as_path(root) in path.parents for root in synced)
    if inside_synced or any(part.lower().startswith(_SYNCED_FOLDERS) for part in path.parts):
        return f"{text} is synced by OneDrive or a similar service"
    return None


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The office PC's data folder: `override`, else $PANTAU_DATA_DIR, else the user data dir.

    Raises `UnsafeDataFolder` for a network or cloud-synced folder.
    """
    chosen = override or os.environ.get("PANTAU_DATA_DIR") or platformdirs.user_data_dir(APP_NAME, False)
    path = Path(chosen).expanduser()
    problem = folder_problem(path.absolute())
    if problem is not None:
        from sync.store.errors import UnsafeDataFolder

        raise UnsafeDataFolder(problem)
    path.mkdir(parents=True, exist_ok=True)
    return path


def server_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The provincial server's data folder: `override`, $PANTAU_SERVER_DATA_DIR or the user data dir."""
    chosen = (
        override
        or os.environ.get("PANTAU_SERVER_DATA_DIR")
        or platformdirs.user_data_dir(SERVER_APP_NAME, False)
    )
    path = Path(chosen).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    """Folder for the rotating log files of the desktop app and CLI."""
    path = Path(platformdirs.user_log_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path
