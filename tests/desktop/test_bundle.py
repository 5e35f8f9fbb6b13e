"""The PyInstaller bundle: `build.spec` builds, and the built program passes `--self-test`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_build_spec_makes_a_program_that_passes_its_self_test(tmp_path: Path):
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(tmp_path / "dist"), "--workpath", str(tmp_path / "build"),
         str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=900)
    assert build.returncode == 0, build.stderr[-3000:]
    folder = tmp_path / "dist" / "pantau"
    suffix = ".exe" if os.name == "nt" else ""
    gui, cli = folder / f"pantau{suffix}", folder / f"pantau-cli{suffix}"
    assert gui.exists() and cli.exists()
    assert (folder / "_internal" / "resources" / "i18n" / "pantau_en.qm").exists()
    assert list((folder / "_internal" / "sync" / "migrations" / "versions").glob("0001_*.py"))

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    result = subprocess.run([str(cli), "--self-test"], env=env, capture_output=True, text=True, encoding="utf-8",
                            timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "self-test passed" in result.stderr

    data = tmp_path / "office"
    init = subprocess.run([str(cli), "--data-dir", str(data), "init", "--office", "81.71"],
                          env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
                          cwd=tmp_path)
    assert init.returncode == 0, init.stderr[-2000:]

    # The background sync runs as a child of the bundled program; it answers in JSON lines.
    child = subprocess.Popen([str(cli), "--sync-worker", "--data-dir", str(data)], env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8", cwd=tmp_path)
    try:
        first = json.loads(child.stdout.readline())
        child.stdin.write("stop\n")
        child.stdin.close()
        assert child.wait(60) == 0
    finally:
        child.kill()
    assert {"kind": "error", "type": "SyncAuthError"}.items() <= first.items()  # not enrolled yet
