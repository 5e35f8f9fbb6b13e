"""The desktop's start loads no library that only an export, a recap, a map or a bundle needs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("openpyxl", "numpy", "shapely", "fpdf", "sync.bundle.office")


def test_importing_the_main_window_loads_no_spreadsheet_geometry_or_bundle_code() -> None:
    code = ("import sys, desktop.app, desktop.main_window; "
            f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    assert done.stdout.split() == []
