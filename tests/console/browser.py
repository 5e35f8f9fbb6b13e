"""A real Chromium (Debian's, driven by its chromedriver) for the console's browser tests.

Nothing is downloaded: the system browser and driver are used, or the tests are skipped.
Elements are found the way a person finds them: by a label's text, a button's or link's text.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("PANTAU_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PANTAU_CHROMEDRIVER", "/usr/bin/chromedriver")
WAIT = 20.0


def available() -> bool:
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


@contextmanager
def chromium(downloads: Path) -> Iterator[Any]:
    if not available():
        pytest.skip("Chromium and chromedriver are not installed (apt install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1366,768", "--lang=id-ID", "--disable-gpu"):  # fmt: skip
        options.add_argument(argument)
    downloads.mkdir(parents=True, exist_ok=True)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(condition: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
    """Poll `condition` until it returns something truthy; bounded in time."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception as exc:  # noqa: BLE001 - the page may be between two states
            last = exc
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}" + (f" ({last})" if last else ""))


def field(driver: Any, label: str) -> Any:
    """The form control a <label> with this text names."""
    from selenium.webdriver.common.by import By

    element = driver.find_element(By.XPATH, f"//label[normalize-space()={_xpath_text(label)}]")
    return driver.find_element(By.ID, element.get_attribute("for"))


def button(driver: Any, text: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.XPATH, f"//button[normalize-space()={_xpath_text(text)}]")


def link(driver: Any, text: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.XPATH, f"//a[normalize-space()={_xpath_text(text)}]")


def heading(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "h1").text


def _xpath_text(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    return "concat('" + "', \"'\", '".join(text.split("'")) + "')"


def sign_in(driver: Any, base: str, username: str, password: str) -> None:
    driver.get(f"{base}/login")
    field(driver, "Nama pengguna").send_keys(username)
    box = field(driver, "Kata sandi")
    box.send_keys(password)
    box.submit()
    wait_for(lambda: _gone(box), "the page after sign-in")  # not the old page's message


def _gone(element: Any) -> bool:
    from selenium.common.exceptions import StaleElementReferenceException

    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    return False


def downloaded(folder: Path, suffix: str) -> Path:
    """The finished download ending in `suffix` (Chromium writes .crdownload first)."""
    return wait_for(
        lambda: next((p for p in folder.glob(f"*{suffix}") if p.stat().st_size > 0), None),
        f"a {suffix} download",
        timeout=60,
    )


def save_screenshot(driver: Any, name: str) -> None:
    """With PANTAU_SCREENSHOTS=docs/screenshots, keep the page as the docs show it."""
    folder = os.environ.get("PANTAU_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / name))


