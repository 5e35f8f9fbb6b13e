"""The province moves its server: after the clerk enrols with the new address in Settings, the
running app's next sync pass goes there, and nothing more to the old one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

from desktop.main_window import MainWindow
from desktop.settings_dialog import SettingsDialog
from sync.client.enrollment import enroll
from sync.store.reports import count_reports
from sync.store.schemas import ReportQuery, ReportState
from tests.support.fixtures import Analyst
from tests.support.qt import wait_loaded
from tests.support.reports import OFFICE, add_reports
from tests.support.server import running_server


def test_the_next_pass_goes_to_the_new_server_address(qtbot, tmp_path, store, ctx):
    with ExitStack() as stack, ThreadPoolExecutor(2) as pool:
        old, new = pool.map(
            lambda name: stack.enter_context(running_server(tmp_path / name)), ["old", "new"]
        )
        enroll(store, server_url=old.url, code=old.enroll_code(OFFICE))
        first = add_reports(store, 1)
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        wait_loaded(qtbot, window.model)
        qtbot.waitUntil(lambda: _delivered(store) == 1, timeout=60_000)

        dialog = SettingsDialog(ctx, window)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(dialog.server_url.isEnabled, timeout=10_000)
        dialog.server_url.setText(new.url)
        dialog.code.setText(new.enroll_code(OFFICE))
        dialog.enroll_button.click()
        qtbot.waitUntil(lambda: "berhasil didaftarkan" in dialog.message.text(), timeout=30_000)
        dialog.close()

        later = add_reports(store, 2)
        window.sync_worker.request_sync()
        qtbot.waitUntil(lambda: _delivered(store) == 3, timeout=60_000)
        window.close()
        assert sorted(Analyst(new).report_ids()) == sorted(str(r.id) for r in later)
        assert Analyst(old).report_ids() == [str(first[0].id)]


def _delivered(store) -> int:
    with store.session() as session:
        return count_reports(session=session, query=ReportQuery(states=(ReportState.DELIVERED,)))
