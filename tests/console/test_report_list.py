"""Daftar laporan: every filter, full-text search, sort, keyset paging, exports, bad filters."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from openpyxl import load_workbook

from sync.server.console import listing
from sync.server.tokens import utcnow
from tests.console.conftest import Console
from tests.server.conftest import report_data

ROW = re.compile(r'<a href="/laporan/([0-9a-f-]{36})">')


def ids(html: str) -> list[str]:
    return ROW.findall(html)


def test_filters_search_and_sort(console: Console) -> None:
    now = utcnow()
    hoax = console.push("81.71", data=report_data("81.71", kronologi="Isu bilik suara bocor di media sosial."), now=now - timedelta(hours=3))
    urgent = console.push("81.01", data=report_data("81.01", urgent=True, kategori="politik_uang", kronologi="Pembagian sembako menjelang kampanye."), now=now - timedelta(hours=2))
    withdrawn = console.push("81.71", data=report_data("81.71", kategori="intimidasi"), now=now - timedelta(hours=1))
    console.push("81.71", report_id=withdrawn, revision=2, status="withdrawn", data=report_data("81.71", kategori="intimidasi"), withdraw_reason="Salah input", now=now)
    browser = console.sign_in("lina", "viewer")

    everything = browser.get("/laporan")
    assert everything.status_code == 200 and ids(everything.text) == [str(withdrawn), str(urgent), str(hoax)]
    assert ids(browser.get("/laporan?urut=diterima_lama").text) == [str(hoax), str(urgent), str(withdrawn)]
    assert ids(browser.get("/laporan?kabupaten=81.01").text) == [str(urgent)]
    assert ids(browser.get("/laporan?tingkat=siaga&tingkat=awas").text) == [str(urgent)]
    assert ids(browser.get("/laporan?kategori=politik_uang").text) == [str(urgent)]
    assert ids(browser.get("/laporan?ditarik=ya").text) == [str(withdrawn)]
    assert str(withdrawn) not in ids(browser.get("/laporan?ditarik=tidak").text)
    assert ids(browser.get("/laporan?formulir=pendidikan_politik").text) == []
    assert ids(browser.get("/laporan?q=bilik").text) == [str(hoax)]
    assert ids(browser.get("/laporan?q=SEMBAKO kampanye").text) == [str(urgent)]
    assert ids(browser.get("/laporan?q=bili").text) == [str(hoax)]  # prefixes match
    assert ids(browser.get("/laporan?tinjauan=belum").text) == [str(withdrawn), str(urgent), str(hoax)]
    kecamatan = report_data("81.01")["kecamatan"]
    assert ids(browser.get(f"/laporan?kecamatan={kecamatan}").text) == [str(urgent)]
    day = now.date().isoformat()
    assert ids(browser.get("/laporan?dari=2024-02-14&sampai=2024-02-14").text) == [str(withdrawn), str(urgent), str(hoax)]
    assert ids(browser.get(f"/laporan?dari={day}&sampai={day}").text) == []
    partial = browser.get("/laporan?q=sembako", headers={"HX-Request": "true", "HX-Target": "hasil"})
    assert "<html" not in partial.text and ids(partial.text) == [str(urgent)]


def test_markup_in_report_text_is_shown_as_text(console: Console) -> None:
    report = console.push("81.71", data=report_data("81.71", kronologi="<script>alert(1)</script> tanda"))
    browser = console.sign_in("tono", "viewer")
    page = browser.get("/laporan?q=tanda")
    assert ids(page.text) == [str(report)] and "<script>alert" not in page.text
    detail = browser.get(f"/laporan/{report}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; tanda" in detail.text
    assert "<script>alert" not in detail.text


def test_keyset_pages_walk_forward_and_back(console: Console) -> None:
    now = utcnow()
    made = [str(console.push("81.02", now=now - timedelta(minutes=i))) for i in range(120)]
    browser = console.sign_in("wati", "viewer")
    first = browser.get("/laporan")
    assert ids(first.text) == made[:50] and "120 laporan" in first.text
    next_url = re.search(r'href="([^"]+)" rel="next"', first.text)[1].replace("&amp;", "&")
    second = browser.get(next_url)
    assert ids(second.text) == made[50:100]
    third = browser.get(re.search(r'href="([^"]+)" rel="next"', second.text)[1].replace("&amp;", "&"))
    assert ids(third.text) == made[100:] and 'rel="next"' not in third.text
    back = browser.get(re.search(r'href="([^"]+)" rel="prev"', third.text)[1].replace("&amp;", "&"))
    assert ids(back.text) == made[50:100]


def test_a_short_period_pages_in_reception_order_too(console: Console) -> None:
    now = utcnow()
    made = [str(console.push("81.02", now=now - timedelta(minutes=i))) for i in range(60)]
    console.push("81.02", data=report_data("81.02", waktu_kejadian="2023-05-01T10:00:00+09:00"))  # outside
    browser = console.sign_in("wati", "viewer")
    period = "/laporan?dari=2024-02-01&sampai=2024-02-29"  # the reports' event day is in February 2024
    first = browser.get(period)
    assert ids(first.text) == made[:50] and "<strong>60 laporan</strong>" in first.text
    second = browser.get(re.search(r'href="([^"]+)" rel="next"', first.text)[1].replace("&amp;", "&"))
    assert ids(second.text) == made[50:] and 'rel="next"' not in second.text


def test_counts_stop_at_their_cap_sooner_for_a_search(console: Console, monkeypatch) -> None:
    monkeypatch.setattr(listing, "COUNT_CAP", 4)
    monkeypatch.setattr(listing, "SEARCH_COUNT_CAP", 2)
    for _ in range(3):
        console.push("81.02", data=report_data("81.02", kronologi="Spanduk kampanye di pasar."))
    browser = console.sign_in("wati", "viewer")
    assert "<strong>3 laporan</strong>" in browser.get("/laporan").text
    searched = browser.get("/laporan?q=spanduk")
    assert "<strong>2+ laporan</strong>" in searched.text and len(ids(searched.text)) == 3


def test_nonsense_filters_are_refused_in_indonesian(console: Console) -> None:
    browser = console.sign_in("agus", "viewer")
    for url, words in (
        ("/laporan?kabupaten=99.99", "kabupaten/kota tidak dikenal"),
        ("/laporan?tingkat=panik", "tingkat kewaspadaan tidak dikenal"),
        ("/laporan?dari=kemarin", "tanggal yang valid"),
        ("/laporan?dari=2024-03-01&sampai=2024-02-01", "setelah"),
        ("/laporan?urut=acak", "urutan tidak dikenal"),
        ("/laporan?sesudah=rusak", "penanda halaman"),
        ("/laporan?kecamatan=81.71.99", "kecamatan tidak dikenal"),
        ("/laporan/ekspor?format=pdf", "csv atau xlsx"),
    ):
        page = browser.get(url)
        assert page.status_code == 422 and words in page.text, url


def test_exports_keep_text_as_text(console: Console) -> None:
    console.push("81.71", data=report_data("81.71", kronologi="=HYPERLINK(\"http://x\",\"klik\")", pelapor="+62 812"))
    console.push("81.01", data=report_data("81.01"))
    browser = console.sign_in("nina", "viewer")
    response = browser.get("/laporan/ekspor?format=csv&kabupaten=81.71&formulir=deteksi_dini")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][1] == "Kota Ambon"
    assert "'=HYPERLINK(\"http://x\",\"klik\")" in rows[1] and "'+62 812" in rows[1]
    book = browser.get("/laporan/ekspor?format=xlsx&formulir=deteksi_dini")
    sheet = load_workbook(io.BytesIO(book.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 3
    cells = [c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("http://x","klik")']
    assert cells and cells[0].data_type == "s"
