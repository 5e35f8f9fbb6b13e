"""The `pantau` entry point as the windowed Windows program runs it: no stdout, no stderr."""

from __future__ import annotations

import sys

from desktop import entry
from tests.support.qt import close_next_box


def test_a_command_to_the_windowed_program_points_to_pantau_cli(qapp, monkeypatch, data_dir):
    monkeypatch.setattr(sys, "stdout", None)  # pantau.exe, built with console=False
    monkeypatch.setattr(sys, "stderr", None)
    shown = close_next_box()
    assert entry.main(["--data-dir", str(data_dir), "list"]) == 2
    assert shown and "pantau-cli" in shown[0][0] and "list" in shown[0][0]
    assert not (data_dir / "pantau.db").exists()  # the command did not run half-way


def test_the_sync_option_is_never_taken_for_a_command():
    assert not entry._has_command(["--sync-worker", "--data-dir", "D:\\data"])
    assert entry._has_command(["--data-dir", "D:\\data", "list"])
