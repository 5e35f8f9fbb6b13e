"""The desktop's start: no library that only an export, a recap, a map, a bundle or printing needs, and the
window with its first page before SQLAlchemy, SQLModel and pydantic load (about a second of a start)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sync.store import open_store
from sync.store.settings import set_office
from tests.support.imports import ROOT, loaded_after
from tests.support.reports import OFFICE, add_reports

HEAVY = ("openpyxl", "numpy", "shapely", "fpdf", "sync.bundle.office", "PySide6.QtPrintSupport", "PySide6.QtPdf")
# What the store opening in the background loads, after the window shows.
ENGINE = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "requests", "sync.store.db", "desktop.report_editor")

# The real start (`desktop.app.run`). `Show` is sent from inside `window.show()`, before the
# store's background opening begins: what is loaded then, the start loaded for the window.
_FIRST_SHOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
import desktop.app

class FirstShow(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Show and type(watched).__name__ == "MainWindow":
            model = watched.model
            loaded = [name for name in sys.argv[2].split(",") if name in sys.modules]
            print(",".join(loaded) or "-", model.rowCount(), model.report_at(0) is not None,
                  watched.new_action.isEnabled(), flush=True)
            QTimer.singleShot(0, watched.close)
        return False

make_application, first_show = desktop.app.application, FirstShow()

def application():
    app = make_application()
    app.installEventFilter(first_show)
    return app

desktop.app.application = application
sys.exit(desktop.app.run(["--data-dir", sys.argv[1]]))
"""


def test_importing_the_start_loads_no_database_engine_spreadsheet_geometry_or_bundle_code() -> None:
    assert loaded_after("desktop.entry, desktop.app, desktop.main_window", ENGINE + HEAVY) == []


def test_the_window_shows_its_first_page_before_the_database_engine_loads(tmp_path: Path) -> None:
    store = open_store(tmp_path / "data")
    with store.session() as session:
        set_office(session=session, code=OFFICE)
    add_reports(store, 5)
    store.close()

    done = subprocess.run([sys.executable, "-c", _FIRST_SHOW, str(store.data_dir), ",".join(ENGINE + HEAVY)],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip

    assert done.returncode == 0, done.stderr
    loaded, rows, first_row, new_report = done.stdout.split()
    assert loaded == "-"  # nothing of ENGINE or HEAVY
    assert (rows, first_row, new_report) == ("5", "True", "True")
