"""The window before the store has opened: usable at once, and a store that then fails is opened the usual way."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

import sync.store
from desktop import app as desktop_app
from desktop.main_window import FormChooser, MainWindow
from desktop.report_editor import ReportEditor
from desktop.store_opening import OpeningStore
from sync.store.errors import StoreDiskFull
from sync.store.settings import set_office
from tests.support.reports import OFFICE, add_reports

OPEN_WAIT_S = 30  # a bound on every wait below; none is meant to be reached


@pytest.fixture
def reports_dir(data_dir: Path, monkeypatch) -> Path:
    """A data folder with a store of 3 reports, closed (as between two starts)."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # `run` sets its own
    store = sync.store.open_store(data_dir)
    with store.session() as session:
        set_office(session=session, code=OFFICE)
    add_reports(store, 3)
    store.close()
    return data_dir


def _when(condition, then, *, every_ms: int = 20) -> None:
    """Call `then(value)` on the GUI thread once `condition()` gives something (polled, bounded by the test's timeout)."""
    def poll() -> None:
        value = condition()
        if value:
            then(value)
        else:
            QTimer.singleShot(every_ms, poll)

    QTimer.singleShot(every_ms, poll)


def _shown(kind: type):
    return lambda: next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


class ShownWindows(QObject):
    """Every main window as it shows (`Show` is sent from inside `show()`: none is missed)."""

    def __init__(self) -> None:
        super().__init__()
        self.windows: list[MainWindow] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Show and isinstance(watched, MainWindow):
            self.windows.append(watched)
        return False


def test_a_new_report_starts_while_the_store_still_opens(qapp, reports_dir, monkeypatch):
    store_may_open = threading.Event()
    open_store = sync.store.open_store

    def held_open(*args, **kwargs):
        assert store_may_open.wait(OPEN_WAIT_S)
        return open_store(*args, **kwargs)

    monkeypatch.setattr(sync.store, "open_store", held_open)
    seen: dict[str, object] = {}

    def new_report(window: MainWindow) -> None:
        seen["rows"] = window.model.rowCount()  # the first page, read before the store opened
        seen["opening"] = isinstance(window.ctx.store, OpeningStore) and not store_may_open.is_set()
        _when(_shown(FormChooser), lambda chooser: chooser.accept())
        window.new_action.trigger()  # the chooser's own event loop runs until it is accepted
        store_may_open.set()
        _when(_shown(ReportEditor), lambda editor: _when(lambda: editor.form_widget, lambda _form: done(editor)))

    def done(editor: ReportEditor) -> None:
        seen["form"] = editor.form_widget.form.id
        editor.close()
        editor.parent().close()

    _when(_shown(MainWindow), new_report)
    assert desktop_app.run(["--data-dir", str(reports_dir)]) == 0
    assert seen == {"rows": 3, "opening": True, "form": "dana_cadangan"}  # the first in the chooser


def test_a_store_that_fails_to_open_behind_the_window_is_opened_the_usual_way(qapp, reports_dir, monkeypatch):
    open_store = sync.store.open_store
    calls: list[bool] = []

    def failing_once(*args, **kwargs):
        calls.append(True)
        if len(calls) == 1:
            raise StoreDiskFull("the disk is full")
        return open_store(*args, **kwargs)

    monkeypatch.setattr(sync.store, "open_store", failing_once)
    shown = ShownWindows()
    qapp.installEventFilter(shown)
    _when(lambda: shown.windows[1:], lambda windows: windows[0].close())
    try:
        assert desktop_app.run(["--data-dir", str(reports_dir)]) == 0
    finally:
        qapp.removeEventFilter(shown)
    assert len(calls) == 2  # behind the first window, then the usual way
    assert [isinstance(window.ctx.store, OpeningStore) for window in shown.windows] == [True, False]
