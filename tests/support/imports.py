"""Which modules a fresh interpreter has loaded after some imports (start-up weight tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def loaded_after(imports: str, watched: tuple[str, ...]) -> list[str]:
    """Those of `watched` that `import <imports>` loads, in a new process at the repo root."""
    code = f"import sys, {imports}; print(' '.join(m for m in {watched!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    return done.stdout.split()
