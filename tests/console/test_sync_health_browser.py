"""Sync health and administration in a real Chromium, against the app served on 127.0.0.1 in
this process (so the test can move the board's clock) and real office stores.

An office going red after the silence threshold, an urgent report waiting on a PC, enrolment
through the console then `pantau enroll`, a revoked PC refused on its next sync, a form version
uploaded in the console and pulled by an office store.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from sqlmodel import Session

from sync.cli import main as pantau
from sync.client import progress
from sync.client.enrollment import transport_for
from sync.client.heartbeat import HeartbeatSource
from sync.client.pull import pull_all
from sync.server import admin, users
from sync.server.app import create_app
from sync.server.db import make_engine, migrate
from sync.server.settings import ServerSettings
from sync.server.tokens import utcnow
from sync.store import Store, open_store
from sync.store.form_versions import form_registry
from tests.console.browser import button, chromium, field, save_screenshot, sign_in, wait_for
from tests.support.fixtures import engine_for
from tests.support.reports import OFFICE, make_reports, prepare_office
from tests.support.server import ROOT, free_port

PASSWORD = "kata-sandi-browser-1"
pytestmark = pytest.mark.slow


@dataclass
class Served:
    url: str
    app: FastAPI
    settings: ServerSettings


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data_dir = tmp_path_factory.mktemp("health-server")
    settings = ServerSettings(data_dir=data_dir, log_file=False)
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    with Session(engine) as session:
        admin.seed_offices(session=session)
        users.add_user(session=session, username="admin", role="admin", password=PASSWORD, actor="test")
    engine.dispose()
    app = create_app(settings)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))
    thread = threading.Thread(target=server.run, name="console-server", daemon=True)
    thread.start()
    wait_for(lambda: server.started, "the server to start", timeout=60)
    yield Served(url=f"http://127.0.0.1:{port}", app=app, settings=settings)
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    with chromium(tmp_path / "unduhan") as driver:
        yield driver


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "pc", auto_backup=False)
    prepare_office(opened)
    yield opened
    opened.close()


def enrol_in_console(browser: Any, served: Served, label: str) -> str:
    browser.get(served.url + "/admin/perangkat")
    field(browser, "Label PC").send_keys(label)
    Select(field(browser, "Kabupaten/kota")).select_by_value(OFFICE)
    button(browser, "Buat kode pendaftaran").click()
    code = wait_for(lambda: browser.find_element(By.ID, "kode").text, "the enrolment slip")
    save_screenshot(browser, "console_slip_pendaftaran.png")
    return code


def office_row(browser: Any) -> Any:
    return browser.find_element(By.ID, f"kantor-{OFFICE}")


def test_enrol_urgent_waiting_then_silence_then_revoke(served: Served, browser: Any, store: Store) -> None:
    sign_in(browser, served.url, "admin", PASSWORD)
    label = "PC Namlea"
    code = enrol_in_console(browser, served, label)
    assert pantau(["--data-dir", str(store.data_dir), "enroll", "--server", served.url, "--code", code, "--label", label]) == 0
    # An urgent report waits on the PC; its next request says so (a pull, nothing pushed yet).
    make_reports(store, 1, urgent=True)
    with transport_for(store) as transport:
        transport.heartbeat = HeartbeatSource(store)
        pull_all(transport, store)
    browser.get(served.url + "/sinkronisasi")
    row = office_row(browser)
    assert "(1 mendesak)" in row.text and "PC" in row.text
    assert "perlu perhatian" not in row.text  # waiting for minutes, not yet an hour
    # Two hours later (the clock moves, nobody sleeps) the urgent report is marked at the top …
    now = utcnow()
    served.app.state.clock = lambda: now + timedelta(hours=2)
    browser.refresh()
    alarms = browser.find_element(By.CSS_SELECTOR, "ul.alarms").text
    assert "1 laporan mendesak menunggu di PC Namlea" in alarms
    # … the PC sends it; then 49 hours of silence turn the office red.
    served.app.state.clock = utcnow
    assert engine_for(store).run_pass().outcome == progress.SUCCESS
    browser.refresh()
    assert "perlu perhatian" not in office_row(browser).text and "PC" in office_row(browser).text
    served.app.state.clock = lambda: utcnow() + timedelta(hours=49)
    browser.refresh()
    assert "alarm" in office_row(browser).get_attribute("class")
    assert "tidak ada kontak selama 2 hari" in browser.find_element(By.CSS_SELECTOR, "ul.alarms").text
    save_screenshot(browser, "console_sinkronisasi.png")
    served.app.state.clock = utcnow
    # Revoked in the console: the PC's next sync is refused, and the board says so.
    browser.get(served.url + "/admin/perangkat")
    field(browser, "Alasan mencabut PC Namlea").send_keys("PC dicuri")
    button(browser, "Cabut PC Namlea").click()
    wait_for(lambda: "PC telah dicabut" in browser.page_source, "the revocation notice")
    save_screenshot(browser, "console_perangkat.png")
    make_reports(store, 1, seed=5)
    assert engine_for(store).run_pass().outcome == progress.AUTH
    browser.get(served.url + "/sinkronisasi")
    assert "dicabut" in office_row(browser).text
    browser.get(served.url + "/admin/audit")
    assert "PC dicuri" in browser.page_source


def test_form_uploaded_in_the_console_reaches_an_office_store(
    served: Served, browser: Any, store: Store, tmp_path: Path
) -> None:
    sign_in(browser, served.url, "admin", PASSWORD)
    label = "PC Formulir"
    code = enrol_in_console(browser, served, label)
    assert pantau(["--data-dir", str(store.data_dir), "enroll", "--server", served.url, "--code", code, "--label", label]) == 0
    definition = json.loads((ROOT / "resources/forms/pendidikan_politik.v2.json").read_text(encoding="utf-8"))
    definition["version"] = 7
    upload = tmp_path / "pendidikan_politik.v7.json"
    upload.write_text(json.dumps(definition), encoding="utf-8")
    browser.get(served.url + "/admin/formulir")
    field(browser, "Berkas formulir (JSON)").send_keys(str(upload))
    button(browser, "Periksa").click()
    wait_for(lambda: "Pratinjau" in browser.page_source, "the preview")
    save_screenshot(browser, "console_formulir.png")
    button(browser, "Terbitkan pendidikan_politik versi 7").click()
    wait_for(lambda: "telah diterbitkan" in browser.page_source, "the publication notice")
    assert engine_for(store).run_pass().outcome == progress.SUCCESS
    with store.session() as session:
        assert 7 in form_registry(session=session).versions("pendidikan_politik")
    # The PC's next request tells the province which versions it holds.
    assert engine_for(store).run_pass().outcome == progress.SUCCESS
    browser.refresh()
    assert "1 dari" in browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=terbit]").text
