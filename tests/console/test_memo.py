"""Kept figures: Beranda and the map follow every new report and review, and nothing is kept long."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sync.server.console.memo import Memo
from tests.console.conftest import Console, csrf_of
from tests.server.conftest import report_data

SIRIMAU = "81.71.02"


def test_the_memo_keeps_a_value_for_a_while_and_forgets_the_least_used() -> None:
    clock = [0.0]
    memo = Memo(size=2, keep=60.0, clock=lambda: clock[0])
    made: list[str] = []

    def make(value: str):
        return lambda: made.append(value) or value

    assert memo.get("a", make("a1")) == "a1"
    assert memo.get("a", make("a2")) == "a1"
    clock[0] = 61.0
    assert memo.get("a", make("a3")) == "a3"  # too old: worked out again
    memo.get("b", make("b1"))
    memo.get("c", make("c1"))  # three keys in a memo of two: "a" was used least recently
    assert memo.get("a", make("a4")) == "a4"
    assert made == ["a1", "a3", "b1", "c1", "a4"]


def _attention(html: str) -> str:
    return re.search(r'id="perhatian">Perlu perhatian <span class="count">([^<]+)<', html)[1]


def _sirimau(html: str) -> int:
    return int(re.search(rf'data-kode="{SIRIMAU}" data-jumlah="(\d+)"', html)[1])


def test_beranda_and_the_map_show_a_new_report_and_a_review_at_once(console: Console) -> None:
    yesterday = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="seconds")
    first = console.push("81.71", data=report_data("81.71", kecamatan=SIRIMAU, tingkat="awas",
                                                   waktu_kejadian=yesterday))  # fmt: skip
    browser = console.sign_in("analis")
    page = browser.get("/")
    assert _attention(page.text) == "1" and _sirimau(page.text) == 1
    assert _sirimau(browser.get("/peta").text) == 1

    console.push("81.71", data=report_data("81.71", kecamatan=SIRIMAU, tingkat="siaga", waktu_kejadian=yesterday))
    page = browser.get("/")
    assert _attention(page.text) == "2" and _sirimau(page.text) == 2
    assert _sirimau(browser.get("/peta").text) == 2

    detail = browser.get(f"/laporan/{first}")
    reviewed = browser.post(f"/laporan/{first}/tinjau", data={"csrf_token": csrf_of(detail.text), "keputusan": "terverifikasi"})
    assert reviewed.status_code in (200, 303)
    assert _attention(browser.get("/").text) == "1"
    assert _sirimau(browser.get("/peta?tinjauan=belum").text) == 1
