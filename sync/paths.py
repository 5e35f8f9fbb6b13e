"""Where Pantau finds its bundled resources and keeps its user data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Pantau"
SERVER_APP_NAME = "Pantau Server"


def resource_path(*parts: str) -> Path:
    """A file under `resources/`, from a source checkout or a PyInstaller bundle."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base.joinpath("resources", *parts)


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The office PC's data folder: `override`, else $PANTAU_DATA_DIR, else the user data dir."""
    chosen = override or os.environ.get("PANTAU_DATA_DIR") or platformdirs.user_data_dir(APP_NAME, False)
    path = Path(chosen).expanduser()
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
