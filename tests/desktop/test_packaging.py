"""The Windows packaging kept in the repository: the icon, build.spec's options, the per-user installer."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def test_the_icon_has_every_size_windows_asks_for():
    with Image.open(ROOT / "resources" / "icons" / "app.ico") as icon:
        sizes = icon.info["sizes"]
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes


def test_build_spec_gives_icon_version_and_utf8_mode_to_both_programs():
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert '("X utf8", None, "OPTION")' in spec
    assert 'icon=str(ROOT / "resources" / "icons" / "app.ico")' in spec
    assert "version=_version_resource(name, description)" in spec
    assert spec.count("_program(\"pantau") == 2


def test_the_installer_is_per_user_with_both_programs_in_the_start_menu():
    script = (ROOT / "packaging" / "windows" / "pantau.iss").read_text(encoding="utf-8")
    settings = dict(re.findall(r"^(\w+)=(.*)$", script, flags=re.MULTILINE))
    assert settings["PrivilegesRequired"] == "lowest"
    assert settings["DefaultDirName"].startswith("{userpf}")  # %LOCALAPPDATA%\Programs
    assert settings["MinVersion"] == "10.0.17763"  # Windows 10 1809, as PySide6 needs
    assert settings["ArchitecturesAllowed"] == "x64compatible"
    icons = [line for line in script.splitlines() if line.startswith('Name: "{group}')]
    assert any('Filename: "{app}\\pantau.exe"' in line for line in icons)
    assert any("pantau-cli.exe" in line for line in icons)
    assert (ROOT / "docs" / "windows.md").exists()
