"""Background sync from the window against a real server: enrolment, errors, the clock, a smooth GUI."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.app import keep_gui_responsive, load_context
from desktop.first_run import FirstRunDialog
from desktop.main_window import MainWindow
from sync.client.credentials import CredentialStore
from sync.client.enrollment import enroll
from sync.store.reports import count_reports
from sync.store.schemas import ReportQuery, ReportState
from sync.store.settings import get_office, get_server_url, set_server_url
from tests.support.netproxy import LinkProfile, NetProxy
from tests.support.qt import LoopWatch, wait_loaded
from tests.support.reports import OFFICE, add_reports

STALL_LIMIT_S = 0.050


def _window(qtbot, ctx, *, submit_delay: float | None = None) -> MainWindow:
    window = MainWindow(ctx)
    window.sync_worker.submit_delay = submit_delay  # read when the child starts, after this
    qtbot.addWidget(window)
    window.show()
    wait_loaded(qtbot, window.model)
    return window


def test_first_run_enrols_with_the_province(qtbot, blank_store, shared_server):
    dialog = FirstRunDialog(load_context(blank_store, "id"))
    qtbot.addWidget(dialog)
    dialog.office_combo.setCurrentIndex(dialog.office_combo.findData(OFFICE))
    dialog.server_url.setText(shared_server.url)
    dialog.code.setText(shared_server.enroll_code(OFFICE))
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.enroll_button.click()
    assert dialog.office() == OFFICE
    with blank_store.session() as session:
        assert get_office(session=session) == OFFICE
        assert get_server_url(session=session) == shared_server.url
    assert CredentialStore(blank_store.data_dir).load()


def test_first_run_shows_a_clear_message_for_a_bad_code(qtbot, blank_store, shared_server):
    dialog = FirstRunDialog(load_context(blank_store, "id"))
    qtbot.addWidget(dialog)
    dialog.office_combo.setCurrentIndex(dialog.office_combo.findData(OFFICE))
    dialog.server_url.setText(shared_server.url)
    dialog.code.setText("SALAH-123456")
    dialog.enroll_button.click()
    qtbot.waitUntil(lambda: dialog.enroll_button.isEnabled(), timeout=20_000)
    assert "Kode pendaftaran ditolak" in dialog.message.text()
    assert dialog.result() == 0


def test_unreachable_server_in_the_background_means_offline_not_a_dialog(qtbot, store, ctx, shared_server):
    enroll(store, server_url=shared_server.url, code=shared_server.enroll_code(OFFICE))
    add_reports(store, 3)
    with store.session() as session:  # then the server is gone: its address refuses connections
        set_server_url(session=session, url="http://127.0.0.1:9")  # the discard port: nothing listens
    window = _window(qtbot, ctx)
    qtbot.waitUntil(lambda: window.status.connection.text() == "Tidak terhubung", timeout=30_000)
    assert QApplication.activeModalWidget() is None
    window.close()


def test_rejected_token_asks_to_enrol_again(qtbot, store, ctx, shared_server):
    enroll(store, server_url=shared_server.url, code=shared_server.enroll_code(OFFICE))
    CredentialStore(store.data_dir).save("token-yang-sudah-dicabut")
    add_reports(store, 2)
    asked: list[str] = []

    def answer_no() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.done(QMessageBox.StandardButton.No)
        else:
            QTimer.singleShot(50, answer_no)

    QTimer.singleShot(50, answer_no)
    window = _window(qtbot, ctx)
    qtbot.waitUntil(lambda: bool(asked), timeout=30_000)
    assert "Daftarkan ulang" in asked[0]
    window.close()


@pytest.mark.slow
def test_sending_2000_reports_over_a_slow_link_keeps_the_gui_smooth(qtbot, store, ctx, server):
    with NetProxy(server.port, LinkProfile.kbit(512, 100)) as proxy:
        enroll(store, server_url=proxy.url, code=server.enroll_code(OFFICE))
        add_reports(store, 2000)
        window = _window(qtbot, ctx)
        qtbot.waitUntil(window.sync_worker.is_running, timeout=10_000)
        keep_gui_responsive()  # as `desktop.app.run` does once the window is shown
        watch = LoopWatch(STALL_LIMIT_S)
        watch.start()
        seen_progress: list[int] = []
        window.sync_worker.progress.connect(lambda p: seen_progress.append(p.done))
        window.send_now_action.trigger()

        # Only the window's own (off-thread) reads run while the GUI is watched.
        qtbot.waitUntil(lambda: window.status.waiting.text() == "Menunggu dikirim: 0"
                        and window.status.progress.isHidden(), timeout=240_000)
        watch.stop()
        window.close()
    with store.session() as session:
        delivered = count_reports(session=session, query=ReportQuery(states=(ReportState.DELIVERED,)))
    assert delivered == 2000
    assert seen_progress, "progress reached the status bar"
    # The GUI kept turning while the sync ran; how smoothly (the 50 ms stall target) is
    # bench/gui.py's figure, not a wall-clock assertion here.
    assert watch.ticks > 100
    assert window.status.last_sync.text().startswith("Terakhir terkirim: ")


def test_settings_enrol_again_with_a_new_code(qtbot, store, ctx, shared_server):
    from desktop.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.server_url.isEnabled, timeout=5000)
    dialog.server_url.setText(shared_server.url)
    dialog.code.setText(shared_server.enroll_code(OFFICE))
    dialog.enroll_button.click()
    qtbot.waitUntil(lambda: "berhasil didaftarkan" in dialog.message.text(), timeout=20_000)
    assert CredentialStore(store.data_dir).load()
    with store.session() as session:
        assert get_server_url(session=session) == shared_server.url


def test_a_dead_sync_process_is_started_again(qtbot, store, ctx, shared_server, monkeypatch):
    import desktop.sync_worker as sync_worker

    monkeypatch.setattr(sync_worker, "RESTART_AFTER_MS", 50)
    # The window closes while the new child still starts up: it is killed after this, not 1 s.
    monkeypatch.setattr(sync_worker, "STOP_WAIT_MS", 100)
    enroll(store, server_url=shared_server.url, code=shared_server.enroll_code(OFFICE))
    window = _window(qtbot, ctx)
    worker = window.sync_worker
    qtbot.waitUntil(worker.is_running, timeout=10_000)
    first = worker._process.processId()
    with qtbot.waitSignal(worker.failed, timeout=10_000) as failed:
        worker._process.kill()
    assert failed.args[1] is False  # in the background: no dialog
    assert QApplication.activeModalWidget() is None
    qtbot.waitUntil(lambda: worker.is_running() and worker._process.processId() != first, timeout=10_000)
    window.close()
    assert not worker.is_running()


def test_each_sync_reports_the_clock_offset_from_the_child(qtbot, ctx, store, shared_server):
    enroll(store, server_url=shared_server.url, code=shared_server.enroll_code(OFFICE))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sync_worker.clock_offset_changed, timeout=30_000) as measured:
        window.show()
    window.close()
    assert abs(measured.args[0]) < 60  # this PC and this server share a clock
    assert not window.status.clock.isVisible()


def test_a_submitted_report_is_sent_without_asking(qtbot, store, ctx, shared_server):
    from desktop.events import events

    enroll(store, server_url=shared_server.url, code=shared_server.enroll_code(OFFICE))
    window = _window(qtbot, ctx, submit_delay=0.1)  # 1 s on an office PC (test_sync_child)
    qtbot.waitUntil(lambda: window.status.connection.text() == "Terhubung", timeout=20_000)
    add_reports(store, 3)  # as the editor or the detail window would, then their signal
    events().reports_changed.emit()

    def delivered() -> int:
        with store.session() as session:
            return count_reports(session=session, query=ReportQuery(states=(ReportState.DELIVERED,)))

    qtbot.waitUntil(lambda: delivered() == 3, timeout=20_000)  # long before the 15-minute interval
    qtbot.waitUntil(lambda: window.status.waiting.text() == "Menunggu dikirim: 0", timeout=5000)
    window.close()
