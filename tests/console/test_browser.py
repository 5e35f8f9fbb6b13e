"""The console in a real Chromium against a real server process: what only a browser shows.

Sign-in and throttling, filters and search (htmx), a report with its photo, a "Perlu
perbaikan" review that reaches a real office store on its next sync, the recap downloaded
as PDF and XLSX and opened, CSRF and role refusals (screenshots: test_screenshots.py).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from sqlmodel import select

from sync.server import users
from sync.server.models import Report
from sync.store import open_store
from sync.store.reports import get_report
from sync.store.schemas import ReportState
from tests.console.browser import (
    button,
    chromium,
    downloaded,
    field,
    heading,
    link,
    sign_in,
    wait_for,
)
from tests.server.conftest import db_session, enrolled, item
from tests.support.fixtures import engine_for, enroll_store
from tests.support.reports import (
    make_report_with_photo,
    make_reports,
    prepare_office,
    sample_education,
    sample_warning,
)
from tests.support.server import ServerHandle, running_server

PASSWORD = "kata-sandi-browser-1"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    with running_server(tmp_path_factory.mktemp("console-server")) as handle:
        with db_session(handle) as session:
            for name, role in (("admin", "admin"), ("analis", "analyst"), ("pimpinan", "viewer"), ("tamu", "viewer")):
                users.add_user(session=session, username=name, role=role, password=PASSWORD, actor="test")
        device = enrolled(handle, "81.71")
        device.statuses([
            item("81.71", data=sample_warning("81.71", kronologi="Pembagian sembako oleh tim kampanye di pasar.")),
            item("81.71", data=sample_warning("81.71", urgent=True, kategori="konflik_pendukung")),
            item("81.71", form_id="pendidikan_politik", data=sample_education()),
        ])
        yield handle


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    with chromium(tmp_path / "unduhan") as driver:
        driver.downloads = tmp_path / "unduhan"
        yield driver


def test_sign_in_is_throttled_after_failures(server: ServerHandle, browser: Any) -> None:
    browser.get(server.url + "/")
    wait_for(lambda: "Silakan masuk" in browser.page_source, "the sign-in page")
    for _ in range(5):
        sign_in(browser, server.url, "tamu", "bukan-kata-sandinya")
        assert "Nama pengguna atau kata sandi salah" in browser.find_element(By.CSS_SELECTOR, "[role=alert]").text
    sign_in(browser, server.url, "tamu", PASSWORD)
    alert = browser.find_element(By.CSS_SELECTOR, "[role=alert]").text
    assert "Terlalu banyak percobaan masuk yang gagal" in alert and "menit" in alert
    sign_in(browser, server.url, "admin", PASSWORD)  # another account is not locked out
    assert heading(browser) == "Beranda"
    assert "Perlu perhatian" in browser.page_source
    button(browser, "Keluar").click()
    wait_for(lambda: "/login" in browser.current_url, "the sign-in page after Keluar")


def test_filters_and_search_update_the_list(server: ServerHandle, browser: Any) -> None:
    sign_in(browser, server.url, "analis", PASSWORD)
    link(browser, "Daftar laporan").click()
    wait_for(lambda: heading(browser) == "Daftar laporan", "the report list")
    rows = lambda: browser.find_elements(By.CSS_SELECTOR, "table.reports tbody tr")  # noqa: E731
    assert len(rows()) == 3
    search = field(browser, "Cari (semua isian)")
    search.send_keys("sembako", Keys.ENTER)
    wait_for(lambda: len(rows()) == 1 and "q=sembako" in browser.current_url, "the search result")
    search.clear()
    search.send_keys(Keys.ENTER)
    wait_for(lambda: len(rows()) == 3, "the whole list again")
    from selenium.webdriver.support.ui import Select

    Select(field(browser, "Jenis laporan")).select_by_visible_text("Kegiatan Pendidikan Politik")
    wait_for(lambda: len(rows()) == 1 and "formulir=pendidikan_politik" in browser.current_url, "the form filter")
    browser.find_element(By.XPATH, "//label[normalize-space()='Siaga']/input").click()
    wait_for(lambda: "Tidak ada laporan yang cocok" in browser.page_source, "an empty combination")


def test_photo_review_reaches_the_office_store(server: ServerHandle, browser: Any, tmp_path: Path) -> None:
    store = open_store(tmp_path / "pc", auto_backup=False)
    try:
        prepare_office(store)
        enroll_store(store, server)
        photo = tmp_path / "kerumunan.jpg"
        Image.new("RGB", (1200, 900), (30, 120, 200)).save(photo, "JPEG")
        report_id = make_report_with_photo(store, photo)
        make_reports(store, 1, seed=7)
        assert engine_for(store).run_pass().delivered == 2

        sign_in(browser, server.url, "analis", PASSWORD)
        browser.get(f"{server.url}/laporan/{report_id}")
        image = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "figure img"), "the photo")
        wait_for(lambda: browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image), "the thumbnail loaded")
        assert browser.execute_script("return arguments[0].naturalWidth", image) <= 320
        # From the keyboard: k to the comment, type, then p to the button and Enter.
        body = browser.find_element(By.TAG_NAME, "body")
        body.send_keys("k")
        assert browser.switch_to.active_element.get_attribute("id") == "komentar"
        browser.switch_to.active_element.send_keys("Lengkapi jam kejadian dan sumber informasi.")
        body.click()
        body.send_keys("p")
        assert browser.switch_to.active_element.text == "Perlu perbaikan"
        browser.switch_to.active_element.send_keys(Keys.ENTER)
        wait_for(lambda: "Tinjauan disimpan" in browser.page_source, "the saved review")
        assert "Lengkapi jam kejadian" in browser.page_source

        assert engine_for(store).run_pass().pulled >= 1
        with store.session() as session:
            detail = get_report(session=session, report_id=report_id)
        assert detail.report.state == ReportState.NEEDS_REVISION
        assert detail.reviews[0].comment == "Lengkapi jam kejadian dan sumber informasi."
    finally:
        store.close()


def test_recap_downloads_open(server: ServerHandle, browser: Any) -> None:
    sign_in(browser, server.url, "pimpinan", PASSWORD)
    link(browser, "Rekap provinsi").click()
    wait_for(lambda: heading(browser) == "Rekap provinsi", "the recap page")
    # Chromium's month picker types differently per locale; set the value the picker would.
    browser.execute_script("arguments[0].value = '2024-02'", field(browser, "Bulan"))
    button(browser, "Tampilkan").click()
    wait_for(lambda: "Februari 2024" in browser.page_source, "February's recap")
    link(browser, "Unduh PDF (kop surat)").click()
    pdf = downloaded(browser.downloads, ".pdf")
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "PEMERINTAH PROVINSI MALUKU" in text and "Februari 2024" in text
    link(browser, "Unduh XLSX").click()
    book = load_workbook(io.BytesIO(downloaded(browser.downloads, ".xlsx").read_bytes()))
    assert book.active["A1"].value == "PEMERINTAH PROVINSI MALUKU"


def test_csrf_and_role_refusals(server: ServerHandle, browser: Any) -> None:
    with db_session(server) as session:
        report = session.exec(select(Report).where(Report.office == "81.71")).first()
        report_id, review_before = report.id, report.review
    sign_in(browser, server.url, "pimpinan", PASSWORD)
    browser.get(f"{server.url}/laporan/{report_id}")
    assert not browser.find_elements(By.NAME, "keputusan")  # a viewer sees no review form
    # Forge the review form with the viewer's own valid token: the role check refuses it.
    browser.execute_script(
        """const form = document.createElement('form'); form.method = 'post';
        form.action = arguments[0];
        for (const [k, v] of [['csrf_token', document.querySelector('[name=csrf_token]').value], ['keputusan', 'terverifikasi']]) {
          const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; form.appendChild(i); }
        document.body.appendChild(form); form.submit();""",
        f"/laporan/{report_id}/tinjau",
    )
    wait_for(lambda: heading(browser) == "Akses ditolak", "the role refusal")
    button(browser, "Keluar").click()
    sign_in(browser, server.url, "analis", PASSWORD)
    browser.get(f"{server.url}/laporan/{report_id}")
    browser.execute_script(
        "document.querySelector('form[action$=\"/tinjau\"] [name=csrf_token]').value = 'dari-situs-lain'"
    )
    button(browser, "Terverifikasi").click()
    wait_for(lambda: heading(browser) == "Formulir kedaluwarsa", "the CSRF page")
    with db_session(server) as session:
        assert session.get(Report, report_id).review == review_before
