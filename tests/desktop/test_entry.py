"""The `pantau` entry point as the windowed Windows program runs it: no stdout, no stderr."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import entry


def test_a_command_to_the_windowed_program_points_to_pantau_cli(qapp, monkeypatch, data_dir):
    monkeypatch.setattr(sys, "stdout", None)  # pantau.exe, built with console=False
    monkeypatch.setattr(sys, "stderr", None)
    shown: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(box.text())
            box.done(0)
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(20, answer)
    assert entry.main(["--data-dir", str(data_dir), "list"]) == 2
    assert shown and "pantau-cli" in shown[0] and "list" in shown[0]
    assert not (data_dir / "pantau.db").exists()  # the command did not run half-way


def test_the_sync_option_is_never_taken_for_a_command():
    assert not entry._has_command(["--sync-worker", "--data-dir", "D:\\data"])
    assert entry._has_command(["--data-dir", "D:\\data", "list"])
