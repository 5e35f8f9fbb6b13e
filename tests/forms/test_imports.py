"""sync.forms and sync.regions are importable by the server: no Qt, no database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = """
import sys
import sync.forms, sync.regions
sync.forms.FormRegistry.bundled(); sync.regions.Regions.load()
heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'sqlalchemy', 'sqlmodel', 'desktop'})
print(','.join(heavy))
"""


def test_no_qt_and_no_database() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CODE],
        cwd=ROOT,
        capture_output=True,
        text=True, encoding="utf-8",
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == ""
