"""A flash-drive bundle uploaded in a real Chromium, its receipt downloaded and read at the office.

`PANTAU_SCREENSHOTS=docs/screenshots` keeps the result page as docs/console.md shows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sync.bundle.office import import_receipt
from sync.server import users
from sync.store.reports import get_report
from sync.store.schemas import ReportState
from tests.console import browser as web
from tests.console.bundle_support import bundle_of, office_pc, pending
from tests.server.conftest import db_session
from tests.support.reports import make_report_with_photo, make_reports, random_photo
from tests.support.server import running_server

PASSWORD = "kata-sandi-bundel-2"
pytestmark = pytest.mark.slow


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    with web.chromium(tmp_path / "unduhan") as driver:
        yield driver


def test_upload_a_bundle_and_bring_the_receipt_home(browser: Any, tmp_path: Path) -> None:
    with running_server(tmp_path / "server") as server:
        with db_session(server) as session:
            users.add_user(session=session, username="analis", role="analyst", password=PASSWORD, actor="test")
        store = office_pc(tmp_path / "pc", server, label="PC sekretariat")
        try:
            ids = make_reports(store, 11, seed=13)
            ids.append(make_report_with_photo(store, random_photo(tmp_path, 60_000, seed=1), seed=2))
            bundle = bundle_of(store, tmp_path / "flashdisk" / "kantor-8101.pantau")

            web.sign_in(browser, server.url, "analis", PASSWORD)
            web.link(browser, "Bundel flashdisk").click()
            web.wait_for(lambda: web.heading(browser) == "Bundel flashdisk", "the bundle page")
            web.field(browser, "Berkas bundel").send_keys(str(bundle))
            web.button(browser, "Unggah dan simpan").click()
            web.wait_for(lambda: "Hasil bundel 1 dari Kabupaten Maluku Tengah" in browser.page_source, "the results")
            assert "12 diterima" in browser.page_source
            web.save_screenshot(browser, "console_bundel.png")

            web.link(browser, "Unduh tanda terima").click()
            receipt = web.downloaded(tmp_path / "unduhan", ".pantau")
            assert receipt.name == "tanda-terima-81.01-bundel-1.pantau"
            assert import_receipt(store, receipt).outcome.delivered == 12
            assert pending(store) == 0
            with store.session() as session:
                states = {get_report(session=session, report_id=i).report.state for i in ids}
            assert states == {ReportState.DELIVERED}  # "Terkirim" in the office's list
        finally:
            store.close()
