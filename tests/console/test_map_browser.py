"""`/peta` in a real Chromium against a real server: 119 shaded kecamatan, known counts, a click to the list."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from sync.forms import FormRegistry
from sync.maps.shapes import KECAMATAN, areas
from sync.maps.svg import LAND
from sync.server import ingest
from sync.server.schemas import Principal
from sync.server.tokens import utcnow
from sync.wire import PushItem
from tests.console.conftest import PASSWORD, Console, make_console
from tests.server.conftest import report_data
from tests.support.server import running_server

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"
SIRIMAU, AMAHAI, SERAM_UTARA = "81.71.02", "81.01.01", "81.01.06"
LEVELS = ("normal", "waspada", "siaga", "awas")
FEBRUARY = "/peta?dari=2024-02-01&sampai=2024-02-29"


def month_of_reports() -> dict[str, list[dict[str, object]]]:
    """Office → report data: February 2024, every kecamatan 1 to 6 early warnings, a third with coordinates."""
    by_office: dict[str, list[dict[str, object]]] = {}
    for number, shape in enumerate(areas(KECAMATAN)):
        inside = shape.geometry.representative_point()
        for extra in range(1 + (number * 5) % 6):
            data = report_data(shape.code[:5], kecamatan=shape.code, tingkat=LEVELS[(number + extra) % 4],
                               waktu_kejadian=f"2024-02-{1 + (number + extra) % 28:02d}T10:00:00+09:00")  # fmt: skip
            if (number + extra) % 3 == 0:
                data["koordinat"] = {"lat": round(inside.y, 4), "lon": round(inside.x, 4)}
            by_office.setdefault(shape.code[:5], []).append(data)
    return by_office


pytestmark = pytest.mark.skipif(
    not (shutil.which(CHROMEDRIVER) and shutil.which(CHROMIUM)), reason="needs chromium and chromium-driver"
)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[object]:
    """A real server whose database holds a month of early warnings in all 119 kecamatan."""
    data_dir = tmp_path / "server"
    with contextlib.contextmanager(make_console)(data_dir) as console:
        console.add_user("analis", "analyst")
        for office, reports in month_of_reports().items():
            push_many(console, office, reports)
    with running_server(data_dir) as handle:
        yield handle


def push_many(console: Console, office: str, reports: list[dict[str, object]]) -> None:
    """Reports of one office through the real ingest path, as one batch."""
    items = [
        PushItem.model_validate({
            "id": str(uuid.uuid4()), "revision": 1, "form_id": "deteksi_dini", "form_version": 1,
            "office": office, "status": "submitted", "created_at": "2024-02-14T01:00:00+00:00",
            "updated_at": "2024-02-14T01:00:00+00:00", "data": data, "attachments": [],
        })
        for data in reports
    ]  # fmt: skip
    with console.session() as session:
        results = ingest.push_items(session=session, device=Principal(kind="device", id=uuid.UUID(int=1), office=office),
                                    items=items, registry=FormRegistry.bundled(), max_attachment_bytes=0, now=utcnow())  # fmt: skip
    assert {r.status for r in results} == {"accepted"}, results


@pytest.fixture
def chromium() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900",
                     "--disable-gpu", "--no-proxy-server"):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


# A point inside a kecamatan's shape that is really on top there (no border, point or legend over it).
INSIDE = """
const shape = document.querySelector(`path[data-kode="${arguments[0]}"]`);
const svg = shape.ownerSVGElement, box = shape.getBBox(), matrix = shape.getScreenCTM();
for (let i = 1; i < 40; i++) for (let j = 1; j < 40; j++) {
  const p = new DOMPoint(box.x + box.width * i / 40, box.y + box.height * j / 40);
  if (!shape.isPointInFill(p)) continue;
  const s = p.matrixTransform(matrix);
  if (document.elementFromPoint(s.x, s.y) === shape) return [s.x, s.y];
}
return null;
"""


@pytest.mark.slow
def test_the_map_in_chromium(server, chromium) -> None:
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    chromium.get(server.url + "/login")
    chromium.find_element(By.ID, "username").send_keys("analis")
    chromium.find_element(By.ID, "password").send_keys(PASSWORD)
    chromium.find_element(By.XPATH, "//button[normalize-space()='Masuk']").click()
    WebDriverWait(chromium, 20).until(lambda d: urlsplit(d.current_url).path == "/")
    chromium.find_element(By.LINK_TEXT, "Peta").click()
    WebDriverWait(chromium, 20).until(lambda d: urlsplit(d.current_url).path == "/peta")
    chromium.get(server.url + FEBRUARY)
    shapes = chromium.find_elements(By.CSS_SELECTOR, "svg path[data-kode]")
    assert len(shapes) == 119
    fills = {s.get_attribute("data-kode"): s.get_attribute("fill") for s in shapes}
    assert LAND not in fills.values()  # every kecamatan had a report: all 119 shaded
    counts = {s.get_attribute("data-kode"): int(s.get_attribute("data-jumlah")) for s in shapes}
    expected = {data["kecamatan"]: 0 for reports in month_of_reports().values() for data in reports}
    for reports in month_of_reports().values():
        for data in reports:
            expected[data["kecamatan"]] += 1
    assert counts == expected
    assert (counts[SIRIMAU], counts[AMAHAI], counts[SERAM_UTARA], counts["81.05.16"]) == (5, 1, 5, 3)
    hover = chromium.find_element(By.CSS_SELECTOR, f'path[data-kode="{SIRIMAU}"] > title')
    assert hover.get_attribute("textContent") == "Sirimau (Kota Ambon): 5 laporan — awas 1, siaga 2, waspada 1, normal 1"
    caption = chromium.find_element(By.ID, "peta-keterangan").text
    assert caption == "Tanpa lokasi/di luar peta: tidak ada."
    row = chromium.find_element(By.CSS_SELECTOR, f'#tabel-peta ~ div tr[data-kode="{SERAM_UTARA}"]')
    assert row.find_element(By.XPATH, "td[last()]").text == "5"
    assert len(chromium.find_elements(By.CSS_SELECTOR, "svg g.titik circle")) > 100
    if os.environ.get("PANTAU_SCREENSHOTS"):
        chromium.execute_script("document.querySelector('figure.peta').scrollIntoView()")
        chromium.save_screenshot(str(Path(os.environ["PANTAU_SCREENSHOTS"]) / "peta.png"))
    x, y = chromium.execute_script(INSIDE, SERAM_UTARA)
    actions = ActionBuilder(chromium)
    actions.pointer_action.move_to_location(round(x), round(y)).click()  # where a person would click
    actions.perform()
    WebDriverWait(chromium, 20).until(lambda d: urlsplit(d.current_url).path == "/laporan")
    query = dict(parse_qsl(urlsplit(chromium.current_url).query))
    assert query["kecamatan"] == SERAM_UTARA
    assert (query["dari"], query["sampai"]) == ("2024-02-01", "2024-02-29")
    assert chromium.find_element(By.XPATH, "//strong[contains(., 'laporan')]").text == "5 laporan"
