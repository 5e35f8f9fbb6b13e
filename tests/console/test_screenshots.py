"""Every console page in Chromium at 1366×768 with a month of reports from several offices.

`PANTAU_SCREENSHOTS=docs/screenshots pytest tests/console/test_screenshots.py` keeps them.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By

from sync.forms.text import WIT
from sync.server import users
from sync.server.tokens import utcnow
from tests.console.browser import chromium, heading, save_screenshot, sign_in, wait_for
from tests.server.conftest import db_session, enrolled, item
from tests.support.reports import sample_education, sample_meeting, sample_reserve, sample_warning
from tests.support.server import ServerHandle, running_server

PASSWORD = "kata-sandi-gambar-1"
OFFICES = ("81.01", "81.02", "81.03", "81.05", "81.07", "81.71", "81.72")
STORIES = (
    ("hoaks", "Pesan berantai tentang perubahan jadwal pemungutan suara beredar di grup warga."),
    ("politik_uang", "Pembagian sembako oleh tim kampanye di pasar menjelang masa tenang."),
    ("konflik_pendukung", "Dua kelompok pendukung saling ejek di depan kantor kecamatan."),
    ("intimidasi", "Warga melapor didatangi orang tak dikenal yang meminta memilih calon tertentu."),
    ("gangguan_keamanan", "Spanduk calon dirusak pada malam hari di jalan utama."),
)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    rng = random.Random(14)
    today = utcnow().astimezone(WIT).date()
    with running_server(tmp_path_factory.mktemp("console-shots")) as handle:
        with db_session(handle) as session:
            users.add_user(session=session, username="analis", role="analyst", password=PASSWORD, actor="test")
            users.add_user(session=session, username="kepala.bidang", role="admin", password=PASSWORD, actor="test")
        for office in OFFICES:
            device = enrolled(handle, office)
            items = []
            for _ in range(rng.randint(3, 7)):
                day = (today - timedelta(days=rng.randint(0, 40))).isoformat()
                category, story = rng.choice(STORIES)
                level = rng.choice(("normal", "waspada", "waspada", "siaga", "awas"))
                items.append(item(office, data=sample_warning(office, day=day, kategori=category, tingkat=level, kronologi=story)))
            items.append(item(office, form_id="pendidikan_politik", data=sample_education(today.isoformat(), male=rng.randint(10, 60), female=rng.randint(10, 60))))
            if rng.random() < 0.6:
                items.append(item(office, form_id="koordinasi_forkopimda", data=sample_meeting(today.isoformat())))
            items.append(item(office, form_id="dana_cadangan", data=sample_reserve(today.isoformat(), amount=rng.randint(2, 30) * 500_000_000)))
            assert set(device.statuses(items)) == {"accepted"}
        yield handle


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    with chromium(tmp_path / "unduhan") as driver:
        yield driver


def test_every_page(server: ServerHandle, browser: Any) -> None:
    browser.get(server.url + "/login")
    wait_for(lambda: heading(browser) == "Masuk ke Pantau", "the sign-in page")
    save_screenshot(browser, "console_login.png")
    sign_in(browser, server.url, "analis", PASSWORD)
    wait_for(lambda: heading(browser) == "Beranda", "Beranda")
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect")
    save_screenshot(browser, "console_beranda.png")
    browser.get(server.url + "/laporan?urut=diterima")
    wait_for(lambda: heading(browser) == "Daftar laporan", "the list")
    save_screenshot(browser, "console_laporan.png")
    first = browser.find_element(By.CSS_SELECTOR, "table.reports tbody a")
    first.click()
    wait_for(lambda: browser.find_elements(By.ID, "tinjauan"), "the detail page")
    save_screenshot(browser, "console_rincian.png")
    browser.get(server.url + "/rekap")
    wait_for(lambda: heading(browser) == "Rekap provinsi", "the recap page")
    save_screenshot(browser, "console_rekap.png")
    browser.get(server.url + "/tidak-ada")
    wait_for(lambda: heading(browser) == "Tidak ditemukan", "the 404 page")
    save_screenshot(browser, "console_404.png")


def test_the_administrator_pages(server: ServerHandle, browser: Any) -> None:
    sign_in(browser, server.url, "kepala.bidang", PASSWORD)
    wait_for(lambda: heading(browser) == "Beranda", "Beranda")
    browser.get(server.url + "/admin/akun")
    wait_for(lambda: heading(browser) == "Akun", "the accounts page")
    assert "analis" in browser.page_source
    save_screenshot(browser, "console_akun.png")
    browser.get(server.url + "/admin/audit")
    wait_for(lambda: heading(browser) == "Audit", "the audit page")
    save_screenshot(browser, "console_audit.png")
