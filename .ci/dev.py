"""Set up Pantau's virtual environment and run the app or the test suite.

    python3 .ci/dev.py app    # the desktop app, offline on its local database
    python3 .ci/dev.py test   # the whole test suite (what .ci/run calls)

Only a Python 3.11+ is needed: the script creates (or reuses) `.venv` beside
the project, installs the project into it when pyproject.toml changed, then runs.
Extra arguments go to the program (`app`) or to pytest (`test`).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".pantau-installed"  # one per set of extras: `app` and `test` no longer undo each other


def _bootstrap_pip() -> None:
    """Install pip into a venv made without it (Debian's python3 lacks ensurepip)."""
    with urllib.request.urlopen("https://pypi.org/pypi/pip/json", timeout=60) as r:
        meta, base = json.load(r), r.geturl()
    wheel = next(u for u in meta["urls"] if u["filename"].endswith(".whl"))
    url = urllib.parse.urljoin(base, wheel["url"])  # mirrors answer with relative links
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / wheel["filename"]
        with urllib.request.urlopen(url, timeout=120) as r:
            path.write_bytes(r.read())
        subprocess.run([str(PYTHON), f"{path}/pip", "install", "-q", str(path)], check=True)


def ensure_venv(extras: str) -> None:
    """Create the venv if absent and (re)install the project when its inputs changed."""
    if not PYTHON.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        except subprocess.CalledProcessError:
            subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(VENV)], check=True)
            _bootstrap_pip()
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = STAMP.with_name(STAMP.name + extras.strip("[]").replace(",", "-"))
    if stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        return
    print("Installing Pantau into .venv (pyproject.toml changed)…", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-warn-script-location"]
    quiet = {"stdout": subprocess.DEVNULL}  # setuptools' build chatter; errors still reach stderr
    subprocess.run([*pip, "--upgrade", "pip"], check=True, **quiet)
    subprocess.run([*pip, "-e", f"{ROOT}{extras}"], check=True, **quiet)
    stamp.write_text(wanted, encoding="utf-8")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"app", "test"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "app":
        ensure_venv("")
        return subprocess.call([str(BIN / "pantau"), *rest], cwd=ROOT)
    ensure_venv("[dev]")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    # Every implicit text encoding warns, and pytest's settings make that warning an error.
    return subprocess.call([str(PYTHON), "-X", "warn_default_encoding", "-m", "pytest", *rest],
                           cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
