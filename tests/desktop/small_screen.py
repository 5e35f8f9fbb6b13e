"""Open every main window on a 1024×600 offscreen screen and print their geometries as JSON.

Run by tests/desktop/test_main_window.py in a child process: the screen size is chosen when
the Qt application starts (`offscreen:configfile=…`), so it cannot change inside the test run.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from desktop.app import load_context
from desktop.main_window import MainWindow
from desktop.recap_dialog import RecapDialog
from desktop.report_detail import ReportDetailDialog
from desktop.report_editor import ReportEditor
from desktop.tasks import wait_for_tasks
from sync.store import open_store
from sync.store import reports as repo
from sync.store.settings import set_office


def _rect(widget: QWidget) -> dict[str, int]:
    frame = widget.frameGeometry()
    return {"x": frame.x(), "y": frame.y(), "width": frame.width(), "height": frame.height()}


def _settle(app: QApplication) -> None:
    for _ in range(20):
        app.processEvents()
        wait_for_tasks()
    app.processEvents()


def main() -> None:
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as folder:
        store = open_store(Path(folder) / "data")
        with store.session() as session:
            set_office(session=session, code="81.01")
            report = repo.create_draft(session=session, form_id="koordinasi_forkopimda", data={"tanggal": "2024-02-10"})
        ctx = load_context(store, "id")
        window = MainWindow(ctx, start_sync=False)
        window.show()
        editor = ReportEditor(ctx, form_id="deteksi_dini", parent=window)
        editor.show()
        detail = ReportDetailDialog(ctx, report.id, window)
        detail.show()
        recap = RecapDialog(ctx, window)
        recap.show()
        _settle(app)
        buttons = {b.text(): b.isVisible() and editor.rect().contains(b.mapTo(editor, b.rect().bottomRight()))
                   for b in (editor._save_button, editor._submit_button)}
        out = {
            "screen": _rect_of(app.primaryScreen().availableGeometry()),
            "windows": {name: _rect(w) for name, w in
                        (("main", window), ("editor", editor), ("detail", detail), ("recap", recap))},
            "editor_buttons": buttons,
        }
        for widget in (recap, detail, editor, window):
            widget.close()
        _settle(app)
        store.close()
    print(json.dumps(out))


def _rect_of(rect) -> dict[str, int]:
    return {"x": rect.x(), "y": rect.y(), "width": rect.width(), "height": rect.height()}


if __name__ == "__main__":
    main()
