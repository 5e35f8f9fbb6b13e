"""The server starts without the libraries only a recap, an export, a photo or a map needs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("fpdf", "openpyxl", "shapely", "numpy", "PIL")


def test_importing_the_server_loads_no_pdf_spreadsheet_image_or_geometry_library() -> None:
    code = ("import sys, sync.server.app, sync.server.cli; "
            f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=True)  # fmt: skip
    assert done.stdout.split() == []
